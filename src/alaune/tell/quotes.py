"""Quotes, their speakers and their attributions, found in an article's text.

An edition shows a story's strongest words as they were said: « Nous ne céderons pas », a déclaré
Emmanuel Macron, linked to the article that carries them. What is shown must be what the article
wrote, so everything here is a slice of the input: the quoted words (``Quote.text`` is
``text[start:end]``), the speaker, the attribution clause and the sentence. Nothing is rewritten,
joined or resolved; what cannot be found verbatim is left out (``speaker=None``,
``attribution=""``).

The work is regular expressions and string scans, no model: a 10 kB article takes one to three
milliseconds. Three steps:

1. Pair the quotation marks of each paragraph (« », “ ”, „ “, » «, " ", ‘ ’), counting nested
   marks of the same kind; an opening mark with no closing mark before the paragraph ends is
   dropped, so a broken mark can never make a quote run over text outside its marks.
2. Split the text into sentences, never inside a pair of marks, so that a quote of several
   sentences stays one quote and its attribution is looked for in its own sentence.
3. Look for the attribution after the quote first (« … », a déclaré X; “…,” X said), then before
   it (X a déclaré : « … »; according to X, “…”), with French and English patterns; other
   languages get the quotes only.

``attributions`` finds reported speech without a direct quote (selon l'agence KCNA, according to
state media, X told Reuters), for a story whose sources paraphrase.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from alaune.text import language_code

__all__ = ["Quote", "attributions", "find_quotes"]


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote, every field verbatim from the text it was found in."""

    text: str  # the quoted words, without the marks: text[start:end] of the input
    start: int
    end: int
    speaker: str | None  # "Emmanuel Macron", "the minister", "KCNA"; None when not found
    attribution: str  # "a déclaré Emmanuel Macron", "he said", "according to Reuters"; or ""
    sentence: str  # the sentence holding the quote


class _Pair(NamedTuple):
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark


class _Who(NamedTuple):
    start: int
    end: int
    pronoun: bool  # "il", "she": an attribution, but no speaker to show


class _Attr(NamedTuple):
    start: int
    end: int
    speaker: tuple[int, int] | None


# --- Words -------------------------------------------------------------------------------------

_MAX_SPEAKER_WORDS = 8
_WINDOW = 240  # how far from a quote its attribution is looked for
_MAX_QUOTE = 4000  # longer "quotes" are marks that were never meant to pair
_MAX_MARKS_INSIDE = 64  # bounds the search for a closing mark: stray marks cost no more


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DETS = _wordset(
    "le la les un une des du son sa ses leur leurs ce cet cette ces plusieurs "
    "the a an his her their its our one another several many some two three"
)
_PRONOUNS = _wordset("il elle ils elles on lui eux nous he she they we i it you")
# Name particles: Ursula von der Leyen, Bachar al-Assad, Charles de Gaulle, Secretary of State
_PARTICLES = _wordset(
    "de du des la le d' d’ van von der den ter zu bin ibn ben al el da di dos das del della y of"
)
_DANGLING = _DETS | _PARTICLES  # words a speaker phrase cannot end with
_FR_DAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche"
_DAYS = _FR_DAYS + " monday tuesday wednesday thursday friday saturday sunday"
# Words that end a speaker phrase: "le ministre | dans un communiqué", "the envoy | who ..."
_ROLE_STOP = _wordset(
    "dans lors devant sur après avant pendant en qui que dont où hier aujourd'hui "
    "aujourd’hui citant cité citée ayant sous mais et ou car selon alors depuis à au aux "
    "est sont était a-t-il "
    "in on at during after before who whom whose which that when while as citing "
    "having under and but or said says told yesterday today tonight last this earlier "
    "later adding because since is was were has had have " + _DAYS
)
# Words before a speaker that are not part of it: "Mardi soir, | Emmanuel Macron a déclaré"
_LEADING_STOP = _wordset(
    "hier aujourd'hui aujourd’hui soir matin mais et puis ensuite alors cependant pourtant "
    "enfin aussi or donc yesterday today tonight later earlier then but and so also however "
    "meanwhile still " + _DAYS
)
# For "Pour X, « … »": X must be someone, not "la première fois"
_ROLE_NOUNS = _wordset(
    "ministre président présidente porte-parole maire secrétaire directeur directrice avocat "
    "avocate responsable chef cheffe député députée sénateur sénatrice syndicat expert experte "
    "chercheur chercheuse économiste patron patronne dirigeant dirigeante opposition "
    "gouvernement ministère procureur procureure juge analyste politologue spécialiste "
    "association ong parti élu élue militant militante médecin professeur professeure "
    "candidat candidate fondateur fondatrice"
)
# After "selon", "according to" a source needs no determiner (state media, officials), but
# these are not sources: "selon laquelle", "according to which", "selon nos informations"
_NOT_BARE = _wordset(
    "laquelle lequel lesquels lesquelles que quoi qui nos notre mon ma mes moi toi vous "
    "which whom what this that these those our my me him them us you"
)
_ABBREVIATIONS = _wordset(
    "m mm mme mmes mlle dr mr mrs ms st jr sr prof gen sen rep gov lt col capt sgt mgr no vs "
    "av bd cf ex fig"
)

