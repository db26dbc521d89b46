"""The security pieces of `alaune serve`: SSRF refusal (alaune.net), admin token, CSRF, signing
(alaune.web.auth), HTML (alaune.web.sanitize), headers (alaune.web.headers).

No test touches the real DNS or the network: every lookup goes through a fake resolver.
"""

from __future__ import annotations

import socket
import stat
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alaune.net import UnsafeAddress, check_public_url, is_public_address
from alaune.web.auth import Csrf, admin_token, secret_key, sign, token_matches, unsign
from alaune.web.headers import security_headers
from alaune.web.sanitize import clean_html, plain_text_url

# --------------------------------------------------------------------------------------------
# SSRF
# --------------------------------------------------------------------------------------------

PUBLIC_V4 = "93.184.216.34"
FAKE_DNS: dict[str, list[str]] = {
    "example.com": [PUBLIC_V4, "2606:2800:220:1:248:1893:25c8:1946"],
    "news.example.org": ["151.101.1.69"],
    "mixed.example": [PUBLIC_V4, "10.0.0.7"],
    "intranet.example": ["192.168.1.10"],
    "corp.example": ["172.20.3.4"],
    "ula.example": ["fd12:3456:789a::1"],
    "linklocal6.example": ["fe80::1%eth0"],
    "metadata.example": ["169.254.169.254"],
    "cgnat.example": ["100.64.0.1"],
    "zero.example": ["0.0.0.0"],
    "mapped.example": ["::ffff:10.0.0.1"],
    "rebind.example": ["127.0.0.1"],
    "localhost": ["127.0.0.1", "::1"],
    "empty.example": [],
    "garbage.example": ["not-an-address"],
}


