"""The one chain of steps: every path takes its chain from ``pipeline.steps``, and a chain that
cannot run is refused before any work, saying why."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from alaune.pipeline import steps
from alaune.pipeline.steps import STEPS, ChainError, chain

SRC = Path(__file__).resolve().parents[1] / "src" / "alaune"


def test_each_path_is_a_chain_in_the_one_order() -> None:
    order = [s.name for s in STEPS]
    for path in (steps.RUN, steps.BATCH, steps.EVAL_STORIES, steps.EVAL_EDITION):
        names = [s.name for s in path]
        assert names == sorted(names, key=order.index)
        assert names[-1] in {"stories", "edition"} and "stories" in names
    # the batch and the main job share every step up to the stories
    assert steps.RUN[: len(steps.BATCH)] == steps.BATCH


def test_a_chain_out_of_order_fails_before_it_starts() -> None:
    with pytest.raises(ChainError, match="out of order"):
        chain("ingest", "stories", "copies", "meaning")
    with pytest.raises(ChainError, match="out of order"):
        chain("ingest", "extract", "extract")


def test_a_step_without_what_it_needs_is_refused_naming_it() -> None:
    with pytest.raises(ChainError, match="'stories' needs meanings"):
        chain("ingest", "copies", "stories")
    with pytest.raises(ChainError, match="'extract' needs pages"):
        chain("extract")
    with pytest.raises(ChainError, match="unknown step 'rank'"):
        chain("ingest", "rank")
    assert [s.name for s in chain("extract", given=("pages",))] == ["extract"]


def _uses(module: Path, name: str) -> bool:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "alaune.pipeline.steps"
        and any(a.name == name for a in node.names)
        for node in ast.walk(tree)
    )


def test_the_runners_take_their_chain_from_the_one_list() -> None:
    assert _uses(SRC / "batch" / "run.py", "BATCH")
    assert _uses(SRC / "pipeline" / "run.py", "RUN")
    # and the main job's work covers every step of its chain
    from alaune.pipeline.run import WORK

    assert set(WORK) == {s.name for s in steps.RUN}
    assert _uses(SRC / "eval" / "stories.py", "EVAL_STORIES")
    assert _uses(SRC / "eval" / "edition.py", "EVAL_EDITION")
    assert _uses(SRC / "eval" / "extraction.py", "EVAL_EXTRACTION")
    assert _uses(SRC / "cli" / "edition.py", "EDITION")
