"""Story grouping: quality on the labelled day, speed and memory on a stream of real feed items.

    python -m benchmarks.stories [--items N]

Quality: `alaune eval stories` on ../shared/data/stories/rsslinkdb-2023-12-12. Speed: the 8 days
of real feed items in ../shared/data/rss (about 20,000 items, deduplicated by link), taken in
time order as one stream and repeated until N items (each repeat shifted by 8 days, so a repeat
starts new stories instead of joining the old ones), embeddings included; peak memory is the
process's maximum resident size.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from alaune.eval.clusters import format_table
from alaune.eval.stories import evaluate
from alaune.group.placement import cluster
from alaune.group.stories import StoryItem

SHARED = Path(__file__).resolve().parents[2] / "shared"


def feed_items() -> list[StoryItem]:
    """The shared days of feed items, one per link, in time order."""
    root = SHARED / "data" / "rss" / "rsslinkdb-2023-12-05_12"
    items: dict[str, StoryItem] = {}
    for path in sorted(root.glob("*/*_entries.json")):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            link, published = entry.get("link"), entry.get("date_published")
            if not link or not published or link in items:
                continue
            items[link] = StoryItem(
                id=link,
                title=entry.get("title") or "",
                text=entry.get("description") or "",
                published=datetime.fromisoformat(published),
                lang=entry.get("language"),
            )
    return sorted(items.values(), key=lambda i: (i.published, i.id))


def stream(base: list[StoryItem], size: int) -> list[StoryItem]:
    out: list[StoryItem] = []
    turn = 0
    while len(out) < size:
        shift = timedelta(days=8 * turn)
        for item in base[: size - len(out)]:
            out.append(
                StoryItem(
                    f"{turn}:{item.id}", item.title, item.text, item.published + shift, item.lang
                )
            )
        turn += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000, help="stream length (default 20k)")
    parser.add_argument("--workers", type=int, default=1, help="processes for the embeddings")
    args = parser.parse_args()
    day = SHARED / "data" / "stories" / "rsslinkdb-2023-12-12"
    if not day.exists():
        sys.exit(f"{day} is absent: the benchmark reads the shared data beside the checkout")
    print(format_table(day.name, evaluate(day)))
    items = stream(feed_items(), args.items)
    start = time.perf_counter()
    stories = cluster(items, workers=args.workers)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"\n{len(items)} feed items -> {len(set(stories.values()))} stories in {seconds:.1f} s: "
        f"{len(items) / seconds:.0f} items/s with {args.workers} embedding process(es), "
        "embeddings included; "
        f"peak memory {peak:.0f} MB (each embedding process: {child:.0f} MB)"
    )


if __name__ == "__main__":
    main()
