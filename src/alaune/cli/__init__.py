"""The `alaune` command: user errors become one clear line and a non-zero exit, no traceback.

One click group (``_base.cli``); each module below adds its commands to it.
"""

from __future__ import annotations

from alaune.cli import batch, edition, extract, ingest, sources, stats, stories, web
from alaune.cli._base import cli

__all__ = [
    "batch",
    "cli",
    "edition",
    "extract",
    "ingest",
    "main",
    "sources",
    "stats",
    "stories",
    "web",
]


def main() -> None:
    """Entry point of the `alaune` script."""
    cli(prog_name="alaune")
