"""`alaune serve` under load: latency of the edition page with a store of 100,000 articles.

    python -m benchmarks.web_latency [--articles 100000] [--seconds 20] [--connections 50]

The store: the labelled day of ../shared (grouped, its French and English editions built) plus
feed items of the shared days repeated up to N articles (stored and indexed for search like any
article). The server runs as `alaune serve` in its own process; the load comes from `wrk`
(Debian's package) on 127.0.0.1, or, without it, from a Python client (slower: its numbers are
the client's limit as much as the server's).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from alaune.ingest.jsonl import read_jsonl
from alaune.ingest.urls import canonical_url
from alaune.model import Article
from alaune.pipeline.edition import build_edition
from alaune.pipeline.ingest import store_articles
from alaune.pipeline.report import IngestReport
from alaune.pipeline.stories import group_stored
from alaune.store import Store
from benchmarks.stories import SHARED, feed_items

DAY = SHARED / "data" / "stories" / "rsslinkdb-2023-12-12"


def fill(db: Path, articles: int) -> None:
    with Store(db) as store:
        store_articles(store, read_jsonl(DAY / "articles.jsonl"), IngestReport())
        group_stored(store)
        for lang in ("fr", "en"):
            build_edition(store, date(2023, 12, 12), lang)
        base = feed_items()
        extra: list[Article] = []
        have = store.articles.count()
        turn = 0
        while have + len(extra) < articles:
            for item in base[: articles - have - len(extra)]:
                try:
                    url = canonical_url(item.id)
                except ValueError:
                    continue
                # another month's copy of the item: a distinct article
                url += f"{'&' if '?' in url else '?'}copy={turn}"
                when = item.published - timedelta(days=30 * (turn + 1))
                extra.append(
                    Article(
                        url=url,
                        origin="jsonl",
                        title=item.title,
                        summary=item.text,
                        published_at=when,
                        language=item.lang,
                    )
                )
            turn += 1
        store_articles(store, extra, IngestReport())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if not DAY.exists():
        sys.exit(f"{DAY} is absent: the benchmark reads the shared data beside the checkout")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "web.db"
        start = time.perf_counter()
        fill(db, args.articles)
        with Store(db) as store:
            count = store.articles.count()
        print(f"store: {count} articles ({time.perf_counter() - start:.0f} s to build)")
        port = 8761
        server = subprocess.Popen(
            [sys.executable, "-m", "alaune", "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}/fr/"
            for _ in range(200):
                try:
                    if httpx.get(url).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            size = len(httpx.get(url).content)
            if shutil.which("wrk"):
                out = subprocess.run(
                    ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", url],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                p99 = re.search(r"99%\s+(\S+)", out)
                rps = re.search(r"Requests/sec:\s+(\S+)", out)
                errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", out)
                print(out)
                print(
                    f"edition page ({size} bytes): {rps.group(1) if rps else '?'} requests/s, "
                    f"p99 {p99.group(1) if p99 else '?'} at {args.connections} connections, "
                    f"errors: {errors.group(0) if errors else 'none'}"
                )
            else:
                print("wrk is not installed (apt-get install wrk): no load run")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
