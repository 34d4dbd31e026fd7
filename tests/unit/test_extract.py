"""Extraction rules on small pages of our own that imitate real outlets' markup."""

from __future__ import annotations

import pytest

from crawler.extraction.extract import ExtractOptions, NotAnArticle, extract_article, strip_site_name

PARAGRAPHS = [
    "أعلنت وزارة الزراعة اليوم بدء موسم قطف الزيتون في المحافظات الشمالية وسط توقعات بإنتاج وفير هذا العام.",
    "وقال المتحدث باسم الوزارة إن الأمطار المبكرة ساعدت على تحسين جودة الثمار وزيادة نسبة الزيت فيها.",
    "ودعت الوزارة المزارعين إلى الالتزام بمواعيد القطف وتجنب استخدام العصي حفاظاً على الأشجار.",
]


def _page(body: str, head: str = "", title: str = "موسم الزيتون يبدأ في الشمال") -> bytes:
    return f"""<html lang="ar"><head><meta charset="utf-8"><title>{title} - أخبار الريف</title>{head}</head>
<body><header><h1 class="logo"><a href="/">أخبار الريف</a></h1></header>
<h1>{title}</h1><div class="article-body">{body}</div></body></html>""".encode()


def _extract(html: bytes, **options: object) -> object:
    return extract_article(html, "https://rif.example/news/2026/11/20/olives", ExtractOptions(**options))  # type: ignore[arg-type]


BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def test_logo_h1_is_not_the_headline_and_site_name_is_stripped() -> None:
    article = _extract(_page(BODY), site_names=("أخبار الريف",))
    assert article.headline == "موسم الزيتون يبدأ في الشمال"  # type: ignore[attr-defined]
    assert article.body == "\n\n".join(PARAGRAPHS)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "injected",
    [
        "<p><strong>اقرأ أيضاً:</strong> <a href='/x'>ارتفاع أسعار زيت الزيتون في الأسواق</a></p>",
        "<p>الآراء الواردة في التعليقات لا تعبر عن رأي الموقع بل عن وجهات نظر أصحابها.</p>",
        "<div class='related-box'><a href='/y'>مزارعون يشكون من قلة اليد العاملة في الحقول</a></div>",
        "<p>تصوير: قسم الصور في أخبار الريف</p>",
        "<div class='ad-slot'>مساحة إعلانية</div>",
    ],
)
def test_boilerplate_inside_the_body_container_is_removed(injected: str) -> None:
    html = _page(f"<p>{PARAGRAPHS[0]}</p>{injected}<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>")
    assert _extract(html).body == "\n\n".join(PARAGRAPHS)  # type: ignore[attr-defined]


def test_description_that_only_repeats_the_body_start_is_not_a_summary() -> None:
    head = f'<meta name="description" content="{PARAGRAPHS[0][:60]}...">'
    assert _extract(_page(BODY, head)).summary is None  # type: ignore[attr-defined]


def test_distinct_description_is_the_summary_when_there_is_no_lead() -> None:
    head = '<meta name="description" content="الموسم يبدأ مبكراً بفضل الأمطار الغزيرة.">'
    assert _extract(_page(BODY, head)).summary == "الموسم يبدأ مبكراً بفضل الأمطار الغزيرة."  # type: ignore[attr-defined]


def test_page_of_teasers_is_a_listing() -> None:
    teasers = "".join(
        f"<article><h2><a href='/n/{i}'>{p[:40]}</a></h2><p>{p}</p></article>" for i, p in enumerate(PARAGRAPHS)
    )
    with pytest.raises(NotAnArticle) as info:
        _extract(_page(teasers))
    assert info.value.reason == "listing_page"


def test_video_page_is_not_an_article() -> None:
    html = _page(
        "<video src='/v.mp4'></video><p>مشاهد من الحقول.</p>", '<meta property="og:type" content="video.other">'
    )
    with pytest.raises(NotAnArticle):
        _extract(html)


@pytest.mark.parametrize(
    ("content_type", "meta"),
    [
        ("text/html; charset=windows-1256", ""),
        (None, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'),
        (None, ""),
    ],
    ids=["http-header", "meta-only", "undeclared"],
)
def test_windows_1256_pages_are_decoded(content_type: str | None, meta: str) -> None:
    html = f"""<html><head>{meta}<title>موسم الزيتون</title></head><body><h1>موسم الزيتون يبدأ في الشمال</h1>
<div>{BODY}</div></body></html>""".encode("cp1256")
    article = _extract(html, content_type=content_type)
    assert article.headline == "موسم الزيتون يبدأ في الشمال"  # type: ignore[attr-defined]
    assert PARAGRAPHS[1] in article.body  # type: ignore[attr-defined]


def test_persian_text_is_detected_as_persian() -> None:
    persian = "".join(
        f"<p>{p}</p>"
        for p in [
            "وزارت کشاورزی امروز آغاز فصل برداشت زیتون را در استان‌های شمالی اعلام کرد و پیش‌بینی می‌شود محصول خوبی به دست آید.",
            "سخنگوی وزارت گفت که باران‌های زودهنگام به بهبود کیفیت میوه‌ها و افزایش میزان روغن کمک کرده است.",
        ]
    )
    assert _extract(_page(persian)).language == "fa"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("المدينة نيوز - أميركا تسجل ارتفاعاً في الإصابات", "أميركا تسجل ارتفاعاً في الإصابات"),
        ("الكاظمي يتلقى اتصالاً | الميادين", "الكاظمي يتلقى اتصالاً"),
        ("اليوم السابع - وزير الري يفتتح محطة", "وزير الري يفتتح محطة"),
        # A name that is also an ordinary word is stripped only as a whole title segment.
        ("الطقس اليوم: أمطار غزيرة", "الطقس اليوم: أمطار غزيرة"),
    ],
)
def test_strip_site_name(title: str, expected: str) -> None:
    names = ("المدينة نيوز", "الميادين", "اليوم السابع", "اليوم")
    assert strip_site_name(title, names) == expected


