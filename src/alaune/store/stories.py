"""Story queries: reports waiting for a story, the open stories' members, placements."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class Report:
    """A stored article as the stories stage reads it."""

    article_id: int
    title: str
    text: str  # the extracted text when there is one, else the feed's lead
    published: datetime
    lang: str | None
    outlet: str | None
    story_id: str | None = None
    original_id: int | None = None
    embedding: NDArray[np.float32] | None = None
    url: str = ""


# When a report has no publication time, the time we first saw it stands in.
_WHEN = "COALESCE(a.published_at, a.fetched_at, a.created_at)"
# Reports are placed in time order, those of the same second in address order: an article's id
# follows the order reports happened to arrive in (feeds are polled concurrently), and the
# stories must not depend on it. Held reports are read back in the same order, so that a run
# resumed after a crash rebuilds the index row for row as the interrupted run had it.
_ORDER = f"{_WHEN}, a.url"
# the outlet is the feed's, else the page's own site name (a wire's copy is known by it)
_FIELDS = (
    f"a.id, a.title, CASE WHEN a.text != '' THEN a.text ELSE a.summary END, {_WHEN},"
    " a.language, COALESCE(NULLIF(a.outlet, ''), a.site_name), a.url"
)


def _when(value: str) -> datetime:
    when = datetime.fromisoformat(value)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def pack(vector: NDArray[np.float32]) -> bytes:
    """An embedding as stored: float16 (1 KB a report; cosines move by under 0.001)."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def unpack(blob: bytes) -> NDArray[np.float32]:
    """A stored embedding, back to float32."""
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


class StoryQueries:
    """Reading and writing the stories table and its members."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def waiting(self) -> list[Report]:
        """Articles with a title or text that are in no story yet, oldest first. A feed item
        whose page could not be fetched still reports its event by its title and lead."""
        rows = self.conn.execute(
            f"SELECT {_FIELDS} FROM articles a"
            " LEFT JOIN story_members m ON m.article_id = a.id"
            " WHERE m.article_id IS NULL AND a.status != 'dropped'"
            " AND (a.title != '' OR a.text != '' OR a.summary != '')"
            f" ORDER BY {_ORDER}"
        ).fetchall()
        return [Report(r[0], r[1], r[2] or "", _when(r[3]), r[4], r[5], url=r[6]) for r in rows]

    def placed_since(self, since: datetime) -> Iterator[Report]:
        """The members of stories, published since ``since``, oldest first."""
        rows = self.conn.execute(
            f"SELECT {_FIELDS}, m.story_id, m.original_id, m.embedding FROM story_members m"
            " JOIN articles a ON a.id = m.article_id"
            f" WHERE {_WHEN} >= ? ORDER BY {_ORDER}",
            (since.astimezone(UTC).isoformat(timespec="seconds"),),
        )
        for r in rows:
            yield Report(
                r[0], r[1], r[2] or "", _when(r[3]), r[4], r[5], r[7], r[8], unpack(r[9]), r[6]
            )

    def place(self, report: Report, story_id: str, embedding: NDArray[np.float32]) -> None:
        """Record a report in its story (the story row is created or extended)."""
        at = report.published.astimezone(UTC).isoformat(timespec="seconds")
        self.conn.execute(
            "INSERT INTO stories (id, first_at, last_at, size) VALUES (?, ?, ?, 1)"
            " ON CONFLICT (id) DO UPDATE SET size = size + 1,"
            " first_at = MIN(first_at, excluded.first_at),"
            " last_at = MAX(last_at, excluded.last_at)",
            (story_id, at, at),
        )
        self.conn.execute(
            "INSERT INTO story_members (article_id, story_id, original_id, embedding, assigned_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                report.article_id,
                story_id,
                report.original_id,
                pack(embedding),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )

    def merge(self, gone: str, keep: str) -> None:
        """Fold story ``gone`` into ``keep``: its members move, its id redirects."""
        self.conn.execute(
            "UPDATE stories SET size = size + (SELECT size FROM stories WHERE id = :gone),"
            " first_at = MIN(first_at, (SELECT first_at FROM stories WHERE id = :gone)),"
            " last_at = MAX(last_at, (SELECT last_at FROM stories WHERE id = :gone))"
            " WHERE id = :keep",
            {"gone": gone, "keep": keep},
        )
        self.conn.execute("UPDATE story_members SET story_id = ? WHERE story_id = ?", (keep, gone))
        self.conn.execute("UPDATE stories SET merged_into = ?, size = 0 WHERE id = ?", (keep, gone))

    def of_article(self, article_id: int) -> str | None:
        """The story an article is in (following merges), or None."""
        row = self.conn.execute(
            "SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)
        ).fetchone()
        return self.resolve(row[0]) if row else None

    def resolve(self, story_id: str) -> str:
        """A story id after merges: a merged story's id redirects to the one it joined."""
        seen = {story_id}
        while True:
            row = self.conn.execute(
                "SELECT merged_into FROM stories WHERE id = ?", (story_id,)
            ).fetchone()
            if row is None or row[0] is None or row[0] in seen:
                return story_id
            story_id = row[0]
            seen.add(story_id)

    def by_url(self) -> dict[str, str]:
        """{article address: its story} for every report in a story (merges followed: a
        merge moves the members)."""
        rows = self.conn.execute(
            "SELECT a.url, m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id"
        )
        return {r[0]: r[1] for r in rows}

    def reprints_by_url(self) -> dict[str, str]:
        """{reprint's address: its copy group's original's address}."""
        rows = self.conn.execute(
            "SELECT a.url, o.url FROM story_members m JOIN articles a ON a.id = m.article_id"
            " JOIN articles o ON o.id = m.original_id"
        )
        return {r[0]: r[1] for r in rows}

    def sizes(self) -> dict[str, int]:
        """{story id: number of reports} for stories not merged into another."""
        rows = self.conn.execute("SELECT id, size FROM stories WHERE merged_into IS NULL")
        return {r[0]: int(r[1]) for r in rows}
