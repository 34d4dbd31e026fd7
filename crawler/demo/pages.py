"""HTML pages of the three demo outlets, each imitating a different CMS and its boilerplate.

The boilerplate phrases are distinctive on purpose: tests check that none of them reaches any stored
field. Each outlet puts its lead, key points, byline and dates in different markup.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from html import escape

from crawler.demo.model import DemoArticle, DemoOutlet

# Levantine (Syriac) month names with the Egyptian ones, as outlets in Lebanon print them.
_LEVANT_MONTHS = (
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيو",
    "تموز/يوليو",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
)
_EGYPT_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
_MOROCCO_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
)
_DAYS = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_EASTERN_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# Boilerplate of each outlet: menus, tickers, share bars, captions, promos, comments, footers, ads.
NABD_BOILERPLATE = (
    "عاجل: الدفاع المدني يحذر من تشكل الجليد على الطرق الجبلية",
    "شارك الخبر عبر منصات التواصل",
    "اشترك في النشرة البريدية لنبض المدينة واحصل على أهم الأخبار صباحاً",
    "جميع الحقوق محفوظة لموقع نبض المدينة",
    "تصوير: وحدة الصور في نبض المدينة",
    "سياسة التعليقات: نرحب بالنقاش الهادئ ونحذف كل تعليق مسيء",
    "تعليق القارئ أبو سليم: موضوع مهم ونتمنى متابعته في الأيام المقبلة",
    "مساحة إعلانية مدفوعة من شركائنا",
    "سعر صرف العملة يتراجع في السوق الموازية للمرة الثالثة",
    "منوعات المدينة وحكايات الناس",
)
WADI_BOILERPLATE = (
    "عاجل: انطلاق التسجيل لمسابقة المعلمين الجديدة عبر البوابة الإلكترونية",
    "شارك على فيسبوك وتويتر وواتساب",
    "حمّل تطبيق صحيفة الوادي على هاتفك لتصلك الأخبار العاجلة",
    "حقوق النشر محفوظة لمؤسسة الوادي للصحافة والنشر",
    "تصوير: عدسة الوادي",
    "بروتوكول نشر التعليقات في صحيفة الوادي",
    "تعليق: شكراً للجريدة على هذا التقرير المفصل",
    "إعلان تجاري برعاية الرعاة الرسميين",
    "تعرف على أسعار الذهب اليوم في محلات الصاغة",
    "الأكثر مشاهدة على قناة الوادي",
)
MAGHREB_BOILERPLATE = (
    "عاجل: نشرة إنذارية بشأن تساقطات ثلجية مرتقبة بالمرتفعات",
    "انشر المقال على شبكات التواصل",
    "توصل بآخر الأخبار عبر نشرتنا الإخبارية الأسبوعية",
    "جميع حقوق النشر محفوظة لأنباء المغرب الكبير",
    "الصورة: أرشيف أنباء المغرب الكبير",
    "يمنع نشر التعليقات التي تتضمن سباً أو قذفاً",
    "رأي قارئ من فاس: نريد مزيداً من التحقيقات الميدانية",
    "فضاء إشهاري",
    "أسعار المحروقات تعرف استقراراً في محطات الوقود",
    "ركن الرياضة الوطنية والدولية",
)


def levant_date(iso: str) -> str:
    """«الأحد 22 تشرين الثاني/نوفمبر 2026 - 09:40»."""
    d = datetime.fromisoformat(iso)
    return f"{_DAYS[d.weekday()]} {d.day} {_LEVANT_MONTHS[d.month - 1]} {d.year} - {d:%H:%M}"


def egypt_date(iso: str, *, eastern: bool) -> str:
    """«الثلاثاء، 17 نوفمبر 2026 - 08:45 م» (12-hour clock with ص/م), optionally in Eastern digits."""
    d = datetime.fromisoformat(iso)
    hour = d.hour % 12 or 12
    text = f"{_DAYS[d.weekday()]}، {d.day} {_EGYPT_MONTHS[d.month - 1]} {d.year} - {hour:02d}:{d:%M} "
    text += "م" if d.hour >= 12 else "ص"
    return text.translate(_EASTERN_DIGITS) if eastern else text


def morocco_date(iso: str) -> str:
    """«20 نونبر 2026 - 11:05»."""
    d = datetime.fromisoformat(iso)
    return f"{d.day} {_MOROCCO_MONTHS[d.month - 1]} {d.year} - {d:%H:%M}"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _paragraphs(article: DemoArticle, read_also: str, ad: str) -> str:
    """Body paragraphs with a «اقرأ أيضاً» box after the second and an ad slot before the last."""
    parts = [f"<p>{_e(p)}</p>" for p in article.paragraphs]
    if len(parts) > 3:
        parts.insert(2, read_also)
        parts.insert(len(parts) - 1, ad)
    if article.credit_line:
        parts.append(f"<p>{_e(article.credit_line)}</p>")
    return "\n".join(parts)


def _links(base: str, others: Sequence[DemoArticle]) -> str:
    return "".join(f'<li><a href="{base}{o.path}">{_e(o.headline)}</a></li>' for o in others)


def nabd_page(a: DemoArticle, outlet: DemoOutlet, base: str, others: Sequence[DemoArticle], n: int) -> str:
    """A WordPress-like Lebanese outlet: JSON-LD and article meta, «p.lead», «ul.key-points»."""
    b = NABD_BOILERPLATE
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.headline,
        "datePublished": a.published_at,
        "dateModified": a.modified_at or a.published_at,
        "author": [{"@type": "Person", "name": name} for name in a.authors]
        or {"@type": "Organization", "name": outlet.name_ar},
        "publisher": {"@type": "Organization", "name": outlet.name_ar, "logo": {"url": f"{base}/nabd/logo.png"}},
        "image": f"{base}/nabd/img/{n}.jpg",
    }
    highlights = (
        '<ul class="key-points">' + "".join(f"<li>{_e(h)}</li>" for h in a.highlights) + "</ul>" if a.highlights else ""
    )
    modified = f'<span class="updated-date">آخر تحديث: {levant_date(a.modified_at)}</span>' if a.modified_at else ""
    byline = f'<span class="author"><a href="{base}/nabd/author/{n}">{_e(a.byline)}</a></span>' if a.byline else ""
    read_also = (
        f'<div class="read-also"><strong>اقرأ أيضاً:</strong> <a href="{base}{others[0].path}">'
        f"{_e(others[0].headline)}</a></div>"
    )
    tags = "".join(f'<a href="{base}/nabd/tag/{_e(t)}">{_e(t)}</a> ' for t in a.tags)
    ld_json = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{_e(a.headline)} | {_e(outlet.name_ar)}</title>
<meta name="description" content="{_e(a.summary)}">
<meta name="keywords" content="{_e("، ".join(a.tags))}">
<meta property="og:type" content="article"><meta property="og:title" content="{_e(a.headline)}">
<meta property="og:site_name" content="{_e(outlet.name_ar)}"><meta property="og:image" content="{base}/nabd/img/{n}.jpg">
<meta property="article:published_time" content="{a.published_at}">
{f'<meta property="article:modified_time" content="{a.modified_at}">' if a.modified_at else ""}
<link rel="canonical" href="{base}{a.path}">
<script type="application/ld+json">{ld_json}</script>
<style>.ticker{{color:red}} .ad-slot{{min-height:90px}}</style>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "news"}});</script>
</head><body>
<header class="site-header"><div class="logo"><a href="{base}/nabd/"><img src="{base}/nabd/logo.png" alt="{_e(outlet.name_ar)}"></a></div>
<nav class="main-menu"><ul><li><a href="{base}/nabd/">الرئيسية</a></li><li><a href="{base}/nabd/section/local.html">محليات</a></li>
<li><a href="#">اقتصاد</a></li><li><a href="#">رياضة</a></li><li><a href="#">{b[9]}</a></li></ul></nav></header>
<div class="ticker"><span>{b[0]}</span></div>
<div class="ad-slot ad-top">{b[7]}</div>
<main class="container"><article class="post">
<div class="breadcrumbs"><a href="{base}/nabd/">الرئيسية</a> › <a href="#">{_e(a.section)}</a></div>
<h1 class="post-title">{_e(a.headline)}</h1>
<div class="post-meta">{byline} <span class="post-date">{levant_date(a.published_at)}</span> {modified}</div>
<p class="lead">{_e(a.summary)}</p>
{highlights}
<figure class="post-image"><img src="{base}/nabd/img/{n}.jpg" alt="{_e(a.headline)}">
<figcaption>صورة من موقع الحدث. {b[4]}</figcaption></figure>
<div class="share-bar">{b[1]}: <a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<div class="post-content entry-content">
{_paragraphs(a, read_also, f'<div class="ad-slot ad-inline">{b[7]}</div>')}
</div>
<div class="post-tags">الوسوم: {tags}</div>
</article>
<section class="related-posts"><h3>اقرأ أيضاً</h3><ul>{_links(base, others[1:4])}</ul></section>
<section id="comments" class="comments"><h3>التعليقات (1)</h3>
<div class="comment"><p>{b[6]}</p></div><p class="comment-policy">{b[5]}</p></section>
</main>
<aside class="sidebar"><div class="most-read"><h3>الأكثر قراءة</h3><ol><li><a href="#">{b[8]}</a></li>{_links(base, others[4:6])}</ol></div>
<div class="newsletter"><p>{b[2]}</p><form><input type="email"><button>اشترك</button></form></div></aside>
<footer class="site-footer"><p>{b[3]} © 2026</p><a href="#">من نحن</a> <a href="#">اتصل بنا</a></footer>
</body></html>"""


