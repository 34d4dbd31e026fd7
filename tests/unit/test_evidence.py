"""Article or not: refusals need evidence, listings are told by their teaser cards, and the body never
holds less than plain trafilatura's. Pages are written for these tests in the shapes of real templates."""

from __future__ import annotations

import json

import lxml.html
import pytest

from crawler.extraction import evidence
from crawler.extraction.extract import ExtractOptions, NotAnArticle, extract_article
from crawler.extraction.htmlmeta import PageMeta, read_meta

URL = "https://sahel.example/news/2026/11/20/market"
HEADLINE = "افتتاح سوق الخضار المركزي الجديد في مدينة الساحل بعد عامين من العمل"
STORY = [
    "افتتح محافظ الساحل صباح اليوم سوق الخضار المركزي الجديد الذي أقيم على أرض الثكنة القديمة شرق المدينة، بعد عامين من أعمال البناء التي تأخرت بسبب نزاع على ملكية الأرض.",
    "ويضم السوق مئة وعشرين محلاً للبيع بالجملة وساحة مسقوفة للمزارعين الصغار، إضافة إلى مستودع مبرد يتسع لثلاثمئة طن من الخضار والفواكه.",
    "وقال رئيس غرفة التجارة إن نقل تجار الجملة من وسط المدينة سيخفف الازدحام في الشوارع الضيقة التي كانت الشاحنات تغلقها كل صباح.",
    "في المقابل، اشتكى عدد من الباعة من ارتفاع بدل الإيجار في السوق الجديد مقارنة بالمحلات القديمة، وطالبوا البلدية بإعفائهم من الرسوم في السنة الأولى.",
    "وأعلنت البلدية أن حافلات النقل العام ستصل إلى السوق ابتداء من الأسبوع المقبل عبر خطين جديدين ينطلقان من الساحة الرئيسية.",
]
TEASERS = [
    (
        "ارتفاع أسعار الطماطم في الأسواق الشعبية",
        "شهدت أسعار الطماطم ارتفاعاً ملحوظاً هذا الأسبوع بسبب تراجع الإنتاج في البيوت البلاستيكية.",
    ),
    (
        "البلدية تطلق حملة لتنظيف الشاطئ الشمالي",
        "يشارك مئات المتطوعين في حملة تنظيف واسعة تمتد على طول الشاطئ الشمالي للمدينة.",
    ),
    (
        "إغلاق جسر الميناء ليلاً لأعمال الصيانة",
        "تغلق إدارة الطرق جسر الميناء من منتصف الليل حتى الفجر طوال أسبوعين لاستبدال الفواصل.",
    ),
    (
        "مهرجان الزيتون يعود بعد غياب ثلاث سنوات",
        "يعود مهرجان الزيتون السنوي إلى ساحة القلعة بمشاركة خمسين منتجاً من قرى الجبل.",
    ),
    ("المدارس تستقبل طلابها في مبانٍ مرممة", "أنهت مديرية التربية ترميم اثنتي عشرة مدرسة قبل بدء الفصل الدراسي الثاني."),
    ("تمديد ساعات عمل المكتبة العامة", "تفتح المكتبة العامة أبوابها حتى العاشرة مساء خلال فترة الامتحانات الجامعية."),
]
MENU = (
    '<header><a href="/"><img src="/logo.png" alt="الساحل اليوم"></a><nav><ul>'
    + "".join(f'<li><a href="/{s}">{s}</a></li>' for s in ("محليات", "اقتصاد", "رياضة", "ثقافة", "منوعات"))
    + "</ul></nav></header>"
)
FOOTER = '<footer><p>جميع الحقوق محفوظة لموقع الساحل اليوم</p><a href="/about">من نحن</a></footer>'


def _page(head: str, body: str) -> bytes:
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{HEADLINE} | الساحل اليوم</title>'
        f"{head}</head><body>{MENU}{body}{FOOTER}</body></html>"
    ).encode()


def _cards(tag: str = "article", excerpt: bool = True) -> str:
    return "".join(
        f'<{tag} class="card"><img src="/i/{i}.jpg" alt=""><h3><a href="/news/{i}">{title}</a></h3>'
        + (f"<p>{text}</p>" if excerpt else "")
        + f'<time datetime="2026-11-1{i}">1{i} نوفمبر 2026</time></{tag}>'
        for i, (title, text) in enumerate(TEASERS)
    )


def _story(paragraphs: list[str] = STORY) -> str:
    return "".join(f"<div class='x9fk2'>{p}</div>" for p in paragraphs)


def _prose(html: bytes) -> evidence.Prose:
    tree = lxml.html.document_fromstring(html.decode())
    for el in list(tree.iter("script", "style")):
        el.drop_tree()
    return evidence.measure_prose(tree)


# --- Article pages the old rules refused ---------------------------------------------------------


def test_react_story_in_divs_among_teaser_articles_is_an_article_without_its_teasers() -> None:
    # The story is in unmarked <div>s, while related stories of near-equal size ARE <article>s.
    html = _page("", f'<main><h1 class="t_1x">{HEADLINE}</h1>{_story()}<section>{_cards()}</section></main>')
    article = extract_article(html, URL)
    assert article.headline == HEADLINE
    assert article.body.split("\n\n") == STORY
    assert all(text not in article.body and title not in article.body for title, text in TEASERS)
    assert article.fallback is None


