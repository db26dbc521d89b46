"""`alaune cluster`, `alaune stories`, `alaune eval stories`: reports grouped into stories."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from alaune.cli._base import F, cli, db_option, open_store, options
from alaune.cli.extract import eval_group


def default_workers() -> int:
    """The cores this process may use, at most 8."""
    return max(1, min(8, len(os.sched_getaffinity(0))))


def workers_option(func: F) -> F:
    """``--workers N``: processes for the embeddings."""
    return click.option(
        "--workers",
        type=click.IntRange(1, 64),
        default=None,
        help="Processes for the embeddings (default: the machine's cores, at most 8).",
    )(func)


@cli.command("cluster")
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help='A JSONL file of items: {"id", "title", "text", "published", "lang"?, "outlet"?}.',
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tsv", "jsonl"]),
    default="tsv",
    show_default=True,
    help="tsv: id<TAB>story_id per line; jsonl: one story per line with its items.",
)
@workers_option
def cluster_cmd(input_path: Path, fmt: str, workers: int | None) -> None:
    """Group a file of items into stories, offline (no database)."""
    from alaune.group.items import read_items
    from alaune.group.placement import cluster, members

    items = read_items(input_path)
    assignment = cluster(items, workers=workers or default_workers())
    if fmt == "tsv":
        for item in items:
            click.echo(f"{item.id}\t{assignment[item.id]}")
        return
    for story, ids in members(assignment):
        click.echo(json.dumps({"story": story, "items": ids}, ensure_ascii=False))


@cli.command("stories")
@click.option(
    "--days",
    type=click.IntRange(1, 60),
    default=3,
    show_default=True,
    help="Stories last seen this many days before the newest report stay open to follow-ups.",
)
@workers_option
@db_option
def stories_cmd(days: int, workers: int | None, db: Path | None) -> None:
    """Group the stored articles not yet in a story, with yesterday's stories still open."""
    from alaune.pipeline.stories import group_stored

    with open_store(options(db)) as store:
        report = group_stored(store, days=days, workers=workers or default_workers())
    for line in report.lines():
        click.echo(line)


@eval_group.command("stories")
@click.argument(
    "labels_dirs", nargs=-1, required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)  # fmt: skip
@click.option(
    "--cv",
    is_flag=True,
    help="Day-out validation over the LABELS_DIRS (3 or more): fit on all days but one, score "
    "the one left out, for each day; each day, the mean and the worst.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the predicted id<TAB>story_id here (for the reference scorer).",
)
def eval_stories(labels_dirs: tuple[Path, ...], cv: bool, out: Path | None) -> None:
    """Pairwise and BCubed P/R/F1 of the grouping of a labelled day (LABELS_DIRS: one folder,
    or several with --cv)."""
    from alaune.errors import InputError
    from alaune.eval.clusters import format_table
    from alaune.eval.stories import evaluate

    if cv:
        from alaune.eval import cv as validation
        from alaune.group.features import Embedder

        if len(labels_dirs) < 3:
            raise InputError("--cv needs 3 or more labelled day folders (fit on the others)")
        embedder = Embedder()
        days = [validation.load_day(d, embedder) for d in labels_dirs]
        click.echo(validation.format_validation(validation.validate(days)))
        return
    if len(labels_dirs) != 1:
        raise InputError("give one labelled day folder, or several with --cv")
    (labels_dir,) = labels_dirs
    table = evaluate(labels_dir, out)
    click.echo(format_table(labels_dir.name, table))
    speed = table["alaune"]["items_per_s"]
    click.echo(f"\nalaune grouped {speed:.0f} items/s (embeddings included)")


@eval_group.command("similarity")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def eval_similarity(folder: Path) -> None:
    """Pearson of report similarity against human scores (a SemEval-2022 Task 8 FOLDER)."""
    from alaune.eval.similarity import evaluate

    click.echo("| language pair | pairs | Pearson |\n|---|---|---|")
    for key, row in evaluate(folder).items():
        click.echo(f"| {key} | {row['pairs']} | {row['pearson']:.3f} |")
