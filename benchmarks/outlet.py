"""A loopback outlet of N generated articles for the throughput benchmark, served on 127.0.0.1.

Every page is built on request from its index, deterministically, with the demo outlets' templates
(``crawler.demo.pages``): each article gets one of the three CMS layouts and its boilerplate (menus,
tickers, share bars, «اقرأ أيضاً» boxes, comments, footers; the ticker's breaking line rotates), and its
own text: a headline that no other article has, a lead, 4–12 paragraphs drawn from a pool of original
sentences in a per-article order, and one sentence with figures derived from the index, so that no two
bodies are equal (the crawl would drop a copy as ``duplicate_content``). Nothing is held in memory
per article, so N = 10,000 costs no more to serve than N = 100.

RSS feeds list the articles newest first, ``per_feed`` to a feed; every other feed adds tracking
parameters to its links as many CMSes do.

    with OutletServer(BenchOutlet(2000)) as server:
        server.base_url, server.outlet.feed_urls(server.base_url)
"""

from __future__ import annotations

import json
import math
import random
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Final
from zoneinfo import ZoneInfo

from crawler.demo import OUTLETS, DemoArticle, DemoOutlet, feeds, pages

DEFAULT_ARTICLES: Final = 2000
DEFAULT_SEED: Final = 2026
DEFAULT_PER_FEED: Final = 200
SOURCE_ID: Final = "throughput"

# Pages are dated backwards from here, one article every 37 minutes (10,000 articles span 257 days).
_NEWEST: Final = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
_SPACING: Final = timedelta(minutes=37)
# The feeds' own outlet: the articles' pages keep the demo outlet of their template.
_FEED_OUTLET: Final = DemoOutlet(SOURCE_ID, "Throughput Bench Outlet", "مرصد الأخبار", "LB", "Asia/Beirut", "utf-8", ())
_RENDERERS: Final = {"nabd": pages.nabd_page, "wadi": pages.wadi_page, "maghreb": pages.maghreb_page}
_BOILERPLATE: Final = {
    "nabd": pages.NABD_BOILERPLATE,
    "wadi": pages.WADI_BOILERPLATE,
    "maghreb": pages.MAGHREB_BOILERPLATE,
}
# How many other articles a template links to (read-also box, related, most read).
_OTHERS: Final = 6
# Where the search for the headline stride starts (a prime, so neighbours get unrelated headlines).
_STRIDE_START: Final = 7919

# --- Headlines: topic × place × angle, a different combination for every article ------------------------
TOPICS: Final = (
    "إطلاق خطة لتوسيع شبكة الحافلات",
    "افتتاح مركز صحي جديد",
    "تأجيل مشروع تأهيل الطريق الساحلي",
    "بدء أعمال ترميم السوق القديم",
    "إقرار ميزانية إضافية للمدارس الحكومية",
    "مخاوف من نقص مياه الشرب",
    "ارتفاع أسعار الخضار والفواكه",
    "إضراب عمال النظافة",
    "انطلاق مهرجان المسرح المحلي",
    "تدشين محطة للطاقة الشمسية",
    "تعديل مواعيد الدوام في الدوائر الرسمية",
    "توسعة قسم الطوارئ في المستشفى العام",
    "حملة لتنظيف الشواطئ",
    "خطة لإعادة تنظيم الأسواق الشعبية",
    "ندوة حول مستقبل الصحافة المحلية",
    "إعادة فتح الجسر القديم أمام السيارات",
    "برنامج لدعم المشاريع الصغيرة",
    "تحقيق في صفقات البناء البلدية",
    "تراجع أعداد السياح",
    "زيادة رسوم مواقف السيارات",
    "تشجير الأحياء الجديدة",
    "اكتظاظ الفصول الدراسية",
    "معرض للكتاب المستعمل",
    "انقطاع الكهرباء عن عدد من الأحياء",
    "مشروع لتحلية مياه البحر",
    "تأهيل الحدائق العامة",
    "مسابقة لتوظيف المعلمين",
    "افتتاح خط جوي جديد",
    "قيود جديدة على البناء العشوائي",
    "تخفيض أسعار تذاكر القطارات",
    "ترميم المكتبة البلدية",
    "إطلاق منصة إلكترونية للخدمات البلدية",
)
PLACES: Final = (
    "بيروت",
    "طرابلس",
    "صيدا",
    "القاهرة",
    "الإسكندرية",
    "المنيا",
    "أسوان",
    "الدار البيضاء",
    "فاس",
    "مراكش",
    "طنجة",
    "عمان",
    "إربد",
    "تونس",
    "صفاقس",
    "الجزائر",
    "وهران",
    "بغداد",
    "البصرة",
    "دمشق",
    "حلب",
    "الرياض",
    "جدة",
    "مسقط",
    "الخرطوم",
)
ANGLES: Final = (
    "بعد عامين من التأخير",
    "وسط مطالب بمزيد من الشفافية",
    "قبل بداية فصل الشتاء",
    "بتمويل محلي ودعم دولي",
    "رغم اعتراض بعض السكان",
    "وفق جدول زمني جديد",
    "بمشاركة واسعة من الشباب",
    "في ظل أزمة اقتصادية خانقة",
    "استجابة لشكاوى المواطنين",
    "بحضور مسؤولين محليين",
    "مع نهاية الموسم الصيفي",
    "وسط ترحيب من التجار",
    "بعد جدل في المجلس البلدي",
    "ضمن خطة التنمية الحضرية",
    "لأول مرة منذ عقد",
    "على مراحل تمتد ثلاث سنوات",
    "بكلفة تفوق التقديرات الأولية",
    "وسط انتقادات من المعارضة",
    "بالتعاون مع الجامعات",
    "في انتظار قرار الحكومة",
)
HEADLINE_CAPACITY: Final = len(TOPICS) * len(PLACES) * len(ANGLES)