class FakeResolver:
    """Answers from FAKE_DNS, records what it was asked, and fails like getaddrinfo otherwise."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append((host, port))
        if host not in FAKE_DNS:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(FAKE_DNS[host])


def refusal(url: str, *, allow_private: bool = False) -> str:
    with pytest.raises(UnsafeAddress) as caught:
        check_public_url(url, allow_private=allow_private, resolve=FakeResolver())
    return str(caught.value)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        # loopback, in all its spellings
        ("http://127.0.0.1/", "loopback"),
        ("http://127.1/", "loopback"),
        ("http://0x7f000001/", "loopback"),
        ("http://2130706433/", "loopback"),
        ("http://0x7f.1/", "loopback"),
        ("http://0177.0.0.1/", "loopback"),
        ("http://127.0.0.1.:8080/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "embedding 127.0.0.1"),
        ("http://[::ffff:7f00:1]/", "embedding 127.0.0.1"),
        ("http://[0:0:0:0:0:ffff:127.0.0.1]/", "embedding 127.0.0.1"),
        ("http://[::127.0.0.1]/", "IPv4-compatible"),
        ("http://[2002:7f00:1::]/", "embedding 127.0.0.1"),  # 6to4
        ("http://[2002:c0a8:101::1]/", "embedding 192.168.1.1"),  # 6to4
        ("http://[64:ff9b::a00:1]/", "embedding 10.0.0.1"),  # NAT64
        ("http://localhost/", "loopback name"),
        ("http://localhost./", "loopback name"),
        ("http://LOCALHOST/", "loopback name"),
        ("http://foo.localhost/", "loopback name"),
        ("http://ｌｏｃａｌｈｏｓｔ/", "loopback name"),  # full-width letters fold to ASCII
        ("http://rebind.example/", "loopback"),
        # private
        ("http://10.1.2.3/", "private"),
        ("http://172.16.0.1/", "private"),
        ("http://172.31.255.255/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://[fd00::1]/", "private"),
        ("http://intranet.example/feed.xml", "private"),
        ("http://corp.example/", "private"),
        ("http://ula.example/", "private"),
        ("http://mapped.example/", "embedding 10.0.0.1"),
        ("http://mixed.example/", "which resolves to 10.0.0.7"),  # one bad address is enough
        # link-local and the cloud metadata service
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://metadata.example/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[fe80::1%25eth0]/", "link-local"),
        ("http://linklocal6.example/", "link-local"),
        # unspecified
        ("http://0.0.0.0/", "unspecified"),
        ("http://0/", "unspecified"),
        ("http://[::]/", "unspecified"),
        ("http://zero.example/", "unspecified"),
        # the rest of the non-public ranges
        ("http://224.0.0.1/", "multicast"),
        ("http://[ff02::1]/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://255.255.255.255/", "broadcast"),
        ("http://100.64.0.1/", "carrier-grade NAT"),
        ("http://cgnat.example/", "carrier-grade NAT"),
        ("http://192.0.2.1/", "documentation"),
        ("http://198.51.100.7/", "documentation"),
        ("http://203.0.113.9/", "documentation"),
        ("http://[2001:db8::1]/", "documentation"),
        ("http://198.18.0.1/", "benchmarking"),
        ("http://192.0.0.8/", "IETF protocol"),
    ],
)
def test_non_public_addresses_are_refused(url: str, why: str) -> None:
    message = refusal(url)
    assert why in message
    assert "ALAUNE_ALLOW_PRIVATE_SOURCES=1" in message
    assert url[:40] in message  # says what was refused


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://example.com/", "only http:// and https://"),
        ("file:///etc/passwd", "only http:// and https://"),
        ("javascript:alert(1)", "only http:// and https://"),
        ("gopher://example.com:70/", "only http:// and https://"),
        ("example.com/feed", "only http:// and https://"),
        ("http://user:pw@example.com/", "user name or password"),
        ("http://user@example.com/", "user name or password"),
        ("http://example.com\\@127.0.0.1/", "user name or password"),
        ("http:///feed", "no host"),
        ("http://[::1/", "not a valid URL"),
        ("http://example.com:99999/", "not a valid URL"),
        ("http://exa%6dple.com/", "characters a host cannot have"),
        ("http://1.2.3.4.5/", "not a valid one"),
        ("http://08.0.0.1/", "not a valid one"),
        ("http://1.2.3.0x1g/", "could not be resolved"),  # not a number: a name
        ("http://256.1.1.1/", "out of range"),
        ("http://1.2.65536/", "out of range"),
        ("http://4294967296/", "out of range"),
        ("http://nowhere.invalid/", "could not be resolved"),
        ("http://empty.example/", "could not be resolved"),
        ("http://garbage.example/", "not an address"),
        ("http://" + "a" * 70 + ".example/", "could not be resolved"),
    ],
)
def test_malformed_and_unresolvable_urls_are_refused(url: str, why: str) -> None:
    assert why in refusal(url)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/",
        "http://user:pw@example.com/",
        "http://nowhere.invalid/",
        "http://1.2.3.4.5/",
    ],
)
def test_allow_private_still_needs_http_without_credentials_that_resolves(url: str) -> None:
    message = refusal(url, allow_private=True)
    assert "ALAUNE_ALLOW_PRIVATE_SOURCES" not in message  # the setting would not help


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/feed.xml",
        "https://news.example.org/rss?x=1",
        "https://EXAMPLE.com./",
        "http://8.8.8.8/",
        "http://8.8.2056/",  # inet_aton's 8.8.8.8
        "http://[2606:4700:4700::1111]/",
        "http://[2002:808:808::1]/",  # 6to4 embedding a public address
    ],
)
def test_public_urls_are_accepted(url: str) -> None:
    assert check_public_url(url, resolve=FakeResolver()) == url


def test_accepted_url_is_stripped_and_the_name_resolved_with_the_right_port() -> None:
    resolver = FakeResolver()
    assert (
        check_public_url("  https://example.com/a  ", resolve=resolver) == "https://example.com/a"
    )
    check_public_url("http://example.com:8080/", resolve=resolver)
    check_public_url("http://example.com/", resolve=resolver)
    assert resolver.asked == [("example.com", 443), ("example.com", 8080), ("example.com", 80)]


def test_ip_literals_are_not_looked_up() -> None:
    resolver = FakeResolver()
    check_public_url("http://8.8.8.8/", resolve=resolver)
    refusal_message = refusal("http://0x7f000001/")
    assert resolver.asked == []
    assert "written '0x7f000001'" in refusal_message


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8080/feed",
        "http://127.1/",
        "http://[::1]/",
        "http://intranet.example/feed.xml",
        "http://mixed.example/",
        "http://169.254.169.254/",
        "http://foo.localhost/",  # not refused by name; resolved like any other
    ],
)
def test_allow_private_accepts_private_hosts(url: str) -> None:
    FAKE_DNS_WITH_SUB = {**FAKE_DNS, "foo.localhost": ["127.0.0.1"]}

    def resolve(host: str, port: int) -> list[str]:
        return FAKE_DNS_WITH_SUB[host]

    assert check_public_url(url, allow_private=True, resolve=resolve) == url
    with pytest.raises(UnsafeAddress):
        check_public_url(url, resolve=resolve)


@pytest.mark.parametrize("spelling", ["127.1", "0x7f.1", "0177.0.0.1", "2130706433", "0x7f000001",
                                      "10.0x10.1", "192.168.257", "012.1", "0xA.0.0.1", "127.0.0.01"])  # fmt: skip
def test_numeric_hosts_are_read_as_inet_aton_reads_them(spelling: str) -> None:
    expected = socket.inet_ntoa(socket.inet_aton(spelling))
    assert f"the address {expected} (written {spelling.lower()!r})" in refusal(
        f"http://{spelling}/"
    )


def test_default_resolver_collects_every_address(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[object, ...]] = []

    def fake_getaddrinfo(*args: object, **kwargs: object) -> list[tuple[object, ...]]:
        asked.append((*args, kwargs))
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC_V4, 443)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("fd00::5", 443, 0, 0)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(UnsafeAddress, match="which resolves to fd00::5"):
        check_public_url("https://example.com/")  # the default resolver
    assert asked == [("example.com", 443, {"type": socket.SOCK_STREAM})]


def test_default_resolver_failure_is_could_not_be_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: object, **kwargs: object) -> list[tuple[object, ...]]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", failing)
    with pytest.raises(UnsafeAddress, match="could not be resolved"):
        check_public_url("https://example.com/")


@pytest.mark.parametrize(
    ("addr", "public"),
    [
        ("8.8.8.8", True),
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("2002:808:808::", True),
        ("::ffff:8.8.8.8", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("100.100.100.100", False),
        ("169.254.169.254", False),
        ("::", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff0e::1", False),
        ("3fff::1", False),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo, client 192.0.2.45
        ("[::1]", False),
        ("not an address", False),
        ("", False),
    ],
)
def test_is_public_address(addr: str, public: bool) -> None:
    assert is_public_address(addr) is public


@given(st.text(max_size=80))
def test_check_public_url_only_raises_unsafe_address(tail: str) -> None:
    for url in (tail, "http://" + tail, "https://example.com/" + tail):
        try:
            accepted = check_public_url(url, resolve=lambda host, port: [PUBLIC_V4])
        except UnsafeAddress:
            continue
        assert accepted.lower().startswith(("http://", "https://"))


# --------------------------------------------------------------------------------------------
# Admin token and secret key
# --------------------------------------------------------------------------------------------


def test_admin_token_from_env_is_used_stripped_and_not_stored(tmp_path: Path) -> None:
    env = {"ALAUNE_ADMIN_TOKEN": "  correct-horse-battery-staple \n"}
    assert admin_token(tmp_path, env) == "correct-horse-battery-staple"
    assert not (tmp_path / "admin-token").exists()


def test_short_admin_token_from_env_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 16 characters"):
        admin_token(tmp_path, {"ALAUNE_ADMIN_TOKEN": "hunter2"})


def test_admin_token_file_created_once_private_and_stable(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"  # made when missing
    first = admin_token(data_dir, {"ALAUNE_ADMIN_TOKEN": "  "})  # blank: as if unset
    path = data_dir / "admin-token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 40 and first == first.strip()
    assert path.read_text().strip() == first
    assert admin_token(data_dir, {}) == first
    assert sorted(p.name for p in data_dir.iterdir()) == ["admin-token"]  # no temporary left


def test_admin_token_file_written_by_hand_is_used(tmp_path: Path) -> None:
    (tmp_path / "admin-token").write_text("my-own-long-admin-token\n")
    assert admin_token(tmp_path, {}) == "my-own-long-admin-token"


def test_short_admin_token_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "admin-token").write_text("\n")
    with pytest.raises(ValueError, match="delete it"):
        admin_token(tmp_path, {})


def test_concurrent_first_use_agrees_on_one_token(tmp_path: Path) -> None:
    threads_n = 16
    barrier = threading.Barrier(threads_n)
    results: list[str] = []
    errors: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            results.append(admin_token(tmp_path, {}))
        except BaseException as exc:  # collected and failed below, not lost in a thread
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == threads_n and len(set(results)) == 1
    assert (tmp_path / "admin-token").read_text().strip() == results[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["admin-token"]


def test_secret_key_from_env_and_from_file(tmp_path: Path) -> None:
    assert secret_key(tmp_path, {"ALAUNE_SECRET_KEY": "k" * 20}) == b"k" * 20
    with pytest.raises(ValueError, match="ALAUNE_SECRET_KEY"):
        secret_key(tmp_path, {"ALAUNE_SECRET_KEY": "short"})
    stored = secret_key(tmp_path, {})
    assert len(stored) >= 32
    assert secret_key(tmp_path, {}) == stored
    assert stat.S_IMODE((tmp_path / "secret-key").stat().st_mode) == 0o600
    assert stored != admin_token(tmp_path, {}).encode()


@pytest.mark.parametrize(
    ("given", "expected", "ok"),
    [
        ("s3cret-token-0123456789", "s3cret-token-0123456789", True),
        ("s3cret-token-0123456780", "s3cret-token-0123456789", False),
        ("s3cret", "s3cret-token-0123456789", False),
        (None, "s3cret-token-0123456789", False),
        ("", "s3cret-token-0123456789", False),
        ("", "", False),
        ("jeton-élevé", "s3cret-token-0123456789", False),  # non-ASCII does not raise
    ],
)
def test_token_matches(given: str | None, expected: str, ok: bool) -> None:
    assert token_matches(given, expected) is ok


# --------------------------------------------------------------------------------------------
# CSRF and signed values
# --------------------------------------------------------------------------------------------

SECRET = b"0123456789abcdef0123456789abcdef"


class Clock:
    def __init__(self, t: float = 1_750_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_csrf_token_is_valid_for_its_session_until_it_expires() -> None:
    clock = Clock()
    csrf = Csrf(SECRET, max_age_s=3600, now=clock)
    token = csrf.issue("session-a")
    assert csrf.valid(token, "session-a")
    clock.t += 3600
    assert csrf.valid(token, "session-a")
    clock.t += 1
    assert not csrf.valid(token, "session-a")


def test_csrf_token_is_bound_to_session_and_secret() -> None:
    clock = Clock()
    token = Csrf(SECRET, now=clock).issue("session-a")
    assert not Csrf(SECRET, now=clock).valid(token, "session-b")
    assert not Csrf(SECRET, now=clock).valid(token, "")
    assert not Csrf(b"another secret of some length!!", now=clock).valid(token, "session-a")


def test_tampered_csrf_token_is_refused() -> None:
    clock = Clock()
    csrf = Csrf(SECRET, now=clock)
    token = csrf.issue("s")
    ts, mac = token.split(".")
    flipped = mac[:-1] + ("A" if mac[-1] != "A" else "B")
    assert not csrf.valid(f"{ts}.{flipped}", "s")
    assert not csrf.valid(f"{int(ts) + 10}.{mac}", "s")  # a later timestamp to outlive max_age
    assert not csrf.valid(f"{ts}.{mac}x", "s")
    assert not csrf.valid(token.upper(), "s")


def test_csrf_token_from_the_future_is_refused() -> None:
    clock = Clock()
    csrf = Csrf(SECRET, now=clock)
    token = csrf.issue("s")
    clock.t -= 3600  # issued an hour "later" than now
    assert not csrf.valid(token, "s")


@pytest.mark.parametrize(
    "token",
    [None, "", ".", "abc", "1750000000", "1750000000.", ".abc", "x.y", "１２３.abc", "-1.abc"],
)
def test_malformed_csrf_tokens_are_refused(token: str | None) -> None:
    assert not Csrf(SECRET, now=Clock()).valid(token, "s")


def test_csrf_tokens_and_signatures_are_not_interchangeable() -> None:
    clock = Clock()
    csrf = Csrf(SECRET, now=clock)
    ts, mac = csrf.issue("admin").split(".")
    assert unsign(SECRET, f"admin.{ts}.{mac}", 3600, now=clock.t) is None
    value, ts2, mac2 = sign(SECRET, "admin", now=clock.t).split(".")
    assert not csrf.valid(f"{ts2}.{mac2}", value)


def test_csrf_needs_a_secret() -> None:
    with pytest.raises(ValueError):
        Csrf(b"")


@given(st.text(), st.text())
def test_arbitrary_strings_are_never_valid_csrf_tokens(token: str, session: str) -> None:
    assert not Csrf(SECRET, now=Clock()).valid(token, session)


def test_sign_unsign_round_trip() -> None:
    now = 1_750_000_000.0
    for value in ("admin", "a.b.c", "", "élevé|x"):
        assert unsign(SECRET, sign(SECRET, value, now=now), 3600, now=now + 10) == value
    assert unsign(SECRET, sign(SECRET, "admin"), 3600) == "admin"  # real clock both sides


def test_unsign_refuses_tampered_expired_and_malformed() -> None:
    now = 1_750_000_000.0
    signed = sign(SECRET, "admin", now=now)
    value, ts, mac = signed.split(".")
    assert unsign(SECRET, f"root.{ts}.{mac}", 3600, now=now) is None
    assert unsign(SECRET, f"{value}.{int(ts) + 1}.{mac}", 3600, now=now) is None
    assert unsign(SECRET, f"{value}.{ts}.{mac[::-1]}", 3600, now=now) is None
    assert unsign(b"another secret of some length!!", signed, 3600, now=now) is None
    assert unsign(SECRET, signed, 3600, now=now + 3601) is None
    assert unsign(SECRET, signed, 3600, now=now + 3600) == "admin"
    for bad in (None, "", "admin", "admin.123", "admin.x.y", f"admin..{mac}"):
        assert unsign(SECRET, bad, 3600, now=now) is None


@given(st.text())
def test_arbitrary_strings_never_unsign(signed: str) -> None:
    assert unsign(SECRET, signed, 3600, now=1_750_000_000.0) is None


# --------------------------------------------------------------------------------------------
# HTML from sources, hrefs, headers
# --------------------------------------------------------------------------------------------


class _Attributes(HTMLParser):
    """Every tag and attribute of a cleaned fragment, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((name, value or "") for name, value in attrs)


