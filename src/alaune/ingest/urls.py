"""URL canonicalisation: one article, one URL, whichever feed or crawl it came through."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only say how a reader arrived, never which page it is. ("feed", "rss",
# "src" are left alone: WordPress and others name their feeds with them, ?feed=rss2.)
_TRACKING = re.compile(
    r"^(utm_\w+|at_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|cmp|xtor|ito|"
    r"ns_mchannel|ns_source|ns_campaign|ns_linkname|ns_fee|_ga|igshid|smid|smtyp|"
    r"ref|ref_src|taid|mbid|__twitter_impression)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_BYTES = "surrogateescape"


def canonical_url(url: str, base: str | None = None) -> str:
    """Normalise ``url`` so that equal pages compare equal.

    Lower-cases scheme and host, drops default ports, fragments and tracking parameters, sorts
    the remaining query. Raises ``ValueError`` for anything that is not an absolute http(s) URL.
    """
    url = url.strip()
    if base and not urlsplit(url).scheme:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"not an http(s) URL: {url[:200]!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError(f"URL without a host: {url[:200]!r}")
    try:
        # lower-cased after IDNA too: the codec leaves the ASCII labels of a mixed name as they
        # are ("ª.A" gave "a.A", and a second pass "a.a")
        host = (host.encode("idna").decode("ascii") if not host.isascii() else host).lower()
    except UnicodeError as exc:
        raise ValueError(f"URL with an invalid host name: {url[:200]!r}") from exc
    netloc = host
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]"
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"URL with an invalid port: {url[:200]!r}") from exc
    if port and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    # Escapes are decoded and made again, so that "%7e" and "~" compare equal. A "%" that is
    # left after decoding is escaped ("%2541" is "%41", not "A", or a second pass would differ),
    # and bytes that are not UTF-8 keep their escape (an old Latin-1 "caf%E9" is not "caf\ufffd",
    # which is another page): surrogateescape carries them through.
    path = quote(unquote(parts.path, errors=_BYTES), safe="/:@!$&'()*+,;=-._~", errors=_BYTES)
    pairs = parse_qsl(parts.query, keep_blank_values=True, errors=_BYTES)
    query = sorted((k, v) for k, v in pairs if not _TRACKING.match(k))
    return urlunsplit((scheme, netloc, path or "/", urlencode(query, errors=_BYTES), ""))


def host_of(url: str) -> str:
    """The host a URL points to, lower-cased (the key of per-host politeness)."""
    return (urlsplit(url).hostname or "").lower()
