"""Content-Encoding decoding (gzip, deflate, brotli) whose output is bounded: a bomb stops at
the limit, and a body too large on the wire stops there too."""

from __future__ import annotations

import zlib
from typing import Any

import brotli

from alaune.drops import Reason
from alaune.errors import FetchError


class BodyDecoder:
    """Content-Encoding decoding whose output is bounded, so a bomb stops at the limit."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.raw = 0
        self.encoding = encoding
        # The bytes on the wire are bounded too. Deflate and brotli never shrink data by more
        # than a few bytes a block, so a compressed body over the limit (and a little slack)
        # inflates to more than the limit; and without this bound, bytes sent after the end of
        # a compressed stream would be read until the timeout, piling up in zlib.
        encoded = encoding not in ("", "identity")
        self.raw_limit = limit + limit // 64 if encoded else limit
        self._z: Any = None
        self._br: Any = None
        self._deflate_pending = False
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 32)
        elif encoding == "deflate":
            # RFC 9110 says zlib-wrapped, but many servers send raw deflate; wbits 47 does not
            # cover raw streams, so those are told apart by their first byte (0x78 = zlib).
            self._z = None
            self._deflate_pending = True
        elif encoding == "br":
            self._br = brotli.Decompressor()
        elif encoding not in ("", "identity"):
            raise FetchError(Reason.BAD_ENCODING, f"unsupported Content-Encoding {encoding!r}")

    def _grow(self, chunk: bytes) -> bytes:
        self.size += len(chunk)
        if self.size > self.limit:
            plain = self.encoding in ("", "identity")
            kind = Reason.TOO_LARGE if plain else Reason.DECOMPRESSION_BOMB
            raise FetchError(kind, f"body larger than {self.limit} bytes after decoding")
        return chunk

    def feed(self, data: bytes) -> bytes:
        self.raw += len(data)
        if self.raw > self.raw_limit:
            raise FetchError(
                Reason.TOO_LARGE, f"body larger than {self.raw_limit} bytes on the wire"
            )
        if (self._z is not None and self._z.eof) or (
            self._br is not None and self._br.is_finished()
        ):
            return b""  # after the end of the compressed stream: ignored, not kept
        if self._deflate_pending and data:
            self._deflate_pending = False
            self._z = zlib.decompressobj(zlib.MAX_WBITS if data[0] == 0x78 else -zlib.MAX_WBITS)
        try:
            if self._z is not None:
                out = [self._grow(self._z.decompress(data, 1 << 16))]
                while self._z.unconsumed_tail:
                    out.append(self._grow(self._z.decompress(self._z.unconsumed_tail, 1 << 16)))
                return b"".join(out)
            if self._br is not None:
                # brotli hands out at most the limit per call, even when it says it can take
                # more input: drain it until it has nothing left for this input.
                out = [self._grow(self._br.process(data, output_buffer_limit=1 << 16))]
                while more := self._br.process(b"", output_buffer_limit=1 << 16):
                    out.append(self._grow(more))
                return b"".join(out)
        except (zlib.error, brotli.error) as exc:
            raise FetchError(Reason.BAD_ENCODING, f"corrupt {self.encoding} body: {exc}") from exc
        return self._grow(data)

    def finish(self) -> bytes:
        """Whatever the decompressor still holds at the end of the body."""
        if self._z is not None:
            try:
                return self._grow(self._z.flush())
            except zlib.error as exc:
                raise FetchError(
                    Reason.BAD_ENCODING, f"corrupt {self.encoding} body: {exc}"
                ) from exc
        return b""
