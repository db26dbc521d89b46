"""What the crash test of `alaune run` reads: the command run as a user runs it, and the store and
edition files seen from outside, as any reader sees them while the command writes.

Everything here reads the database through its own read-only connection, in plain SQL: nothing
of alaune's is imported to judge alaune's work.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# The replay server is on loopback only: per-host politeness is lifted from the environment as a
# user of a private mirror would; unbuffered output lets the test see each stage end as it ends.
ENV = {**os.environ, "ALAUNE_HOST_INTERVAL": "0", "ALAUNE_HOST_CONCURRENCY": "4",
       "ALAUNE_TIMEOUT": "20", "PYTHONUNBUFFERED": "1"}  # fmt: skip
# The lines `alaune run` prints as it goes, in order (the ingest report ends with "time: ..."):
# the stage that starts after each.
MARKERS = (("polling ", "ingest"), ("time: ", "extract"), ("extracted: ", "stories"),
           ("stories: ", "editions"))  # fmt: skip
STAGES = ("startup", *(stage for _, stage in MARKERS))
_WHEN = "COALESCE(a.published_at, a.fetched_at, a.created_at)"
_STORY_ID = re.compile(r"s[0-9a-f]{12}")


def read_only(db: Path) -> closing[sqlite3.Connection]:
    """A reader's connection (it never writes, so it never holds the writer up)."""
    return closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30))


