"""The source registry: the outlets Akhbar crawls, declared as data in a TOML file.

``data/sources.toml`` ships with the package; users may pass their own file with the same format
(one ``[[sources]]`` table per outlet, see the file's header). Loading validates everything before
any request is made, and every error names the file, the entry and the field at fault.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from crawler.selectors import SelectorsError, SiteSelectors, parse_selectors
from crawler.urls import is_http_url, registered_host

# An outlet in a country not mapped below: its zone-less times stay zone-less, never read as UTC.
DEFAULT_TIMEZONE: str | None = None
# The time zone an outlet's dates are read in when its entry names none. "INT" is for international
# organisations with no home country.
COUNTRY_TIMEZONES: Mapping[str, str] = MappingProxyType(
    {
        "AE": "Asia/Dubai",
        "BH": "Asia/Bahrain",
        "DE": "Europe/Berlin",
        "DZ": "Africa/Algiers",
        "EG": "Africa/Cairo",
        "FR": "Europe/Paris",
        "GB": "Europe/London",
        "INT": "UTC",
        "IQ": "Asia/Baghdad",
        "JO": "Asia/Amman",
        "KW": "Asia/Kuwait",
        "LB": "Asia/Beirut",
        "LY": "Africa/Tripoli",
        "MA": "Africa/Casablanca",
        "OM": "Asia/Muscat",
        "PS": "Asia/Gaza",
        "QA": "Asia/Qatar",
        "RU": "Europe/Moscow",
        "SA": "Asia/Riyadh",
        "SD": "Africa/Khartoum",
        "SY": "Asia/Damascus",
        "TN": "Africa/Tunis",
        "TR": "Europe/Istanbul",
        "US": "America/New_York",
        "YE": "Asia/Aden",
    }
)

# Source ids appear in stats keys, file names and the command line.
_ID_RE = re.compile(r"[a-z0-9_-]+")
# ISO 3166-1 alpha-2, or INT for international organisations.
_COUNTRY_RE = re.compile(r"[A-Z]{2}|INT")
# ISO 639-1 or 639-2/3 language code.
_LANGUAGE_RE = re.compile(r"[a-z]{2,3}")

_REQUIRED_KEYS = ("id", "name", "name_ar", "homepage", "country", "language")
_OPTIONAL_KEYS = ("feeds", "sitemaps", "timezone", "aliases", "enabled", "revisit_hours", "selectors")
_ALLOWED_KEYS = _REQUIRED_KEYS + _OPTIONAL_KEYS


@dataclass(frozen=True, slots=True)
class Source:
    """One news outlet and where to find its articles."""

    id: str  # unique, [a-z0-9_-]+
    name: str  # Latin-script name
    name_ar: str  # Arabic name, used in the attribution line
    homepage: str  # absolute http(s) URL
    feeds: tuple[str, ...]  # RSS/Atom/JSON feed URLs; none: discovered from the homepage at crawl time
    country: str  # ISO 3166-1 alpha-2 code, or "INT"
    language: str  # ISO 639 code of the outlet's articles
    timezone: str | None  # IANA name; naive dates from this outlet are read in it (None: unknown)
    aliases: tuple[str, ...] = ()  # other names the outlet uses in page titles
    enabled: bool = True  # crawled when no source is named explicitly
    sitemaps: tuple[str, ...] = ()  # sitemap (or sitemap index, Google News sitemap) URLs
    revisit_hours: float = 0.0  # stored articles younger than this are fetched again (corrections)
    selectors: SiteSelectors | None = None  # [sources.selectors]: where the outlet's template puts things

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every feed and sitemap URL of the source."""
        return (*self.feeds, *self.sitemaps)

    @property
    def site_names(self) -> tuple[str, ...]:
        """Every name the outlet may append to a headline, its host (without ``www.``) last."""
        names = (self.name, self.name_ar, *self.aliases, registered_host(self.homepage))
        return tuple(dict.fromkeys(name for name in names if name))


class SourcesError(ValueError):
    """A registry file that cannot be used, or an unknown source id.

    ``path`` is the file as given ("" when unknown), ``source`` the source id when known, ``entry``
    the 1-based position of the ``[[sources]]`` table, ``field`` the key at fault, ``reason`` the
    message without that context.
    """

    def __init__(
        self,
        path: str | Path,
        reason: str,
        *,
        source: str | None = None,
        entry: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path)
        self.source = source
        self.entry = entry
        self.field = field
        self.reason = reason
        context = [self.path] if self.path else []
        if source is not None:
            context.append(f"source {source!r}" + (f" (entry {entry})" if entry is not None else ""))
        elif entry is not None:
            context.append(f"entry {entry}")
        if field is not None:
            context.append(f"field {field!r}")
        super().__init__(": ".join([*context, reason]))


