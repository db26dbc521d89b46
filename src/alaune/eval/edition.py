"""`alaune eval edition`: an edition built from a labelled day, checked against its labels.

The day's items are ingested into a fresh store (as `alaune ingest --jsonl` does), grouped, and
the edition is built. Checked: the labelled stories that at least ``wide`` distinct outlets
covered are among the first ``within`` stories; no two of the edition's stories are one labelled
story (each top story is labelled by the most common label of its reports); and every summary
sentence and quote is found word for word in the article it links to.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from alaune.eval.clusters import load_story_day
from alaune.group.features import Embedder
from alaune.ingest.jsonl import read_jsonl
from alaune.ingest.urls import canonical_url
from alaune.pipeline.edition import build_edition
from alaune.pipeline.ingest import store_articles
from alaune.pipeline.report import IngestReport
from alaune.pipeline.stories import group_stored
from alaune.records import Edition
from alaune.store import Store


def unfaithful(store: Store, edition: Edition) -> list[str]:
    """Each summary sentence, quote and headline of an edition not found word for word in the
    article it links to (an empty list when the edition is faithful)."""
    problems = []
    for story in edition.stories:
        shown = [("headline", story.headline.text, story.headline.article_id)]
        shown += [("summary", s.text, s.article_id) for s in story.summary]
        shown += [("quote", q.text, q.article_id) for q in story.quotes]
        shown += [("quote sentence", q.sentence, q.article_id) for q in story.quotes]
        for kind, text, article_id in shown:
            words = store.articles.words(article_id)
            if words is None or text not in words:
                problems.append(f"story {story.rank}: {kind} not in its article: {text[:80]!r}")
    return problems


def evaluate(
    folder: Path, lang: str = "en", top: int = 20, within: int = 12, wide: int = 7
) -> dict[str, Any]:
    """The edition of a labelled day and how it meets the labels."""
    rows, gold = load_story_day(folder)
    label_of = {canonical_url(r["url"]): gold[r["id"]] for r in rows}
    outlets: defaultdict[str, set[str]] = defaultdict(set)
    for r in rows:
        outlets[gold[r["id"]]].add(r["outlet"])
    wide_stories = sorted(s for s, names in outlets.items() if len(names) >= wide)
    # the day most of the items were published on
    day = Counter(datetime.fromisoformat(r["published"]).date() for r in rows).most_common(1)[0][0]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "eval.db") as store:
        store_articles(store, read_jsonl(folder / "articles.jsonl"), IngestReport())
        start = time.perf_counter()
        group_stored(store)
        grouped = time.perf_counter()
        edition = build_edition(store, day, lang, top=top, meaning=Embedder().encode)
        built = time.perf_counter()
        problems = unfaithful(store, edition)
    labels = []
    for story in edition.stories:
        counts = Counter(label_of.get(a.url, "?") for a in story.articles)
        labels.append(counts.most_common(1)[0][0])
    first = set(labels[:within])
    return {
        "date": day.isoformat(),
        "wide_stories": wide_stories,
        "wide_within": sorted(s for s in wide_stories if s in first),
        "missing": sorted(s for s in wide_stories if s not in first),
        "repeated": sorted(s for s, n in Counter(labels).items() if n > 1),
        "labels": labels,
        "unfaithful": problems,
        "stories_seconds": round(grouped - start, 2),
        "edition_seconds": round(built - grouped, 2),
        "edition": edition,
    }
