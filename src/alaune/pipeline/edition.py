"""The edition step over the store: read the day's story members, rank and tell them
(``alaune.edition.build``, pure), keep every score and the edition."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from alaune.edition.build import Ranking, Telling, day_window, rank_stories, tell_edition, zone
from alaune.edition.rank import RankSettings
from alaune.errors import InputError
from alaune.model import Member
from alaune.records import Edition
from alaune.store import Store
from alaune.tell import story as tell
from alaune.tell.story import Meaning, TellSettings


def rank_day(store: Store, day: date, tz: str, settings: RankSettings) -> Ranking:
    """The day's stories, most important first, and the count of those set aside by reason;
    every score (with its parts, or its drop reason) is kept in the store."""
    start, end = day_window(day, tz)
    by_story: dict[str, list[Member]] = defaultdict(list)
    for m in store.editions.members_between(start, end):
        by_story[m.story_id].append(m)
    history = store.editions.members_of(
        [s for s, ms in by_story.items() if len({m.article_id for m in ms}) > 1]
    )
    ranking = rank_stories(by_story, history, start, tz, settings)
    with store.transaction():
        store.editions.save_scores(day.isoformat(), tz, ranking.scores)
    return ranking


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
) -> Edition:
    """The edition of a day in a language; kept in the store too."""
    rank = rank or RankSettings()
    lang = tell.language(lang)
    if not lang:
        raise InputError("give the edition's language as a code such as fr or en")
    local = zone(tz)
    start, _ = day_window(day, tz)
    ranking = rank_day(store, day, tz, rank)
    chosen = ranking.kept[:top]
    how = Telling(
        lang=lang,
        local=local,
        settings=settings or TellSettings(),
        meaning=meaning,
        meanings=store.editions.embeddings([m.article_id for s in chosen for m in s.members]),
        history=store.editions.members_of([s.id for s in chosen]),
        earlier=store.editions.titles_between(start - timedelta(days=7), start),
    )
    edition = tell_edition(day, tz, ranking, chosen, how, rank)
    with store.transaction():
        store.editions.save_edition(edition)
    return edition
