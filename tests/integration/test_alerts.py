"""Alerts end to end: a recorded history, then a real crawl of loopback outlets where one stopped
publishing, one's pages are refused, one dates its articles in the future and one's feed gets disabled;
`akhbar alerts` notifies a webhook and an SMTP server on 127.0.0.1 exactly once per alert, and again
only after an alert cleared and came back."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.demo.httpd import RouteServer
from crawler.listings.feedhealth import FeedState
from crawler.store import open_store
from tests.conftest import run_akhbar
from tests.monitor_history import history

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml"
PARAGRAPHS = (
    "أعلنت بلدية المدينة عن خطة لإعادة تأهيل الحدائق العامة في الأحياء الشرقية خلال الأشهر المقبلة، بعد "
    "سنوات من الإهمال الذي طال المساحات الخضراء وملاعب الأطفال.",
    "وقال رئيس البلدية في مؤتمر صحفي إن الأعمال ستبدأ بزراعة الأشجار وتركيب إنارة جديدة، على أن تُستكمل "
    "لاحقاً بتجهيز مسارات للمشي وأماكن للجلوس تناسب كبار السن.",
    "ورحب السكان بالخطة، مطالبين بأن تشمل صيانة دورية حتى لا تعود الحدائق إلى حالها السابقة بعد عام أو عامين.",
)


def _article(title: str, published: str) -> bytes:
    body = "".join(f"<p>{p} {title}.</p>" for p in PARAGRAPHS)
    return (
        f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{published}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def _listing() -> bytes:
    links = "".join(f'<li><a href="/beta/{n}.html">خبر رقم {n} من أخبار المدينة</a></li>' for n in range(40))
    return f'<html lang="ar"><head><title>الأخبار</title></head><body><ul>{links}</ul></body></html>'.encode()


def _feed(base: str, sid: str, items: int, published: datetime) -> bytes:
    entries = "".join(
        f"<item><title>خبر {n} من {sid}</title><link>{base}/{sid}/{n}.html</link>"
        f"<pubDate>{published.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
        for n in range(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{sid}</title>{entries}</channel></rss>'.encode()


class Webhook:
    """A webhook receiver on 127.0.0.1 keeping every JSON message posted to it."""

    def __init__(self) -> None:
        self.messages: list[dict[str, object]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                hook.messages.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hooks/akhbar"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def alerts(self) -> list[tuple[str, str]]:
        return sorted((a["source"], a["rule"]) for m in self.messages for a in m["alerts"])  # type: ignore[attr-defined]


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.httpd.shutdown()


@pytest.fixture
def smtp() -> Iterator[tuple[int, list[bytes]]]:
    from aiosmtpd.controller import Controller

    received: list[bytes] = []

    class Keep:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            received.append(envelope.content)  # type: ignore[attr-defined]
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    yield port, received
    controller.stop()


EXPECTED = [
    ("alpha", "silent"),
    ("alpha", "volume_low"),
    ("beta", "refusals_jump"),
    ("beta", "volume_low"),
    ("delta", "feed_disabled"),
    ("delta", "volume_low"),
    ("gamma", "dates_future"),
]


def _crawl_outlets(tmp_path: Path) -> tuple[Path, Path, int]:
    """The recorded history, then one crawl of the four outlets; the database, sources file, history size."""
    now = datetime.now(UTC)
    with RouteServer() as server:
        base = server.base_url
        server.routes["/alpha/rss.xml"] = (200, RSS, _feed(base, "alpha", 0, now))  # stopped publishing
        server.routes["/beta/rss.xml"] = (200, RSS, _feed(base, "beta", 3, now))
        server.routes["/gamma/rss.xml"] = (200, RSS, _feed(base, "gamma", 3, now + timedelta(days=30)))
        server.routes["/delta/rss.xml"] = (500, "text/plain", b"down")
        for n in range(3):
            server.routes[f"/beta/{n}.html"] = (200, HTML, _listing())  # a redesign: no article text any more
            future = (now + timedelta(days=30)).isoformat(timespec="seconds")
            server.routes[f"/gamma/{n}.html"] = (200, HTML, _article(f"حدائق الحي {n} تستعيد خضرتها", future))
        sources = tmp_path / "sources.toml"
        sources.write_text(
            "".join(
                f'[[sources]]\nid = "{sid}"\nname = "{sid.title()}"\nname_ar = "{ar}"\nhomepage = "{base}/{sid}/"\n'
                f'feeds = ["{base}/{sid}/rss.xml"]\ncountry = "LB"\nlanguage = "ar"\ntimezone = "Asia/Beirut"\n'
                for sid, ar in (("alpha", "ألف"), ("beta", "باء"), ("gamma", "جيم"), ("delta", "دال"))
            ),
            encoding="utf-8",
        )
        db = tmp_path / "news.db"
        with open_store(str(db)) as store:
            past = history(
                now - timedelta(hours=3),
                {"alpha": 4, "beta": 2, "gamma": 2, "delta": 2},
                stop={"alpha": now - timedelta(hours=14)},
            )
            for run in past:
                store.record_run(run)
        crawl = run_akhbar(
            "crawl", "--sources", str(sources), "--db", str(db), "--profile", "test",
            "--set", "AKHBAR_FEED_DISABLE_AFTER=0.1", "--set", "AKHBAR_WARC_DIR=",
            cwd=tmp_path,
        )  # fmt: skip
    assert crawl.returncode == 3, crawl.stderr
    return db, sources, len(past)


def test_alerts_are_sent_once_until_they_clear(tmp_path: Path, webhook: Webhook, smtp: tuple[int, list[bytes]]) -> None:
    db, sources, recorded = _crawl_outlets(tmp_path)
    with open_store(str(db)) as store:
        runs = store.runs()
    assert len(runs) == recorded + 1
    last = runs[-1]
    assert last.exit_code == 3 and last.finish_reason == "finished"
    assert last.source("gamma").counts["dated_future"] == 3  # type: ignore[union-attr]
    assert last.source("beta").get("not_article") == 3  # type: ignore[union-attr]
    assert last.settings["AKHBAR_FEED_DISABLE_AFTER"] == "0.1"

    port, mails = smtp
    alerts_args = (
        "alerts", "--db", str(db), "--sources", str(sources), "--notify", webhook.url,
        "--notify", "mailto:desk@akhbar.example", "--set", f"AKHBAR_SMTP_PORT={port}",
        "--set", "AKHBAR_SMTP_HOST=127.0.0.1", "--set", "AKHBAR_ALERT_WINDOW_HOURS=2",
        "--set", "AKHBAR_ALERT_VOLUME_MIN_EXPECTED=1", "--set", "AKHBAR_ALERT_SHARE_MIN_PAGES=3",
    )  # fmt: skip
    first = run_akhbar(*alerts_args, "--json", cwd=tmp_path)
    assert first.returncode == 5, first.stderr
    payload = json.loads(first.stdout)
    assert sorted((a["source"], a["rule"]) for a in payload["alerts"]) == EXPECTED
    assert all(a["new"] for a in payload["alerts"])
    assert webhook.alerts() == EXPECTED and len(webhook.messages) == 1
    assert "delta feed_disabled" in webhook.messages[0]["text"]  # type: ignore[operator]
    assert len(mails) == 1
    mail = message_from_bytes(mails[0])
    assert mail["To"] == "desk@akhbar.example" and "gamma dates_future" in mail.get_payload()  # type: ignore[operator]

    again = run_akhbar(*alerts_args, cwd=tmp_path)
    assert again.returncode == 5 and "[already sent]" in again.stdout
    assert len(webhook.messages) == 1 and len(mails) == 1  # nothing new: nothing sent

    with open_store(str(db)) as store:  # the operator enables the feed: the alert clears…
        (state,) = store.feed_states("delta")
        store.enable_feed(state.url)
    cleared = run_akhbar(*alerts_args, cwd=tmp_path)
    assert "cleared: feed_disabled:delta" in cleared.stdout
    assert len(webhook.messages) == 1
    with open_store(str(db)) as store:  # …and it fails again: sent again, alone
        store.save_feed_state(FeedState(url=state.url, source_id="delta", disabled_reason="1 failure in a row"))
    back = run_akhbar(*alerts_args, cwd=tmp_path)
    assert back.returncode == 5
    assert len(webhook.messages) == 2 and [(a["source"], a["rule"]) for a in webhook.messages[1]["alerts"]] == [  # type: ignore[index, union-attr]
        ("delta", "feed_disabled")
    ]
    assert len(mails) == 2