def default_sources_path() -> Path:
    """The registry shipped with the package."""
    return Path(__file__).with_name("data") / "sources.toml"


def country_timezone(country: str) -> str | None:
    """The IANA time zone for an ISO country code (or "INT"); None for a country not mapped."""
    return COUNTRY_TIMEZONES.get(country.strip().upper(), DEFAULT_TIMEZONE)


def load_sources(path: str | Path | None = None) -> list[Source]:
    """The sources declared in ``path`` (default: the packaged registry), in file order.

    Raises ``SourcesError`` on the first problem found: unreadable file, invalid TOML, or an entry
    with a missing, unknown or invalid key.
    """
    file = default_sources_path() if path is None else Path(path)
    label = str(file)
    data = _read_toml(file, label)
    for key in data:
        if key != "sources":
            raise SourcesError(label, "unknown top-level key; the file holds only [[sources]] tables", field=key)
    tables = data.get("sources")
    if tables is None:
        raise SourcesError(label, "no [[sources]] array: declare each outlet in a [[sources]] table")
    if not isinstance(tables, list):
        raise SourcesError(label, f"'sources' must be an array of tables ([[sources]]), got {_toml_type(tables)}")
    if not tables:
        raise SourcesError(label, "the [[sources]] array is empty: at least one source is required")

    timezones = available_timezones()
    entry_of: dict[str, int] = {}
    feed_owner: dict[str, tuple[str, int]] = {}
    sources = []
    for number, table in enumerate(tables, start=1):
        if not isinstance(table, dict):
            raise SourcesError(label, f"must be a table ([[sources]]), got {_toml_type(table)}", entry=number)
        entry = _Entry(label, number, table)
        source = entry.parse(timezones)
        if source.id in entry_of:
            raise entry.error("id", f"duplicate id, already used by entry {entry_of[source.id]}")
        entry_of[source.id] = number
        for feed in source.inputs:
            if feed in feed_owner:
                owner, owner_entry = feed_owner[feed]
                raise entry.error("feeds", f"{feed!r} is already a feed of source {owner!r} (entry {owner_entry})")
            feed_owner[feed] = (source.id, number)
        sources.append(source)
    return sources


def source_for_url(sources: Sequence[Source], url: str) -> Source | None:
    """The registered outlet whose homepage is on ``url``'s site (``www.``/``m.`` ignored), if any.

    When several share the site (outlets on one host under their own paths), the one whose homepage
    path is the longest prefix of ``url``'s path; the first of them when none is.
    """
    host = registered_host(url)
    if not host:
        return None
    on_site = [s for s in sources if registered_host(s.homepage) == host]
    if len(on_site) <= 1:
        return on_site[0] if on_site else None
    path = urlsplit(url).path or "/"

    def depth(source: Source) -> int:
        home = urlsplit(source.homepage).path or "/"
        return len(home) if path.startswith(home) else -1

    return max(on_site, key=depth)  # the first of equals


def select_sources(sources: Sequence[Source], ids: Sequence[str] = (), *, path: str | Path = "") -> list[Source]:
    """The sources to crawl: those named in ``ids`` (in that order, disabled ones included), or
    every enabled source when ``ids`` is empty.

    ``path`` only labels errors: the registry file the sources came from.
    """
    if not ids:
        return [source for source in sources if source.enabled]
    by_id = {source.id: source for source in sources}
    selected = []
    for source_id in dict.fromkeys(ids):
        source = by_id.get(source_id)
        if source is None:
            close = _close_ids(source_id, by_id)
            hint = f"did you mean {_quoted(close, 'or')}?" if close else f"known ids: {', '.join(sorted(by_id))}"
            raise SourcesError(path, f"no such source; {hint}", source=source_id)
        selected.append(source)
    return selected


