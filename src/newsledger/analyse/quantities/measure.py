"""What a figure measures, as written and normalised so that outlets share it whatever their
wording.

``counted`` keeps the words of the text ("people killed", "villages destroyed", "AK-47
rifles"); ``measure`` is the normalised name a person would use ("people killed" for "Ten
dead", "killing 10 persons", "600 were killed", "a death toll of 10"), built from the *thing*
counted (a class of nouns: people, boats, villages) and the *outcome* that befell it (a class
of verbs, adjectives and nouns: killed, injured, arrested or seized, damaged). Measures that
are not counts have a name of their own: magnitude, depth, distance from a place,
population of a place, area, money, a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsledger.analyse.quantities.context import attached
from newsledger.analyse.quantities.convert import dimension_of
from newsledger.analyse.quantities.counted import counted_head, noun_phrase
from newsledger.analyse.quantities.phrases import MEASURE_PREFIXED, NumberPhrase, phrase_root
from newsledger.analyse.quantities.vocab import CURRENCY_WORDS
from newsledger.vocabulary import PEOPLE_KINDS

# ---------------------------------------------------------------- vocabularies
# Outcome classes: what happened to the things counted. A word maps to its class; the class
# name is how the measure says it for people ("arrested") and, in OUTCOME_FOR_THINGS, for
# things ("seized").
OUTCOME_WORDS: dict[str, str] = {
    **dict.fromkeys(
        "kill die dead death perish murder slay drown execute massacre fatality fatal toll "
        "life body behead assassinate".split(),
        "killed",
    ),
    **dict.fromkeys("injure wound hurt injury maim injured wounded".split(), "injured"),
    **dict.fromkeys(
        "hospitalise hospitalize hospitalisation hospitalization treat".split(), "treated"
    ),
    **dict.fromkeys("miss missing unaccounted disappear".split(), "missing"),
    **dict.fromkeys(
        "arrest detain apprehend nab capture seize confiscate intercept impound recover "
        "jail imprison custody arrestee detainee detention board".split(),
        "held",
    ),
    **dict.fromkeys("escape flee evade".split(), "escaped"),
    **dict.fromkeys("evacuate displace relocate evacuee homeless".split(), "evacuated"),
    **dict.fromkeys("rescue".split(), "rescued"),
    **dict.fromkeys("shoot".split(), "shot"),
    **dict.fromkeys("trap strand".split(), "trapped"),
    **dict.fromkeys("survive survivor".split(), "survived"),
    **dict.fromkeys(
        "destroy damage flatten level raze wreck collapse demolish devastate ruin".split(),
        "damaged",
    ),
    **dict.fromkeys("fire".split(), "fired"),
    **dict.fromkeys("charge indict".split(), "charged"),
    **dict.fromkeys("convict sentence".split(), "convicted"),
    **dict.fromkeys("sue lawsuit".split(), "sued"),
}
# nouns that carry their outcome and count people: "10 deaths", "a death toll of 10"
OUTCOME_NOUNS = frozenset(
    "death fatality toll life body injury casualty arrest arrestee detainee evacuee "
    "survivor".split()
)
PEOPLE_ONLY_VERBS = frozenset({"arrest", "detain", "apprehend", "jail", "imprison", "nab"})
PROTESTED = "protested"  # the outcome of people counted at a protest
_PROTEST_VERBS = frozenset({"march", "protest", "demonstrate", "rally"})
# what a crowd is counted as ("put the march at 30,000", "a rally of 5,000 people")
CROWD_NOUNS = frozenset(
    "march marches protest protests rally rallies demonstration demonstrations crowd "
    "turnout".split()
)
_COUNTED_EVENTS = OUTCOME_NOUNS | CROWD_NOUNS  # nouns that are what a figure counts
OUTCOME_FOR_THINGS = {"held": "seized", "killed": "killed", "damaged": "damaged"}
OUTCOME_FOR_PEOPLE = {
    "held": "arrested",
    "damaged": "hurt",
    "treated": "treated in hospital",
    "protested": "protesting",
}

# Thing classes: head noun lemma -> the class a measure names.
GENERIC_PEOPLE = frozenset(
    "people person persons individual human resident inhabitant demonstrator protester "
    "protestor man woman victim citizen soul supporter marcher participant".split()
)
THING_SYNONYMS = {
    "skiff": "boat",
    "dinghy": "boat",
    "vessel": "ship",
    "ship": "ship",
    "crewman": "crew",
    "crewmember": "crew",
    "brigand": "pirate",
    "cop": "officer",
    "policeman": "officer",
    "policewoman": "officer",
    "soldier": "troops",
    "troop": "troops",
    "serviceman": "troops",
    "fighter": "troops",
    "temblor": "quake",
    "tremor": "quake",
    "earthquake": "quake",
    "round": "round",
    "shot": "shot",
    "bullet": "bullet",
    "home": "house",
    "homes": "house",
    "child": "children",
    "kid": "children",
    "crowd": "people",
    "gunshot": "shot",
    # the sum one side puts to another: "a $184 million offer" and "a $184 million deal"
    "offer": "deal",
    "contract": "deal",
    "package": "deal",
    "bid": "deal",
    "employee": "worker",
    "coworker": "worker",
    "staffer": "worker",
}
# things that count shots: "fired 11 shots" (shots fired), "shot 11 times" (hits)
SHOT_THINGS = frozenset({"time", "bullet", "round", "shot"})
_FIRE_VERBS = frozenset({"fire", "discharge", "spray", "unleash", "pump", "empty"})
_FIRE_PARTICLE_VERBS = frozenset({"let", "squeeze", "get", "reel"})  # "let off 13 shots"
_HIT_VERBS = frozenset({"hit", "strike", "enter", "pierce", "riddle"})
NATIONALS = "nationals"
HUMAN_THINGS = GENERIC_PEOPLE | {NATIONALS} | PEOPLE_KINDS
# nouns that count kinds of something named after "of": "counts of murder", "charges of fraud"
OF_KINDS = frozenset({"count", "charge", "case", "act", "attempt", "instance", "kind", "type"})
# nouns naming a measure that is not a count: "a magnitude of 5.9", "a depth of 10 km"
MEASURE_NOUNS = {
    "magnitude": "magnitude",
    "richter": "magnitude",
    "strength": "magnitude",
    "depth": "depth",
    "population": "population",
    "height": "height",
    "length": "length",
    "width": "width",
    "area": "area",
    "speed": "speed",
    "temperature": "temperature",
    "altitude": "altitude",
    "elevation": "altitude",
    "distance": "distance",
    "turnout": "turnout",
    "score": "score",
}
# adjectives that move what is counted to before the event: "four prior arrests"
EARLIER_WORDS = frozenset({"prior", "previous", "earlier", "former", "past"})
QUAKE_WORDS = frozenset({"quake", "earthquake", "temblor", "tremor", "aftershock", "shock"})
PLACE_NOUNS = frozenset(
    "city town village island country state province region district county capital port "
    "municipality nation area".split()
)
# places a bare "of N" gives the population of ("a town of 14,000")
SETTLEMENTS = frozenset("city town village country nation community suburb island".split())
DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest north-east north-west "
    "south-east south-west northern southern eastern western away off".split()
)
_PRONOUNS = frozenset({"them", "those", "these", "they", "it"})
_SUBSET_WORDS = frozenset({"other", "remaining", "rest"})


@dataclass(frozen=True, slots=True)
class Measured:
    """What a figure measures: ``counted`` as written, the normalised ``measure`` it shares
    with other outlets, the ``thing`` class and ``outcome`` class it is made of, and whether
    it counts a part of an earlier figure ("three of them")."""

    counted: str | None = None
    measure: str | None = None
    thing: str | None = None
    outcome: str | None = None
    part: bool = False


@dataclass(frozen=True, slots=True)
class Earlier:
    """A figure met before in the article, as an antecedent for "two of them"."""

    token: int  # index of its number token
    value: float | None
    measured: Measured
    sentence: int  # index of its sentence's first token


# ---------------------------------------------------------------- entry point
def measured_of(
    doc: Doc,
    phrase: NumberPhrase,
    unit: str | None,
    unit_end: int,
    earlier: list[Earlier],
) -> Measured:
    """What the figure ``phrase`` measures (``unit`` and ``unit_end`` from the unit reader,
    ``earlier`` the figures before it in the article, latest last)."""
    number = doc[phrase.end - 1]
    sentence = number.sent
    special = _special_measure(doc, phrase, unit, unit_end, sentence)
    if special is not None:
        return special
    head = counted_head(doc, phrase, unit_end, unit is not None)
    if head is not None and head.lower_ in _PRONOUNS:
        head = None  # "two of them": the antecedent decides below
    outcome_token = None
    others = head is not None and head.lower_ == "others"
    if others:
        # "killing 12 and injuring 40 others": the others are of the figure before, and the
        # outcome is their own
        outcome_token, head = _outcome_token(number, head, unit_end), None
    if head is not None and head.lemma_.lower() in _TOTAL_NOUNS - OF_KINDS:
        of_outcome = _of_outcome(head)  # not "two counts of murder": a kind of count
        if of_outcome is not None:
            outcome = _outcome_class(of_outcome)  # "put the number of missing at 17"
            return Measured(
                of_outcome.lower_, _label("people", outcome, "people"), "people", outcome
            )
    if head is not None and _is_outcome(head) and head.lemma_.lower() not in _COUNTED_EVENTS:
        head, outcome_token = None, head  # "about 50 hurt": the people are implied
    elif head is not None and _crowd_noun(head) and number.head != head:
        head, outcome_token = None, head  # "more than 50,000 -- the biggest protest"
    outcome_token = outcome_token or _outcome_token(number, head, unit_end)
    outcome = _outcome_class(outcome_token)
    if outcome == PROTESTED and not _crowd(number, head, unit):
        outcome_token = outcome = None  # "the index rallied 300 points"
    if head is not None and head.lemma_.lower() in MEASURE_NOUNS and unit is None:
        name = MEASURE_NOUNS[head.lemma_.lower()]
        return Measured(head.text.lower(), _named_measure(name, head, sentence), None, None)
    if _unit_measure(unit) == "money":
        return _money(doc, phrase, unit_end, head)
    if head is None and unit is None and (outcome_token is None or others or _is_subset(number)):
        antecedent = _antecedent(doc, phrase, earlier)
        if antecedent is not None:
            elliptic = _elliptic(antecedent, outcome_token, outcome, phrase.value)
            if others and outcome is None:
                return replace(elliptic, part=True)  # "five kids with her, seven others"
            return elliptic
    if head is None:
        if outcome_token is None:
            return Measured(None, _unit_measure(unit), None, None)  # a unit is not what is counted
        word = _participle(outcome_token)
        people_verb = outcome_token.lemma_.lower() in PEOPLE_ONLY_VERBS
        thing = "people" if outcome in _PEOPLE_OUTCOMES or people_verb else None
        return Measured(word, _label(thing, outcome, word), thing, outcome)
    thing = thing_class(head)
    written = noun_phrase(head, range(phrase.start, unit_end)) or head.text
    if thing in SHOT_THINGS:
        shots = _shots(head)
        if shots is not None:
            verb, outcome = shots
            part = _of_counted_set(number)
            shot = "shots fired" if outcome == "fired" else "hits"
            return Measured(f"{written} {_participle(verb)}", shot, "shot", outcome, part)
    if outcome_token is None and _is_definite(number):
        antecedent = _same_figure(phrase.value, thing, earlier)
        if antecedent is not None:
            return antecedent.measured
    if outcome_token is not None and outcome_token != head:
        written = f"{written} {_participle(outcome_token)}"
    if head.lemma_.lower() in OUTCOME_NOUNS:
        thing = "people"
    if any(c.dep_ == "amod" and c.lower_ in EARLIER_WORDS for c in head.children):
        thing = f"earlier {thing}"  # "four prior arrests" are not the arrests of this event
    human = head.ent_type_ in ("PERSON", "NORP") or (
        outcome_token is not None and outcome_token.lemma_.lower() in PEOPLE_ONLY_VERBS
    )
    part = (
        (_of_counted_set(number) and outcome is None)  # "two of the three victims died": a toll
        or (_partitive(number, head) and _whole_before(phrase.value, thing, outcome, earlier))
        or _conjoined_people(head, thing)
    )
    label = _label(thing, outcome, head.lemma_.lower(), human)
    dimension = _unit_measure(unit)
    if dimension is not None:
        label = f"{dimension} of {_singular(thing)}"
    return Measured(written, label, thing, outcome, part)


_PEOPLE_OUTCOMES = frozenset(
    {"killed", "injured", "missing", "evacuated", "rescued", "treated", "survived", PROTESTED}
)


# ---------------------------------------------------------------- things and outcomes
def thing_class(head: Token) -> str:
    """The class of the counted noun, with the noun written before it that narrows it:
    "pirate boat" for "pirate skiffs", "merchant ship" for "merchant vessels", "people" for
    "persons" (a class alone when nothing narrows it)."""
    if head.ent_type_ == "NORP" and head.tag_ in ("NNPS", "NNS"):
        return NATIONALS  # "12,000 North Koreans": people of a nation, the story says which
    noun = _noun_class(head)
    kind = next(
        (g for c in head.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
        None,
    )
    if noun in OF_KINDS and kind is not None:
        return f"{noun} of {kind.lemma_.lower()}"  # "two counts of murder", "one of kidnapping"
    modifier = next(
        (
            c
            for c in head.children
            if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i == head.i - 1
        ),
        None,
    )
    if modifier is None or noun == "people" or modifier.like_num or modifier.lower_ == "dozen":
        return noun  # "his dozen rounds": the number is no kind of round
    narrowing = _noun_class(modifier)
    if narrowing in (noun, "people") or modifier.lemma_.lower() in MEASURE_NOUNS:
        return noun
    return f"{modifier.lemma_.lower()} {noun}"


def _noun_class(head: Token) -> str:
    """The class of a noun alone: its lemma, with plain synonyms made one ("skiffs" ->
    "boat", "persons" -> "people")."""
    lemma = head.lemma_.lower()
    if head.lower_ in ("people", "persons"):
        return "people"
    if head.pos_ == "PROPN" and lemma == head.lower_:
        lemma = _singular(lemma)  # a headline's "Villages"
    lemma = THING_SYNONYMS.get(lemma, lemma)
    return "people" if lemma in GENERIC_PEOPLE else lemma


def _outcome_token(number: Token, head: Token | None, unit_end: int) -> Token | None:
    """The word that says what happened to the things counted: a participle or adjective
    right after the figure or its noun ("50 injured", "17 dead", "people killed"), the verb
    the figure or its noun is the subject or object of ("600 were killed", "killing 10
    people"), or an outcome noun ("10 deaths", "one arrest")."""
    doc = number.doc
    anchor = head if head is not None and not _partitive(number, head) else number
    if anchor.lemma_.lower() in OUTCOME_NOUNS or anchor.lower_ in OUTCOME_WORDS:
        return anchor
    own = next((c for c in number.children if c.dep_ == "amod" and _is_outcome(c)), None)
    if own is not None:
        return own  # a headline's "141 dead, two survive"
    after = unit_end if head is None else head.i + 1
    if after < len(doc) and doc[after].pos_ in ("ADJ", "VERB") and _is_outcome(doc[after]):
        if doc[after].tag_ in ("VBN", "JJ") or doc[after].lower_ in ("dead", "missing"):
            return doc[after]
    for child in anchor.children:
        if child.dep_ in ("acl", "amod", "relcl") and _is_outcome(child):
            return child
    if anchor.dep_ == "nummod" and anchor.head.i < anchor.i and _is_outcome(anchor.head):
        return anchor.head  # a headline's "Quake Kills 10"
    before = doc[number.i - 1] if number.i > 0 else None
    if head is None and before is not None and before.pos_ in ("VERB", "PROPN"):
        if _is_outcome(before) and number.dep_ in ("punct", "ROOT", "dobj", "npadvmod"):
            return before  # a headline parsed apart: "Hiller Kills Two In Plant Shooting"
    climbed = anchor
    while climbed.dep_ in ("conj", "appos") and climbed.head.pos_ in ("NOUN", "PROPN", "NUM"):
        climbed = climbed.head  # "14 rifles, 31 magazines and 923 rounds" share a verb
    event = _event_of(climbed) or _put_at(climbed)
    if event is not None:
        return event  # "the death of three of our citizens", "put the march at 30,000"
    if climbed.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "attr", "appos") or (
        climbed.dep_ == "pobj" and climbed.head.lower_ == "by"  # "hit by seven bullets"
    ):
        verb = _clause_verb(climbed)
        stated = next(
            (c for c in (verb.children if verb is not None else ()) if c.dep_ in ("oprd", "acomp")),
            None,
        )
        if stated is not None and _is_outcome(stated):
            return stated  # "143 feared dead", "five were left homeless"
        if verb is not None and not _is_outcome(verb):
            verb = next((c for c in verb.children if c.dep_ == "conj" and _is_outcome(c)), verb)
        if verb is not None and _is_outcome(verb) and _undergoes(climbed, verb):
            return verb  # "were found and confiscated"
    return None


