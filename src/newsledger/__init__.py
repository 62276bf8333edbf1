"""newsledger: who claimed what, with which numbers, when, in which outlet.

The library does everything; the ``newsledger`` command is a thin layer over it::

    from newsledger import Settings, ingest, export
    summary = ingest(["reports/"], "ledger.db", Settings())

The names below load on first use, so that ``import newsledger.ledger`` or
``import newsledger.present`` stays light (the web server and the exports need no parser).
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import Any

from newsledger.version import __version__

_LAZY = {
    "IngestSummary": "newsledger.api",
    "ingest": "newsledger.api",
    "Settings": "newsledger.config",
    "ExportFormat": "newsledger.present.export",
    "export": "newsledger.present.export",
}

__all__ = ["IngestSummary", "ingest", "Settings", "ExportFormat", "export", "__version__"]


class _Face(types.ModuleType):
    """The package, whose ``ingest`` is the library's function even once the subpackage of
    the same name is imported (the import system binds a subpackage on its parent)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "ingest" and isinstance(value, types.ModuleType):
            return  # the subpackage stays reachable as sys.modules["newsledger.ingest"]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Face


def __getattr__(name: str) -> Any:
    """The library's face, imported when first asked for."""
    if name not in _LAZY:
        raise AttributeError(f"module 'newsledger' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
