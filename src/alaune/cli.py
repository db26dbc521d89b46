"""The `alaune` command: user errors become one clear line and a non-zero exit, no traceback."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click

from alaune.config import DB_ENV, Options, default_db_path
from alaune.errors import AlauneError, InputError
from alaune.ingest.opml import parse_opml, write_opml
from alaune.ingest.urls import canonical_url
from alaune.model import Source
from alaune.pipeline.ingest import feed_source, ingest_feeds, ingest_html, ingest_warc
from alaune.pipeline.report import IngestReport
from alaune.store import Store

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("alaune")


class _Group(click.Group):
    """Turns our errors (and surprises) into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AlauneError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo(
                "alaune: interrupted; what was committed is kept, run again to go on", err=True
            )
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as exc:
            log.debug("internal error", exc_info=True)
            raise click.ClickException(
                f"internal error ({type(exc).__name__}: {exc}); run with -v for details and "
                "report it"
            ) from None


def db_option(func: F) -> F:
    """``--db PATH`` on every command."""
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"Database file (default: ${DB_ENV} or {default_db_path()}).",
    )(func)


def _options(db: Path | None, **changes: Any) -> Options:
    opts = Options(db_path=db or default_db_path(), **changes)
    return opts


def _open(opts: Options) -> Store:
    return Store(opts.db_path)


class _Bars:
    """tqdm bars on stderr, one per stage, only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bars: dict[str, Any] = {}

    def __call__(self, stage: str, advance: int, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(total=total or None, desc=stage, unit="", leave=False)
        bar.update(advance)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


@click.group(cls=_Group)
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.version_option(package_name="alaune")
def cli(verbose: int) -> None:
    """alaune: the day's most important stories, each told once."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request at INFO; that is noise unless asked for twice.
    logging.getLogger("httpx").setLevel(logging.WARNING if verbose < 2 else logging.DEBUG)


# ---------------------------------------------------------------- sources
@cli.group()
def sources() -> None:
    """Manage the feeds alaune reads."""


@sources.command("add")
@click.argument("url")
@click.option("--title", default="")
@click.option("--language", default=None, help="ISO 639-1 code, e.g. fr.")
@click.option("--country", default=None, help="ISO 3166 code of the outlet, e.g. FR.")
@click.option("--outlet", default=None, help="Name of the outlet.")
@click.option("--category", default=None)
@db_option
def sources_add(
    url: str,
    title: str,
    language: str | None,
    country: str | None,
    outlet: str | None,
    category: str | None,
    db: Path | None,
) -> None:
    """Subscribe to the feed at URL."""
    try:
        feed_url = canonical_url(url)
    except ValueError as exc:
        raise InputError(f"{url!r} is not a feed address: {exc}") from exc
    with _open(_options(db)) as store, store.transaction():
        src, created = store.sources.add(
            Source(
                feed_url=feed_url,
                title=title,
                language=language,
                country=country,
                outlet=outlet,
                category=category,
            )
        )
    click.echo(f"{'added' if created else 'already there'}: [{src.id}] {src.feed_url}")


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array.")
@db_option
def sources_list(as_json: bool, db: Path | None) -> None:
    """List the sources and their polling state."""
    with _open(_options(db)) as store:
        rows = store.sources.all()
    if as_json:
        from dataclasses import asdict

        click.echo(json.dumps([asdict(s) for s in rows], default=str, ensure_ascii=False, indent=1))
        return
    for s in rows:
        state = "off" if not s.active else (f"failing x{s.error_count}" if s.error_count else "ok")
        facts = "/".join(x for x in (s.language, s.country) if x) or "-"
        click.echo(f"[{s.id}] {s.title or s.outlet or '-'}  {facts}  {state}  {s.feed_url}")
    click.echo(f"{len(rows)} source(s)", err=True)


@sources.command("remove")
@click.argument("key")
@db_option
def sources_remove(key: str, db: Path | None) -> None:
    """Unsubscribe from a source, by id or feed URL (its articles stay)."""
    with _open(_options(db)) as store, store.transaction():
        if store.sources.find(key) is None and key.startswith(("http://", "https://")):
            key = canonical_url(key)  # the URL as the user typed it, stored canonical
        src = store.sources.remove(key)
    click.echo(f"removed: [{src.id}] {src.feed_url}")


