"""`alaune batch`: WARC archives to Parquet (articles, copies, stories), locally or on Ray."""

from __future__ import annotations

from pathlib import Path

import click

from alaune.cli._base import cli, db_option, open_store, options


@cli.command("batch")
@click.option(
    "--input",
    "patterns",
    multiple=True,
    required=True,
    help="WARC files or a glob in quotes ('crawl/*.warc.gz'); repeatable.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the Parquet files and summary.json (a batch there resumes).",
)
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 512),
    default=None,
    help="Processes (local) or CPUs (ray started here); default: this machine's cores.",
)
@click.option(
    "--load", is_flag=True, help="Then load the articles, copies and stories into the store."
)
@db_option
def batch(
    patterns: tuple[str, ...],
    out: Path,
    engine: str,
    workers: int | None,
    load: bool,
    db: Path | None,
) -> None:
    """Read WARC archives into articles, copies and stories as Parquet files. An interrupted
    batch run again with the same --out goes on where it stopped."""
    from alaune.batch.run import inputs, run_batch
    from alaune.cli.stories import default_workers

    sources = inputs(list(patterns))
    click.echo(f"batch: {len(sources)} WARC file(s) -> {out} ({engine})", err=True)
    summary = run_batch(
        sources,
        out,
        engine=engine,
        workers=workers or default_workers(),
        progress=lambda line: click.echo(line, err=True),
    )
    for line in summary.lines():
        click.echo(line)
    click.echo(f"summary: {out / 'summary.json'}")
    if load:
        from alaune.batch.load import load_batch

        opts = options(db)
        with open_store(opts) as store:
            click.echo(load_batch(out, store).line() + f" into {opts.db_path}")
