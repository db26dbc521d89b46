"""Content-Encoding decoding: correct in small pieces, bounded on bombs."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest

from alaune.errors import FetchError
from alaune.ingest.decoding import BodyDecoder
from alaune.ingest.fetch import parse_retry_after

DATA = b"Un article, encore un article. " * 5000


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", gzip.compress(DATA)),
        ("deflate", zlib.compress(DATA)),
        ("deflate", zlib.compress(DATA)[2:-4]),  # raw deflate, as many servers send it
        ("br", brotli.compress(DATA)),
        ("identity", DATA),
        ("", DATA),
    ],
)
def test_decodes_in_pieces(encoding: str, body: bytes) -> None:
    decoder = BodyDecoder(encoding, len(DATA))
    pieces = [decoder.feed(body[i : i + 997]) for i in range(0, len(body), 997)]
    assert b"".join(pieces) + decoder.finish() == DATA


@pytest.mark.parametrize("compress", [gzip.compress, brotli.compress])
def test_bomb_stops_at_the_limit(compress: object) -> None:
    bomb = compress(b"\0" * 30_000_000)  # type: ignore[operator]
    decoder = BodyDecoder("gzip" if compress is gzip.compress else "br", 1_000_000)
    with pytest.raises(FetchError) as err:
        decoder.feed(bomb)
    assert err.value.reason == "decompression_bomb"
    # Decoding stops within one output block past the limit (brotli's blocks run a little over
    # the 64 KiB asked for), never anywhere near the 30 MB the bomb holds.
    assert decoder.size <= 1_000_000 + 2 * (1 << 16)


def test_too_large_plain_and_bad_encodings() -> None:
    with pytest.raises(FetchError, match="larger than") as err:
        BodyDecoder("", 10).feed(b"x" * 11)
    assert err.value.reason == "too_large"
    with pytest.raises(FetchError) as err:
        BodyDecoder("gzip", 100).feed(b"not gzip at all")
    assert err.value.reason == "bad_encoding"
    with pytest.raises(FetchError) as err:
        BodyDecoder("compress", 100)
    assert err.value.reason == "bad_encoding"


def test_retry_after() -> None:
    assert parse_retry_after("120", 3600) == 120
    assert parse_retry_after("999999", 3600) == 3600
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 3600) == 0
    assert parse_retry_after("soon", 3600) is None
    assert parse_retry_after(None, 3600) is None
