"""Which addresses alaune may fetch from: the address policy that both the fetcher and the web
app's "add a source" apply (SSRF refusal).

"Add a source" makes the server fetch a URL a browser typed in, and a feed's server may redirect
or link anywhere. Without a check, that URL could be the cloud metadata service, the router's
admin page or a database on localhost. `check_public_url` refuses any URL whose host is, or
resolves to, a non-public address, in all the spellings that reach one (``127.1``,
``0x7f000001``, ``[::ffff:127.0.0.1]``, ...); `private_addresses` and `why_not_public` are what
the HTTP fetcher asks of each redirect and of each address it connected to.

A bottom-layer module: it imports nothing of alaune but the config, so `ingest` and `web` both
use it without depending on each other.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

from alaune.config import ALLOW_PRIVATE_ENV

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


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


def one_spelling(addr: str | None) -> str | None:
    """``addr`` in one spelling, so that ``::ffff:127.0.0.1`` is ``127.0.0.1``."""
    try:
        ip = ipaddress.ip_address(addr or "")
    except ValueError:
        return addr
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ip)
