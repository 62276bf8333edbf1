"""Hypothesis profiles: ``ci`` (the default: a short, derandomised run in every test run) and
``long`` (``scripts/fuzz``: many more examples, a fresh random seed each time)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True, suppress_health_check=_SLOW_OK
)
settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("NEWSLEDGER_FUZZ", "ci"))
