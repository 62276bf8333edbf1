"""Titles and roles written before a person's name ("Maj.", "Defense Minister"): the words
that are never part of the name itself. Used where a name is read (analyse) and where names
are compared (link). Lower case, compared without a trailing full stop."""

from __future__ import annotations

TITLES = frozenset(
    """
mr mrs ms dr sen rep gen lt col maj capt sgt gov prof president minister secretary spokesman
spokeswoman spokesperson chief commander general senator representative governor mayor judge
justice ambassador insp inspector det detective supt superintendent const constable cpl corporal
pte private adm admiral brig brigadier cmdr rev father sir dame lord lady captain lieutenant
sergeant councilman councilwoman councillor commissioner chairman chairwoman director deputy
""".split()
)


def is_title(word: str) -> bool:
    return word.lower().rstrip(".") in TITLES


# Words that stand before a person's surname and before nothing else ("Professor Varoufakis",
# "Mrs. Ruiz"): the tagger's label of the name they precede can be trusted less than they.
HONORIFICS = frozenset("mr mrs ms miss dr prof professor sir dame rev".split())

# Common nouns that name a person by role ("a professor of economics, Yanis Varoufakis").
PERSON_NOUNS = frozenset(
    """
woman man girl boy officer spokesman spokeswoman spokesperson official resident witness
mother father cousin sister brother son daughter wife husband friend teacher student
governor mayor minister president chief captain commander director lawyer doctor
councilman councilwoman senator aide neighbor neighbour survivor victim professor economist
analyst researcher scientist expert lecturer historian author journalist reporter
""".split()
)
