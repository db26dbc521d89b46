"""One story told for an edition: its headline, summary, key facts, quotes, coverage, image.

Pure: the caller gives the story's reports of the day (and the meaning vectors they were grouped
by); nothing here reads the store. Every text shown is a source's own words, linked to its
article: the headline is a real headline, the summary sentences and the quotes are found
verbatim in the articles they link to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo

import numpy as np
from numpy.typing import NDArray

from alaune.model import Member
from alaune.records import (
    ArticleRef,
    Cited,
    Coverage,
    KeyFacts,
    OutletCoverage,
    Quote,
    Related,
    StoryImage,
    TimelineDay,
)
from alaune.tell.dates import dates_mentioned
from alaune.tell.entities import key_entities
from alaune.tell.outlets import country_of, outlet_key
from alaune.tell.quotes import find_quotes
from alaune.tell.summary import Source, summarise

Meaning = Callable[[list[str]], NDArray[np.float32]]

KIND_KEYS = {"person": "people", "place": "places", "organisation": "organisations"}


def language(code: str | None) -> str:
    """The primary language subtag: "en-US" -> "en"; "" when unknown."""
    return (code or "").replace("_", "-").split("-")[0].casefold()


# When a story has no report in the edition's language, it is told in the first of these it
# has (a French reader is likelier to read English than Polish), else in its own languages.
FALLBACK_LANGUAGES = ("en", "fr", "es", "de")


def reading(members: Sequence[Member], lang: str) -> str:
    """The language a story is told in for an edition in ``lang``."""
    have = {language(m.lang) for m in members}
    return next((code for code in (lang, *FALLBACK_LANGUAGES) if code in have), lang)


@dataclass(frozen=True, slots=True)
class TellSettings:
    """How much of each thing an edition shows per story."""

    sentences: int = 3
    summary_chars: int = 700
    summary_sources: int = 10
    quotes: int = 3
    entities: int = 12
    entity_texts: int = 12  # reports read for key facts (the most independent first)


def _cite(text: str, m: Member, lang: str) -> Cited:
    """Words of a report, linked to it."""
    return Cited(
        text=text,
        article_id=m.article_id,
        url=m.url,
        outlet=m.outlet or outlet_key(m),
        lang=m.lang,
        original_language=language(m.lang) != lang,
    )


def headline(
    members: Sequence[Member], lang: str, meanings: Mapping[int, NDArray[np.float32]]
) -> Cited:
    """The most representative real headline: the one nearest the story's centre of meaning,
    among the reports in the edition's language when there are some (originals before
    reprints), else among all."""
    titled = [m for m in members if m.title.strip()]
    told_in = reading(titled, lang)
    pool = [m for m in titled if language(m.lang) == told_in] or titled
    pool = [m for m in pool if not m.reprint] or pool
    vectors = [meanings[m.article_id] for m in titled if m.article_id in meanings]
    centre = np.mean(vectors, axis=0) if vectors else None

    def nearness(m: Member) -> float:
        v = meanings.get(m.article_id)
        return float(v @ centre) if v is not None and centre is not None else 0.0

    best = min(pool, key=lambda m: (-round(nearness(m), 6), m.published, m.article_id))
    return _cite(best.title.strip(), best, lang)


def summary(
    members: Sequence[Member], lang: str, settings: TellSettings, meaning: Meaning | None
) -> tuple[Cited, ...]:
    """2-4 sentences the sources wrote, each linked to its article."""
    by_id = {m.article_id: m for m in members}
    told_in = reading(members, lang)
    # the first reports of the most outlets are enough to find the story's central sentences,
    # and bound the sentences embedded for a story of hundreds of reports
    sources = [
        Source(str(m.article_id), m.lang, m.title, m.text, m.published, m.outlet, m.reprint)
        for m in _sample(members, told_in, settings.summary_sources)
    ]
    chosen = summarise(
        sources,
        told_in,
        sentences=settings.sentences,
        max_chars=settings.summary_chars,
        meaning=meaning,
    )
    return tuple(_cite(s.text, by_id[int(s.article_id)], lang) for s in chosen)


def _readers_first(members: Sequence[Member], lang: str) -> list[Member]:
    """Originals before reprints, the edition's language first, then the earliest."""
    return sorted(
        members, key=lambda m: (m.reprint, language(m.lang) != lang, m.published, m.article_id)
    )


def _sample(members: Sequence[Member], lang: str, n: int) -> list[Member]:
    """Up to ``n`` reports in reading order, one per outlet before a second of any."""
    ordered = _readers_first(members, lang)
    firsts: dict[str, Member] = {}
    for m in ordered:
        firsts.setdefault(outlet_key(m), m)
    chosen = list(firsts.values())[:n]
    taken = {m.article_id for m in chosen}
    chosen += [m for m in ordered if m.article_id not in taken][: n - len(chosen)]
    return chosen


def key_facts(members: Sequence[Member], lang: str, settings: TellSettings) -> KeyFacts:
    """People, places, organisations the reports name (most reports first), and dates."""
    # names as the edition's language writes them ("Warsaw", not "Warszawie") when it has
    # reports; other languages only when it has none
    told_in = reading(members, lang)
    mine = [m for m in members if language(m.lang) == told_in]
    readers = _sample(mine or members, told_in, settings.entity_texts)
    texts = [(f"{m.title}.\n{m.text}", m.lang) for m in readers]
    facts: dict[str, list[str]] = {key: [] for key in KIND_KEYS.values()}
    for entity in key_entities(texts, limit=settings.entities):
        facts[KIND_KEYS[entity.kind]].append(entity.name)
    dates: list[str] = []
    for m in readers:
        for d in dates_mentioned(m.text, m.lang):
            if d not in dates:
                dates.append(d)
    return KeyFacts(
        people=tuple(facts["people"]),
        places=tuple(facts["places"]),
        organisations=tuple(facts["organisations"]),
        dates=tuple(dates[:5]),
    )


