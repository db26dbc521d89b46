"""`alaune extract` and `alaune eval`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from alaune.cli._base import Bars, cli, db_option, open_store, options
from alaune.drops import Drop, Reason
from alaune.errors import InputError


# ---------------------------------------------------------------- extract
def _emit(record: dict[str, Any], fmt: str) -> None:
    if fmt == "text":
        click.echo(f"# {record.get('title') or ''}\n\n{record.get('text') or ''}\n")
    else:
        click.echo(json.dumps(record, ensure_ascii=False, indent=1 if fmt == "json" else None))


_FAILURES = {
    Reason.UNREADABLE_FILE: "the file cannot be read",
    Reason.PAGE_TOO_DEEP: "the page nests elements too deep to be an article",
    Reason.TOO_MANY_ELEMENTS: "the page has too many elements to be an article",
    Reason.EXTRACT_ERROR: "the extractor failed on this page (run with -v for details)",
}


def _read_pages_jsonl(path: Path) -> list[tuple[str, str, Path]]:
    pages = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            pages.append((str(item["id"]), str(item.get("url") or ""), Path(item["path"])))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(
                f"{path}:{n}: each line must be a JSON object with id, url and path ({exc})"
            ) from exc
    return pages


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--url", help="With FILE: the address the page was published at.")
@click.option(
    "--pages",
    "pages_file",
    type=click.Path(path_type=Path),
    help="A JSONL file of {id, url, path} pages to extract.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "text"]),
    default=None,
    help="Output format (default: json for FILE, jsonl for --pages).",
)
@click.option(
    "--all", "redo", is_flag=True, help="Re-extract every stored page (after an upgrade)."
)
@db_option
def extract(
    file: Path | None,
    url: str | None,
    pages_file: Path | None,
    fmt: str | None,
    redo: bool,
    db: Path | None,
) -> None:
    """Extract text and facts: stored pages not yet extracted, a saved FILE, or --pages."""
    # imported here: trafilatura and its models load in a second, which other commands skip
    from alaune.pipeline.extract import ExtractReport, extract_files, extract_stored

    if file is not None or pages_file is not None:
        if file is not None and not url:
            raise InputError("FILE needs --url, the address the page was published at")
        pages = (
            [("file", url or "", file)]
            if file is not None
            else _read_pages_jsonl(pages_file or Path())
        )
        if file is not None and not file.is_file():
            raise InputError(f"no such file: {file}")
        fmt = fmt or ("json" if file is not None else "jsonl")
        report = ExtractReport()
        for key, ex in extract_files(pages, report):
            failure = _FAILURES.get(ex.reason, str(ex.reason)) if isinstance(ex, Drop) else None
            if failure is not None and not pages_file:
                # one page asked for and none given: an error, not a record with one inside
                raise InputError(f"{file}: {failure}")
            record: dict[str, Any] = {"id": key} if pages_file else {}
            record.update({"error": failure} if isinstance(ex, Drop) else ex.to_json())
            _emit(record, fmt)
        if pages_file:
            for line in report.lines():
                click.echo(line, err=True)
        return
    bars = Bars(enabled=True)
    with open_store(options(db)) as store:
        try:
            report = extract_stored(store, redo=redo, progress=bars)
        finally:
            bars.close()
    for line in report.lines():
        click.echo(line)


# ---------------------------------------------------------------- eval
@cli.group("eval")
def eval_group() -> None:
    """Measure alaune against labelled data."""


@eval_group.command("extraction")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write each system's outputs here as JSONL (for the reference scorer).",
)
@click.option("--limit", type=int, default=None, help="Only the first N pages.")
@click.option("--no-trafilatura", is_flag=True, help="Score alaune alone.")
def eval_extraction(
    dataset: Path, out_dir: Path | None, limit: int | None, no_trafilatura: bool
) -> None:
    """P/R/F1 and pages/s of alaune and trafilatura on a labelled DATASET."""
    from alaune.eval.extraction import evaluate, format_table

    table = evaluate(dataset, out_dir, limit, with_trafilatura=not no_trafilatura)
    click.echo(format_table(dataset.name, table))