def parsed(html: str) -> _Attributes:
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser


def test_script_and_style_go_with_their_content() -> None:
    out = clean_html("<p>before<script>alert('x')</script><style>p{color:red}</style>after</p>")
    assert out == "<p>beforeafter</p>"


def test_javascript_and_data_urls_are_removed() -> None:
    out = clean_html('<a href="javascript:alert(1)">click</a><img src="data:image/png;base64,AA">')
    assert "javascript" not in out and "data:" not in out
    assert "click" in out


def test_event_handlers_are_removed() -> None:
    out = clean_html('<img src="https://e.example/i.png" onerror="alert(1)" alt="pic">')
    assert "onerror" not in out and "alert" not in out
    assert 'src="https://e.example/i.png"' in out and 'alt="pic"' in out


def test_allowed_markup_is_kept() -> None:
    fragment = (
        '<p><em>a</em> <strong>b</strong> <abbr title="x">c</abbr> <time datetime="2024-01-01">'
        "d</time><br></p><ul><li>e</li></ul><blockquote><q>f</q> <cite>g</cite></blockquote>"
        "<figure><figcaption>h<sub>1</sub><sup>2</sup></figcaption></figure>"
    )
    assert clean_html(fragment) == fragment


def test_links_keep_http_href_and_get_rel() -> None:
    out = clean_html('<a href="https://e.example/a" title="t" target="_blank" rel="opener">x</a>')
    assert out == (
        '<a href="https://e.example/a" title="t" rel="noopener noreferrer nofollow">x</a>'
    )