_TOKEN = re.compile(r"[^\s,;:!?()\[\]«»\"“”„‘—–]+")
_GAP = re.compile(r"[ \t\u00a0\u202f\u2009]*")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_NAME_PREFIX = re.compile(r"(?:al|el|ad|as|ash|at|an|ibn|bin|ben|abu|abou|d|o)['’-]", re.I)


def _is_cap(word: str) -> bool:
    """A word that can be part of a name: Macron, KCNA, al-Assad, d'Estaing, O'Brien."""
    prefix = _NAME_PREFIX.match(word)
    rest = word[prefix.end() :] if prefix else word
    return rest[:1].isupper()


def _is_det(word: str) -> bool:
    low = word.lower()
    return low in _DETS or (low[:2] in ("l'", "l’") and len(low) > 2)


def _is_abbreviation(word: str) -> bool:
    """M, Mme, Dr, U.S, p.m, the J of J. Smith: a period after these ends no sentence."""
    word = word.lstrip("(«“\"'‘")
    low = word.lower()
    if low in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
        return True
    parts = low.split(".")
    return len(parts) > 1 and all(part.isalpha() and len(part) <= 2 for part in parts)


def _strip_period(word: str) -> tuple[str, bool]:
    """The word without a sentence-final period, and whether it had one."""
    if word.endswith(".") and not word.endswith("..") and not _is_abbreviation(word[:-1]):
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


def _name_run(words: list[str]) -> tuple[int, bool]:
    """How many words make a name (Jean-Luc Mélenchon, M. Dupont), and whether a period ends it."""
    count = 0
    for word in words:
        core, period = _strip_period(word)
        if not (_is_cap(core) or (core.lower() in _PARTICLES and not period)):
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


def _speaker_after(text: str, pos: int, hi: int, *, bare: bool = False) -> tuple[int, int] | None:
    """The name or role phrase that starts at pos: 'a déclaré | le ministre de l'Intérieur.'

    `bare` also takes a phrase without a determiner, as after 'according to | state media'."""
    spans = _tokens(text, pos, hi, _MAX_SPEAKER_WORDS)
    if not spans:
        return None
    words = [text[a:b] for a, b in spans]
    if _is_det(words[0]) or (bare and _bare_start(words[0])):
        count, period = _role_run(words)
    elif _is_cap(words[0]):
        count, period = _name_run(words)
    else:
        return None
    while count and words[count - 1].lower() in _DANGLING:  # "le ministre de |"
        count, period = count - 1, False
    if count == 0 or (count == 1 and words[0].lower() in _DETS):
        return None
    return spans[0][0], spans[count - 1][1] - (1 if period else 0)


def _bare_start(word: str) -> bool:
    low = word.lower()
    return word[:1].isalpha() and low not in _NOT_BARE and low not in _PRONOUNS


def _plausible_speaker(words: list[str], *, bare: bool = False) -> bool:
    """A whole clause that reads as a speaker: a role phrase, or capitalised words."""
    lows = [word.lower() for word in words]
    if any(low in _ROLE_STOP or low in _PRONOUNS for low in lows[1:]):
        return False
    if bare and not _is_cap(words[0]) and _bare_start(words[0]):
        return True
    if _is_det(words[0]):
        return len(words) > 1 or lows[0] not in _DETS
    if not _is_cap(words[0]):
        return False
    # "White House spokesman Jane Doe", "U.S. officials": at most one lowercase word
    lower = sum(1 for w, low in zip(words, lows, strict=True) if not _is_cap(w))
    return lower - sum(1 for low in lows if low in _PARTICLES) <= 1


