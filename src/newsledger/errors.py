"""Exceptions raised by newsledger.

    NewsledgerError
    ├── SourceError            an input path cannot be used at all
    │   └── NoInputs           the paths given match no file
    ├── LedgerError            the ledger file cannot be used
    │   ├── SchemaTooNew       written by a newer newsledger
    │   └── MigrationFailed    an upgrade step failed (the ledger is left as it was)
    └── ConfigError            a setting has a bad value, or a pipeline cannot be loaded

Problems inside one input (a bad JSON line, a broken WARC record) are not exceptions: readers
yield them as ``records.Problem`` so the batch goes on, and the ledger stores them.
"""

from __future__ import annotations


class NewsledgerError(Exception):
    """Root of every error newsledger raises on purpose."""


class SourceError(NewsledgerError):
    """An input path cannot be used at all."""


class NoInputs(SourceError):
    """The paths given match no file."""


class LedgerError(NewsledgerError):
    """The ledger file cannot be used."""


class SchemaTooNew(LedgerError):
    """The ledger was written by a newer version of newsledger."""


class MigrationFailed(LedgerError):
    """A schema upgrade failed; its transaction was rolled back."""


class ConfigError(NewsledgerError):
    """A setting has a bad value, or the NLP pipeline it names cannot be loaded."""
