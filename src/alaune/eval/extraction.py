"""`alaune eval extraction`: alaune and trafilatura side by side on a labelled set."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alaune.drops import Drop
from alaune.eval.datasets import Case, load_cases
from alaune.eval.metrics import snippet_scores, squash, text_scores
from alaune.pipeline.extract import ExtractReport, extract_batch, read_page_file
from alaune.pipeline.steps import EVAL_EXTRACTION


@dataclass(slots=True)
class SystemResult:
    """One system's outputs and its time spent extracting (file reading excluded)."""

    name: str
    outputs: dict[str, dict[str, Any]]
    seconds: float

    def pages_per_s(self) -> float:
        """Throughput on one core."""
        return len(self.outputs) / self.seconds if self.seconds else 0.0


def run_alaune(pages: list[tuple[Case, str]]) -> SystemResult:
    """alaune's extract step (``EVAL_EXTRACTION``: the one ``extract_batch`` of `alaune extract`
    and the batch), site templates learned across the set as a batch run learns them. A page
    it drops scores as an empty text."""
    assert [s.name for s in EVAL_EXTRACTION] == ["extract"]
    start = time.perf_counter()
    inputs: list[tuple[str, str, str | None]] = [(c.id, c.url, html) for c, html in pages]
    outputs: dict[str, dict[str, Any]] = {}
    report = ExtractReport()
    for key, result in extract_batch(inputs, {}, {c.id for c, _ in pages}, report):
        outputs[key] = {"text": ""} if isinstance(result, Drop) else result.to_json()
    return SystemResult("alaune", outputs, time.perf_counter() - start)


def run_trafilatura(pages: list[tuple[Case, str]]) -> SystemResult:
    """trafilatura with its default settings, metadata included (what a user would call)."""
    import trafilatura

    start = time.perf_counter()
    outputs = {}
    for case, html in pages:
        doc = trafilatura.bare_extraction(html, url=case.url, with_metadata=True)
        author = getattr(doc, "author", None) or ""
        outputs[case.id] = {
            "text": getattr(doc, "text", None) or "",
            "title": getattr(doc, "title", None),
            "authors": [a.strip() for a in author.split(";") if a.strip()],
            "published": getattr(doc, "date", None),
        }
    return SystemResult("trafilatura", outputs, time.perf_counter() - start)


def score(kind: str, cases: list[Case], result: SystemResult) -> dict[str, float]:
    """P/R/F1 (and field accuracies where the truth has fields) of one system."""
    out = result.outputs
    if kind == "snippets":
        p, r, f = snippet_scores([(c.with_, c.without, out[c.id].get("text") or "") for c in cases])
    else:
        p, r, f = text_scores([(c.text or "", out[c.id].get("text") or "") for c in cases])
    scores = {"P": p, "R": r, "F1": f, "pages_per_s": result.pages_per_s()}
    if any(c.title for c in cases):
        n = len(cases)
        scores["title"] = sum(squash(out[c.id].get("title")) == squash(c.title) for c in cases) / n
        day = {c.id: str(out[c.id].get("published") or "")[:10] for c in cases}
        scores["date"] = (
            sum(bool(c.published) and day[c.id] == str(c.published)[:10] for c in cases) / n
        )
        scores["authors"] = (
            sum(
                sorted(map(squash, out[c.id].get("authors") or []))
                == sorted(map(squash, c.authors))
                for c in cases
            )
            / n
        )
    return scores


def evaluate(
    root: Path, out_dir: Path | None = None, limit: int | None = None, with_trafilatura: bool = True
) -> dict[str, dict[str, float]]:
    """Scores of alaune (and trafilatura) on a dataset; writes both outputs as JSONL to
    ``out_dir`` so that the reference scorer can check the numbers."""
    kind, cases = load_cases(root)
    cases = cases[:limit] if limit else cases
    pages = [(c, read_page_file(c.path)) for c in cases]
    results = [run_alaune(pages)]
    if with_trafilatura:
        results.append(run_trafilatura(pages))
    table = {}
    for res in results:
        table[res.name] = score(kind, cases, res)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            with (out_dir / f"{res.name}.jsonl").open("w", encoding="utf-8") as fh:
                for c in cases:
                    fh.write(
                        json.dumps({"id": c.id, **res.outputs[c.id]}, ensure_ascii=False) + "\n"
                    )
    return table


def format_table(dataset: str, table: dict[str, dict[str, float]]) -> str:
    """A Markdown table of the scores."""
    cols = [
        k
        for k in ("P", "R", "F1", "title", "date", "authors", "pages_per_s")
        if any(k in row for row in table.values())
    ]
    lines = [f"| {dataset} | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, row in table.items():
        cells = [f"{row[c]:.1f}" if c == "pages_per_s" else f"{row[c]:.3f}" for c in cols]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