# verbs whose subject undergoes them: "10 people died", "two of them managed to flee"
_UNACCUSATIVE = frozenset(
    {"die", "perish", "drown", "escape", "flee", "disappear", "collapse", "survive", "undergo"}
)


def _undergoes(noun: Token, verb: Token) -> bool:
    """Whether the things counted by ``noun`` undergo ``verb`` rather than do it: the
    subject of an active verb is its agent ("two helicopters were evacuating the injured"),
    unless the verb is one whose subject undergoes it ("ten people died")."""
    if noun.dep_ != "nsubj":
        return True
    if verb.lemma_.lower() in _UNACCUSATIVE or verb.pos_ == "ADJ":
        return True
    if _outcome_class(verb) in ("escaped", "missing", PROTESTED):
        return True  # "managed to get away", "20,000 marched"
    return any(c.dep_ == "auxpass" for c in verb.children)


def _clause_verb(token: Token) -> Token | None:
    """The verb a noun phrase belongs to as subject or object, through an "xcomp" chain
    ("two of them managed to flee" -> "flee")."""
    head = token.head
    if token.dep_ == "pobj":
        head = head.head
    if head.lemma_.lower() in _TOTAL_NOUNS and head.head.i != head.i:
        head = head.head  # "seized a total of 14 rifles"
    if head.pos_ not in ("VERB", "AUX"):
        return head if head.pos_ == "ADJ" else None
    for child in head.children:
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            return child
    return head


