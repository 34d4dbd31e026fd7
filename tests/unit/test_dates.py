"""Date strings as Arabic outlets print them, and the ISO-8601 value each must give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.extraction.dates import (
    MONTHS,
    ParsedDate,
    find_date_in_url,
    parse_date,
    parse_epoch,
    reinterpret_as_local,
    to_zone,
    z_is_local,
)

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def iso(text: str, tz: str = "UTC") -> str | None:
    parsed = parse_date(text, tz=tz)
    return parsed.iso() if parsed is not None else None


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        # ISO-8601: explicit offsets kept, Z is UTC, no zone -> the outlet's timezone.
        ("2026-11-17T20:45:00+02:00", "UTC", "2026-11-17T20:45:00+02:00"),
        ("2026-11-17T18:45:00Z", "Africa/Cairo", "2026-11-17T18:45:00+00:00"),
        ("2026-11-17T20:45:00.000+0200", "UTC", "2026-11-17T20:45:00+02:00"),
        ("2026-11-17T21:45:00-05:00", "Asia/Beirut", "2026-11-17T21:45:00-05:00"),
        ("2026-11-17 20:45:00", "Africa/Cairo", "2026-11-17T20:45:00+02:00"),
        ("2026-11-17", "Africa/Casablanca", "2026-11-17"),
        # RFC-822/2822 as in RSS.
        ("Tue, 17 Nov 2026 18:45:00 GMT", "Africa/Cairo", "2026-11-17T18:45:00+00:00"),
        ("Tue, 17 Nov 2026 21:45:00 +0300", "UTC", "2026-11-17T21:45:00+03:00"),
        ("17 Nov 2026 18:45 UT", "Asia/Riyadh", "2026-11-17T18:45:00+00:00"),
        # Numeric, day first.
        ("17/11/2026", "Africa/Cairo", "2026-11-17"),
        ("17-11-2026 20:45", "Asia/Beirut", "2026-11-17T20:45:00+02:00"),
        ("17.11.2026", "Africa/Algiers", "2026-11-17"),
        ("2026/11/17 08:45 م", "Africa/Cairo", "2026-11-17T20:45:00+02:00"),
        ("5/3/2026", "Asia/Beirut", "2026-03-05"),
        ("11/17/2026 8:45:00 PM", "UTC", "2026-11-17T20:45:00+00:00"),  # only month-first fits
    ],
)
def test_machine_formats(text: str, tz: str, expected: str) -> None:
    assert iso(text, tz) == expected


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        # Egyptian / Gulf names.
        ("الثلاثاء 17 نوفمبر 2026 - 08:45 م", "Africa/Cairo", "2026-11-17T20:45:00+02:00"),
        ("نشر في: الثلاثاء، 17 نوفمبر 2026 الساعة 8:45 مساءً", "Africa/Cairo", "2026-11-17T20:45:00+02:00"),
        ("آخر تحديث: يوم الخميس 5 مارس 2026 | 10:30 صباحاً", "Asia/Riyadh", "2026-03-05T10:30:00+03:00"),
        ("نوفمبر 17، 2026", "Africa/Cairo", "2026-11-17"),
        ("2026 نوفمبر 17", "Africa/Cairo", "2026-11-17"),
        ("بتاريخ 4 أغسطس 2026", "Africa/Cairo", "2026-08-04"),
        ("4 اغسطس 2026", "UTC", "2026-08-04"),
        ("12 يونيه 2026", "UTC", "2026-06-12"),
        ("9 يوليه 2026", "UTC", "2026-07-09"),
        # Alef and diacritic variants fold to one name.
        ("3 أبريل 2026", "UTC", "2026-04-03"),
        ("3 ابريل 2026", "UTC", "2026-04-03"),
        ("3 إبريل 2026", "UTC", "2026-04-03"),
        ("3 أَبْرِيل 2026", "UTC", "2026-04-03"),
        ("1 أكتوبر 2026", "UTC", "2026-10-01"),
        ("1 اكتوبر 2026", "UTC", "2026-10-01"),
        # Levantine / Iraqi names: «كانون الثاني» is January, «تشرين الثاني» November.
        ("15 كانون الثاني 2026", "Asia/Beirut", "2026-01-15"),
        ("22 تشرين الثاني 2026 - 14:10", "Asia/Beirut", "2026-11-22T14:10:00+02:00"),
        ("22 تشرين الأول 2026", "Asia/Damascus", "2026-10-22"),
        ("22 تشرين الاول 2026", "Asia/Damascus", "2026-10-22"),
        ("24 كانون الأول 2026", "Asia/Baghdad", "2026-12-24"),
        ("7 شباط 2026", "Asia/Beirut", "2026-02-07"),
        ("21 آذار 2026", "Asia/Beirut", "2026-03-21"),
        ("21 اذار 2026", "Asia/Beirut", "2026-03-21"),
        ("10 نيسان 2026", "Asia/Baghdad", "2026-04-10"),
        ("2 أيار 2026", "Asia/Beirut", "2026-05-02"),
        ("2 ايار 2026", "Asia/Beirut", "2026-05-02"),
        ("30 حزيران 2026", "Asia/Baghdad", "2026-06-30"),
        ("14 تموز 2026", "Asia/Baghdad", "2026-07-14"),
        ("4 آب 2026", "Asia/Beirut", "2026-08-04"),
        ("4 اب 2026", "Asia/Beirut", "2026-08-04"),
        ("1 أيلول 2026", "Asia/Beirut", "2026-09-01"),
        ("1 ايلول 2026", "Asia/Beirut", "2026-09-01"),
        # Algerian / Tunisian names.
        ("15 جانفي 2026", "Africa/Algiers", "2026-01-15"),
        ("7 فيفري 2026", "Africa/Tunis", "2026-02-07"),
        ("10 أفريل 2026", "Africa/Algiers", "2026-04-10"),
        ("2 ماي 2026", "Africa/Algiers", "2026-05-02"),
        ("30 جوان 2026", "Africa/Tunis", "2026-06-30"),
        ("5 جويلية 2026 على الساعة 18:00", "Africa/Algiers", "2026-07-05T18:00:00+01:00"),
        ("4 أوت 2026", "Africa/Algiers", "2026-08-04"),
        # Moroccan names (Casablanca is +01:00 outside Ramadan).
        ("17 نونبر 2026 - 20:45", "Africa/Casablanca", "2026-11-17T20:45:00+01:00"),
        ("9 يوليوز 2026", "Africa/Casablanca", "2026-07-09"),
        ("4 غشت 2026", "Africa/Casablanca", "2026-08-04"),
        ("1 شتنبر 2026", "Africa/Casablanca", "2026-09-01"),
        ("24 دجنبر 2026", "Africa/Casablanca", "2026-12-24"),
        # Combined forms.
        ("2 أيار/مايو 2026", "Asia/Beirut", "2026-05-02"),
        ("22 تشرين الثاني/نوفمبر 2026", "Asia/Beirut", "2026-11-22"),
        ("22 نوفمبر/تشرين الثاني 2026", "Asia/Beirut", "2026-11-22"),
        ("15 كانون الثاني / يناير 2026", "Asia/Amman", "2026-01-15"),
        ("2 أيار (مايو) 2026", "Asia/Beirut", "2026-05-02"),
        # Eastern Arabic and Persian digits.
        ("١٧ نوفمبر ٢٠٢٦ - ٠٨:٤٥ م", "Africa/Cairo", "2026-11-17T20:45:00+02:00"),
        ("۱۷ نوفمبر ۲۰۲۶ ۲۰:۴۵", "Asia/Baghdad", "2026-11-17T20:45:00+03:00"),
        ("١٧/١١/٢٠٢٦", "Africa/Cairo", "2026-11-17"),
        # Invisible bidi marks and tatweel that CMSes leave around dates.
        ("\u200f17 نوفمـبر 2026\u200f", "UTC", "2026-11-17"),
    ],
)
def test_arabic_forms(text: str, tz: str, expected: str) -> None:
    assert iso(text, tz) == expected


@pytest.mark.parametrize(
    ("text", "expected_time"),
    [
        ("17 نوفمبر 2026 12:30 ص", "00:30:00"),
        ("17 نوفمبر 2026 12:30 م", "12:30:00"),
        ("17 نوفمبر 2026 12:05 صباحا", "00:05:00"),
        ("17 نوفمبر 2026 1:15 ص", "01:15:00"),
        ("17 نوفمبر 2026 1:15 م", "13:15:00"),
        ("17 نوفمبر 2026 11:59 مساءً", "23:59:00"),
        ("17 نوفمبر 2026 الساعة 10:30", "10:30:00"),
        ("17 نوفمبر 2026 20:45 م", "20:45:00"),  # 24h clock with a redundant marker
        ("08:45 م - 17 نوفمبر 2026", "20:45:00"),  # time before the date
        ("17 نوفمبر 2026 م 08:45 ص", "08:45:00"),  # «م» after the year is «ميلادي», not PM
    ],
)
def test_am_pm(text: str, expected_time: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert parsed.has_time
    assert parsed.value.time().isoformat() == expected_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الثلاثاء 17 نوفمبر 2026 - 08:45 م GMT+3", "2026-11-17T20:45:00+03:00"),
        ("17 نوفمبر 2026 20:45 GMT +03:00", "2026-11-17T20:45:00+03:00"),
        ("17 نوفمبر 2026 20:45 UTC+05:30", "2026-11-17T20:45:00+05:30"),
        ("17 نوفمبر 2026 20:45 (+03:00)", "2026-11-17T20:45:00+03:00"),
        ("17 نوفمبر 2026 الساعة 18:45 بتوقيت غرينتش", "2026-11-17T18:45:00+00:00"),
        ("17 نوفمبر 2026 الساعة 18:45 توقيت جرينتش", "2026-11-17T18:45:00+00:00"),
        ("17/11/2026 الساعة 21:45 (بتوقيت مكة المكرمة)", "2026-11-17T21:45:00+03:00"),
        ("17 نوفمبر 2026 20:45 بتوقيت القاهرة", "2026-11-17T20:45:00+02:00"),
    ],
)
def test_explicit_zone_is_kept(text: str, expected: str) -> None:
    parsed = parse_date(text, tz="Africa/Casablanca")
    assert parsed is not None
    assert parsed.iso() == expected
    assert parsed.has_zone


@pytest.mark.parametrize(
    ("text", "has_time", "has_zone"),
    [
        ("17 نوفمبر 2026", False, False),
        ("17 نوفمبر 2026 20:45", True, False),
        ("2026-11-17T20:45:00Z", True, True),
        ("17 نوفمبر 2026 GMT", False, True),
    ],
)
def test_flags(text: str, has_time: bool, has_zone: bool) -> None:
    parsed = parse_date(text, tz="Africa/Cairo")
    assert parsed is not None
    assert (parsed.has_time, parsed.has_zone) == (has_time, has_zone)


def test_raw_is_input_stripped() -> None:
    parsed = parse_date("  نشر في: ١٧ نوفمبر ٢٠٢٦ \n")
    assert parsed is not None
    assert parsed.raw == "نشر في: ١٧ نوفمبر ٢٠٢٦"
    assert parsed.iso() == "2026-11-17"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الأحد 18 جمادى الآخرة 1448 هـ - 29 نوفمبر 2026 م", "2026-11-29"),
        ("الأحد 29 نوفمبر 2026 م - 18 جمادى الآخرة 1448 هـ", "2026-11-29"),
        ("18 جمادى الآخرة 1448هـ الموافق 29/11/2026", "2026-11-29"),
        ("الأحد 1448/06/18 هـ - 2026/11/29 م الساعة 09:15 ص", "2026-11-29T09:15:00+03:00"),
        ("7 رمضان 1447 - 25 فبراير 2026", "2026-02-25"),
    ],
)
def test_hijri_and_gregorian_takes_gregorian(text: str, expected: str) -> None:
    assert iso(text, "Asia/Riyadh") == expected


@pytest.mark.parametrize(
    "text",
    [
        "18 جمادى الآخرة 1448 هـ",
        "الأحد 18 جمادى الأولى 1448",
        "1 رمضان 1447 هـ",
        "10 ذو الحجة 1447",
        "12 ربيع الأول 1448 هجرية",
        "1448/06/18 هـ",
        "18/06/1448",  # unmarked, but no Gregorian year is that early
    ],
)
def test_hijri_only_is_none(text: str) -> None:
    assert parse_date(text, tz="Asia/Riyadh") is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "غير متوفر",
        "قبل 3 ساعات",
        "08:45 م",
        "نوفمبر 2026",
        "30 فبراير 2026",
        "31/04/2026",
        "2026-13-01",
        "15/13/2026",
        "2026-11-17T25:61:00",
        "2026-11-17T20:45:00+19:00",
        "17 أيار/يونيو 2026",  # the two names contradict each other
        "1 يناير 1985",
        "<div>lorem ipsum</div>",
    ],
)
def test_garbage_and_invalid_are_none(text: str) -> None:
    assert parse_date(text, tz="Africa/Cairo") is None


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("20 نوفمبر 2026 08:00", True),  # inside now + 2 days
        ("21 نوفمبر 2026", False),
        ("17 نوفمبر 2027", False),
        ("17 نوفمبر 2025", True),
    ],
)
def test_future_beyond_two_days_is_none(text: str, accepted: bool) -> None:
    assert (parse_date(text, tz="UTC", now=NOW) is not None) is accepted


def test_future_check_only_with_now() -> None:
    assert parse_date("17 نوفمبر 2030") is not None


def test_naive_now_is_local_to_tz() -> None:
    naive_now = datetime(2026, 11, 18, 9, 0)
    assert parse_date("20 نوفمبر 2026 08:00", tz="Africa/Cairo", now=naive_now) is not None
    assert parse_date("20 نوفمبر 2026 10:00", tz="Africa/Cairo", now=naive_now) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.alquds.co.uk/2026/11/17/عنوان-الخبر/", "2026-11-17"),
        ("https://example.com/news/2026/1/5/slug", "2026-01-05"),
        ("https://example.com/news/2026-11-17/slug", "2026-11-17"),
        ("https://example.com/news/2026-11-17-slug.html", "2026-11-17"),
        ("https://example.com/Article/20261117/12345", "2026-11-17"),
        ("https://example.com/news/details/20261117?ref=rss", "2026-11-17"),
    ],
)
def test_find_date_in_url(url: str, expected: str) -> None:
    parsed = find_date_in_url(url, tz="Africa/Cairo")
    assert parsed is not None
    assert parsed.iso() == expected
    assert not parsed.has_time
    assert not parsed.has_zone


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/123456/slug",
        "https://example.com/news/2026/13/45/slug",
        "https://example.com/article/12345678",  # an id, not a date
        "https://example.com/search?date=2026-11-17",  # the query is not the path
        "http://[::1/2026/11/17",
    ],
)
def test_find_date_in_url_none(url: str) -> None:
    assert find_date_in_url(url) is None


def test_find_date_in_url_future() -> None:
    assert find_date_in_url("https://example.com/2026/12/01/x", now=NOW) is None


def test_to_zone() -> None:
    value = datetime(2026, 11, 17, 18, 45, tzinfo=UTC)
    assert to_zone(value, "Asia/Beirut").isoformat() == "2026-11-17T20:45:00+02:00"
    assert to_zone(datetime(2026, 11, 17, 20, 45), "Africa/Cairo").utcoffset() == timedelta(hours=2)


def test_month_table_keys_are_folded() -> None:
    assert MONTHS["ابريل"] == MONTHS["نيسان"] == MONTHS["افريل"] == 4
    assert MONTHS["كانون الثاني"] == 1
    assert MONTHS["تشرين الثاني"] == 11
    assert MONTHS["جويليه"] == 7


def test_offset_value() -> None:
    parsed = parse_date("2026-11-17T20:45:00-03:30")
    assert parsed is not None
    assert parsed.value.utcoffset() == -timedelta(hours=3, minutes=30)
    assert parsed.value.tzinfo == timezone(-timedelta(hours=3, minutes=30))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الأحد 18 جمادى الأولى 1448 هـ الموافق 9 نوفمبر 2026", "2026-11-09"),
        ("الاثنين 29 جمادى الأولى 1448هـ - الموافق 9 نوفمبر 2026م", "2026-11-09"),
        ("9 تشرين الثاني 2026 - 29 جمادى الأولى 1448 هجري", "2026-11-09"),
        ("الاثنين ٢٩ جمادى الأولى ١٤٤٨ هـ ٩ نوفمبر ٢٠٢٦ م ٠٧:٣٠ م", "2026-11-09T19:30:00+03:00"),
    ],
)
def test_hijri_day_never_read_as_gregorian(text: str, expected: str) -> None:
    assert iso(text, "Asia/Riyadh") == expected


@pytest.mark.parametrize("text", ["18 جمادى الأولى 1448", "١٨ جمادى الأولى ١٤٤٨ هـ", "الأحد 18 جمادى الأولى"])
def test_hijri_alone_is_none_even_with_now(text: str) -> None:
    assert parse_date(text, tz="Asia/Riyadh") is None
    assert parse_date(text, tz="Asia/Riyadh", now=NOW) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۲ أيار/مايو ۲۰۲۶", "2026-05-02"),
        ("السبت، ۲ أيار/مايو ۲۰۲۶ - ۱۰:۳۰", "2026-05-02T10:30:00+03:00"),
        ("۰۲/۰۵/۲۰۲۶ ۰۸:۴۵ م", "2026-05-02T20:45:00+03:00"),
        ("۲۰۲۶-۰۵-۰۲T۱۰:۳۰:۰۰+۰۳:۰۰", "2026-05-02T10:30:00+03:00"),
        ("٢ أيار/مايو ۲۰۲۶", "2026-05-02"),  # Arabic-Indic and Persian digits mixed
    ],
)
def test_persian_digits(text: str, expected: str) -> None:
    assert iso(text, "Asia/Beirut") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("السبت، 2 أيار/مايو 2026", "2026-05-02"),
        ("الأحد 3 أيار/مايو 2026", "2026-05-03"),
        ("الاثنين، 4 أيار (مايو) 2026", "2026-05-04"),
        ("الإثنين 4 أيار 2026", "2026-05-04"),
        ("الثلاثاء 5 مايو/أيار 2026 - 09:10", "2026-05-05T09:10:00+03:00"),
        ("الأربعاء، 6 أيار / مايو 2026 | 14:20", "2026-05-06T14:20:00+03:00"),
        ("الخميس 7 أيار(مايو) 2026م", "2026-05-07"),
        ("الجمعة ٨ أيار/مايو ٢٠٢٦ الساعة ٠٦:٠٠ م", "2026-05-08T18:00:00+03:00"),
        ("يوم السبت 2 أيار/ مايو 2026", "2026-05-02"),
    ],
)
def test_day_names_and_combined_months(text: str, expected: str) -> None:
    assert iso(text, "Asia/Beirut") == expected


@pytest.mark.parametrize("text", ["2 أيار/مايو", "أيار (مايو)", "السبت، 2 أيار/مايو", "أيار (مايو) 2026"])
def test_combined_month_without_day_or_year_is_none(text: str) -> None:
    assert parse_date(text, tz="Asia/Beirut", now=NOW) is None  # no year is guessed


def test_relative_needs_now() -> None:
    assert parse_date("منذ 3 ساعات") is None
    assert parse_date("منذ 3 ساعات", tz="Asia/Riyadh") is None
    assert parse_date("أمس 10:30 م", tz="Asia/Riyadh") is None


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("منذ 3 ساعات", "2026-11-18T09:00:00+03:00", True),
        ("نشر منذ ٥ دقائق", "2026-11-18T11:55:00+03:00", True),
        ("أمس 10:30 م", "2026-11-17T22:30:00+03:00", True),
        ("منذ يومين", "2026-11-16", False),
        ("البارحة", "2026-11-17", False),
        ("3 hours ago", "2026-11-18T09:00:00+03:00", True),
    ],
)
def test_parse_date_falls_back_to_relative_with_now(text: str, expected: str, has_time: bool) -> None:
    parsed = parse_date(text, tz="Asia/Riyadh", now=NOW)
    assert parsed is not None
    assert (parsed.iso(), parsed.has_time, parsed.has_zone) == (expected, has_time, False)


def test_absolute_date_wins_over_relative() -> None:
    parsed = parse_date("17 نوفمبر 2026 20:45 (منذ 3 ساعات)", tz="Asia/Riyadh", now=NOW)
    assert parsed is not None
    assert parsed.iso() == "2026-11-17T20:45:00+03:00"


def test_parse_date_naive_now_stays_local_for_relative() -> None:
    # parse_date has always read a naive ``now`` as local to ``tz``; the fallback keeps that.
    naive_now = datetime(2026, 11, 18, 12, 0)
    parsed = parse_date("منذ 3 ساعات", tz="Asia/Riyadh", now=naive_now)
    assert parsed is not None
    assert parsed.iso() == "2026-11-18T09:00:00+03:00"


def _parsed(text: str, tz: str) -> ParsedDate:
    parsed = parse_date(text, tz=tz)
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(
    ("machine", "visible", "tz", "expected"),
    [
        # The byline shows 20:45 Riyadh time and the meta tag says 20:45Z: local time mislabelled.
        ("2026-11-17T20:45:00Z", "الثلاثاء 17 نوفمبر 2026 - 08:45 م", "Asia/Riyadh", True),
        ("2026-11-17T20:45:00+00:00", "17/11/2026 20:45", "Asia/Riyadh", True),
        ("2026-11-17T20:45:12.000Z", "17 تشرين الثاني 2026 20:45", "Asia/Beirut", True),
        # A real UTC instant: the byline shows it three hours later.
        ("2026-11-17T17:45:00Z", "الثلاثاء 17 نوفمبر 2026 - 08:45 م", "Asia/Riyadh", False),
        # Same clock but on another day.
        ("2026-11-16T20:45:00Z", "17 نوفمبر 2026 20:45", "Asia/Riyadh", False),
        # The machine date has a real non-zero offset.
        ("2026-11-17T20:45:00+03:00", "17 نوفمبر 2026 20:45", "Asia/Riyadh", False),
        # The visible date has no time, or names its zone (then equal clocks are genuine).
        ("2026-11-17T20:45:00Z", "17 نوفمبر 2026", "Asia/Riyadh", False),
        ("2026-11-17T20:45:00Z", "17 نوفمبر 2026 20:45 GMT", "Asia/Riyadh", False),
        # A machine date without an explicit zone is not a UTC claim.
        ("2026-11-17T20:45:00", "17 نوفمبر 2026 20:45", "Asia/Riyadh", False),
        # On UTC+0 the readings agree anyway and prove nothing.
        ("2026-11-17T20:45:00Z", "17 نوفمبر 2026 20:45", "Africa/Abidjan", False),
        ("2026-11-17T20:45:00Z", "17 نونبر 2026 20:45", "Europe/London", False),
    ],
)
def test_z_is_local(machine: str, visible: str, tz: str, expected: bool) -> None:
    assert z_is_local(_parsed(machine, tz), _parsed(visible, tz), tz) is expected


def test_z_is_local_compares_visible_in_outlet_zone() -> None:
    # A visible date parsed under another zone is compared as the outlet's clock shows it.
    machine = _parsed("2026-11-17T20:45:00Z", "UTC")
    visible = _parsed("17 نوفمبر 2026 19:45", "Africa/Cairo")  # 20:45 in Riyadh
    assert z_is_local(machine, visible, "Asia/Riyadh")
    assert not z_is_local(machine, visible, "Africa/Cairo")


def test_reinterpret_as_local() -> None:
    machine = _parsed("2026-11-17T20:45:00Z", "Asia/Riyadh")
    local = reinterpret_as_local(machine, "Asia/Riyadh")
    assert local.iso() == "2026-11-17T20:45:00+03:00"
    assert local.value == datetime(2026, 11, 17, 17, 45, tzinfo=UTC)
    assert (local.raw, local.has_time, local.has_zone) == ("2026-11-17T20:45:00Z", True, False)
    assert machine.iso() == "2026-11-17T20:45:00+00:00"  # the original is left as it was


def test_reinterpret_as_local_follows_dst() -> None:
    summer = reinterpret_as_local(_parsed("2026-07-01T10:00:00Z", "UTC"), "Asia/Beirut")
    winter = reinterpret_as_local(_parsed("2026-12-01T10:00:00Z", "UTC"), "Asia/Beirut")
    assert (summer.iso(), winter.iso()) == ("2026-07-01T10:00:00+03:00", "2026-12-01T10:00:00+02:00")


# --- Precision: only what the string says -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tz", "expected", "precision"),
    [
        # A day without a time is a date, in any zone: never an invented midnight.
        ("الأحد 8 ديسمبر 2024", "Asia/Riyadh", "2024-12-08", "day"),
        ("الأحد 8 ديسمبر 2024", None, "2024-12-08", "day"),
        ("08/12/2024", None, "2024-12-08", "day"),
        # A wall clock whose zone nobody named stays naive: no +00:00.
        ("الأحد 8 ديسمبر 2024 - 10:15 ص", None, "2024-12-08T10:15:00", "local"),
        ("2024-12-08T10:15:00", None, "2024-12-08T10:15:00", "local"),
        # The outlet's zone, or one the string names, makes it an instant.
        ("الأحد 8 ديسمبر 2024 - 10:15 ص", "Asia/Riyadh", "2024-12-08T10:15:00+03:00", "instant"),
        ("2024-12-08T10:15:00+02:00", None, "2024-12-08T10:15:00+02:00", "instant"),
        ("8 ديسمبر 2024 10:15 بتوقيت غرينتش", None, "2024-12-08T10:15:00+00:00", "instant"),
    ],
)
def test_iso_writes_only_what_is_known(text: str, tz: str | None, expected: str, precision: str) -> None:
    parsed = parse_date(text, tz=tz)
    assert parsed is not None
    assert (parsed.iso(), parsed.precision) == (expected, precision)


def test_zone_unknown_by_default() -> None:
    parsed = parse_date("8 ديسمبر 2024 22:40")
    assert parsed is not None
    assert parsed.value.tzinfo is None
    assert parsed.iso() == "2024-12-08T22:40:00"


def test_unknown_zone_future_check_allows_clocks_ahead_of_utc() -> None:
    now = datetime(2024, 12, 8, 22, 0, tzinfo=UTC)  # already 9 December east of UTC+2
    assert parse_date("10 ديسمبر 2024 20:00", now=now) is not None
    assert parse_date("12 ديسمبر 2024 20:00", now=now) is None


def test_egyptian_of_between_day_and_month() -> None:
    parsed = parse_date("الأحد 12 من مايو 2024 - 10:15 ص", tz="Africa/Cairo")
    assert parsed is not None
    assert parsed.iso() == "2024-05-12T10:15:00+03:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Hijri first, then «الموافق» and the Gregorian day: the Hijri numbers never leak into it.
        ("الأحد 10 ذو القعدة 1445 هـ الموافق 19 مايو 2024", "2024-05-19"),
        ("١٠ ذو القعدة ١٤٤٥هـ - ١٩ مايو ٢٠٢٤م الساعة ٣:٢٠ م", "2024-05-19T15:20:00+03:00"),
        ("1445/11/10 هـ الموافق 2024/05/18", "2024-05-18"),
        ("السبت 10/11/1445هـ 18/05/2024", "2024-05-18"),
        ("1445 ذو القعدة 10 - 19 مايو 2024", "2024-05-19"),  # the Hijri year first
        ("الخميس 23 مايو 2024 - 15 ذو القعدة 1445 هـ", "2024-05-23"),
    ],
)
def test_hijri_beside_gregorian(text: str, expected: str) -> None:
    parsed = parse_date(text, tz="Asia/Riyadh")
    assert parsed is not None
    assert parsed.iso() == expected


@pytest.mark.parametrize("text", ["١٤ شوال ١٤٤٥", "10/11/1445 هـ", "1445/11/10", "14 شوال 1445 هـ 10:15 ص"])
def test_hijri_only_gives_no_date(text: str) -> None:
    assert parse_date(text, tz="Asia/Riyadh", now=NOW) is None


# --- Epoch times --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        ("1718012400000", "Asia/Riyadh", "2024-06-10T12:40:00+03:00"),  # milliseconds
        ("1718012400", "Asia/Riyadh", "2024-06-10T12:40:00+03:00"),  # seconds
        ("1718012400000", None, "2024-06-10T09:40:00+00:00"),  # an exact instant even without a zone
    ],
)
def test_parse_epoch(text: str, tz: str | None, expected: str) -> None:
    parsed = parse_epoch(text, tz=tz)
    assert parsed is not None
    assert (parsed.iso(), parsed.precision) == (expected, "instant")


@pytest.mark.parametrize("text", ["171801240000", "17180124", "2024-06-10", "abc", "0000000000"])
def test_parse_epoch_rejects_other_numbers(text: str) -> None:
    assert parse_epoch(text) is None


def test_parse_epoch_rejects_the_future() -> None:
    assert parse_epoch("1718012400000", now=datetime(2024, 6, 1, tzinfo=UTC)) is None


# --- The span of instants a date may denote -----------------------------------------------------------


def test_earliest_and_latest() -> None:
    day = parse_date("8 ديسمبر 2024")
    clock = parse_date("8 ديسمبر 2024 10:00")
    instant = parse_date("8 ديسمبر 2024 10:00", tz="Asia/Riyadh")
    assert day is not None and clock is not None and instant is not None
    assert (day.earliest(), day.latest()) == (
        datetime(2024, 12, 7, 10, 0, tzinfo=UTC),
        datetime(2024, 12, 9, 12, 0, tzinfo=UTC),
    )
    assert (clock.earliest(), clock.latest()) == (
        datetime(2024, 12, 7, 20, 0, tzinfo=UTC),
        datetime(2024, 12, 8, 22, 0, tzinfo=UTC),
    )
    assert instant.earliest() == instant.latest() == datetime(2024, 12, 8, 7, 0, tzinfo=UTC)
