"""`alaune sources`: the feeds alaune reads."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from alaune.cli._base import cli, db_option, open_store, options, read_file
from alaune.errors import InputError
from alaune.files import write_atomically
from alaune.ingest.opml import parse_opml, write_opml
from alaune.ingest.urls import canonical_url
from alaune.model import Source
from alaune.pipeline.ingest import import_sources


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
    with open_store(options(db)) as store, store.transaction():
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
    with open_store(options(db)) as store:
        rows = store.sources.all()
    if as_json:
        click.echo(json.dumps([asdict(s) for s in rows], default=str, ensure_ascii=False, indent=1))
        return
    for s in rows:
        state = "off" if not s.active else (f"failing x{s.error_count}" if s.error_count else "ok")
        facts = "/".join(x for x in (s.language, s.country) if x) or "-"
        click.echo(f"[{s.id}] {s.title or s.outlet or '-'}  {facts}  {state}  {s.feed_url}")
    click.echo(f"{len(rows)} source(s)", err=True)


@sources.command("weight")
@click.argument("key")
@click.argument("weight", type=click.FloatRange(0, 100))
@db_option
def sources_weight(key: str, weight: float, db: Path | None) -> None:
    """Set how much a source's reports count when stories are ranked (1 by default; 0 makes
    its outlet count for nothing, 2 twice). KEY: the source's id or feed URL."""
    with open_store(options(db)) as store, store.transaction():
        if store.sources.find(key) is None and key.startswith(("http://", "https://")):
            key = canonical_url(key)
        src = store.sources.get(key)
        src.weight = weight
        store.sources.save(src)
    click.echo(f"weight {weight:g}: [{src.id}] {src.feed_url}")


@sources.command("remove")
@click.argument("key")
@db_option
def sources_remove(key: str, db: Path | None) -> None:
    """Unsubscribe from a source, by id or feed URL (its articles stay)."""
    with open_store(options(db)) as store, store.transaction():
        if store.sources.find(key) is None and key.startswith(("http://", "https://")):
            key = canonical_url(key)  # the URL as the user typed it, stored canonical
        src = store.sources.remove(key)
    click.echo(f"removed: [{src.id}] {src.feed_url}")


@sources.command("import-opml")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
def sources_import(file: Path, db: Path | None) -> None:
    """Add every feed listed in an OPML FILE."""
    found = parse_opml(read_file(file, "the OPML file"), name=str(file))
    with open_store(options(db)) as store:
        added = import_sources(store, found)
    click.echo(f"{len(found)} feed(s) in {file}: {added} added, {len(found) - added} already there")


@sources.command("export-opml")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@db_option
def sources_export(file: Path | None, db: Path | None) -> None:
    """Write the sources as OPML 2.0 to FILE (or standard output)."""
    with open_store(options(db)) as store:
        doc = write_opml(store.sources.all())
    if file is None:
        click.echo(doc, nl=False)
        return
    try:
        write_atomically(file, doc)
    except OSError as exc:
        raise InputError(f"cannot write {file}: {exc.strerror or exc}") from exc
    click.echo(f"wrote {file}")
