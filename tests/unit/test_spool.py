"""The spool: articles the store could not take, one JSON line each, read back whole or set aside."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from crawler.items import Article, FeedEntry, RawCapture, RefusedPage
from crawler.store.spool import Spool, SpoolLineError, encode, spool_path

# The raw page as the outlet sent it: windows-1256 Arabic, so not valid UTF-8, and a NUL byte.
RAW_BODY = "<html><h1>الكاظمي يزور الموصل</h1></html>".encode("cp1256") + b"\x00\xff"


def _article(n: int = 1, **changes: object) -> Article:
    article = Article(
        url=f"https://nabd.example/news/{n}.html",
        headline="الكاظمي يزور الموصل ويتفقد مشاريع الإعمار",
        body="قال رئيس الوزراء إن «الإعمار» أولوية.\n\nوأضاف: نعمل على إعادة الخدمات 100%.",
        canonical_url=f"https://nabd.example/news/{n}",
        summary="زيارة تفقدية — الموصل",
        highlights=["إعادة الخدمات", "مشاريع جديدة"],
        authors=["سامر الحلبي"],
        credits=["وكالات"],
        tags=["العراق"],
        language="ar",
        published_at="2026-11-29T10:48:00+03:00",
        published_at_raw="الأحد 29 نوفمبر 2026 - 10:48 ص",
        source_id="nabd",
        source_name="Nabd",
        source_name_ar="نبض المدينة",
        fetched_at="2026-11-29T08:00:00+00:00",
        body_hash="abc123",
        raw=RawCapture(
            url=f"https://nabd.example/news/{n}.html",
            status=200,
            headers={"Content-Type": "text/html; charset=windows-1256"},
            body=RAW_BODY,
        ),
    )
    for name, value in changes.items():
        setattr(article, name, value)
    return article


def test_round_trip_keeps_every_field_the_arabic_text_and_the_raw_bytes(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "a.db.spool.jsonl")
    first, second = _article(1), _article(2, raw=None, summary=None, highlights=[])
    spool.append(first)
    spool.append(second)
    loaded = list(spool.load())
    assert [n for n, _ in loaded] == [1, 2]
    assert [a for _, a in loaded] == [first, second]  # raw is not part of equality: checked below
    assert loaded[0][1].raw == first.raw
    assert loaded[0][1].raw is not None and loaded[0][1].raw.body == RAW_BODY
    assert loaded[1][1].raw is None


def test_lines_are_readable_utf8_json(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s.jsonl")
    spool.append(_article())
    text = spool.path.read_text(encoding="utf-8")
    assert text.endswith("\n") and text.count("\n") == 1
    assert "الكاظمي يزور الموصل" in text  # not \u escapes: an operator can read it
    record = json.loads(text)
    assert record["v"] == 1 and record["article"]["source_id"] == "nabd"


def test_a_missing_spool_loads_nothing(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "none.jsonl")
    assert not spool.exists()
    assert list(spool.load()) == []


@pytest.mark.parametrize(
    "bad",
    [
        b"not json at all",
        b'{"v": 1, "article": {"url": "https://x.example/1", "headl',  # cut short by a crash
        b'{"v": 2, "article": {}}',  # a format this version does not know
        b'{"v": 1, "article": {"url": "https://x.example/1", "headline": "h", "body": "b", "colour": 1}}',
        b'{"v": 1, "article": {"url": "https://x.example/1", "headline": "h", "body": "b"}, '
        b'"raw": {"url": "u", "status": 200, "headers": {}, "body_base64": "***"}}',
        "عنوان بلا ترميز".encode("cp1256"),  # not UTF-8
    ],
)
def test_an_unreadable_line_is_named_and_set_aside_and_the_others_load(tmp_path: Path, bad: bytes) -> None:
    spool = Spool(tmp_path / "s.jsonl")
    spool.append(_article(1))
    with spool.path.open("ab") as f:
        f.write(bad + b"\n")
    spool.append(_article(3))
    errors: list[SpoolLineError] = []
    loaded = list(spool.load(on_bad=errors.append))
    assert [n for n, _ in loaded] == [1, 3]
    assert [e.line_no for e in errors] == [2]
    assert f"{spool.path}:2" in str(errors[0]) and str(spool.bad_path) in str(errors[0])
    assert spool.bad_path.read_bytes() == bad + b"\n"


def test_without_a_handler_an_unreadable_line_raises_after_being_set_aside(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s.jsonl")
    spool.path.write_bytes(b"garbage\n")
    with pytest.raises(SpoolLineError, match=r"s\.jsonl:1: unreadable"):
        list(spool.load())
    assert spool.bad_path.read_bytes() == b"garbage\n"


def test_an_append_after_a_line_cut_short_starts_a_new_line(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s.jsonl")
    spool.append(_article(1))
    with spool.path.open("ab") as f:
        f.write(b'{"v": 1, "article": {"url": ')  # the process died mid-write
    spool.append(_article(2))
    errors: list[SpoolLineError] = []
    assert [a.url for _, a in spool.load(on_bad=errors.append)] == [_article(1).url, _article(2).url]
    assert [e.line_no for e in errors] == [2]


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s.jsonl")
    spool.append(_article(1))
    with spool.path.open("ab") as f:
        f.write(b"\n  \n")
    spool.append(_article(2))
    errors: list[SpoolLineError] = []
    assert [n for n, _ in spool.load(on_bad=errors.append)] == [1, 4]
    assert errors == []


def test_rewrite_keeps_only_the_lines_still_to_store(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s.jsonl")
    for n in range(1, 5):
        spool.append(_article(n))
    spool.rewrite({2, 4})
    loaded = list(spool.load())
    assert [a.url for _, a in loaded] == [_article(2).url, _article(4).url]
    assert loaded[0][1].raw is not None and loaded[0][1].raw.body == RAW_BODY
    assert not spool.path.with_name("s.jsonl.tmp").exists()


def test_rewrite_with_nothing_to_keep_removes_the_spool(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s.jsonl")
    spool.append(_article())
    spool.rewrite(set())
    assert not spool.path.exists() and not spool.exists()
    spool.clear()  # already gone: nothing to do


@pytest.mark.parametrize(
    ("uri", "configured", "expected"),
    [
        ("sqlite:///data/akhbar.db", None, "data/akhbar.db.spool.jsonl"),
        ("sqlite:////srv/akhbar/a.db", None, "/srv/akhbar/a.db.spool.jsonl"),
        ("a.db", None, "a.db.spool.jsonl"),
        ("sqlite:///a.db", "/var/spool/akhbar.jsonl", "/var/spool/akhbar.jsonl"),
        ("postgresql://akhbar:secret@db.example/akhbar", None, "data/spool.jsonl"),
        (":memory:", None, "data/spool.jsonl"),
    ],
)
def test_spool_path_sits_beside_the_database(uri: str, configured: str | None, expected: str) -> None:
    assert spool_path(uri, configured) == Path(expected)


def _refused(n: int = 1) -> RefusedPage:
    url = f"https://nabd.example/section/{n}"
    return RefusedPage(
        url=url,
        raw=RawCapture(url=url, status=200, headers={"Content-Type": "text/html; charset=windows-1256"}, body=RAW_BODY),
        verdict="not_article",
        reason="listing_page",
        detail="the text is mostly links to other pages",
        source_id="nabd",
        feed_url="https://nabd.example/rss.xml",
        entry=FeedEntry(url=url, title="أخبار الموصل", authors=("سامر الحلبي",), tags=("العراق",)),
        fetched_at="2026-11-29T08:00:00+00:00",
    )


def test_refused_pages_round_trip_beside_articles(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "a.db.spool.jsonl")
    page, bare = _refused(1), dataclasses.replace(_refused(2), entry=None, feed_url=None)
    spool.append(page)
    spool.append(_article(3))
    spool.append(bare)
    loaded = [item for _, item in spool.load()]
    assert loaded == [page, _article(3), bare]
    assert isinstance(loaded[0], RefusedPage) and loaded[0].raw == page.raw and loaded[0].raw.body == RAW_BODY


def test_a_refused_page_line_without_its_raw_capture_is_set_aside(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "a.db.spool.jsonl")
    record = json.loads(encode(_refused()))
    record["raw"] = None
    spool.path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    errors: list[SpoolLineError] = []
    assert list(spool.load(on_bad=errors.append)) == []
    assert len(errors) == 1 and "without its raw capture" in str(errors[0])