def test_article_with_related_stories_in_article_tags_is_still_an_article() -> None:
    related = "".join(
        f"<article class='teaser'><a href='/r/{i}'>قصة ذات صلة رقم {i} عن الزراعة</a></article>" for i in range(4)
    )
    html = _page(f"<article>{BODY}</article>{related}")
    assert _extract(html).body == "\n\n".join(PARAGRAPHS)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("line", "timezone", "expected"),
    [
        ("تم نشره الجمعة 24 نيسان / أبريل 2026 09:22 مساءً", "Asia/Amman", "2026-04-24T21:22:00+03:00"),
        ("نُشر في: الثلاثاء، 17 نوفمبر 2026 - 08:45 م", "Africa/Cairo", "2026-11-17T20:45:00+02:00"),
    ],
)
def test_visible_date_line_announced_by_its_words(line: str, timezone: str, expected: str) -> None:
    html = _page(f"<div class='info'>{line}</div>{BODY}")
    article = _extract(html, timezone=timezone)
    assert article.published_at == expected  # type: ignore[attr-defined]
    assert article.published_at_raw == line  # type: ignore[attr-defined]
    assert line not in article.body  # type: ignore[attr-defined]


def test_unmarked_caption_beside_the_image_is_not_body_text() -> None:
    figure = (
        '<div class="article-photo"><img src="/img/olives.jpg" alt="حقل زيتون">'
        '<div class="red">مزارعون يقطفون الزيتون في الشمال</div></div>'
    )
    article = _extract(_page(figure + BODY))
    assert "مزارعون يقطفون" not in article.body  # type: ignore[attr-defined]
    assert article.body == "\n\n".join(PARAGRAPHS)  # type: ignore[attr-defined]


def test_a_short_paragraph_next_to_an_image_stays_in_the_body() -> None:
    body = f'<div class="inline-photo"><img src="/img/a.jpg"><p>{PARAGRAPHS[0]}</p></div>' + "".join(
        f"<p>{p}</p>" for p in PARAGRAPHS[1:]
    )
    assert _extract(_page(body)).body == "\n\n".join(PARAGRAPHS)  # type: ignore[attr-defined]


def test_directory_of_short_links_is_not_an_article() -> None:
    countries = ["الجزائر", "مصر", "العراق", "الكويت", "لبنان", "السعودية", "السودان", "تونس", "المغرب", "قطر"]
    outlets = ["صحيفة الصباح", "جريدة المساء", "الوطن اليوم", "أخبار الخليج", "النهار الجديد", "صوت الشعب"]
    links = "".join(f'<div><a href="/c/{i}">{name}</a></div>' for i, name in enumerate(countries * 3 + outlets * 3))
    html = f"""<html lang="ar"><head><meta charset="utf-8"><title>دليل الصحف العربية</title></head>
<body><table><tr><td>{links}</td></tr></table><p>جميع الحقوق محفوظة</p></body></html>""".encode()
    with pytest.raises(NotAnArticle) as caught:
        _extract(html)
    assert caught.value.reason in {"listing_page", "no_article_text"}


@pytest.mark.parametrize(
    ("visible", "expected"),
    [
        # The date line shows the same clock as the "Z" time: the CMS wrote local time as UTC.
        ("الثلاثاء 17 نوفمبر 2026 - 10:45 ص", "2026-11-17T10:45:00+02:00"),
        # The date line shows the local clock two hours ahead: the "Z" is real UTC.
        ("الثلاثاء 17 نوفمبر 2026 - 12:45 م", "2026-11-17T10:45:00+00:00"),
    ],
)
def test_z_time_that_is_really_local(visible: str, expected: str) -> None:
    head = '<meta property="article:published_time" content="2026-11-17T10:45:00Z">'
    body = f'<div class="post-date">{visible}</div>{BODY}'
    article = _extract(_page(body, head), timezone="Africa/Cairo")
    assert article.published_at == expected  # type: ignore[attr-defined]


def test_relative_date_line_is_read_against_the_fetch_time() -> None:
    from datetime import UTC, datetime

    body = f'<span class="time">منذ 3 ساعات</span>{BODY}'
    article = _extract(_page(body), timezone="Asia/Beirut", now=datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    assert article.published_at == "2026-11-20T11:00:00+02:00"  # type: ignore[attr-defined]