def test_relative_urls_comments_and_unknown_tags_go() -> None:
    out = clean_html('<div class="c"><!-- note --><a href="/admin/sources">x</a>'
                     '<img src="//cdn.example/i.png"><iframe src="https://e.example/">inner</iframe>'
                     "text</div>")  # fmt: skip
    assert out == '<a rel="noopener noreferrer nofollow">x</a><img>text'


_HTML_PIECES = st.sampled_from(
    ["<script>", "</script>", "<SCRIPT ", "<scr", "ipt>", "<a href=", "<img src=", "<svg>",
     "<style>", "<!--", "-->", '"', "'", ">", "<", "javascript:", "JaVaScRiPt:", "java\tscript:",
     "data:text/html,", "&#106;avascript:", " onerror=", "https://e.example/", "<p>", "</p>",
     "<noscript>", "<template>", "&lt;script&gt;", "\x00"]
)  # fmt: skip


@given(st.lists(st.one_of(_HTML_PIECES, st.text(max_size=10)), max_size=30).map("".join))
def test_cleaned_html_has_no_script_and_no_dangerous_url(fragment: str) -> None:
    out = clean_html(fragment)
    assert "<script" not in out.lower()
    page = parsed(out)
    assert "script" not in page.tags
    for name, value in page.attrs:
        assert not name.startswith("on")
        if name in ("href", "src"):
            assert value.lower().startswith(("http://", "https://")), value
        assert "javascript:" not in value.lower() or value.lower().startswith("http")