def _event_of(noun: Token) -> Token | None:
    """The outcome noun a count is the "of" object of: "the deaths of 12 miners", "mourn
    the loss of three children" (a loss of people is their death)."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or noun.head.head.pos_ != "NOUN":
        return None
    event = noun.head.head
    return event if _outcome_class(event) is not None else None


def _crowd(number: Token, head: Token | None, unit: str | None) -> bool:
    """Whether a figure can count a crowd: people, or a bare number that is the subject."""
    if unit is not None:
        return False
    if head is None:
        return number.dep_ in ("nsubj", "pobj")
    return thing_class(head) in HUMAN_THINGS


_PUTTING = frozenset({"put", "estimate", "place"})


def _put_at(noun: Token) -> Token | None:
    """The crowd an estimate puts at a figure: "police put the march at 30,000 people"."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "at":
        return None
    verb = noun.head.head
    if verb.lemma_.lower() not in _PUTTING and verb.dep_ == "advcl":
        verb = verb.head  # "put the march, to mark a strike, at 30,000" parsed into "mark"
    if verb.lemma_.lower() not in _PUTTING:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and _crowd_noun(c)), None)


def _is_outcome(token: Token) -> bool:
    return _outcome_class(token) is not None and not (
        token.lemma_.lower() == "fire" and token.pos_ == "NOUN"
    )