def _speaker_in(
    text: str, start: int, end: int, *, before: bool, bare: bool = False
) -> _Who | None:
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
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return _Who(spans[0][0], spans[0][1], True)
    if len(words) <= _MAX_SPEAKER_WORDS and _plausible_speaker(words, bare=bare):
        return _Who(spans[0][0], spans[-1][1], False)
    return _trailing_name(spans, words) if before else None


def _trailing_name(spans: list[tuple[int, int]], words: list[str]) -> _Who | None:
    """'Interrogé par la presse Emmanuel Macron' -> 'Emmanuel Macron'."""
    first = len(words)
    while first and (_is_cap(words[first - 1]) or words[first - 1].lower() in _PARTICLES):
        first -= 1
    while first < len(words) and not _is_cap(words[first]):
        first += 1
    if first == len(words) or not _is_cap(words[-1]):
        return None
    if len(words) - first > _MAX_SPEAKER_WORDS:
        return None
    return _Who(spans[first][0], spans[-1][1], False)


_CLAUSE_DELIM = re.compile(
    r"[,;:()\[\]«»\"“”„‘—–]|(?<![\w'’-])(?:et|mais|puis|and|but|then|while|as|alors\s+que|"
    r"tandis\s+que)(?![\w'’-])"
)


def _speaker_before(text: str, lo: int, verb: int) -> _Who | None:
    """The speaker of a verb from the clause before it: 'Mardi, le ministre | a déclaré'."""
    delims = list(_CLAUSE_DELIM.finditer(text, lo, verb))
    start = delims[-1].end() if delims else lo
    if text[start:verb].strip():
        return _speaker_in(text, start, verb, before=True)
    # "Jane Doe, the foreign minister, said": the name, not the appositive, is the speaker
    if len(delims) < 2 or text[delims[-1].start()] != "," or text[delims[-2].start()] != ",":
        return None
    appositive = _tokens(text, delims[-2].end(), delims[-1].start(), _MAX_SPEAKER_WORDS + 1)
    if not appositive or len(appositive) > _MAX_SPEAKER_WORDS:
        return None
    name_start = delims[-3].end() if len(delims) > 2 else lo
    who = _speaker_in(text, name_start, delims[-2].start(), before=True)
    return who if who and not who.pronoun else None


# --- Verbs and patterns ------------------------------------------------------------------------

