"""Names without a model: the cleaning every mention goes through, and the heuristic that finds
names in languages spaCy has no model for here (`alaune.tell.entities` counts and ranks them).

The heuristic is conservative: runs of capitalised words that do not open a sentence, joined
across name particles (von, van, de, al-...), typed by the word before them (a title makes a
person, a locative preposition a place) or by their shape (an acronym is an organisation, two or
more words a person). A lone capitalised word without a cue is dropped: precision over recall.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Kind = Literal["person", "place", "organisation"]


# --- cleaning names ------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, for the long lists below."""
    return frozenset(text.split())


_SPACES = re.compile(r"\s+")
_LEADING_JUNK = "\"'«»“”„‘’‚‹›()[]{}<>-–—•·*/\\|,;:.!?"
_TRAILING_JUNK = _LEADING_JUNK + "…"
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
# Lower-case articles the models leave in ("the White House", "la Bretagne", "l'Élysée"); "The"
# too, which only a sentence start capitalises. Capitalised French articles stay: "Le Pen",
# "Le Monde", "La Haye" are names.
_ARTICLE = re.compile(r"^(?:(?:the|The|le|la|les|du|des)\s+|[ld]['’](?=\w))")
_KEEP_THE = frozenset({"the hague", "the gambia", "the bahamas"})
_HONORIFICS = _words(
    "m m. mm. mme mme. mmes mlle mr mr. mrs mrs. ms ms. dr dr. pr pr. prof. sir herr frau "
    "pan pani sr. sra. sig."
)
_ABBREVIATION_END = re.compile(r"(?:\b\w\.){2,}$|\b(?:Inc|Corp|Co|Ltd|Jr|Sr|St)\.$")
# Name particles: one of the first list opens them ("von", "van", "bin"), the second may follow
# ("von der Leyen", "de la Fuente"). Not German articles alone: "Scholz den Haushalt" is no name.
_PARTICLES_FIRST = _words("von van de da di del della dos du bin ibn ben al el ter ten zu af av of")
_PARTICLES = _PARTICLES_FIRST | _words("der den la le los las")
_AL_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|ar|an|at|az|bin|ben|ibn|bint)-\w", re.IGNORECASE)


def clean_name(surface: str, kind: Kind) -> str | None:
    """The display form of a mention, or None for junk."""
    name = _SPACES.sub(" ", surface).strip()
    for _ in range(3):  # the steps uncover one another: "«the Kremlin's»"
        before = name
        name = _strip_punctuation(name)
        name = _POSSESSIVE.sub("", name)
        if name.casefold() not in _KEEP_THE:
            name = _ARTICLE.sub("", name)
        if kind == "person":
            name = _strip_honorific(name)
        if name == before:
            break
    return name if _plausible(name) else None


def _strip_punctuation(name: str) -> str:
    name = name.lstrip(_LEADING_JUNK + " ")
    keep_dot = name.endswith(".") and _ABBREVIATION_END.search(name) is not None
    name = name.rstrip(_TRAILING_JUNK + " ")
    return name + "." if keep_dot else name


def _strip_honorific(name: str) -> str:
    """Drop a leading honorific: "M. Doucet" -> "Doucet", which merges into "Grégory Doucet"."""
    first, _, rest = name.partition(" ")
    return rest if rest and first.casefold() in _HONORIFICS else name


def _plausible(name: str) -> bool:
    """Not junk: a real name has letters, a capital where a name starts, and few words."""
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return False
    words = name.split()
    if len(words) > 6 or "@" in name or "://" in name or name.casefold().startswith("www."):
        return False
    first = words[0]
    # "ministre de l'Intérieur" is a description, not a name; "von der Leyen", "al-Sisi" and
    # "iPhone" start in lower case and are.
    return (
        first[0].isupper()
        or first in _PARTICLES_FIRST
        or _AL_PREFIX.match(first) is not None
        or any(c.isupper() for c in first)
    )


_FOLD_MARKS = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})


