"""The security pieces of `alaune serve`, as small pure functions with no web framework in sight.

`alaune serve` shows the edition to anyone who can reach it and lets whoever holds the admin
token add and remove sources. That makes four things worth guarding, each kept here so it can be
read and tested on its own, while the app only wires them in:

- **SSRF**: "add a source" makes the server fetch a URL a browser typed in. Without a check, that
  URL could be the cloud metadata service, the router's admin page or a database on localhost.
  `check_public_url` refuses any URL whose host is, or resolves to, a non-public address, in all
  the spellings that reach one (``127.1``, ``0x7f000001``, ``[::ffff:127.0.0.1]``, ...).
- **Who is admin**: `admin_token` (from the environment or a file created once, 0600),
  `token_matches`, and `sign` / `unsign` for the cookie that remembers a browser gave the token.
- **CSRF**: `Csrf` issues stateless HMAC tokens bound to that cookie and to a time, for the forms.
- **What the pages show**: `clean_html` keeps a small allow-list of markup from sources,
  `plain_text_url` keeps only http(s) hrefs, and `security_headers` is the CSP and friends that
  make a missed escape much less useful to an attacker.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import re
import secrets
import socket
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import nh3

from alaune.config import ALLOW_PRIVATE_ENV

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

ADMIN_TOKEN_ENV = "ALAUNE_ADMIN_TOKEN"
SECRET_KEY_ENV = "ALAUNE_SECRET_KEY"
MIN_SECRET_CHARS = 16

# --------------------------------------------------------------------------------------------
# SSRF: which addresses a source may live at
# --------------------------------------------------------------------------------------------


class UnsafeAddress(ValueError):
    """A URL refused as a source; the message says what, why, and how to allow it if one can."""


class Unresolvable(UnsafeAddress):
    """The URL's host has no address now (a DNS failure, which may pass)."""


_PORTS = {"http": 80, "https": 443}

# Ranges that are never "the public internet", with the words a refusal uses for them. Listed
# explicitly rather than left to `ipaddress.is_global`, whose answers changed between Python
# patch releases (3.11.7 calls 192.0.0.8, 224.0.0.1 and 3fff::1 global, for instance).
_V4_BLOCKED: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "an unspecified ('this network') address"),
    ("10.0.0.0/8", "a private address"),
    ("100.64.0.0/10", "a carrier-grade NAT address"),
    ("127.0.0.0/8", "a loopback address"),
    ("169.254.0.0/16", "a link-local address (where cloud metadata services live)"),
    ("172.16.0.0/12", "a private address"),
    ("192.0.0.0/24", "an IETF protocol address"),
    ("192.0.2.0/24", "a documentation address"),
    ("192.88.99.0/24", "a 6to4 relay address"),
    ("192.168.0.0/16", "a private address"),
    ("198.18.0.0/15", "a benchmarking address"),
    ("198.51.100.0/24", "a documentation address"),
    ("203.0.113.0/24", "a documentation address"),
    ("224.0.0.0/4", "a multicast address"),
    ("240.0.0.0/4", "a reserved or broadcast address"),
)
_V6_BLOCKED: tuple[tuple[str, str], ...] = (
    ("::/128", "an unspecified address"),
    ("::1/128", "a loopback address"),
    ("::/96", "an IPv4-compatible IPv6 address (deprecated)"),
    ("64:ff9b:1::/48", "a local NAT64 address"),
    ("100::/64", "a discard-only address"),
    ("2001::/23", "an IETF protocol address"),
    ("2001:db8::/32", "a documentation address"),
    ("3fff::/20", "a documentation address"),
    ("5f00::/16", "a segment-routing address"),
    ("fc00::/7", "a private (unique local) address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a site-local address (deprecated)"),
    ("ff00::/8", "a multicast address"),
)
_BLOCKED: dict[int, tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...]] = {
    4: tuple((ipaddress.IPv4Network(net), why) for net, why in _V4_BLOCKED),
    6: tuple((ipaddress.IPv6Network(net), why) for net, why in _V6_BLOCKED),
}
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

