"""Who published a report and from which country: shared by the ranking and the telling."""

from __future__ import annotations

from urllib.parse import urlsplit

from alaune.model import Member


def outlet_key(member: Member) -> str:
    """Who published a report: its outlet's name, else its web site (several feeds of one
    outlet, "Guardian world" and "Guardian UK", are one outlet)."""
    if member.outlet:
        return " ".join(member.outlet.casefold().split())
    host = (urlsplit(member.url).hostname or member.url).casefold()
    return host.removeprefix("www.")


# Country code top-level domains that are used as generic names, not as countries.
_GENERIC_TLDS = {"co", "io", "tv", "me", "ai", "fm", "ly", "cc", "to", "ws", "gg", "eu"}


def country_of(member: Member) -> str | None:
    """The outlet's country: from its source, else from a country web domain (.pl, .co.uk)."""
    if member.country:
        return member.country.upper()
    host = urlsplit(member.url).hostname or ""
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) == 2 and tld.isalpha() and tld not in _GENERIC_TLDS:
        return "GB" if tld == "uk" else tld.upper()
    return None
