"""Crash safety of the main job: `alaune run` killed with SIGKILL at random points, many times,
restarted each time, then run to completion, ends as a run that was never interrupted: no lost
committed article, extraction or placement, no duplicate, no half story, a sound database, and
the same editions, in the store and in the files beside it.

The command runs in its own process, as a user runs it, against a local server replaying a
quarter of the feeds of a real day (42 feeds, 737 articles: every stage has real work, and the
whole test fits in a few minutes on two cores). The kill points are drawn from a seeded random
generator (``ALAUNE_CRASH_SEED`` picks another sequence): in each stage, either a time drawn
across that stage's duration in an uninterrupted run, or a count a reader sees the command
commit (articles, pages, extractions, placements, scores, editions) drawn above what is stored.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from alaune.cli.edition import render
from alaune.files import write_atomically
from alaune.model import Source
from alaune.records import Edition
from alaune.store import Store
from tests.support import crashrun as cr
from tests.support.feedserver import FeedServer, day_dir, have_day

DAY = "2023-12-05"
LANGS = ("fr", "en")
SEED = int(os.environ.get("ALAUNE_CRASH_SEED", "20231205"))
MIN_KILLS = 12
pytestmark = pytest.mark.skipif(
    not have_day(DAY),
    reason=f"{day_dir(DAY)} is absent (the shared data lives beside the checkout)",
)


@dataclass(frozen=True, slots=True)
class Totals:
    """What the uninterrupted run did: its stages' durations and its final counts."""

    durations: dict[str, float]
    done: cr.Progress


@dataclass(frozen=True, slots=True)
class KillPoint:
    """Kill once the run is in ``stage`` and ``ready`` holds (given the seconds since the stage
    began and what a reader sees in the store)."""

    name: str
    stage: str
    ready: Callable[[float, cr.Progress], bool]
    reads_store: bool


def at_time(stage: str, seconds: float) -> KillPoint:
    return KillPoint(f"{stage} +{seconds:.2f}s", stage, lambda t, _: t >= seconds, False)


def at_count(stage: str, what: str, count: int) -> KillPoint:
    return KillPoint(
        f"{stage}: {what} >= {count}", stage, lambda _, p: getattr(p, what) >= count, True
    )