def test_live_blog_of_posts_alike_in_size_is_an_article() -> None:
    posts = "".join(
        f'<article class="post"><time datetime="2026-11-20T1{i}:00:00+03:00">1{i}:00</time><p>{p}</p></article>'
        for i, p in enumerate(STORY)
    )
    ld = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": HEADLINE}
    html = _page(
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>',
        f"<h1>{HEADLINE}</h1>{posts}",
    )
    article = extract_article(html, URL)
    assert all(p in article.body for p in STORY)


def test_page_without_any_declaration_is_an_article_by_its_dominant_prose() -> None:
    html = _page('<meta property="og:type" content="website">', f"<h1>{HEADLINE}</h1>{_story()}{_cards()}")
    assert extract_article(html, URL).body.split("\n\n") == STORY


# --- Pages that are not articles -----------------------------------------------------------------


def test_section_page_with_a_long_lead_excerpt_is_refused_as_a_listing() -> None:
    lead = " ".join(STORY[:2])  # a lead story's excerpt that reads like an opening paragraph
    body = (
        f'<h1>محليات</h1><article class="lead"><h2><a href="/news/99">{HEADLINE}</a></h2><p>{lead}</p></article>'
        f"{_cards()}"
    )
    with pytest.raises(NotAnArticle) as refused:
        extract_article(_page('<meta property="og:type" content="website">', body), "https://sahel.example/local")
    assert refused.value.reason == "listing_page"


def test_search_results_without_article_elements_are_refused() -> None:
    results = "".join(
        f'<li><h3><a href="/news/{i}">{title}</a></h3><p>… {text} …</p></li>' for i, (title, text) in enumerate(TEASERS)
    )
    body = f'<h1>نتائج البحث عن: السوق</h1><form><input name="q" value="السوق"></form><ol>{results}</ol>'
    with pytest.raises(NotAnArticle) as refused:
        extract_article(_page("", body), "https://sahel.example/search?q=السوق")
    assert refused.value.reason == "listing_page"


def test_video_page_with_one_sentence_is_refused() -> None:
    body = f'<h1>{HEADLINE}</h1><video src="/v.mp4"></video><p>{STORY[0]}</p>{_cards(excerpt=False)}'
    with pytest.raises(NotAnArticle):
        extract_article(_page('<meta property="og:type" content="video.other">', body), URL)


def test_declared_article_is_never_refused_as_a_listing() -> None:
    # An article page whose body is short and whose related stories carry long excerpts.
    body = f"<h1>{HEADLINE}</h1><p>{STORY[0]}</p><p>{STORY[1]}</p>{_cards()}"
    html = _page('<meta property="og:type" content="article">', body)
    article = extract_article(html, URL)
    assert STORY[0] in article.body and STORY[1] in article.body


# --- Never below plain trafilatura ---------------------------------------------------------------


def test_body_our_cleaning_loses_comes_from_plain_trafilatura_and_says_why() -> None:
    # The story's container carries a class of our boilerplate vocabulary ("print": the printable
    # area), and readers' comments outweigh it: Akhbar's own pass cuts the whole story.
    comments = "".join(
        f'<div class="comment"><b>قارئ {i}</b><p>{p} {p}</p></div>' for i, p in enumerate(reversed(STORY))
    )
    story = "".join(f"<p>{p}</p>" for p in STORY)
    body = f'<h1>{HEADLINE}</h1><div class="print">{story}</div><section class="comments">{comments}</section>'
    html = _page('<meta property="og:type" content="article">', body)
    article = extract_article(html, URL)
    assert article.fallback == "short_body"
    assert all(p in article.body for p in STORY)
    assert article.headline == HEADLINE  # our metadata, with trafilatura's body


def test_common_path_takes_no_fallback() -> None:
    html = _page('<meta property="og:type" content="article">', f"<h1>{HEADLINE}</h1>{_story()}")
    assert extract_article(html, URL, ExtractOptions()).fallback is None


# --- The measures themselves ---------------------------------------------------------------------


def test_teaser_cards_are_counted_and_an_articles_related_box_is_not_a_card() -> None:
    listing = _prose(_page("", f"<h1>محليات</h1>{_cards()}"))
    assert listing.teaser_blocks == len(TEASERS) and listing.mostly_teasers() and not listing.dominant()
    # A body ending in a related box with linked headings: the body is not a card of that box.
    related = "".join(f'<h4><a href="/n/{i}">{t}</a></h4>' for i, (t, _) in enumerate(TEASERS))
    story = "".join(f"<p>{p}</p>" for p in STORY)
    article = _prose(_page("", f'<h1>{HEADLINE}</h1><div class="c">{story}{related}</div>'))
    assert article.teasers == 0 and article.dominant()