def wadi_page(a: DemoArticle, outlet: DemoOutlet, base: str, others: Sequence[DemoArticle], n: int) -> str:
    """An Egyptian portal: no date meta, only «نُشر في: …» with ص/م; «h2» lead; «أبرز النقاط» box."""
    b = WADI_BOILERPLATE
    highlights = (
        '<div class="highlights-box"><h4>أبرز النقاط</h4><ol>'
        + "".join(f"<li>{_e(h)}</li>" for h in a.highlights)
        + "</ol></div>"
        if a.highlights
        else ""
    )
    byline = f'<div class="writer">{_e(a.byline)}</div>' if a.byline else ""
    read_also = f'<p><strong>اقرأ أيضا: </strong><a href="{base}{others[0].path}">{_e(others[0].headline)}</a></p>'
    inject = (
        f'<div class="related-inline"><img src="{base}/wadi/img/r{n}.jpg" alt=""><a href="{base}{others[1].path}">'
        f"{_e(others[1].headline)}</a></div>"
    )
    return f"""<!DOCTYPE html>
<html lang="ar"><head><meta charset="utf-8">
<title>{_e(outlet.name_ar)} - {_e(a.headline)}</title>
<meta property="og:type" content="article"><meta property="og:title" content="{_e(outlet.name_ar)} - {_e(a.headline)}">
<meta property="og:description" content="{_e(a.summary)}">
<meta property="og:url" content="{base}{a.path}">
<meta property="og:image" content="{base}/wadi/img/{n}.jpg">
<script src="{base}/wadi/js/app.js"></script>
</head><body class="wadi">
<div id="top-bar"><a href="{base}/wadi/">{_e(outlet.name_ar)}</a> <span class="breaking">{b[0]}</span></div>
<ul id="menu"><li><a href="#">أخبار مصر</a></li><li><a href="#">محافظات</a></li><li><a href="#">الرياضة</a></li>
<li><a href="#">{b[9]}</a></li></ul>
<div class="ads">{b[7]}</div>
<div id="content"><div class="article">
<h1>{_e(a.headline)}</h1>
<h2>{_e(a.summary)}</h2>
{byline}
<div class="date-line">نُشر في: {egypt_date(a.published_at, eastern=n % 2 == 1)}</div>
{highlights}
<div class="img-wrap"><img src="{base}/wadi/img/{n}.jpg" alt="صورة أرشيفية"><span class="img-cap">{b[4]}</span></div>
<div id="articleBody" class="article-text">
{_paragraphs(a, read_also, f'<div class="ads">{b[7]}</div>')}
{inject}
</div>
<div class="social">{b[1]}</div>
<div class="app-promo">{b[2]}</div>
</div>
<div class="comments"><h3>تعليقات القراء</h3><p>{b[6]}</p><a href="#">{b[5]}</a></div>
<div class="most-viewed"><h3>{b[9]}</h3><ul><li><a href="#">{b[8]}</a></li>{_links(base, others[2:5])}</ul></div>
</div>
<div id="footer">{b[3]} 2026</div>
</body></html>"""