def _read_file(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc


def import_sources(store: Store, found: list[Source]) -> int:
    """Add sources; returns how many were new."""
    with store.transaction():
        return sum(store.sources.add(s)[1] for s in found)


@sources.command("import-opml")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
def sources_import(file: Path, db: Path | None) -> None:
    """Add every feed listed in an OPML FILE."""
    found = parse_opml(_read_file(file, "the OPML file"), name=str(file))
    with _open(_options(db)) as store:
        added = import_sources(store, found)
    click.echo(f"{len(found)} feed(s) in {file}: {added} added, {len(found) - added} already there")


@sources.command("export-opml")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@db_option
def sources_export(file: Path | None, db: Path | None) -> None:
    """Write the sources as OPML 2.0 to FILE (or standard output)."""
    with _open(_options(db)) as store:
        doc = write_opml(store.sources.all())
    if file is None:
        click.echo(doc, nl=False)
        return
    try:
        file.write_text(doc, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {file}: {exc.strerror or exc}") from exc
    click.echo(f"wrote {file}")


# ---------------------------------------------------------------- ingest
def _print_report(report: IngestReport, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=1))
    else:
        for line in report.lines():
            click.echo(line)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--warc", "warc", is_flag=True, help="PATHS are WARC archives (.warc or .warc.gz).")
@click.option("--feed", "feeds", multiple=True, help="Ingest this feed now (subscribing to it).")
@click.option("--html", "html", type=click.Path(path_type=Path), help="A saved page to ingest.")
@click.option("--url", "url", help="With --html: the address the page was published at.")
@click.option("--no-pages", is_flag=True, help="Do not fetch the pages behind feed items.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's counters as JSON.")
@db_option
def ingest(
    paths: tuple[Path, ...],
    warc: bool,
    feeds: tuple[str, ...],
    html: Path | None,
    url: str | None,
    no_pages: bool,
    as_json: bool,
    db: Path | None,
) -> None:
    """Ingest the sources that are due, or the given feeds, WARC archives or page."""
    if paths and not warc:
        raise InputError("files given without --warc; use `alaune ingest --warc FILE...`")
    if warc and not paths:
        raise InputError("--warc needs at least one archive: `alaune ingest --warc FILE...`")
    if html and not url:
        raise InputError("--html needs --url, the address the page was published at")
    for p in paths:
        if not p.is_file():
            raise InputError(f"no such file: {p}")
    opts = _options(db, fetch_pages=not no_pages)
    report = IngestReport()
    bars = _Bars(enabled=not as_json)
    with _open(opts) as store:
        try:
            if warc:
                ingest_warc(store, list(paths), report, bars)
            if html:
                ingest_html(store, html, url or "", report)
            if feeds or not (warc or html):
                from datetime import UTC, datetime

                due = (
                    [feed_source(store, f) for f in feeds]
                    if feeds
                    else store.sources.due(datetime.now(UTC))
                )
                if not feeds and store.sources.count() == 0:
                    raise InputError(
                        "no sources yet: add some with `alaune sources add URL` or "
                        "`alaune sources import-opml FILE`, or run `alaune run`"
                    )
                asyncio.run(ingest_feeds(store, due, opts, report, progress=bars))
        finally:
            bars.close()
    _print_report(report, as_json)
    if feeds and report.feeds_failed == report.feeds_polled:
        raise click.ClickException("no feed given with --feed could be read (see above)")


def default_sources() -> list[Source]:
    """The packaged default list of feeds."""
    data = resources.files("alaune").joinpath("data/default_sources.opml").read_bytes()
    return parse_opml(data, name="the default sources")


@cli.command()
@click.option("--no-pages", is_flag=True, help="Do not fetch the pages behind feed items.")
@db_option
def run(no_pages: bool, db: Path | None) -> None:
    """The main job: default sources if none, ingest what is due, extract the new pages."""
    opts = _options(db, fetch_pages=not no_pages)
    report = IngestReport()
    bars = _Bars(enabled=True)
    with _open(opts) as store:
        if store.sources.count() == 0:
            added = import_sources(store, default_sources())
            click.echo(f"subscribed to {added} default sources (alaune sources list)")
        from datetime import UTC, datetime

        due = store.sources.due(datetime.now(UTC))
        click.echo(f"polling {len(due)} due source(s) into {opts.db_path}")
        try:
            asyncio.run(ingest_feeds(store, due, opts, report, progress=bars))
        finally:
            bars.close()
        summary = store.stats.summary()
    _print_report(report, as_json=False)
    if not no_pages:
        from alaune.pipeline.extract import extract_stored

        with _open(opts) as store:
            for line in extract_stored(store).lines():
                click.echo(line)
            summary = store.stats.summary()
    if report.feeds_polled and report.feeds_failed == report.feeds_polled:
        click.echo(
            "no feed could be read: is this machine online? (alaune stats shows why)", err=True
        )
    arts = summary["articles"]
    click.echo(f"stored: {arts['total']} articles {json.dumps(arts['by_status'])}")
    click.echo(f"database: {opts.db_path} (alaune stats --db {opts.db_path})")


# ---------------------------------------------------------------- extract
def _emit(record: dict[str, Any], fmt: str) -> None:
    if fmt == "text":
        click.echo(f"# {record.get('title') or ''}\n\n{record.get('text') or ''}\n")
    else:
        click.echo(json.dumps(record, ensure_ascii=False, indent=1 if fmt == "json" else None))


_FAILURES = {
    "unreadable_file": "the file cannot be read",
    "page_too_deep": "the page nests elements too deep to be an article",
    "extract_error": "the extractor failed on this page (run with -v for details)",
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
            record: dict[str, Any] = {"id": key} if pages_file else {}
            record.update({"error": _FAILURES.get(ex, ex)} if isinstance(ex, str) else ex.to_json())
            _emit(record, fmt)
        if pages_file:
            for line in report.lines():
                click.echo(line, err=True)
        return
    bars = _Bars(enabled=True)
    with _open(_options(db)) as store:
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


# ---------------------------------------------------------------- stats
@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@db_option
def stats(as_json: bool, db: Path | None) -> None:
    """Counts of articles, drops and sources."""
    with _open(_options(db)) as store:
        summary = store.stats.summary()
    if as_json:
        click.echo(json.dumps(summary, indent=1, ensure_ascii=False))
        return
    a, s = summary["articles"], summary["sources"]
    click.echo(f"articles: {a['total']}")
    for key in ("by_status", "by_language", "by_origin", "failed_by_reason"):
        if a[key]:
            parts = sorted(a[key].items(), key=lambda kv: -kv[1])
            click.echo(f"  {key.replace('_', ' ')}: " + ", ".join(f"{k} {v}" for k, v in parts))
    click.echo(f"sources: {s['total']} ({s['active']} active, {s['failing']} failing)")
    if summary["drops"]:
        parts = sorted(summary["drops"].items(), key=lambda kv: -kv[1])
        click.echo("drops: " + ", ".join(f"{k} {v}" for k, v in parts))


def main() -> None:
    """Entry point of the `alaune` script."""
    cli(prog_name="alaune")
