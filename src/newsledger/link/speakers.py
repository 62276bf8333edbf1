"""Canonical speakers: one id for "Andriy Kovalenko", "Andrii Kovalenko" and "Kovalenko",
another for a different person who shares the surname, one per organisation however it is
written ("the U.S. Geological Survey in Golden, Colo.", "US Geological Survey", "USGS").

Within a story, people are matched on surname and given name, spelling-insensitively
(``fold``) and, for transliterations that differ by a letter ("Alishvandi", "Alishbandi"),
by a fuzzy ratio of both (rapidfuzz). A bare surname joins the one person of that surname in
its article, else in its story. A role written for a name ("the governor of Qeshm island")
joins the one person the story gives that role. Organisations key on their words without
article, owner ("Tehran's", "Iran's") or place ("in Golden, Colo."), and an acronym joins the
organisation whose initials it spells.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from newsledger.ledger.links import LinkStore
from newsledger.titles import is_title

_WORD = re.compile(r"[\w'\u2019.-]+")
# Letters that Unicode does not decompose into a base letter and an accent.
_LATIN = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
    }
)
SURNAME_RATIO = 85.0  # "alishvandi" / "alishbandi": 90
GIVEN_RATIO = 80.0  # "heidar" / "heydar": 83
ORG_RATIO = 90.0  # "seismologic center" / "seismological center"
_AGE = re.compile(r",\s*\d{1,3}\s*$")
_PLACE_TAIL = re.compile(r"\s+(in|at|from|based in)\s+[A-Z].*$|,.*$")
# places written short in outlets' names: "the N.Y. Daily News" is "the New York Daily News"
_STATE_NAMES = {"n.y.": "new york", "n.j.": "new jersey", "l.a.": "los angeles"}
_STATES = re.compile(r"\b(?:" + "|".join(rf"{k[0]}\.\s?{k[2]}\." for k in _STATE_NAMES) + ")")
_US = re.compile(r"\b(u\.\s?s\.|us|united states|u\.s)(?!\w)")
_SMALL = frozenset({"of", "the", "and", "for", "&"})


def fold(word: str) -> str:
    """Spelling-insensitive form: no accents, lower case, common transliteration variants
    made one ("Andriy", "Andrii", "Andrij" -> "andri"; "Zelenskyy" -> "zelenski")."""
    word = word.translate(_LATIN)
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c)).lower()
    word = word.replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = re.sub(r"(iy|ii|ij|yi|yy|y)$", "i", word)
    word = re.sub(r"(kh)", "h", word)
    return re.sub(r"(.)\1+", r"\1", word)  # doubled letters


def name_words(name: str) -> list[str]:
    words = _WORD.findall(name)
    while words and (is_title(words[0]) or words[0].lower() == "the"):
        words.pop(0)
    return words


def _clean(name: str) -> str:
    """A speaker as written, without what follows the name: an age, a role or a place
    ("Makaeo Williams, 18", "the U.S. Geological Survey in Golden, Colo.")."""
    return _PLACE_TAIL.sub("", _AGE.sub("", name)).strip()


def _initial(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]\.?", word))


def person_key(name: str) -> tuple[str, str] | None:
    """(surname, given name) in folded form for a person's name of two or more words: the
    last capitalised word, and the one before it that is not an initial ("Jumaane D.
    Williams"), whatever title or role comes first ("City Council Member Jumaane
    Williams")."""
    cleaned = _clean(name)
    written = cleaned.split()
    if len(written) > 1 and written[0].lower() == "the" and not is_title(written[1]):
        return None  # "the New York Daily News": a body, not a person
    words = name_words(cleaned)
    capitalised: list[str] = []
    for word in reversed(words):
        if (
            not (word[:1].isupper() or word in _PARTICLES)
            or is_title(word)
            or word.lower() == "the"
        ):
            break
        capitalised.insert(0, word)
    while capitalised and capitalised[0] in _PARTICLES:
        capitalised.pop(0)  # "talks with de Gaulle": the run starts at a capital
    while capitalised and capitalised[-1] in _PARTICLES:
        capitalised.pop()
    names = _leading_particle_joined(_joined_particles([w for w in capitalised if not _initial(w)]))
    if len(names) < 2 or len(capitalised) > 6 or any(w.isupper() and len(w) > 1 for w in names):
        return None
    return fold(names[-1]), fold(names[-2])


# Words that begin a surname of two: "Del Giudice" and "DelGiudice" are one name.
_PARTICLES = frozenset("del de della di da van von der den du le la dos das st".split())


def _joined_particles(names: list[str]) -> list[str]:
    """The name's words with a surname particle joined to the word after it."""
    joined: list[str] = []
    pending = ""
    for word in names:
        if joined and word.lower() in _PARTICLES:
            pending += word
        else:
            joined.append(pending + word)
            pending = ""
    return joined + [pending] if pending else joined


def is_named(name: str | None) -> bool:
    """A source with a name ("Mikaela Sørensen", "the Pentagon"), not only a role ("its owner")."""
    return any(w[:1].isupper() for w in name_words(name or "")[1:]) or bool(
        name_words(name or "")
        and name_words(name or "")[0][:1].isupper()
        and not (name or "").startswith(("The ", "A ", "An "))
    )


def speaker_id(key: str) -> str:
    return "sp-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Spoken:
    """A speaker as one claim names it: its story and article, the name as written, and
    the role the article gives it, if any ("head of the centre")."""

    story: str
    article: str
    name: str
    role: str | None = None


def assign_speakers(store: LinkStore) -> None:
    """Canonical speaker ids for the claims of the touched stories."""
    mentions = {
        m.claim_id: Spoken(m.story_id, m.article_id, m.name, m.role)
        for m in store.speaker_mentions()
    }
    ids = canonical_ids(mentions.values())
    store.set_speakers({cid: ids[mention] for cid, mention in mentions.items()})


def canonical_ids(mentions: Iterable[Spoken]) -> dict[Spoken, str]:
    """The canonical speaker id of each mention (see the module docstring)."""
    by_story: dict[str, list[Spoken]] = defaultdict(list)
    for mention in mentions:
        by_story[mention.story].append(mention)
    ids: dict[Spoken, str] = {}
    for story_mentions in by_story.values():
        ids.update(_story_ids(story_mentions))
    return ids


def _story_ids(mentions: list[Spoken]) -> dict[Spoken, str]:
    people = _people(mentions)
    roles = _roles_of(people)
    orgs = _organisations([m for m in mentions if m not in people and not _bare(m)])
    ids: dict[Spoken, str] = {}
    for mention in mentions:
        if mention in people:
            ids[mention] = speaker_id(people[mention])
        elif (holder := _role_holder(mention, roles)) is not None:
            ids[mention] = speaker_id(holder)
        elif _bare(mention):
            person = _surname_owner(mention, mentions, people)
            key = person or "name:" + fold(_name_parts(mention)[0])
            ids[mention] = speaker_id(key)
        else:
            ids[mention] = speaker_id(orgs[mention])
    return ids


_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "capt": "captain",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "supt": "superintendent",
    "insp": "inspector",
    "cmdr": "commander",
    "pres": "president",
}


