"""Soak: the ingest loop against every hostile answer for minutes, watching memory and file
descriptors.

    python -m benchmarks.soak [--minutes 5] [--timeout 3] [--big-items 100000]

The hostile server of the fault tests (``tests/faults/hostile.py``) runs in its own process, so
that what is measured (RSS, open descriptors) is the ingest's alone. Each round is one
``ingest_feeds`` over every source, into one store in a temporary folder: healthy feeds serving
3 new items a poll (the store grows) and their pages; every hostile case as a feed and, with new
links each round, as a page; charset, duplicate and private-redirect feeds; a feed of
``--big-items`` items. One host serves everything, so per-host politeness is lifted (no interval,
64 at once), and a whole request gets ``--timeout`` seconds (the default, 60, would make each round
last minutes); the table says so.

Prints a Markdown table (one row a round) and a JSON line; exits 1 when RSS grows more than 1.2x
from round 3 to the end, or the open descriptors grow. RSS counts what the C allocator keeps of
freed memory as well; ``--trim`` hands that back (glibc's malloc_trim) before each sample, so
that what remains is memory in use, and the "py blocks" column counts Python's live objects.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import ctypes.util
import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import quote

from alaune.config import Options
from alaune.model import Source
from alaune.pipeline.ingest import ingest_feeds
from alaune.pipeline.report import IngestReport
from alaune.store import Store

BASELINE_ROUND = 3  # pools, caches and the store's pages have warmed up by then
RSS_GROWTH = 1.2
PRIVATE = ("http://127.0.0.2:9/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/",
           "http://10.0.0.1/", "http://0.0.0.0:9/")  # fmt: skip


def _serve(conn: Connection) -> None:
    from tests.faults.hostile import HostileServer

    with HostileServer() as server:
        conn.send(server.base)
        while conn.recv() == "count":
            conn.send(server.requests)


def feed_paths(big_items: int) -> list[str]:
    """Every source of a round, as paths on the hostile server."""
    from tests.faults.hostile import CASES, CHARSET_FEEDS

    pages = ",".join(name for name, case in CASES.items() if case.page)
    paths = [f"/feed/soak-{i}.xml?fresh=1" for i in range(4)]
    paths += [f"/case/{name}" for name in CASES]
    paths.append(f"/pages.xml?fresh=1&cases={pages}")
    paths += [f"/charset/{name}.xml" for name in CHARSET_FEEDS]
    paths += ["/dup/a.xml", "/dup/b.xml"]
    paths += ["/redirect?to=" + quote(url, safe="") for url in PRIVATE]
    if big_items:
        paths.append(f"/items.xml?n={big_items}")
    return paths


def rss_kib() -> int:
    """This process's resident memory (VmRSS), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def malloc_trim() -> None:
    """Asks glibc to give freed heap memory back to the system."""
    ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)


def soak(base: str, conn: Connection, args: argparse.Namespace) -> dict[str, object]:
    rows: list[dict[str, float]] = []
    reasons: Counter[str] = Counter()
    deadline = time.monotonic() + args.minutes * 60
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "soak.db") as store:
        opts = Options(db_path=Path(tmp) / "soak.db", progress=False).with_fetch(
            min_host_interval=0.0,
            per_host_concurrency=64,
            total_timeout=args.timeout,
            read_timeout=min(args.timeout, 20.0),
            connect_timeout=min(args.timeout, 10.0),
        )
        with store.transaction():
            for path in feed_paths(args.big_items):
                store.sources.add(Source(feed_url=base + path))
        while time.monotonic() < deadline:
            report = IngestReport()
            started = time.monotonic()
            asyncio.run(ingest_feeds(store, store.sources.all(), opts, report, concurrency=64))
            reasons.update(report.drops)
            if args.trim:
                malloc_trim()
            conn.send("count")
            row = {"round": len(rows) + 1, "seconds": time.monotonic() - started,
                   "requests": conn.recv(), "articles": store.articles.count(),
                   "rss_kib": rss_kib(), "fds": open_fds(),
                   # Python's own live blocks: growth here is objects kept, not the allocator
                   # holding on to freed memory
                   "py_blocks": sys.getallocatedblocks()}  # fmt: skip
            rows.append(row)
            print(f"| {row['round']} | {row['seconds']:.1f} | {row['requests']} | "
                  f"{row['articles']} | {row['rss_kib'] / 1024:.1f} | {row['fds']} | "
                  f"{row['py_blocks']} |", flush=True)  # fmt: skip
    return summarise(rows, reasons, args)


def summarise(rows: list[dict[str, float]], reasons: Counter[str],
              args: argparse.Namespace) -> dict[str, object]:  # fmt: skip
    base = rows[min(BASELINE_ROUND, len(rows)) - 1]
    rss = [r["rss_kib"] / 1024 for r in rows]
    fds = [int(r["fds"]) for r in rows]
    rss_ok = rss[-1] <= RSS_GROWTH * base["rss_kib"] / 1024
    fds_ok = fds[-1] <= base["fds"]
    return {
        "minutes": args.minutes, "timeout_s": args.timeout, "trim": args.trim, "rounds": len(rows),
        "baseline_round": int(base["round"]), "requests": rows[-1]["requests"],
        "articles": rows[-1]["articles"], "reasons": dict(sorted(reasons.items())),
        "rss_mb": {"first": round(rss[0], 1), "baseline": round(base["rss_kib"] / 1024, 1),
                   "last": round(rss[-1], 1), "max": round(max(rss), 1)},
        "fds": {"first": fds[0], "baseline": int(base["fds"]), "last": fds[-1], "max": max(fds)},
        "py_blocks": {"baseline": int(base["py_blocks"]), "last": int(rows[-1]["py_blocks"])},
        "ok": rss_ok and fds_ok,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds for a whole request")
    parser.add_argument("--big-items", type=int, default=100_000, help="0: no big feed")
    parser.add_argument("--trim", action="store_true", help="malloc_trim before each sample")
    args = parser.parse_args()
    parent, child = mp.Pipe()
    proc = mp.get_context("spawn").Process(target=_serve, args=(child,), daemon=True)
    proc.start()
    try:
        base = parent.recv()
        trim = ", malloc_trim before each sample" if args.trim else ""
        print(f"soak: {args.minutes:g} min, whole-request timeout {args.timeout:g}s, per-host "
              f"interval 0, 64 requests at once per host{trim}\n")  # fmt: skip
        print("| round | seconds | requests (total) | articles | RSS MB | open fds | py blocks |")
        print("|---|---|---|---|---|---|---|")
        result = soak(base, parent, args)
    finally:
        parent.send("stop")
        proc.join(30)
    print()
    print(json.dumps(result))
    if not result["ok"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
