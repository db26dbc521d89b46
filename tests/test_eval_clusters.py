"""Story-grouping scores: hand-computed partitions, and agreement with the reference scorer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from alaune.eval.clusters import (
    bcubed,
    cross_language_linked,
    format_table,
    load_story_day,
    pairwise,
    score_table,
    without_largest,
)
from tests.conftest import shared_path

DAY = ("data", "stories", "rsslinkdb-2023-12-12")

# Gold X={a,b,c}, Y={d,e}; predicted {a,b}, {c,d}, {e}.
# Pairs: gold 3+1=4, predicted 1+1=2, shared 1 (a-b) -> P 1/2, R 1/4, F1 1/3.
# BCubed P per item 1,1,1/2,1/2,1 -> 4/5; R 2/3,2/3,1/3,1/2,1/2 -> 8/15; F1 0.64.
GOLD_A = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"}
PRED_A = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "3"}

# (gold, pred, ids, expected pairwise, expected BCubed) -- every case computed by hand.
CASES: dict[str, tuple[dict[str, str], dict[str, str], list[str] | None, tuple, tuple]] = {
    "mixed": (GOLD_A, PRED_A, None, (0.5, 0.25, 1 / 3), (0.8, 8 / 15, 0.64)),
    # No predicted pairs: P undefined, R 0, F1 0. BCubed R = (1/2+1/2+1)/3.
    "pred_all_singletons": (
        {"a": "X", "b": "X", "c": "Y"},
        {"a": "1", "b": "2", "c": "3"},
        None,
        (None, 0.0, 0.0),
        (1.0, 2 / 3, 0.8),
    ),
    # No gold pairs but predicted ones: R undefined, P 0, F1 0. BCubed P = (1/2+1/2+1)/3.
    "gold_all_singletons": (
        {"a": "X", "b": "Y", "c": "Z"},
        {"a": "1", "b": "1", "c": "2"},
        None,
        (0.0, None, 0.0),
        (2 / 3, 1.0, 0.8),
    ),
    # Both all singletons: the partitions agree exactly.
    "both_all_singletons": (
        {"a": "X", "b": "Y"},
        {"a": "1", "b": "2"},
        None,
        (1.0, 1.0, 1.0),
        (1.0, 1.0, 1.0),
    ),
    # Pairs on both sides, none shared: P = R = 0, so F1 := 0.
    "no_shared_pair": (
        {"a": "X", "b": "X", "c": "Y", "d": "Y"},
        {"a": "1", "c": "1", "b": "2", "d": "2"},
        None,
        (0.0, 0.0, 0.0),
        (0.5, 0.5, 0.5),
    ),
    # c is missing from pred (a singleton); z is not in gold (ignored).
    # Pairs: gold 3, predicted 1 (a-b), shared 1. BCubed R = (2/3+2/3+1/3)/3.
    "missing_and_extra": (
        {"a": "X", "b": "X", "c": "X"},
        {"a": "1", "b": "1", "z": "1"},
        None,
        (1.0, 1 / 3, 0.5),
        (1.0, 5 / 9, 5 / 7),
    ),
    # b is missing; a's label equals b's id, which must not pull b into a's cluster.
    "missing_no_collision": (
        {"a": "X", "b": "X"},
        {"a": "b"},
        None,
        (None, 0.0, 0.0),
        (1.0, 0.5, 2 / 3),
    ),
    # Scope {a,b,d} (d twice): sizes counted inside it, gold X=2, Y=1, one predicted cluster of 3.
    # Pairs: gold 1, predicted 3, shared 1. BCubed P (2/3+2/3+1/3)/3 = 5/9, R 1.
    "ids_subset": (
        {"a": "X", "b": "X", "c": "X", "d": "Y"},
        {"a": "1", "b": "1", "c": "1", "d": "1"},
        ["a", "b", "d", "d"],
        (1 / 3, 1.0, 0.5),
        (5 / 9, 1.0, 5 / 7),
    ),
}


def _prf(scores: Mapping[str, float | None]) -> tuple[float | None, ...]:
    return scores["P"], scores["R"], scores["F1"]


def _close(got: tuple[float | None, ...], want: tuple[float | None, ...]) -> bool:
    return all(
        (g is None and w is None) or (g is not None and w is not None and abs(g - w) < 1e-9)
        for g, w in zip(got, want, strict=True)
    )


@pytest.mark.parametrize("name", list(CASES))
def test_hand_computed(name: str) -> None:
    gold, pred, ids, want_pair, want_b3 = CASES[name]
    assert _close(_prf(pairwise(gold, pred, ids)), want_pair)
    assert _close(_prf(bcubed(gold, pred, ids)), want_b3)


def test_empty_scope_follows_the_reference() -> None:
    # No items: no pairs on either side (1.0), and BCubed's mean over nothing is taken as 0.
    assert _prf(pairwise({}, {})) == (1.0, 1.0, 1.0)
    assert _prf(bcubed({}, {})) == (0.0, 0.0, 0.0)


def test_ids_without_gold_label_are_an_error() -> None:
    with pytest.raises(ValueError, match="no gold label"):
        pairwise({"a": "X"}, {"a": "1"}, ["a", "q"])


def test_without_largest_drops_the_first_of_tied_stories() -> None:
    gold = {"a": "X", "b": "Y", "c": "Y", "d": "Z", "e": "Z"}
    assert without_largest(gold) == ["a", "d", "e"]
    assert without_largest({"a": "X", "b": "Y", "c": "Y"}) == ["a"]
    assert without_largest({}) == []


def test_cross_language_linked() -> None:
    gold = {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Z", "f": "Z", "g": "X"}
    lang = {"a": "en", "b": "pl", "c": "en", "d": "pl", "e": "en", "f": "en", "g": "en"}
    # X is linked by cluster 1; Y's items sit apart; Z is one language only, so not counted.
    # Cluster 2 mixes languages, but across two stories (c of Y, g of X): it links neither.
    pred = {"a": "1", "b": "1", "c": "2", "g": "2", "e": "4", "f": "4"}
    assert cross_language_linked(gold, pred, lang) == (1, 2)
    assert cross_language_linked(gold, {}, lang) == (0, 2)
    with pytest.raises(ValueError, match="no language"):
        cross_language_linked(gold, pred, {"a": "en"})


def test_score_table_and_format() -> None:
    lang = {"a": "en", "b": "en", "c": "pl", "d": "en", "e": "pl"}
    row = score_table(GOLD_A, PRED_A, lang)
    assert _close((row["pair_P"], row["pair_R"], row["pair_F1"]), (0.5, 0.25, 1 / 3))
    assert _close((row["bcubed_P"], row["bcubed_R"], row["bcubed_F1"]), (0.8, 8 / 15, 0.64))
    # Without X only Y={d,e} is left, split in two: no predicted pair, BCubed P 1, R 1/2.
    wo = (row["pair_P_wo_largest"], row["pair_R_wo_largest"], row["pair_F1_wo_largest"])
    assert _close(wo, (None, 0.0, 0.0))
    b3_wo = (row["bcubed_P_wo_largest"], row["bcubed_R_wo_largest"], row["bcubed_F1_wo_largest"])
    assert _close(b3_wo, (1.0, 0.5, 2 / 3))
    # X (en+pl) is not linked: c (pl) sits with d of Y; Y (en+pl) is split.
    assert (row["xlang_linked"], row["xlang_total"], row["pred_clusters"]) == (0, 2, 3)
    alone = score_table(GOLD_A, {}, lang)
    lines = format_table("tiny", {"sys": row, "alone": alone}).splitlines()
    assert lines[0].startswith("| tiny | B³ P |") and lines[0].endswith(
        "| x-lang linked | clusters |"
    )
    assert lines[1].count("|---") == lines[0].count("|") - 1
    assert lines[2] == (
        "| sys | 0.800 | 0.533 | 0.640 | 0.500 | 0.250 | 0.333 | 0.667 | 0.000 | 0/2 | 3 |"
    )
    # Every item alone: B³ R = (1/3*3 + 1/2*2)/5 = 2/5, F1 = 4/7; no predicted pair.
    assert lines[3] == (
        "| alone | 1.000 | 0.400 | 0.571 | undef | 0.000 | 0.000 | 0.667 | 0.000 | 0/2 | 5 |"
    )


# --- the labelled day folder -------------------------------------------------------------------


def _write_day(folder: Path, articles: list[Any], labels: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [a if isinstance(a, str) else json.dumps(a) for a in articles]
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "labels.tsv").write_text(labels, encoding="utf-8")
    return folder


def _article(i: str, **over: Any) -> dict[str, Any]:
    base = {
        "id": i,
        "outlet": "O",
        "lang": "en",
        "published": "2023-12-12T00:00:00+00:00",
        "title": f"title {i}",
        "text": "",
        "url": f"https://example.org/{i}",
    }
    return base | over


def test_load_story_day(tmp_path: Path) -> None:
    folder = _write_day(tmp_path, [_article("a"), _article("b", lang="pl")], "a\tS\n\nb\tS\n")
    articles, gold = load_story_day(folder)
    assert [a["id"] for a in articles] == ["a", "b"] and articles[1]["lang"] == "pl"
    assert gold == {"a": "S", "b": "S"}


@pytest.mark.parametrize(
    ("articles", "labels", "message"),
    [
        (["{not json"], "a\tS\n", "line 1: not valid JSON"),
        (["[1, 2]"], "a\tS\n", "expected a JSON object"),
        ([_article("a", title=None)], "a\tS\n", "missing or non-text field(s) title"),
        ([_article("a"), _article("a")], "a\tS\n", "'a' appears twice"),
        ([_article("a")], "a S\n", "line 1: expected an article id, a tab, and a story id"),
        ([_article("a")], "a\tS\na\tT\n", "'a' labelled twice"),
        ([_article("a"), _article("b")], "a\tS\n", "1 article(s) have no story label"),
        ([_article("a")], "a\tS\nq\tS\n", "1 id(s) not in articles.jsonl"),
    ],
)
def test_load_story_day_rejects_bad_files(
    tmp_path: Path, articles: list[Any], labels: str, message: str
) -> None:
    folder = _write_day(tmp_path, articles, labels)
    with pytest.raises(ValueError, match=re.escape(message)):
        load_story_day(folder)


def test_load_story_day_names_the_missing_file(tmp_path: Path) -> None:
    folder = _write_day(tmp_path, [_article("a")], "a\tS\n")
    (folder / "labels.tsv").unlink()
    with pytest.raises(ValueError, match=r"labels\.tsv is missing"):
        load_story_day(folder)
    with pytest.raises(ValueError, match=r"articles\.jsonl is missing"):
        load_story_day(tmp_path / "nowhere")


# --- agreement with the reference scorer -------------------------------------------------------


def _reference(
    tmp: Path, gold: Mapping[str, str], pred: Mapping[str, str], ids: list[str] | None
) -> dict[str, Any]:
    script = shared_path("tools", "score_clusters.py")
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "gold.tsv").write_text("".join(f"{k}\t{v}\n" for k, v in gold.items()), "utf-8")
    (tmp / "pred.tsv").write_text("".join(f"{k}\t{v}\n" for k, v in pred.items()), "utf-8")
    args = [sys.executable, str(script), str(tmp / "gold.tsv"), str(tmp / "pred.tsv"), "--json"]
    if ids is not None:
        (tmp / "ids.txt").write_text("".join(f"{i}\n" for i in ids), "utf-8")
        args += ["--ids", str(tmp / "ids.txt")]
    proc = subprocess.run(args, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def _assert_agrees(
    tmp: Path, gold: Mapping[str, str], pred: Mapping[str, str], ids: list[str] | None
) -> None:
    ref = _reference(tmp, gold, pred, ids)
    for kind, ours in (("pair", pairwise(gold, pred, ids)), ("bcubed", bcubed(gold, pred, ids))):
        for key in ("P", "R", "F1"):
            assert _close((ours[key],), (ref[f"{kind}_{key}"],)), (kind, key, ours, ref)


@pytest.mark.parametrize("name", list(CASES))
def test_agrees_with_reference_on_tiny_cases(tmp_path: Path, name: str) -> None:
    gold, pred, ids, _, _ = CASES[name]
    _assert_agrees(tmp_path, gold, pred, ids)


def _by_title_start(articles: list[dict[str, Any]]) -> dict[str, str]:
    """A simple deterministic grouping: items whose titles start with the same three words."""
    return {a["id"]: " ".join(a["title"].lower().split()[:3]) for a in articles}


def test_agrees_with_reference_on_the_shared_day(tmp_path: Path) -> None:
    articles, gold = load_story_day(shared_path(*DAY))
    lang = {a["id"]: a["lang"] for a in articles}
    titled = _by_title_start(articles)
    alone = {i: i for i in gold}
    # Some ids left out and some unknown ids added, to exercise the id handling at scale.
    partial = {i: c for n, (i, c) in enumerate(titled.items()) if n % 7} | {"zz-1": "x"}
    rest = without_largest(gold)
    for n, (pred, ids) in enumerate(
        [(titled, None), (titled, rest), (alone, None), (alone, rest), (partial, None)]
    ):
        _assert_agrees(tmp_path / str(n), gold, pred, ids)
    row = score_table(gold, titled, lang)
    assert row["pred_clusters"] == _reference(tmp_path / "t", gold, titled, None)["n_pred_clusters"]
    assert 0 <= row["xlang_linked"] <= row["xlang_total"]


def test_every_item_alone_on_the_shared_day() -> None:
    articles, gold = load_story_day(shared_path(*DAY))
    lang = {a["id"]: a["lang"] for a in articles}
    row = score_table(gold, {i: i for i in gold}, lang)
    stories = len(set(gold.values()))
    # Each item is credited 1/|its story| of recall: the mean is stories / items.
    assert row["bcubed_P"] == 1.0 and abs(row["bcubed_R"] - stories / len(gold)) < 1e-12
    assert round(row["bcubed_R"], 3) == 0.636 and round(row["bcubed_F1"], 3) == 0.777
    assert row["pair_P"] is None and row["pair_R"] == 0.0 and row["pair_F1"] == 0.0
    assert row["xlang_linked"] == 0 and row["pred_clusters"] == len(gold)
    # The largest story is the Tusk government (62 items that day).
    assert len(without_largest(gold)) == len(gold) - 62
