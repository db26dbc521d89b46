"""The records after ``Article``: a ranked ``Story``, a ``ToldStory`` and the ``Edition``, with
their one JSON codec (``as_dict`` / ``from_dict``, ``Edition.to_json`` / ``Edition.from_json``),
and ``ArticleExtra``, the codec of ``articles.extra``.

The JSON shape is the one the store keeps, the API serves and the export writes: the keys and
their order are the ones editions were always written with, so old stored editions load and a
rebuilt edition gives the same bytes. Decoding is lenient: a stored value may be missing or of
the wrong type (the feeds treat an edition as hostile input), and it then takes its default.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Self, TypeVar, get_args, get_origin, get_type_hints

from alaune.model import Member

# --- lenient readers of decoded JSON ---


def _map(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _ostr(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _oint(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _obool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _strs(value: object) -> tuple[str, ...]:
    return tuple(x for x in _list(value) if isinstance(x, str))


def _number(value: object) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _plain(value: Any) -> Any:
    """A record as JSON-able data: its fields in order, by name (a score and a quote have
    their own shape)."""
    if isinstance(value, Score | Quote):
        return value.as_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


class _Record:
    """A record decoded field by field from its type (``_decode``): the plain records."""

    __slots__ = ()

    @classmethod
    def from_dict(cls, data: object) -> Self:
        return _decode(cls, data)


_READERS: dict[object, Callable[[object], Any]] = {
    str: _str,
    int: _int,
    float: _number,
    bool: lambda value: value is True,
    str | None: _ostr,
    int | None: _oint,
    bool | None: _obool,
    tuple[str, ...]: _strs,
}


_HINTS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """Each field's name and type, resolved once per record class."""
    if cls not in _HINTS:
        hints = get_type_hints(cls)
        _HINTS[cls] = tuple((f.name, hints[f.name]) for f in fields(cls))
    return _HINTS[cls]


R = TypeVar("R")


def _decode(cls: type[R], data: object) -> R:
    """A record from decoded JSON, each field read leniently by its type: a missing or
    mistyped value takes the type's empty value; records and tuples of records are decoded
    by their own ``from_dict``."""
    d = _map(data)
    values: dict[str, Any] = {}
    for name, kind in _hints(cls):
        value = d.get(name)
        reader = _READERS.get(kind)
        if reader is not None:
            values[name] = reader(value)
        elif get_origin(kind) is tuple:
            (inner, _) = get_args(kind)
            values[name] = tuple(inner.from_dict(v) for v in _list(value))
        else:
            values[name] = kind.from_dict(value)
    return cls(**values)


# --- articles.extra ---


@dataclass(frozen=True, slots=True)
class ArticleExtra:
    """What an article keeps beyond its columns (``articles.extra``): the extract stage's record
    less the columns, in its order: wire credits, lead image, paragraphs, section, furniture."""

    fields: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of_agencies(cls, agencies: Sequence[str]) -> ArticleExtra:
        """The extra of an article known only by its wire credits (the batch's)."""
        return cls({"wire": [{"agency": a} for a in agencies]})

    @classmethod
    def from_json(cls, raw: str | None) -> ArticleExtra:
        """The stored JSON; anything unreadable is an empty extra."""
        try:
            data = json.loads(raw or "{}")
        except json.JSONDecodeError:
            return cls()
        return cls(dict(data) if isinstance(data, dict) else {})

    def to_json(self) -> str:
        """The JSON kept in ``articles.extra``."""
        return json.dumps(dict(self.fields), ensure_ascii=False)

    @property
    def agencies(self) -> tuple[str, ...]:
        """The agencies credited ("AFP", "Reuters")."""
        credits = (_map(w) for w in _list(self.fields.get("wire")))
        return tuple(str(w["agency"]) for w in credits if w.get("agency"))

    @property
    def image(self) -> dict[str, str | None] | None:
        """The lead image (url, caption, credit) when it has an address."""
        image = self.fields.get("image")
        return image if isinstance(image, dict) and image.get("url") else None


# --- a ranked story ---


