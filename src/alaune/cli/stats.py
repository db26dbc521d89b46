"""`alaune stats`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from alaune.cli._base import cli, db_option, open_store, options


# ---------------------------------------------------------------- stats
@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@db_option
def stats(as_json: bool, db: Path | None) -> None:
    """Counts of articles, drops and sources."""
    with open_store(options(db)) as store:
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
    st = summary["stories"]
    click.echo(
        f"stories: {st['total']} ({st['with_several_reports']} with several reports; "
        f"{st['reports_in_stories']} reports placed, {st['reprints']} of them reprints)"
    )
    if summary["drops"]:
        parts = sorted(summary["drops"].items(), key=lambda kv: -kv[1])
        click.echo("drops: " + ", ".join(f"{k} {v}" for k, v in parts))
