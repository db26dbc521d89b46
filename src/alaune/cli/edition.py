"""`alaune edition`: the day's most important stories, ranked and told, from the store."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import click

from alaune.cli._base import cli, db_option, open_store, options
from alaune.cli.extract import eval_group
from alaune.errors import InputError
from alaune.files import write_atomically
from alaune.publish import render


def day_of(value: str | None, tz: str) -> date:
    """The day asked for (today in the time zone when none)."""
    from alaune.edition.build import zone

    if value is None:
        return datetime.now(UTC).astimezone(zone(tz)).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r} is not a date such as 2023-12-12") from None


@cli.command("edition")
@click.option("--date", "day", default=None, help="The day, e.g. 2023-12-12 (default: today).")
@click.option("--lang", default="fr", show_default=True, help="The edition's language.")
@click.option("--top", type=click.IntRange(1, 200), default=20, show_default=True)
@click.option("--tz", default="UTC", show_default=True, help="The time zone the day is in.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
)
@click.option(
    "--weight",
    "weights",
    multiple=True,
    metavar="PART=VALUE",
    help="Weight of a score part (outlets, languages, countries, velocity, prominence, "
    "persistence), e.g. --weight languages=1.",
)
@click.option(
    "--min-outlets",
    type=click.IntRange(1, 100),
    default=2,
    show_default=True,
    help="Stories told by fewer independent outlets stay out.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@db_option
def edition_cmd(
    day: str | None,
    lang: str,
    top: int,
    tz: str,
    fmt: str,
    weights: tuple[str, ...],
    min_outlets: int,
    out: Path | None,
    db: Path | None,
) -> None:
    """Build the edition of a day: its most important stories, each told once, with the score
    that put it there. Reports not yet in a story are grouped first."""
    from dataclasses import replace

    from alaune.cli.stories import default_workers
    from alaune.edition.rank import RankSettings
    from alaune.pipeline.run import Run, keep, run_main
    from alaune.pipeline.steps import EDITION

    when = day_of(day, tz)
    rank = replace(RankSettings().with_weights(weights), min_outlets=min_outlets)
    opts = options(db)
    with open_store(opts) as store:
        job = Run(store, opts, [lang], when, default_workers(), top=top, tz=tz, rank=rank)
        # the stories step speaks only when it placed something
        job.sink, job.say = (
            keep,
            lambda line: None if "nothing to group" in line else click.echo(line, err=True),
        )
        run_main(job, EDITION)
        (edition,) = job.editions
    text = render(edition, fmt)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(out, text)
        click.echo(f"edition of {when} ({lang}) written to {out}", err=True)
    else:
        click.echo(text, nl=False)


@eval_group.command("edition")
@click.argument("labels_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--lang", default="en", show_default=True, help="The edition's language.")
@click.option("--top", type=click.IntRange(1, 200), default=20, show_default=True)
@click.option(
    "--within",
    type=click.IntRange(1, 200),
    default=12,
    show_default=True,
    help="Where the widely covered stories must stand.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the edition built (JSON) there.",
)
def eval_edition(labels_dir: Path, lang: str, top: int, within: int, out: Path | None) -> None:
    """Build the edition of a labelled day (LABELS_DIR: articles.jsonl, labels.tsv) and check
    it: widely covered stories near the top, no story twice, every sentence verbatim."""
    from alaune.eval.edition import evaluate

    result = evaluate(labels_dir, lang=lang, top=top, within=within)
    if out:
        write_atomically(out, render(result["edition"], "json"))
    wide = result["wide_stories"]
    click.echo(f"edition of {result['date']} ({lang}, top {top}) built from {labels_dir}")
    click.echo(
        f"stories covered by 7+ outlets among the first {within}: "
        f"{len(result['wide_within'])} of {len(wide)}"
        + (f" (missing: {', '.join(result['missing'])})" if result["missing"] else "")
    )
    click.echo(f"labelled stories shown twice: {len(result['repeated'])} {result['repeated']}")
    click.echo(f"sentences or quotes not found verbatim: {len(result['unfaithful'])}")
    for problem in result["unfaithful"][:10]:
        click.echo(f"  {problem}")
    click.echo(f"seconds: stories {result['stories_seconds']}, edition {result['edition_seconds']}")
