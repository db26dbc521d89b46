"""Ingest throughput: WARC records/s into the store, and feed items/s and pages/s from a local
replay server of real feed days (../shared/data/rss).

The replay server runs in its own process, so that it does not share the benchmark's core and
GIL. Everything it serves comes from 127.0.0.1/127.0.0.2, so per-host politeness (2 requests at
once, 1 s apart: the defaults) would measure our patience, not our speed; it is raised here to 16
at once, no interval, and the table says so.

    python -m benchmarks.ingest_throughput [--days 2023-12-05,2023-12-06] [--warc-rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

from alaune.config import Options
from alaune.model import Source
from alaune.pipeline.ingest import ingest_feeds, ingest_warc
from alaune.pipeline.report import IngestReport
from alaune.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _serve(days: list[str], conn: Connection) -> None:
    from tests.support.feedserver import FeedServer

    servers = [FeedServer(day=d, hosts=("127.0.0.1", "127.0.0.2")) for d in days]
    conn.send([u for s in servers for u in s.feed_urls()])
    conn.recv()  # wait for "stop"
    for s in servers:
        s.close()


def bench_warc(rounds: int) -> tuple[int, float]:
    paths = sorted((SHARED / "data" / "warc").glob("*.warc.gz"))
    records, seconds = 0, 0.0
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "w.db") as store:
            report = IngestReport()
            start = time.perf_counter()
            ingest_warc(store, paths, report)
            seconds += time.perf_counter() - start
            records += report.records_seen
    return records, seconds


def bench_feeds(urls: list[str], pages: bool) -> tuple[IngestReport, float]:
    opts = Options(fetch_pages=pages, max_pages_per_run=100_000).with_fetch(
        per_host_concurrency=16, min_host_interval=0.0
    )
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "f.db") as store:
        with store.transaction():
            sources = [store.sources.add(Source(feed_url=u))[0] for u in urls]
        report = IngestReport()
        start = time.perf_counter()
        asyncio.run(ingest_feeds(store, sources, opts, report, concurrency=64))
        return report, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", default="2023-12-05,2023-12-06")
    parser.add_argument("--warc-rounds", type=int, default=5)
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"{SHARED} is absent: the benchmark reads the shared data beside the checkout")
    rows = []
    records, seconds = bench_warc(args.warc_rounds)
    rows.append(("WARC records -> store (5 shared parts)", records, seconds))
    parent, child = mp.Pipe()
    proc = mp.get_context("spawn").Process(target=_serve, args=(args.days.split(","), child))
    proc.start()
    try:
        urls = parent.recv()
        report, seconds = bench_feeds(urls, pages=False)
        rows.append(
            (f"feed items -> store ({len(urls)} feeds, no pages)", report.items_seen, seconds)
        )
        report, seconds = bench_feeds(urls, pages=True)
        rows.append(("feed items + their pages", report.items_seen + report.pages_fetched, seconds))
        rows.append(("  of which pages fetched", report.pages_fetched, seconds))
    finally:
        parent.send("stop")
        proc.join(30)
    print("| what | count | seconds | per second |")
    print("|---|---|---|---|")
    for what, count, secs in rows:
        print(f"| {what} | {count} | {secs:.1f} | {count / secs:.0f} |")


if __name__ == "__main__":
    main()