def _outcome_class(token: Token | None) -> str | None:
    if token is None:
        return None
    if token.lemma_.lower() == "get" and any(c.lower_ == "away" for c in token.children):
        return "escaped"  # "managed to get away"
    if _to_death(token):
        return "killed"  # "shot to death", "was stabbed dead"
    if _crowd_noun(token):
        return PROTESTED  # as the measure a count is "of" or "at": "a march of 20,000"
    if token.lemma_.lower() == "loss":
        return "killed" if _of_people(token) else None
    found = OUTCOME_WORDS.get(token.lemma_.lower()) or OUTCOME_WORDS.get(token.lower_)
    if found is None and token.pos_ == "PROPN":  # a headline's "Kills", "Injures"
        found = OUTCOME_WORDS.get(token.lower_.removesuffix("s"))
    if found is None and token.pos_ == "ADJ" and token.lower_.endswith("ed"):
        stem = token.lower_  # "evacuated residents": an adjective the tagger kept whole
        found = OUTCOME_WORDS.get(stem[:-1]) or OUTCOME_WORDS.get(stem[:-2])
    if found is None and token.pos_ == "VERB":
        found = _phrasal_outcome(token)
    return found


def _crowd_noun(token: Token) -> bool:
    """A noun a crowd is counted as; "march" may be tagged a name (the month)."""
    return (
        token.pos_ in ("NOUN", "PROPN")
        and token.lower_ in CROWD_NOUNS
        and token.ent_type_ not in ("DATE", "TIME")
    )


def _to_death(verb: Token) -> bool:
    """A verb of violence taken to its end: "shot to death", "beaten to death", "shot dead"."""
    if verb.pos_ != "VERB":
        return False
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "to":
            if any(o.lemma_.lower() == "death" for o in child.children if o.dep_ == "pobj"):
                return True
        if child.lower_ == "dead" and child.dep_ in ("oprd", "acomp", "advmod", "xcomp"):
            return True
    return False


def _of_people(noun: Token) -> bool:
    """Whether a noun's "of" object counts people ("the loss of three children")."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    kind = obj.lemma_.lower()
                    if obj.like_num:  # "the loss of three of our citizens"
                        inner = next((c for c in obj.children if c.lower_ == "of"), None)
                        kind = next(
                            (g.lemma_.lower() for g in (inner.children if inner else ())),
                            kind,
                        )
                    return _is_people_word(kind)
    return False


def _is_people_word(lemma: str) -> bool:
    return lemma in GENERIC_PEOPLE or lemma in PEOPLE_KINDS or lemma in _MORE_PEOPLE


_MORE_PEOPLE = frozenset({"child", "life", "employee"})


_MOVING_VERBS = frozenset({"leave", "move", "flee", "force", "drive", "order"})
_CARRYING_VERBS = frozenset({"take", "rush", "admit", "fly", "airlift", "bring", "send"})


def _phrasal_outcome(verb: Token) -> str | None:
    """Outcomes said with a common verb and a place: "forced to leave their homes", "moved
    out of their homes" (evacuated); "taken to hospital" (treated in hospital)."""
    lemma = verb.lemma_.lower()
    words = {t.lemma_.lower() for t in verb.subtree if t.i != verb.i}
    if lemma in _MOVING_VERBS and words & {"home", "house", "homes", "houses"}:
        return "evacuated"
    if lemma in _CARRYING_VERBS and words & {"hospital", "hospitals"}:
        return "treated"
    if lemma == "undergo" and words & {"surgery", "operation", "treatment"}:
        return "treated"  # "two men underwent surgery"
    if (
        lemma in _PROTEST_VERBS
        or (lemma == "take" and words & {"street", "streets"})
        or (lemma in ("join", "stage", "attend") and words & CROWD_NOUNS)
    ):
        return PROTESTED  # "20,000 took to the streets", "joined the demonstrations"
    return None


_IRREGULAR = {
    "hurt": "hurt",
    "let": "let",
    "flee": "fled",
    "hit": "hit",
    "shoot": "shot",
    "find": "found",
    "leave": "left",
    "take": "taken",
    "hold": "held",
    "drive": "driven",
    "bring": "brought",
    "send": "sent",
    "fly": "flown",
    "seize": "seized",
    "die": "died",
}


