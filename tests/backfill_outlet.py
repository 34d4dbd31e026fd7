"""A loopback outlet with an archive: a sitemap index of monthly sitemaps (for tests of `akhbar backfill`).

The index lists five archive sitemaps: March (old by its ``<lastmod>`` only), April (old by its dated
name only), May (gzip, with one April article listed late), June (a Google News sitemap) and July
(dated by its query string only, no ``<lastmod>``). A backfill from 2024-05-01 wants the twelve
articles of May, June and July and none of the five older ones. The texts are our own.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass

SINCE = "2024-05-01"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
HTML = "text/html; charset=utf-8"
XML = "application/xml"

# Towns and the news of each: one short article per (topic, town).
_TOPICS = (
    (
        "افتتاح مكتبة عامة في {town}",
        [
            "افتتحت بلدية {town} مكتبة عامة جديدة في مبنى المدرسة القديمة بعد ترميمه بالكامل.",
            "وتضم المكتبة قاعة للمطالعة وركناً لكتب الأطفال ومختبراً صغيراً للحاسوب مفتوحاً للجميع.",
            "وقال أمين المكتبة إن الدخول مجاني وإن ساعات العمل تمتد حتى المساء طوال أيام الأسبوع.",
        ],
    ),
    (
        "موسم قطاف الزيتون يبدأ مبكراً في {town}",
        [
            "بدأ المزارعون في {town} قطاف الزيتون قبل موعده المعتاد بأسبوعين بسبب حرارة الصيف.",
            "وتوقعت الجمعية التعاونية أن يكون المحصول أقل من العام الماضي لكن بجودة زيت أعلى.",
            "وأعلنت المعصرة المحلية أنها ستعمل على مدار الساعة لاستقبال الثمار من القرى المجاورة.",
        ],
    ),
    (
        "طريق جديد يربط {town} بالطريق السريع",
        [
            "أنهت وزارة الأشغال رصف طريق جديد بطول اثني عشر كيلومتراً يربط {town} بالطريق السريع.",
            "ويختصر الطريق زمن الرحلة إلى المدينة إلى النصف بعد أن كان السكان يسلكون درباً ترابياً ضيقاً.",
            "وقال مهندس المشروع إن الإنارة والإشارات المرورية ستركب خلال الشهر المقبل.",
        ],
    ),
    (
        "مهرجان للتراث الشعبي في {town}",
        [
            "انطلق في ساحة {town} مهرجان للتراث الشعبي يستمر ثلاثة أيام بمشاركة فرق من عدة محافظات.",
            "ويعرض المهرجان أعمالاً يدوية من التطريز والفخار إلى جانب أمسيات للغناء والدبكة.",
            "وأكدت اللجنة المنظمة أن ريع المعرض سيخصص لدعم الحرفيات من نساء البلدة.",
        ],
    ),
    (
        "حملة لتنظيف الشاطئ في {town}",
        [
            "شارك مئات المتطوعين في {town} في حملة لتنظيف الشاطئ وجمع البلاستيك من الرمال.",
            "ووزعت جمعية البيئة أكياساً وقفازات على المشاركين ونظمت ورشة عن إعادة التدوير.",
            "وقالت رئيسة الجمعية إن الحملة ستتكرر في بداية كل شهر حتى نهاية فصل الصيف.",
        ],
    ),
    (
        "عيادة متنقلة تزور قرى {town}",
        [
            "بدأت عيادة طبية متنقلة جولة على القرى التابعة لبلدة {town} لتقديم الفحوص المجانية.",
            "وتضم العيادة طبيباً عاماً وطبيبة أطفال وممرضين وتقدم اللقاحات الموسمية لكبار السن.",
            "وأوضحت مديرية الصحة أن العيادة ستزور كل قرية مرتين في الشهر وفق جدول معلن.",
        ],
    ),
)
_TOWNS = ("وادي الريحان", "تل الصفصاف", "عين الجوز", "كفر النخيل", "رأس البحر", "المنارة")


@dataclass(frozen=True, slots=True)
class Story:
    path: str
    headline: str
    published: str  # ISO date-time with offset
    paragraphs: tuple[str, ...]

    @property
    def wanted(self) -> bool:
        return self.published >= SINCE


def _stories() -> list[Story]:
    # (month, day) of each article; the last one (April 28) is listed late, in May's sitemap.
    dates = [(3, 4), (3, 19), (4, 7), (4, 22), (5, 2), (5, 9), (5, 17), (5, 30)]
    dates += [(6, 1), (6, 11), (6, 20), (6, 29), (7, 3), (7, 8), (7, 15), (7, 27), (4, 28)]
    stories = []
    for number, (month, day) in enumerate(dates):
        headline, paragraphs = _TOPICS[number % len(_TOPICS)]
        town = _TOWNS[(number % len(_TOPICS) + number // len(_TOPICS)) % len(_TOWNS)]
        stories.append(
            Story(
                path=f"/akhbar/2024/{month:02d}/{number + 1}.html",
                headline=headline.format(town=town),
                published=f"2024-{month:02d}-{day:02d}T09:30:00+03:00",
                paragraphs=tuple(p.format(town=town) for p in paragraphs),
            )
        )
    return stories


STORIES = _stories()
WANTED = [s for s in STORIES if s.wanted]
OLD = [s for s in STORIES if not s.wanted]


def _page(story: Story) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{story.headline} | الوادي'
        f'</title><meta property="article:published_time" content="{story.published}"></head><body>'
        f'<nav><a href="/">الرئيسية</a></nav><article><h1>{story.headline}</h1><div class="article-body">{body}'
        "</div></article><footer>جميع الحقوق محفوظة لموقع الوادي</footer></body></html>"
    ).encode()


def _urlset(base: str, stories: list[Story], *, news: bool = False) -> bytes:
    urls = []
    for story in stories:
        if news:
            extra = (
                "<news:news><news:publication><news:name>الوادي</news:name><news:language>ar</news:language>"
                f"</news:publication><news:publication_date>{story.published}</news:publication_date>"
                f"<news:title>{story.headline}</news:title></news:news>"
            )
        else:
            extra = f"<lastmod>{story.published}</lastmod>"
        urls.append(f"<url><loc>{base}{story.path}</loc>{extra}</url>")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">'
        f"{''.join(urls)}</urlset>"
    ).encode()


# Archive sitemaps: path → (its <lastmod> in the index or None, the months it lists).
ARCHIVE = {
    "/sitemaps/older.xml": ("2024-03-31T22:00:00+03:00", (3,)),
    "/sitemaps/sitemap-2024-04.xml": (None, (4,)),
    "/sitemaps/2024/05.xml.gz": ("2024-05-30T12:00:00+03:00", (5,)),
    "/sitemaps/2024/06.xml": ("2024-06-29T12:00:00+03:00", (6,)),
    "/sitemaps/archive.php?yyyy=2024&mm=07": (None, (7,)),
}
SKIPPED_SITEMAPS = ("/sitemaps/older.xml", "/sitemaps/sitemap-2024-04.xml")
LATE = STORIES[-1]  # an April article listed in May's sitemap


def routes(base: str) -> dict[str, tuple[int, str, bytes]]:
    """Every page of the outlet: robots.txt, a feed (which a backfill never reads), the sitemaps, articles."""
    children = "".join(
        f"<sitemap><loc>{base}{path.replace('&', '&amp;')}</loc>"
        + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
        + "</sitemap>"
        for path, (lastmod, _) in ARCHIVE.items()
    )
    index = f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="{SITEMAP_NS}">{children}</sitemapindex>'
    by_month = {m: [s for s in STORIES[:-1] if int(s.published[5:7]) == m] for m in range(3, 8)}
    out = {
        "/robots.txt": (200, "text/plain", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap_index.xml\n".encode()),
        "/sitemap_index.xml": (200, XML, index.encode()),
        "/feed.xml": (200, "application/rss+xml", b"<rss version='2.0'><channel><title>x</title></channel></rss>"),
        "/sitemaps/older.xml": (200, XML, _urlset(base, by_month[3])),
        "/sitemaps/sitemap-2024-04.xml": (200, XML, _urlset(base, by_month[4])),
        "/sitemaps/2024/05.xml.gz": (200, "application/x-gzip", gzip.compress(_urlset(base, [*by_month[5], LATE]))),
        "/sitemaps/2024/06.xml": (200, XML, _urlset(base, by_month[6], news=True)),
        "/sitemaps/archive.php": (200, XML, _urlset(base, by_month[7])),
    }
    out |= {story.path: (200, HTML, _page(story)) for story in STORIES}
    return out


def sources_toml(base: str, *, sitemaps: bool) -> str:
    """The outlet's registry entry: its sitemap index declared, or left to robots.txt."""
    listed = f'sitemaps = ["{base}/sitemap_index.xml"]\n' if sitemaps else ""
    return (
        f'[[sources]]\nid = "wadi"\nname = "Al-Wadi"\nname_ar = "الوادي"\nhomepage = "{base}/"\n'
        f'feeds = ["{base}/feed.xml"]\n{listed}country = "JO"\nlanguage = "ar"\n'
    )
