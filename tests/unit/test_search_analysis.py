"""The Arabic analysis: folding, the article and its proclitics, suffixes, and the length floors that
keep root letters («وزير», «بلد», «لبنان») where they are."""

from __future__ import annotations

import pytest

from crawler.search.analysis import index_stems, stem, stem_text, surface_text, words


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("الوزير", "وزير"),
        ("بالوزير", "وزير"),
        ("والوزير", "وزير"),
        ("فالرئيس", "رئيس"),
        ("كالعادة", "عاد"),
        ("للمياه", "ميا"),
        ("وللمياه", "ميا"),
        ("المياه", "ميا"),
        ("والحكومة", "حكوم"),
        ("الحكومة", "حكوم"),
        ("حكومتها", "حكومت"),
        ("بيتها", "بيت"),
        ("حقوقهم", "حقوق"),
        ("كتابكم", "كتاب"),
        ("بلادنا", "بلاد"),
        ("الحكومات", "حكوم"),
        ("المعلمون", "معلم"),
        ("الوزيران", "وزير"),
        ("الدولة", "دول"),
        ("الدولية", "دولي"),  # the adjective keeps its ي: «international», not «the state»
        ("دولي", "دولي"),
        ("الرئيسية", "رئيسي"),  # «main», not «the president»
        ("الكَاظِمى", "كاظمي"),
    ],
)
def test_clitics_and_suffixes_come_off(word: str, expected: str) -> None:
    [surface] = words(word)
    assert stem(surface) == expected


@pytest.mark.parametrize(
    "word",
    [
        # Root letters that look like proclitics: a query word keeps them.
        "وزير",
        "بلد",
        "لبنان",
        "كتاب",
        "والد",
        "وطن",
        "بيروت",
        "بغداد",
        "فرنسا",
        # Endings that look like suffixes but leave too little: the word stays whole.
        "ايران",
        "عمان",
        "سودان",
        "محاكم",
        "الذي",
        "التي",
        "الآن",
        "الله",
        # Short words: nothing comes off.
        "لها",
        "بها",
        "فهم",
        "كم",
        "هو",
        "في",
    ],
)
def test_over_stemming_traps(word: str) -> None:
    [surface] = words(word)
    assert stem(surface) == surface


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("الوالد", "والد"),  # the article comes off, the root و stays
        ("لبنان", "لبنان"),  # not «لبن» (milk) with a dual ending
        ("فلسطين", "فلسط"),  # the same stem at index and query time, so it still finds itself
        ("البحرين", "بحرين"),
        ("الوزير", "وزير"),  # not «زير»
    ],
)
def test_root_letters_stay(word: str, expected: str) -> None:
    [surface] = words(word)
    assert stem(surface) == expected


@pytest.mark.parametrize(
    ("word", "readings"),
    [
        ("بطرابلس", ("بطرابلس", "طرابلس")),
        ("وطرابلس", ("وطرابلس", "طرابلس")),
        ("وزير", ("وزير", "زير")),  # both readings indexed; a query «وزير» reads only the first
        ("بغزة", ("بغز", "غزه")),
        ("ولبنان", ("ولبن", "لبنان")),
        ("بالوزير", ("وزير",)),  # the article reading is certain: one stem
        ("كمال", ("كمال",)),  # a name, not ك + «مال»
        ("بلد", ("بلد",)),  # too short for a second reading
    ],
)
def test_the_index_keeps_both_readings_of_a_lone_proclitic(word: str, readings: tuple[str, ...]) -> None:
    [surface] = words(word)
    assert index_stems(surface) == readings


def test_a_query_finds_every_clitic_form_through_the_index_stems() -> None:
    for query, forms in [
        ("الوزير", ["بالوزير", "والوزير", "للوزير", "فالوزير", "الوزير", "وزير"]),
        ("طرابلس", ["بطرابلس", "وطرابلس", "لطرابلس", "طرابلس"]),
        ("الحكومة", ["والحكومة", "بالحكومة", "للحكومة", "حكومة"]),
        ("المياه", ["للمياه", "بالمياه", "مياه"]),
    ]:
        wanted = stem(words(query)[0])
        for form in forms:
            assert wanted in index_stems(words(form)[0]), (query, form)


def test_texts_for_the_index() -> None:
    text = "قال الوزيرُ، بطرابلس: «المياهُ للجميع»."
    assert surface_text(text) == "قال الوزير بطرابلس المياه للجميع"
    assert stem_text(text) == "قال وزير بطرابلس طرابلس ميا جميع"


def test_digits_and_latin_words_pass_through() -> None:
    assert words("Covid-19 في ٢٠٢٦") == ["covid", "19", "في", "٢٠٢٦"]
    assert [stem(w) for w in words("2026 covid")] == ["2026", "covid"]
