"""The batch's copies step, after the candidates: the pages met in more than one task, and the
copy groups with their originals (``duplicates.parquet``), decided as every path decides them
(``group.dedup.near_copy``, ``original_key``)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from alaune.batch.tasks import PAIRS, REPEATS, replace_file
from alaune.group.dedup import COPY_THRESHOLD, CopyItem, near_copy, original_key
from alaune.group.placement import copy_item
from alaune.group.stories import StoryItem


def article_files(out: Path) -> list[Path]:
    """Every task's articles file, in task order."""
    return sorted((out / "parts").glob("*.articles.parquet"))


def task_of(path: Path) -> str:
    """The task that wrote a file of ``parts/``."""
    return path.name.split(".")[0]


def repeats(out: Path) -> dict[str, tuple[str, int]]:
    """The pages met in more than one task: the task that keeps each, and how many times it
    was met again (a page crawled twice is kept once, from the first task)."""
    found: dict[str, tuple[str, int]] = {}
    for f in sorted((out / "copies").glob("p=*.repeats.parquet")):
        t = pq.read_table(f)
        for i, keep, extra in zip(*(t[c].to_pylist() for c in REPEATS.names), strict=True):
            found[i] = (keep, extra)
    return found


def kept_rows(table: pa.Table, task: str, again: dict[str, tuple[str, int]]) -> pa.Table:
    """The rows of one task's file that are not a page another task keeps."""
    if not again:
        return table
    ids = table["id"].to_pylist()
    keep = [n for n, i in enumerate(ids) if again.get(i, (task, 0))[0] == task]
    return table.take(keep) if len(keep) < len(ids) else table


def copies(out: Path, threshold: float = COPY_THRESHOLD) -> dict[str, str]:
    """Groups of copies: exact (same words) and near (a proposed pair whose shingle sets reach
    the threshold); writes duplicates.parquet; returns each reprint's original.

    Only the articles in a proposed pair are read whole; the others are streamed into
    duplicates.parquet a batch at a time."""
    import pyarrow.compute as pc

    again = repeats(out)
    # the pair files are read one at a time, twice, rather than held together: they are the
    # largest thing this step reads (67,052 pairs over 13,549 articles at 20,000 pages)
    pair_files = sorted((out / "copies").glob("p=*[0-9].parquet"))
    seen: set[str] = set()
    for f in pair_files:
        t = pq.read_table(f, columns=["a", "b"])
        seen.update(t["a"].to_pylist(), t["b"].to_pylist())
    involved = pa.array(sorted(seen), pa.string())
    del seen
    candidates: dict[str, CopyItem] = {}
    shingles: dict[str, bytes] = {}
    columns = ["id", "title", "published", "site_name", "shingles"]
    for path in article_files(out):
        table = pq.read_table(path, columns=columns)
        table = kept_rows(table.filter(pc.is_in(table["id"], involved)), task_of(path), again)
        for i, title, p, site, sh in zip(*(table[c].to_pylist() for c in columns), strict=True):
            item = StoryItem(i, title, "", p, outlet=site)
            candidates[i], shingles[i] = copy_item(item), sh
    parent = {i: i for i in candidates}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for f in pair_files:
        t = pq.read_table(f)
        for a, b, exact in zip(*(t[c].to_pylist() for c in PAIRS.names), strict=True):
            if a == b or a not in parent or b not in parent:
                continue
            sa = np.frombuffer(shingles[a], dtype="<u4")
            sb = np.frombuffer(shingles[b], dtype="<u4")
            if exact or near_copy(sa, sb, threshold):
                union(a, b)
    del shingles
    groups: dict[str, list[str]] = defaultdict(list)
    for item_id in parent:
        groups[root(item_id)].append(item_id)
    original: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        first = min(members, key=lambda i: original_key(candidates[i]))
        for m in members:
            original[m] = first
            sizes[m] = len(members)
    tmp = out / "duplicates.parquet.tmp"
    schema = pa.schema(
        [("id", pa.string()), ("url", pa.string()), ("original_id", pa.string()),
         ("group_size", pa.int64())]
    )  # fmt: skip
    with pq.ParquetWriter(tmp, schema) as writer:
        for path in article_files(out):
            table = kept_rows(pq.read_table(path, columns=["id", "url"]), task_of(path), again)
            ids = table["id"].to_pylist()
            rows = {
                "id": ids,
                "url": table["url"].to_pylist(),
                "original_id": [original.get(i, i) for i in ids],
                "group_size": [sizes.get(i, 1) for i in ids],
            }
            writer.write_table(pa.table(rows, schema=schema))
    replace_file(tmp, out / "duplicates.parquet")
    return {i: o for i, o in original.items() if o != i}


def reprints_of(out: Path) -> dict[str, str]:
    """Each reprint's original, read back from a finished copies step (duplicates.parquet)."""
    path = out / "duplicates.parquet"
    if not path.exists():
        return {}
    table = pq.read_table(path, columns=["id", "original_id"])
    ids, originals = table["id"].to_pylist(), table["original_id"].to_pylist()
    return {i: o for i, o in zip(ids, originals, strict=True) if o != i}