def _read_toml(file: Path, label: str) -> dict[str, object]:
    if file.is_dir():
        raise SourcesError(label, "is a directory, not a TOML file")
    try:
        with file.open("rb") as stream:
            return tomllib.load(stream)
    except FileNotFoundError:
        raise SourcesError(label, "file not found") from None
    except OSError as exc:
        raise SourcesError(label, f"cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SourcesError(label, f"not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(label, f"invalid TOML: {exc}") from None


class _Entry:
    """One ``[[sources]]`` table being validated; its errors name the file, entry and field."""

    def __init__(self, path: str, number: int, table: dict[str, object]) -> None:
        self.path = path
        self.number = number
        self.table = table
        self.id: str | None = None  # set once the id is known to be valid

    def error(self, field: str, reason: str) -> SourcesError:
        return SourcesError(self.path, reason, source=self.id, entry=self.number, field=field)

    def parse(self, timezones: set[str]) -> Source:
        if "id" not in self.table:
            raise self.error("id", "missing required key")
        source_id = self._string("id", self.table["id"])
        if not _ID_RE.fullmatch(source_id):
            raise self.error("id", f"{source_id!r} is not a valid id: use a-z, 0-9, '_' and '-'")
        self.id = source_id
        for key in self.table:
            if key not in _ALLOWED_KEYS:
                close = difflib.get_close_matches(key, _ALLOWED_KEYS, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise self.error(key, f"unknown key; {hint}allowed keys: {', '.join(_ALLOWED_KEYS)}")
        for key in _REQUIRED_KEYS:
            if key not in self.table:
                raise self.error(key, "missing required key")

        homepage = self._url("homepage", self._string("homepage", self.table["homepage"]))
        feeds = self._urls("feeds")
        sitemaps = self._urls("sitemaps")
        country = self._string("country", self.table["country"])
        if not _COUNTRY_RE.fullmatch(country):
            raise self.error("country", f"{country!r} is not a 2-letter upper-case country code (or 'INT')")
        language = self._string("language", self.table["language"])
        if not _LANGUAGE_RE.fullmatch(language):
            raise self.error("language", f"{language!r} is not a 2-3 letter lower-case language code")
        timezone = country_timezone(country)
        if "timezone" in self.table:
            timezone = self._string("timezone", self.table["timezone"])
            if timezone not in timezones:
                close = difflib.get_close_matches(timezone, timezones, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise self.error("timezone", f"{timezone!r} is not a known IANA time zone{hint}")
        enabled = self.table.get("enabled", True)
        if not isinstance(enabled, bool):
            raise self.error("enabled", f"expected a boolean (true or false), got {_toml_type(enabled)}")
        revisit = self.table.get("revisit_hours", 0)
        if isinstance(revisit, bool) or not isinstance(revisit, int | float) or revisit < 0:
            raise self.error("revisit_hours", f"expected a number of hours >= 0, got {_toml_type(revisit)}")
        return Source(
            id=source_id,
            name=self._string("name", self.table["name"]),
            name_ar=self._string("name_ar", self.table["name_ar"]),
            homepage=homepage,
            feeds=tuple(feeds),
            country=country,
            language=language,
            timezone=timezone,
            aliases=tuple(self._strings("aliases")),
            enabled=enabled,
            sitemaps=tuple(sitemaps),
            revisit_hours=float(revisit),
            selectors=self._selectors(),
        )

    def _selectors(self) -> SiteSelectors | None:
        if "selectors" not in self.table:
            return None
        table = self.table["selectors"]
        if not isinstance(table, dict):
            raise self.error("selectors", f"expected a table ([sources.selectors]), got {_toml_type(table)}")
        try:
            return parse_selectors(table)
        except SelectorsError as exc:
            field = "selectors" if exc.key == "selectors" else f"selectors.{exc.key}"
            raise self.error(field, exc.reason) from None

    def _string(self, field: str, value: object) -> str:
        if not isinstance(value, str):
            raise self.error(field, f"expected a string, got {_toml_type(value)}")
        text = value.strip()
        if not text:
            raise self.error(field, "must not be empty")
        return text

    def _strings(self, field: str) -> list[str]:
        value = self.table.get(field, [])
        if not isinstance(value, list):
            hint = f' (write {field} = ["..."])' if isinstance(value, str) else ""
            raise self.error(field, f"expected an array of strings, got {_toml_type(value)}{hint}")
        for number, item in enumerate(value, start=1):
            if not isinstance(item, str):
                raise self.error(field, f"item {number}: expected a string, got {_toml_type(item)}")
        return [self._string(field, item) for item in value]

    def _urls(self, field: str) -> list[str]:
        urls = [self._url(field, url) for url in self._strings(field)]
        for url in urls:
            if urls.count(url) > 1:
                raise self.error(field, f"{url!r} is listed twice")
        return urls

    def _url(self, field: str, url: str) -> str:
        if not is_http_url(url):
            raise self.error(field, f"{url!r} is not an http(s) URL")
        return url


def _toml_type(value: object) -> str:
    """A value's TOML type, with the value itself when short (for error messages)."""
    names = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table"}
    name = names.get(type(value), "date/time")
    if isinstance(value, bool):
        return f"{name} {str(value).lower()}"
    if isinstance(value, int | float | str) and len(repr(value)) <= 40:
        return f"{name} {value!r}"
    return name


def _close_ids(wanted: str, known: Iterable[str]) -> list[str]:
    """Known ids containing ``wanted`` ("bbc" -> "bbc_arabic"), then similar ones; three at most."""
    wanted = wanted.strip().lower()
    known = sorted(known)
    containing = [source_id for source_id in known if wanted and wanted in source_id]
    similar = difflib.get_close_matches(wanted, known, n=3)
    return list(dict.fromkeys(containing + similar))[:3]


def _quoted(words: Sequence[str], conjunction: str) -> str:
    quoted = [repr(word) for word in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} {conjunction} {quoted[-1]}"
