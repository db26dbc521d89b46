"""Who is admin in `alaune serve`, and the tokens its forms carry, as small pure functions.

Whoever holds the admin token may add and remove sources:

- `admin_token` (from the environment or a file created once, 0600) and `token_matches`;
- `secret_key`, and `sign` / `unsign` for the cookie that remembers a browser gave the token;
- `Csrf`, stateless HMAC tokens bound to that cookie and to a time, for the forms.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

ADMIN_TOKEN_ENV = "ALAUNE_ADMIN_TOKEN"
SECRET_KEY_ENV = "ALAUNE_SECRET_KEY"
MIN_SECRET_CHARS = 16


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