def plan(rng: random.Random, totals: Totals, db: Path) -> list[Callable[[], KillPoint]]:
    """The kill points, stage by stage, each drawn when its turn comes: a count is drawn above
    what the killed runs left in ``db``, up to what the uninterrupted run ended with."""

    def timed(stage: str) -> Callable[[], KillPoint]:
        return lambda: at_time(stage, rng.uniform(0.02, 0.98) * totals.durations[stage])

    def counted(stage: str, what: str) -> Callable[[], KillPoint]:
        def draw() -> KillPoint:
            stored: int = getattr(cr.progress(db), what)
            if stored >= total(what):  # an earlier kill went past it: a time in the stage then
                return timed(stage)()
            # up to half of what is left: stages commit in batches, and a count near the end
            # is reached by the stage's last commit only, when the stage is over
            return at_count(stage, what, rng.randint(stored + 1, (stored + 1 + total(what)) // 2))

        return draw

    def total(what: str) -> int:
        return int(getattr(totals.done, what))

    return [
        timed("startup"),
        counted("ingest", "articles"),
        counted("ingest", "fetched"),
        timed("ingest"),
        counted("extract", "extracted"),
        counted("extract", "extracted"),
        timed("extract"),
        timed("stories"),
        timed("stories"),
        timed("stories"),
        counted("stories", "members"),  # the stage commits all at once: right after it then
        counted("editions", "scores"),
        counted("editions", "editions"),
        timed("editions"),
        timed("editions"),
        timed("editions"),
        timed("editions"),
        timed("editions"),
    ]


def uninterrupted(db: Path, log: Path) -> Totals:
    """One run from start to end, its stages timed from the lines it prints as each ends."""
    run = cr.Run(db, DAY, ",".join(LANGS), log)
    while run.proc.poll() is None:
        run.stage()
        time.sleep(0.01)
    assert run.wait(10) == 0, run.output()
    seen = run.seen
    ends = [0.0, *(seen[m] for m, _ in cr.MARKERS), run.elapsed()]
    assert ends == sorted(ends), (seen, run.output())
    durations = {stage: ends[i + 1] - ends[i] for i, stage in enumerate(cr.STAGES)}
    return Totals(durations, cr.progress(db))


def kill_at(db: Path, log: Path, point: KillPoint) -> tuple[str, cr.Progress] | None:
    """Start a run and SIGKILL it at ``point``: (the stage it was in, what was stored), or None
    when it finished first."""
    run = cr.Run(db, DAY, ",".join(LANGS), log)
    order = cr.STAGES.index(point.stage)
    began: float | None = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if run.proc.poll() is not None:
            assert run.proc.returncode == 0, run.output()
            return None
        stage = run.stage()
        if began is None and cr.STAGES.index(stage) >= order:
            began = run.seen.get(next((m for m, s in cr.MARKERS if s == point.stage), ""), 0.0)
        if began is not None:
            now = cr.progress(db) if point.reads_store else cr.Progress()
            if point.ready(run.elapsed() - began, now):
                stage = run.stage()  # as late as can be before the kill
                run.kill()
                assert run.proc.returncode == -signal.SIGKILL
                return stage, cr.progress(db)
        time.sleep(0.01)
    run.kill()
    pytest.fail(f"kill point never reached: {point.name}\n{run.output()}")


def subscribe(db: Path, urls: list[str]) -> None:
    with Store(db) as store, store.transaction():
        for url in urls:
            store.sources.add(Source(feed_url=url))


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_killed_run_ends_like_an_uninterrupted_one(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    fresh, killed = tmp_path / "fresh" / "alaune.db", tmp_path / "killed" / "alaune.db"
    with FeedServer(day=DAY, hosts=("127.0.0.1", "127.0.0.2"), delay=0.002,
                    feed_delay=0.05) as server:  # fmt: skip
        urls = server.feed_urls()[::4]
        for db in (fresh, killed):
            subscribe(db, urls)  # first: without sources, `run` subscribes to the internet's
        totals = uninterrupted(fresh, tmp_path / "fresh.log")
        assert totals.done.articles == 737 and totals.done.members > 500, totals
        history: list[tuple[str, str, cr.Progress]] = []
        kept: list[cr.Committed] = []
        left_behind = 0  # temporary files a kill left (each swept by the next write)
        for draw in plan(rng, totals, killed):
            point = draw()
            landed = kill_at(killed, tmp_path / f"killed.{len(history)}.log", point)
            if landed is None:
                history.append((point.name, "finished first", cr.progress(killed)))
                continue
            history.append((point.name, *landed))
            cr.assert_sound(killed, DAY)
            left_behind += len(cr.assert_files_whole(killed.parent / "editions"))
            if kept:
                cr.assert_keeps(killed, kept[-1])
            kept.append(cr.committed(killed))
        final = cr.Run(killed, DAY, ",".join(LANGS), tmp_path / "final.log")
        assert final.wait(180) == 0, final.output()
        assert server.errors == []
    report = "\n".join(f"{name:32} -> {stage:14} {p}" for name, stage, p in history)
    print(f"seed {SEED}; temporary files left by kills: {left_behind}\n{report}")
    kills = [(stage, p) for _, stage, p in history if stage != "finished first"]
    assert len(kills) >= MIN_KILLS, report
    # the kills landed in every stage, and each run went on from where the last one stopped
    assert {"ingest", "extract", "stories", "editions"} <= {s for s, _ in kills}, report
    counts = [(p.articles, p.fetched, p.extracted, p.members) for _, p in kills]
    assert all(x <= y for a, b in pairwise(counts) for x, y in zip(a, b, strict=True)), report

    # the store: sound, nothing committed lost, nothing twice, nothing left waiting
    cr.assert_sound(fresh, DAY, finished=True)
    cr.assert_sound(killed, DAY, finished=True)
    for before in kept:
        cr.assert_keeps(killed, before)
    assert cr.articles(killed) == cr.articles(fresh)
    assert cr.partition(killed, DAY) == cr.partition(fresh, DAY)
    with Store(killed) as store:
        assert store.integrity_ok()
        assert store.stories.waiting() == []
        assert sorted(s.feed_url for s in store.sources.all()) == sorted(urls)

    # the editions: the files are whole and are the stored ones; both equal the uninterrupted run's
    folder = killed.parent / "editions"
    assert cr.assert_files_whole(folder) == [], "temporary files left after the final run"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{DAY}.{lang}.{fmt}" for lang in LANGS for fmt in ("html", "json")
    )
    for lang in LANGS:
        stored = cr.stored_edition(killed, DAY, lang)
        assert json.loads((folder / f"{DAY}.{lang}.json").read_text("utf-8")) == stored
        assert (folder / f"{DAY}.{lang}.html").read_text("utf-8") == render(
            Edition.from_dict(stored), "html"
        )
        expected = cr.comparable(fresh, cr.stored_edition(fresh, DAY, lang))
        assert len(expected["stories"]) >= 10
        assert cr.comparable(killed, stored) == expected, f"edition {lang} differs\n{report}"


# A process that rewrites one edition file over and over, as `alaune run` does once per run.
WRITER = """
import sys
from pathlib import Path
from alaune.files import write_atomically
path, versions = Path(sys.argv[1]), [c * (4 << 20) for c in "ab"]
write_atomically(path, versions[1])
print("writing", flush=True)
n = 0
while True:
    write_atomically(path, versions[n % 2])
    n += 1
"""


def test_an_edition_file_killed_while_written_is_the_old_one_or_the_new(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    path = tmp_path / "editions" / f"{DAY}.fr.json"
    path.parent.mkdir()
    whole = {c * (4 << 20) for c in "ab"}
    left = 0
    for _ in range(10):
        with subprocess.Popen([sys.executable, "-c", WRITER, str(path)],
                              stdout=subprocess.PIPE) as proc:  # fmt: skip
            assert proc.stdout is not None and proc.stdout.readline() == b"writing\n"
            time.sleep(rng.uniform(0.0, 0.2))
            proc.kill()
        assert path.read_text(encoding="utf-8") in whole  # never half of one
        left = max(left, len(list(path.parent.glob(".*.tmp"))))
    assert left >= 1  # the kills landed while a file was being written
    # the next write sweeps what the killed writers left
    write_atomically(path, "done")
    assert list(path.parent.iterdir()) == [path] and path.read_text(encoding="utf-8") == "done"
