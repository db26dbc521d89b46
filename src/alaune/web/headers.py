"""The headers every response of `alaune serve` carries: the CSP and friends that make a missed
escape much less useful to an attacker."""

from __future__ import annotations

import re
from collections.abc import Iterable

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
