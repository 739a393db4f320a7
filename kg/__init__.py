"""newskg: a knowledge-graph builder for Arabic and English news.

>>> import kg
>>> sorted(kg.__all__)[:3]
['Claim', 'Document', 'Entity']
"""

from __future__ import annotations

from .errors import DataFileError, InputError, NewsKGError, OutputError, QueryError, StoreError
from .model import Claim, Document, Entity, Mention, Relation

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "DataFileError",
    "Document",
    "Entity",
    "InputError",
    "Mention",
    "NewsKGError",
    "OutputError",
    "QueryError",
    "Relation",
    "StoreError",
    "__version__",
]
