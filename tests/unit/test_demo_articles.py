"""The demo data loader: the packaged files give every outlet's articles; a bad file names itself and the article."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.demo import OUTLETS, DemoOutlet
from crawler.demo.articles import DemoDataError, load_articles, read_articles

GOOD = '''
[[articles]]
outlet_id = "nabd"
slug = "2026/11/03/water-network-expansion"
section = "محليات"
headline = "بلدية طرابلس تطلق مشروعاً لتوسيع شبكة مياه الشفة"
summary = """\\
    أعلنت بلدية طرابلس بدء أعمال مشروع \\
    لتوسيع شبكة مياه الشفة."""
highlights = []
paragraphs = ["الفقرة الأولى.", "الفقرة الثانية."]
byline = "كتب: سامر الحلبي"
authors = ["سامر الحلبي"]
published_at = "2026-11-03T09:40:00+02:00"
tags = ["طرابلس"]
'''
ARTICLE = "article 1 (2026/11/03/water-network-expansion)"


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "nabd.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("outlet", OUTLETS, ids=lambda o: o.id)
def test_packaged_files_load(outlet: DemoOutlet) -> None:
    articles = load_articles(outlet.id)
    assert len(articles) >= 10
    assert all(a.outlet_id == outlet.id for a in articles)


def test_good_file_gives_typed_articles(tmp_path: Path) -> None:
    (article,) = read_articles(_file(tmp_path, GOOD), "nabd")
    assert article.summary == "أعلنت بلدية طرابلس بدء أعمال مشروع لتوسيع شبكة مياه الشفة."
    assert article.paragraphs == ("الفقرة الأولى.", "الفقرة الثانية.")
    assert article.highlights == ()
    assert article.modified_at is None  # left out: none
    assert article.credits == () and article.credit_line is None  # left out: the defaults


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('section = "محليات"\n', ""), f"{ARTICLE}: missing field section"),
        (lambda t: t + 'sectoin = "محليات"\n', f"{ARTICLE}: unknown field sectoin"),
        (lambda t: t.replace('tags = ["طرابلس"]', 'tags = "طرابلس"'), f"{ARTICLE}: tags must be an array of strings"),
        (lambda t: t.replace('authors = ["سامر الحلبي"]', "authors = [1]"), f"{ARTICLE}: authors must be an array"),
        (
            lambda t: t.replace('"2026-11-03T09:40:00+02:00"', "2026-11-03T09:40:00+02:00"),
            f"{ARTICLE}: published_at must be a string, found datetime (quote dates",
        ),
        (lambda t: t.replace('outlet_id = "nabd"', 'outlet_id = "wadi"'), f"{ARTICLE}: outlet_id is 'wadi'"),
        (lambda t: t + t, "article 2 (2026/11/03/water-network-expansion): slug already used by article 1"),
        (lambda t: t.replace('slug = "2026/11/03/water-network-expansion"\n', ""), "article 1: missing field slug"),
        (lambda t: t.replace("[[articles]]", "[[article]]"), "expected only [[articles]] tables"),
        (lambda t: t + "tags = [", "not valid TOML"),
    ],
    ids=[
        "missing",
        "unknown",
        "not-array",
        "not-string-item",
        "unquoted-date",
        "outlet",
        "slug",
        "no-slug",
        "top",
        "toml",
    ],
)
def test_bad_file_names_file_and_article(tmp_path: Path, edit: Callable[[str], str], message: str) -> None:
    path = _file(tmp_path, edit(GOOD))
    with pytest.raises(DemoDataError) as excinfo:
        read_articles(path, "nabd")
    assert str(excinfo.value).startswith(f"{path}: ")
    assert message in str(excinfo.value)
