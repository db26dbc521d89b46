"""The renderers of an edition: HTML pages (``html``, one template set for the site, the static
export and the CLI's file), plain text and JSON (``text``), Atom / RSS / JSON Feed (``feeds``).
They read ``alaune.records`` only: never the store, never the web app."""

from __future__ import annotations

from alaune.records import Edition

FORMATS = ("html", "json", "text")


def render(edition: Edition, fmt: str) -> str:
    """An edition in one of ``FORMATS``."""
    from alaune.publish.html import to_html
    from alaune.publish.text import to_json, to_text

    return {"json": to_json, "text": to_text, "html": to_html}[fmt](edition)
