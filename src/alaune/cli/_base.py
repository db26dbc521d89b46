"""What every command shares: the group, --db, the options, progress bars, errors."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from alaune.config import DB_ENV, Options, default_db_path
from alaune.errors import AlauneError, InputError
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


def options(db: Path | None, **changes: Any) -> Options:
    """The run's options: defaults, the environment, then the command line."""
    return Options.from_env(db, **changes)


def open_store(opts: Options) -> Store:
    return Store(opts.db_path)


class Bars:
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


def read_file(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