@given(st.text())
def test_arbitrary_text_never_yields_a_script_tag(text: str) -> None:
    assert "<script" not in clean_html(text).lower()


@given(st.text())
def test_text_in_an_href_never_yields_a_javascript_link(text: str) -> None:
    out = clean_html(f'<a href="{text}">x</a><img src="{text}">')
    for name, value in parsed(out).attrs:
        if name in ("href", "src"):
            assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://e.example/a?b=1", "https://e.example/a?b=1"),
        ("  HTTP://e.example/  ", "HTTP://e.example/"),
        (None, None),
        ("", None),
        ("javascript:alert(1)", None),
        ("\tjavascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:x", None),
        ("/relative/path", None),
        ("//e.example/protocol-relative", None),
        ("https://", None),
        ("https://e.example/a b", None),
        ("https://e.example/\njavascript:x", None),
        ("http://[::1", None),
    ],
)
def test_plain_text_url(url: str | None, kept: str | None) -> None:
    assert plain_text_url(url) == kept


@given(st.text())
def test_plain_text_url_only_returns_http_urls(url: str) -> None:
    out = plain_text_url(url)
    assert out is None or out.lower().startswith(("http://", "https://"))


def test_security_headers() -> None:
    headers = security_headers()
    csp = [d.strip() for d in headers["Content-Security-Policy"].split(";")]
    for directive in (
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self' https: http:",
        "script-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "connect-src 'self'",
    ):
        assert directive in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer",
                                          "strict-origin-when-cross-origin")  # fmt: skip
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers
    assert "unsafe-inline" not in headers["Content-Security-Policy"]


def test_security_headers_with_nonce() -> None:
    csp = security_headers(nonce="abc123+/=")["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-abc123+/='" in csp
    with pytest.raises(ValueError):
        security_headers(nonce="x'; script-src *")