def quotes(members: Sequence[Member], lang: str, settings: TellSettings) -> tuple[Quote, ...]:
    """Quotes with a speaker or an attribution, each linked to its article; a quote repeated
    by several outlets is shown once."""
    out: list[Quote] = []
    seen: set[str] = set()
    for m in _readers_first(members, reading(members, lang)):
        for q in find_quotes(m.text, m.lang):
            if not (q.speaker or q.attribution):
                continue
            key = " ".join(q.text.casefold().split())[:80]
            if key in seen:
                continue
            seen.add(key)
            out.append(Quote(q.text, q.speaker, q.attribution, q.sentence, _cite("", m, lang)))
            if len(out) >= settings.quotes:
                return tuple(out)
    return tuple(out)


def _outlet(
    key: str, reports: Sequence[Member], by_id: dict[int, Member], local: tzinfo
) -> OutletCoverage:
    reprinted = sorted(
        {outlet_key(by_id[m.original_id]) for m in reports if m.reprint and m.original_id in by_id}
    )
    return OutletCoverage(
        outlet=next((m.outlet for m in reports if m.outlet), key),
        country=next((c for m in reports if (c := country_of(m))), None),
        languages=tuple(sorted({language(m.lang) for m in reports if m.lang})),
        articles=len(reports),
        own_reports=sum(1 for m in reports if not m.reprint),
        reprints_of=tuple(reprinted),
        wire=tuple(sorted({w for m in reports for w in m.wire})),
        paywalled=_paywalled(reports),
        ownership=next((m.ownership for m in reports if m.ownership), None),
        first_at=min(m.published for m in reports).astimezone(local).isoformat(),
        urls=tuple(m.url for m in reports),
    )


def coverage(members: Sequence[Member], local: tzinfo) -> Coverage:
    """Who covered the story: each outlet with its country, languages, reports, whether it
    wrote its own or reprinted another's text, agency credits, paywall, ownership."""
    outlets: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        outlets[outlet_key(m)].append(m)
    by_id = {m.article_id: m for m in members}
    rows = [_outlet(key, reports, by_id, local) for key, reports in outlets.items()]
    rows.sort(key=lambda r: (r.first_at, r.outlet))
    return Coverage(
        articles=len(members),
        independent_sources=sum(1 for r in rows if r.own_reports),
        outlets=tuple(rows),
        languages=tuple(sorted({lang for r in rows for lang in r.languages})),
        countries=tuple(sorted({r.country for r in rows if r.country})),
        first_at=min(m.published for m in members).astimezone(local).isoformat(),
        latest_at=max(m.published for m in members).astimezone(local).isoformat(),
    )


def _paywalled(reports: Sequence[Member]) -> bool | None:
    """Whether any report is behind a paywall (None when no page said either way)."""
    known = [m.paywalled for m in reports if m.paywalled is not None]
    return any(known) if known else None


def image(members: Sequence[Member], lang: str) -> StoryImage | None:
    """The lead image of the first report that has one, with its caption and credit."""
    for m in _readers_first(members, lang):
        # only web addresses: a "javascript:" or "data:" source is never shown
        if m.image and str(m.image.get("url") or "").startswith(("https://", "http://")):
            return StoryImage(
                url=str(m.image["url"]),
                caption=m.image.get("caption"),
                credit=m.image.get("credit"),
                article_url=m.url,
                outlet=m.outlet or outlet_key(m),
            )
    return None


def timeline(history: Sequence[Member], lang: str, local: tzinfo) -> tuple[TimelineDay, ...]:
    """The story day by day: how many reports, and the first headline of the day (in the
    edition's language when there is one)."""
    days: dict[str, list[Member]] = defaultdict(list)
    for m in history:
        days[m.published.astimezone(local).date().isoformat()].append(m)
    out = []
    for day, reports in sorted(days.items()):
        first = _readers_first(reports, lang)[0]
        out.append(TimelineDay(day, len(reports), first.title.strip(), first.url, first.lang))
    return tuple(out)


def articles(members: Sequence[Member], local: tzinfo) -> tuple[ArticleRef, ...]:
    """Every report of the day, with its address."""
    return tuple(
        ArticleRef(
            article_id=m.article_id,
            url=m.url,
            title=m.title,
            outlet=m.outlet,
            lang=m.lang,
            published=m.published.astimezone(local).isoformat(),
            reprint_of=m.original_id if m.reprint else None,
            paywalled=m.paywalled,
        )
        for m in members
    )


def related(
    facts: KeyFacts,
    earlier: Mapping[str, list[tuple[str, str]]],
    exclude: str,
    limit: int = 3,
) -> tuple[Related, ...]:
    """Stories of earlier days whose headlines name at least two of this story's key people,
    places or organisations (or its first person): most names shared first."""
    from alaune.group.features import fold

    names = [
        fold(n) for kind in (facts.people, facts.places, facts.organisations) for n in kind[:4]
    ]
    names = [n for n in names if len(n) >= 3]
    person = fold(facts.people[0]) if facts.people else None
    found = []
    for story, titles in earlier.items():
        if story == exclude:
            continue
        text = fold(" ".join(t for t, _ in titles[:5]))
        shared = [n for n in names if n in text]
        if len(shared) >= 2 or (person and person in shared):
            found.append((-len(shared), titles[0][1], story, titles[0][0]))
    found.sort()
    return tuple(
        Related(story_id=story, headline=title, date=when[:10], shared=-minus)
        for minus, when, story, title in found[:limit]
    )
