"""Building an edition: rank the day's stories, set aside what is not news or told by one
outlet only, tell the top ones. Pure: the reports come in, the ranked stories and the
``Edition`` go out (``alaune.pipeline.edition`` reads them from the store and keeps the result).

The day is a calendar day in a time zone (``tz``): a report belongs to it by its publication
time there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import NDArray

from alaune.edition.nonnews import nonnews_reason
from alaune.edition.rank import PARTS, RankSettings, score_story
from alaune.errors import InputError
from alaune.model import Member
from alaune.records import Edition, Score, Story, ToldStory
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


def _first_report(reports: Sequence[Member]) -> tuple[datetime, str]:
    """A story's earliest report, as its time and address: the same in every store."""
    return min((m.published, m.url) for m in reports)


@dataclass(slots=True)
class Ranking:
    """The day's stories kept, most important first; every story's score with its drop reason
    (None when kept), for the store; and the count of stories set aside by reason."""

    kept: list[Story] = field(default_factory=list)
    scores: list[tuple[Score, str | None]] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)


def rank_stories(
    by_story: Mapping[str, list[Member]],
    history: Mapping[str, list[Member]],
    start: datetime,
    tz: str,
    settings: RankSettings,
) -> Ranking:
    """Score each story from its reports of the day (``history``: every day's reports of the
    stories told by more than one report), and set aside what is not news or too narrow."""
    ranking = Ranking()
    dropped: dict[str, int] = {}
    for story, reports in by_story.items():
        earlier = _earlier_days(history.get(story, []), start, tz, settings.persistence_days)
        score = score_story(story, reports, earlier, settings)
        reason = nonnews_reason([m.title for m in reports])
        if reason is None and score.counts["independent_outlets"] < settings.min_outlets:
            reason = "single_outlet" if settings.min_outlets <= 2 else "too_few_outlets"
        ranking.scores.append((score, reason))
        if reason:
            dropped[reason] = dropped.get(reason, 0) + 1
        else:
            ranking.kept.append(Story(score, tuple(reports)))
    # Ties are broken by the story's first report (time, then address), not by its id: a story's
    # id derives from an article id, which follows the order reports happened to arrive in
    # (feeds are polled concurrently), so two stores fed the same day, or one run killed and
    # resumed, would rank tied stories differently.
    ranking.kept.sort(
        key=lambda s: (-s.score.total, -s.score.counts["articles"], _first_report(s.members))
    )
    ranking.dropped = dict(sorted(dropped.items()))
    return ranking


@dataclass(frozen=True, slots=True)
class Telling:
    """What telling the chosen stories needs beyond their reports of the day."""

    lang: str
    local: ZoneInfo
    settings: TellSettings
    meaning: Meaning | None = None
    meanings: Mapping[int, NDArray[np.float32]] = field(default_factory=dict)
    history: Mapping[str, list[Member]] = field(default_factory=dict)  # every day's reports
    earlier: Mapping[str, list[tuple[str, str]]] = field(default_factory=dict)  # a week's titles


def tell_story(rank_no: int, story: Story, how: Telling) -> ToldStory:
    """One ranked story as the edition tells it."""
    reports, lang = story.members, how.lang
    facts = tell.key_facts(reports, lang, how.settings)
    return ToldStory(
        rank=rank_no,
        id=story.id,
        headline=tell.headline(reports, lang, how.meanings),
        summary=tell.summary(reports, lang, how.settings, how.meaning),
        score=story.score.shown(),
        key_facts=facts,
        quotes=tell.quotes(reports, lang, how.settings),
        coverage=tell.coverage(reports, how.local),
        image=tell.image(reports, lang),
        timeline=tell.timeline(how.history.get(story.id, reports), lang, how.local),
        related=tell.related(facts, how.earlier, story.id),
        articles=tell.articles(reports, how.local),
    )


def tell_edition(
    day: date,
    tz: str,
    ranking: Ranking,
    chosen: Sequence[Story],
    how: Telling,
    rank: RankSettings,
) -> Edition:
    """The edition of a day: the chosen stories told, with the count of those ranked and set
    aside, and the weights of the score's parts."""
    return Edition(
        day=day.isoformat(),
        lang=how.lang,
        tz=tz,
        title=TITLES.get(how.lang, TITLES["en"]),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        stories_ranked=len(ranking.kept),
        stories_dropped=ranking.dropped,
        formula={part: getattr(rank, part) for part in PARTS},
        stories=tuple(tell_story(n, story, how) for n, story in enumerate(chosen, 1)),
    )