def _role_words(text: str | None) -> set[str]:
    """The content words of a role, folded, abbreviations spelt out ("Qeshm Gov." ->
    {"qeshm", "governor"})."""
    words = (fold(w.rstrip(".")) for w in _WORD.findall(text or ""))
    return {_ABBREVIATIONS.get(w, w) for w in words if w and w not in _SMALL and w != "a"}


def _roles_of(people: dict[Spoken, str]) -> dict[str, set[str]]:
    """Each person's role words in the story: the role written with a mention, and the
    words written before the name ("Qeshm Gov. Heidar Alishvandi")."""
    roles: dict[str, set[str]] = defaultdict(set)
    for mention, key in people.items():
        written = _WORD.findall(_clean(mention.name))
        roles[key] |= _role_words(mention.role) | _role_words(" ".join(written[:-2]))
    return roles


def _role_holder(mention: Spoken, roles: dict[str, set[str]]) -> str | None:
    """The one person of the story whose role a role phrase names ("the governor of Qeshm
    island" for "Heydar Alishbandi, Governor of Qeshm island")."""
    words = _WORD.findall(_clean(mention.name))
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if not words or not is_title(words[0]) and not is_title(words[-1]):
        return None
    wanted = _role_words(" ".join(words))
    holders = [key for key, held in roles.items() if wanted and wanted <= held]
    return holders[0] if len(holders) == 1 else None