def maghreb_page(a: DemoArticle, outlet: DemoOutlet, base: str, others: Sequence[DemoArticle], n: int) -> str:
    """A Moroccan site in windows-1256: «p.chapeau» lead, bullet paragraphs for key points, «p.auteur»."""
    b = MAGHREB_BOILERPLATE
    highlights = (
        '<div class="article-points">' + "".join(f"<p>• {_e(h)}</p>" for h in a.highlights) + "</div>"
        if a.highlights
        else ""
    )
    byline = f'<p class="auteur">{_e(a.byline)}</p>' if a.byline else ""
    read_also = (
        f'<aside class="lire-aussi"><h4>اقرأ أيضا</h4><a href="{base}{others[0].path}">{_e(others[0].headline)}</a>'
        "</aside>"
    )
    modified = f'<meta property="article:modified_time" content="{a.modified_at}">' if a.modified_at else ""
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>{_e(a.headline)} - {_e(outlet.name_ar)}</title>
<meta name="description" content="{_e(a.summary)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{a.published_at}">{modified}
<meta name="news_keywords" content="{_e(",".join(a.tags))}">
<link rel="canonical" href="{base}{a.path}">
</head><body>
<div class="header"><a class="logo" href="{base}/maghreb/">{_e(outlet.name_ar)}</a>
<div class="nav"><a href="#">سياسة</a> <a href="#">اقتصاد</a> <a href="#">{b[9]}</a></div></div>
<div class="breaking-news">{b[0]}</div>
<div class="pub">{b[7]}</div>
<div class="main"><div class="node-article">
<span class="rubrique">{_e(a.section)}</span>
<h1 class="titre">{_e(a.headline)}</h1>
<p class="chapeau">{_e(a.summary)}</p>
{byline}
<span class="date">{morocco_date(a.published_at)}</span>
{highlights}
<div class="photo"><img src="{base}/maghreb/img/{n}.jpg" alt=""><p class="credit">{b[4]}</p></div>
<div class="corps">
{_paragraphs(a, read_also, f'<div class="pub">{b[7]}</div>')}
</div>
<div class="partage share">{b[1]}</div>
</div>
<div class="newsletter">{b[2]}</div>
<div id="commentaires" class="comments"><p>{b[6]}</p><p class="regles">{b[5]}</p></div>
<div class="popular"><h3>الأكثر قراءة</h3><ul><li><a href="#">{b[8]}</a></li>{_links(base, others[2:4])}</ul></div>
</div>
<div class="footer">{b[3]} - 2026</div>
</body></html>"""


def listing_page(title: str, outlet: DemoOutlet, base: str, articles: Sequence[DemoArticle]) -> str:
    """A homepage or section page: headlines and links, no article."""
    items = "".join(
        f'<li><a href="{base}{a.path}">{_e(a.headline)}</a><span class="time">{a.published_at[:10]}</span></li>'
        for a in articles
    )
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{_e(title)} | {_e(outlet.name_ar)}</title><meta property="og:type" content="website"></head>
<body><nav class="main-menu"><a href="{base}/{outlet.id}/">الرئيسية</a></nav><h1>{_e(title)}</h1>
<ul class="news-list">{items}</ul><footer>{_e(outlet.name_ar)}</footer></body></html>"""


def video_page(outlet: DemoOutlet, base: str, slug: str) -> str:
    """A video-only page: a player and one caption line, no article text."""
    return f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8">
<title>فيديو: لقطات من افتتاح المعرض | {_e(outlet.name_ar)}</title>
<meta property="og:type" content="video.other"></head>
<body><div id="top-bar"><a href="{base}/{outlet.id}/">{_e(outlet.name_ar)}</a></div>
<h1>فيديو: لقطات من افتتاح المعرض</h1>
<video controls src="{base}/{outlet.id}/media/{slug}.mp4"></video>
<p class="video-caption">مشاهد مصورة من حفل الافتتاح.</p>
<div id="footer">{WADI_BOILERPLATE[3]}</div></body></html>"""