@dataclass(frozen=True, slots=True)
class Score:
    """A story's importance on a day: the total, each part's contribution, the counts behind."""

    story_id: str
    total: float
    parts: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The score as the edition's JSON shows it."""
        return {"total": round(self.total, 4), "parts": self.parts, "counts": self.counts}

    def shown(self) -> Score:
        """The score as an edition keeps it (its total rounded as its JSON writes it)."""
        return Score(self.story_id, round(self.total, 4), self.parts, self.counts)

    @classmethod
    def from_dict(cls, story_id: str, data: object) -> Score:
        d = _map(data)
        parts = {str(k): _number(v) for k, v in _map(d.get("parts")).items()}
        counts = {str(k): _int(v) for k, v in _map(d.get("counts")).items()}
        return cls(story_id, _number(d.get("total")), parts, counts)


@dataclass(frozen=True, slots=True)
class Story:
    """A story of the day, ranked: its score (with the parts) and its reports of the day."""

    score: Score
    members: tuple[Member, ...]

    @property
    def id(self) -> str:
        return self.score.story_id


# --- a story as told ---


@dataclass(frozen=True, slots=True)
class Cited(_Record):
    """A source's own words (a headline, a summary sentence) and the article they are from."""

    text: str
    article_id: int = 0
    url: str = ""
    outlet: str = ""
    lang: str | None = None
    original_language: bool = False  # not in the edition's language


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation with its speaker or attribution, the sentence it is in, and its article."""

    text: str
    speaker: str | None = None
    attribution: str | None = None
    sentence: str = ""
    source: Cited = field(default_factory=lambda: Cited(""))  # the article (its text unused)

    @property
    def url(self) -> str:
        return self.source.url

    @property
    def outlet(self) -> str:
        return self.source.outlet

    @property
    def article_id(self) -> int:
        return self.source.article_id

    def as_dict(self) -> dict[str, Any]:
        link = _plain(self.source)
        del link["text"]
        return {
            "text": self.text,
            "speaker": self.speaker,
            "attribution": self.attribution,
            "sentence": self.sentence,
            **link,
        }

    @classmethod
    def from_dict(cls, data: object) -> Quote:
        d = _map(data)
        return cls(
            _str(d.get("text")),
            _ostr(d.get("speaker")),
            _ostr(d.get("attribution")),
            _str(d.get("sentence")),
            Cited.from_dict({**d, "text": ""}),
        )


@dataclass(frozen=True, slots=True)
class KeyFacts(_Record):
    """The people, places and organisations the reports name (most reports first), and dates."""

    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OutletCoverage(_Record):
    """One outlet that covered a story."""

    outlet: str
    country: str | None = None
    languages: tuple[str, ...] = ()
    articles: int = 0
    own_reports: int = 0
    reprints_of: tuple[str, ...] = ()  # the outlets whose texts it reprinted
    wire: tuple[str, ...] = ()  # agencies credited
    paywalled: bool | None = None
    ownership: str | None = None
    first_at: str = ""  # ISO 8601, in the edition's time zone
    urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Coverage(_Record):
    """Who covered a story, and when (ISO 8601 times in the edition's time zone)."""

    articles: int = 0
    independent_sources: int = 0
    outlets: tuple[OutletCoverage, ...] = ()
    languages: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    first_at: str = ""
    latest_at: str = ""


@dataclass(frozen=True, slots=True)
class StoryImage:
    """A story's lead image, with its caption, credit and the article it comes from."""

    url: str
    caption: str | None = None
    credit: str | None = None
    article_url: str = ""
    outlet: str = ""

    @classmethod
    def from_dict(cls, data: object) -> StoryImage | None:
        if not isinstance(data, Mapping):
            return None
        return cls(
            _str(data.get("url")),
            _ostr(data.get("caption")),
            _ostr(data.get("credit")),
            _str(data.get("article_url")),
            _str(data.get("outlet")),
        )


@dataclass(frozen=True, slots=True)
class TimelineDay(_Record):
    """One day of a story: how many reports, and its first headline."""

    date: str
    articles: int = 0
    headline: str = ""
    url: str = ""
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Related(_Record):
    """A story of an earlier day that names the same people, places or organisations."""

    story_id: str
    headline: str = ""
    date: str = ""
    shared: int = 0  # names shared


@dataclass(frozen=True, slots=True)
class ArticleRef(_Record):
    """A report of the day, with its address."""

    article_id: int
    url: str = ""
    title: str = ""
    outlet: str | None = None
    lang: str | None = None
    published: str = ""  # ISO 8601, in the edition's time zone
    reprint_of: int | None = None
    paywalled: bool | None = None


@dataclass(frozen=True, slots=True)
class ToldStory:
    """A story as an edition tells it: every text shown is a source's own words, linked."""

    rank: int
    id: str
    headline: Cited
    summary: tuple[Cited, ...] = ()
    score: Score = field(default_factory=lambda: Score("", 0.0))
    key_facts: KeyFacts = field(default_factory=KeyFacts)
    quotes: tuple[Quote, ...] = ()
    coverage: Coverage = field(default_factory=Coverage)
    image: StoryImage | None = None
    timeline: tuple[TimelineDay, ...] = ()
    related: tuple[Related, ...] = ()
    articles: tuple[ArticleRef, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The story's JSON-able shape, as an edition keeps it."""
        out: dict[str, Any] = _plain(self)
        return out

    @classmethod
    def from_dict(cls, data: object) -> ToldStory:
        d = _map(data)
        story_id = _str(d.get("id"))
        return cls(
            rank=_int(d.get("rank")),
            id=story_id,
            headline=Cited.from_dict(d.get("headline")),
            summary=tuple(Cited.from_dict(s) for s in _list(d.get("summary"))),
            score=Score.from_dict(story_id, d.get("score")),
            key_facts=KeyFacts.from_dict(d.get("key_facts")),
            quotes=tuple(Quote.from_dict(q) for q in _list(d.get("quotes"))),
            coverage=Coverage.from_dict(d.get("coverage")),
            image=StoryImage.from_dict(d.get("image")),
            timeline=tuple(TimelineDay.from_dict(t) for t in _list(d.get("timeline"))),
            related=tuple(Related.from_dict(r) for r in _list(d.get("related"))),
            articles=tuple(ArticleRef.from_dict(a) for a in _list(d.get("articles"))),
        )


@dataclass(frozen=True, slots=True)
class Edition:
    """The edition of a day in a language: its stories, most important first, and how many
    stories were set aside, by reason."""

    day: str  # ISO date ("" when a stored edition lacks it)
    lang: str
    tz: str = "UTC"
    title: str = ""
    built_at: str = ""  # ISO 8601, UTC
    stories_ranked: int = 0
    stories_dropped: dict[str, int] = field(default_factory=dict)
    formula: dict[str, float] = field(default_factory=dict)  # the weight of each score part
    stories: tuple[ToldStory, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The edition's JSON-able shape (as kept, served and exported)."""
        return {
            "edition": {
                "date": self.day,
                "lang": self.lang,
                "tz": self.tz,
                "title": self.title,
                "built_at": self.built_at,
                "stories_ranked": self.stories_ranked,
                "stories_dropped": self.stories_dropped,
                "formula": self.formula,
            },
            "stories": [_plain(s) for s in self.stories],
        }

    @classmethod
    def from_dict(cls, data: object) -> Edition:
        d = _map(data)
        head = _map(d.get("edition"))
        return cls(
            day=_str(head.get("date")),
            lang=_str(head.get("lang")),
            tz=_str(head.get("tz")) or "UTC",
            title=_str(head.get("title")),
            built_at=_str(head.get("built_at")),
            stories_ranked=_int(head.get("stories_ranked")),
            stories_dropped={str(k): _int(v) for k, v in _map(head.get("stories_dropped")).items()},
            formula={str(k): _number(v) for k, v in _map(head.get("formula")).items()},
            stories=tuple(
                ToldStory.from_dict(s) for s in _list(d.get("stories")) if isinstance(s, Mapping)
            ),
        )

    def to_json(self, indent: int | None = None) -> str:
        """The edition's JSON text (``indent=1``: the CLI's ``--format json``)."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, text: str) -> Edition:
        return cls.from_dict(json.loads(text))

    def story(self, story_id: str) -> ToldStory | None:
        """The story of this id, if the edition tells it."""
        return next((s for s in self.stories if s.id == story_id), None)
