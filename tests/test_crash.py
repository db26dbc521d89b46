"""Crash safety: `alaune ingest` killed with SIGKILL at several points, then run to completion,
ends with the same articles as a run that was never interrupted, in a sound database.

The command runs in its own process, as a user runs it, against a local server replaying a real
day. One shim: the command has no switch for politeness (one request per host per second by
default), which would make a day of ~4,000 pages last an hour, so the child process lifts the
per-host interval before calling the command's own ``main``.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from alaune.model import Source
from alaune.store import Store
from tests.support.feedserver import FeedServer, day_dir, have_day

DAY = "2023-12-05"
pytestmark = pytest.mark.skipif(
    not have_day(DAY),
    reason=f"{day_dir(DAY)} is absent (the shared data lives beside the checkout)",
)
# The replay server is on 127.0.0.1 only: per-host politeness is set from the environment as a
# user of a private mirror would, so that a run lasts seconds, not minutes.
ENV = {**os.environ, "ALAUNE_HOST_INTERVAL": "0", "ALAUNE_HOST_CONCURRENCY": "4",
       "ALAUNE_TIMEOUT": "20"}  # fmt: skip
# (articles stored, pages fetched) -> kill now
KillPoint = Callable[[int, int], bool]
KILL_POINTS: list[tuple[str, KillPoint]] = [
    ("first feed committed", lambda stored, fetched: stored >= 1),
    ("a quarter of the items", lambda stored, fetched: stored >= 1000),
    ("first pages", lambda stored, fetched: fetched >= 300),
    ("half the pages", lambda stored, fetched: fetched >= 2000),
]
COMPARED = (
    "SELECT a.url, a.title, a.summary, a.status, a.drop_reason, a.fetch_attempts, a.content_hash,"
    " a.language, a.outlet, a.feed_url, s.feed_url FROM articles a"
    " LEFT JOIN sources s ON s.id = a.source_id ORDER BY a.url"
)


def alaune(db: Path, *args: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "alaune", *args, "--db", str(db)],
                                stdout=out, stderr=subprocess.STDOUT, env=ENV)  # fmt: skip


def read_only(db: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30))


def progress(db: Path) -> tuple[int, int]:
    """(articles, fetched pages), read as any reader would while the command writes."""
    with read_only(db) as conn:
        stored, fetched = conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(status = 'fetched'), 0) FROM articles"
        ).fetchone()
    return int(stored), int(fetched)


def assert_sound(db: Path) -> None:
    with read_only(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        dupes = "SELECT url, COUNT(*) FROM articles GROUP BY url HAVING COUNT(*) > 1"
        assert conn.execute(dupes).fetchall() == []


def kill_at(db: Path, log: Path, point: KillPoint, name: str) -> tuple[int, int]:
    """Start an ingest, SIGKILL it once ``point`` holds; returns the progress it was killed at."""
    with alaune(db, "ingest", log=log) as proc:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"the run ended (rc {proc.returncode}) before the kill point: {name}")
            try:
                now = progress(db)
            except sqlite3.OperationalError:  # the writer is between two states of the WAL files
                now = (0, 0)
            if point(*now):
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                assert proc.returncode == -signal.SIGKILL
                return now
            time.sleep(0.01)
        proc.kill()
        pytest.fail(f"kill point never reached: {name}")


def finish(db: Path, log: Path) -> None:
    with alaune(db, "ingest", log=log) as proc:
        assert proc.wait(timeout=180) == 0, log.read_text()


def subscribe(db: Path, urls: list[str]) -> None:
    with Store(db) as store, store.transaction():
        for url in urls:
            store.sources.add(Source(feed_url=url))


def snapshot(db: Path) -> list[tuple[object, ...]]:
    with read_only(db) as conn:
        return [tuple(r) for r in conn.execute(COMPARED)]


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_killed_ingest_ends_like_an_uninterrupted_one(tmp_path: Path) -> None:
    killed, fresh, log = tmp_path / "killed.db", tmp_path / "fresh.db", tmp_path / "ingest.log"
    with FeedServer(day=DAY, hosts=("127.0.0.1", "127.0.0.2"), delay=0.002,
                    feed_delay=0.05) as server:  # fmt: skip
        urls = server.feed_urls()
        # one source through the command, as a user subscribes; the rest straight into the store
        added = subprocess.run([sys.executable, "-m", "alaune", "sources", "add", urls[0], "--db",
                                str(killed)], capture_output=True, text=True, check=False)  # fmt: skip
        assert added.returncode == 0 and added.stdout.startswith("added: [1] "), added.stderr
        subscribe(killed, urls[1:])
        seen = []
        for name, point in KILL_POINTS:
            seen.append(kill_at(killed, log, point, name))
            assert_sound(killed)
        finish(killed, log)
        subscribe(fresh, urls)
        finish(fresh, log)
        assert server.errors == []
    # every kill landed later than the one before: the runs went on where the last one stopped
    assert seen == sorted(seen) and seen[0][0] >= 1 and seen[-1][1] >= 2000, seen
    assert_sound(killed)
    expected = snapshot(fresh)
    assert len(expected) == 3837
    assert {r[3] for r in expected} == {"fetched"} and {r[5] for r in expected} == {1}
    assert snapshot(killed) == expected
    with Store(killed) as store:
        summary = store.stats.summary()
        assert summary["drops"] == {}
        assert summary["sources"]["failing"] == 0 and summary["sources"]["never_polled"] == 0
        assert store.integrity_ok()
