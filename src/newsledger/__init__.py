"""newsledger: who claimed what, with which numbers, when, in which outlet.

The library does everything; the ``newsledger`` command is a thin layer over it::

    from newsledger import Settings, ingest, export
    summary = ingest(["reports/"], "ledger.db", Settings())

The names below load on first use, so that ``import newsledger.ledger`` or
``import newsledger.present`` stays light (the web server and the exports need no parser).
"""

from __future__ import annotations

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


def __getattr__(name: str) -> Any:
    """The library's face, imported when first asked for."""
    if name not in _LAZY:
        raise AttributeError(f"module 'newsledger' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