def digest(text: str | bytes | None) -> str | None:
    """A short fingerprint of a text (None stays None)."""
    if text is None:
        return None
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def path_of(url: str) -> str:
    """A served address without its scheme, host and port (the server's port changes)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Run:
    """One `alaune run` in its own process; its output goes to a file read as it grows."""

    def __init__(self, db: Path, day: str, langs: str, log: Path) -> None:
        self.log = log
        self.started = time.monotonic()
        self.seen: dict[str, float] = {}  # marker -> when it was first seen, since the start
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "alaune", "run", "--db", str(db), "--date", day,
                 "--langs", langs],
                stdout=out, stderr=subprocess.STDOUT, env=ENV,
            )  # fmt: skip

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def stage(self) -> str:
        """The stage the run is in, as far as its output tells (markers seen so far)."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        now = self.elapsed()
        current = "startup"
        for marker, stage in MARKERS:
            if any(line.startswith(marker) for line in text.splitlines()):
                self.seen.setdefault(marker, now)
                current = stage
        return current

    def kill(self) -> None:
        """SIGKILL: no handler, no cleanup, no flush."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def wait(self, timeout: float) -> int:
        rc = self.proc.wait(timeout=timeout)
        self.stage()
        return rc

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Progress:
    """Counts a reader sees while the command writes."""

    articles: int = 0
    fetched: int = 0  # pages stored
    extracted: int = 0
    members: int = 0
    scores: int = 0
    editions: int = 0


def progress(db: Path) -> Progress:
    """The counts now; all zero while the database is not there yet or is being created."""
    try:
        with read_only(db) as conn:
            arts = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(html IS NOT NULL), 0),"
                " COALESCE(SUM(extracted_at IS NOT NULL), 0) FROM articles"
            ).fetchone()
            rest = [
                conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("story_members", "story_scores", "editions")
            ]
    except sqlite3.OperationalError:  # no file yet, no tables yet, or WAL files in flux
        return Progress()
    return Progress(*(int(n) for n in (*arts, *rest)))


@dataclass(slots=True)
class Committed:
    """What the store held after one kill: every later state must keep it."""

    articles: dict[str, str | None] = field(default_factory=dict)  # url -> page's hash
    extracted: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # url -> result
    placed: dict[str, str] = field(default_factory=dict)  # url -> story id then


def committed(db: Path) -> Committed:
    """Articles (with the hash of their page once it is fetched: a feed item's hash changes
    when its page comes), extraction results and story placements, as stored."""
    out = Committed()
    with read_only(db) as conn:
        rows = conn.execute(
            "SELECT a.url, a.html IS NOT NULL, a.content_hash, a.text, a.status, a.extracted_at,"
            " m.story_id FROM articles a LEFT JOIN story_members m ON m.article_id = a.id"
        )
        for url, paged, content_hash, text, status, extracted_at, story in rows:
            out.articles[url] = content_hash if paged else None
            if extracted_at is not None:
                out.extracted[url] = (status, digest(text))
            if story is not None:
                out.placed[url] = story
    return out


def resolve(conn: sqlite3.Connection, story: str) -> str:
    """A story id after merges (a merged story redirects to the one it joined)."""
    seen = {story}
    while True:
        row = conn.execute("SELECT merged_into FROM stories WHERE id = ?", (story,)).fetchone()
        assert row is not None, f"story {story} is gone (a member pointed to it once)"
        if row[0] is None:
            return story
        assert row[0] not in seen, f"merge loop at {story}"
        story = row[0]
        seen.add(story)


def assert_keeps(db: Path, before: Committed) -> None:
    """No lost committed work: every article, extraction and placement committed before is
    still there, unchanged (a placement may have moved only by a merge of its story)."""
    now = committed(db)
    lost = sorted(before.articles.keys() - now.articles.keys())
    assert not lost, f"{len(lost)} committed articles lost, e.g. {lost[:3]}"
    changed = [u for u, h in before.articles.items() if h and now.articles[u] != h]
    assert not changed, f"{len(changed)} fetched pages lost or changed, e.g. {changed[:3]}"
    redone = [u for u, r in before.extracted.items() if now.extracted.get(u) != r]
    assert not redone, f"{len(redone)} committed extractions lost or changed, e.g. {redone[:3]}"
    with read_only(db) as conn:
        moved = [
            (u, s, now.placed.get(u))
            for u, s in before.placed.items()
            if now.placed.get(u) != resolve(conn, s)
        ]
    assert not moved, f"{len(moved)} committed placements lost or moved, e.g. {moved[:3]}"


def assert_sound(db: Path, day: str, *, finished: bool = False) -> None:
    """The store is sound at any instant: SQLite's own checks, no duplicate, no half story, no
    score or edition entry without its story. ``finished``: the day's scores are complete too."""
    with read_only(db) as conn:

        def rows(sql: str, *args: object) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in conn.execute(sql, args)]

        assert rows("PRAGMA integrity_check") == [("ok",)]
        assert rows("PRAGMA foreign_key_check") == []
        assert rows("SELECT url FROM articles GROUP BY url HAVING COUNT(*) > 1") == []
        # a live story has members, as many as its size says, and spans their times
        assert (
            rows(
                "SELECT s.id FROM stories s WHERE s.merged_into IS NULL AND NOT EXISTS"
                " (SELECT 1 FROM story_members m WHERE m.story_id = s.id)"
            )
            == []
        ), "a story without members"
        assert (
            rows(
                f"SELECT s.id, s.size, COUNT(*), s.first_at, MIN({_WHEN}), s.last_at, MAX({_WHEN})"
                " FROM stories s JOIN story_members m ON m.story_id = s.id"
                " JOIN articles a ON a.id = m.article_id GROUP BY s.id"
                f" HAVING s.size != COUNT(*) OR s.first_at != MIN({_WHEN})"
                f" OR s.last_at != MAX({_WHEN})"
            )
            == []
        ), "a story whose size or time span is not its members'"
        # a merged story has handed over all its members; no member is in a merged story
        assert (
            rows(
                "SELECT s.id FROM stories s WHERE s.merged_into IS NOT NULL AND (s.size != 0 OR"
                " EXISTS (SELECT 1 FROM story_members m WHERE m.story_id = s.id))"
            )
            == []
        ), "a merged story that still has members"
        # a copy is in its original's story
        assert (
            rows(
                "SELECT m.article_id FROM story_members m JOIN story_members o"
                " ON o.article_id = m.original_id WHERE o.story_id != m.story_id"
            )
            == []
        ), "a copy outside its original's story"
        # scores and editions name live stories only
        assert (
            rows(
                "SELECT c.story_id FROM story_scores c JOIN stories s ON s.id = c.story_id"
                " WHERE s.merged_into IS NOT NULL"
            )
            == []
        ), "a score of a merged story"
        assert (
            rows(
                "SELECT e.story_id FROM edition_stories e LEFT JOIN stories s ON s.id = e.story_id"
                " WHERE s.id IS NULL OR s.merged_into IS NOT NULL"
            )
            == []
        ), "an edition entry without a live story"
        assert (
            rows(
                "SELECT e.day, e.lang FROM edition_stories e LEFT JOIN editions d USING (day, lang, tz)"
                " WHERE d.day IS NULL"
            )
            == []
        ), "an edition entry without its edition"
        for day_, lang, tz, body in rows("SELECT day, lang, tz, body FROM editions"):
            shown = rows(
                "SELECT rank, story_id FROM edition_stories WHERE day = ? AND lang = ? AND tz = ?"
                " ORDER BY rank",
                day_, lang, tz,
            )  # fmt: skip
            told = [(s["rank"], s["id"]) for s in json.loads(body)["stories"]]
            assert shown == told, f"edition {day_}.{lang}: its stories and its body disagree"
        if finished:
            # every live story with a report on the day has its score for the day
            assert rows(
                f"SELECT DISTINCT m.story_id FROM story_members m JOIN articles a"
                f" ON a.id = m.article_id WHERE substr({_WHEN}, 1, 10) = ? AND NOT EXISTS"
                " (SELECT 1 FROM story_scores c WHERE c.story_id = m.story_id AND c.day = ?)",
                day, day,
            ) == [], "a story of the day without its score"  # fmt: skip


