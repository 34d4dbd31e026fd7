"""The demo outlets' articles, read from their data files: ``crawler/demo/data/<outlet id>.toml``.

Each file holds one ``[[articles]]`` table per article, with the fields of ``DemoArticle`` in TOML
types: strings, and arrays of strings where the dataclass has tuples. TOML has no null, so a field
that may be ``None`` (``byline``, ``modified_at``) is ``None`` when left out, and a field with a
default (``credits``, ``credit_line``, ``syndicated_from``) takes its default when left out. A file
that breaks these rules raises ``DemoDataError`` naming the file and the article.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from importlib.resources import files
from importlib.resources.abc import Traversable

from crawler.demo.model import DemoArticle

DATA_PACKAGE = "crawler.demo"
DATA_DIR = "data"


class DemoDataError(ValueError):
    """A demo data file that does not hold valid articles."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Field:
    """One field of ``DemoArticle`` as the data files spell it."""

    name: str
    is_tuple: bool  # an array of strings in the file, a tuple of str in the article; else one string
    nullable: bool  # ``None`` when left out
    default: object  # taken when left out; ``dataclasses.MISSING`` when the field is required


def _schema() -> tuple[_Field, ...]:
    """The fields of ``DemoArticle``, in order, from its type hints."""
    hints = typing.get_type_hints(DemoArticle)
    out = []
    for field in dataclasses.fields(DemoArticle):
        hint = hints[field.name]
        nullable = isinstance(hint, types.UnionType) and set(typing.get_args(hint)) == {str, type(None)}
        is_tuple = typing.get_origin(hint) is tuple and typing.get_args(hint) == (str, ...)
        if not (hint is str or nullable or is_tuple):
            raise TypeError(f"DemoArticle.{field.name}: {hint} has no spelling in the demo data files")
        out.append(_Field(field.name, is_tuple, nullable, field.default))
    return tuple(out)


_FIELDS = _schema()
_NAMES = frozenset(f.name for f in _FIELDS)


def load_articles(outlet_id: str) -> tuple[DemoArticle, ...]:
    """The articles of one demo outlet, from the data file installed with the package."""
    return read_articles(files(DATA_PACKAGE) / DATA_DIR / f"{outlet_id}.toml", outlet_id)


def read_articles(file: Traversable, outlet_id: str) -> tuple[DemoArticle, ...]:
    """The articles in ``file``, each checked field by field and belonging to ``outlet_id``."""
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DemoDataError(f"{file}: not valid TOML: {exc}") from exc
    extra = sorted(set(data) - {"articles"})
    if extra or not isinstance(data.get("articles"), list):
        raise DemoDataError(f"{file}: expected only [[articles]] tables, found {extra or 'no articles'}")
    articles: list[DemoArticle] = []
    slugs: dict[str, int] = {}
    for n, table in enumerate(data["articles"], start=1):
        slug = table.get("slug") if isinstance(table, dict) else None
        where = f"{file}: article {n}" + (f" ({slug})" if isinstance(slug, str) else "")
        if not isinstance(table, dict):
            raise DemoDataError(f"{where}: expected a table, found {type(table).__name__}")
        article = _article(table, where)
        if article.outlet_id != outlet_id:
            raise DemoDataError(f"{where}: outlet_id is {article.outlet_id!r}, expected {outlet_id!r}")
        if article.slug in slugs:
            raise DemoDataError(f"{where}: slug already used by article {slugs[article.slug]}")
        slugs[article.slug] = n
        articles.append(article)
    return tuple(articles)


def _article(table: dict[str, object], where: str) -> DemoArticle:
    unknown = sorted(set(table) - _NAMES)
    if unknown:
        raise DemoDataError(f"{where}: unknown field {', '.join(unknown)}")
    values: dict[str, object] = {}
    for field in _FIELDS:
        if field.name in table:
            values[field.name] = _value(table[field.name], field, where)
        elif field.default is not dataclasses.MISSING:
            continue  # the dataclass default
        elif field.nullable:
            values[field.name] = None
        else:
            raise DemoDataError(f"{where}: missing field {field.name}")
    return DemoArticle(**values)  # type: ignore[arg-type]  # each value checked against its field above


def _value(value: object, field: _Field, where: str) -> str | tuple[str, ...]:
    if field.is_tuple:
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(value)
        return _wrong_type(value, field.name, "an array of strings", where)
    if isinstance(value, str):
        return value
    return _wrong_type(value, field.name, "a string", where)


def _wrong_type(value: object, name: str, expected: str, where: str) -> typing.NoReturn:
    found = type(value).__name__
    if isinstance(value, list):
        found = "an array holding " + ", ".join(sorted({type(item).__name__ for item in value}))
    hint = " (quote dates and times: they are kept as written)" if found in {"datetime", "date", "time"} else ""
    raise DemoDataError(f"{where}: {name} must be {expected}, found {found}{hint}")
