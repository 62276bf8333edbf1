"""A time limit for the rules run on one article, so a pathological text cannot stall a batch.

Uses a real-time interval timer, which exists on POSIX and only in a process's main thread
(where the in-process engine and every pool worker run the analysis); elsewhere the limit is
not enforced rather than refused.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class AnalysisTimeout(Exception):
    """The analysis of one article ran past its time limit."""


def _raise(signum: int, frame: FrameType | None) -> None:
    raise AnalysisTimeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise AnalysisTimeout inside the block once ``seconds`` have passed."""
    usable = (
        hasattr(signal, "setitimer")
        and seconds > 0
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