def fold_name(name: str) -> str:
    """The matching key: no case, no accents, one kind of apostrophe; "L'Oréal" = "Oréal"."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD_MARKS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"^l'(?=\w)", "", plain)
    return " ".join(plain.split())


# --- the heuristic, for languages without a model ------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_ELISION = re.compile(r"^(?:[ldLD]|dell|nell|all|dall|sull)['’](?=[^\W\d_])")
_BOUNDARY = re.compile(r"[.!?…:;\n„«“\"]")


# A title or honorific before a name makes it a person. German compounds end in one
# ("Außenministerin", "Bundespräsident", "SPD-Chef"), Polish ones inflect ("premierem").
_TITLES = _words(
    "mr mrs ms miss dr prof sir lord lady dame president vice-president senator governor mayor "
    "minister secretary chancellor king queen prince princess pope judge general "
    "m mme monsieur madame président présidente ministre maire "
    "herr frau präsident präsidentin kanzler kanzlerin minister ministerin könig königin prinz "
    "papst bürgermeister bürgermeisterin "
    "pan pani prezydent prezydenta prezydentem prezydentowi premier premiera premierem "
    "premierowi minister ministra ministrem ministrowi marszałek marszałka marszałkiem "
    "prezes prezesa prezesem szef szefa szefem szefowa rzecznik rzecznika papież generał "
    "señor señora sr sra presidente presidenta ministro ministra canciller rey reina papa "
    "alcalde alcaldesa signor signora sindaco premier cardinale"
)
_TITLE_ENDINGS = (
    "minister",
    "ministerin",
    "kanzler",
    "kanzlerin",
    "präsident",
    "präsidenten",
    "präsidentin",
    "sekretär",
    "sekretärin",
    "politiker",
    "politikerin",
    "sprecher",
    "sprecherin",
    "chef",
    "chefin",
)
_ABBREVIATED_TITLES = _words("mr mrs ms dr prof sr sra st gen m")
# A locative preposition before a name makes it a place.
_LOCATIVES = _words("in w we im en à au aux nach z ze aus do from to nel nella")
# Words that make a run an organisation ("Deutsche Bank", "Partido Popular", "Komisja Europejska").
_ORG_WORDS = _words(
    "party parti partei partido partito partia bank banco banca council commission ministry "
    "court university union agency company group corporation inc ltd police parliament congress "
    "senate committee kommission regierung gericht ministerium polizei universität stiftung "
    "verband konzern gruppe sejm senat komisja rada sąd trybunał ministerstwo policja prokuratura "
    "uniwersytet fundacja gobierno ministerio congreso senado tribunal comisión universidad "
    "policía ayuntamiento governo ministero commissione tribunale senato università fc ac "
    "service office institute foundation association organisation organization federation "
    "authority board league fund department"
)
_ORG_ENDINGS = ("bank", "partei", "gericht", "ministerium", "verband", "konzern", "kommission")
# Country acronyms are places, not organisations.
_PLACE_ACRONYMS = _words("USA UK UAE DRC RDC RFN ZEA")
# Calendar words and the nouns German capitalises after "in", "im", "nach": they never open a
# name (though they may go on one: "Theresa May", "Hannelore Kraft").
_NOT_NAMES = _words(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "januar februar märz juni juli oktober dezember "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "lunes martes miércoles jueves viernes sábado domingo "
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre "
    "lunedì martedì mercoledì giovedì venerdì sabato domenica "
    "januari februari maart mei augustus maandag dinsdag woensdag donderdag vrijdag zaterdag "
    "zondag styczeń luty marzec kwiecień czerwiec lipiec sierpień wrzesień październik "
    "listopad grudzień poniedziałek wtorek środa czwartek piątek sobota niedziela "
    "angaben ansicht jahr jahre jahren vorjahr kraft zukunft fall falle rahmen vergleich "
    "zusammenhang streit internet interview gespräch höhe zeit sicht folge ende anfang mitte "
    "prinzip grunde namen auftrag hinblick bezug blick land lande stadt haus hause ausland "
    "inland moment gegensatz gegenteil laufe verlauf vordergrund mittelpunkt zentrum osten "
    "westen norden süden frage sinne kürze kampf krieg sommer winter herbst frühjahr frühling "
    "morgen abend nacht woche wochen monat monaten tag tagen minuten stunden sekunden "
    "ordnung wahrheit richtung"
)
_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "tät", "nis", "ismus")


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    word: str
    sentence_start: bool  # opens a sentence: capitalised there whatever it is
    shouting: bool  # in an all-caps headline


def fallback_mentions(text: str) -> list[tuple[str, Kind]]:
    """Names by shape and cue, for languages without a model (see the module docstring)."""
    tokens = _tokenise(text)
    found: list[tuple[str, Kind]] = []
    i = 0
    while i < len(tokens):
        if not _may_open_run(tokens, i):
            i += 1
            continue
        end = _run_end(text, tokens, i)
        kind = _guess_kind(text, tokens, i, end)
        if kind is not None:
            found.append((text[tokens[i].start : tokens[end - 1].end], kind))
        i = end
    return found


def _tokenise(text: str) -> list[_Token]:
    spans: list[tuple[int, int, str]] = []
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        elision = _ELISION.match(word)  # "l'Élysée", "dell'Unione": the name is after it
        if elision is not None:
            start, word = start + elision.end(), word[elision.end() :]
        spans.append((start, match.end(), word))
    starts = [_opens_sentence(text, spans, k) for k in range(len(spans))]
    shouting = _shouting(spans, starts)
    return [_Token(s, e, w, starts[k], shouting[k]) for k, (s, e, w) in enumerate(spans)]


def _opens_sentence(text: str, spans: list[tuple[int, int, str]], k: int) -> bool:
    if k == 0:
        return True
    previous = spans[k - 1]
    gap = text[previous[1] : spans[k][0]]
    if gap.strip() == "." and previous[2].casefold() in _ABBREVIATED_TITLES:
        return False  # "Dr. Müller": the full stop ends the title, not the sentence
    return _BOUNDARY.search(gap) is not None


def _shouting(spans: list[tuple[int, int, str]], starts: list[bool]) -> list[bool]:
    """Marks the words of sentences written mostly in capitals ("MINISTER QUITS OVER SCANDAL")."""
    marks = [False] * len(spans)
    first = 0
    for k in range(1, len(spans) + 1):
        if k == len(spans) or starts[k]:
            words = [w for _, _, w in spans[first:k] if len(w) > 1]
            caps = sum(1 for w in words if w.isupper())
            if caps >= 3 and caps >= 0.6 * len(words):
                marks[first:k] = [True] * (k - first)
            first = k
    return marks


def _is_acronym(word: str) -> bool:
    """NATO, PiS, AfD, ÖVP: 2-6 letters, capital at both ends, mostly capitals; not "XIV"."""
    if not (2 <= len(word) <= 6 and word.isalpha() and word[0].isupper() and word[-1].isupper()):
        return False
    if set(word) <= set("IVXLCDM"):
        return False
    return sum(1 for c in word if c.isupper()) >= max(2, len(word) - 2)


def _is_title(word: str) -> bool:
    folded = word.casefold()
    return folded in _TITLES or folded.endswith(_TITLE_ENDINGS)


def _is_name_word(token: _Token) -> bool:
    """A capitalised word that can be part of a name: not a title, not shouted."""
    word = token.word
    if token.shouting or _is_title(word):
        return False
    if _AL_PREFIX.match(word) is not None:
        return True
    return word[0].isupper() and (not word.isupper() or _is_acronym(word)) and len(word) > 1


def _may_open_run(tokens: list[_Token], i: int) -> bool:
    token = tokens[i]
    if not _is_name_word(token) or token.word.casefold() in _NOT_NAMES:
        return False
    # A sentence capitalises its first word whatever it is; an acronym or a title before it
    # still says it is a name.
    return not token.sentence_start or _is_acronym(token.word)


def _run_end(text: str, tokens: list[_Token], i: int) -> int:
    """The index after the last word of the name opened at i (name particles join words)."""
    end = i + 1
    while end < len(tokens):
        after = end
        while after < len(tokens) and _continues_particles(tokens[after].word, after > end):
            after += 1  # "Ursula von der Leyen": particles only count if a name word follows
        if after >= len(tokens) or not _is_name_word(tokens[after]):
            break
        if not all(_adjacent(text, tokens, k) for k in range(end, after + 1)):
            break
        end = after + 1
    return end


def _continues_particles(word: str, within: bool) -> bool:
    return word in (_PARTICLES if within else _PARTICLES_FIRST)


def _adjacent(text: str, tokens: list[_Token], k: int) -> bool:
    """Whether token k follows token k-1 with only spaces between (a comma ends a name)."""
    return not tokens[k].sentence_start and not text[tokens[k - 1].end : tokens[k].start].strip()


def _guess_kind(text: str, tokens: list[_Token], i: int, end: int) -> Kind | None:
    words = [t.word for t in tokens[i:end] if t.word not in _PARTICLES]
    cue = _cue(text, tokens, i)
    if cue is not None and _is_title(cue):
        return "person"
    if len(words) == 1 and _is_acronym(words[0]):
        return "place" if words[0] in _PLACE_ACRONYMS else "organisation"
    folded = [w.casefold() for w in words]
    if _names_organisation(folded):
        return "organisation"
    if cue is not None and cue.casefold() in _LOCATIVES:
        return None if _looks_like_noun(folded) else "place"
    return "person" if len(words) >= 2 else None


def _names_organisation(folded: list[str]) -> bool:
    """Whether a run names an organisation ("Deutsche Bank", "Partido Popular",
    "Bundesverfassungsgericht"); a lone "Regierung" ("government") does not."""
    if len(folded) == 1:
        word = folded[0]
        return any(word.endswith(end) and len(word) > len(end) + 2 for end in _ORG_ENDINGS)
    return any(w in _ORG_WORDS or w.endswith(_ORG_ENDINGS) for w in folded)


def _cue(text: str, tokens: list[_Token], i: int) -> str | None:
    """The word just before a name, when nothing but spaces (or a title's full stop) parts them."""
    if i == 0:
        return None
    previous = tokens[i - 1]
    gap = text[previous.end : tokens[i].start].strip()
    if not gap or (gap == "." and previous.word.casefold() in _ABBREVIATED_TITLES):
        if previous.word == "to" and i > 1 and tokens[i - 2].word.casefold() == "according":
            return None  # "according to Reuters" is a source, not a destination
        return previous.word
    return None


def _looks_like_noun(folded: list[str]) -> bool:
    """German capitalises nouns: "in Zukunft", "nach Angaben", "in Verhandlungen" are no places."""
    return len(folded) == 1 and folded[0].endswith(_NOUN_ENDINGS)
