"""The chain of steps every path runs, in this order, and the check that a chain holds.

    ingest   source            -> pages, items   feeds and pages (HTTP), WARC records, JSONL items
    extract  pages             -> articles       text and facts (``extract``), site templates
    copies   articles, items   -> originals      copy groups, wire copy first (``group.dedup``)
    meaning  articles, items   -> meanings       multilingual embeddings (``group.features``)
    stories  originals,        -> stories        one placement in time order (``group.placement``)
             meanings
    edition  stories           -> edition        rank, tell (``edition``, ``tell``)

What differs between the paths is only the source, the sink and the executor:

    alaune run          feeds       -> store     ingest, extract, copies, meaning, stories, edition
    alaune edition      store       -> a file    copies, meaning, stories, edition
    alaune batch        WARC files  -> Parquet   ingest, extract, copies, meaning, stories
    alaune eval stories labelled    -> a score   ingest, copies, meaning, stories
    alaune eval edition labelled    -> a score   ingest, copies, meaning, stories, edition
    alaune eval extract labelled    -> a score   extract

A new step goes into ``STEPS`` at its place in the order, with what it needs and makes; a path
names the steps it runs (``chain``), and a chain that asks a step before what it needs is
refused before any work starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from alaune.errors import AlauneError


class ChainError(AlauneError):
    """A chain of steps that cannot run: a step needs what no earlier step makes."""


@dataclass(frozen=True, slots=True)
class Step:
    """One step: what it needs (any one of ``needs`` is enough) and what it makes."""

    name: str
    needs: frozenset[str]
    makes: frozenset[str]


def _step(name: str, needs: str, makes: str) -> Step:
    return Step(name, frozenset(needs.split()), frozenset(makes.split()))


STEPS: tuple[Step, ...] = (
    _step("ingest", "source", "pages items"),
    _step("extract", "pages", "articles"),
    _step("copies", "articles items", "originals"),
    _step("meaning", "articles items", "meanings"),
    _step("stories", "originals", "stories"),
    _step("edition", "stories", "edition"),
)
_BY_NAME = {s.name: s for s in STEPS}
# stories needs both originals and meanings: every other step is content with one of its needs
_ALL_NEEDED = {"stories": frozenset({"originals", "meanings"})}


def chain(*names: str, given: Iterable[str] = ("source",)) -> tuple[Step, ...]:
    """The named steps, checked: known, in the order of ``STEPS``, each with what it needs made
    by an earlier one (or ``given``, the source's kind)."""
    unknown = [n for n in names if n not in _BY_NAME]
    if unknown:
        raise ChainError(f"unknown step {unknown[0]!r}; the steps are {', '.join(_BY_NAME)}")
    order = [s.name for s in STEPS]
    positions = [order.index(n) for n in names]
    if positions != sorted(positions) or len(set(positions)) != len(positions):
        raise ChainError(
            f"the steps {' -> '.join(names)} are out of order or repeated; they run in the "
            f"order {' -> '.join(order)}"
        )
    have = set(given)
    steps = tuple(_BY_NAME[n] for n in names)
    for step in steps:
        needed = _ALL_NEEDED.get(step.name)
        missing = needed - have if needed else (set() if step.needs & have else step.needs)
        if missing:
            raise ChainError(
                f"step {step.name!r} needs {' or '.join(sorted(missing))}, which no step "
                "before it makes"
            )
        have |= step.makes
    return steps


# The paths, each named once: the CLI, the batch and the evals take their chain from here.
RUN = chain("ingest", "extract", "copies", "meaning", "stories", "edition")
BATCH = chain("ingest", "extract", "copies", "meaning", "stories")
# `alaune edition`: the stored reports not yet in a story are grouped, then the day is told
EDITION = chain("copies", "meaning", "stories", "edition", given=("articles", "items"))
EVAL_STORIES = chain("ingest", "copies", "meaning", "stories")
EVAL_EDITION = chain("ingest", "copies", "meaning", "stories", "edition")
EVAL_EXTRACTION = chain("extract", given=("pages",))
