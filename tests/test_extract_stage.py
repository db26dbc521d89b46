"""The extract stage end to end: the command line on the shared WARC and fundus pages, the
evaluation's agreement with the shared reference scorer, and the quality gate on fundus."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import closing, contextmanager, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alaune.eval.datasets import load_cases
from alaune.eval.extraction import evaluate
from alaune.eval.metrics import page_precision_recall, shingles, snippet_scores, text_scores
from alaune.extract.extractor import extract
from alaune.ingest.urls import host_of
from alaune.model import Article, Status
from alaune.pipeline.extract import extract_stored, read_page_file
from alaune.store import Store
from tests.conftest import shared_path

SPEC_FIELDS = {
    "title", "text", "authors", "published", "language", "site_name", "image", "paywalled", "wire",
}  # fmt: skip
LEMONDE = "LeMonde_2023_09_01.html.gz"


def fundus() -> Path:
    return shared_path("data", "extraction", "fundus")


def alaune(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "alaune", *args], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ), check=False)  # fmt: skip


def ok(*args: str) -> str:
    proc = alaune(*args)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@contextmanager
def reading_reference_files() -> Iterator[None]:
    """The reference scorer opens its data files without closing them: its ResourceWarnings
    are no fault of alaune's (pytest runs with warnings as errors)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        yield


@pytest.fixture(scope="module")
def ref() -> ModuleType:
    """../shared/tools/score_extraction.py, imported as a module."""
    path = shared_path("tools", "score_extraction.py")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lemonde_url() -> str:
    meta = json.loads((fundus() / "fr" / "meta.info").read_text(encoding="utf-8"))
    return str(meta[LEMONDE]["url"])


# --- the store: ingest, extract, extract again -------------------------------------------------


def test_ingest_extract_and_re_extract_the_shared_warc(tmp_path: Path) -> None:
    warcs = [str(p) for p in sorted(shared_path("data", "warc").glob("*.warc.gz"))]
    assert len(warcs) == 5
    db = str(tmp_path / "x.db")
    ok("ingest", "--warc", *warcs, "--db", db)

    first = ok("extract", "--db", db)
    stats = json.loads(ok("stats", "--json", "--db", db))
    articles = stats["articles"]
    assert articles["total"] == 257
    by_status = articles["by_status"]
    extracted, dropped = by_status.get("extracted", 0), by_status.get("dropped", 0)
    assert extracted >= 250
    assert extracted + dropped == 257
    reasons = articles["failed_by_reason"]
    assert set(reasons) <= {"no_text", "extract_error"}
    assert sum(reasons.values()) == dropped
    no_text = reasons.get("no_text", 0)
    assert f"extracted: {extracted + no_text} of 257 pages ({no_text} without text)" in first

    with closing(sqlite3.connect(db)) as conn:
        hosts = {host_of(url) for (url,) in conn.execute("SELECT url FROM articles")}
        rows = conn.execute("SELECT host, pages, counts FROM site_templates").fetchall()
        done = conn.execute("SELECT COUNT(*) FROM articles WHERE extracted_at IS NOT NULL")
        extracted_once = done.fetchone()[0]
        sample = conn.execute(
            "SELECT title, text, language, extractor_version FROM articles"
            " WHERE status = 'extracted' ORDER BY id LIMIT 20"
        ).fetchall()
    assert {host for host, _, _ in rows} == hosts
    # every page extracted (with or without text) counted once in its host's template
    assert sum(pages for _, pages, _ in rows) == extracted_once == extracted + no_text
    assert all(isinstance(json.loads(counts), dict) for _, _, counts in rows)
    assert all(title and text and lang and version for title, text, lang, version in sample)

    # nothing new: nothing extracted
    assert "extracted: 0 of 0 pages" in ok("extract", "--db", db)

    # --all extracts every page again, without counting any page twice in its template
    assert "of 257 pages" in ok("extract", "--all", "--db", db)
    after = json.loads(ok("stats", "--json", "--db", db))["articles"]
    assert after["by_status"] == by_status
    with closing(sqlite3.connect(db)) as conn:
        again = conn.execute("SELECT host, pages FROM site_templates").fetchall()
    assert sorted(again) == sorted((host, pages) for host, pages, _ in rows)