def assert_files_whole(folder: Path) -> list[str]:
    """Every edition file a reader can open is whole; returns the names of temporary files
    left behind (by a kill while writing), which a reader never mistakes for an edition."""
    leftovers = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.name.startswith("."):
            leftovers.append(path.name)
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            body = json.loads(text)  # a half file does not parse
            assert set(body) == {"edition", "stories"}, path
        else:
            assert path.suffix == ".html", path
            assert text.rstrip().endswith("</html>"), f"{path} is cut short"
    return leftovers


def stored_edition(db: Path, day: str, lang: str) -> dict[str, Any]:
    """The edition kept in the store."""
    with read_only(db) as conn:
        row = conn.execute(
            "SELECT body FROM editions WHERE day = ? AND lang = ? AND tz = 'UTC'", (day, lang)
        ).fetchone()
    assert row is not None, f"no stored edition {day}.{lang}"
    body: dict[str, Any] = json.loads(row[0])
    return body


def comparable(db: Path, body: dict[str, Any]) -> Any:
    """An edition as two runs can agree on it: story ids and article ids (which depend on the
    order the reports arrived in) stand as their members' and their own addresses, and the
    build time goes."""
    with read_only(db) as conn:
        urls = {i: path_of(u) for i, u in conn.execute("SELECT id, url FROM articles")}
        members: dict[str, list[str]] = {}
        for story, url in conn.execute(
            "SELECT m.story_id, a.url FROM story_members m JOIN articles a ON a.id = m.article_id"
        ):
            members.setdefault(story, []).append(path_of(url))

    def norm(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: norm(v, k) for k, v in value.items() if k != "built_at"}
        if isinstance(value, list):
            return [norm(v, key) for v in value]
        if key in ("article_id", "reprint_of", "original_id") and isinstance(value, int):
            return urls[value]
        if isinstance(value, str) and _STORY_ID.fullmatch(value):
            return sorted(members.get(value, [value]))
        if isinstance(value, str) and value.startswith("http://127.0.0."):
            return path_of(value)
        return value

    return norm(body)


def partition(db: Path, day: str) -> set[frozenset[str]]:
    """The day's reports grouped as the store has them: each story as its members' addresses."""
    groups: dict[str, set[str]] = {}
    with read_only(db) as conn:
        for story, url in conn.execute(
            f"SELECT m.story_id, a.url FROM story_members m JOIN articles a"
            f" ON a.id = m.article_id WHERE substr({_WHEN}, 1, 10) = ?",
            (day,),
        ):
            groups.setdefault(story, set()).add(path_of(url))
    return {frozenset(g) for g in groups.values()}


def articles(db: Path) -> list[tuple[Any, ...]]:
    """Every article as two runs can agree on it (ids and times left out)."""
    with read_only(db) as conn:
        rows = conn.execute(
            "SELECT url, title, summary, text, status, drop_reason, content_hash, language,"
            " outlet, published_at, paywalled, extra FROM articles"
        )
        return sorted((path_of(r[0]), *r[1:3], digest(r[3]), *r[4:]) for r in rows)
