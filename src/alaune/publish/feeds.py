"""The editions as feeds for feed readers: Atom 1.0, RSS 2.0 and JSON Feed 1.1.

Why: people follow the day's news in Miniflux, FreshRSS or NetNewsWire. Each item is one story,
and its link and id are the story's page on this site (``{base}/{lang}/story/{id}``), never the
source article: the headline of a story changes from day to day, the story id does not, so a
reader shows a continuing story once instead of once per day (Kagi News' feeds got this wrong).

Every string of an edition comes from third-party sources and is treated as hostile:

- characters XML 1.0 forbids (control characters, U+FFFE/FFFF, lone surrogates) are removed
  before anything is written, so the XML is well formed and the JSON encodes as UTF-8;
- text is escaped exactly once: ElementTree escapes the XML, ``html.escape`` the HTML fragment
  that goes into the content (that fragment is then escaped once more as XML text, as Atom's
  ``type="html"`` and RSS's ``<description>`` require);
- only http(s) addresses reach a link, an ``href`` or a ``src``; ``javascript:`` and ``data:``
  ones are dropped.

The output is deterministic: the same editions (and the same ``now``) give the same bytes.
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from alaune.publish.feed_items import (
    FeedItem,
    FeedSite,
    Image,
    Quote,
    clean,
    feed_items,
    last_built,
    story_permalink,
    web_url,
)
from alaune.records import Edition

GENERATOR = "alaune"
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

# The coverage line and the source line, in the feed's language (English when unknown).
_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "article": "article",
        "articles": "articles",
        "independent": "independent outlet",
        "independents": "independent outlets",
        "languages": "languages: ",
        "source": "Headline: ",
    },
    "fr": {
        "article": "article",
        "articles": "articles",
        "independent": "source indépendante",
        "independents": "sources indépendantes",
        "languages": "langues\u00a0: ",
        "source": "Titre\u00a0: ",
    },
}


def to_atom(
    site: FeedSite,
    editions: Sequence[Edition],
    self_url: str,
    *,
    now: datetime | None = None,
) -> str:
    """An Atom 1.0 document (RFC 4287) of the editions' stories."""
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": site.lang})
    _sub(feed, "id", site.home_url)
    _sub(feed, "title", site.title, type="text")
    _sub(feed, "updated", _rfc3339(last_built(editions, now)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=_self_url(self_url))
    _sub(feed, "link", rel="alternate", type="text/html", href=site.home_url)
    # the outlets write the stories' articles, not the feed: the site is the feed's author
    author = _sub(feed, "author")
    _sub(author, "name", site.title)
    _sub(author, "uri", site.home_url)
    _sub(feed, "generator", GENERATOR)
    for item in feed_items(editions):
        _atom_entry(feed, site, item)
    return _xml(feed)


def to_rss(
    site: FeedSite,
    editions: Sequence[Edition],
    self_url: str,
    *,
    now: datetime | None = None,
) -> str:
    """An RSS 2.0 document of the editions' stories."""
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS})
    channel = _sub(rss, "channel")
    _sub(channel, "title", site.title)
    _sub(channel, "link", site.home_url)
    _sub(channel, "description", site.title)
    _sub(channel, "language", site.lang)
    _sub(channel, "lastBuildDate", _rfc822(last_built(editions, now)))
    _sub(channel, "generator", GENERATOR)
    _sub(channel, "atom:link", rel="self", type="application/rss+xml", href=_self_url(self_url))
    for item in feed_items(editions):
        _rss_item(channel, site, item)
    return _xml(rss)


def to_json_feed(
    site: FeedSite,
    editions: Sequence[Edition],
    self_url: str,
    *,
    now: datetime | None = None,
) -> str:
    """A JSON Feed 1.1 document of the editions' stories."""
    # `now` only dates an empty feed, and JSON Feed has no feed-level date: accepted for
    # symmetry with the XML formats so callers can treat the three alike
    del now
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": clean(site.title),
        "home_page_url": site.home_url,
        "feed_url": _self_url(self_url),
        "language": site.lang,
        "authors": [{"name": clean(site.title), "url": site.home_url}],
        "items": [_json_item(site, item) for item in feed_items(editions)],
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


# --- the HTML fragment of an item's content ---


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _link(url: str, text: str) -> str:
    """A link when the address is a web one, else the text alone."""
    return f'<a href="{_esc(url)}">{_esc(text or url)}</a>' if url else _esc(text)


