"""Building an edition from the store: rank the day's stories, set aside what is not news or
told by one outlet only, tell the top ones, keep the scores and the edition.

The day is a calendar day in a time zone (``tz``): a report belongs to it by its publication
time there.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from alaune.edition.nonnews import nonnews_reason
from alaune.edition.rank import PARTS, RankSettings, Score, score_story
from alaune.errors import InputError
from alaune.model import Member
from alaune.store import Store
from alaune.tell import story as tell
from alaune.tell.story import Meaning, TellSettings

TITLES = {
    "fr": "Les nouvelles les plus importantes de la journée",
    "en": "Today's most important news",
}


def zone(tz: str) -> ZoneInfo:
    """A time zone by its IANA name; an unknown name is the user's to fix."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown time zone {tz!r}; give an IANA name such as UTC or Europe/Paris"
        ) from None


def day_window(day: date, tz: str) -> tuple[datetime, datetime]:
    """[start, end) of a calendar day in a time zone."""
    local = zone(tz)
    start = datetime.combine(day, time(0), tzinfo=local)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=local)


def _earlier_days(history: list[Member], start: datetime, tz: str, days: int) -> int:
    local = zone(tz)
    since = start - timedelta(days=days)
    return len(
        {m.published.astimezone(local).date() for m in history if since <= m.published < start}
    )


def _first_report(reports: list[Member]) -> tuple[datetime, str]:
    """A story's earliest report, as its time and address: the same in every store."""
    return min((m.published, m.url) for m in reports)


def rank_day(
    store: Store, day: date, tz: str, settings: RankSettings
) -> tuple[list[tuple[Score, list[Member]]], dict[str, int]]:
    """The day's stories, most important first, and the count of those set aside by reason;
    every score (with its parts, or its drop reason) is kept in the store."""
    start, end = day_window(day, tz)
    members = store.editions.members_between(start, end)
    by_story: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        by_story[m.story_id].append(m)
    history = store.editions.members_of(
        [s for s, ms in by_story.items() if len({m.article_id for m in ms}) > 1]
    )
    kept: list[tuple[Score, list[Member]]] = []
    rows: list[tuple[str, float, Any, str | None]] = []
    dropped: dict[str, int] = defaultdict(int)
    for story, reports in by_story.items():
        earlier = _earlier_days(history.get(story, []), start, tz, settings.persistence_days)
        score = score_story(story, reports, earlier, settings)
        reason = nonnews_reason([m.title for m in reports])
        if reason is None and score.counts["independent_outlets"] < settings.min_outlets:
            reason = "single_outlet" if settings.min_outlets <= 2 else "too_few_outlets"
        rows.append((story, score.total, score.as_dict(), reason))
        if reason:
            dropped[reason] += 1
        else:
            kept.append((score, reports))
    with store.transaction():
        store.editions.save_scores(day.isoformat(), tz, rows)
    # Ties are broken by the story's first report (time, then address), not by its id: a story's
    # id derives from an article id, which follows the order reports happened to arrive in
    # (feeds are polled concurrently), so two stores fed the same day, or one run killed and
    # resumed, would rank tied stories differently.
    kept.sort(key=lambda sr: (-sr[0].total, -sr[0].counts["articles"], _first_report(sr[1])))
    return kept, dict(sorted(dropped.items()))


def build_edition(
    store: Store,
    day: date,
    lang: str,
    *,
    top: int = 20,
    tz: str = "UTC",
    rank: RankSettings | None = None,
    settings: TellSettings | None = None,
    meaning: Meaning | None = None,
) -> dict[str, Any]:
    """The edition of a day in a language, as JSON-able data; kept in the store too."""
    rank = rank or RankSettings()
    settings = settings or TellSettings()
    lang = tell.language(lang)
    if not lang:
        raise InputError("give the edition's language as a code such as fr or en")
    local = zone(tz)
    start, _ = day_window(day, tz)
    ranked, dropped = rank_day(store, day, tz, rank)
    chosen = ranked[:top]
    ids = [m.article_id for _, reports in chosen for m in reports]
    meanings = store.editions.embeddings(ids)
    history = store.editions.members_of([score.story_id for score, _ in chosen])
    earlier = store.editions.titles_between(start - timedelta(days=7), start)
    stories = []
    for rank_no, (score, reports) in enumerate(chosen, 1):
        facts = tell.key_facts(reports, lang, settings)
        stories.append(
            {
                "rank": rank_no,
                "id": score.story_id,
                "headline": tell.headline(reports, lang, meanings),
                "summary": tell.summary(reports, lang, settings, meaning),
                "score": score.as_dict(),
                "key_facts": facts,
                "quotes": tell.quotes(reports, lang, settings),
                "coverage": tell.coverage(reports, local),
                "image": tell.image(reports, lang),
                "timeline": tell.timeline(history.get(score.story_id, reports), lang, local),
                "related": tell.related(facts, earlier, score.story_id),
                "articles": tell.articles(reports, local),
            }
        )
    edition = {
        "edition": {
            "date": day.isoformat(),
            "lang": lang,
            "tz": tz,
            "title": TITLES.get(lang, TITLES["en"]),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "stories_ranked": len(ranked),
            "stories_dropped": dropped,
            "formula": {part: getattr(rank, part) for part in PARTS},
        },
        "stories": stories,
    }
    with store.transaction():
        store.editions.save_edition(day.isoformat(), lang, tz, edition)
    return edition
