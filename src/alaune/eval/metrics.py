"""Extraction metrics, as the shared reference scorer defines them.

Text: \\w+ tokens compared as multisets of 4-token shingles, precision and recall per page,
averaged over pages, F1 from the two averages. Snippet sets: snippets that must / must not appear,
counted over the whole corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import mean

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of n-token shingles of a text (a text shorter than n is one shingle)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def page_precision_recall(truth: str, pred: str) -> tuple[float, float]:
    """Shingle precision and recall of one page; two empty texts agree perfectly."""
    a, b = shingles(truth), shingles(pred)
    tp = sum((a & b).values())
    fp = sum((b - a).values())
    fn = sum((a - b).values())
    if fp == fn == 0:
        return 1.0, 1.0
    precision = 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return precision, recall


def f1(precision: float, recall: float) -> float:
    """The harmonic mean."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def text_scores(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """(P, R, F1) averaged over (truth, prediction) pages."""
    prs = [page_precision_recall(t, p) for t, p in pairs]
    p, r = mean(x[0] for x in prs), mean(x[1] for x in prs)
    return p, r, f1(p, r)


def squash(text: str | None) -> str:
    """Whitespace folded, as snippets and fields are compared."""
    return _SPACE.sub(" ", text or "").strip()


def snippet_scores(cases: list[tuple[list[str], list[str], str]]) -> tuple[float, float, float]:
    """(P, R, F1) over (must-have, must-not-have, prediction) pages, counted corpus-wide."""
    tp = fp = fn = 0
    for with_, without, pred in cases:
        text = squash(pred)
        hits = sum(squash(s) in text for s in with_)
        tp, fn = tp + hits, fn + len(with_) - hits
        fp += sum(squash(s) in text for s in without)
    p, r = tp / (tp + fp or 1), tp / (tp + fn or 1)
    return p, r, f1(p, r)
