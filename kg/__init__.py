"""newskg: a knowledge-graph builder for Arabic and English news.

>>> import kg
>>> "Document" in kg.__all__
True
"""

from __future__ import annotations

import sys
import types

from .errors import DataFileError, InputError, NewsKGError, OutputError, QueryError, StoreError
from .model import Claim, Document, Entity, Mention, Relation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .api import KnowledgeGraph, build, open

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "DataFileError",
    "Document",
    "Entity",
    "InputError",
    "KnowledgeGraph",
    "Mention",
    "NewsKGError",
    "OutputError",
    "QueryError",
    "Relation",
    "StoreError",
    "__version__",
    "build",
    "open",
]

_LAZY = {"KnowledgeGraph", "build", "open"}


def __getattr__(name: str) -> object:
    """Import the analyst API (``kg.build``, ``kg.open``, ``kg.KnowledgeGraph``) on first use."""
    if name in _LAZY:
        from . import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY)


class _Package(types.ModuleType):
    """The ``kg`` package: keeps ``kg.build`` the API function when the ``kg.build`` submodule loads.

    Importing a submodule binds it as an attribute of its package; without
    this, ``import kg.build`` anywhere would turn ``kg.build(...)`` into a module.
    The submodule stays importable (``from kg.build import BuildReport``).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
