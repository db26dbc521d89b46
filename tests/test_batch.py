"""`alaune batch`: the shared WARC parts through both engines (the same files out), a batch
killed and resumed, drops counted by reason, bad input refused clearly."""

from __future__ import annotations

import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from alaune.batch.run import run_batch
from tests.conftest import shared_path

CLI = [sys.executable, "-m", "alaune", "batch"]


def parts() -> list[Path]:
    return sorted(shared_path("data", "warc").glob("*.warc.gz"))


def outputs(out: Path) -> dict[str, list[dict[str, object]]]:
    """Every Parquet file of a batch, read back (the timings of summary.json aside)."""
    found = {}
    for path in sorted(out.rglob("*.parquet")):
        found[str(path.relative_to(out))] = pq.read_table(path).to_pylist()
    return found


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "local"
    run_batch(parts(), out, engine="local", workers=2)
    return out


def test_local_batch_writes_articles_copies_stories_and_a_summary(local_run: Path) -> None:
    summary = json.loads((local_run / "summary.json").read_text())
    assert summary["tasks"] == 5 and summary["records"] == 258
    # one page is in the archive twice: kept once, counted as a drop with its reason
    assert summary["articles"] == 257 and summary["drops"] == {"repeated_url": 1}
    assert set(summary["task_seconds_by_stage"]) >= {"read", "extract", "signatures", "embed"}
    stories = pq.read_table(local_run / "stories.parquet").to_pylist()
    assert len(stories) == 257 and summary["stories"] == len({s["story_id"] for s in stories})
    articles = pq.read_table(local_run / "parts" / "00000-fundus-news-01.articles.parquet")
    assert articles.num_rows == 50
    row = articles.to_pylist()[0]
    assert row["url"].startswith("http") and len(row["text"]) > 200 and row["lang"]
    assert len(row["embedding"]) == 1024  # 512 float16
    duplicates = pq.read_table(local_run / "duplicates.parquet").to_pylist()
    assert len(duplicates) == 257 and all(d["original_id"] for d in duplicates)


def test_ray_gives_exactly_the_local_outputs(local_run: Path, tmp_path: Path) -> None:
    pytest.importorskip("ray")
    out = tmp_path / "ray"
    summary = run_batch(parts(), out, engine="ray", workers=2)
    assert summary.engine == "ray" and summary.tasks == 5
    assert outputs(out) == outputs(local_run)


