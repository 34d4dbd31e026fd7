"""A hostile outlet on 127.0.0.1: one path per misbehaviour, written byte by byte over raw sockets.

``http.server`` cannot lie about ``Content-Length``, reset a connection mid-body, trickle a byte a
second or stream a body it never holds, so this server speaks HTTP/1.1 by hand: one thread per
connection, one request per connection (``Connection: close``). Every request path is recorded in
``requests`` and every byte of body written is counted per path in ``sent``, so tests can check what
the crawler asked for and when it hung up. Bodies of megabytes are generated in chunks as they are
written, never built whole.

Misbehaving article pages are listed by feeds of their own on the same server (``/feeds/page-*.xml``),
so each misbehaviour can be one source of one crawl. Article text is original Arabic written for
these tests.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from html import escape
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import Self

# Longest request head we read, and how long a client may take to send it.
_MAX_HEAD = 64 * 1024
_HEAD_TIMEOUT = 10.0
# How often waiting handlers look whether the client left or the server is stopping.
_POLL = 0.2
_CHUNK = 64 * 1024

# --- Paths ----------------------------------------------------------------------------------------
# Feeds that misbehave.
GOOD_FEED = "/feeds/good.xml"
MALFORMED_FEED = "/feeds/malformed.xml"
HTML_AT_FEED = "/feeds/html"
EMPTY_FEED = "/feeds/empty"
MISLABELLED_FEED = "/feeds/mislabelled.xml"  # windows-1256 bytes, declared UTF-8 (header and XML)
BIG_FEED = "/feeds/big.xml"
LINKS_FEED = "/feeds/links.xml"
REPEATED_FEED = "/feeds/repeated.xml"
# XML attacks.
LAUGHS_FEED = "/xml/laughs.xml"  # billion laughs, one declaration a line (the textbook form)
LAUGHS_ONE_LINE_FEED = "/xml/laughs-one-line.xml"  # the same on the XML declaration's line
XXE_FEED = "/xml/xxe.xml"
# Transport.
REDIRECT_CHAIN = "/redirect/1"  # 301 → 302 → 307 → CHAIN_FEED
CHAIN_FEED = "/feeds/chain.xml"
REDIRECT_LOOP = "/redirect/loop-a"
# 302 to ``redirects[path]``: set them to another server's ELSEWHERE_FEED.
REDIRECT_ELSEWHERE = "/redirect/elsewhere"  # meant for another port of 127.0.0.1
REDIRECT_PRIVATE = "/redirect/private"  # meant for a private address the sources file does not name
ELSEWHERE_FEED = "/feeds/elsewhere.xml"
STATUS_404 = "/status/404"
STATUS_410 = "/status/410"
STATUS_500 = "/status/500"
BUSY_429_ONCE = "/busy/429-once"  # 429 with Retry-After: 1, then a feed
BUSY_503_FOREVER = "/busy/503-forever"  # 503 with Retry-After: 3600, always
SILENT = "/silent"  # reads the request, never answers
HANG_UP = "/hang-up"  # reads the request, closes without a word
NOT_HTTP = "/not-http"  # answers something that is not HTTP
TRICKLE = "/trickle"  # one byte a second
HUGE_DECLARED = "/huge/declared"  # Content-Length of 500 MB
HUGE_STREAMED = "/huge/streamed"  # 500 MB without a Content-Length, ended by closing
GZIP_BOMB = "/gzip-bomb"  # 1 GiB of zeros, gzip-compressed to ~1 MB
LONG_LENGTH = "/length/long"  # Content-Length longer than the body, then close
SHORT_LENGTH = "/length/short"  # Content-Length shorter than the body
RESET = "/reset"  # half the body, then RST
# Article pages, each listed by ``page_feed(name)``.
PDF_PAGE = "/pages/report.pdf"
PNG_PAGE = "/pages/photo.png"
DISGUISED_PNG_PAGE = "/pages/photo.html"  # the PNG again, served as text/html
NESTED_PAGE = "/pages/nested.html"  # ~11 MB: a million nested <div>s
SLOW_PAGE = "/pages/slow.html"  # ~13 MB of paragraphs: seconds of extraction
DUPE_PAGE = "/articles/dupe.html"
DUPE_COPY = "/copies/dupe.html"  # the same page at another address

HUGE_BYTES = 500 * 1024 * 1024
BOMB_BYTES = 1024 * 1024 * 1024
BIG_FEED_ENTRIES = 5000
NESTED_DEPTH = 1_000_000
SLOW_PARAGRAPHS = 40_000
RETRY_AFTER_SOON = 1
RETRY_AFTER_LATER = 3600

# Original Arabic text for the article pages: a headline and an opening paragraph per topic, then
# paragraphs every story shares. Each page also carries its own follow-up number, so no two pages
# have the same body (the crawl drops same-outlet copies as duplicate_content).
TOPICS = (
    (
        "بلدية المدينة تفتتح سوقاً أسبوعية للمزارعين",
        "افتتحت بلدية المدينة صباح اليوم سوقاً جديدة للمزارعين في الساحة القديمة، يعرض فيها أهالي القرى "
        "المجاورة خضارهم وفاكهتهم مباشرة للمشترين من دون وسطاء.",
    ),
    (
        "موسم قطف الزيتون يبدأ مبكراً في القرى الجبلية",
        "بدأ المزارعون في القرى الجبلية قطف الزيتون قبل موعده المعتاد بأسبوعين، بعدما رفعت موجة الحر "
        "الأخيرة نضج الثمار، ويتوقع كثيرون منهم محصولاً أقل من العام الماضي.",
    ),
    (
        "مكتبة الحي تمدد ساعات عملها في أيام الامتحانات",
        "أعلنت إدارة مكتبة الحي أنها ستفتح قاعاتها حتى منتصف الليل طوال فترة الامتحانات، استجابة لطلبات "
        "الطلاب الذين يشكون ضيق بيوتهم وانقطاع الكهرباء في المساء.",
    ),
    (
        "حافلات جديدة تربط الضواحي بوسط العاصمة",
        "دخلت عشرون حافلة جديدة الخدمة على الخطوط التي تربط الضواحي الشرقية بوسط العاصمة، في خطوة تقول "
        "هيئة النقل إنها ستختصر وقت الانتظار في المحطات إلى النصف.",
    ),
)
SHARED_PARAGRAPHS = (
    "وقال مسؤول في البلدية إن الخطة أُعدّت بعد استشارة السكان في اجتماعات مفتوحة عُقدت خلال الشهرين "
    "الماضيين، وإن الملاحظات التي جُمعت فيها ستُنشر كاملة على موقع البلدية.",
    "ورحب عدد من الأهالي بالخطوة، مؤكدين أنها تخفف عنهم أعباء يومية كثيرة، فيما طالب آخرون بمتابعة "
    "التنفيذ عن قرب حتى لا تبقى الوعود حبراً على ورق كما حدث في مشاريع سابقة.",
)
# A category in the mislabelled feed: must come out in Arabic, not as «ÔÄæä».
MISLABELLED_CATEGORY = "شؤون بلدية"

Handler = Callable[["Exchange"], None]


def article_number(slug: str) -> int:
    """The follow-up number of the page ``slug``: stable, and in practice distinct per slug."""
    return zlib.crc32(slug.encode())


def article_page(slug: str) -> bytes:
    """An ordinary article page: publication time, headline, four paragraphs (no lead, no byline)."""
    number = article_number(slug)
    headline, opening = TOPICS[number % len(TOPICS)]
    paragraphs = (opening, *SHARED_PARAGRAPHS, f"وهذه المتابعة رقم {number} في سلسلة تقارير الصحيفة عن شؤون المدينة.")
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{escape(headline)}</title>"
        '<meta property="article:published_time" content="2026-11-28T09:00:00+02:00"></head>'
        f"<body><article><h1>{escape(headline)}</h1>{body}</article></body></html>"
    ).encode()


def rss(items: Iterable[str], *, prolog: str = "\n", encoding: str = "utf-8") -> str:
    """An RSS 2.0 document around ``items`` (already XML); ``prolog`` goes right after the XML declaration."""
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>{prolog}'
        '<rss version="2.0"><channel><title>منفذ معادٍ</title><link>http://127.0.0.1/</link>'
        f"{''.join(items)}</channel></rss>"
    )


def rss_item(link: str | None, title: str = "خبر", extra: str = "") -> str:
    link_xml = f"<link>{escape(link)}</link>" if link is not None else ""
    return f"<item><title>{title}</title>{link_xml}<pubDate>Sat, 28 Nov 2026 07:00:00 GMT</pubDate>{extra}</item>"


def page_feed(name: str) -> str:
    """The path of the feed listing the page(s) of one case: pdf, png, disguised, nested, slow, dupe."""
    return f"/feeds/page-{name}.xml"


class Exchange:
    """One request on one connection, and the means to answer it (or not) byte by byte."""

    def __init__(self, server: HostileServer, sock: socket.socket, path: str, headers: Mapping[str, str]) -> None:
        self.server = server
        self.sock = sock
        self.path = path
        self.headers = headers

    def head(self, status: int, headers: Mapping[str, str]) -> None:
        """The status line and headers (``Connection: close`` added)."""
        lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}"]
        lines += [f"{name}: {value}" for name, value in {**headers, "Connection": "close"}.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def write(self, data: bytes) -> bool:
        """Send body bytes; ``False`` once the client has hung up."""
        try:
            self.sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            return False
        with self.server.lock:
            self.server.sent[self.path] += len(data)
        return True

    def reply(self, status: int, content_type: str, body: bytes, headers: Mapping[str, str] | None = None) -> None:
        """A whole response with an honest ``Content-Length``."""
        self.head(status, {"Content-Type": content_type, "Content-Length": str(len(body)), **(headers or {})})
        self.write(body)

    def stream(self, content_type: str, chunks: Callable[[], Iterator[bytes]]) -> None:
        """A body written chunk by chunk as generated (its length counted in a first, dry pass)."""
        self.head(200, {"Content-Type": content_type, "Content-Length": str(sum(len(c) for c in chunks()))})
        for chunk in chunks():
            if self.server.stopping.is_set() or not self.write(chunk):
                return

    def redirect(self, status: int, location: str) -> None:
        self.reply(
            status, "text/html; charset=utf-8", b"<a href='%s'>moved</a>" % location.encode(), {"Location": location}
        )

    def wait_for_hangup(self) -> None:
        """Block until the client closes the connection or the server stops."""
        self.sock.settimeout(_POLL)
        while not self.server.stopping.is_set():
            try:
                if not self.sock.recv(4096):
                    return
            except TimeoutError:
                continue
            except OSError:  # reset by the client
                return

    def reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0), not an orderly close."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


class HostileServer:
    """The hostile outlet in a background thread; a context manager with ``base_url`` and ``requests``.

    ``secret_file`` is the file the XXE feed names as an external entity; ``redirects`` maps the
    paths ``REDIRECT_ELSEWHERE`` and ``REDIRECT_PRIVATE`` to the absolute URLs they redirect to.
    """

    def __init__(self, host: str = "127.0.0.1", *, secret_file: Path | None = None) -> None:
        self.secret_file = secret_file
        self.redirects: dict[str, str] = {}
        self.requests: list[str] = []
        self.times: defaultdict[str, list[float]] = defaultdict(list)  # path → time.monotonic() of each request
        self.sent: Counter[str] = Counter()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self._listener = socket.create_server((host, 0), backlog=128)
        self._listener.settimeout(_POLL)
        self.base_url = f"http://{host}:{self._listener.getsockname()[1]}"
        self.routes: dict[str, Handler] = _routes()
        self._thread = threading.Thread(target=self._accept, name="hostile-server", daemon=True)
        self._gzip_bomb: bytes | None = None

    def url(self, path: str) -> str:
        return self.base_url + path

    def fetched(self, path: str) -> int:
        """How many requests asked for ``path`` (query string ignored)."""
        with self.lock:
            return sum(1 for p in self.requests if p.split("?", 1)[0] == path)

    def fetched_under(self, prefix: str) -> int:
        with self.lock:
            return sum(1 for p in self.requests if p.startswith(prefix))

    def gzip_bomb(self) -> bytes:
        """``BOMB_BYTES`` of zeros as one gzip member, built once from a repeated deflate block."""
        with self.lock:
            if self._gzip_bomb is None:
                self._gzip_bomb = _gzip_zeros(BOMB_BYTES)
            return self._gzip_bomb

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _addr = self._listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._serve, args=(conn,), name="hostile-conn", daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            request = _read_head(conn)
            if request is None:
                return
            path, headers = request
            with self.lock:
                self.requests.append(path)
                self.times[path.split("?", 1)[0]].append(time.monotonic())
            handler = self.routes.get(path.split("?", 1)[0], _dynamic)
            handler(Exchange(self, conn, path.split("?", 1)[0], headers))
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the client gave up on us, which is what several paths are for
        finally:
            if conn.fileno() != -1:
                conn.close()


def _read_head(conn: socket.socket) -> tuple[str, dict[str, str]] | None:
    conn.settimeout(_HEAD_TIMEOUT)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk or len(data) > _MAX_HEAD:
            return None
        data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    parts = head[0].split(" ")
    if len(parts) != 3:
        return None
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return parts[1], headers


def _gzip_zeros(size: int) -> bytes:
    """A gzip member of ``size`` zero bytes, without compressing them all.

    After a full flush the deflate state is reset, so every further megabyte of zeros compresses to
    the same bytes: compress two, repeat the second block, and write the trailer (CRC-32, size).
    """
    block = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    repeated = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush(zlib.Z_FINISH)
    count = size // len(block)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + first + repeated * (count - 1) + end + struct.pack("<II", crc, size & 0xFFFFFFFF)


# --- Handlers -------------------------------------------------------------------------------------
_RSS = "application/rss+xml; charset=utf-8"
_HTML = "text/html; charset=utf-8"


def _feed_of(*paths: str) -> Handler:
    """A well-formed feed listing the article pages at ``paths``."""

    def handler(ex: Exchange) -> None:
        items = (rss_item(ex.server.url(p), f"خبر {i}") for i, p in enumerate(paths, 1))
        ex.reply(200, _RSS, rss(items).encode())

    return handler


def _dynamic(ex: Exchange) -> None:
    """``/articles/<slug>.html`` and ``/copies/<slug>.html``: article pages; anything else: 404."""
    for prefix in ("/articles/", "/copies/"):
        if ex.path.startswith(prefix) and ex.path.endswith(".html"):
            ex.reply(200, _HTML, article_page(ex.path.removeprefix(prefix).removesuffix(".html")))
            return
    ex.reply(404, "text/plain; charset=utf-8", b"not found")


def _malformed(ex: Exchange) -> None:
    # An undefined entity and an unclosed <title>: expat gives up, feedparser's loose parser reads on.
    items = (
        rss_item(ex.server.url("/articles/malformed-1.html"), "خبر أول &bogus; عن السوق"),
        "<item><title>خبر ثانٍ بلا إغلاق<link>" + ex.server.url("/articles/malformed-2.html") + "</link></item>",
    )
    ex.reply(200, _RSS, rss(items).encode())


def _html_at_feed(ex: Exchange) -> None:
    page = '<!doctype html><html lang="ar"><head><title>الصفحة الرئيسية</title></head><body><a href="/a">خبر</a></body></html>'
    ex.reply(200, _HTML, page.encode())


def _empty(ex: Exchange) -> None:
    ex.reply(200, "application/rss+xml", b"")


def _mislabelled(ex: Exchange) -> None:
    item = rss_item(
        ex.server.url("/articles/mislabelled.html"),
        "أمطار غزيرة تغلق طرقاً في الريف",
        f"<category>{MISLABELLED_CATEGORY}</category><description>سيول في الوديان وتحذيرات للسائقين</description>",
    )
    ex.reply(200, _RSS, rss([item]).encode("cp1256"))


def _big(ex: Exchange) -> None:
    def chunks() -> Iterator[bytes]:
        head, tail = rss(["<!-- entries -->"]).encode().split(b"<!-- entries -->")
        yield head
        for start in range(0, BIG_FEED_ENTRIES, 500):
            items = (
                rss_item(ex.server.url(f"/articles/big-{i}.html"), f"خبر رقم {i}") for i in range(start, start + 500)
            )
            yield "".join(items).encode()
        yield tail

    ex.stream(_RSS, chunks)


def _links(ex: Exchange) -> None:
    items = (
        rss_item(None, "خبر بلا رابط"),
        rss_item("javascript:alert(1)", "رابط جافاسكربت"),
        rss_item("data:text/html;base64,PHA+2K7YqNixPC9wPg==", "رابط بيانات"),
        rss_item("/articles/relative-root.html", "رابط نسبي من الجذر"),
        rss_item("../articles/relative-up.html", "رابط نسبي من مجلد الخلاصة"),
    )
    ex.reply(200, _RSS, rss(items).encode())


def _repeated(ex: Exchange) -> None:
    link = ex.server.url("/articles/repeated.html")
    ex.reply(200, _RSS, rss([rss_item(link, "خبر مكرر")] * 3).encode())


_LAUGHS_ENTITIES = ['<!ENTITY lol "lol">'] + [
    f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10)
]


def _laughs(separator: str) -> Handler:
    # feedparser strips entity declarations that start a line; on one line they reach expat, whose
    # own limit stops the expansion only after megabytes of text.
    def handler(ex: Exchange) -> None:
        prolog = separator + "<!DOCTYPE rss [" + separator.join(_LAUGHS_ENTITIES) + "]>" + separator
        link = ex.server.url("/articles/laughs.html" if separator == "\n" else "/articles/laughs-one-line.html")
        item = rss_item(link, "&lol9;", "<description>&lol9;</description>")
        ex.reply(200, _RSS, rss([item], prolog=prolog).encode())

    return handler


def _xxe(ex: Exchange) -> None:
    # The DOCTYPE on the XML declaration's line, where feedparser does not strip it.
    secret = ex.server.secret_file.as_uri() if ex.server.secret_file else "file:///etc/passwd"
    prolog = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret}">]>\n'
    item = rss_item(
        ex.server.url("/articles/xxe.html"),
        "عنوان &xxe;",
        "<description>وصف &xxe;</description><category>&xxe;</category><author>&xxe;</author>",
    )
    ex.reply(200, _RSS, rss([item], prolog=prolog).encode())


def _redirect_to(status: int, location: str) -> Handler:
    return lambda ex: ex.redirect(status, location)


def _redirect_away(ex: Exchange) -> None:
    if ex.path in ex.server.redirects:
        ex.redirect(302, ex.server.redirects[ex.path])
    else:
        ex.reply(404, "text/plain", b"no target configured")


def _status(status: int) -> Handler:
    page = f"<html><body><h1>{status}</h1></body></html>".encode()
    return lambda ex: ex.reply(status, _HTML, page)


def _busy_once(ex: Exchange) -> None:
    if ex.server.fetched(BUSY_429_ONCE) == 1:
        ex.reply(429, "text/plain", b"slow down", {"Retry-After": str(RETRY_AFTER_SOON)})
    else:
        _feed_of("/articles/retried.html")(ex)


def _busy_forever(ex: Exchange) -> None:
    ex.reply(503, "text/plain", b"maintenance", {"Retry-After": str(RETRY_AFTER_LATER)})


def _silent(ex: Exchange) -> None:
    ex.wait_for_hangup()


def _hang_up(ex: Exchange) -> None:
    ex.sock.close()


def _not_http(ex: Exchange) -> None:
    ex.write(b"SSH-2.0-OpenSSH_9.6\r\n\r\nProtocol mismatch.\r\n")


def _trickle(ex: Exchange) -> None:
    body = rss([rss_item(ex.server.url("/articles/trickle.html"))]).encode()
    ex.head(200, {"Content-Type": _RSS, "Content-Length": str(len(body))})
    for byte in body:
        if not ex.write(bytes([byte])) or ex.server.stopping.wait(1.0):
            return


def _endless(declared: bool) -> Handler:
    def handler(ex: Exchange) -> None:
        headers = {"Content-Type": _RSS}
        if declared:
            headers["Content-Length"] = str(HUGE_BYTES)
        ex.head(200, headers)
        chunk = b"<!-- " + b"x" * (_CHUNK - 9) + b" -->"
        ex.write(rss([]).encode().split(b"</channel>")[0])
        for _ in range(HUGE_BYTES // _CHUNK):
            if ex.server.stopping.is_set() or not ex.write(chunk):
                return

    return handler


def _gzip_bomb(ex: Exchange) -> None:
    body = ex.server.gzip_bomb()
    ex.reply(200, "application/rss+xml", body, {"Content-Encoding": "gzip"})


def _wrong_length(longer: bool) -> Handler:
    def handler(ex: Exchange) -> None:
        items = [rss_item(ex.server.url(f"/articles/length-{i}.html"), f"خبر {i}") for i in (1, 2)]
        body = rss(items).encode()
        # Longer: promise 5 KB more than we send. Shorter: promise up to the middle of the second item.
        declared = len(body) + 5000 if longer else body.index(b"<item>", body.index(b"</item>")) + 40
        ex.head(200, {"Content-Type": _RSS, "Content-Length": str(declared)})
        ex.write(body)

    return handler


def _reset(ex: Exchange) -> None:
    body = rss([rss_item(ex.server.url("/articles/reset.html"))] * 50).encode()
    ex.head(200, {"Content-Type": _RSS, "Content-Length": str(len(body))})
    ex.write(body[: len(body) // 2])
    ex.reset()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes([200, 30, 30, 40, 160, 90] * 64) for _ in range(128))
    header = struct.pack(">IIBBBBB", 128, 128, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _pdf() -> bytes:
    stream = zlib.compress(bytes(range(256)) * 16)
    objects = (
        b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj",
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj",
        b"3 0 obj <</Length %d /Filter /FlateDecode>> stream\n" % len(stream) + stream + b"\nendstream endobj",
    )
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"\n".join(objects) + b"\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def _page_head(headline: str) -> bytes:
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{headline}</title></head>'
        f"<body><article><h1>{headline}</h1>"
    ).encode()


def _nested(ex: Exchange) -> None:
    per_chunk = _CHUNK // 5

    def chunks() -> Iterator[bytes]:
        yield _page_head("صفحة متداخلة")
        for _ in range(NESTED_DEPTH // per_chunk):
            yield b"<div>" * per_chunk
        yield "".join(f"<p>{p}</p>" for p in SHARED_PARAGRAPHS).encode()
        for _ in range(NESTED_DEPTH // per_chunk):
            yield b"</div>" * per_chunk
        yield b"</article></body></html>"

    ex.stream(_HTML, chunks)


def _slow(ex: Exchange) -> None:
    def chunks() -> Iterator[bytes]:
        yield _page_head("تقرير طويل جداً")
        for start in range(0, SLOW_PARAGRAPHS, 100):
            yield "".join(f"<p>{SHARED_PARAGRAPHS[i % 2]} ({i})</p>" for i in range(start, start + 100)).encode()
        yield b"</article></body></html>"

    ex.stream(_HTML, chunks)


def _binary(content_type: str, make: Callable[[], bytes]) -> Handler:
    return lambda ex: ex.reply(200, content_type, make())


def _routes() -> dict[str, Handler]:
    routes: dict[str, Handler] = {
        "/robots.txt": lambda ex: ex.reply(200, "text/plain", b"User-agent: *\nAllow: /\n"),
        GOOD_FEED: _feed_of("/articles/good-1.html", "/articles/good-2.html"),
        MALFORMED_FEED: _malformed,
        HTML_AT_FEED: _html_at_feed,
        EMPTY_FEED: _empty,
        MISLABELLED_FEED: _mislabelled,
        BIG_FEED: _big,
        LINKS_FEED: _links,
        REPEATED_FEED: _repeated,
        LAUGHS_FEED: _laughs("\n"),
        LAUGHS_ONE_LINE_FEED: _laughs(" "),
        XXE_FEED: _xxe,
        REDIRECT_CHAIN: _redirect_to(301, "/redirect/2"),
        "/redirect/2": _redirect_to(302, "/redirect/3"),
        "/redirect/3": _redirect_to(307, CHAIN_FEED),
        CHAIN_FEED: _feed_of("/articles/chain.html"),
        REDIRECT_LOOP: _redirect_to(302, "/redirect/loop-b"),
        "/redirect/loop-b": _redirect_to(301, REDIRECT_LOOP),
        REDIRECT_ELSEWHERE: _redirect_away,
        REDIRECT_PRIVATE: _redirect_away,
        ELSEWHERE_FEED: _feed_of("/articles/elsewhere.html"),
        STATUS_404: _status(404),
        STATUS_410: _status(410),
        STATUS_500: _status(500),
        BUSY_429_ONCE: _busy_once,
        BUSY_503_FOREVER: _busy_forever,
        SILENT: _silent,
        HANG_UP: _hang_up,
        NOT_HTTP: _not_http,
        TRICKLE: _trickle,
        HUGE_DECLARED: _endless(declared=True),
        HUGE_STREAMED: _endless(declared=False),
        GZIP_BOMB: _gzip_bomb,
        LONG_LENGTH: _wrong_length(longer=True),
        SHORT_LENGTH: _wrong_length(longer=False),
        RESET: _reset,
        PDF_PAGE: _binary("application/pdf", _pdf),
        PNG_PAGE: _binary("image/png", _png),
        DISGUISED_PNG_PAGE: _binary(_HTML, _png),
        NESTED_PAGE: _nested,
        SLOW_PAGE: _slow,
    }
    for name, paths in {
        "pdf": (PDF_PAGE,),
        "png": (PNG_PAGE,),
        "disguised": (DISGUISED_PNG_PAGE,),
        "nested": (NESTED_PAGE,),
        "slow": (SLOW_PAGE, "/articles/after-slow.html"),
        "dupe": (DUPE_PAGE, DUPE_COPY),
    }.items():
        routes[page_feed(name)] = _feed_of(*paths)
    return routes
