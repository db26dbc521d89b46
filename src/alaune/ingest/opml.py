"""OPML 2.0 import and export of sources. Parsed with defusedxml: no entity bombs, no XXE."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from alaune.errors import OPMLError
from alaune.ingest.urls import canonical_url
from alaune.model import Source

# Outlet facts travel as extra outline attributes; OPML readers ignore what they do not know.
_FACTS = ("outlet", "language", "country", "ownership", "category")


def parse_opml(data: bytes, name: str = "OPML") -> list[Source]:
    """The feeds of an OPML document (outlines with ``xmlUrl``, at any depth)."""
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise OPMLError(f"{name} uses forbidden XML features ({exc}); remove entities/DTD") from exc
    except ET.ParseError as exc:
        raise OPMLError(
            f"{name} is not well-formed XML ({exc}); is it really an OPML file?"
        ) from exc
    if root.tag.lower() != "opml":
        raise OPMLError(f"{name} is XML but not OPML (its root element is <{root.tag}>)")
    body = root.find("body")
    if body is None:
        raise OPMLError(f"{name} has no <body>; an OPML file lists its feeds inside <body>")
    sources: list[Source] = []
    seen: set[str] = set()

    def walk(node: ET.Element, folder: str | None) -> None:
        for outline in node.findall("outline"):
            url = outline.get("xmlUrl") or outline.get("xmlurl")
            title = outline.get("title") or outline.get("text") or ""
            if url:
                try:
                    feed_url = canonical_url(url)
                except ValueError:
                    continue  # a non-http feed (file:, javascript:) is not a source
                if feed_url not in seen:
                    seen.add(feed_url)
                    facts: dict[str, Any] = {k: outline.get(k) or None for k in _FACTS}
                    facts["category"] = facts["category"] or folder
                    sources.append(
                        Source(
                            feed_url=feed_url, title=title, site_url=outline.get("htmlUrl"), **facts
                        )
                    )
            walk(outline, title or folder if not url else folder)

    walk(body, None)
    if not sources:
        raise OPMLError(f"{name} lists no feeds (no <outline> with an xmlUrl attribute)")
    return sources


def write_opml(sources: list[Source], title: str = "alaune sources") -> str:
    """An OPML 2.0 document of ``sources``, grouped by category."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for src in sources:
        parent = body
        if src.category:
            parent = folders.get(src.category) or ET.SubElement(body, "outline", text=src.category)
            folders[src.category] = parent
        attrs = {"type": "rss", "text": src.title or src.feed_url, "xmlUrl": src.feed_url}
        if src.title:
            attrs["title"] = src.title
        if src.site_url:
            attrs["htmlUrl"] = src.site_url
        for key in _FACTS[:-1]:
            value = getattr(src, key)
            if value:
                attrs[key] = value
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def default_sources() -> list[Source]:
    """The packaged default list of feeds."""
    from importlib import resources

    data = resources.files("alaune").joinpath("data/default_sources.opml").read_bytes()
    return parse_opml(data, name="the default sources")
