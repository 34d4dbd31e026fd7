"""Arabic text: cleaning keeps every letter and mark, folding is lossy on purpose, script detection."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.arabic import arabic_letter_ratio, clean_line, clean_text, detect_language, search_form

# A fully vocalised sentence with every letter clean_text must leave alone: hamza seats, madda,
# ta marbuta, alef maqsura, shadda, tanwin, dagger alef, Eastern digits.
VOCALISED = "أَعْلَنَتِ الهَيْئَةُ العَامَّةُ لِلرِّيَاضَةِ إِقَامَةَ مُسَابَقَةٍ كُبْرَى فِي ٢٠٢٦ هٰذَا العَامَ، وَسَأَلَ مُؤَسِّسُوهَا: لِمَاذَا؟"


# ---------------------------------------------------------------------------------------------
# clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Decomposed hamza and madda (alef + combining hamza/madda) compose to the precomposed letter.
        ("ا\u0654علنت الوزارة", "أعلنت الوزارة"),
        ("ا\u0655صدار جديد", "إصدار جديد"),
        ("ا\u0653خر الأخبار", "آخر الأخبار"),
        ("مو\u0654تمر صحفي", "مؤتمر صحفي"),
        ("هيي\u0654ة الانتخابات", "هيئة الانتخابات"),
    ],
)
def test_clean_text_composes_decomposed_hamza_forms(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected
    assert unicodedata.is_normalized("NFC", clean_text(raw))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("الحكـــومة الجديـدة", "الحكومة الجديدة"),
        ("عاجـــــل: انقطاع الكهرباء", "عاجل: انقطاع الكهرباء"),
    ],
)
def test_clean_text_removes_tatweel(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "mark",
    [
        "\u200b",  # zero width space
        "\u200d",  # zero width joiner
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
        "\u061c",  # Arabic letter mark (a bidi control like RLM)
        "\u202a",  # left-to-right embedding
        "\u202b",  # right-to-left embedding
        "\u202c",  # pop directional formatting
        "\u202e",  # right-to-left override
        "\u2066",  # left-to-right isolate
        "\u2067",  # right-to-left isolate
        "\u2069",  # pop directional isolate
        "\u2060",  # word joiner
        "\ufeff",  # BOM / zero width no-break space
        "\u00ad",  # soft hyphen
    ],
)
def test_clean_text_removes_invisible_and_bidi_marks(mark: str) -> None:
    raw = f"{mark}قال الوزير{mark} إن الموازنة{mark} ستقر في {mark}2026{mark}"
    assert clean_text(raw) == "قال الوزير إن الموازنة ستقر في 2026"


@pytest.mark.parametrize(
    "text",
    [
        "می\u200cخواهم به دانشگاه بروم",  # Persian: ZWNJ between the prefix and the verb
        "کتاب\u200cها روی میز است",
    ],
)
def test_clean_text_keeps_zwnj(text: str) -> None:
    assert clean_text(text) == text
    assert "\u200c" in clean_text(text)


@pytest.mark.parametrize(
    "space",
    ["\u00a0", "\u202f", "\u2002", "\u2003", "\u2009", "\u3000", "\t", "  "],
)
def test_clean_text_turns_horizontal_spaces_into_one_space(space: str) -> None:
    assert clean_text(f"قال{space}المتحدث {space} باسم{space}الوزارة") == "قال المتحدث باسم الوزارة"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # A single break inside a paragraph is a space; blank lines separate paragraphs.
        ("الفقرة الأولى\nتكملتها\n\nالفقرة الثانية", "الفقرة الأولى تكملتها\n\nالفقرة الثانية"),
        # Several blank lines (some holding spaces or NBSP) are one paragraph break.
        ("الفقرة الأولى\n\n\n \u00a0\n\nالفقرة الثانية", "الفقرة الأولى\n\nالفقرة الثانية"),
        # Windows and old Mac line endings.
        ("الفقرة الأولى\r\n\r\nالفقرة الثانية\r\rالثالثة", "الفقرة الأولى\n\nالفقرة الثانية\n\nالثالثة"),
        # Leading and trailing space of every line and of the whole text go.
        ("  \n  الفقرة الأولى  \n\n  الفقرة الثانية  \n ", "الفقرة الأولى\n\nالفقرة الثانية"),
        # A paragraph made only of invisible characters disappears.
        ("الفقرة الأولى\n\n\u200f\u200b\n\nالفقرة الثانية", "الفقرة الأولى\n\nالفقرة الثانية"),
    ],
)
def test_clean_text_keeps_paragraph_structure(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        VOCALISED,
        "وزیراعظم نے کہا کہ حکومت بجلی کی قیمتوں میں کمی کرے گی۔",
        "رئیس‌جمهور گفت که گفتگوها ادامه خواهد یافت.",
        "مصطفى وليلى ذهبا إلى المدرسة الابتدائية في ١٥ أيلول",
    ],
)
def test_clean_text_never_changes_letters_or_diacritics(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text)
    assert clean_text(text) == text


def test_clean_text_keeps_canonically_reordered_marks() -> None:
    # Shadda typed before fatha is reordered by NFC but no mark is lost or added.
    typed = "شد\u0651\u064eة"
    cleaned = clean_text(typed)
    assert cleaned == unicodedata.normalize("NFC", typed)
    assert sorted(cleaned) == sorted(typed)


def test_clean_text_of_blank_input_is_empty() -> None:
    assert clean_text(" \u200f\n\n\u00a0\t") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("عاجل:\nانفجار في\n\nمرفأ المدينة", "عاجل: انفجار في مرفأ المدينة"),
        ("  سامر\u00a0الحلبي  ", "سامر الحلبي"),
        ("\u200fالاقتصـاد\u200f", "الاقتصاد"),
    ],
)
def test_clean_line_has_no_breaks(raw: str, expected: str) -> None:
    assert clean_line(raw) == expected


# ---------------------------------------------------------------------------------------------
# search_form


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (("أحمد", "احمد", "إحمد", "آحمد", "ٱحمد"), "احمد"),
        (("إسرائيل", "اسرائيل"), "اسرائيل"),
        # Letters typed on Persian keyboards: «رئیس»/«رئيس», «کتاب»/«كتاب».
        (("رئیس", "رئيس"), "رئيس"),
        (("کتاب", "كتاب"), "كتاب"),
        (("مدرسة", "مدرسه"), "مدرسه"),
        (("الكاظمي", "الكاظمى", "الكَاظِمي", "الكـاظـمي"), "الكاظمي"),
        (("مصطفى", "مصطفي", "مُصْطَفَى"), "مصطفي"),
        (("الرَّحْمٰن", "الرحمن"), "الرحمن"),
        (("القاهرة", "القاهره", "القاهـــرة"), "القاهره"),
        (("ا\u0654حمد", "أحمد"), "احمد"),
    ],
)
def test_search_form_folds_spelling_variants(variants: tuple[str, ...], expected: str) -> None:
    assert {search_form(v) for v in variants} == {expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Punctuation, Arabic and Latin, becomes single spaces.
        ("عاجل: «الحكومة» تستقيل، والبرلمان يجتمع؟!", "عاجل الحكومه تستقيل والبرلمان يجتمع"),
        ("  وزارة   الصحة  ", "وزاره الصحه"),
        # Latin is lower-cased; Eastern digits stay digits.
        ("قمة G20 في ٢٠٢٦", "قمه g20 في ٢٠٢٦"),
        # Presentation forms (lam-alef ligature) are decomposed by NFKC.
        ("\ufefbعب", "لاعب"),
        # Invisible marks and ZWNJ disappear without splitting the word.
        ("می\u200cخواهم", "ميخواهم"),
        ("\u200fالبرلمان\u200f", "البرلمان"),
    ],
)
def test_search_form(text: str, expected: str) -> None:
    assert search_form(text) == expected


def test_search_form_removes_every_diacritic_of_a_vocalised_sentence() -> None:
    folded = search_form(VOCALISED)
    assert not any(unicodedata.category(c) == "Mn" for c in folded)
    assert folded == search_form("اعلنت الهيئه العامه للرياضه اقامه مسابقه كبري في ٢٠٢٦ هذا العام وسال مؤسسوها لماذا")


# ---------------------------------------------------------------------------------------------
# arabic_letter_ratio and detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الحكومة تعلن خطة جديدة", 1.0),
        ("The government announces a new plan", 0.0),
        ("2026 - 12:30 !", 0.0),
        ("", 0.0),
        ("قمة G20", 0.75),  # 3 Arabic letters of 4 (digits are not letters)
    ],
)
def test_arabic_letter_ratio(text: str, expected: float) -> None:
    assert arabic_letter_ratio(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        VOCALISED,
        "هٰذَا ذٰلِكَ",  # dagger alef is a mark, not a letter
        "إِنَّ اللّٰهَ مَعَ الصّٰبِرِينَ",
    ],
)
def test_arabic_letter_ratio_is_a_share(text: str) -> None:
    assert arabic_letter_ratio(text) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الزرقاء.", "ar"),
        ("قال الرئيس إن المفاوضات مع صندوق النقد الدولي ستستأنف الأسبوع المقبل في واشنطن.", "ar"),
        (VOCALISED, "ar"),
        # Arabic with a few English words is still Arabic.
        ("أطلقت شركة Orbit Tech تطبيقا جديدا لحجز مواعيد العيادات الحكومية في الرياض.", "ar"),
        # Arabic typed on a Persian keyboard: one stray ی in a long sentence.
        ("أكد المتحدث باسم الحكومة أن الانتخابات البلدية ستجری في موعدها المحدد دون أي تأجيل.", "ar"),
        ("وزیر امور خارجه گفت که گفتگوها با کشورهای همسایه هفته آینده ادامه خواهد یافت.", "fa"),
        ("رئیس‌جمهور امروز صبح از نمایشگاه کتاب تهران بازدید کرد.", "fa"),
        ("وزیراعظم نے کہا کہ حکومت بجلی کی قیمتوں میں کمی کرے گی۔", "ur"),
        ("لاہور میں شدید بارش کے بعد کئی سڑکیں پانی میں ڈوب گئیں۔", "ur"),
        ("The foreign minister said talks would resume next week in Geneva.", None),
        ("Le ministre a annoncé un nouveau plan pour les transports.", None),
        ("2026/11/17 — 12:30", None),
        ("", None),
    ],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected
