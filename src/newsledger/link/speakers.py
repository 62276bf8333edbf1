"""Canonical speakers: one id for "Andriy Kovalenko", "Andrii Kovalenko" and "Kovalenko",
another for a different person who shares the surname, one per organisation name."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from newsledger.titles import is_title

_WORD = re.compile(r"[\w'\u2019-]+")
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


def person_key(name: str) -> tuple[str, str] | None:
    """(surname, given name) in folded form for a person's name of two or more words."""
    words = name_words(name)
    capitalised = []
    for word in reversed(words):  # "Fire service spokeswoman Mikaela Sørensen" -> the name
        if not word[:1].isupper() or is_title(word) or word.lower() == "the":
            break
        capitalised.insert(0, word)
    if len(capitalised) < 2 or len(capitalised) > 4:
        return None
    return fold(capitalised[-1]), fold(capitalised[0])


def is_named(name: str | None) -> bool:
    """A source with a name ("Mikaela Sørensen", "the Pentagon"), not only a role ("its owner")."""
    return any(w[:1].isupper() for w in name_words(name or "")[1:]) or bool(
        name_words(name or "")
        and name_words(name or "")[0][:1].isupper()
        and not (name or "").startswith(("The ", "A ", "An "))
    )


def speaker_id(key: str) -> str:
    return "sp-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def canonical_ids(names: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Map (story, name) pairs to canonical speaker ids.

    Full names (two words or more) key on folded surname and given name. A bare surname
    joins the full name with that surname in its story when exactly one exists, so two
    Kovalenkos with different given names never merge. Anything else keys on its folded
    words ("The Pentagon" and "Pentagon" are one).
    """
    full_by_story: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for story, name in names:
        key = person_key(name)
        if key is not None:
            full_by_story.setdefault((story, key[0]), set()).add(key)
    ids: dict[tuple[str, str], str] = {}
    for story, name in names:
        key = person_key(name)
        words = name_words(name)
        if key is not None:
            ids[(story, name)] = speaker_id(f"person:{key[0]}:{key[1]}")
        elif (
            len(words) == 1
            and words[0][:1].isupper()
            and len(full_by_story.get((story, fold(words[0])), ())) == 1
        ):
            surname, given = next(iter(full_by_story[(story, fold(words[0]))]))
            ids[(story, name)] = speaker_id(f"person:{surname}:{given}")
        else:
            ids[(story, name)] = speaker_id("name:" + " ".join(fold(w) for w in words))
    return ids