ARTICLE_HTML = Path(__file__).parent / "pages" / "fr_article.html"


# A real page that no extractor should try: 60,000 nested elements (parsers take seconds on it).
HOSTILE_HTML = (
    b"<html><body>" + b"<div>" * 60_000 + b"<p>deep</p>" + b"</div>" * 60_000 + b"</body></html>"
)


def _store_two_pages(store: Store) -> None:
    pages = {"ok": ARTICLE_HTML.read_bytes(), "broken": HOSTILE_HTML}
    for path, html in pages.items():
        store.articles.upsert(
            Article(
                url=f"https://www.quotidien-du-sud.example/{path}.html",
                origin="html",
                fetched_at=datetime(2024, 3, 14, tzinfo=UTC),
                html=html,
                status=Status.FETCHED,
            )
        )


def _template_pages(store: Store) -> int:
    return int(store.conn.execute("SELECT SUM(pages) FROM site_templates").fetchone()[0])


def test_a_page_that_breaks_the_extractor_is_dropped_and_the_batch_goes_on(store: Store) -> None:
    _store_two_pages(store)
    start = time.perf_counter()
    report = extract_stored(store)
    assert time.perf_counter() - start < 10  # refused before any parser sees it
    assert (report.pages, report.extracted, dict(report.failed)) == (2, 1, {"page_too_deep": 1})
    rows = store.conn.execute("SELECT status, drop_reason FROM articles ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("extracted", None), ("dropped", "page_too_deep")]


def test_a_page_that_broke_the_extractor_is_not_tried_or_counted_again(store: Store) -> None:
    _store_two_pages(store)
    extract_stored(store)
    assert _template_pages(store) == 1
    again = extract_stored(store)
    assert again.pages == 0
    assert _template_pages(store) == 1


# --- files: one page, many pages ---------------------------------------------------------------


def test_extract_one_saved_page_as_json() -> None:
    path = fundus() / "fr" / LEMONDE
    record = json.loads(ok("extract", str(path), "--url", lemonde_url(), "--format", "json"))
    assert "id" not in record
    assert record.keys() >= SPEC_FIELDS
    assert record["title"].startswith("Sophie Binet met en garde Emmanuel Macron")
    assert record["title"] not in record["text"]
    assert len(record["text"]) > 2000
    assert record["authors"] and all(isinstance(a, str) for a in record["authors"])
    published = datetime.fromisoformat(record["published"])
    assert published.utcoffset() is not None
    assert published.date().isoformat() == "2023-08-30"
    assert record["language"] == "fr"
    assert record["site_name"]
    image = record["image"]
    assert set(image) == {"url", "caption", "credit"}
    assert image["url"].startswith("https://")
    assert image["caption"] and "Sophie Binet" in image["caption"]
    assert image["credit"] and "AFP" in image["credit"]
    assert record["paywalled"] is True  # it ends with "La suite est réservée aux abonnés"
    assert isinstance(record["wire"], list)


def test_le_monde_paywall_prompt_leaves_the_text() -> None:
    path = fundus() / "fr" / LEMONDE
    ex = extract(read_page_file(path), lemonde_url())
    assert "Il vous reste" not in ex.text
    assert ex.removed.get("paywall")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_pages(path: Path, rows: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def fundus_rows(n: int) -> list[dict[str, str]]:
    _, cases = load_cases(fundus())
    return [{"id": c.id, "url": c.url, "path": str(c.path)} for c in cases[:n]]


MISSING = {"id": "gone", "url": "https://x.example/gone", "path": "/nonexistent/gone.html.gz"}


def test_extract_pages_jsonl(tmp_path: Path) -> None:
    rows = fundus_rows(10)
    pages = tmp_path / "pages.jsonl"
    write_pages(pages, [*rows[:5], MISSING, *rows[5:]])
    proc = alaune("extract", "--pages", str(pages), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 11
    records = {r["id"]: r for r in map(json.loads, lines)}
    assert records.keys() == {r["id"] for r in rows} | {"gone"}
    assert set(records.pop("gone")) == {"id", "error"}
    for record in records.values():
        assert {"id"} | SPEC_FIELDS <= record.keys(), record["id"]
        assert "error" not in record
        assert record["text"] and record["title"]
    assert "extracted: 10 of 11 pages" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_extract_pages_jsonl_keeps_the_input_order(tmp_path: Path) -> None:
    rows = fundus_rows(2)
    pages = tmp_path / "pages.jsonl"
    write_pages(pages, [rows[0], MISSING, rows[1]])
    out = ok("extract", "--pages", str(pages))
    assert [json.loads(line)["id"] for line in out.splitlines()] == [
        rows[0]["id"],
        "gone",
        rows[1]["id"],
    ]


@pytest.mark.parametrize(
    "bad_line",
    [
        "{not json",
        '{"id": "a", "url": "https://x.example/a"}',  # no path
        "[1, 2]",
        '"just a string"',
        '{"id": "a", "url": "https://x.example/a", "path": null}',
    ],
)
def test_malformed_pages_jsonl_is_one_line_of_error(tmp_path: Path, bad_line: str) -> None:
    pages = tmp_path / "pages.jsonl"
    good = {"id": "a", "url": "https://x.example/a", "path": "/nonexistent.html"}
    pages.write_text(json.dumps(good) + "\n\n" + bad_line + "\n", encoding="utf-8")
    proc = alaune("extract", "--pages", str(pages))
    assert proc.returncode != 0
    assert proc.stdout == ""
    err = proc.stderr.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert "pages.jsonl:3:" in err and "id, url and path" in err


# --- the evaluation agrees with the shared reference scorer ------------------------------------


AGREEMENT_TEXTS = [
    "",
    "un",
    "un deux trois",
    "un deux trois quatre",
    "Le port de Marseille rouvre après trois jours de grève.",
    "Der Bundestag hat am Donnerstag den Haushalt beschlossen. Der Bundestag hat am Donnerstag.",
    "Mehr als 200 Menschen, 200 Menschen, 200 Menschen wurden evakuiert",
    "東京で地震が発生しました。 震源地は千葉県沖です",
    "snake_case and l’apostrophe, 3.14 — ½ and ١٢٣",
]


@pytest.mark.parametrize("text", AGREEMENT_TEXTS)
def test_shingles_agree_with_the_reference(ref: ModuleType, text: str) -> None:
    assert shingles(text) == ref.shingles(text)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab cé_\n.", max_size=40),
    st.text(alphabet="ab cé_\n.", max_size=40),
)
def test_page_precision_recall_agrees_with_the_reference(
    ref: ModuleType, truth: str, pred: str
) -> None:
    assert page_precision_recall(truth, pred) == ref.page_pr(truth, pred)


def test_eval_cli_on_fundus_agrees_with_the_reference_page_by_page(
    ref: ModuleType, tmp_path: Path
) -> None:
    root = fundus()
    out = ok("eval", "extraction", str(root), "--limit", "40", "--out", str(tmp_path),
             "--no-trafilatura")  # fmt: skip
    table = out.splitlines()
    assert table[0].startswith("| fundus | P | R | F1 |")
    row = table[2].split("|")
    assert row[1].strip() == "alaune"
    printed_p, printed_r, printed_f1 = (float(x) for x in row[2:5])

    with reading_reference_files():
        truth = ref.fundus_truth(str(root))
    _, cases = load_cases(root)
    assert [c.id for c in cases] == list(truth)  # same pages, same order
    for c in cases:
        t = truth[c.id]
        assert (c.url, str(c.path), c.text, c.title) == (t["url"], t["path"], t["text"], t["title"])
        assert (c.authors, c.published) == (t["authors"], t["published"])

    preds = read_jsonl(tmp_path / "alaune.jsonl")
    assert len(preds) == 40 and [p["id"] for p in preds] == [c.id for c in cases[:40]]
    pairs = [(truth[p["id"]]["text"], p["text"]) for p in preds]
    for t, p in pairs:
        assert page_precision_recall(t, p) == ref.page_pr(t, p)
        assert shingles(p) == ref.shingles(p)
    p, r, f = text_scores(pairs)
    ref_prs = [ref.page_pr(t, pred) for t, pred in pairs]
    ref_p = sum(x[0] for x in ref_prs) / len(ref_prs)
    ref_r = sum(x[1] for x in ref_prs) / len(ref_prs)
    assert (p, r) == pytest.approx((ref_p, ref_r), abs=1e-12)
    assert (printed_p, printed_r, printed_f1) == pytest.approx((p, r, f), abs=5e-4)


def test_snippet_scores_agree_with_the_reference(ref: ModuleType, tmp_path: Path) -> None:
    root = shared_path("data", "extraction", "trafilatura-eval")
    with reading_reference_files():
        kind, truth = ref.load_truth(str(root))
    assert kind == "snippets"
    table = evaluate(root, tmp_path, limit=100, with_trafilatura=False)["alaune"]
    preds = {r["id"]: r for r in read_jsonl(tmp_path / "alaune.jsonl")}
    assert len(preds) == 100
    ids = list(truth)[:100]
    assert list(preds) == ids

    # the reference's computation, by hand, on the same outputs
    tp = fp = fn = 0
    for k in ids:
        o = ref.norm(preds[k].get("text"))
        a = sum(ref.norm(w) in o for w in truth[k]["with"])
        b = sum(ref.norm(w) in o for w in truth[k]["without"])
        tp, fn, fp = tp + a, fn + len(truth[k]["with"]) - a, fp + b
    ref_p, ref_r = tp / (tp + fp or 1), tp / (tp + fn or 1)
    ref_f1 = 2 * ref_p * ref_r / (ref_p + ref_r) if ref_p + ref_r else 0.0

    ours = snippet_scores(
        [(truth[k]["with"], truth[k]["without"], preds[k].get("text") or "") for k in ids]
    )
    assert ours == pytest.approx((ref_p, ref_r, ref_f1), abs=1e-12)
    assert (table["P"], table["R"], table["F1"]) == pytest.approx(ours, abs=1e-12)

    # and the reference scorer itself, on a copy of the set holding only those 100 pages
    subset = tmp_path / "subset"
    (subset / "pages").mkdir(parents=True)
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    (subset / "evaldata.json").write_text(json.dumps({k: data[k] for k in ids}), encoding="utf-8")
    buf = io.StringIO()
    with redirect_stdout(buf), reading_reference_files():
        ref.main(["score", str(subset), str(tmp_path / "alaune.jsonl")])
    line = buf.getvalue().strip()
    assert line.startswith("pages=100 missing=0 "), line
    assert f"P={ref_p:.4f} R={ref_r:.4f} F1={ref_f1:.4f}" in line


# --- THE EVAL GATE -----------------------------------------------------------------------------

# Pinned floors just under what alaune measures on all 258 fundus pages (F1 0.956, title 0.857,
# date 0.988, authors 0.872 when these were set). Raising a floor is fine; lowering one needs a
# reason in the commit message.
FLOORS = {"F1": 0.967, "title": 0.85, "date": 0.98, "authors": 0.86}


def test_eval_gate_on_fundus(ref: ModuleType, tmp_path: Path) -> None:
    root = fundus()
    scores = evaluate(root, tmp_path, with_trafilatura=False)["alaune"]
    below = {k: round(scores[k], 4) for k, floor in FLOORS.items() if scores[k] < floor}
    assert not below, f"under the floors {FLOORS}: {below}"

    # the same numbers from the reference scorer, on the outputs the evaluation wrote
    buf = io.StringIO()
    with redirect_stdout(buf), reading_reference_files():
        ref.main(["score", str(root), str(tmp_path / "alaune.jsonl")])
    first, second = buf.getvalue().strip().splitlines()
    assert first.startswith("pages=258 missing=0 "), first
    assert f"F1={scores['F1']:.4f}" in first
    assert f"P={scores['P']:.4f} R={scores['R']:.4f}" in first
    assert second == (
        f"title_exact={scores['title']:.3f} published_day_exact={scores['date']:.3f} "
        f"authors_exact={scores['authors']:.3f}"
    )
