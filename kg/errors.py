"""The exceptions newskg raises.

NewsKGError
 ├── InputError         an article file or line that cannot be read (names the file, line)
 ├── DataFileError      a broken lexicon, gazetteer or ontology file (names the file, line)
 ├── OutputError        an output folder that cannot be written
 ├── StoreError         the graph store is missing, locked or corrupt
 └── QueryError         a SPARQL query that does not parse or run
"""

from __future__ import annotations

__all__ = ["DataFileError", "InputError", "NewsKGError", "OutputError", "QueryError", "StoreError"]


class NewsKGError(Exception):
    """Base class of every error newskg raises on purpose."""


class InputError(NewsKGError):
    """An input article cannot be read; the message names the file (and line)."""


class DataFileError(NewsKGError):
    """A bundled or user data file is malformed; the message names the file and line."""


class OutputError(NewsKGError):
    """An output cannot be written."""


class StoreError(NewsKGError):
    """The store cannot be opened or updated."""


class QueryError(NewsKGError):
    """A SPARQL query failed to parse or run."""