# (past participle, present 3rd person singular) of the French verbs of saying
_FR_VERBS = (
    ("déclaré", "déclare"), ("affirmé", "affirme"), ("indiqué", "indique"),
    ("expliqué", "explique"), ("estimé", "estime"), ("assuré", "assure"),
    ("dénoncé", "dénonce"), ("ajouté", "ajoute"), ("souligné", "souligne"),
    ("réagi", "réagit"), ("martelé", "martèle"), ("lancé", "lance"), ("prévenu", "prévient"),
    ("écrit", "écrit"), ("tweeté", "tweete"), ("dit", "dit"), ("confié", "confie"),
    ("raconté", "raconte"), ("précisé", "précise"), ("insisté", "insiste"),
    ("averti", "avertit"), ("poursuivi", "poursuit"), ("commenté", "commente"),
    ("répondu", "répond"), ("rappelé", "rappelle"), ("résumé", "résume"),
    ("regretté", "regrette"), ("reconnu", "reconnaît"), ("jugé", "juge"),
    ("annoncé", "annonce"), ("promis", "promet"), ("demandé", "demande"),
    ("observé", "observe"), ("relevé", "relève"), ("tranché", "tranche"),
    ("plaidé", "plaide"), ("témoigné", "témoigne"), ("admis", "admet"), ("conclu", "conclut"),
    ("confirmé", "confirme"), ("répété", "répète"), ("fustigé", "fustige"),
    ("déploré", "déplore"), ("glissé", "glisse"), ("lâché", "lâche"), ("ironisé", "ironise"),
    ("renchéri", "renchérit"), ("détaillé", "détaille"), ("rapporté", "rapporte"),
    ("nuancé", "nuance"), ("critiqué", "critique"), ("salué", "salue"),
)  # fmt: skip
_FR_REFLEXIVE = _wordset(
    "félicité indigné interrogé exclamé défendu insurgé inquiété réjoui agacé emporté alarmé "
    "étonné ému"
)
_EN_VERBS = _wordset(
    "said says added adds wrote writes stated states explained explains noted notes warned "
    "warns insisted insists argued argues asked asks replied replies responded continued "
    "declared announced posted tweeted commented remarked recalled acknowledged admitted "
    "claimed stressed urged concluded conceded countered cautioned predicted vowed promised "
    "told tells"
)


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first so that 'déclare' does not stop 'déclarent'."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_CAPWORD = r"[A-Z](?:[\w&'’-]|\.(?=\w))*"  # Reuters, U.S, BBC; not the period after
_PART = _alternation([p for p, _ in _FR_VERBS])
_PRES = _alternation(
    [s for _, s in _FR_VERBS] + [s + "nt" for _, s in _FR_VERBS if s.endswith("e")]
)
_REFL = rf"(?:{_alternation(_FR_REFLEXIVE)})(?:es|e|s)?"
_FR_ADV = r"(?:encore|aussi|également|ensuite|enfin|alors|déjà|notamment|d['’]ailleurs|même)"
_FR_PRONOUN = r"(?:il|elle|on|ils|elles)"
# "à l'AFP", "sur X", "dans un communiqué", "mardi soir": between the verb and the speaker
_FR_COMP = (
    rf"\s+(?:à|au|aux|sur)\s+(?:l['’]|la\s+|le\s+|les\s+)?{_CAPWORD}"
    r"|\s+dans\s+(?:un|une|le|la|son|sa|leur)\s+(?:communiqué|entretien|interview|message|tweet"
    r"|vidéo|lettre|courrier|discours|post|billet|tribune)"
    rf"|\s+(?:{_FR_DAYS.replace(' ', '|')}|hier|aujourd['’]hui)"
    r"(?:\s+(?:matin|soir|après-midi))?|\s+ce\s+(?:matin|soir|week-end)"
)
_FR_VERB = (
    rf"(?:(?:a|ont|avait|avaient)\s+(?:{_FR_ADV}\s+)?(?P<part>{_PART})"
    rf"|(?:s['’]est|se\s+sont)\s+(?:{_FR_ADV}\s+)?{_REFL}|(?:{_PRES}))(?![\w-])"
    rf"(?:{_FR_COMP}){{0,2}}"
)
# "a-t-il déclaré", "estime-t-elle", "dit-il", "s'est-il félicité": the speaker is a pronoun
_FR_VERB_INVERTED = (
    rf"(?:(?:a-t|ont|avait|avaient)-{_FR_PRONOUN}(?:\s+{_FR_ADV})?\s+(?:{_PART})"
    rf"|s['’]est-{_FR_PRONOUN}(?:\s+{_FR_ADV})?\s+{_REFL}"
    rf"|(?:{_PRES})(?:-t)?-{_FR_PRONOUN})(?![\w-])(?:{_FR_COMP}){{0,2}}"
)

_EN_ADV = r"(?:also|later|then|previously|earlier|again|recently|once|repeatedly|reportedly)"
_EN_OBJECT = (
    r"(?:reporters|journalists|lawmakers|supporters|the\s+press"
    rf"|(?:the\s+)?{_CAPWORD}(?:\s+{_CAPWORD}){{0,3}})"
)
# "in a statement", "on X (formerly Twitter)", "on social media"
_EN_COMP = (
    r"(?:\s+(?:in|on|during)\s+(?:a|an|the)\s+(?:statement|interview|post|video|speech|letter"
    r"|email|message|press\s+conference|news\s+conference|briefing|televised\s+address)"
    rf"|\s+on\s+(?:social\s+media|{_CAPWORD}(?:\s+{_CAPWORD})?)"
    rf"(?:\s*\((?:formerly\s+)?{_CAPWORD}\))?)?"
)
_EN_VERB = (
    rf"(?:(?:told|tells)(?:\s+{_EN_OBJECT})?|(?:{_alternation(_EN_VERBS)}))(?![\w-]){_EN_COMP}"
)

_LEAD = r"\s*,?\s*"  # between a closing mark and what follows: "», a déclaré", '," he said'
_NOT_IN_WORD = r"(?<![\w'’-])"
_SPEAKER_CLAUSE = r"[^,;:!?\"“”«»„\n]{1,80}?"

_FR_AFTER_INVERTED = re.compile(rf"{_LEAD}(?P<a>{_FR_VERB_INVERTED})")
_FR_AFTER_VERB = re.compile(rf"{_LEAD}(?P<a>{_FR_VERB}|(?P<kw>selon|d['’]après))\s+")
_FR_BEFORE_SELON = re.compile(
    rf"{_NOT_IN_WORD}(?P<a>(?P<kw>[Ss]elon|[Dd]['’]après|[Pp]our)\s+(?P<sp>{_SPEAKER_CLAUSE}))"
    r"\s*,\s*$"
)
_FR_BEFORE_VERB = re.compile(rf"{_NOT_IN_WORD}(?P<v>{_FR_VERB})(?:\s*[,:]|\s+que|\s+qu['’])?\s*$")
_EN_AFTER_ACCORDING = re.compile(rf"{_LEAD}(?P<a>according\s+to)\s+")
_EN_AFTER_SAID_WHO = re.compile(
    rf"{_LEAD}(?P<a>(?:said|says|added|adds|wrote|writes|asked|asks|continued|explained"
    r"|insisted|recalled|noted|warned|replied|declared))\s+"
)
_EN_AFTER_WHO_SAID = re.compile(
    rf"{_LEAD}(?P<seg>[^\s,;:!?\"“”«»„][^,;:!?\"“”«»„\n]{{0,80}}?)"
    r"(?:,\s*(?P<app>[^,;:!?\"“”«»„\n]{1,80}?),)?"
    rf"\s+(?:{_EN_ADV}\s+)?(?P<v>{_EN_VERB})"
)
_EN_BEFORE_ACCORDING = re.compile(
    rf"{_NOT_IN_WORD}(?P<a>(?P<kw>[Aa]ccording\s+to)\s+(?P<sp>{_SPEAKER_CLAUSE}))\s*,\s*$"
)
_EN_BEFORE_VERB = re.compile(rf"{_NOT_IN_WORD}(?P<v>{_EN_VERB})(?:\s*[,:]|\s+that)?\s*$")

# --- Quotation marks ---------------------------------------------------------------------------

_MARKS = re.compile('[«»“”„"‘’]')
_WORD_START = "([{—–-/:"
_TEXT_START = "'‘(…[¡¿«“-—."


def _style(lang: str | None) -> str:
    """'fr', 'en', 'auto' (unknown: both) or 'other' (quotes without attributions)."""
    code = language_code(lang)
    if code is None:
        return "auto"
    return code if code in ("fr", "en") else "other"


def _closers(text: str, pos: int, style: str) -> str:
    """The marks that close the mark at pos, or '' when it opens nothing."""
    mark = text[pos]
    nxt = text[pos + 1] if pos + 1 < len(text) else "\n"
    if nxt == "\n":
        return ""
    if mark in "«“„":
        return {"«": "»", "“": "”", "„": "“”"}[mark]
    prev = text[pos - 1] if pos else " "
    # Marks that also close (» in French, ", ‘) open only at the start of a word
    if not (prev.isspace() or prev in _WORD_START) or not (nxt.isalnum() or nxt in _TEXT_START):
        return ""
    if mark == "»":
        return "«" if style in ("auto", "other") else ""
    return {'"': '"', "‘": "’"}.get(mark, "")


def _closes(text: str, pos: int, opener: str) -> bool:
    """Whether the mark at pos can close a quote opened by `opener`."""
    mark, prev = text[pos], text[pos - 1]
    if mark in '"’':  # also apostrophes and openers: only at the end of a word
        nxt = text[pos + 1] if pos + 1 < len(text) else " "
        return not prev.isspace() and not nxt.isalnum()
    return not (mark == "«" and opener == "»" and prev.isspace())


def _pair_quotes(text: str, style: str) -> list[_Pair]:
    """Pairs of quotation marks, in order, none inside another, none across paragraphs."""
    marks = [m.start() for m in _MARKS.finditer(text)]
    pairs: list[_Pair] = []
    i = 0
    while i < len(marks):
        closers = _closers(text, marks[i], style)
        j = _find_close(text, marks, i, closers, style) if closers else None
        if j is None:
            i += 1
            continue
        pairs.append(_Pair(marks[i], marks[j]))
        i = j + 1
    return pairs


def _find_close(text: str, marks: list[int], i: int, closers: str, style: str) -> int | None:
    """The index in marks of the mark closing marks[i], counting nested marks of its kind."""
    start = marks[i]
    opener = text[start]
    para_end = text.find("\n", start)
    limit = min(len(text) if para_end < 0 else para_end, start + _MAX_QUOTE)
    depth = 1
    for j in range(i + 1, min(len(marks), i + 1 + _MAX_MARKS_INSIDE)):
        pos = marks[j]
        if pos >= limit:
            break
        mark = text[pos]
        if mark in closers and _closes(text, pos, opener):
            depth -= 1
            if depth == 0:
                return j
        elif mark == opener and _closers(text, pos, style):
            depth += 1
    return None


def _inner(text: str, pair: _Pair) -> tuple[int, int] | None:
    """The quoted words between a pair: no spaces at the ends, no trailing comma ('win,”')."""
    start, end = pair.open + 1, pair.close
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return (start, end) if start < end else None


# --- Sentences ---------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"\n+|(?P<p>[.!?…]+[\"»”’)\]]*)[ \t\u00a0\u202f\u2009]+")
_SENTENCE_START = '«“"„‘([¿¡—–-»'
# '"Why now?" Jane Doe asked.': the question mark does not end that sentence
_ATTRIBUTION_AHEAD = re.compile(
    rf"(?:[A-Z][\w'’.-]*\s+){{1,4}}(?:{_alternation(_EN_VERBS)})(?![\w-])"
)


def _inside(pairs: list[_Pair], opens: list[int], pos: int) -> bool:
    k = bisect_right(opens, pos) - 1
    return k >= 0 and pairs[k].open < pos < pairs[k].close


def _is_boundary(text: str, m: re.Match[str], pairs: list[_Pair], opens: list[int]) -> bool:
    """Whether a run of final punctuation and spaces ends a sentence."""
    nxt = m.end()
    if nxt >= len(text) or not (text[nxt].isupper() or text[nxt] in _SENTENCE_START):
        return False
    punct = m.group("p")
    if _inside(pairs, opens, m.end("p") - 1):
        return False
    if punct[0] == "." and punct[1:2] != ".":
        word_start = text.rfind(" ", 0, m.start()) + 1
        word_start = max(word_start, text.rfind("\n", 0, m.start()) + 1)
        if _is_abbreviation(text[word_start : m.start()]):
            return False
    marks = punct.lstrip(".!?…")
    return not (marks and punct[-len(marks) - 1] in "?!" and _ATTRIBUTION_AHEAD.match(text, nxt))


def _sentence_spans(text: str, pairs: list[_Pair]) -> list[tuple[int, int]]:
    """Sentences as (start, end), without surrounding spaces, never cut inside quote marks."""
    opens = [pair.open for pair in pairs]
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group("p") is None:
            spans.append((start, m.start()))
        elif _is_boundary(text, m, pairs, opens):
            spans.append((start, m.end("p")))
        else:
            continue
        start = m.end()
    spans.append((start, len(text)))
    return [span for span in (_strip(text, a, b) for a, b in spans) if span[0] < span[1]]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- Attributions of quotes --------------------------------------------------------------------

_Finder = Callable[[str, int, int], _Attr | None]


def _fr_after(text: str, lo: int, hi: int) -> _Attr | None:
    """« … », a déclaré X / selon X / indique le communiqué / a-t-il ajouté."""
    m = _FR_AFTER_INVERTED.match(text, lo, hi)
    if m:
        return _Attr(m.start("a"), m.end("a"), None)
    m = _FR_AFTER_VERB.match(text, lo, hi)
    if m is None:
        return None
    who = _speaker_after(text, m.end(), hi, bare=m.group("kw") is not None)
    if who:
        return _Attr(m.start("a"), who[1], who)
    # "a déclaré" right after a quote attributes it even when the speaker is not found;
    # a bare present ("juge", "lance") or "selon" may be another word
    return _Attr(m.start("a"), m.end("a"), None) if m.group("part") else None


def _en_after(text: str, lo: int, hi: int) -> _Attr | None:
    """'…,' X said / said X / he added / according to X / X, the minister, said."""
    for pattern in (_EN_AFTER_ACCORDING, _EN_AFTER_SAID_WHO):
        m = pattern.match(text, lo, hi)
        who = _speaker_after(text, m.end(), hi, bare=pattern is _EN_AFTER_ACCORDING) if m else None
        if m and who:
            return _Attr(m.start("a"), who[1], who)
    m = _EN_AFTER_WHO_SAID.match(text, lo, hi)
    if m is None:
        return None
    speaker = _speaker_in(text, m.start("seg"), m.end("seg"), before=False)
    appositive = m.group("app")
    if speaker is None or (appositive and len(appositive.split()) > _MAX_SPEAKER_WORDS):
        return None
    if appositive and _is_det(text[speaker.start : speaker.end].split()[0]):
        # "the mayor, Ana Ferreira, said": the name in the appositive is the speaker
        words = appositive.split()
        if _name_run(words)[0] == len(words) >= 2:
            named = _Who(m.start("app"), m.end("app"), False)
            return _Attr(m.start("seg"), m.end("v"), _speaker_span(named))
    return _Attr(m.start("seg"), m.end("v"), _speaker_span(speaker))


def _speaker_span(who: _Who) -> tuple[int, int] | None:
    return None if who.pronoun else (who.start, who.end)


def _by_keyword(m: re.Match[str] | None, text: str) -> _Attr | None:
    """'Selon X, « … »', 'According to X, "…"', 'Pour X, « … »'."""
    if m is None:
        return None
    pour = m.group("kw").lower() == "pour"
    who = _speaker_in(text, m.start("sp"), m.end("sp"), before=False, bare=not pour)
    if who is None or (pour and not _someone(text[who.start : who.end])):
        return None
    return _Attr(m.start("a"), m.end("a"), _speaker_span(who))


def _someone(phrase: str) -> bool:
    """'Pour le ministre' is an attribution, 'Pour la première fois' is not."""
    words = phrase.split()
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return True
    if not _is_det(words[0]):
        return _is_cap(words[0])
    return any(_is_cap(w) or w.lower() in _ROLE_NOUNS for w in words[1:]) or (
        words[0][2:].lower() in _ROLE_NOUNS
    )


def _by_verb(m: re.Match[str] | None, text: str, lo: int) -> _Attr | None:
    """'X a déclaré : « … »', 'X said: "…"': the speaker is the clause before the verb."""
    if m is None:
        return None
    who = _speaker_before(text, lo, m.start("v"))
    return _Attr(who.start, m.end("v"), _speaker_span(who)) if who else None


def _fr_before(text: str, lo: int, hi: int) -> _Attr | None:
    found = _by_keyword(_FR_BEFORE_SELON.search(text, lo, hi), text)
    return found or _by_verb(_FR_BEFORE_VERB.search(text, lo, hi), text, lo)


def _en_before(text: str, lo: int, hi: int) -> _Attr | None:
    found = _by_keyword(_EN_BEFORE_ACCORDING.search(text, lo, hi), text)
    return found or _by_verb(_EN_BEFORE_VERB.search(text, lo, hi), text, lo)


_AFTER: dict[str, tuple[_Finder, ...]] = {
    "fr": (_fr_after,),
    "en": (_en_after,),
    "auto": (_fr_after, _en_after),
    "other": (),
}
_BEFORE: dict[str, tuple[_Finder, ...]] = {
    "fr": (_fr_before,),
    "en": (_en_before,),
    "auto": (_fr_before, _en_before),
    "other": (),
}


def _attribute(text: str, pair: _Pair, sentence: tuple[int, int], style: str) -> _Attr | None:
    """The attribution of a quote, after it in its sentence first, then before it."""
    after, before = pair.close + 1, pair.open
    after_hi = max(after, min(sentence[1], after + _WINDOW))
    before_lo = max(sentence[0], before - _WINDOW)
    for finder in _AFTER[style]:
        found = finder(text, after, after_hi)
        if found:
            return found
    for finder in _BEFORE[style]:
        found = finder(text, before_lo, before)
        if found:
            return found
    return None


# --- Public API --------------------------------------------------------------------------------


class _Found(NamedTuple):
    pair: _Pair
    inner: tuple[int, int]
    sentence: tuple[int, int]
    attr: _Attr | None


def _scan(
    text: str, pairs: list[_Pair], sentences: list[tuple[int, int]], style: str, min_words: int
) -> Iterator[_Found]:
    starts = [start for start, _ in sentences]
    for pair in pairs:
        inner = _inner(text, pair)
        if inner is None or len(_WORD.findall(text, inner[0], inner[1])) < min_words:
            continue
        sentence = sentences[bisect_right(starts, pair.open) - 1]
        yield _Found(pair, inner, sentence, _attribute(text, pair, sentence, style))


def find_quotes(
    text: str, lang: str | None = None, *, min_words: int = 4, limit: int = 20
) -> list[Quote]:
    """Quotes in order of appearance.

    `lang` ('fr', 'en-GB', ...) picks the attribution patterns; None tries French and English,
    another language gets the quotes with no speaker. Quotes of fewer than `min_words` words
    (scare quotes, titles) are skipped; at most `limit` quotes are returned."""
    quotes: list[Quote] = []
    style = _style(lang)
    pairs = _pair_quotes(text, style) if limit > 0 else []
    if not pairs:
        return quotes
    for found in _scan(text, pairs, _sentence_spans(text, pairs), style, min_words):
        attr = found.attr
        speaker = attr.speaker if attr else None
        start, end = found.inner
        quote = Quote(
            text=text[start:end],
            start=start,
            end=end,
            speaker=text[speaker[0] : speaker[1]] if speaker else None,
            attribution=text[attr.start : attr.end] if attr else "",
            sentence=text[found.sentence[0] : found.sentence[1]],
        )
        quotes.append(quote)
        if len(quotes) >= limit:
            break
    return quotes


# --- Reported speech ---------------------------------------------------------------------------

_REPORTED_KEYWORD = {
    "fr": re.compile(rf"{_NOT_IN_WORD}(?:[Ss]elon|[Dd]['’]après)\s+"),
    "en": re.compile(rf"{_NOT_IN_WORD}[Aa]ccording\s+to\s+"),
}
# ", a indiqué le ministère." : the speaker must end the clause
_REPORTED_FR_INVERTED = re.compile(rf",\s*(?P<a>{_FR_VERB})\s+")
_REPORTED_FR_THAT = re.compile(rf"{_NOT_IN_WORD}(?P<v>{_FR_VERB})\s+qu(?:e|['’])")
_REPORTED_EN = re.compile(
    rf"{_NOT_IN_WORD}(?P<v>(?:said|says|told\s+{_EN_OBJECT}|tells\s+{_EN_OBJECT}|announced"
    rf"|stated|confirmed)(?![\w-]){_EN_COMP})"
)
_CLAUSE_END = re.compile(r"\s*(?:[.;,!?…]|$)")

_Span4 = tuple[int, int, int, int]  # clause start, clause end, source start, source end


def _reported_keyword(text: str, style: str) -> Iterator[_Span4]:
    for lang in ("fr", "en"):
        if style not in (lang, "auto"):
            continue
        for m in _REPORTED_KEYWORD[lang].finditer(text):
            who = _speaker_after(text, m.end(), min(len(text), m.end() + _WINDOW), bare=True)
            if who:
                yield m.start(), who[1], who[0], who[1]


def _reported_fr_inverted(text: str) -> Iterator[_Span4]:
    for m in _REPORTED_FR_INVERTED.finditer(text):
        who = _speaker_after(text, m.end(), min(len(text), m.end() + _WINDOW))
        if who and _CLAUSE_END.match(text, who[1]):
            yield m.start("a"), who[1], who[0], who[1]


def _reported_before(
    text: str, pattern: re.Pattern[str], sentences: list[tuple[int, int]]
) -> Iterator[_Span4]:
    """'Le ministère a indiqué que…', 'The ministry said…', 'X told Reuters…'."""
    starts = [start for start, _ in sentences]
    for m in pattern.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        lo = sentences[k][0] if k >= 0 else 0
        who = _speaker_before(text, lo, m.start("v"))
        if who and not who.pronoun:
            yield who.start, m.end("v"), who.start, who.end


def attributions(text: str, lang: str | None = None) -> list[tuple[str, str]]:
    """Reported speech without a direct quote, as (source, clause), both verbatim.

    'selon l'agence KCNA' -> ("l'agence KCNA", "selon l'agence KCNA"); 'according to state
    media', ', a indiqué le ministère.', 'Le ministère a indiqué que', 'X told Reuters',
    'The ministry said'. Pronouns are no source; clauses that attribute a direct quote are left
    to find_quotes."""
    style = _style(lang)
    if not text or style == "other":
        return []
    pairs = _pair_quotes(text, style)
    sentences = _sentence_spans(text, pairs)
    taken = [(pair.open, pair.close + 1) for pair in pairs]
    taken += [(f.attr.start, f.attr.end) for f in _scan(text, pairs, sentences, style, 1) if f.attr]
    found: list[_Span4] = list(_reported_keyword(text, style))
    if style in ("fr", "auto"):
        found += _reported_fr_inverted(text)
        found += _reported_before(text, _REPORTED_FR_THAT, sentences)
    if style in ("en", "auto"):
        found += _reported_before(text, _REPORTED_EN, sentences)
    return [(text[a:b], text[start:end]) for start, end, a, b in _free(found, taken)]


def _free(found: list[_Span4], taken: list[tuple[int, int]]) -> Iterator[_Span4]:
    """The clauses that overlap no taken span (a quote, its attribution) and no earlier clause."""
    taken.sort()
    starts = [start for start, _ in taken]
    reach: list[int] = []  # reach[k]: the furthest end among taken[: k + 1]
    for _, end in taken:
        reach.append(max(end, reach[-1]) if reach else end)
    kept_end = -1
    for span in sorted(found):
        start, end = span[0], span[1]
        k = bisect_left(starts, end)
        if start < kept_end or (k and reach[k - 1] > start):
            continue
        kept_end = end
        yield span
