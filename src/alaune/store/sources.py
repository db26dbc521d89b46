"""Source queries: subscriptions and their polling state."""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from datetime import UTC, datetime

from alaune.errors import SourceNotFound
from alaune.model import Source
from alaune.store._convert import parse_ts, ts

_TIME_FIELDS = {"next_poll_at", "last_polled_at", "last_ok_at"}
_FIELDS = [f.name for f in fields(Source) if f.name != "id"]


def _row_to_source(row: sqlite3.Row) -> Source:
    values = {name: row[name] for name in _FIELDS}
    for name in _TIME_FIELDS:
        values[name] = parse_ts(values[name])
    values["active"] = bool(values["active"])
    return Source(id=row["id"], **values)


def _values(src: Source) -> list[object]:
    out: list[object] = []
    for name in _FIELDS:
        value = getattr(src, name)
        out.append(ts(value) if name in _TIME_FIELDS else value)
    return out


class SourceQueries:
    """The sources table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(self, src: Source) -> tuple[Source, bool]:
        """Subscribe to a feed; a feed already there keeps its state. Returns (source, created)."""
        existing = self.find(src.feed_url)
        if existing is not None:
            return existing, False
        cols = ", ".join(_FIELDS)
        marks = ", ".join("?" for _ in _FIELDS)
        cur = self.conn.execute(
            f"INSERT INTO sources ({cols}, added_at) VALUES ({marks}, ?)",
            [*_values(src), datetime.now(UTC).isoformat(timespec="seconds")],
        )
        src.id = cur.lastrowid
        return src, True

    def save(self, src: Source) -> None:
        """Write back a source's state after a poll."""
        assigns = ", ".join(f"{name} = ?" for name in _FIELDS)
        self.conn.execute(f"UPDATE sources SET {assigns} WHERE id = ?", [*_values(src), src.id])

    def find(self, key: str | int) -> Source | None:
        """A source by id or feed URL."""
        if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
            row = self.conn.execute("SELECT * FROM sources WHERE id = ?", (int(key),)).fetchone()
        else:
            row = self.conn.execute("SELECT * FROM sources WHERE feed_url = ?", (key,)).fetchone()
        return _row_to_source(row) if row else None

    def get(self, key: str | int) -> Source:
        """Like :meth:`find`, but a missing source is an error the user can act on."""
        src = self.find(key)
        if src is None:
            raise SourceNotFound(
                f"no source {key!r} in this database; `alaune sources list` shows the sources"
            )
        return src

    def remove(self, key: str | int) -> Source:
        """Unsubscribe; the articles already stored stay."""
        src = self.get(key)
        self.conn.execute("DELETE FROM sources WHERE id = ?", (src.id,))
        return src

    def all(self) -> list[Source]:
        """Every source, in the order they were added."""
        return [_row_to_source(r) for r in self.conn.execute("SELECT * FROM sources ORDER BY id")]

    def due(self, now: datetime) -> list[Source]:
        """Active sources whose next poll time has come (or that were never polled)."""
        rows = self.conn.execute(
            "SELECT * FROM sources WHERE active = 1 AND (next_poll_at IS NULL OR next_poll_at <= ?)"
            " ORDER BY id",
            (ts(now),),
        )
        return [_row_to_source(r) for r in rows]

    def count(self) -> int:
        """How many sources are stored."""
        return int(self.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0])