def _content_html(site: FeedSite, item: FeedItem) -> str:
    labels = _LABELS.get(site.lang.split("-")[0].lower(), _LABELS["en"])
    parts = list(_image_html(item.image))
    for sentence in item.summary:
        source = f" — {_link(sentence.url, sentence.outlet)}" if sentence.outlet else ""
        parts.append(f"<p>{_esc(sentence.text)}{source}</p>")
    parts.extend(_quote_html(q) for q in item.quotes)
    coverage = _coverage_line(item, labels)
    if coverage:
        parts.append(f"<p>{_esc(coverage)}</p>")
    if item.source.url:
        link = _link(item.source.url, item.source.outlet)
        parts.append(f"<p>{_esc(labels['source'])}{link}</p>")
    return "\n".join(parts)


def _image_html(image: Image | None) -> Iterator[str]:
    if image is None:
        return
    alt = _esc(image.caption)
    legend = " — ".join(x for x in (image.caption, image.credit) if x)
    caption = f"<figcaption>{_esc(legend)}</figcaption>" if legend else ""
    yield f'<figure><img src="{_esc(image.url)}" alt="{alt}">{caption}</figure>'


def _quote_html(q: Quote) -> str:
    who = ", ".join(x for x in (_esc(q.speaker), _link(q.url, q.outlet)) if x)
    footer = f"<p>— {who}</p>" if who else ""
    return f"<blockquote><p>{_esc(q.text)}</p>{footer}</blockquote>"


def _coverage_line(item: FeedItem, labels: Mapping[str, str]) -> str:
    """e.g. "17 articles, 13 independent outlets, languages: en, pl"."""
    parts = []
    if item.articles:
        parts.append(f"{item.articles} {labels['article' if item.articles == 1 else 'articles']}")
    if item.independent:
        word = labels["independent" if item.independent == 1 else "independents"]
        parts.append(f"{item.independent} {word}")
    if item.languages:
        parts.append(labels["languages"] + ", ".join(item.languages))
    return ", ".join(parts)


def _first_sentence(item: FeedItem) -> str:
    return item.summary[0].text if item.summary else ""


# --- writing the documents ---


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element whose text and attributes are cleaned (ElementTree escapes but does
    not remove the characters XML forbids)."""
    child = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        child.text = clean(text)
    return child


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def _self_url(url: str) -> str:
    checked = web_url(url)
    if not checked:
        raise ValueError(f"self_url must be an absolute http(s) address: {url!r}")
    return checked


def _rfc3339(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rfc822(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


def _atom_entry(feed: ET.Element, site: FeedSite, item: FeedItem) -> None:
    permalink = story_permalink(site, item.story_id)
    entry = _sub(feed, "entry")
    _sub(entry, "id", permalink)
    _sub(entry, "title", item.title, type="text")
    _sub(entry, "link", rel="alternate", type="text/html", href=permalink)
    if item.source.url:
        _sub(entry, "link", rel="related", type="text/html", href=item.source.url,
             title=item.source.outlet)  # fmt: skip
    _sub(entry, "published", _rfc3339(item.published))
    _sub(entry, "updated", _rfc3339(item.updated))
    if item.summary:
        _sub(entry, "summary", _first_sentence(item), type="text")
    _sub(entry, "content", _content_html(site, item), type="html")
    for tag in item.tags:
        _sub(entry, "category", term=tag)


def _rss_item(channel: ET.Element, site: FeedSite, item: FeedItem) -> None:
    permalink = story_permalink(site, item.story_id)
    node = _sub(channel, "item")
    _sub(node, "title", item.title)
    _sub(node, "link", permalink)
    _sub(node, "guid", permalink, isPermaLink="true")
    _sub(node, "pubDate", _rfc822(item.published))
    # RSS has no "updated": Atom's element says when this version of the story was built
    _sub(node, "atom:updated", _rfc3339(item.updated))
    _sub(node, "description", _content_html(site, item))
    for tag in item.tags:
        _sub(node, "category", tag)


def _json_item(site: FeedSite, item: FeedItem) -> dict[str, Any]:
    permalink = story_permalink(site, item.story_id)
    out: dict[str, Any] = {"id": permalink, "url": permalink}
    if item.source.url:
        out["external_url"] = item.source.url
    out["title"] = item.title
    out["content_html"] = _content_html(site, item)
    if item.summary:
        out["summary"] = _first_sentence(item)
    if item.image:
        out["image"] = item.image.url
    out["date_published"] = _rfc3339(item.published)
    out["date_modified"] = _rfc3339(item.updated)
    if item.tags:
        out["tags"] = list(item.tags)
    out["language"] = site.lang
    return out
