"""`alaune ingest` and `alaune run`, the main job."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import click

from alaune.cli._base import Bars, cli, db_option, open_store, options
from alaune.cli.sources import default_sources, import_sources
from alaune.errors import InputError
from alaune.files import write_atomically
from alaune.ingest.jsonl import read_jsonl
from alaune.pipeline.ingest import (
    feed_source,
    ingest_feeds,
    ingest_html,
    ingest_warc,
    store_articles,
)
from alaune.pipeline.report import IngestReport
from alaune.store import Store


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
@click.option(
    "--jsonl",
    "jsonl",
    type=click.Path(path_type=Path),
    help='A file of feed items, one JSON object a line: {"title", "text", "published", '
    '"outlet", "url", "lang"}.',
)
@click.option("--no-pages", is_flag=True, help="Do not fetch the pages behind feed items.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's counters as JSON.")
@db_option
def ingest(
    paths: tuple[Path, ...],
    warc: bool,
    feeds: tuple[str, ...],
    html: Path | None,
    url: str | None,
    jsonl: Path | None,
    no_pages: bool,
    as_json: bool,
    db: Path | None,
) -> None:
    """Ingest the sources that are due, or the given feeds, WARC archives, page or items file."""
    if paths and not warc:
        raise InputError("files given without --warc; use `alaune ingest --warc FILE...`")
    if warc and not paths:
        raise InputError("--warc needs at least one archive: `alaune ingest --warc FILE...`")
    if html and not url:
        raise InputError("--html needs --url, the address the page was published at")
    for p in (*paths, *([jsonl] if jsonl else [])):
        if p.is_dir():
            raise InputError(f"{p} is a folder: give the files in it (e.g. '{p}/*.warc.gz')")
        if not p.is_file():
            raise InputError(f"no such file: {p}")
    items = read_jsonl(jsonl) if jsonl else []
    opts = options(db, fetch_pages=not no_pages)
    report = IngestReport()
    bars = Bars(enabled=not as_json)
    with open_store(opts) as store:
        try:
            if warc:
                ingest_warc(store, list(paths), report, bars)
            if html:
                ingest_html(store, html, url or "", report)
            if jsonl:
                store_articles(store, items, report, stage="items")
            if feeds or not (warc or html or jsonl):
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


def write_editions(store: Store, folder: Path, langs: str, day: str | None) -> list[Path]:
    """The day's edition (today, UTC, by default) in each language, as HTML and JSON files in
    ``folder``."""
    from alaune.cli.edition import day_of, render
    from alaune.group.features import Embedder
    from alaune.pipeline.edition import build_edition

    when = day_of(day, "UTC")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in [code.strip() for code in langs.split(",") if code.strip()]:
        edition = build_edition(store, when, lang, meaning=Embedder().encode)
        for fmt in ("html", "json"):
            path = folder / f"{when}.{lang}.{fmt}"
            write_atomically(path, render(edition, fmt))
            written.append(path)
    return written


@cli.command()
@click.option("--no-pages", is_flag=True, help="Do not fetch the pages behind feed items.")
@click.option(
    "--langs", default="fr,en", show_default=True, help="The languages of the editions built."
)
@click.option("--date", "day", default=None, help="The editions' day (default: today, UTC).")
@db_option
def run(no_pages: bool, langs: str, day: str | None, db: Path | None) -> None:
    """The main job: default sources if none, ingest what is due, extract the new pages, group
    the new reports into stories, build today's editions."""
    from alaune.cli.edition import day_of

    day_of(day, "UTC")  # a wrong date is refused before any work
    opts = options(db, fetch_pages=not no_pages)
    report = IngestReport()
    bars = Bars(enabled=True)
    with open_store(opts) as store:
        if store.sources.count() == 0:
            added = import_sources(store, default_sources())
            click.echo(f"subscribed to {added} default sources (alaune sources list)")
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

        with open_store(opts) as store:
            for line in extract_stored(store).lines():
                click.echo(line)
            summary = store.stats.summary()
    from alaune.cli.stories import default_workers
    from alaune.pipeline.stories import group_stored

    with open_store(opts) as store:
        for line in group_stored(store, workers=default_workers()).lines():
            click.echo(line)
        written = write_editions(store, opts.db_path.parent / "editions", langs, day)
    if report.feeds_polled and report.feeds_failed == report.feeds_polled:
        click.echo(
            "no feed could be read: is this machine online? (alaune stats shows why)", err=True
        )
    arts = summary["articles"]
    click.echo(f"stored: {arts['total']} articles {json.dumps(arts['by_status'])}")
    click.echo(f"database: {opts.db_path} (alaune stats --db {opts.db_path})")
    for path in written:
        click.echo(f"edition: {path}")