# --- Body text ---------------------------------------------------------------------------------------------
# The first sentence of every body and the lead: {topic} and {place} filled in (the topic is never the
# subject of a verb, so the sentence agrees whatever its gender).
OPENINGS: Final = (
    "شهدت {place} خلال الأيام الماضية {topic}، في خطوة أثارت اهتمام السكان والمتابعين للشأن المحلي.",
    "تتواصل في {place} ردود الفعل على {topic}، بعد أن أكدت الجهات الرسمية المعلومات التي تداولها السكان.",
    "أعلنت السلطات المحلية في {place} تفاصيل جديدة بشأن {topic}، مؤكدة أنها ستتابع الملف بصورة دورية.",
    "يتابع سكان {place} باهتمام ملف {topic}، الذي بات حديث المجالس والمقاهي في الأسابيع الأخيرة.",
    "عاد الحديث في {place} عن {topic}، بعد اجتماع مطول عقده المجلس المحلي مساء أمس.",
    "كشفت وثائق اطلعت عليها الصحيفة تفاصيل تتعلق ب{topic} في {place}، لم يعلن عنها من قبل.",
)
LEADS: Final = (
    "تقرير عن {topic} في {place}، وما تقوله الجهات الرسمية والسكان عن المرحلة المقبلة.",
    "ما الذي يعنيه {topic} بالنسبة لسكان {place}؟ مسؤولون وخبراء يجيبون عن أبرز الأسئلة.",
    "تفاصيل جديدة حول {topic} في {place}، مع أرقام رسمية وشهادات من الميدان.",
    "في {place}، نقاش واسع حول {topic} بين المسؤولين والسكان بشأن الأولويات والكلفة.",
    "متابعة لملف {topic} في {place} منذ الإعلان عنه وحتى آخر المستجدات.",
    "الجهات المعنية في {place} تكشف خطواتها المقبلة بشأن {topic}، وسط ترقب من السكان.",
)
# One per article, with figures from its index: what makes every body different from every other.
FIGURES: Final = (
    "وبحسب الأرقام الرسمية، بلغ عدد المستفيدين حتى الآن {a} شخصاً، فيما ينتظر {b} آخرون دورهم في المرحلة التالية.",
    "وقدرت الجهات المختصة الكلفة الإجمالية بنحو {a} ألف دينار، منها {b} ألفاً للمرحلة الأولى.",
    "وسجلت المصالح المختصة {a} طلباً منذ فتح باب التسجيل، قبلت {b} منها حتى الآن.",
    "وأظهرت سجلات البلدية أن {a} أسرة تقيم في المنطقة المعنية، بينها {b} أسرة تسكن في مبان قديمة.",
)
SENTENCES: Final = (
    "وقال مسؤول في البلدية إن الأعمال ستنفذ على مراحل حتى لا تتعطل حركة السير في الشوارع الرئيسية.",
    "وأوضح المتحدث باسم الوزارة أن الميزانية المرصودة للمشروع تكفي لتغطية المرحلة الأولى فقط.",
    "وطالب عدد من السكان بإشراكهم في النقاش قبل اتخاذ أي قرار نهائي يمس أحياءهم.",
    "وتشير بيانات رسمية إلى أن الطلب على الخدمة ارتفع بشكل ملحوظ خلال العامين الماضيين.",
    "وأكدت اللجنة المشرفة أنها ستنشر تقريراً مفصلاً عن سير الأعمال كل ثلاثة أشهر.",
    "ويرى خبراء أن نجاح الخطة مرهون بتوفير التمويل في الوقت المحدد وبمتابعة دقيقة للتنفيذ.",
    "وكانت الحكومة قد وعدت العام الماضي بتحسين الخدمات العامة في المناطق الطرفية.",
    "وفي المقابل، انتقدت جمعيات محلية غياب الشفافية في إرساء العقود على الشركات المنفذة.",
    "وقالت موظفة في أحد المكاتب الحكومية إن الإقبال كان كبيراً منذ الساعات الأولى من الصباح.",
    "وأشار التقرير إلى أن نسبة الإنجاز تجاوزت النصف في معظم المواقع التي شملتها الزيارة.",
    "ولم يصدر حتى الآن أي تعليق رسمي على الانتقادات التي وجهها نواب في البرلمان.",
    "ويأمل التجار أن تسهم الخطوة في تنشيط الحركة التجارية بعد أشهر من الركود.",
    "ودعت السلطات المواطنين إلى التقيد بالإرشادات المنشورة على الموقع الإلكتروني الرسمي.",
    "وبحسب مصادر مطلعة، فإن الاجتماع المقبل سيخصص لمناقشة الجدول الزمني للتنفيذ.",
    "وتتوقع الجهات المعنية أن يستفيد من البرنامج آلاف الأسر في المرحلة الأولى.",
    "وأضاف رئيس الجمعية أن المبادرة تحتاج إلى دعم أوسع من القطاع الخاص كي تستمر.",
    "وتعاني المنطقة منذ سنوات من نقص في المرافق العامة ومن ضعف شبكة الطرق.",
    "وقال أحد المزارعين إن تأخر الأمطار هذا الموسم زاد من أعباء الري على صغار المنتجين.",
    "وشهدت الأسواق خلال الأسبوع الماضي ارتفاعاً في أسعار بعض المواد الغذائية الأساسية.",
    "ونظمت الجامعة ورشة عمل لمناقشة سبل ربط البحث العلمي بحاجات سوق العمل.",
    "وأعلنت إدارة المستشفى تمديد ساعات العمل في العيادات الخارجية لتخفيف الضغط عن قسم الطوارئ.",
    "وأكد مدير المدرسة أن الفصول الجديدة ستكون جاهزة لاستقبال التلاميذ مطلع الفصل الدراسي المقبل.",
    "ويقول سكان الحي إن انقطاع المياه المتكرر أجبرهم على شراء الصهاريج بأسعار مرتفعة.",
    "وتعمل فرق الصيانة على مدار الساعة لإصلاح الأعطال التي خلفتها العاصفة الأخيرة.",
    "واعتبر محللون اقتصاديون أن القرار سيخفف جزئياً من أعباء الشركات الصغيرة والمتوسطة.",
    "وأوضحت الهيئة أن الرسوم الجديدة لن تطبق على الأسر ذات الدخل المحدود.",
    "ويشارك في المعرض أكثر من مئة عارض من داخل البلاد وخارجها.",
    "وقال منظمو المهرجان إن الدورة الحالية تركز على المواهب الشابة والأعمال الأولى.",
    "وتسعى البلدية إلى زيادة المساحات الخضراء في الأحياء المكتظة بالسكان.",
    "وأشاد ممثلو الغرفة التجارية بالحوار الذي سبق إقرار التعديلات الأخيرة.",
    "ولفت المسؤول إلى أن التأخير يعود إلى إجراءات إدارية تتعلق بنزع الملكية وتعويض الملاك.",
    "وتوقعت مصلحة الأرصاد الجوية استمرار انخفاض درجات الحرارة حتى نهاية الأسبوع.",
    "وبدأت الشرطة تحقيقاً لمعرفة ملابسات الحادث الذي وقع مساء أمس قرب المدخل الشمالي للمدينة.",
    "وذكر شهود عيان أن فرق الإسعاف وصلت إلى المكان بعد دقائق من تلقي البلاغ.",
    "وتضم اللجنة ممثلين عن الوزارات المعنية وعن المجتمع المدني والجامعات.",
    "وأعرب أولياء الأمور عن ارتياحهم لتخفيف الاكتظاظ في الفصول الدراسية.",
    "ويرى باحث في الشؤون الحضرية أن المدينة تحتاج إلى رؤية شاملة بدل الحلول الجزئية.",
    "وتأتي هذه الخطوة في إطار خطة وطنية لتحديث البنية التحتية تمتد على خمس سنوات.",
    "وشدد الوزير خلال زيارته الميدانية على ضرورة احترام معايير السلامة في مواقع العمل.",
    "وأظهر استطلاع للرأي أن غالبية المشاركين يؤيدون المشروع مع تحفظات على كلفته.",
    "وتواجه الشركات المنفذة صعوبات في توفير بعض المواد المستوردة بسبب ارتفاع أسعار الشحن.",
    "وقالت ناشطة في مجال البيئة إن المشروع يجب أن يخضع لدراسة أثر بيئي مستقلة.",
    "وأكدت المصادر أن المفاوضات مع الجهات المانحة بلغت مراحلها الأخيرة.",
    "وسيفتح باب التسجيل إلكترونياً لمدة أسبوعين اعتباراً من الأحد المقبل.",
    "وقدرت الغرفة الزراعية الخسائر الأولية بملايين الدنانير بحسب حصيلة غير نهائية.",
    "ويعمل في القطاع عشرات الآلاف من العمال، معظمهم من الشباب الباحثين عن أول وظيفة.",
    "واستقبلت المكتبة العامة خلال الشهر الماضي عدداً قياسياً من الزوار.",
    "وقال مدرب الفريق إن اللاعبين جاهزون للمباراة رغم غياب اثنين من المصابين.",
    "ودعا نقابيون إلى فتح حوار جدي حول الأجور وظروف العمل في القطاع.",
    "ويتضمن البرنامج دورات تدريبية مجانية في البرمجة والتسويق الرقمي.",
    "وأفاد مصدر في الميناء بأن حركة السفن عادت إلى طبيعتها بعد توقف دام يومين.",
    "وأشارت دراسة حديثة إلى أن الأسر تنفق نحو ثلث دخلها على السكن والنقل.",
    "ويتوقع أن تعلن النتائج النهائية قبل نهاية الشهر الجاري.",
    "وطالبت المعارضة بنشر تفاصيل الاتفاق كاملة أمام الرأي العام.",
    "وتشهد المدينة القديمة أعمال ترميم واسعة تشمل الأسواق والمباني التاريخية.",
    "ودعا أطباء إلى تلقي اللقاحات الموسمية قبل ذروة انتشار الإنفلونزا.",
    "وأكد ممثل عن المقاولين أن الأسعار الحالية لا تغطي الكلفة الحقيقية للمواد.",
    "ويقول أصحاب المحلات إن الزبائن باتوا يشترون الضروريات فقط منذ بداية العام.",
    "وخصصت الوزارة خطاً هاتفياً مجانياً لتلقي الشكاوى والاستفسارات طوال أيام الأسبوع.",
    "وتعهد المحافظ بمحاسبة كل من يثبت تقصيره في أداء واجبه تجاه المواطنين.",
    "وأوضح مهندس في الموقع أن فرق العمل تستخدم معدات حديثة لتسريع الإنجاز.",
    "ويخشى سكان القرى المجاورة من أن يؤدي المشروع إلى ارتفاع حركة الشاحنات في طرقهم الضيقة.",
    "وقالت رئيسة الجمعية النسائية إن النساء يشكلن أكثر من نصف المستفيدين من البرنامج.",
    "ونقلت وسائل إعلام محلية عن مصدر رسمي أن القرار قابل للمراجعة بعد ستة أشهر.",
    "وتعرضت المنطقة خلال الشتاء الماضي لفيضانات ألحقت أضراراً بالمنازل والمحاصيل.",
    "وأعلنت شركة الاتصالات عن خطة لتحسين تغطية الإنترنت في الأرياف.",
    "وقال طالب جامعي إن كلفة النقل اليومي تستهلك جزءاً كبيراً من مصروفه الشهري.",
    "وتعد هذه المبادرة الأولى من نوعها على مستوى البلاد منذ سنوات طويلة.",
    "وأبدى مستثمرون اهتماماً بالمشاركة في المشروع إذا توفرت ضمانات قانونية كافية.",
    "وحذر خبراء المياه من استنزاف الآبار الجوفية بسبب الحفر غير المرخص.",
    "وأكد مسؤول الإعلام في الهيئة أن الموقع الإلكتروني سيحدث المعلومات يومياً.",
    "وتنتظر عشرات العائلات تسلم مساكنها الجديدة منذ أكثر من عامين.",
    "ونظم متطوعون حملة لجمع التبرعات لصالح الأسر المتضررة.",
    "وقال صياد في الميناء القديم إن كميات الصيد تراجعت بشكل واضح هذا العام.",
    "وبينت الإحصاءات أن حوادث السير تراجعت بعد تركيب الإشارات الضوئية الجديدة.",
    "وأعلن الاتحاد المحلي لكرة القدم عن تأجيل عدد من المباريات بسبب سوء الأحوال الجوية.",
    "وأشار مسؤول في المالية إلى أن العائدات الضريبية تجاوزت التوقعات في الربع الأخير.",
    "ويطالب المعلمون بتحسين ظروف العمل وتوفير الوسائل التعليمية الحديثة.",
    "وافتتح في المدينة الأسبوع الماضي أول مركز لإعادة تدوير النفايات الإلكترونية.",
)
HIGHLIGHTS: Final = (
    "الأعمال تنفذ على ثلاث مراحل لتفادي تعطيل حركة السير.",
    "الكلفة الإجمالية تتجاوز التقديرات الأولية بنحو الخمس.",
    "السكان يطالبون بإشراكهم في القرارات التي تمس أحياءهم.",
    "اللجنة المشرفة تنشر تقريراً عن سير الأعمال كل ثلاثة أشهر.",
    "التمويل مؤمن للمرحلة الأولى فقط حتى الآن.",
    "الجهات المانحة تدرس طلباً لتمويل إضافي.",
    "التسجيل إلكتروني ويستمر أسبوعين.",
    "المرحلة الثانية تبدأ مطلع العام المقبل.",
    "نواب في البرلمان يطالبون بتوضيحات من الحكومة.",
    "الأسر ذات الدخل المحدود معفاة من الرسوم الجديدة.",
    "خط هاتفي مجاني لتلقي الشكاوى طوال الأسبوع.",
    "نسبة الإنجاز تجاوزت النصف في معظم المواقع.",
)
MEN: Final = ("خالد منصور", "يوسف العمري", "طارق الزين", "مروان حداد", "عمر بن سالم", "نبيل عيسى", "رامي الخطيب")
WOMEN: Final = ("ليلى عباس", "هدى الشريف", "سلمى التازي", "ريم الصالح", "أمل يونس", "دينا فاروق", "سارة المهيري")
SECTIONS: Final = ("محليات", "اقتصاد", "مجتمع", "صحة", "تعليم", "ثقافة", "نقل", "بيئة", "مدن", "أخبار وطنية")
TAGS: Final = (
    "البلدية",
    "البنية التحتية",
    "الخدمات العامة",
    "الاقتصاد المحلي",
    "التعليم",
    "الصحة",
    "النقل",
    "البيئة",
    "الثقافة",
    "الشباب",
    "المياه",
    "الطاقة",
    "السكن",
    "الأسعار",
)
# The ticker's breaking line, one of these per page (the demo templates print a fixed one).
BREAKING: Final = (
    "عاجل: إغلاق مؤقت للطريق السريع بسبب أعمال صيانة ليلية",
    "عاجل: تمديد موعد دفع فواتير الكهرباء حتى نهاية الشهر",
    "عاجل: الأرصاد تحذر من رياح قوية على السواحل",
    "عاجل: إعلان نتائج مسابقة التوظيف في القطاع العام",
    "عاجل: تعليق الدراسة غداً في المناطق الجبلية",
    "عاجل: افتتاح معبر حدودي جديد أمام الشاحنات",
)

