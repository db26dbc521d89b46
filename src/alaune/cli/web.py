"""`alaune serve` and `alaune export`: the editions on the web."""

from __future__ import annotations

import os
from pathlib import Path

import click

from alaune.cli._base import cli, db_option, open_store, options
from alaune.config import ALLOW_PRIVATE_ENV


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--base-url", default=None, help="The public address (for feeds and permalinks).")
@click.option(
    "--allow-private-sources",
    is_flag=True,
    default=os.environ.get(ALLOW_PRIVATE_ENV) == "1",
    help="Let admins add feeds on private or loopback addresses (ALAUNE_ALLOW_PRIVATE_SOURCES=1).",
)
@db_option
def serve(
    host: str, port: int, base_url: str | None, allow_private_sources: bool, db: Path | None
) -> None:
    """Serve the editions: pages in French and English, feeds, a JSON API (/api/openapi.json)
    and the sources' admin (its token is in the file admin-token beside the database)."""
    import uvicorn

    from alaune.web.app import WebConfig, create_app

    opts = options(db)
    with open_store(opts):
        pass  # the database exists and is migrated before the first request
    url = base_url or f"http://{host}:{port}"
    config = WebConfig.for_db(opts.db_path, url, allow_private_sources)
    click.echo(
        f"alaune: serving {opts.db_path} on {url} (admin token: {opts.db_path.parent}/admin-token)"
    )
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning", access_log=False)


@cli.command("export")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", default="", help="The public address (for the feeds' links).")
@click.option(
    "--base-path", default="/", show_default=True, help="The site's folder on its server."
)
@db_option
def export(out: Path, base_url: str, base_path: str, db: Path | None) -> None:
    """Write every kept edition as a static site (HTML, feeds, JSON) into OUT."""
    from alaune.web.export import clear, export_site

    if out.exists() and any(out.iterdir()):
        clear(out)
        if out.exists() and any(out.iterdir()):
            raise click.ClickException(
                f"{out} is not empty and not an alaune export: give an empty folder"
            )
    with open_store(options(db)) as store:
        report = export_site(store, out, base_url=base_url, base_path=base_path)
    click.echo(report.line(out))
