"""The error tree: operational failures raise these; bad content becomes a status on a record.

AlauneError
├── InputError          a file or argument given by the user cannot be used
│   └── OPMLError       an OPML document is malformed
├── SourceNotFound      no source matches what the user named
├── StoreError          the database cannot be opened or migrated
└── FetchError          an HTTP fetch failed; ``reason`` says why (a ``Reason``)
"""

from __future__ import annotations

from alaune.drops import Reason


class AlauneError(Exception):
    """Base of every error alaune raises on purpose."""


class InputError(AlauneError):
    """A file or argument given by the user cannot be used."""


class OPMLError(InputError):
    """An OPML document is malformed or holds no feeds."""


class SourceNotFound(AlauneError):
    """No stored source matches the given URL or id."""


class StoreError(AlauneError):
    """The database cannot be opened, read or migrated."""


class FetchError(AlauneError):
    """An HTTP fetch failed.

    ``reason`` (``timeout``, ``http_404``, ``too_large``, ...) ends up in drop counters;
    ``retry_after`` is set (seconds) when the server asked us to come back later.
    """

    def __init__(
        self,
        reason: Reason,
        message: str,
        *,
        url: str = "",
        status_code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.url = url
        self.status_code = status_code
        self.retry_after = retry_after