# --- Site chrome around every template, so pages weigh what real ones do (30-120 KB, not 6) ----------------
MENU: Final = (
    ("محليات", ("بلديات", "أحياء", "خدمات", "طرقات", "حوادث")),
    ("سياسة", ("برلمان", "حكومة", "أحزاب", "انتخابات")),
    ("اقتصاد", ("أسواق", "عملات", "طاقة", "شركات", "عقارات")),
    ("رياضة", ("كرة القدم", "كرة السلة", "ألعاب القوى", "رياضات أخرى")),
    ("ثقافة", ("كتب", "مسرح", "سينما", "موسيقى", "تراث")),
    ("صحة", ("مستشفيات", "أدوية", "تغذية")),
    ("تعليم", ("مدارس", "جامعات", "منح دراسية")),
    ("تكنولوجيا", ("هواتف", "إنترنت", "ألعاب إلكترونية")),
    ("منوعات", ("سياحة", "مطبخ", "موضة", "سيارات")),
    ("رأي", ("مقالات", "كاريكاتير", "حوارات")),
)
FOOTER_LINKS: Final = (
    "من نحن",
    "اتصل بنا",
    "أعلن معنا",
    "سياسة الخصوصية",
    "شروط الاستخدام",
    "خريطة الموقع",
    "الأرشيف",
    "النشرة البريدية",
    "وظائف شاغرة",
    "تطبيقات الهاتف",
    "الأسئلة الشائعة",
    "فريق التحرير",
)
COOKIE_NOTICE: Final = (
    "نستخدم ملفات تعريف الارتباط لتحسين تجربتك على الموقع، وبمتابعة التصفح فإنك توافق على سياسة الخصوصية."
)
WEATHER: Final = ("مشمس", "غائم جزئياً", "ماطر", "رياح نشطة", "ضباب صباحي")
# What every page's inline tag manager does; the ad slots around it vary per page.
_TAG_MANAGER: Final = (
    "(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
    "var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;"
    "j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})"
    "(window,document,'script','dataLayer','GTM-BENCH');"
)


