"""What pages show of a source's markup and links: `clean_html` keeps a small allow-list of
markup, `plain_text_url` keeps only http(s) hrefs. The security headers (`alaune.web.headers`)
make a missed escape much less useful to an attacker.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3

_SAFE_SCHEMES = frozenset({"http", "https"})

# Markup a caption or a summary may keep.
_TAGS = frozenset(
    {"p", "br", "a", "em", "strong", "i", "b", "ul", "ol", "li", "blockquote", "q", "cite"}
    | {"figure", "figcaption", "img", "span", "sub", "sup", "abbr", "time"}
)
# Gone with everything inside: code, and containers whose content reads as garbage once their
# tags are stripped (a <noscript> image fallback would otherwise show as escaped markup).
_DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "svg", "math", "textarea"}
    | {"select", "title"}
)

_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags=_DROPPED_WITH_CONTENT,
    attributes={
        "a": {"href", "title"},
        "img": {"src", "alt", "width", "height"},
        "abbr": {"title"},
        "time": {"datetime"},
    },
    url_schemes=set(_SAFE_SCHEMES),
    # A relative URL from a source would point into this server: <img src="/admin/...">
    # would make the admin's own browser send a request. Only absolute http(s) URLs stay.
    url_relative="deny",
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def clean_html(fragment: str) -> str:
    """``fragment`` with only a small allow-list of tags and attributes, and http(s) URLs, left."""
    return _CLEANER.clean(fragment)


def plain_text_url(url: str | None) -> str | None:
    """``url`` (stripped) if it is an absolute http(s) URL, else None (for hrefs from sources)."""
    if url is None:
        return None
    url = url.strip()
    # urlsplit silently drops tabs and newlines that a browser would also drop; any control
    # character or space is refused instead, so what is checked is what ends up in the href.
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in _SAFE_SCHEMES and parts.hostname else None