def _participle(verb: Token) -> str:
    """ "killing" -> "killed" for the counted words; other forms as written."""
    if verb.pos_ == "VERB" and verb.tag_ in ("VBG", "VBZ", "VBP", "VB"):
        lemma = verb.lemma_.lower()
        if lemma in _IRREGULAR:
            return _IRREGULAR[lemma]
        return lemma + ("d" if lemma.endswith("e") else "ed")
    return verb.text.lower()


def _label(thing: str | None, outcome: str | None, lemma: str, human: bool = False) -> str | None:
    """The measure as a person says it: "people killed", "villages damaged", "rifles seized"
    (``human``: the things are people, whatever the class says)."""
    if thing is None and outcome is None:
        return None
    if outcome is None:
        return _plural(thing or lemma)
    if thing is None or thing in ("people",) or lemma in OUTCOME_NOUNS:
        thing = "people" if outcome in _PEOPLE_OUTCOMES or outcome == "held" else thing
    if thing is None:
        return outcome
    human = human or thing in HUMAN_THINGS
    said = (OUTCOME_FOR_PEOPLE if human else OUTCOME_FOR_THINGS).get(outcome, outcome)
    return f"{_plural(thing)} {said}"


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "xes", "ches", "shes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith("ss") and noun not in ("people", "troops"):
        return noun[:-1]
    return noun


def _plural(noun: str) -> str:
    if " of " in noun:
        first, _, rest = noun.partition(" of ")
        return f"{_plural(first)} of {rest}"  # "counts of murder"
    if noun in (
        "people",
        "crew",
        "troops",
        "children",
        "police",
        "ammunition",
        "series",
        NATIONALS,
    ):
        return noun
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _shots(head: Token) -> tuple[Token, str] | None:
    """Shots fired ("fired 11 shots", "the seven bullets fired by the officers") or hits
    ("shot 11 times", "hit by seven bullets", "seven bullets entered his body"): the verb and
    the outcome ("fired" or "hit")."""
    fired = next(
        (c for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in _FIRE_VERBS), None
    )
    if fired is not None:
        return fired, "fired"
    verb = head.head
    if head.dep_ == "pobj":
        verb = verb.head
    while verb.lemma_.lower() in _TOTAL_NOUNS and verb.head.i != verb.i:
        verb = verb.head  # "fired a total of 11 rounds"
    if verb.pos_ not in ("VERB", "PROPN", "NOUN"):
        return None
    lemma = verb.lemma_.lower()
    if lemma in _FIRE_VERBS:
        return verb, "fired"
    if lemma in _FIRE_PARTICLE_VERBS and any(
        c.dep_ == "prt" and c.lower_ == "off" for c in verb.children
    ):
        return verb, "fired"
    if lemma in _HIT_VERBS:
        return verb, "hit"
    if lemma == "shoot":
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if head.lemma_.lower() == "time" or passive or verb.pos_ == "PROPN":
            return verb, "hit"
        return verb, "fired"
    return None


