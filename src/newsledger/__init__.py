"""newsledger: who claimed what, with which numbers, when, in which outlet.

The library does everything; the ``newsledger`` command is a thin layer over it::

    from newsledger import Settings, ingest, export_jsonl
    summary = ingest(["reports/"], "ledger.db", Settings())
"""

from __future__ import annotations

__version__ = "0.1.0"

from newsledger.api import IngestSummary, ingest  # noqa: E402
from newsledger.config import Settings  # noqa: E402
from newsledger.present.export import ExportFormat, export  # noqa: E402

__all__ = ["IngestSummary", "ingest", "Settings", "ExportFormat", "export", "__version__"]
