"""Fixtures for the watch tests: fast politeness, so faults show within a second."""

from __future__ import annotations

from newsledger.ingest.fetch import Politeness

# short delays and time limits: every fault shows, and ends, within about a second
FAST = Politeness(
    delay=0.02,
    per_host=2,
    timeout=0.5,
    retries=1,
    backoff=0.02,
    max_retry_after=1.0,
    max_redirects=3,
    max_body_bytes=1024 * 1024,
)