def test_declarations() -> None:
    def meta(head: str) -> PageMeta:
        return read_meta(lxml.html.document_fromstring(_page(head, "<p>x</p>").decode()), URL)

    ld = '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": "ReportageNewsArticle"}]}</script>'
    assert evidence.declared_article(meta(ld)) == "JSON-LD reportagenewsarticle"
    assert evidence.declared_article(meta('<meta property="article:published_time" content="2026-11-20">'))
    assert evidence.declared_article(meta('<script type="application/ld+json">{"@type": "WebPage"}</script>')) is None
    assert evidence.declared_listing(meta('<meta property="og:type" content="profile">')) == "og:type profile"
    assert evidence.declared_listing(meta('<script type="application/ld+json">{"@type": "CollectionPage"}</script>'))


def test_keywords_that_only_spell_the_headline_are_no_tags() -> None:
    head = (
        '<meta name="keywords" content="افتتاح,سوق,الخضار,المركزي,الجديد,في,مدينة,الساحل,بعد,عامين,من,العمل">'
        '<meta property="article:tag" content="أسواق"><meta property="article:tag" content="الساحل..">'
    )
    html = _page(head + '<meta property="og:type" content="article">', f"<h1>{HEADLINE}</h1>{_story()}")
    assert extract_article(html, URL).tags == ["أسواق", "الساحل"]


def test_a_template_that_declares_every_page_an_article_still_has_listings() -> None:
    # og:type article site-wide, JSON-LD NewsArticle named after the section, and a run of teasers.
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "محليات"}</script>'
    head = f'<meta property="og:type" content="article">{ld}'
    with pytest.raises(NotAnArticle) as refused:
        extract_article(_page(head, f"<h1>محليات</h1>{_cards()}"), "https://sahel.example/local")
    assert refused.value.reason == "listing_page"
    # The same template's article page, short, with related teasers below it, is kept.
    story = f"<h1>{HEADLINE}</h1><p>{STORY[0]}</p>{_cards()}"
    assert STORY[0] in extract_article(_page(head, story), URL).body


def test_blog_label_page_of_posts_with_read_more_links_is_a_listing() -> None:
    posts = "".join(
        f'<div class="post"><h3 class="post-title"><a href="/2026/11/{i}.html">{title}</a></h3>'
        f'<div class="post-body">{text} {text}</div><div class="jump-link"><a href="/2026/11/{i}.html#more">'
        f'قراءة المزيد »</a></div><div class="post-footer"><a href="/2026/11/{i}.html#c">2 تعليقات:</a></div></div>'
        for i, (title, text) in enumerate(TEASERS[:3])
    )
    with pytest.raises(NotAnArticle):
        extract_article(_page("", f"<h1>مدونة الساحل</h1>{posts}"), "https://sahel.example/search/label/x")


def test_a_byline_link_is_no_teaser_title() -> None:
    meta = '<div class="meta"><div class="field-author"><a href="/author/huda">هدى سالم</a></div>'
    meta += "<div>الخميس 20 نوفمبر 2026 - 10:40 بتوقيت غرينتش، آخر تحديث 11:05</div></div>"
    html = _page('<meta property="og:type" content="article">', f"<h1>{HEADLINE}</h1>{meta}{_story()}")
    article = extract_article(html, URL)
    assert article.authors == ["هدى سالم"]
    assert article.body.split("\n\n") == STORY


def test_calls_to_action_pull_quotes_disclaimers_and_sidebar_excerpts_stay_out() -> None:
    body = (
        f"<h1>{HEADLINE}</h1><div class='content'>{''.join(f'<p>{p}</p>' for p in STORY[:3])}"
        "<blockquote class='pull-quote'>«السوق الجديد يخفف الازدحام»</blockquote>"
        f"{''.join(f'<p>{p}</p>' for p in STORY[3:])}"
        "<div class='kg-card kg-cta-card'><p>اشترك مجاناً لتصلك نشرتنا الأسبوعية كل يوم جمعة</p></div></div>"
        "<p class='disclaimer'>المقالات المنشورة تعبّر عن رأي كاتبها ولا تعكس بالضرورة رأي الموقع</p>"
        "<aside><div class='box'><p class='excerpt'>مقتطف من مقال لكاتب آخر عن مواسم الصيد في الخليج</p></div></aside>"
    )
    article = extract_article(_page('<meta property="og:type" content="article">', body), URL)
    assert article.body.split("\n\n") == STORY
    assert article.summary is None or "مقتطف" not in article.summary


def test_a_print_page_story_in_one_span_broken_by_line_breaks_is_read_as_paragraphs() -> None:
    # An old CMS's print view: no <p> at all, the story in a <span> inside a layout table marked "print".
    story = "<br><br>".join(STORY)
    body = (
        f"<table class='print' width='650'><tr><td><b>{HEADLINE}</b></td></tr>"
        f"<tr><td><span id='lblBody'><font size='2'>{story}</font></span></td></tr>"
        "<tr><td><a href='javascript:window.print()'>طباعة</a> | <a href='javascript:window.close()'>إغلاق</a></td></tr>"
        "</table>"
    )
    article = extract_article(_page("", body), URL)
    assert article.body.split("\n\n") == STORY
    assert article.fallback is None
