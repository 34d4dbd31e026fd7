"""Page structure around the body: the lead, the key-point list, and boilerplate to cut out.

Every rule here is generic (class-name vocabulary shared by many CMSes, Arabic labels, position
relative to the headline), never keyed on one outlet.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator, Sequence

from lxml.html import HtmlElement

from crawler.arabic import clean_line, clean_text, search_form
from crawler.extraction import body_boxes

# Class/id tokens of a standfirst under the headline.
_LEAD_CLASS_RE = re.compile(
    r"(?:^|[-_ ])(?:lead|standfirst|summary|excerpt|intro|subtitle|sub-title|subheadline|sub-heading|teaser|"
    r"brief|dek|abstract|article-desc|description|chapo|chapeau|nabza|mulakhas)(?:$|[-_ ])",
    re.IGNORECASE,
)
# Boxes of other stories and of the site (see ``in_other_box``).
_OTHER_BOX_TAGS = frozenset({"aside", "form", "nav", "footer"})
_OTHER_BOX_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:sidebar|side|widget|related|most-?read|most-?viewed|popular|trending|comment-form|respond|"
    r"other-writers|more-stories)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Class/id tokens of a key-points list.
_HIGHLIGHTS_CLASS_RE = re.compile(r"highlight|key-?points|keypoints|bullets|takeaways|points|nokat", re.IGNORECASE)
# Headings that announce a key-points list.
_HIGHLIGHTS_HEADING_RE = re.compile(
    r"^(?:أبرز|أهم|اهم|ابرز)\s+(?:النقاط|ما جاء|المعلومات)|^نقاط رئيسية|^باختصار|^الخلاصة"
)
# Labels of "read also" / related boxes placed inside or after the body.
_READ_ALSO_RE = re.compile(
    "^\\s*(?:[إا]قر[أا]|طالع|شاهد|تابع|انظر)\\s*[أا]يض[\u064b\u0627]+"
    "|^\\s*(?:[إا]قر[أا]|طالع)\\s*(?:المزيد|كذلك)?\\s*[:：]"
    "|^\\s*(?:مواضيع|أخبار|اخبار|مقالات|موضوعات|قصص)\\s+(?:ذات صلة|متعلقة|مشابهة)"
    "|^\\s*(?:الأكثر|الاكثر)\\s+(?:قراءة|مشاهدة|تداولا)"
    "|^\\s*(?:ذات صلة|المزيد من الأخبار)\\s*[:：]?\\s*$"
)
# Comment policies and reader-opinion disclaimers that CMSes print inside the article container.
_COMMENT_POLICY_RE = re.compile(
    r"(?:سياسة|شروط|بروتوكول|قواعد)\s+(?:نشر\s+)?التعليقات"
    r"|الآراء\s+الواردة.{0,60}لا\s+تعبر\s+عن"
    r"|تعب\u0651?ر\s+عن\s+(?:رأي|آراء)\s+(?:كاتبها|كتابها|أصحابها|صاحبها).{0,20}(?:لا|ولا)\s+(?:تعكس|تعبر)"
    r"|(?:نرحب|ترحب).{0,40}بالنقاش.{0,80}التعليقات"
)
# A comment form's calls to log in or write («سجّل دخولك لإرسال تعليق», «أضف تعليقك», «اترك رداً»):
# short lines only, a story may well report that someone sent a comment.
_COMMENT_CALL_RE = re.compile(
    r"(?:ل|من\s+أجل\s+)(?:إرسال|ارسال|كتابة|إضافة|اضافة|نشر)\s+(?:تعليق|التعليق|رد)"
    r"|^\s*(?:أضف|اضف|اكتب|أرسل|ارسل|شارك)\s+(?:تعليقك|تعليقا|تعليقاً|رأيك)"
    r"|^\s*(?:اترك|أترك)\s+(?:ردا|رداً|تعليقا|تعليقاً)"
    r"|(?:سج\u0651?ل|تسجيل)\s+(?:دخولك|الدخول).{0,20}(?:للتعليق|لتعليق)"
)
_COMMENT_CALL_MAX = 80
# Calls to follow the outlet or subscribe, typed at the end of bodies: a follow/subscribe verb and a
# platform («تابعونا على تويتر…», «لمزيد من الأخبار تابعوا صفحتنا على فيسبوك…», «اشترك في قناتنا على يوتيوب»).
_FOLLOW_VERB_RE = re.compile(r"(?:^|\s|[«(])[ول]?(?:تابع|اشترك|انضم|حمّل|حمل)")
_PLATFORM_RE = re.compile(
    r"فيسبوك|فيس بوك|تويتر|إكس|انستغرام|إنستغرام|انستجرام|إنستجرام|يوتيوب|يوتوب|تيليجرام|تلغرام|تليغرام|واتساب|"
    r"واتس اب|تيك توك|سناب|نشرتنا|النشرة البريدية|قناتنا|تطبيق|facebook|twitter|instagram|youtube|telegram|whatsapp",
    re.IGNORECASE,
)
_FOLLOW_MAX = 220
# Photo credits and captions written as text lines: «تصوير: …», «الصورة: …», and with the picture
# named, «صورة الغلاف: …», «الصورة الرئيسية: …», «حقوق الصورة: …», «Cover photo: …».
_PHOTO_CREDIT_RE = re.compile(
    r"^\s*(?:(?:تصوير|عدسة|(?:ال)?صور[ةه]?|©|photo|image|cover\s+photo)"
    r"(?:\s+(?:الغلاف|الرئيسية|الرئيسة|المقال|الموضوع|الخبر|[أا]رشيفية|توضيحية|تعبيرية|البارزة|المرفقة|credit))?"
    r"|(?:مصدر|حقوق)\s+(?:ال)?صور[ةه]?)\s*[:：(]",
    re.IGNORECASE,
)
# Class/id tokens of containers that never hold article text.
_BOILER_CLASS_RE = re.compile(
    r"^(?:share|sharing|social|share-?bar|social-?share|related|related-\w+|read-?also|see-?also|more-?news|"
    r"most-?read|most-?viewed|popular|trending|comments?|comment-\w+|(?:\w+-)+comments?|disqus|newsletter|subscribe|"
    r"advert\w*|ads?|ad-\w+|\w+-ads?|adslot|ad-?slot|banner|ticker|breaking|breaking-news|breadcrumbs?|"
    r"tags|tag-?list|\w+-tags|keywords|footer|site-footer|nav|navbar|menu|main-menu|sidebar|side-?box|widget|(?:\w+-)*promo|"
    r"app-promo|print|author-box|caption|caption-\w+|img-cap|(?:img|image|photo|pic)-?caption|photo-credit|credit|wp-caption-text|inject|"
    r"b-inject|follow-\w+|outbrain|taboola|comments?-\w+|most-\w+|feedback|feedback-\w+|rating|"
    # Embedded social posts: their text is the post's, quoted from elsewhere.
    r"twitter-tweet|twitter-timeline|instagram-media|tiktok-embed|fb-post|fb-comments|"
    # Calls to action, pull quotes (a sentence of the body again), disclaimers.
    r"(?:\w+-)*cta(?:-\w+)*|call-to-action|pull-?quote|pullquote|disclaimer|"
    r"(?:img|image|photo|pic)-?desc|"
    # Fact boxes («بالأرقام», key facts): a list of figures the body already gives, not its prose.
    r"fact-?box|facts?|facts?-box|info-?box|key-?facts|fact-?sheet|in-?numbers|by-?(?:the-)?numbers|numbers-?box|"
    # French vocabulary of Maghreb CMSes: ads, share, read-also, comments.
    r"pub|publicite|partage|lire-aussi|commentaires)$",
    re.IGNORECASE,
)
# camelCase word boundaries, and CSS-module class tokens («Component_element__hash»).
_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# A BEM element token («story__factbox», «article__share»): the element's name is the vocabulary word.
_BEM_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*__([A-Za-z][A-Za-z0-9-]*)$")
_CSS_MODULE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*_[A-Za-z][A-Za-z0-9-]*__[A-Za-z0-9_-]+$")
_STRUCTURAL_BOILER_TAGS = ("nav", "footer", "aside", "figure", "figcaption", "form", "button", "iframe")
# Block elements: a <div> holding one is a container, not a paragraph.
_BLOCK_TAGS = frozenset(
    {"div", "p", "ul", "ol", "li", "table", "section", "article", "aside", "header", "footer", "nav", "figure",
     "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "form", "dl", "pre", "main"}
)  # fmt: skip
# A <div> with this much text of its own is a paragraph written as a div.
_TEXT_DIV_MIN = 80
# An inline element or table cell with this much text of its own, broken by <br>s, is a whole story.
_TEXT_BLOCK_MIN = 400
# Bullet characters some CMSes type in front of each key point.
_BULLETS = "•·▪●◆■-–* "
_LEAD_MIN, _LEAD_MAX = 25, 700
# A standfirst told by its text alone must come within this many elements after the headline.
_LEAD_WINDOW = 80
# Characters a standfirst may differ in length from the description (entities, spacing) and still match.
_LEAD_LENGTH_SLACK = 20
_HIGHLIGHT_MIN, _HIGHLIGHT_MAX = 10, 400
_MAX_HIGHLIGHTS = 10
# An element holding more than this share of the page's paragraph text is the article itself.
_MAX_REMOVED_SHARE = 0.5


def find_lead(
    tree: HtmlElement, h1: HtmlElement | None, teasers: Collection[HtmlElement] = (), description: str | None = None
) -> HtmlElement | None:
    """The standfirst: an element marked as a summary after the headline, the first block after it that
    says what the page's ``description`` says (templates with hashed class names), or the h2 right
    under the headline.

    An excerpt inside a link or a teaser card (``teasers``) is another page's summary, never this one's.
    """
    declared = search_form(description) if description else ""
    by_description: HtmlElement | None = None
    for index, el in enumerate(_following(tree, h1)):
        if el.tag not in ("p", "h2", "h3", "div", "span", "strong"):
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if _LEAD_CLASS_RE.search(marker) and _is_prose(el, _LEAD_MIN, _LEAD_MAX) and not _has_blocks(el):
            if not in_other_story(el, teasers, h1, links=True):
                return el
        elif (
            by_description is None
            and declared
            and index < _LEAD_WINDOW
            and not len(el)
            and el.text
            and abs(len(el.text.strip()) - len(description or "")) <= _LEAD_LENGTH_SLACK
            and search_form(el.text) == declared
            and not in_other_story(el, teasers, h1, links=True)
        ):
            by_description = el
    if by_description is not None:
        return by_description
    if h1 is not None:
        sibling = h1.getnext()
        if sibling is not None and sibling.tag in ("h2", "h3") and _is_prose(sibling, _LEAD_MIN, _LEAD_MAX):
            return sibling
    return None


def in_other_story(
    el: HtmlElement, teasers: Collection[HtmlElement], headline: HtmlElement | None, *, links: bool = False
) -> bool:
    """``el`` belongs to another story: it sits in a teaser card, in another box (``in_other_box``), or,
    with ``links``, inside a link (an excerpt there is another page's; a byline there is not)."""
    return any((links and a.tag == "a") or a in teasers for a in el.iterancestors()) or in_other_box(el, headline)


def in_other_box(el: HtmlElement, headline: HtmlElement | None = None) -> bool:
    """``el`` sits in a box of other stories or of the site: a sidebar, a widget, a related or most-read
    list, an aside, a form, the navigation or the footer (their excerpts and bylines are not the page's).

    A box that holds the page's ``headline`` is the article's own, whatever its name (blog engines wrap
    the post in a "widget"): the search stops there.
    """
    holds_headline = set(headline.iterancestors()) if headline is not None else set()
    for ancestor in el.iterancestors():
        if ancestor in holds_headline:
            return False
        if ancestor.tag in _OTHER_BOX_TAGS:
            return True
        if _OTHER_BOX_CLASS_RE.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return True
    return False


def find_highlights(tree: HtmlElement, h1: HtmlElement | None) -> tuple[HtmlElement | None, list[str]]:
    """A key-points list under the headline: a list marked as such, or announced by «أبرز النقاط»."""
    for el in _following(tree, h1):
        if el.tag in ("ul", "ol"):
            marker = f"{el.get('class', '')} {el.get('id', '')}"
            parent = el.getparent()
            parent_marker = f"{parent.get('class', '')} {parent.get('id', '')}" if parent is not None else ""
            heading = _previous_text(el)
            if (
                _HIGHLIGHTS_CLASS_RE.search(marker)
                or _HIGHLIGHTS_CLASS_RE.search(parent_marker)
                or (heading and _HIGHLIGHTS_HEADING_RE.search(heading))
            ):
                items = _list_items(el)
                if items:
                    box = parent if parent is not None and _HIGHLIGHTS_CLASS_RE.search(parent_marker) else el
                    return box, items
        elif el.tag in ("div", "section") and _HIGHLIGHTS_CLASS_RE.search(f"{el.get('class', '')} {el.get('id', '')}"):
            items = [clean_line(p.text_content()).lstrip(_BULLETS) for p in el.iter("p", "li")]
            items = [i for i in items if _HIGHLIGHT_MIN <= len(i) <= _HIGHLIGHT_MAX]
            if items and next(el.iter("ul", "ol"), None) is None:
                return el, items[:_MAX_HIGHLIGHTS]
    return None, []


def remove_boilerplate(tree: HtmlElement, teasers: Sequence[HtmlElement] = ()) -> None:
    """Cut share bars, related/read-also boxes, captions, comments, ads, menus, ``teasers`` (cards of
    other pages, found by ``crawler.extraction.evidence``) and the boxes of ``body_boxes`` out of ``tree``."""
    total = max(paragraph_chars(tree), 1)
    sizes = prose_sizes(tree)
    prose_total = max(sizes.get(tree, 0), 1)
    doomed: list[HtmlElement] = list(teasers)
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if _is_boilerplate(el):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is None or el.find(".//h1") is not None:
            continue
        # An element holding most of the page's text is the article itself, whatever its class says
        # (paragraphs, or for pages without any, all text outside links).
        if paragraph_chars(el) / total > _MAX_REMOVED_SHARE or sizes.get(el, 0) / prose_total > _MAX_REMOVED_SHARE:
            continue
        drop(el)
    body_boxes.remove_body_boxes(tree)  # pull-quotes repeating the body, calls to fund the outlet


def text_divs_to_paragraphs(tree: HtmlElement) -> None:
    """Make paragraphs of elements that hold prose directly, with no block inside: old CMSes write
    paragraphs as ``<div>text<br><br>text</div>`` between ``<p>``s, and print pages put a whole story in
    one ``<span>`` or table cell broken by ``<br><br>``; extractors skip such text. Each
    ``<br><br>``-separated run becomes a paragraph of its own."""
    for el in list(tree.iter("div", "span", "font", "td")):
        if any(child.tag in _BLOCK_TAGS for child in el.iterdescendants()):
            continue
        own = (el.text or "") + "".join(child.tail or "" for child in el)
        if el.tag == "div" and len(own.strip()) >= _TEXT_DIV_MIN:
            el.tag = "p"
        elif len(own.strip()) >= _TEXT_BLOCK_MIN and sum(child.tag == "br" for child in el) >= 2:
            _split_at_breaks(el)


def _split_at_breaks(el: HtmlElement) -> None:
    """``el`` becomes a ``<div>`` of ``<p>``s, one per run of text between double line breaks."""
    runs: list[list[HtmlElement | str]] = [[el.text or ""]]
    previous_br = False
    for child in list(el):
        el.remove(child)
        if child.tag == "br":
            if previous_br:
                runs.append([])
            previous_br = True
        else:
            previous_br = False
            child_tail, child.tail = child.tail, None
            runs[-1].append(child)
            if child_tail:
                runs[-1].append(child_tail)
            continue
        if child.tail:
            previous_br = previous_br and not child.tail.strip()
            runs[-1].append(child.tail)
    el.text = None
    el.tag = "div"
    for run in runs:
        paragraph = el.makeelement("p", {})
        last: HtmlElement | None = None
        for part in run:
            if isinstance(part, str):
                if last is None:
                    paragraph.text = (paragraph.text or "") + part
                else:
                    last.tail = (last.tail or "") + part
            else:
                paragraph.append(part)
                last = part
        if paragraph.text_content().strip():
            el.append(paragraph)


def drop(el: HtmlElement) -> None:
    """Remove ``el`` and its content, keeping the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


def is_read_also_text(text: str) -> bool:
    """True for a line that labels a related-articles box («اقرأ أيضاً: …»)."""
    return bool(_READ_ALSO_RE.match(text))


def is_comment_policy(text: str) -> bool:
    """True for a comment policy, an «opinions below are the readers' own» disclaimer, or a comment
    form's short call («سجّل دخولك لإرسال تعليق», «أضف تعليقك»)."""
    if len(text) <= _COMMENT_CALL_MAX and _COMMENT_CALL_RE.search(text):
        return True
    return bool(_COMMENT_POLICY_RE.search(text)) and len(text) < 600


def is_follow_call(text: str) -> bool:
    """True for a short call to follow the outlet on a platform or to subscribe to it."""
    return len(text) <= _FOLLOW_MAX and bool(_FOLLOW_VERB_RE.search(text)) and bool(_PLATFORM_RE.search(text))


def is_photo_credit(text: str) -> bool:
    """True for a caption/credit line («تصوير: …», «© …»)."""
    return bool(_PHOTO_CREDIT_RE.match(text)) and len(text) < 160


def _has_boiler_class(el: HtmlElement) -> bool:
    tokens = f"{el.get('class', '')} {el.get('id', '')}".split()
    return any(_is_boiler_token(t) for t in tokens)


@functools.lru_cache(maxsize=8192)
def _is_boiler_token(token: str) -> bool:
    """Cached: a page repeats the same few class tokens on thousands of elements."""
    return any(_BOILER_CLASS_RE.match(name) for name in class_names(token))


def class_names(token: str) -> tuple[str, ...]:
    """The vocabulary words a class token spells: itself, its camelCase words hyphenated
    («ImgCaption» → «img-caption», «RelatedBox» → «related-box»), a CSS-module token's component
    and element («Feedback_box__Xo2u5» → «feedback», «feedback-box»), and a BEM token's element
    («story__factbox» → «factbox»)."""
    names = [token]
    if _CSS_MODULE_RE.match(token):
        component, element = token.split("__", 1)[0].split("_", 1)
        names += [component, f"{component}-{element}"]
    elif (bem := _BEM_RE.match(token)) is not None:
        names.append(bem.group(1))
    names += [_CAMEL_RE.sub("-", name) for name in names if _CAMEL_RE.search(name)]
    if "_" in token and (snake := token.replace("_", "-")) not in names:
        names.append(snake)  # «comment_form» → «comment-form»
    return tuple(names)


# Tags that may hold a «اقرأ أيضاً» label or a photo credit line.
_READ_ALSO_TAGS = frozenset(("p", "div", "aside", "section", "ul", "h2", "h3", "h4", "h5", "strong", "span", "li", "b"))
_CREDIT_TAGS = frozenset(("p", "span", "div", "small", "em", "i"))
# A box of readers' comments: its first child is a heading that says so («التعليقات», «تعليقات القراء (3)»).
_COMMENTS_BOX_TAGS = frozenset(("div", "section"))
_COMMENTS_HEADINGS = frozenset(("h2", "h3", "h4", "h5", "strong", "b"))
_COMMENTS_HEADING_RE = re.compile(
    r"^(?:ال)?تعليقات(?:\s+(?:ال)?(?:قراء|زوار))?(?:\s*[(\[]?\s*[\d٠-٩]+\s*[)\]]?)?\s*:?$"
    r"|^(?:آراء|اراء)\s+(?:ال)?(?:قراء|زوار)\b|^(?:\d+\s+)?(?:comments?|commentaires?)\b",
    re.IGNORECASE,
)
_LABEL_TAGS = _READ_ALSO_TAGS | _CREDIT_TAGS | _COMMENTS_BOX_TAGS
# Unmarked caption lines beside an image (see ``_is_image_caption``).
_CAPTION_TAGS = frozenset(("div", "span", "small", "em"))
_CAPTION_MAX = 200
# Boxes of figures under their own label («بالأرقام», «في أرقام», «حقائق سريعة», «By the numbers»).
_FACT_BOX_TAGS = frozenset(("div", "aside", "section"))
_FACT_HEADING_TAGS = frozenset(("h2", "h3", "h4", "h5", "h6", "strong", "b", "header", "p", "span"))
_FACT_BOX_LABEL_RE = re.compile(
    r"^(?:ب?ال[أا]رقام|في\s+[أا]رقام|[أا]رقام(?:\s+و\s*حقائق)?|حقائق(?:\s+و\s*[أا]رقام|\s+سريعة)?|"
    r"معلومات\s+سريعة|in\s+numbers|by\s+the\s+numbers|key\s+facts|fast\s+facts)\s*[:：]?$",
    re.IGNORECASE,
)
# Tatweel and invisible characters, the only noise inside labels that the label regexes do not allow.
_LABEL_NOISE_RE = re.compile("[\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
_READ_ALSO_MAX = 600
# Characters read from the start of an element to test it for a label.
_LABEL_WINDOW = 60
_LABEL_DEPTH = 3


def _is_boilerplate(el: HtmlElement) -> bool:
    """Boilerplate by tag, by class/id vocabulary, by the label it starts with, or as a caption."""
    return (
        el.tag in _STRUCTURAL_BOILER_TAGS
        or _has_boiler_class(el)
        or (el.tag in _LABEL_TAGS and _is_labelled_boilerplate(el, text_start(el)))
        or (el.tag in _CAPTION_TAGS and _is_image_caption(el))
        or (el.tag in _FACT_BOX_TAGS and _is_fact_box(el))
    )


def _is_fact_box(el: HtmlElement) -> bool:
    """A box headed «بالأرقام» / «حقائق» over a list or table: figures the body gives, listed again."""
    heading = el[0] if len(el) else None
    if heading is None or heading.tag not in _FACT_HEADING_TAGS or (el.text or "").strip():
        return False
    if not _FACT_BOX_LABEL_RE.match(clean_line(heading.text_content())):
        return False
    return el.find(".//li") is not None or el.find(".//tr") is not None or el.find(".//dt") is not None


def _is_labelled_boilerplate(el: HtmlElement, start: str) -> bool:
    """A «اقرأ أيضاً» block (with its links), a photo credit line, or a box of readers' comments under
    its «تعليقات (2)» heading, told by the words it starts with."""
    if el.tag in _COMMENTS_BOX_TAGS and len(el) and el[0].tag in _COMMENTS_HEADINGS:
        return bool(_COMMENTS_HEADING_RE.match(clean_line(el[0].text_content())))
    if el.tag in _READ_ALSO_TAGS and _READ_ALSO_RE.match(start):
        return len(clean_line(el.text_content())) < _READ_ALSO_MAX
    if el.tag in _CREDIT_TAGS and _PHOTO_CREDIT_RE.match(start):
        return is_photo_credit(clean_line(el.text_content()))
    return False


def _is_image_caption(el: HtmlElement) -> bool:
    """A short line that is the only text of a box holding an image: that image's caption.

    Outlets put captions in unmarked ``<div>``s next to the ``<img>`` («<div class="red">…</div>»), so
    structure tells them, not class names. Paragraphs are never taken: body text lives in them.
    """
    parent = el.getparent()
    if parent is None or parent.find("img") is None or len(el):
        return False
    text = clean_line(el.text_content())
    return 0 < len(text) <= _CAPTION_MAX and clean_line(parent.text_content()) == text


def text_start(el: HtmlElement) -> str:
    """The first few words of ``el``'s text, cleaned: enough to match a label at its start.

    Labels are tested on every element, so only the element's own leading text and that of its
    first descendants are read (attribute access, no iterator): «<p><strong>اقرأ أيضاً:</strong>…»
    starts with its label two levels down, and a label deeper than that is found on its own element.
    """
    parts = [el.text or ""]
    node = el
    for _ in range(_LABEL_DEPTH):
        if not len(node) or sum(len(p) for p in parts) >= _LABEL_WINDOW:
            break
        node = node[0]
        if not isinstance(node.tag, str):
            break  # a comment first: not a label
        parts.append(node.text or "")
        parts.append(node.tail or "")
    return " ".join(_LABEL_NOISE_RE.sub("", "".join(parts)[: _LABEL_WINDOW * 2]).split())


def _following(tree: HtmlElement, h1: HtmlElement | None) -> Iterator[HtmlElement]:
    """Elements after ``h1`` in document order (the whole tree when there is no h1)."""
    started = h1 is None
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if started:
            yield el
        elif el is h1:
            started = True


def _previous_text(el: HtmlElement) -> str:
    """Text of the nearest preceding sibling element (comments and processing instructions skipped)."""
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    return clean_line(prev.text_content()) if prev is not None else ""


def _list_items(el: HtmlElement) -> list[str]:
    """Items of a key-points list; a list made of links is a related-articles list, not key points."""
    items = []
    for li in el.iterfind("li"):
        text = clean_line(li.text_content()).lstrip(_BULLETS)
        link_text = sum(len(clean_line(a.text_content())) for a in li.iter("a"))
        if not _HIGHLIGHT_MIN <= len(text) <= _HIGHLIGHT_MAX or link_text > len(text) / 2:
            return []
        items.append(text)
    return items[:_MAX_HIGHLIGHTS]


def _is_prose(el: HtmlElement, low: int, high: int) -> bool:
    text = clean_text(el.text_content())
    return low <= len(text) <= high


def _has_blocks(el: HtmlElement) -> bool:
    return any(child.tag in ("p", "div", "ul", "ol", "table", "h1", "h2") for child in el.iterdescendants())


def prose_sizes(tree: HtmlElement) -> dict[HtmlElement, int]:
    """Characters of text outside links under each element, counted in one pass from the leaves up."""
    sizes: dict[HtmlElement, int] = {}
    for el in reversed(list(tree.iter())):
        own = 0 if el.tag == "a" or not isinstance(el.tag, str) else len((el.text or "").strip())
        for child in el:
            own += sizes.get(child, 0) + len((child.tail or "").strip())
        sizes[el] = 0 if el.tag == "a" else own
    return sizes


def paragraph_chars(el: HtmlElement) -> int:
    """Characters of text in the ``<p>`` elements under ``el``."""
    return sum(len((p.text_content() or "").strip()) for p in el.iter("p"))