# A host name is letters, digits, dots, hyphens (and the underscores some real hosts use). Anything
# else (a backslash, a percent sign, a space) is where URL parsers disagree on the host, so a check
# made with one parser would not hold for the fetch made with another.
_HOST_CHARS = re.compile(r"[a-z0-9_.-]+")
# WHATWG's rule: a host whose last label is a number is an IPv4 address, in any of inet_aton's
# spellings (decimal, octal with a leading 0, hex with 0x, with 1 to 4 parts), never a DNS name.
_NUMERIC_LABEL = re.compile(r"0x[0-9a-f]*|[0-9]+")


def _embedded_v4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address] | None:
    """The IPv4 addresses an IPv6 address reaches through a translation, or None."""
    if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d, what a dual-stack socket connects to as v4
        return [ip.ipv4_mapped]
    if ip in _NAT64:  # 64:ff9b::a.b.c.d, the well-known NAT64 prefix
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.sixtofour is not None:  # 2002:aabb:ccdd::/48, 6to4
        return [ip.sixtofour]
    if ip.teredo is not None:  # 2001:0::/32, server and (de-obfuscated) client
        return list(ip.teredo)
    return None


def _why_not_public(ip: IPAddress) -> str | None:
    """None for a public address, else the words saying what kind of address it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_v4(ip)
        if embedded is not None:
            for v4 in embedded:
                why = _why_not_public(v4)
                if why is not None:
                    return f"an IPv6 address embedding {v4}, {why}"
            return None
    for net, why in _BLOCKED[ip.version]:
        if ip in net:
            return why
    if ip.is_multicast or ip.is_reserved or not ip.is_global:
        return "not a publicly routable address"
    return None


def _parse_ip(addr: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(addr.strip().strip("[]"))
    except ValueError:
        return None


def is_public_address(addr: str) -> bool:
    """True when ``addr`` (an IPv4 or IPv6 address as text) is on the public internet."""
    return why_not_public(addr) is None


def why_not_public(addr: str) -> str | None:
    """None when ``addr`` (an IP address as text) is public, else what kind of address it is."""
    ip = _parse_ip(addr)
    return "not an IP address" if ip is None else _why_not_public(ip)


def _inet_aton(host: str) -> ipaddress.IPv4Address | None:
    """``host`` as inet_aton reads it (``127.1``, ``0x7f.1``, ``0177.0.0.1``, ``2130706433``).

    None when it is not a number at all, UnsafeAddress when it is one that inet_aton refuses:
    the fetch's resolver might then read it another way, so no reading of it is trusted.
    """
    labels = host.split(".")
    if not _NUMERIC_LABEL.fullmatch(labels[-1]):
        return None
    numbers = [_aton_part(label) for label in labels]
    if len(labels) > 4 or None in numbers:
        raise UnsafeAddress(f"{host!r} looks like a numeric IP address but is not a valid one")
    *head, last = [n for n in numbers if n is not None]
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        raise UnsafeAddress(f"{host!r} looks like a numeric IP address but is out of range")
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _aton_part(label: str) -> int | None:
    if label.startswith("0x"):
        return int(label[2:] or "0", 16) if re.fullmatch(r"[0-9a-f]*", label[2:]) else None
    if re.fullmatch(r"0[0-7]*", label):
        return int(label, 8)
    return int(label) if re.fullmatch(r"[1-9][0-9]*", label) else None


def _default_resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _normalised_host(host: str, shown: str) -> str:
    """The host as the fetch will look it up: ASCII (IDNA, as `canonical_url` does), no final dot.

    Python's IDNA codec also folds look-alikes (full-width ``ｌｏｃａｌｈｏｓｔ``) to ASCII, so
    those meet the same checks as their plain spelling.
    """
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError as exc:
        raise UnsafeAddress(f"refused {shown}: the host name is not valid") from exc
    ascii_host = ascii_host.lower().rstrip(".")
    if not ascii_host:
        raise UnsafeAddress(f"refused {shown}: the URL has no host")
    return ascii_host


def _literal_ip(host: str, shown: str) -> IPAddress | None:
    """The address a host spells directly (IPv6 literal or any IPv4 spelling), or None."""
    if ":" in host:
        ip = _parse_ip(host)
        if ip is None:
            raise UnsafeAddress(f"refused {shown}: {host!r} is not a valid IPv6 address")
        return ip
    if not _HOST_CHARS.fullmatch(host):
        raise UnsafeAddress(f"refused {shown}: the host name has characters a host cannot have")
    try:
        return _inet_aton(host)
    except UnsafeAddress as exc:
        raise UnsafeAddress(f"refused {shown}: {exc}") from exc


def _split_source_url(url: str, shown: str) -> tuple[str, int]:
    """The raw host and port of an http(s) URL without credentials; UnsafeAddress otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # a bad port or a malformed [IPv6] literal
        raise UnsafeAddress(f"refused {shown}: it is not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in _PORTS:
        raise UnsafeAddress(f"refused {shown}: only http:// and https:// sources can be added")
    if parts.username is not None or parts.password is not None:
        # Credentials would be stored with the source and shown on its page; refused whatever
        # the setting says.
        raise UnsafeAddress(f"refused {shown}: the URL carries a user name or password")
    return parts.hostname or "", port or _PORTS[scheme]


def _resolved(host: str, port: int, resolve: Resolver, shown: str) -> list[IPAddress]:
    try:
        found = resolve(host, port)
    except (OSError, UnicodeError) as exc:  # socket.gaierror is an OSError
        raise Unresolvable(f"refused {shown}: {host!r} could not be resolved ({exc})") from exc
    addresses = [_parse_ip(addr) for addr in found]
    if not addresses:
        raise Unresolvable(f"refused {shown}: {host!r} could not be resolved (no address)")
    if None in addresses:
        raise UnsafeAddress(f"refused {shown}: {host!r} resolved to something not an address")
    return [ip for ip in addresses if ip is not None]


def _is_localhost_name(host: str) -> bool:
    # RFC 6761: "localhost" and every name under it are loopback, whatever a resolver says
    return host == "localhost" or host.endswith(".localhost")


def _refusal(shown: str, subject: str, why: str) -> UnsafeAddress:
    return UnsafeAddress(
        f"refused {shown}: {subject} is {why}. A source must be on the public internet; "
        f"to allow sources on private networks, start the server with {ALLOW_PRIVATE_ENV}=1."
    )


def _subject(host: str, ip: IPAddress, literal: bool) -> str:
    """How a refusal names the address: as written in the URL, or as the name resolved to."""
    if not literal:
        return f"{host!r}, which resolves to {ip},"
    return f"the address {ip}" + ("" if str(ip) == host else f" (written {host!r})")


def check_public_url(
    url: str, *, allow_private: bool = False, resolve: Resolver | None = None
) -> str:
    """``url`` (stripped) when it is safe to fetch as a source; raises UnsafeAddress otherwise.

    Safe means http(s), no credentials, and a host that is (or resolves to, every address of
    it) a public address. ``allow_private`` (``ALAUNE_ALLOW_PRIVATE_SOURCES=1``) lifts the
    address check, for a LAN where the feeds live on private hosts; the URL must still be
    http(s) and resolve. ``resolve(host, port)`` returns address strings (default: getaddrinfo).

    This checks the URL when it is added. The fetch resolves the host again later, and may be
    redirected, so a fetcher that must be airtight calls this again on each hop (DNS rebinding).
    """
    url = url.strip()
    shown = repr(url[:200])
    raw_host, port = _split_source_url(url, shown)
    host = _normalised_host(raw_host, shown)
    literal = _literal_ip(host, shown)
    if literal is None and not allow_private and _is_localhost_name(host):
        raise _refusal(shown, repr(host), "a loopback name")
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        addresses = _resolved(host, port, resolve or _default_resolve, shown)
    if not allow_private:
        for ip in addresses:
            why = _why_not_public(ip)
            if why is not None:
                raise _refusal(shown, _subject(host, ip, literal is not None), why)
    return url


def private_addresses(url: str, *, resolve: Resolver | None = None) -> list[tuple[str, str]]:
    """The addresses ``url``'s host is or resolves to that are not public: (address, why) pairs,
    empty when every one is public. The HTTP fetcher asks this of each redirect target.

    Same reading of the host as `check_public_url` (every IPv4 spelling, IDNA, a loopback name
    whatever a resolver says of it); UnsafeAddress (Unresolvable for a DNS failure) when the URL
    cannot be read or its host resolved.
    """
    url = url.strip()
    shown = repr(url[:200])
    raw_host, port = _split_source_url(url, shown)
    host = _normalised_host(raw_host, shown)
    literal = _literal_ip(host, shown)
    if literal is not None:
        addresses = [literal]
    else:
        addresses = _resolved(host, port, resolve or _default_resolve, shown)
    if literal is None and _is_localhost_name(host):
        return [(str(ip), "a loopback name") for ip in addresses]
    found = ((str(ip), _why_not_public(ip)) for ip in addresses)
    return [(ip, why) for ip, why in found if why is not None]


# --------------------------------------------------------------------------------------------
# Admin token, secret key, signed values, CSRF
# --------------------------------------------------------------------------------------------


def _stored_secret(path: Path, make: Callable[[], str]) -> str:
    """The secret in ``path``, created (0600) with ``make()`` the first time.

    The value is written to a private temporary file and hard-linked into place: the link
    either appears with the whole value or fails because another process won the race, and
    then that process's value is read. So two servers starting at once agree on one secret.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(make() + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process got there first: its value is the one
        finally:
            os.unlink(tmp)
    value = path.read_text(encoding="utf-8").strip()
    if len(value) < MIN_SECRET_CHARS:
        raise ValueError(f"{path} holds too short a secret; delete it to have a new one made")
    return value


def _from_env(env: Mapping[str, str], name: str) -> str | None:
    """The stripped value of ``$name``; None when unset or blank (then the stored one is used)."""
    value = env.get(name, "").strip()
    if not value:
        return None
    if len(value) < MIN_SECRET_CHARS:
        raise ValueError(
            f"${name} must be at least {MIN_SECRET_CHARS} characters long (it has {len(value)}); "
            f"unset it to use a random one stored in the data directory"
        )
    return value


def admin_token(data_dir: Path, env: Mapping[str, str] = os.environ) -> str:
    """The admin token: ``$ALAUNE_ADMIN_TOKEN``, else a random one kept in data_dir/admin-token."""
    from_env = _from_env(env, ADMIN_TOKEN_ENV)
    if from_env is not None:
        return from_env
    return _stored_secret(data_dir / "admin-token", lambda: secrets.token_urlsafe(32))


def secret_key(data_dir: Path, env: Mapping[str, str] = os.environ) -> bytes:
    """The key that signs cookies and CSRF tokens: ``$ALAUNE_SECRET_KEY``, else data_dir/secret-key.

    The stored key is 32 random bytes, kept as URL-safe base64 text so the file can be read and
    copied; the text itself is the key (HMAC takes a key of any length).
    """
    from_env = _from_env(env, SECRET_KEY_ENV)
    if from_env is None:
        from_env = _stored_secret(data_dir / "secret-key", lambda: secrets.token_urlsafe(32))
    return from_env.encode("utf-8")


def token_matches(given: str | None, expected: str) -> bool:
    """Whether ``given`` is the admin token, compared in constant time; False when missing."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _mac(secret: bytes, purpose: str, message: str) -> str:
    """URL-safe HMAC-SHA256 of ``message``, keyed for one ``purpose``.

    The purpose keeps a CSRF token from ever passing as a cookie signature, or the reverse,
    though both are made with the same secret.
    """
    digest = hmac.new(secret, f"{purpose}|{message}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _mac_ok(given: str, expected: str) -> bool:
    # bytes, because compare_digest refuses non-ASCII str (a forged token may hold anything)
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("ascii"))


_TIMESTAMP = re.compile(r"[0-9]{1,12}")
# Tolerated when a timestamp is ahead of the clock (the clock stepped back a little).
_CLOCK_SKEW_S = 60


def _fresh(ts: str, max_age_s: int, now: float) -> bool:
    if not _TIMESTAMP.fullmatch(ts):
        return False
    age = now - int(ts)
    return -_CLOCK_SKEW_S <= age <= max_age_s


def sign(secret: bytes, value: str, *, now: float | None = None) -> str:
    """``value.timestamp.mac``: a value (e.g. for a cookie) that `unsign` can trust later."""
    ts = str(int(time.time() if now is None else now))
    return f"{value}.{ts}.{_mac(secret, 'sign', f'{value}|{ts}')}"


def unsign(
    secret: bytes, signed: str | None, max_age_s: int, now: float | None = None
) -> str | None:
    """The value `sign` signed, or None when ``signed`` is missing, tampered, old or malformed."""
    if not signed:
        return None
    parts = signed.rsplit(".", 2)
    if len(parts) != 3:
        return None
    value, ts, mac = parts
    if not _fresh(ts, max_age_s, time.time() if now is None else now):
        return None
    return value if _mac_ok(mac, _mac(secret, "sign", f"{value}|{ts}")) else None


class Csrf:
    """Stateless CSRF tokens for the admin forms: ``timestamp.mac`` bound to a session value.

    The session value is what the browser already holds (the signed admin cookie), so a token
    copied from one browser is worthless in another, and a cross-site page, which can neither
    read the cookie nor the form, cannot make one.
    """

    def __init__(
        self, secret: bytes, max_age_s: int = 4 * 3600, now: Callable[[], float] = time.time
    ) -> None:
        if not secret:
            raise ValueError("the CSRF secret must not be empty")
        self._secret = secret
        self._max_age_s = max_age_s
        self._now = now

    def issue(self, session: str) -> str:
        """A token for a form shown to the browser holding ``session``."""
        ts = str(int(self._now()))
        return f"{ts}.{_mac(self._secret, 'csrf', f'{session}|{ts}')}"

    def valid(self, token: str | None, session: str) -> bool:
        """Whether ``token`` was issued for ``session`` and is not older than ``max_age_s``."""
        if not token or "." not in token:
            return False
        ts, mac = token.split(".", 1)
        if not _fresh(ts, self._max_age_s, self._now()):
            return False
        return _mac_ok(mac, _mac(self._secret, "csrf", f"{session}|{ts}"))


# --------------------------------------------------------------------------------------------
# What pages show: HTML from sources, hrefs, headers
# --------------------------------------------------------------------------------------------

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


_NONCE = re.compile(r"[A-Za-z0-9+/_=-]+")


def _csp(nonce: str | None) -> str:
    script = "script-src 'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    directives: Iterable[str] = (
        "default-src 'none'",
        "style-src 'self'",
        # Images come from sources' own servers, some still on plain HTTP.
        "img-src 'self' https: http:",
        script,
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
    return "; ".join(directives)


def security_headers(*, nonce: str | None = None) -> dict[str, str]:
    """The headers every response carries; ``nonce`` allows the inline scripts that carry it.

    No Strict-Transport-Security: the server often runs on plain HTTP on a LAN or behind a
    proxy that terminates TLS, and HSTS sent from a name later served over HTTP locks browsers
    out of it for its max-age. The TLS proxy, which knows, is the place to add it.
    """
    if nonce is not None and not _NONCE.fullmatch(nonce):
        raise ValueError("a CSP nonce is base64 text")  # else it could inject into the header
    return {
        "Content-Security-Policy": _csp(nonce),
        "X-Content-Type-Options": "nosniff",
        # "same-origin": the server's own pages get a full Referer, other sites get none. A
        # reader's clicks to news sites then don't tell them where the reader reads (often a
        # private LAN name), and admin URLs never leak; unlike "no-referrer", same-origin form
        # posts keep their real Origin header, should the app want to check it.
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
