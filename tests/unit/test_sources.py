"""The source registry: the packaged file, every registered source, and each way a file can be wrong."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import available_timezones

import pytest

from crawler.selectors import SiteSelectors
from crawler.sources import (
    COUNTRY_TIMEZONES,
    Source,
    SourcesError,
    country_timezone,
    default_sources_path,
    load_sources,
    select_sources,
)
from crawler.urls import is_http_url

REGISTRY = load_sources()
TIMEZONES = available_timezones()

_ARABIC_LETTER_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def is_arabic_name(text: str) -> bool:
    """Every letter is in an Arabic block, and there is at least one ("فرانس 24" is fine)."""
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(_ARABIC_LETTER_RE.match(char) for char in letters)


# ---------------------------------------------------------------------------------------------
# The packaged registry


def test_default_path_is_the_packaged_file() -> None:
    path = default_sources_path()
    assert path.name == "sources.toml"
    assert path.is_file()


def test_packaged_registry_covers_many_outlets_and_countries() -> None:
    assert len(REGISTRY) >= 20
    assert len({source.country for source in REGISTRY}) >= 8


def test_packaged_registry_ids_and_feeds_are_unique() -> None:
    ids = [source.id for source in REGISTRY]
    feeds = [feed for source in REGISTRY for feed in source.feeds]
    assert len(ids) == len(set(ids))
    assert len(feeds) == len(set(feeds))


def test_every_registry_country_has_a_timezone() -> None:
    assert {source.country for source in REGISTRY} <= set(COUNTRY_TIMEZONES)


@pytest.mark.parametrize("source", REGISTRY, ids=[source.id for source in REGISTRY])
def test_registered_source(source: Source) -> None:
    assert re.fullmatch(r"[a-z0-9_-]+", source.id)
    assert source.name.strip() == source.name != ""
    assert is_arabic_name(source.name_ar), source.name_ar
    assert is_http_url(source.homepage)
    assert source.feeds, "at least one feed"
    assert all(is_http_url(feed) for feed in source.feeds)
    assert len(set(source.feeds)) == len(source.feeds)
    assert re.fullmatch(r"[A-Z]{2}|INT", source.country)
    assert source.language == "ar"
    assert source.timezone in TIMEZONES
    assert all(alias.strip() == alias != "" for alias in source.aliases)
    assert source.name_ar in source.site_names


def test_packaged_registry_needs_no_selectors() -> None:
    # Generic rules are the default: per-outlet selectors are for users' own registries.
    assert [source.id for source in REGISTRY if source.selectors is not None] == []


# ---------------------------------------------------------------------------------------------
# Loading a valid file


MAYADEEN: dict[str, object] = {
    "id": "almayadeen",
    "name": "Al Mayadeen",
    "name_ar": "الميادين",
    "homepage": "https://www.almayadeen.net/",
    "feeds": ["https://www.almayadeen.net/rss"],
    "country": "LB",
    "language": "ar",
}
HESPRESS: dict[str, object] = {
    "id": "hespress",
    "name": "Hespress",
    "name_ar": "هسبريس",
    "homepage": "https://www.hespress.com/",
    "feeds": ["https://www.hespress.com/feed"],
    "country": "MA",
    "language": "ar",
}
DROP = object()  # marks a key to leave out of an entry


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {toml_value(item)}" for key, item in value.items()) + "}"
    return str(value)


def entry(base: Mapping[str, object] = MAYADEEN, /, **changes: object) -> dict[str, object]:
    table = {**base, **changes}
    return {key: value for key, value in table.items() if value is not DROP}


def registry(*entries: dict[str, object]) -> str:
    return "".join(
        "[[sources]]\n" + "".join(f"{key} = {toml_value(value)}\n" for key, value in table.items()) + "\n"
        for table in entries
    )


def write(tmp_path: Path, text: str, name: str = "my-sources.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_minimal_entry_fills_defaults(tmp_path: Path) -> None:
    [source] = load_sources(write(tmp_path, registry(entry())))
    assert source == Source(
        id="almayadeen",
        name="Al Mayadeen",
        name_ar="الميادين",
        homepage="https://www.almayadeen.net/",
        feeds=("https://www.almayadeen.net/rss",),
        country="LB",
        language="ar",
        timezone="Asia/Beirut",
    )
    assert source.aliases == ()
    assert source.enabled is True


def test_load_optional_keys_and_strips_whitespace(tmp_path: Path) -> None:
    text = registry(
        entry(name=" Al Mayadeen ", timezone="Asia/Damascus", aliases=["الميادين نت"], enabled=False),
        entry(HESPRESS, country="XX"),
    )
    mayadeen, hespress = load_sources(str(write(tmp_path, text)))
    assert mayadeen.name == "Al Mayadeen"
    assert mayadeen.timezone == "Asia/Damascus"
    assert mayadeen.aliases == ("الميادين نت",)
    assert mayadeen.enabled is False
    assert hespress.timezone is None  # an unmapped country: zone unknown, not UTC


def test_site_names_lists_names_aliases_and_host_once() -> None:
    source = Source(
        id="almayadeen",
        name="Al Mayadeen",
        name_ar="الميادين",
        homepage="https://www.almayadeen.net/",
        feeds=("https://www.almayadeen.net/rss",),
        country="LB",
        language="ar",
        timezone="Asia/Beirut",
        aliases=("الميادين نت", "Al Mayadeen"),
    )
    assert source.site_names == ("Al Mayadeen", "الميادين", "الميادين نت", "almayadeen.net")


def test_source_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        REGISTRY[0].enabled = False  # type: ignore[misc]


@pytest.mark.parametrize(
    ("country", "timezone"),
    [("EG", "Africa/Cairo"), ("LB", "Asia/Beirut"), ("GB", "Europe/London"), ("INT", "UTC"), ("XX", None)],
)
def test_country_timezone(country: str, timezone: str | None) -> None:
    assert country_timezone(country) == timezone


def test_country_timezones_are_real_zones() -> None:
    assert set(COUNTRY_TIMEZONES.values()) <= TIMEZONES


# ---------------------------------------------------------------------------------------------
# Selecting sources


def _sources(tmp_path: Path) -> list[Source]:
    return load_sources(write(tmp_path, registry(entry(enabled=False), entry(HESPRESS))))


def test_select_nothing_named_gives_enabled_sources(tmp_path: Path) -> None:
    assert [source.id for source in select_sources(_sources(tmp_path), [])] == ["hespress"]


def test_select_named_sources_in_given_order_once_disabled_included(tmp_path: Path) -> None:
    selected = select_sources(_sources(tmp_path), ["hespress", "almayadeen", "hespress"])
    assert [source.id for source in selected] == ["hespress", "almayadeen"]


def test_select_unknown_id_suggests_close_ones(tmp_path: Path) -> None:
    with pytest.raises(SourcesError) as caught:
        select_sources(_sources(tmp_path), ["hespress", "almayadin"], path="my-sources.toml")
    assert str(caught.value) == ("my-sources.toml: source 'almayadin': no such source; did you mean 'almayadeen'?")
    assert caught.value.source == "almayadin"


def test_select_unknown_id_suggests_ids_containing_it() -> None:
    with pytest.raises(SourcesError, match=r"did you mean 'bbc_arabic'\?$"):
        select_sources(REGISTRY, ["bbc"])


def test_select_unknown_id_without_close_match_lists_known_ids(tmp_path: Path) -> None:
    with pytest.raises(SourcesError) as caught:
        select_sources(_sources(tmp_path), ["bbc"])
    assert str(caught.value) == "source 'bbc': no such source; known ids: almayadeen, hespress"


# ---------------------------------------------------------------------------------------------
# Errors: the file as a whole


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(SourcesError, match=r"nowhere\.toml: file not found$"):
        load_sources(path)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match=r"is a directory"):
        load_sources(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "my-sources.toml"
    path.write_bytes(registry(entry()).encode("cp1256"))
    with pytest.raises(SourcesError, match=r"my-sources\.toml: not UTF-8"):
        load_sources(path)


@pytest.mark.parametrize(
    ("text", "field", "fragment"),
    [
        pytest.param('[[sources]]\nid = "almayadeen\n', None, "invalid TOML: ", id="syntax"),
        pytest.param("# no outlets yet\n", None, "no [[sources]] array", id="no-sources"),
        pytest.param("sources = []\n", None, "array is empty", id="empty-sources"),
        pytest.param('[sources]\nid = "x"\n', None, "must be an array of tables", id="sources-table"),
        pytest.param("version = 1\n" + registry(entry()), "version", "unknown top-level key", id="top-key"),
    ],
)
def test_file_errors(tmp_path: Path, text: str, field: str | None, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    error = caught.value
    assert str(error).startswith(f"{path}: ")
    assert fragment in str(error)
    assert (error.path, error.source, error.entry, error.field) == (str(path), None, None, field)


def test_syntax_error_keeps_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match=r"invalid TOML: .*\(at line 2, column 17\)"):
        load_sources(write(tmp_path, '[[sources]]\nid = "almayadeen\n'))


# ---------------------------------------------------------------------------------------------
# Errors: one entry. Each case: the file's entries, where the error is (source id, or None when the id
# itself is missing or invalid; entry number), the field, and a fragment of the message.

FEED = "https://www.almayadeen.net/rss"
AT_1 = ("almayadeen", 1)  # the usual place: the only entry, whose id is valid
ENTRY_1 = (None, 1)  # the only entry, id missing or invalid


def case(
    entries: list[dict[str, object]], where: tuple[str | None, int], field: str, fragment: str, name: str
) -> object:
    return pytest.param(entries, where, field, fragment, id=name)


ENTRY_ERRORS = [
    # id
    case([entry(id=DROP)], ENTRY_1, "id", "missing required key", "id-missing"),
    case([entry(id=7)], ENTRY_1, "id", "expected a string, got integer 7", "id-type"),
    case([entry(id="  ")], ENTRY_1, "id", "must not be empty", "id-empty"),
    case([entry(id="Al Mayadeen")], ENTRY_1, "id", "'Al Mayadeen' is not a valid id", "id-space"),
    case([entry(id="al.mayadeen")], ENTRY_1, "id", "is not a valid id", "id-dot"),
    case(
        [entry(), entry(HESPRESS), entry(feeds=["https://www.almayadeen.net/feed"])],
        ("almayadeen", 3),
        "id",
        "duplicate id, already used by entry 1",
        "id-duplicate",
    ),
    # keys
    case(
        [entry(feed=FEED)],
        AT_1,
        "feed",
        "unknown key; did you mean 'feeds'? allowed keys: id, name, name_ar, homepage, country, language, feeds,",
        "key-unknown",
    ),
    *(
        case([entry(**{key: DROP})], AT_1, key, "missing required key", f"{key}-missing")
        for key in ("name", "name_ar", "homepage", "country", "language")
    ),
    # types
    case([entry(name=3)], AT_1, "name", "expected a string, got integer 3", "name-type"),
    case([entry(feeds=FEED)], AT_1, "feeds", "expected an array of strings, got string", "feeds-string"),
    case([entry(feeds=[FEED, 1])], AT_1, "feeds", "item 2: expected a string, got integer 1", "feed-type"),
    case([entry(country=["LB"])], AT_1, "country", "expected a string, got array", "country-type"),
    case([entry(aliases="الميادين نت")], AT_1, "aliases", "expected an array of strings", "aliases-type"),
    case([entry(timezone=3)], AT_1, "timezone", "expected a string", "timezone-type"),
    case([entry(enabled="yes")], AT_1, "enabled", "expected a boolean (true or false)", "enabled-type"),
    # empty values
    case([entry(name="")], AT_1, "name", "must not be empty", "name-empty"),
    case([entry(name_ar="   ")], AT_1, "name_ar", "must not be empty", "name_ar-blank"),
    case([entry(feeds=[""])], AT_1, "feeds", "must not be empty", "feed-empty"),
    case([entry(aliases=[""])], AT_1, "aliases", "must not be empty", "alias-empty"),
    case([entry(sitemaps=["ftp://x"])], AT_1, "sitemaps", "'ftp://x' is not an http(s) URL", "sitemap-ftp"),
    case([entry(revisit_hours=-1)], AT_1, "revisit_hours", "expected a number of hours >= 0", "revisit-negative"),
    case([entry(revisit_hours="6")], AT_1, "revisit_hours", "expected a number of hours >= 0", "revisit-string"),
    # URLs
    case([entry(homepage="www.almayadeen.net")], AT_1, "homepage", "is not an http(s) URL", "homepage-bare"),
    case([entry(homepage="ftp://almayadeen.net")], AT_1, "homepage", "is not an http(s) URL", "homepage-ftp"),
    case(
        [entry(HESPRESS), entry(feeds=["ftp://x"])],
        ("almayadeen", 2),
        "feeds",
        "'ftp://x' is not an http(s) URL",
        "feed-ftp",
    ),
    case([entry(feeds=[FEED, FEED])], AT_1, "feeds", f"'{FEED}' is listed twice", "feed-twice"),
    case(
        [entry(), entry(HESPRESS, feeds=[FEED])],
        ("hespress", 2),
        "feeds",
        f"'{FEED}' is already a feed of source 'almayadeen' (entry 1)",
        "feed-shared",
    ),
    # codes
    *(
        case([entry(country=bad)], AT_1, "country", "is not a 2-letter upper-case", f"country-{bad}")
        for bad in ("lb", "LBN", "Lebanon")
    ),
    *(
        case([entry(language=bad)], AT_1, "language", "is not a 2-3 letter lower-case", f"language-{bad}")
        for bad in ("AR", "arabic", "a")
    ),
    case(
        [entry(timezone="Asia/Beyrouth")],
        AT_1,
        "timezone",
        "'Asia/Beyrouth' is not a known IANA time zone; did you mean 'Asia/Beirut'?",
        "timezone-typo",
    ),
    case([entry(timezone="asia/beirut")], AT_1, "timezone", "not a known IANA time zone", "timezone-case"),
    # selectors
    case([entry(selectors="div.x-content")], AT_1, "selectors", "expected a table ([sources.selectors])", "sel-type"),
    case([entry(selectors={})], AT_1, "selectors", "empty table: give at least one of headline,", "sel-empty"),
    case(
        [entry(selectors={"authors": "x-writer"})],
        AT_1,
        "selectors.authors",
        "unknown key; did you mean 'author'? allowed keys: headline, lead, body, date, author, exclude",
        "sel-unknown",
    ),
    case([entry(selectors={"body": ""})], AT_1, "selectors.body", "must not be empty", "sel-blank"),
    case([entry(selectors={"exclude": []})], AT_1, "selectors.exclude", "must not be empty", "sel-empty-array"),
    case([entry(selectors={"lead": 3})], AT_1, "selectors.lead", "expected a CSS selector or XPath", "sel-int"),
    case(
        [entry(), entry(HESPRESS, selectors={"body": "div.x-content", "date": "span[data-x"})],
        ("hespress", 2),
        "selectors.date",
        "'span[data-x' is not a valid CSS selector",
        "sel-css",
    ),
    case(
        [entry(selectors={"headline": "//h2[@class='x-title'"})],
        AT_1,
        "selectors.headline",
        "\"//h2[@class='x-title'\" is not a valid XPath expression",
        "sel-xpath",
    ),
    case(
        [entry(selectors={"author": ["x-writer", "//x[matches(., 'a')]"]})],
        AT_1,
        "selectors.author",
        "\"//x[matches(., 'a')]\": unknown XPath function matches()",
        "sel-function",
    ),
]


@pytest.mark.parametrize(("entries", "where", "field", "fragment"), ENTRY_ERRORS)
def test_entry_errors(
    tmp_path: Path, entries: list[dict[str, object]], where: tuple[str | None, int], field: str, fragment: str
) -> None:
    path = write(tmp_path, registry(*entries))
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    error = caught.value
    message = str(error)
    source, number = where
    place = f"source '{source}' (entry {number})" if source else f"entry {number}"
    assert message.startswith(f"{path}: {place}: field '{field}': "), message
    assert "my-sources.toml" in message
    assert fragment in message, message
    assert (error.path, error.source, error.entry, error.field) == (str(path), source, number, field)


def test_entry_that_is_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, 'sources = ["almayadeen"]\n')
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    assert str(caught.value) == f"{path}: entry 1: must be a table ([[sources]]), got string 'almayadeen'"
    assert (caught.value.source, caught.value.entry, caught.value.field) == (None, 1, None)


def test_error_message_reads_as_documented(tmp_path: Path) -> None:
    text = registry(entry(HESPRESS), entry(HESPRESS, id="foo", feeds=["ftp://x"]))
    path = write(tmp_path, text, "sources.toml")
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    expected = "source 'foo' (entry 2): field 'feeds': 'ftp://x' is not an http(s) URL"
    assert str(caught.value) == f"{path}: {expected}"


def test_a_source_may_list_sitemaps_and_no_feeds(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[sources]]\nid = "sahil"\nname = "Sahil"\nname_ar = "الساحل"\nhomepage = "https://sahil.example/"\n'
        'sitemaps = ["https://sahil.example/news-sitemap.xml"]\ncountry = "LB"\nlanguage = "ar"\n'
        "revisit_hours = 6\n",
        encoding="utf-8",
    )
    (source,) = load_sources(path)
    assert source.feeds == ()
    assert source.sitemaps == ("https://sahil.example/news-sitemap.xml",)
    assert source.inputs == source.sitemaps
    assert source.revisit_hours == 6.0


def test_selectors_table_as_documented(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        registry(entry(HESPRESS))
        + registry(entry())
        + '[sources.selectors]\nbody = "div.x-content"\ndate = "//span[@data-x]/@data-x"\n'
        + """exclude = [".x-share", "xpath://div[@class='x-replies']"]\n""",
    )
    hespress, mayadeen = load_sources(path)
    assert hespress.selectors is None
    assert mayadeen.selectors == SiteSelectors(
        body=("div.x-content",),
        date=("//span[@data-x]/@data-x",),
        exclude=(".x-share", "xpath://div[@class='x-replies']"),
    )


def test_selector_error_names_file_source_key_and_expression(tmp_path: Path) -> None:
    path = write(tmp_path, registry(entry()) + '[sources.selectors]\nbody = "div.x-content["\n', "sources.toml")
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    assert str(caught.value).startswith(
        f"{path}: source 'almayadeen' (entry 1): field 'selectors.body': 'div.x-content[' is not a valid CSS selector"
    )


def test_the_outlet_of_a_url_is_found_by_its_host_and_then_its_homepage_path() -> None:
    from crawler.sources import source_for_url

    base = "http://127.0.0.1:8765"
    outlets = [
        dataclasses.replace(REGISTRY[0], id=name, homepage=f"{base}/{name}/") for name in ("nabd", "wadi", "maghreb")
    ]
    found = source_for_url(outlets, "https://127.0.0.1:8765/wadi/2026/11/khabar.html")
    assert found is not None and found.id == "wadi"
    other = source_for_url(outlets, f"{base}/elsewhere/page.html")
    assert other is not None and other.id == "nabd"  # none on that path: the first on the host
    assert source_for_url(outlets, "http://other.example/wadi/") is None
    alone = source_for_url(REGISTRY, REGISTRY[0].homepage + "some/article")
    assert alone is not None and alone.id == REGISTRY[0].id