def _of_outcome(noun: Token) -> Token | None:
    """The outcome word a total counts: "the number of missing", "the count of dead"."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            word = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if word is not None and word.pos_ != "NOUN" and _is_outcome(word):
                return word
    return None


_TOTAL_NOUNS = frozenset({"total", "number", "maximum", "minimum", "sum", "tally", "count"})


def _partitive(number: Token, head: Token) -> bool:
    """ "three of the skiffs", "two of its villages": the noun is the whole the figure is a
    part of, named before."""
    return (
        head.dep_ == "pobj"
        and head.head.lower_ == "of"
        and head.head.head.i == number.i
        and any(c.dep_ in ("det", "poss") for c in head.children)
    )


def _conjoined_people(head: Token, thing: str) -> bool:
    """ "two women and a man were killed": counts of people joined by "and" are the parts of
    one toll, not the toll."""
    if thing != "people":
        return False
    nouns = [head.head] if head.dep_ == "conj" else []
    nouns += [c for c in head.children if c.dep_ == "conj"]
    return any(n.lemma_.lower() in GENERIC_PEOPLE for n in nouns if n.pos_ == "NOUN")


def _whole_before(value: float, thing: str, outcome: str | None, earlier: list[Earlier]) -> bool:
    """Whether the article counted a larger set of the same things before, of which this
    figure says nothing new ("five boats" for "three of the skiffs"; not for "two of the
    skiffs got away", which counts the boats that escaped)."""
    return any(
        f.measured.thing == thing
        and f.value is not None
        and f.value > value
        and outcome in (None, f.measured.outcome)
        for f in earlier
    )


def _of_counted_set(number: Token) -> bool:
    """ "three of the seven bullets": a part of a set counted in the same phrase."""
    of = next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return obj is not None and any(c.dep_ == "nummod" for c in obj.children)


def _money(doc: Doc, phrase: NumberPhrase, unit_end: int, head: Token | None) -> Measured:
    """A sum of money: what it is an amount of ("$215,000 in court settlements", "$100
    billion worth of trade"), as the noun it is attached to."""
    skip = range(phrase.start, unit_end)
    owner = attached(doc, phrase, skip)
    if owner is not None and owner.lemma_.lower() == "worth":
        of_what = (g for c in owner.children if c.lower_ == "of" for g in c.children)
        owner = next((g for g in of_what if g.dep_ == "pobj"), owner)
    root = phrase_root(doc, phrase)
    modified = _modified_noun(doc, phrase, unit_end)
    dealt = _money_verb(root)
    if dealt is not None and owner is not None and _source_or_price(dealt, owner):
        owner = None  # "slice 30bn euros from its deficit", "offered $20m for the striker"
    target = (
        modified
        or _valued_at(root)
        or owner
        or head
        or counted_head(doc, phrase, unit_end, True)
        or _valued(root)
    )
    if target is not None and not _holds_money(target):
        target = None  # "eight years and $184 million", "$184 million, sources say"
    if target is None and dealt is None:
        target = _deal_in_sentence(root)  # "the Red Sox offer ... was $184 million"
    dealt = dealt if target is None else None
    written: str | None
    if dealt is not None:  # "offered him $160 million": the amount of an offer
        name = written = _MONEY_VERBS[dealt.lemma_.lower()]
    else:
        written = noun_phrase(target, skip) if target is not None else None
        name = target.lemma_.lower() if target is not None else "money"
    what = THING_SYNONYMS.get(name, name)
    return Measured(written, f"amount of {what}", what, None)


def _holds_money(noun: Token) -> bool:
    """Whether a noun can be what a sum is the amount of: not a span of time ("eight years
    and $184 million") nor a name or a source ("Lynch", "sources close to the talks")."""
    lemma = noun.lemma_.lower()
    return not (
        lemma in _TIME_NOUNS
        or lemma in _SOURCE_NOUNS
        or noun.pos_ == "PROPN"
        or noun.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    )


_TIME_NOUNS = frozenset("year month week day season hour minute decade century".split())
_SOURCE_NOUNS = frozenset("source report official spokesman spokeswoman".split())


def _deal_in_sentence(root: Token) -> Token | None:
    """The nearest noun of the sentence that names a deal ("offer", "contract", "bid"), as
    what a sum with no noun of its own is the amount of."""
    deals = [
        t
        for t in root.sent
        if t.pos_ == "NOUN" and THING_SYNONYMS.get(t.lemma_.lower(), t.lemma_.lower()) == "deal"
    ]
    return min(deals, key=lambda t: abs(t.i - root.i)) if deals else None


def _valued_at(root: Token) -> Token | None:
    """What a sum "valued at" or "estimated at" is the value of: "jewelry and watches valued
    at over $2.6 million" (the noun the participle describes), "the haul was estimated at
    $2 million" (its subject), "put the damage at $5 million" (its object)."""
    at = root.head
    if root.dep_ != "pobj" or at.lower_ != "at" or at.head.lemma_.lower() not in _VALUING:
        return None
    verb = at.head
    if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
        return verb.head
    valued = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return valued if valued is not None and valued.pos_ == "NOUN" else None


_VALUING = frozenset({"value", "estimate", "price", "put"})


def _source_or_price(verb: Token, owner: Token) -> bool:
    """Whether the noun after a money verb's sum is what was cut ("from its deficit") or
    bought ("for the striker") rather than what the sum is ("$5m in fines")."""
    preposition = owner.head.lower_
    return preposition == "for" or (verb.lemma_.lower() in _CUTTING and preposition != "in")


def _modified_noun(doc: Doc, phrase: NumberPhrase, unit_end: int) -> Token | None:
    """The noun a sum written as a modifier sizes: "a 110 billion euro aid package" and "a
    110bn-euro rescue package" are amounts of a package."""
    unit = doc[unit_end - 1]
    if unit.i < phrase.end or unit.lower_ not in CURRENCY_WORDS:
        return None
    noun = unit.head
    if unit.dep_ in ("compound", "nmod", "amod") and noun.pos_ == "NOUN" and noun.i > unit.i:
        return noun
    return None


_CUTTING = frozenset({"cut", "slice", "slash", "trim", "shave", "save", "rip"})
# verbs whose object is a sum of money, and the noun of what that sum is ("offered $5
# million" is the amount of an offer, as "a $5 million offer" is)
_MONEY_VERBS = {
    "offer": "offer",
    "bid": "bid",
    "pay": "payment",
    "spend": "spending",
    "raise": "funds",
    "earn": "earnings",
    "seek": "demand",
    "ask": "demand",
    "demand": "demand",
    "lose": "loss",
    "steal": "theft",
    "award": "award",
    "donate": "donation",
    "owe": "debt",
    "commit": "commitment",
    **dict.fromkeys(_CUTTING, "saving"),  # "slice 30bn euros": savings, as "30bn in savings"
}


def _valued(root: Token) -> Token | None:
    """The thing the sum whose phrase root is ``root`` is the value of: "a deal worth $184
    million", "an offer in excess of $160 million", "the deal could be up to $180 million"."""
    up = root.head
    while up.lower_ in _VALUE_LINKS and up.head.i != up.i:
        up = up.head
    if up.pos_ == "NOUN" and up.i != root.i:
        return None if up.lower_ in CURRENCY_WORDS else up  # not "a hundred billion dollars"
    if up.lemma_ == "be" and root.dep_ == "attr":
        subject = _subject_of(up)  # "the deal could be up to $180 million"
        return subject if subject is not None and subject.pos_ == "NOUN" else None
    if up.pos_ == "VERB" and up.lemma_.lower() in _MAKING:
        made = next((c for c in up.children if c.dep_ == "dobj"), None)
        return made if made is not None and made.pos_ == "NOUN" else None  # "made an offer"
    return None


# words between a sum and what it is the value of ("in excess of", "worth")
_VALUE_LINKS = frozenset({"of", "in", "excess", "upwards", "north", "worth"})
_MAKING = frozenset({"make", "submit", "table", "sign", "accept", "reject", "reach"})


def _money_verb(root: Token) -> Token | None:
    """The verb a sum of money (its phrase root) is the object of: "offered him $160
    million", "slice 30bn euros" (the currency word heads the figure)."""
    if root.head.lower_ in CURRENCY_WORDS and root.head.i > root.i:
        root = root.head
    verb = root.head
    if root.dep_ in ("dobj", "dative", "attr") and verb.lemma_.lower() in _MONEY_VERBS:
        return verb
    return None


def _is_definite(number: Token) -> bool:
    """ "the three boats": a figure after "the" names a set the report has counted before."""
    return number.i > 0 and number.doc[number.i - 1].lower_ == "the"


def _same_figure(value: float, thing: str, earlier: list[Earlier]) -> Earlier | None:
    """The latest earlier figure with the same value and thing (the one "the three boats"
    points back to), when it says more (an outcome)."""
    for figure in reversed(earlier):
        measured = figure.measured
        if figure.value == value and measured.thing == thing and measured.outcome is not None:
            return figure
    return None


# ---------------------------------------------------------------- antecedents
ANTECEDENT_SENTENCES = 3  # how far back "two of them" may point


def _antecedent(doc: Doc, phrase: NumberPhrase, earlier: list[Earlier]) -> Earlier | None:
    """The earlier figure that "two of them", "the other three" or "it was 6.1" refers to:
    the latest one of this sentence or the ANTECEDENT_SENTENCES before it that names a thing
    or measure (for a part, one with a larger value)."""
    number = doc[phrase.end - 1]
    window_start = number.sent.start
    for _ in range(ANTECEDENT_SENTENCES):
        if window_start > 0:
            window_start = doc[window_start - 1].sent.start
    subset = _is_subset(number)
    for figure in reversed(earlier):
        if figure.sentence < window_start:
            break
        if figure.token >= number.i or figure.measured.measure is None:
            continue
        if subset and not (figure.value is not None and figure.value > phrase.value):
            continue
        return figure
    return None


def _is_subset(number: Token) -> bool:
    """ "two of them", "the other three", "the remaining three", "three of the seven"."""
    of = next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        return True
    return any(c.lower_ in _SUBSET_WORDS for c in number.children) or (
        number.i > 0 and number.doc[number.i - 1].lower_ in _SUBSET_WORDS
    )


def _elliptic(
    antecedent: Earlier, outcome_token: Token | None, outcome: str | None, value: float
) -> Measured:
    """A figure with no noun of its own takes the thing (and measure) of its antecedent; a
    part with no outcome of its own is a part of it ("three of them from the rear")."""
    before = antecedent.measured
    if before.thing is None:
        return Measured(before.counted, before.measure, None, before.outcome, part=False)
    if outcome is None or outcome == before.outcome:
        part = antecedent.value is not None and value < antecedent.value
        return Measured(before.counted, before.measure, before.thing, before.outcome, part=part)
    word = _participle(outcome_token) if outcome_token is not None else ""
    label = _label(before.thing, outcome, before.thing)
    return Measured(f"{_plural(before.thing)} {word}".strip(), label, before.thing, outcome)


# ---------------------------------------------------------------- measures that are not counts
def _special_measure(
    doc: Doc, phrase: NumberPhrase, unit: str | None, unit_end: int, sentence: Span
) -> Measured | None:
    """Magnitudes, populations, distances from a place and depths, read from the words
    around the figure."""
    number = doc[phrase.end - 1]
    if unit is not None and (unit.lower().endswith("-old") or unit == "years of age"):
        return Measured(None, "age", None, None)  # "a 16-year-old"
    magnitude = _magnitude_word(doc, phrase, unit_end)
    if magnitude is not None and unit is None:
        return Measured(magnitude.lower_, _named_measure("magnitude", magnitude, sentence))
    population = _population(doc, phrase, unit_end)
    if population is not None:
        return population
    parent = _parent_of(number) if unit is None else None
    if parent is not None:
        return Measured(f"children of the {parent.lower_}", "children", "children", None)
    if unit is not None and _unit_measure(unit) == "length":
        return _length(doc, number, unit_end, sentence, unit)
    return None


_PARENTS = frozenset("mother father parent mum mom dad grandmother grandfather".split())


def _parent_of(number: Token) -> Token | None:
    """The parent in "a mother of 12", "father-of-three": the figure counts children."""
    head = number.head
    if number.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _PARENTS:
        return head.head
    return None


def _magnitude_word(doc: Doc, phrase: NumberPhrase, unit_end: int) -> Token | None:
    """The magnitude word of "magnitude 6", "6.1-magnitude", "magnitude of 5.9", "put the
    magnitude at 6.1", "a 5.9 earthquake", "measured 5.9 on the Richter scale"."""
    number = doc[phrase.end - 1]
    if MEASURE_PREFIXED.match(number.text):
        return number
    window = [doc[i] for i in range(max(0, phrase.start - 3), min(len(doc), unit_end + 3))]
    for token in window:
        if token.lemma_.lower() in ("magnitude", "richter") or (
            token.lower_ == "strength" and abs(token.i - number.i) <= 2
        ):
            if token.i < phrase.start or token.i >= unit_end:
                return token
    head = number.head
    is_decimal = phrase.value != int(phrase.value) or "." in number.text
    if number.dep_ == "pobj" and head.lower_ in ("of", "at"):
        owner = head.head
        if owner.lemma_.lower() in ("magnitude",):
            return owner
        if is_decimal and owner.lemma_.lower() in QUAKE_WORDS and phrase.value < 10:
            return owner  # "aftershocks of around 4.0"
        target = next((c for c in owner.children if c.dep_ == "dobj"), None)
        if target is not None and target.lemma_.lower() == "magnitude":
            return target
    if not (is_decimal and 1 <= phrase.value < 10):
        return None
    following = doc[unit_end] if unit_end < len(doc) else None
    for candidate in (head, following):
        if candidate is not None and candidate.lower_ in QUAKE_WORDS | {"quakes", "earthquakes"}:
            return candidate  # "a 5.9 earthquake", "5.9 Earthquake Jolts Iran"
    return None


def _named_measure(name: str, token: Token, sentence: Span) -> str:
    """ "magnitude", or "aftershock magnitude" for the magnitude of an aftershock: the quake
    word nearest to the magnitude says which ("at least four aftershocks, with magnitudes
    ranging from 3.6 to 4.3")."""
    if name != "magnitude":
        return name
    quakes = [t for t in sentence if t.lemma_.lower() in QUAKE_WORDS]
    if token.lemma_.lower() in QUAKE_WORDS:
        nearest = token
    elif quakes:
        nearest = min(quakes, key=lambda t: (abs(t.i - token.i), t.i > token.i))
    else:
        return name
    return "aftershock magnitude" if nearest.lemma_.lower() == "aftershock" else name


def _population(doc: Doc, phrase: NumberPhrase, unit_end: int) -> Measured | None:
    """ "a population of 100,000", "home to 120,000 people", "200,000 residents", "a city of
    500,000 people": the population of the place the phrase hangs from."""
    number = doc[phrase.end - 1]
    head = counted_head(doc, phrase, unit_end, False)
    noun = head.lemma_.lower() if head is not None else ""
    place: Token | None = None
    if head is not None and (
        noun == "population" or (noun in ("resident", "inhabitant") and _owned(head))
    ):
        place = _place_of(head)
    elif number.dep_ == "pobj" and number.head.lower_ == "of":
        owner = number.head.head
        if owner.lemma_.lower() == "population":
            place = _place_of(owner)
        elif owner.lemma_.lower() in SETTLEMENTS and unit_end == phrase.end:
            place = owner.head if owner.dep_ == "appos" else owner  # "a town of 14,000"
        else:
            return None
    elif noun in ("people", "person") and head is not None and head.dep_ == "pobj":
        prep = head.head
        owner = prep.head
        if prep.lower_ == "to" and owner.lower_ == "home":
            place = _place_of(owner)
        elif prep.lower_ == "of" and owner.lemma_.lower() in PLACE_NOUNS:
            place = owner.head if owner.dep_ == "appos" else _place_of(owner)
        else:
            return None
    else:
        return None
    name = _place_name(place)
    measure = f"population of {name}" if name else "population"
    return Measured("population", measure, "population", None)


def _owned(noun: Token) -> bool:
    """ "has 200,000 residents", "with 200,000 residents", "a city of 500,000 residents": the
    residents are what a place has, not people something befell."""
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in ("have", "number", "count", "boast"):
        return True
    if noun.dep_ != "pobj":
        return False
    return head.lower_ == "with" or (head.lower_ == "of" and head.head.lemma_ in PLACE_NOUNS)


def _place_of(token: Token) -> Token | None:
    """The place a population phrase belongs to: the place it is said of ("Qeshm ... with a
    population of", "the island, which has 200,000 residents", "Bandar Abbas, a city of
    500,000 people", "Qeshm island, home to 120,000 people")."""
    if token.lower_ == "home":
        before = _before_comma(token)
        if before is not None:
            return before
    for step in (token, *token.ancestors):
        if step.i != token.i and step.lemma_.lower() in PLACE_NOUNS:
            if step.dep_ == "appos":
                return step.head
            if step.dep_ == "attr":
                return _subject_of(step.head)
            return step
        if step.ent_type_ in ("GPE", "LOC", "FAC") and step.i != token.i:
            return step
        if step.pos_ in ("VERB", "AUX"):
            return _subject_of(step)
    return None


def _before_comma(token: Token) -> Token | None:
    """The noun right before the comma that precedes ``token`` ("Qeshm island, home to")."""
    i = token.i - 1
    doc = token.doc
    if i >= 1 and doc[i].text == ",":
        noun = doc[i - 1]
        if noun.pos_ in ("NOUN", "PROPN"):
            return noun
    return None


def _subject_of(verb: Token) -> Token | None:
    """The subject of a clause; a conjoined clause without one shares its head's; a
    relative pronoun stands for the noun its clause describes."""
    while True:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            if subject.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return None
        verb = verb.head


def _place_name(place: Token | None) -> str:
    """A place as a key: the proper name it carries ("qeshm" for "Qeshm island"), lower case;
    a common noun alone ("the island") takes the name an earlier mention gave it ("Qeshm
    Island"), else ""."""
    if place is None:
        return ""
    if place.pos_ == "PROPN" or (place.is_title and place.pos_ in ("NOUN", "ADJ")):
        start = place.i
        while start > 0 and place.doc[start - 1].pos_ == "PROPN" and place.i - start < 3:
            start -= 1
        return place.doc[start : place.i + 1].text.lower().removesuffix("'s")
    proper = [c for c in place.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if proper:
        return " ".join(t.text for t in proper).lower()
    for earlier in reversed(place.doc[: place.i]):
        if earlier.lemma_.lower() == place.lemma_.lower():
            named = [c for c in earlier.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if named:
                return " ".join(t.text for t in named).lower()
    return ""


def _proper_chain(doc: Doc, i: int) -> str:
    """The proper name that starts at token ``i`` ("Bandar Abbas"), lower case."""
    end = i
    while end < len(doc) and doc[end].pos_ == "PROPN" and end - i < 4:
        end += 1
    return doc[i:end].text.lower()


def _after_brackets(doc: Doc, i: int, sentence: Span) -> int:
    """The token after a bracketed aside that starts at ``i`` ("58km (36 miles) south")."""
    if i < sentence.end and doc[i].text == "(":
        close = next((t.i for t in doc[i : sentence.end] if t.text == ")"), None)
        if close is not None:
            return close + 1
    return i


def _length(doc: Doc, number: Token, unit_end: int, sentence: Span, unit: str) -> Measured:
    """A length: the depth of something ("at a depth of 10 km", "10 km deep"), or its
    distance from a named place ("35 miles southwest of Bandar Abbas")."""
    window = doc[max(sentence.start, number.i - 4) : min(sentence.end, unit_end + 2)]
    if any(t.lemma_.lower() in ("depth", "deep") for t in window):
        return Measured("depth", "depth", None, None)
    i = _after_brackets(doc, unit_end, sentence)
    if i < sentence.end and doc[i].lower_ in DIRECTIONS | {"from"}:
        j = i + 1
        while j < sentence.end and (
            doc[j].text in DIRECTIONS | {"of", "from", "the", "port", "city", "town", "-"}
        ):
            j += 1
        if j < sentence.end and doc[j].pos_ == "PROPN":
            place = _proper_chain(doc, j)
            written = f"distance {doc[i].text} of {place}"
            return Measured(written, f"distance from {place}", None, None)
    verb = next(
        (t for t in number.ancestors if t.pos_ == "VERB" and not number.i <= t.i < unit_end), None
    )
    if verb is not None and verb.lemma_.lower() in _MOVING:
        moved = f"{verb.lemma_.lower()} distance"  # "fell about 600m": how far he fell
        return Measured(moved, moved, None, None)
    return Measured(None, "length", None, None)


# Verbs whose length figure is how far someone or something moved.
_MOVING = frozenset(
    """
fall plunge plummet tumble drop slide slip climb descend rise travel walk run swim fly drive
hike sail march flee advance retreat push crawl drift
""".split()
)


_UNIT_MEASURES = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "pct": "percent",
    "percentage point": "percentage points",
    "percentage points": "percentage points",
}


def _unit_measure(unit: str | None) -> str | None:
    """The measure a unit alone names, for figures with nothing else counted."""
    if unit is None:
        return None
    lowered = unit.lower()
    if lowered in _UNIT_MEASURES:
        return _UNIT_MEASURES[lowered]
    return dimension_of(unit)