def _headline_stride() -> int:
    """A step coprime with the headline space: ``index * stride mod capacity`` visits every headline once."""
    stride = _STRIDE_START
    while math.gcd(stride, HEADLINE_CAPACITY) != 1:
        stride += 1
    return stride


_HEADLINE_STRIDE: Final = _headline_stride()
_OUTLETS: Final = {o.id: o for o in OUTLETS}


class BenchOutlet:
    """``size`` generated articles (index 0 the newest), their pages and RSS feeds, all deterministic."""

    def __init__(self, size: int = DEFAULT_ARTICLES, *, seed: int = DEFAULT_SEED, per_feed: int = DEFAULT_PER_FEED):
        if not 1 <= size <= HEADLINE_CAPACITY:
            raise ValueError(f"articles must be between 1 and {HEADLINE_CAPACITY}, not {size}")
        if per_feed < 1:
            raise ValueError(f"per_feed must be >= 1, not {per_feed}")
        self.size = size
        self.seed = seed
        self.per_feed = per_feed

    # --- Articles -------------------------------------------------------------------------------------
    def article(self, index: int) -> DemoArticle:
        """Article ``index`` with its truth (headline, lead, paragraphs, byline and authors, dates)."""
        rng, template, topic, place, published = self._basics(index)
        modified = (
            published + timedelta(minutes=rng.randint(20, 300)) if template != "wadi" and rng.random() < 0.3 else None
        )
        byline, authors = self._byline(rng)
        credited = rng.random() < 0.12
        return DemoArticle(
            outlet_id=template,
            slug=f"{published:%Y/%m/%d}/story-{index}",
            section=rng.choice(SECTIONS),
            headline=self._headline(index),
            summary=rng.choice(LEADS).format(topic=topic, place=place),
            highlights=tuple(rng.sample(HIGHLIGHTS, rng.choice((0, 0, 2, 3)))),
            paragraphs=self._paragraphs(rng, index, topic, place),
            byline=byline,
            authors=authors,
            published_at=published.isoformat(timespec="seconds"),
            modified_at=modified.isoformat(timespec="seconds") if modified else None,
            tags=tuple(rng.sample(TAGS, rng.randint(2, 4))),
            credits=("وكالات",) if credited else (),
            credit_line="المصدر: وكالات" if credited else None,
        )

    def teaser(self, index: int) -> DemoArticle:
        """Article ``index`` with only what a link to it shows (headline, path, date): cheap."""
        _, template, _, _, published = self._basics(index)
        return DemoArticle(
            outlet_id=template,
            slug=f"{published:%Y/%m/%d}/story-{index}",
            section="",
            headline=self._headline(index),
            summary="",
            highlights=(),
            paragraphs=(),
            byline=None,
            authors=(),
            published_at=published.isoformat(timespec="seconds"),
            modified_at=None,
            tags=(),
        )

    def _basics(self, index: int) -> tuple[random.Random, str, str, str, datetime]:
        """The article's random stream (after the template draw), template, topic, place and date."""
        if not 0 <= index < self.size:
            raise IndexError(f"article {index} is not in 0..{self.size - 1}")
        rng = random.Random(f"{self.seed}/{index}")
        template = rng.choice(tuple(_RENDERERS))
        combo = self._combo(index)
        topic, place = TOPICS[combo % len(TOPICS)], PLACES[combo // len(TOPICS) % len(PLACES)]
        published = (_NEWEST - index * _SPACING).astimezone(ZoneInfo(_OUTLETS[template].timezone))
        return rng, template, topic, place, published

    def _combo(self, index: int) -> int:
        return (index * _HEADLINE_STRIDE + self.seed) % HEADLINE_CAPACITY

    def _headline(self, index: int) -> str:
        combo = self._combo(index)
        topic, place = TOPICS[combo % len(TOPICS)], PLACES[combo // len(TOPICS) % len(PLACES)]
        return f"{topic} في {place} {ANGLES[combo // (len(TOPICS) * len(PLACES))]}"

    def _paragraphs(self, rng: random.Random, index: int, topic: str, place: str) -> tuple[str, ...]:
        count = rng.randint(4, 12)
        sizes = [rng.randint(1, 3) for _ in range(count - 1)]
        pool = iter(rng.sample(SENTENCES, sum(sizes)))
        a = 1200 + 7 * index
        figures = rng.choice(FIGURES).format(a=a, b=a // 3 + index % 11)
        first = f"{rng.choice(OPENINGS).format(topic=topic, place=place)} {figures}"
        return (first, *(" ".join(next(pool) for _ in range(size)) for size in sizes))

    @staticmethod
    def _byline(rng: random.Random) -> tuple[str | None, tuple[str, ...]]:
        """The byline as printed and its truth: none, «كتب: …» or «كتبت: …»."""
        roll = rng.random()
        if roll < 0.3:
            return None, ()
        if roll < 0.65:
            name = rng.choice(MEN)
            return f"كتب: {name}", (name,)
        name = rng.choice(WOMEN)
        return f"كتبت: {name}", (name,)

    def path(self, index: int) -> str:
        return self.teaser(index).path

    def url(self, base: str, index: int) -> str:
        return f"{base}{self.path(index)}"

    def urls(self, base: str) -> list[str]:
        return [self.url(base, i) for i in range(self.size)]

    def index_of(self, path: str) -> int | None:
        """The article an article path names, or ``None``."""
        stem, dash, number = path.removesuffix(".html").rpartition("-")
        if not (dash and stem.endswith("/story") and number.isdigit()):
            return None
        index = int(number)
        return index if index < self.size and self.path(index) == path else None

    # --- Pages and feeds ------------------------------------------------------------------------------------
    def page(self, index: int, base: str) -> tuple[str, bytes]:
        """(Content-Type, body) of article ``index``'s page, links absolute under ``base``."""
        article = self.article(index)
        outlet = _OUTLETS[article.outlet_id]
        rng = random.Random(f"{self.seed}/chrome/{index}")
        others = [self.teaser((index + k) % self.size) for k in range(1, rng.randint(12, 30))]
        html = _RENDERERS[article.outlet_id](article, outlet, base, others, index)
        html = html.replace(escape(_BOILERPLATE[article.outlet_id][0]), escape(rng.choice(BREAKING)), 1)
        html = _with_chrome(html, rng, base, article, others[_OTHERS:])
        charset = "windows-1256" if outlet.encoding == "cp1256" else outlet.encoding
        return f"text/html; charset={charset}", html.encode(outlet.encoding)

    @property
    def feed_count(self) -> int:
        return -(-self.size // self.per_feed)

    def feed_path(self, number: int) -> str:
        return f"/{SOURCE_ID}/rss/{number}.xml"

    def feed_urls(self, base: str) -> list[str]:
        return [base + self.feed_path(k) for k in range(self.feed_count)]

    def feed(self, number: int, base: str) -> bytes:
        """RSS 2.0 listing articles ``number * per_feed`` onwards; odd feeds add tracking parameters."""
        first = number * self.per_feed
        listed = [self.article(i) for i in range(first, min(first + self.per_feed, self.size))]
        return feeds.rss(_FEED_OUTLET, base, listed, tracking=number % 2 == 1).encode("utf-8")

    def respond(self, path: str, base: str) -> tuple[int, str, bytes]:
        """(status, Content-Type, body) for a request path (query string and fragment ignored)."""
        path = path.split("?", 1)[0].split("#", 1)[0]
        if (index := self.index_of(path)) is not None:
            return 200, *self.page(index, base)
        feed_prefix = f"/{SOURCE_ID}/rss/"
        if path.startswith(feed_prefix) and path.endswith(".xml"):
            number = path[len(feed_prefix) : -len(".xml")]
            if number.isdigit() and int(number) < self.feed_count and self.feed_path(int(number)) == path:
                return 200, "application/rss+xml; charset=utf-8", self.feed(int(number), base)
        if path == "/":
            latest = [self.article(i) for i in range(min(20, self.size))]
            return 200, "text/html; charset=utf-8", pages.listing_page("الرئيسية", _FEED_OUTLET, base, latest).encode()
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        return 404, "text/plain; charset=utf-8", b"not found"

    # --- Files for the crawl and for trafilatura ---------------------------------------------------
    def sources_toml(self, base: str) -> str:
        """A sources file with the one source and its feeds (the template outlets' names as aliases)."""
        fields: dict[str, str | list[str]] = {
            "id": SOURCE_ID,
            "name": _FEED_OUTLET.name,
            "name_ar": _FEED_OUTLET.name_ar,
            "homepage": f"{base}/",
            "feeds": self.feed_urls(base),
            "country": _FEED_OUTLET.country,
            "language": "ar",
            "timezone": _FEED_OUTLET.timezone,
            "aliases": [o.name_ar for o in OUTLETS],
        }
        return "[[sources]]\n" + "".join(f"{key} = {_toml_value(value)}\n" for key, value in fields.items())

    def write_url_list(self, path: Path, base: str) -> Path:
        """Every article URL, one a line (trafilatura's ``--input-file``)."""
        path.write_text("".join(url + "\n" for url in self.urls(base)), encoding="utf-8")
        return path


def _with_chrome(html: str, rng: random.Random, base: str, article: DemoArticle, latest: Sequence[DemoArticle]) -> str:
    """The template's page with a site's usual chrome added: inline CSS and ad-slot scripts in the head,
    a cookie notice, weather widget and mega menu at the top, a latest-news list and a sitemap footer
    at the bottom. Built from our own template output (no parsing): inserted at ``</head>``, after the
    ``<body…>`` tag and before ``</body>``."""
    css = "".join(
        f".c{k}{{margin:{k % 7}px {k % 5}px;padding:{k % 3}px;"
        f"color:#{k * 40503 % 0xFFFFFF:06x};font-size:{12 + k % 9}px}}"
        for k in range(rng.randint(80, 240))
    )
    slots = [
        {
            "id": f"div-ad-{article.outlet_id}-{k}",
            "path": f"/2150/{article.section or 'home'}/{k}",
            "sizes": [[300, 250], [728, 90]],
        }
        for k in range(rng.randint(20, 60))
    ]
    head = (
        f"<style>{css}</style><script>{_TAG_MANAGER}</script>"
        f"<script>window.adSlots = {json.dumps(slots, ensure_ascii=False)};</script>"
    )
    menu = "".join(
        f'<li><a href="{base}/section/{k}.html">{escape(name)}</a><ul class="sub">'
        + "".join(f'<li><a href="{base}/section/{k}/{j}.html">{escape(sub)}</a></li>' for j, sub in enumerate(subs))
        + "</ul></li>"
        for k, (name, subs) in enumerate(MENU)
    )
    top = (
        f'<div class="cookie-notice"><p>{escape(COOKIE_NOTICE)}</p><button>موافق</button></div>'
        f'<div class="weather-widget">الطقس اليوم: {escape(rng.choice(WEATHER))}، {rng.randint(8, 31)} درجة</div>'
        f'<nav class="mega-menu"><ul>{menu}</ul></nav>'
    )
    items = "".join(
        f'<li><a href="{base}{a.path}"><img src="{base}/thumbs/{k}.jpg" alt="" loading="lazy"></a>'
        f'<a href="{base}{a.path}">{escape(a.headline)}</a><time>{a.published_at[:10]}</time></li>'
        for k, a in enumerate(latest)
    )
    sitemap = "".join(
        f'<div class="col"><h4>{escape(name)}</h4>'
        + "".join(f'<a href="{base}/section/{k}/{j}.html">{escape(sub)}</a>' for j, sub in enumerate(subs))
        + "</div>"
        for k, (name, subs) in enumerate(MENU)
    )
    links = "".join(f'<a href="{base}/page/{k}.html">{escape(name)}</a> ' for k, name in enumerate(FOOTER_LINKS))
    bottom = (
        f'<aside class="latest-news"><h3>آخر الأخبار</h3><ul>{items}</ul></aside>'
        f'<div class="site-map">{sitemap}</div><div class="footer-links">{links}</div>'
        f'<script src="{base}/static/app.{rng.randrange(16**8):08x}.js" defer></script>'
    )
    head_part, _, rest = html.partition("</head>")
    opening, _, body = rest.partition(">")  # the <body …> tag
    content, _, end = body.rpartition("</body>")
    return f"{head_part}{head}</head>{opening}>{top}{content}{bottom}</body>{end}"


def _toml_value(value: str | Sequence[str]) -> str:
    """A TOML basic string or array of them (JSON's string syntax is valid TOML)."""
    return json.dumps(value if isinstance(value, str) else list(value), ensure_ascii=False)


class OutletServer:
    """Serves a ``BenchOutlet`` on 127.0.0.1 from a thread per connection; a context manager.

    HTTP/1.1 with keep-alive and a deep listen backlog: 64 concurrent clients neither queue behind
    connection setup nor see refused connections (``ThreadingHTTPServer``'s backlog is 5).
    """

    def __init__(self, outlet: BenchOutlet, host: str = "127.0.0.1", port: int = 0) -> None:
        self.outlet = outlet
        self._lock = threading.Lock()
        self.requests = 0
        # Responses rendered before the clock starts (``prerender``): serving then costs a copy, so
        # the outlet does not compete with the crawl for the machine's cores.
        self._rendered: dict[str, tuple[int, str, bytes]] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "AkhbarBench/1.0"
            timeout = 60  # an idle keep-alive connection is closed after this
            # Headers and body go out in two writes: with Nagle's algorithm the second waits for the
            # client's delayed ACK (40 ms on Linux), a stall per response that a sequential client feels.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                with server._lock:
                    server.requests += 1
                path = self.path.split("?", 1)[0].split("#", 1)[0]
                rendered = server._rendered.get(path)
                status, ctype, body = rendered or server.outlet.respond(self.path, server.base_url)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return  # quiet: the benchmark reports what matters

        self._httpd = _Backlogged((host, port), Handler)
        self.base_url = f"http://{host}:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="bench-outlet", daemon=True)

    def prerender(self) -> OutletServer:
        """Render every article page and feed now, before anything is timed."""
        base = self.base_url
        for index in range(self.outlet.size):
            path = self.outlet.path(index)
            self._rendered[path] = self.outlet.respond(path, base)
        for number in range(self.outlet.feed_count):
            path = self.outlet.feed_path(number)
            self._rendered[path] = self.outlet.respond(path, base)
        return self

    def start(self) -> OutletServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> OutletServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class _Backlogged(ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True
