"""Numeric claims in a parsed article: value or range, hedge, unit, what is counted, where,
when, and who asserts it.

One concept per module: ``vocab`` (word lists), ``phrases`` (numbers as written) and
``ranges`` (two numbers read as one range), ``filters`` (numbers that are not claims),
``hedges`` (qualifiers), ``units`` (units and currencies), ``counted`` (what a figure counts),
``context`` (concept, scope, time, predicate) and ``assemble`` (one ``Quantity`` per claim).
"""

from newsledger.analyse.quantities.assemble import quantities_of

__all__ = ["quantities_of"]
