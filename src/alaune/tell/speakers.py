"""Who said it: the speaker phrases of quotes and reported speech, found by string scans.

A speaker is a name (Emmanuel Macron, Jean-Luc Mélenchon, M. Dupont, al-Assad), a role phrase
(le ministre de l'Intérieur, the White House spokesman) or a pronoun (il, she: an attribution
with no speaker to show), always a slice of the text. `alaune.tell.quotes` asks for one after a
verb of saying (`speaker_after`), as a whole clause (`speaker_in`), or in the clause before a
verb (`speaker_before`); the word lists below say what can open, continue and end one.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Who(NamedTuple):
    start: int
    end: int
    pronoun: bool  # "il", "she": an attribution, but no speaker to show


# --- Words -------------------------------------------------------------------------------------

MAX_SPEAKER_WORDS = 8


def wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DETS = wordset(
    "le la les un une des du son sa ses leur leurs ce cet cette ces plusieurs "
    "the a an his her their its our one another several many some two three"
)
PRONOUNS = wordset("il elle ils elles on lui eux nous he she they we i it you")
# Name particles: Ursula von der Leyen, Bachar al-Assad, Charles de Gaulle, Secretary of State
_PARTICLES = wordset(
    "de du des la le d' d’ van von der den ter zu bin ibn ben al el da di dos das del della y of"
)
_DANGLING = _DETS | _PARTICLES  # words a speaker phrase cannot end with
FR_DAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche"
_DAYS = FR_DAYS + " monday tuesday wednesday thursday friday saturday sunday"
# Words that end a speaker phrase: "le ministre | dans un communiqué", "the envoy | who ..."
_ROLE_STOP = wordset(
    "dans lors devant sur après avant pendant en qui que dont où hier aujourd'hui "
    "aujourd’hui citant cité citée ayant sous mais et ou car selon alors depuis à au aux "
    "est sont était a-t-il "
    "in on at during after before who whom whose which that when while as citing "
    "having under and but or said says told yesterday today tonight last this earlier "
    "later adding because since is was were has had have " + _DAYS
)
# Words before a speaker that are not part of it: "Mardi soir, | Emmanuel Macron a déclaré"
_LEADING_STOP = wordset(
    "hier aujourd'hui aujourd’hui soir matin mais et puis ensuite alors cependant pourtant "
    "enfin aussi or donc yesterday today tonight later earlier then but and so also however "
    "meanwhile still " + _DAYS
)
# For "Pour X, « … »": X must be someone, not "la première fois"
ROLE_NOUNS = wordset(
    "ministre président présidente porte-parole maire secrétaire directeur directrice avocat "
    "avocate responsable chef cheffe député députée sénateur sénatrice syndicat expert experte "
    "chercheur chercheuse économiste patron patronne dirigeant dirigeante opposition "
    "gouvernement ministère procureur procureure juge analyste politologue spécialiste "
    "association ong parti élu élue militant militante médecin professeur professeure "
    "candidat candidate fondateur fondatrice"
)
# After "selon", "according to" a source needs no determiner (state media, officials), but
# these are not sources: "selon laquelle", "according to which", "selon nos informations"
_NOT_BARE = wordset(
    "laquelle lequel lesquels lesquelles que quoi qui nos notre mon ma mes moi toi vous "
    "which whom what this that these those our my me him them us you"
)
_ABBREVIATIONS = wordset(
    "m mm mme mmes mlle dr mr mrs ms st jr sr prof gen sen rep gov lt col capt sgt mgr no vs "
    "av bd cf ex fig"
)

_TOKEN = re.compile(r"[^\s,;:!?()\[\]«»\"“”„‘—–]+")
_GAP = re.compile(r"[ \t\u00a0\u202f\u2009]*")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_NAME_PREFIX = re.compile(r"(?:al|el|ad|as|ash|at|an|ibn|bin|ben|abu|abou|d|o)['’-]", re.I)


def is_cap(word: str) -> bool:
    """A word that can be part of a name: Macron, KCNA, al-Assad, d'Estaing, O'Brien."""
    prefix = _NAME_PREFIX.match(word)
    rest = word[prefix.end() :] if prefix else word
    return rest[:1].isupper()


def is_det(word: str) -> bool:
    low = word.lower()
    return low in _DETS or (low[:2] in ("l'", "l’") and len(low) > 2)


def is_abbreviation(word: str) -> bool:
    """M, Mme, Dr, U.S, p.m, the J of J. Smith: a period after these ends no sentence."""
    word = word.lstrip("(«“\"'‘")
    low = word.lower()
    if low in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
        return True
    parts = low.split(".")
    return len(parts) > 1 and all(part.isalpha() and len(part) <= 2 for part in parts)


def _strip_period(word: str) -> tuple[str, bool]:
    """The word without a sentence-final period, and whether it had one."""
    if word.endswith(".") and not word.endswith("..") and not is_abbreviation(word[:-1]):
        return word[:-1], True
    return word, False


def _tokens(text: str, pos: int, hi: int, most: int) -> list[tuple[int, int]]:
    """Spans of up to `most` words from pos, stopping at punctuation or a line break."""
    out: list[tuple[int, int]] = []
    while len(out) < most:
        gap = _GAP.match(text, pos, hi)
        pos = gap.end() if gap else pos
        word = _TOKEN.match(text, pos, hi)
        if word is None:
            break
        out.append(word.span())
        pos = word.end()
    return out


# --- Speakers ----------------------------------------------------------------------------------


def name_run(words: list[str]) -> tuple[int, bool]:
    """How many words make a name (Jean-Luc Mélenchon, M. Dupont), and whether a period ends it."""
    count = 0
    for word in words:
        core, period = _strip_period(word)
        if not (is_cap(core) or (core.lower() in _PARTICLES and not period)):
            break
        count += 1
        if period:
            return count, True
    return count, False


def _role_run(words: list[str]) -> tuple[int, bool]:
    """How many words make a role phrase (le ministre de l'Intérieur, the White House spokesman)."""
    count = 0
    for word in words:
        core, period = _strip_period(word)
        low = core.lower()
        if count and (low in _ROLE_STOP or low.startswith(("qu'", "qu’"))):
            break
        count += 1
        if period:
            return count, True
    return count, False


def speaker_after(text: str, pos: int, hi: int, *, bare: bool = False) -> tuple[int, int] | None:
    """The name or role phrase that starts at pos: 'a déclaré | le ministre de l'Intérieur.'

    `bare` also takes a phrase without a determiner, as after 'according to | state media'."""
    spans = _tokens(text, pos, hi, MAX_SPEAKER_WORDS)
    if not spans:
        return None
    words = [text[a:b] for a, b in spans]
    if is_det(words[0]) or (bare and _bare_start(words[0])):
        count, period = _role_run(words)
    elif is_cap(words[0]):
        count, period = name_run(words)
    else:
        return None
    while count and words[count - 1].lower() in _DANGLING:  # "le ministre de |"
        count, period = count - 1, False
    if count == 0 or (count == 1 and words[0].lower() in _DETS):
        return None
    return spans[0][0], spans[count - 1][1] - (1 if period else 0)


def _bare_start(word: str) -> bool:
    low = word.lower()
    return word[:1].isalpha() and low not in _NOT_BARE and low not in PRONOUNS


def _plausible_speaker(words: list[str], *, bare: bool = False) -> bool:
    """A whole clause that reads as a speaker: a role phrase, or capitalised words."""
    lows = [word.lower() for word in words]
    if any(low in _ROLE_STOP or low in PRONOUNS for low in lows[1:]):
        return False
    if bare and not is_cap(words[0]) and _bare_start(words[0]):
        return True
    if is_det(words[0]):
        return len(words) > 1 or lows[0] not in _DETS
    if not is_cap(words[0]):
        return False
    # "White House spokesman Jane Doe", "U.S. officials": at most one lowercase word
    lower = sum(1 for w, low in zip(words, lows, strict=True) if not is_cap(w))
    return lower - sum(1 for low in lows if low in _PARTICLES) <= 1


def speaker_in(text: str, start: int, end: int, *, before: bool, bare: bool = False) -> Who | None:
    """The speaker that the clause text[start:end] is, if it is one.

    `before` marks a clause that opens a sentence ("Mardi soir, Emmanuel Macron"), where leading
    time words are skipped and a name at its end is taken when the whole is not a speaker."""
    spans = _tokens(text, start, end, 24)
    if not spans or text[spans[-1][1] : end].strip():
        return None  # punctuation inside: not one phrase
    if before:
        while spans and text[spans[0][0] : spans[0][1]].lower() in _LEADING_STOP:
            spans = spans[1:]
        if not spans:
            return None
    words = [text[a:b] for a, b in spans]
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return Who(spans[0][0], spans[0][1], True)
    if len(words) <= MAX_SPEAKER_WORDS and _plausible_speaker(words, bare=bare):
        return Who(spans[0][0], spans[-1][1], False)
    return _trailing_name(spans, words) if before else None


def _trailing_name(spans: list[tuple[int, int]], words: list[str]) -> Who | None:
    """'Interrogé par la presse Emmanuel Macron' -> 'Emmanuel Macron'."""
    first = len(words)
    while first and (is_cap(words[first - 1]) or words[first - 1].lower() in _PARTICLES):
        first -= 1
    while first < len(words) and not is_cap(words[first]):
        first += 1
    if first == len(words) or not is_cap(words[-1]):
        return None
    if len(words) - first > MAX_SPEAKER_WORDS:
        return None
    return Who(spans[first][0], spans[-1][1], False)


_CLAUSE_DELIM = re.compile(
    r"[,;:()\[\]«»\"“”„‘—–]|(?<![\w'’-])(?:et|mais|puis|and|but|then|while|as|alors\s+que|"
    r"tandis\s+que)(?![\w'’-])"
)


def speaker_before(text: str, lo: int, verb: int) -> Who | None:
    """The speaker of a verb from the clause before it: 'Mardi, le ministre | a déclaré'."""
    delims = list(_CLAUSE_DELIM.finditer(text, lo, verb))
    start = delims[-1].end() if delims else lo
    if text[start:verb].strip():
        return speaker_in(text, start, verb, before=True)
    # "Jane Doe, the foreign minister, said": the name, not the appositive, is the speaker
    if len(delims) < 2 or text[delims[-1].start()] != "," or text[delims[-2].start()] != ",":
        return None
    appositive = _tokens(text, delims[-2].end(), delims[-1].start(), MAX_SPEAKER_WORDS + 1)
    if not appositive or len(appositive) > MAX_SPEAKER_WORDS:
        return None
    name_start = delims[-3].end() if len(delims) > 2 else lo
    who = speaker_in(text, name_start, delims[-2].start(), before=True)
    return who if who and not who.pronoun else None
