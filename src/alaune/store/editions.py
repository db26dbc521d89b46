"""Edition queries: a day's story members with their outlets, earlier days, scores, editions."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from alaune.model import Member
from alaune.records import ArticleExtra, Edition, Score
from alaune.store.stories import unpack

_WHEN = "COALESCE(a.published_at, a.fetched_at, a.created_at)"
# Reports of the same second are taken in address order, not id order: ids follow the order the
# reports happened to arrive in, and what the edition tells must not depend on it.
_ORDER = "at, a.url"


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


def _when(value: str) -> datetime:
    when = datetime.fromisoformat(value)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _member(r: sqlite3.Row) -> Member:
    extra = ArticleExtra.from_json(r["extra"])
    return Member(
        article_id=r["id"],
        story_id=r["story_id"],
        url=r["url"],
        title=r["title"],
        text=r["body"] or "",
        lead=r["summary"] or "",
        published=_when(r["at"]),
        lang=r["language"],
        outlet=r["outlet"],
        feed_url=r["feed_url"],
        feed_rank=r["feed_rank"],
        country=r["country"],
        ownership=r["ownership"],
        weight=r["weight"],
        paywalled=None if r["paywalled"] is None else bool(r["paywalled"]),
        original_id=r["original_id"],
        wire=extra.agencies,
        image=extra.image,
    )


_MEMBER = (
    f"SELECT a.id, m.story_id, a.url, a.title, {_WHEN} AS at, a.language, a.summary,"
    " CASE WHEN a.text != '' THEN a.text ELSE a.summary END AS body,"
    " COALESCE(a.outlet, s.outlet, a.site_name) AS outlet, a.feed_url, a.feed_rank,"
    " s.country, s.ownership, COALESCE(s.weight, 1.0) AS weight, a.paywalled, m.original_id,"
    " a.extra FROM story_members m JOIN articles a ON a.id = m.article_id"
    " LEFT JOIN sources s ON s.id = a.source_id"
)


class EditionQueries:
    """Reading what an edition is built from, and keeping scores and editions."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def members_between(self, start: datetime, end: datetime) -> list[Member]:
        """The story members published in [start, end), in time order."""
        rows = self.conn.execute(
            f"{_MEMBER} WHERE {_WHEN} >= ? AND {_WHEN} < ? ORDER BY {_ORDER}",
            (_iso(start), _iso(end)),
        )
        return [_member(r) for r in rows]

    def members_of(self, stories: Sequence[str], limit: int = 500) -> dict[str, list[Member]]:
        """All members of these stories (every day), in time order, at most ``limit`` each."""
        out: dict[str, list[Member]] = defaultdict(list)
        for chunk in _chunks(stories, 500):
            marks = ", ".join("?" for _ in chunk)
            rows = self.conn.execute(
                f"{_MEMBER} WHERE m.story_id IN ({marks}) ORDER BY {_ORDER}", chunk
            )
            for r in rows:
                if len(out[r["story_id"]]) < limit:
                    out[r["story_id"]].append(_member(r))
        return out

    def titles_between(self, start: datetime, end: datetime) -> dict[str, list[tuple[str, str]]]:
        """(title, published) of the members of each story published in [start, end)."""
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        rows = self.conn.execute(
            f"SELECT m.story_id, a.title, {_WHEN} FROM story_members m"
            f" JOIN articles a ON a.id = m.article_id WHERE {_WHEN} >= ? AND {_WHEN} < ?"
            " AND m.original_id IS NULL ORDER BY 3, a.url",
            (_iso(start), _iso(end)),
        )
        for story, title, when in rows:
            out[story].append((title, when))
        return out

    def embeddings(self, article_ids: Iterable[int]) -> dict[int, NDArray[np.float32]]:
        """The embedding each report was placed by."""
        out: dict[int, NDArray[np.float32]] = {}
        for chunk in _chunks(list(article_ids), 500):
            marks = ", ".join("?" for _ in chunk)
            rows = self.conn.execute(
                f"SELECT article_id, embedding FROM story_members WHERE article_id IN ({marks})",
                chunk,
            )
            out.update((r[0], unpack(r[1])) for r in rows)
        return out

    def save_scores(self, day: str, tz: str, rows: Iterable[tuple[Score, str | None]]) -> None:
        """Keep each story's score on a day, with its drop reason (None: kept)."""
        now = _iso(datetime.now(UTC))
        self.conn.execute("DELETE FROM story_scores WHERE day = ? AND tz = ?", (day, tz))
        self.conn.executemany(
            "INSERT INTO story_scores (story_id, day, tz, score, parts, dropped, computed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    s.story_id,
                    day,
                    tz,
                    s.total,
                    json.dumps(s.as_dict(), ensure_ascii=False),
                    dropped,
                    now,
                )
                for s, dropped in rows
            ],
        )

    def dropped(self, day: str, tz: str) -> dict[str, int]:
        """How many stories of a day were kept out of its edition, by reason."""
        rows = self.conn.execute(
            "SELECT dropped, COUNT(*) FROM story_scores WHERE day = ? AND tz = ?"
            " AND dropped IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1",
            (day, tz),
        )
        return {r[0]: r[1] for r in rows}

    def save_edition(self, edition: Edition) -> None:
        """Keep an edition (a rebuild of the same day, language and time zone replaces it)."""
        day, lang, tz = edition.day, edition.lang, edition.tz
        self.conn.execute(
            "INSERT INTO editions (day, lang, tz, built_at, body) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (day, lang, tz) DO UPDATE SET built_at = excluded.built_at,"
            " body = excluded.body",
            (day, lang, tz, _iso(datetime.now(UTC)), edition.to_json()),
        )
        self.conn.execute(
            "DELETE FROM edition_stories WHERE day = ? AND lang = ? AND tz = ?", (day, lang, tz)
        )
        self.conn.executemany(
            "INSERT INTO edition_stories (day, lang, tz, story_id, rank) VALUES (?, ?, ?, ?, ?)",
            [(day, lang, tz, s.id, s.rank) for s in edition.stories],
        )

    def edition(self, day: str, lang: str, tz: str) -> Edition | None:
        """A kept edition, or None."""
        row = self.conn.execute(
            "SELECT body FROM editions WHERE day = ? AND lang = ? AND tz = ?", (day, lang, tz)
        ).fetchone()
        return Edition.from_json(row[0]) if row else None

    def built_at(self, day: str, lang: str, tz: str = "UTC") -> str | None:
        """When the kept edition of a day was built, or None when there is none."""
        row = self.conn.execute(
            "SELECT built_at FROM editions WHERE day = ? AND lang = ? AND tz = ?", (day, lang, tz)
        ).fetchone()
        return str(row[0]) if row else None

    def built(self, tz: str = "UTC") -> list[tuple[str, str, str]]:
        """(lang, day, built at) of every kept edition in a time zone."""
        rows = self.conn.execute("SELECT lang, day, built_at FROM editions WHERE tz = ?", (tz,))
        return [(r[0], r[1], r[2]) for r in rows]

    def latest_day(self, lang: str, tz: str = "UTC") -> str | None:
        """The newest day with an edition in the language."""
        row = self.conn.execute(
            "SELECT MAX(day) FROM editions WHERE lang = ? AND tz = ?", (lang, tz)
        ).fetchone()
        return row[0] if row and row[0] else None

    def neighbours(self, lang: str, day: str) -> tuple[str | None, str | None]:
        """The days with an edition just before and just after ``day``."""
        before = self.conn.execute(
            "SELECT MAX(day) FROM editions WHERE lang = ? AND day < ?", (lang, day)
        ).fetchone()[0]
        after = self.conn.execute(
            "SELECT MIN(day) FROM editions WHERE lang = ? AND day > ?", (lang, day)
        ).fetchone()[0]
        return before, after

    def days(self, lang: str, tz: str = "UTC", limit: int = 366) -> list[tuple[str, str, int]]:
        """The kept editions of a language, newest first: (day, built at, stories shown)."""
        rows = self.conn.execute(
            "SELECT e.day, e.built_at, COUNT(s.story_id) FROM editions e"
            " LEFT JOIN edition_stories s ON s.day = e.day AND s.lang = e.lang AND s.tz = e.tz"
            " WHERE e.lang = ? AND e.tz = ? GROUP BY e.day ORDER BY e.day DESC LIMIT ?",
            (lang, tz, limit),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def latest_telling(self, story_id: str, lang: str, tz: str = "UTC") -> str | None:
        """The day of the newest edition in ``lang`` that shows the story, if any."""
        row = self.conn.execute(
            "SELECT day FROM edition_stories WHERE story_id = ? AND lang = ? AND tz = ?"
            " ORDER BY day DESC LIMIT 1",
            (story_id, lang, tz),
        ).fetchone()
        return row[0] if row else None

    def languages(self) -> list[str]:
        """The languages editions were built in."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT lang FROM editions ORDER BY 1")]


def _chunks(values: Sequence[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield list(values[start : start + size])