def test_a_killed_batch_resumes_where_it_stopped(local_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "resumed"
    args = [
        *CLI,
        "--input",
        str(shared_path("data", "warc")) + "/*.warc.gz",
        "--out",
        str(out),
        "--workers",
        "1",
    ]
    first = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while not list((out / "parts").glob("*.done")) if (out / "parts").exists() else True:
        assert first.poll() is None, "the batch ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    done_before = {p.name: p.stat().st_mtime_ns for p in (out / "parts").glob("*.done")}
    assert 1 <= len(done_before) < 5 and not (out / "summary.json").exists()
    again = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["resumed_tasks"] == len(done_before)
    # the tasks done before were not done again, and the result is an uninterrupted run's
    assert all((out / "parts" / n).stat().st_mtime_ns == t for n, t in done_before.items())
    assert outputs(out) == outputs(local_run)


def test_a_batch_killed_in_its_stories_step_resumes_from_its_checkpoint(
    local_run: Path, tmp_path: Path
) -> None:
    out = tmp_path / "killed"
    args = [*CLI, "--input", str(shared_path("data", "warc")) + "/*.warc.gz", "--out", str(out)]
    env = {**os.environ, "ALAUNE_BATCH_CHECKPOINT": "10"}  # a checkpoint every 10 reports
    first = subprocess.Popen(
        [*args, "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, env=env,
    )  # fmt: skip
    state = out / "stories.parts" / "state.pickle"
    deadline = time.monotonic() + 240
    while not state.exists():
        assert first.poll() is None, "the batch ended before its stories step was interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.001)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    assert not (out / "stories.parquet").exists() and not (out / "summary.json").exists()
    done = {p: p.stat().st_mtime_ns for p in [*out.glob("parts/*.done"), out / "copies.done"]}
    again = subprocess.run(
        [*args, "--workers", "1"], capture_output=True, text=True, timeout=300, env=env,
        check=False,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    summary = json.loads((out / "summary.json").read_text())
    # the placements made before the kill were not made again; the rest is an uninterrupted run
    assert summary["resumed_tasks"] == 5 and 10 <= summary["stories_resumed_after"] < 257
    assert all(p.stat().st_mtime_ns == t for p, t in done.items())
    assert outputs(out) == outputs(local_run)


def test_a_truncated_archive_is_counted_and_the_rest_goes_on(tmp_path: Path) -> None:
    whole = gzip.decompress(parts()[0].read_bytes())
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[: len(whole) // 2])  # ends inside a record
    summary = run_batch([cut, parts()[1]], tmp_path / "out", engine="local", workers=1)
    assert summary.tasks == 2 and summary.articles > 59
    assert summary.drops and all(count > 0 for count in summary.drops.values())
    assert set(summary.drops) & {"truncated_record", "truncated_archive", "bad_record"}


def test_bad_input_is_one_clear_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*CLI, "--input", str(tmp_path / "none*.warc.gz"), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1 and "no file matches" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = subprocess.run(
        [*CLI, "--input", str(parts()[0]), "--out", str(tmp_path / "o"), "--engine", "spark"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "spark" in proc.stderr


def test_stories_with_a_small_held_window_are_the_same(
    local_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from alaune.batch.copies import copies
    from alaune.batch.stories import stories
    from alaune.group import placement

    copy = tmp_path / "copy"
    shutil.copytree(local_run, copy)
    (copy / "stories.parquet").unlink()
    reprints = copies(copy)
    monkeypatch.setattr(placement, "HELD_MAX", 5)  # the index is rebuilt every few reports
    made = stories(copy, reprints, checkpoint=40)  # and the step checkpoints as it goes
    again = pq.read_table(copy / "stories.parquet").to_pylist()
    assert again == pq.read_table(local_run / "stories.parquet").to_pylist()
    assert made["stories"] == len({r["story_id"] for r in again})
    assert not (copy / "stories.parts").exists()


def test_a_batch_loads_into_the_store_once(local_run: Path, tmp_path: Path) -> None:
    from alaune.batch.load import load_batch
    from alaune.store import Store

    stories = {
        r["url"]: r["story_id"] for r in pq.read_table(local_run / "stories.parquet").to_pylist()
    }
    with Store(tmp_path / "loaded.db") as store:
        first = load_batch(local_run, store)
        assert (first.articles, first.placed, first.already) == (257, 257, 0)
        again = load_batch(local_run, store)
        assert (again.placed, again.already) == (0, 257)
        assert store.articles.count() == 257
        rows = store.conn.execute(
            "SELECT a.url, m.story_id, a.status, length(a.text) FROM articles a"
            " JOIN story_members m ON m.article_id = a.id"
        ).fetchall()
        assert {r[0]: r[1] for r in rows} == stories
        assert all(r[2] == "extracted" and r[3] > 0 for r in rows)
        assert store.integrity_ok()
    with pytest.raises(Exception, match="no finished batch"), Store(tmp_path / "x.db") as store:
        load_batch(tmp_path, store)


def test_a_cluster_address_where_nothing_answers_is_one_clear_line(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    with socket.socket() as s:  # a port nobody listens on: bound, never listening
        s.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{s.getsockname()[1]}"
        proc = subprocess.run(
            [*CLI, "--input", str(parts()[0]), "--out", str(tmp_path / "o"), "--engine", "ray"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={**os.environ, "RAY_ADDRESS": address},
        )
    assert proc.returncode == 1 and f"nothing answers at RAY_ADDRESS={address}" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "o" / "summary.json").exists()


def _groups(of: dict[str, str]) -> set[frozenset[str]]:
    """The groups of {member: group key}, whatever the keys."""
    found: dict[str, set[str]] = {}
    for member, key in of.items():
        found.setdefault(key, set()).add(member)
    return {frozenset(g) for g in found.values()}


def _both_paths(warcs: list[Path], batch_out: Path, db: Path) -> tuple[dict[str, Any], ...]:
    """(stories, reprints) by address from the stored path, then from a finished batch."""
    from alaune.pipeline.extract import extract_stored
    from alaune.pipeline.ingest import ingest_warc
    from alaune.pipeline.report import IngestReport
    from alaune.pipeline.stories import group_stored
    from alaune.store import Store

    with Store(db) as store:
        ingest_warc(store, warcs, IngestReport())
        extract_stored(store)
        group_stored(store)
        stored_story = store.stories.by_url()
        stored_original = store.stories.reprints_by_url()
    batch_story = {
        r["url"]: r["story_id"] for r in pq.read_table(batch_out / "stories.parquet").to_pylist()
    }
    duplicates = pq.read_table(batch_out / "duplicates.parquet").to_pylist()
    url_of = {d["id"]: d["url"] for d in duplicates}
    batch_original = {
        d["url"]: url_of[d["original_id"]] for d in duplicates if d["original_id"] != d["id"]
    }
    return stored_story, stored_original, batch_story, batch_original


def test_the_stored_path_and_the_batch_make_the_same_stories(
    local_run: Path, tmp_path: Path
) -> None:
    """The shared WARC files through `ingest --warc`, `extract` and `stories` (the store) and
    through `alaune batch`: one story placement, so the same partition."""
    stored, stored_copies, batch, batch_copies = _both_paths(parts(), local_run, tmp_path / "s.db")
    assert len(stored) == len(batch) == 257 and set(stored) == set(batch)
    assert _groups(stored) == _groups(batch)
    assert stored_copies == batch_copies  # (this archive has no two copies of one text)


def test_the_stored_path_and_the_batch_make_the_same_copy_groups(tmp_path: Path) -> None:
    """A synthetic archive with wire copies, reprints and re-crawled pages through both paths:
    the same copy groups with the same originals, and the same stories."""
    from benchmarks.synth_archive import generate

    generate(240, tmp_path / "synth", parts=2, seed=11)
    warcs = sorted((tmp_path / "synth").glob("*.warc.gz"))
    run_batch(warcs, tmp_path / "out", engine="local", workers=1)
    stored, stored_copies, batch, batch_copies = _both_paths(
        warcs, tmp_path / "out", tmp_path / "s.db"
    )
    assert set(stored) == set(batch)
    assert len(stored_copies) >= 10 and stored_copies == batch_copies
    assert _groups(stored) == _groups(batch)
