"""Vocabulary every stage shares, beside ``records.py``: the kinds of claim, flag and run
status, the choices of the settings, the pattern of a year, and how a figure is written for a
reader. Nothing here loads a parser, so the ledger, the exports and the web server can use it
without the NLP stack."""

from __future__ import annotations

import enum
import re

# a four-digit year as news writes one (1500-2199); callers add the context that tells a year
# from a count of the same digits
YEAR = re.compile(r"\b(?:1[5-9]|2[01])\d\d\b")

# Classes of things counted that are kinds of people (the class of "co-workers" is "worker"):
# the analysis names their measures as people's, and the link stage may join two of them
# that give the same figure ("26 crewmen aboard", "26 pirates captured").
PEOPLE_KINDS = frozenset(
    """
people crew pirate officer troops children civilian victim passenger student worker migrant
refugee militant fighter rebel hostage prisoner suspect member climber hiker tourist skier
miner driver pedestrian teenager teen boy girl mother father son daughter patient nurse
doctor teacher firefighter deputy guard companion colleague youth adult resident
""".split()
)


class ClaimKind(str, enum.Enum):
    """What a row of the claims table holds."""

    STATEMENT = "statement"  # who said what
    QUANTITY = "quantity"  # a figure


class Tense(str, enum.Enum):
    """The plain tense of the verb a figure hangs from (none when the form does not say)."""

    PAST = "past"
    FUTURE = "future"


class FlagKind(str, enum.Enum):
    """What a flag says of a claim."""

    NUMERIC_CONFLICT = "numeric_conflict"
    ATTRIBUTION_DRIFT = "attribution_drift"
    DATE_DRIFT = "date_drift"
    UNSUPPORTED_QUOTE = "unsupported_quote"
    UNATTRIBUTED = "unattributed"
    SYNTHETIC_QA = "synthetic_qa"
    SILENT_EDIT = "silent_edit"  # a figure, quote or speaker changed between two versions


class RunStatus(str, enum.Enum):
    """Where a run of a command stands, as the runs table stores it."""

    RUNNING = "running"
    DONE = "done"
    INTERRUPTED = "interrupted"  # stopped by an exception or a signal, its work committed so far
    DIED = "died"  # its process is gone without finishing


class Engine(str, enum.Enum):
    """Where the NLP runs (the ``engine`` setting)."""

    LOCAL = "local"  # this machine's processes
    DASK = "dask"  # a Dask cluster


class Attribution(str, enum.Enum):
    """Who finds statements (the ``attribution`` setting)."""

    MODEL = "model"  # the trained tagger, with the rules for layouts it does not learn
    RULES = "rules"  # the hand-written rules alone


class HtmlFocus(str, enum.Enum):
    """trafilatura's focus for the main text of a page (the ``html_focus`` setting)."""

    PRECISION = "precision"
    BALANCED = "balanced"
    RECALL = "recall"


def show(value: float) -> str:
    """A figure as a reader writes it: "12,000", "5.9", "1,250,000", "0.125"."""
    if value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")
