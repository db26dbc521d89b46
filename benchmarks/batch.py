"""`alaune batch` on a synthetic archive: pages/s end to end, by stage, against the physical
bound, with 1 and 2 workers, and peak memory.

    python -m benchmarks.batch [--pages 20000] [--file-pages 5000] [--per-day 20000]
                               [--workers 1,2] [--engine local]

The archive comes from benchmarks.synth_archive (realistic news pages with copies and stories,
as WARC), in files of ``--file-pages`` pages (Common Crawl News files hold ~40k) and spread
over as many days as ``--per-day`` gives: a bigger archive is a longer period, as it is in a
real backfill, so its memory can be compared with a smaller one's.

The physical bound is what this machine does with no pipeline at all: decompress the WARC files
and parse each page's HTML once (lexbor), on one core.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from alaune.ingest.warc import read_warc
from benchmarks.synth_archive import generate


def bound(files: list[Path]) -> tuple[int, float]:
    """(pages, seconds) to read every record and parse its HTML, one core."""
    start = time.perf_counter()
    pages = 0
    for path in files:
        for record in read_warc(path):
            html = getattr(record, "html", None)
            if html:
                LexborHTMLParser(html.decode("utf-8", "replace"))
                pages += 1
    return pages, time.perf_counter() - start


def run(files: list[Path], out: Path, engine: str, workers: int) -> dict[str, object]:
    """One batch in a fresh process (its peak memory is its own): its summary and peak RSS."""
    if out.exists():
        shutil.rmtree(out)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "alaune",
            "batch",
            "--input",
            str(files[0].parent / "*.warc.gz"),
            "--out",
            str(out),
            "--engine",
            engine,
            "--workers",
            str(workers),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    summary: dict[str, object] = json.loads((out / "summary.json").read_text())
    summary["wall"] = wall
    summary["memory_by_role"] = summary.get("peak_rss_mb")
    summary["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--file-pages", type=int, default=5_000)
    parser.add_argument("--per-day", type=int, default=20_000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--engine", default="local", choices=["local", "ray"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        parts = max(1, -(-args.pages // args.file_pages))
        made = generate(args.pages, archive, parts=parts, days=args.pages / args.per_day)
        files = sorted(archive.glob("*.warc.gz"))
        print(f"archive: {made.pages} pages in {len(files)} files ({made.seconds:.0f} s to make)")
        pages, seconds = bound(files)
        print(
            f"physical bound (read + decompress + parse HTML, one core): "
            f"{pages / seconds:.0f} pages/s; x2 cores: {2 * pages / seconds:.0f} pages/s"
        )
        rates = {}
        for workers in [int(w) for w in args.workers.split(",")]:
            s = run(files, Path(tmp) / f"out{workers}", args.engine, workers)
            wall = float(s["wall"])  # type: ignore[arg-type]
            rates[workers] = int(s["records"]) / wall  # type: ignore[call-overload]
            print(
                f"{args.engine}, {workers} worker(s): {s['records']} records -> {s['articles']} "
                f"articles, {s['reprints']} reprints, {s['stories']} stories in {wall:.0f} s: "
                f"{rates[workers]:.1f} pages/s; peak RSS {s['peak_rss_mb']:.0f} MB (largest "
                f"process; by role: {s['memory_by_role']})"
            )
            print(
                f"  stages (summed over tasks, s): {s['task_seconds_by_stage']}; "
                f"batch phases (s): {s['seconds']}; drops: {s['drops']}"
            )
        if 1 in rates and 2 in rates:
            print(f"scaling: 2 workers = {rates[2] / rates[1]:.2f}x one worker")


if __name__ == "__main__":
    main()
