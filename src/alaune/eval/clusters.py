"""Story-grouping scores: pairwise and BCubed P/R/F1 against gold story labels.

The definitions and the conventions for undefined cases are those of the reference scorer
``shared/tools/score_clusters.py``, so that the numbers can be checked against it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alaune.errors import InputError

ARTICLE_FIELDS = ("id", "outlet", "lang", "published", "title", "text", "url")


class StoryDataError(InputError, ValueError):
    """A labelled day folder is missing a file or holds malformed lines."""


@dataclass(slots=True)
class _Counts:
    """Contingency counts of gold stories against predicted clusters, inside a scope."""

    scope: list[str]
    gold: dict[str, str]
    pred: dict[str, Hashable]
    gold_size: Counter[str]
    pred_size: Counter[Hashable]
    cells: Counter[tuple[str, Hashable]]


def _c2(n: int) -> int:
    return n * (n - 1) // 2


def _counts(gold: Mapping[str, str], pred: Mapping[str, str], ids: Iterable[str] | None) -> _Counts:
    scope = list(gold) if ids is None else list(dict.fromkeys(ids))
    unknown = [i for i in scope if i not in gold]
    if unknown:
        raise ValueError(f"{len(unknown)} ids in scope have no gold label, e.g. {unknown[:3]}")
    g = {i: gold[i] for i in scope}
    # An id the system left out is its own cluster; the tag keeps it from joining a real label.
    p: dict[str, Hashable] = {i: ("P", pred[i]) if i in pred else ("MISSING", i) for i in scope}
    return _Counts(
        scope=scope,
        gold=g,
        pred=p,
        gold_size=Counter(g.values()),
        pred_size=Counter(p.values()),
        cells=Counter((g[i], p[i]) for i in scope),
    )


def _pairwise(c: _Counts) -> dict[str, float | None]:
    tp = sum(_c2(v) for v in c.cells.values())
    gold_pairs = sum(_c2(v) for v in c.gold_size.values())
    pred_pairs = sum(_c2(v) for v in c.pred_size.values())
    if gold_pairs == 0 and pred_pairs == 0:
        # Both all singletons: the partitions agree exactly.
        return {"P": 1.0, "R": 1.0, "F1": 1.0}
    p = tp / pred_pairs if pred_pairs else None
    r = tp / gold_pairs if gold_pairs else None
    f1 = 0.0 if p is None or r is None or p + r == 0 else 2 * p * r / (p + r)
    return {"P": p, "R": r, "F1": f1}


def _bcubed(c: _Counts) -> dict[str, float | None]:
    bp = br = 0.0
    for i in c.scope:
        inter = c.cells[(c.gold[i], c.pred[i])]
        bp += inter / c.pred_size[c.pred[i]]
        br += inter / c.gold_size[c.gold[i]]
    n = len(c.scope)
    p = bp / n if n else 0.0
    r = br / n if n else 0.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r > 0 else 0.0}


def pairwise(
    gold: Mapping[str, str], pred: Mapping[str, str], ids: Iterable[str] | None = None
) -> dict[str, float | None]:
    """Pairwise P/R/F1 over the ids in scope (all gold ids by default).

    P is None when no pair is predicted and R is None when gold has no pair (F1 is then 0);
    both partitions all singletons score 1.0. Ids missing from ``pred`` are singletons, ids of
    ``pred`` outside the scope are ignored, and ids in scope without a gold label are an error.
    """
    return _pairwise(_counts(gold, pred, ids))


def bcubed(
    gold: Mapping[str, str], pred: Mapping[str, str], ids: Iterable[str] | None = None
) -> dict[str, float | None]:
    """BCubed P/R/F1 averaged over the ids in scope (same id handling as ``pairwise``)."""
    return _bcubed(_counts(gold, pred, ids))


def without_largest(gold: Mapping[str, str]) -> list[str]:
    """The gold ids less those of the largest story (the first one met, on a tie).

    One very large story (a government formation followed for days) can dominate the pair
    counts; scoring without it shows how the rest of the day is grouped.
    """
    sizes = Counter(gold.values())
    if not sizes:
        return []
    largest = max(sizes, key=sizes.__getitem__)
    return [i for i, story in gold.items() if story != largest]


def cross_language_linked(
    gold: Mapping[str, str], pred: Mapping[str, str], lang: Mapping[str, str]
) -> tuple[int, int]:
    """(linked, total): of the gold stories told in 2+ languages, how many have a predicted
    cluster holding items of that story in 2+ languages. Ids missing from ``pred`` link nothing.
    """
    unknown = [i for i in gold if i not in lang]
    if unknown:
        raise ValueError(f"{len(unknown)} gold ids have no language, e.g. {unknown[:3]}")
    story_langs: defaultdict[str, set[str]] = defaultdict(set)
    cell_langs: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for i, story in gold.items():
        story_langs[story].add(lang[i])
        if i in pred:
            cell_langs[(story, pred[i])].add(lang[i])
    multi = {s for s, langs in story_langs.items() if len(langs) > 1}
    linked = {s for (s, _), langs in cell_langs.items() if s in multi and len(langs) > 1}
    return len(linked), len(multi)


def score_table(
    gold: Mapping[str, str], pred: Mapping[str, str], lang: Mapping[str, str]
) -> dict[str, Any]:
    """Every story-grouping score of one prediction, as one flat row.

    Keys: ``pair_P/R/F1`` and ``bcubed_P/R/F1`` (P/R may be None as in ``pairwise``), the same
    with ``_wo_largest`` over the ids outside the largest gold story, ``xlang_linked`` and
    ``xlang_total`` from ``cross_language_linked``, and ``pred_clusters`` (clusters over the gold
    ids, an id missing from ``pred`` counting as one).
    """
    row: dict[str, Any] = {}
    for suffix, ids in (("", None), ("_wo_largest", without_largest(gold))):
        c = _counts(gold, pred, ids)
        for kind, scores in (("pair", _pairwise(c)), ("bcubed", _bcubed(c))):
            for key, value in scores.items():
                row[f"{kind}_{key}{suffix}"] = value
        if not suffix:
            row["pred_clusters"] = len(c.pred_size)
    row["xlang_linked"], row["xlang_total"] = cross_language_linked(gold, pred, lang)
    return row


_COLUMNS = (
    ("bcubed_P", "B³ P"),
    ("bcubed_R", "B³ R"),
    ("bcubed_F1", "B³ F1"),
    ("pair_P", "pair P"),
    ("pair_R", "pair R"),
    ("pair_F1", "pair F1"),
    ("bcubed_F1_wo_largest", "B³ F1 w/o largest"),
    ("pair_F1_wo_largest", "pair F1 w/o largest"),
)


def _cell(value: float | None) -> str:
    return "undef" if value is None else f"{value:.3f}"


def format_table(name: str, rows: Mapping[str, Mapping[str, Any]]) -> str:
    """A Markdown table of ``score_table`` rows, one per system."""
    head = [label for _, label in _COLUMNS] + ["x-lang linked", "clusters"]
    lines = [f"| {name} | " + " | ".join(head) + " |", "|---" * (len(head) + 1) + "|"]
    for system, row in rows.items():
        cells = [_cell(row[key]) for key, _ in _COLUMNS]
        cells += [f"{row['xlang_linked']}/{row['xlang_total']}", str(row["pred_clusters"])]
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _read_articles(path: Path) -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise StoryDataError(f"{path}, line {n}: not valid JSON ({exc.msg})") from None
            if not isinstance(item, dict):
                raise StoryDataError(f"{path}, line {n}: expected a JSON object per line")
            absent = [k for k in ARTICLE_FIELDS if not isinstance(item.get(k), str)]
            if absent:
                raise StoryDataError(
                    f"{path}, line {n}: missing or non-text field(s) {', '.join(absent)}"
                )
            if item["id"] in seen:
                raise StoryDataError(f"{path}, line {n}: article id {item['id']!r} appears twice")
            seen.add(item["id"])
            articles.append(item)
    return articles


def _read_labels(path: Path) -> dict[str, str]:
    gold: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0] or not parts[1]:
                raise StoryDataError(
                    f"{path}, line {n}: expected an article id, a tab, and a story id"
                )
            if parts[0] in gold:
                raise StoryDataError(f"{path}, line {n}: article id {parts[0]!r} labelled twice")
            gold[parts[0]] = parts[1]
    return gold


def load_story_day(folder: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """(articles, gold) of a labelled day folder: ``articles.jsonl`` and ``labels.tsv``
    (id<TAB>story_id). Every article must have exactly one label and vice versa."""
    for name in ("articles.jsonl", "labels.tsv"):
        if not (folder / name).is_file():
            raise StoryDataError(
                f"{folder} is not a labelled story day: {name} is missing "
                "(expected articles.jsonl and labels.tsv)"
            )
    articles = _read_articles(folder / "articles.jsonl")
    gold = _read_labels(folder / "labels.tsv")
    ids = {a["id"] for a in articles}
    unlabelled = [a["id"] for a in articles if a["id"] not in gold]
    if unlabelled:
        raise StoryDataError(
            f"{folder}: {len(unlabelled)} article(s) have no story label in labels.tsv, "
            f"e.g. {', '.join(unlabelled[:3])}"
        )
    orphans = [i for i in gold if i not in ids]
    if orphans:
        raise StoryDataError(
            f"{folder}: labels.tsv labels {len(orphans)} id(s) not in articles.jsonl, "
            f"e.g. {', '.join(orphans[:3])}"
        )
    return articles, gold