def _bare(mention: Spoken) -> bool:
    """A capitalised single word that may be a surname ("Kovalenko", "Mr Alishbandi", "Del
    Giudice")."""
    words = _name_parts(mention)
    return len(words) == 1 and words[0][:1].isupper() and not words[0].isupper()


def _name_parts(mention: Spoken) -> list[str]:
    """The words of a mention's name, a surname particle joined to the word after it."""
    return _leading_particle_joined(_joined_particles(name_words(_clean(mention.name))))


def _leading_particle_joined(words: list[str]) -> list[str]:
    """A name opening with a particle ("Del Giudice" alone) is one surname."""
    if len(words) > 1 and words[0].lower() in _PARTICLES:
        return [words[0] + words[1], *words[2:]]
    return words


def _people(mentions: list[Spoken]) -> dict[Spoken, str]:
    """Each mention of a person's full name -> the canonical key of that person in the
    story: mentions whose names match fuzzily are one person, keyed by the most common."""
    keyed = {m: k for m in mentions if (k := person_key(m.name)) is not None}
    distinct = sorted(set(keyed.values()))
    parent = {k: k for k in distinct}

    def find(k: tuple[str, str]) -> tuple[str, str]:
        while parent[k] != k:
            k = parent[k]
        return k

    for i, a in enumerate(distinct):
        for b in distinct[i + 1 :]:
            if _same_person(a, b):
                parent[find(b)] = find(a)
    counts = Counter(keyed.values())
    members: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for k in distinct:
        members[find(k)].append(k)
    canonical = {
        k: max(group, key=lambda g: (counts[g], g)) for group in members.values() for k in group
    }
    return {m: "person:{}:{}".format(*canonical[k]) for m, k in keyed.items()}


def _same_person(a: tuple[str, str], b: tuple[str, str]) -> bool:
    if a == b:
        return True
    return fuzz.ratio(a[0], b[0]) >= SURNAME_RATIO and fuzz.ratio(a[1], b[1]) >= GIVEN_RATIO


def _surname_owner(
    mention: Spoken, mentions: list[Spoken], people: dict[Spoken, str]
) -> str | None:
    """The one person a bare surname stands for: in its own article, else in its story."""
    surname = fold(_name_parts(mention)[0])
    for scope in (mention.article, None):
        owners = {
            key
            for other, key in people.items()
            if (scope is None or other.article == scope)
            and fuzz.ratio(key.split(":")[1], surname) >= SURNAME_RATIO
        }
        if len(owners) == 1:
            return next(iter(owners))
        if owners:
            return None  # two people of that name: the surname alone cannot tell
    return None


def _organisations(mentions: list[Spoken]) -> dict[Spoken, str]:
    """Each mention of something other than a person -> its canonical key: role phrases
    join the one person of the story with that role, acronyms the organisation they spell,
    near-identical names one another."""
    keys = {m: org_key(m.name) for m in mentions}
    spelled = {k for k in keys.values() if " " in k}
    resolved: dict[str, str] = {}
    for key in sorted(set(keys.values())):
        if " " not in key and key.isalpha():
            spelt = [s for s in spelled if _initials(s) == key]
            if len(spelt) == 1:
                resolved[key] = spelt[0]
                continue
        near = [s for s in sorted(resolved.values()) if fuzz.ratio(s, key) >= ORG_RATIO]
        resolved[key] = near[0] if near else key
    return {m: "name:" + resolved[keys[m]] for m in mentions}


def org_key(name: str) -> str:
    """An organisation's name as a key: lower case, folded, without article, owner or
    place, with "U.S." and "United States" written "us"."""
    text = _clean(name)
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    text = re.sub(r"^[A-Z][\w.-]*['\u2019]s\s+", "", text)  # "Tehran's seismologic center"
    text = _US.sub("us", text.lower())
    text = _STATES.sub(lambda m: _STATE_NAMES[m.group().replace(" ", "")], text)
    return " ".join(fold(w) for w in _WORD.findall(text) if not is_title(w))


def _initials(key: str) -> str:
    """The acronym a multi-word name spells ("us geological survey" -> "usgs")."""
    letters = []
    for word in key.split():
        if word in _SMALL:
            continue
        letters.append(word if word == "us" else word[0])
    return "".join(letters)
