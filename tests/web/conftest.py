"""A small store for the web tests (original Arabic articles, a syndicated copy, hostile stored text and
a raw response with a script in it) and a Flask test client over it, read-only like ``akhbar serve``.

``backend`` runs a test on SQLite and on PostgreSQL (a schema of its own, dropped afterwards; skipped
when the server does not answer, failing in CI); ``sqlite_client`` is SQLite only.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from crawler import stats as keys
from crawler.extraction.dedupe import body_hash
from crawler.items import Article, RawCapture
from crawler.listings.feedhealth import FeedState
from crawler.sources import Source
from crawler.store import open_store
from crawler.store.runs import RunRecord, SourceRun
from crawler.web import WebOptions, create_app
from tests.pg import postgres_schema

HOSTILE = "<script>alert('x')</script>"
SOURCES = (
    Source("sada", "Sada", "صدى الوادي", "https://sada.example/", (), "EG", "ar", "Africa/Cairo"),
    Source("marsad", "Marsad", "المرصد", "https://marsad.example/", (), "LB", "ar", "Asia/Beirut"),
    Source("khabar", "Khabar", "خبر اليوم", "https://khabar.example/", (), "MA", "ar", "Africa/Casablanca"),
)
SHARED_BODY = (
    "قالت وزارة الزراعة إن موسم قطف الزيتون بدأ مبكراً هذا العام بسبب ارتفاع درجات الحرارة.\n\n"
    "وأضافت أن المزارعين يتوقعون محصولاً أقل من العام الماضي، وأن الأسعار قد ترتفع في الأسواق المحلية."
)


def _article(n: int, source: Source, headline: str, body: str, **changes: object) -> Article:
    fields: dict[str, object] = {
        "url": f"{source.homepage}news/{n}",
        "headline": headline,
        "body": body,
        "language": "ar",
        "published_at": f"2026-11-{n:02d}T10:15:00+02:00",
        "source_id": source.id,
        "source_name": source.name,
        "source_name_ar": source.name_ar,
        "fetched_at": f"2026-11-{n:02d}T09:00:00+00:00",
        "body_hash": body_hash(body),
    }
    return Article(**(fields | changes))  # type: ignore[arg-type]


ARTICLES = (
    _article(
        1,
        SOURCES[0],
        "الحكومة تعلن خطة لإصلاح شبكة المياه في الأحياء القديمة",
        "أعلنت الحكومة خطة لإصلاح شبكة المياه في الأحياء القديمة خلال عامين.\n\n"
        "وقال المتحدث باسم الوزارة إن الأشغال تبدأ الشهر المقبل.\n\nالمصدر: صدى الوادي",
        summary="خطة على مرحلتين تشمل ثلاثين حياً.",
        highlights=["تبدأ الأشغال الشهر المقبل", "الكلفة مئة مليون"],
        authors=["سلمى الراشد"],
        credits=["وكالات"],
        tags=["المياه", "البنية التحتية"],
        raw=RawCapture(
            "https://sada.example/news/1",
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            b"<html><body><script>document.title='pwned'</script><p>\xd9\x85\xd9\x8a\xd8\xa7\xd9\x87</p></body></html>",
        ),
    ),
    _article(2, SOURCES[1], "موسم الزيتون يبدأ مبكراً", SHARED_BODY, published_at="2026-11-02T08:00:00+02:00"),
    _article(3, SOURCES[2], "موسم الزيتون يبدأ مبكراً في الجنوب", SHARED_BODY, published_at="2026-11-03"),
    _article(
        4,
        SOURCES[1],
        HOSTILE,
        f"فقرة فيها نص عدائي {HOSTILE} وصورة <img src=x onerror=alert(1)> لا يجب تنفيذها.",
        authors=[f"<b>{HOSTILE}</b>"],
        url="javascript:alert(1)",
        language="fa",
    ),
)
FEEDS = (
    FeedState("https://sada.example/rss", "sada", last_status="ok", last_success_at="2026-11-05T10:00:00+00:00"),
    FeedState(
        "https://marsad.example/rss",
        "marsad",
        last_status="http_404",
        consecutive_failures=12,
        disabled_reason="http_404 twelve times",
        disabled_at="2026-11-04T10:00:00+00:00",
    ),
)


def recent_run() -> RunRecord:
    """A crawl of an hour ago in the run history: marsad failed with a hostile error text, sada stored 3."""
    start = datetime.now(UTC) - timedelta(hours=1)
    return RunRecord(
        id="run-1",
        started_at=start.isoformat(timespec="seconds"),
        finished_at=(start + timedelta(seconds=42)).isoformat(timespec="seconds"),
        finish_reason="finished",
        exit_code=3,
        version="test",
        totals={"seconds": 42.0},
        sources=(
            SourceRun("sada", "ok", {keys.PAGES_REQUESTED: 4, keys.STORED: 3, keys.NOT_ARTICLE: 1}),
            SourceRun("marsad", "FAILED", {keys.FEEDS_FAILED: 1}, f"http_500 {HOSTILE}"),
        ),
    )


def fill(uri: str) -> dict[str, int]:
    """Store the test articles, feed states and one recorded run at ``uri``; the articles' ids by URL."""
    with open_store(uri) as store:
        ids = {a.url: store.upsert(a).id for a in ARTICLES}
        for state in FEEDS:
            store.save_feed_state(state)
        store.record_run(recent_run())
    return ids


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_uri(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'web.db'}"
        return
    with postgres_schema() as uri:
        yield uri


def make_client(uri: str, warc_dir: Path | None = None) -> FlaskClient:
    return create_app(WebOptions(uri, SOURCES, warc_dir)).test_client()


@pytest.fixture
def client(store_uri: str) -> FlaskClient:
    fill(store_uri)
    return make_client(store_uri)


@pytest.fixture
def sqlite_uri(tmp_path: Path) -> str:
    uri = f"sqlite:///{tmp_path / 'web.db'}"
    fill(uri)
    return uri


@pytest.fixture
def sqlite_client(sqlite_uri: str) -> FlaskClient:
    return make_client(sqlite_uri)
