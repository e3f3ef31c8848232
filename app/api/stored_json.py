"""Values read from stored JSON (the parser's output, a comparison, a reviewer's correction),
each rule said twice, side by side: in Python for the fields answered by their resolvers,
and in SQL for the same fields written by PostgreSQL (app/api/json_pages.py). A value of
the wrong kind reads as null (or as nothing, in a list), never as an error: a stored parse
must always be readable, and the two readings must give the same JSON
(tests/api/test_stored_json.py holds them to it).

The SQL readers take a JSONB expression and give a SQL value (text, int, JSONB).
"""

import enum
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeGuard, TypeVar
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Uuid,
    and_,
    case,
    extract,
    func,
    literal_column,
)
from strawberry.utils.str_converters import to_camel_case

E = TypeVar("E", bound=enum.Enum)

MAX_INT = 2**31 - 1  # GraphQL's Int
QUOTE_LENGTH = 300  # an item's quote: its words as printed, at most this many characters

_SCALAR: Any = literal_column("'{}'")  # `#>> '{}'`: a JSON scalar as text


def _as_text(value: Any) -> Any:
    return value.op("#>>")(_SCALAR)


def _is(value: Any, kind: str) -> ColumnElement[bool]:
    return func.jsonb_typeof(value) == literal_column(f"'{kind}'")


def key(value: Any, name: str) -> Any:
    """`value -> 'name'`: a JSON object's member (null for anything else)."""
    if not name.replace("_", "").isalnum() or not name.isascii():
        raise ValueError(f"not a key: {name!r}")
    return value.op("->")(literal_column(f"'{name}'"))


# -- text --------------------------------------------------------------------------------


def text(value: Any) -> str | None:
    """A JSON string, else None."""
    return value if isinstance(value, str) else None


def text_sql(value: Any) -> Any:
    return case((_is(value, "string"), _as_text(value)))


def texts(value: Any) -> list[str]:
    """A JSON list's strings, in order; nothing for anything else."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def texts_sql(value: Any) -> Any:
    strings = func.jsonb_path_query_array(
        value, literal_column("""'strict $[*] ? (@.type() == "string")'""")
    )
    return case((_is(value, "array"), strings), else_=literal_column("'[]'::jsonb"))


# -- whole numbers and flags -------------------------------------------------------------


def page(value: Any) -> int | None:
    """A whole number in GraphQL's Int range from 1 (a page), else None: 3.0 is not one."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_INT:
        return value
    return None


def page_sql(value: Any) -> Any:
    digits = _as_text(value)
    # nested, so that each test runs only once the one before it held (no cast can fail)
    in_range = case((digits.cast(BigInteger).between(1, MAX_INT), digits.cast(Integer)))
    return case(
        (
            _is(value, "number"),
            case((digits.op("~")(literal_column("'^[0-9]{1,10}$'")), in_range)),
        )
    )


def flag(value: Any, missing: bool = False) -> bool:
    """JSON true; `missing` when there is no value (none, or null)."""
    return missing if value is None else value is True


def flag_sql(value: Any, missing: bool = False) -> Any:
    is_true = func.coalesce(value == literal_column("'true'::jsonb"), False)
    if not missing:
        return is_true
    none = func.coalesce(func.jsonb_typeof(value), literal_column("'null'")) == "null"
    return case((none, True), else_=is_true)


# -- enums, dates, IDs -------------------------------------------------------------------


def member(kind: type[E], value: Any) -> E | None:
    """The member of `kind` whose value the JSON string is, else None (a value this API
    does not know, from a newer parser, reads as none)."""
    for each in kind:
        if isinstance(value, str) and each.value == value:
            return each
    return None


def member_sql(kind: type[enum.Enum], value: Any) -> Any:
    """The member's GraphQL name (as graphql-core writes it), else null."""
    return case((_is(value, "string"), named_sql(kind, _as_text(value))))


def named_sql(kind: type[enum.Enum], value: Any) -> Any:
    """The GraphQL name of the member of `kind` whose value the text `value` is, else null."""
    known: list[tuple[Any, Any]] = [
        (value == literal_column(_literal(m.value)), literal_column(_literal(m.name))) for m in kind
    ]
    return case(*known)


def members(kind: type[E], value: Any) -> list[E]:
    """The members of `kind` a JSON list names, in order; values not known are left out."""
    return [m for v in texts(value) if (m := member(kind, v)) is not None]


def members_sql(kind: type[enum.Enum], value: Any) -> Any:
    """As members: a JSONB list of the members' GraphQL names (each member's value must be
    its name, so that the list's strings are written as they are)."""
    if any(m.name != m.value for m in kind):
        raise TypeError(f"{kind.__name__}: a member whose value is not its name")
    named = " || ".join(f'@ == "{m.value}"' for m in kind)
    known = func.jsonb_path_query_array(value, literal_column(f"'strict $[*] ? ({named})'"))
    return case((_is(value, "array"), known), else_=literal_column("'[]'::jsonb"))


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def day(value: Any) -> date | None:
    """An ISO date (YYYY-MM-DD, a day that exists), else None."""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def day_sql(value: Any) -> Any:
    """As day: the date's ISO text (the value itself, when it is one). Each test is nested in
    the one before, so that no cast can fail; PostgreSQL 15 has no pg_input_is_valid."""
    scalar = _as_text(value)
    year, month, day_ = (
        func.substr(scalar, start, length).cast(Integer)
        for start, length in ((1, 4), (6, 2), (9, 2))
    )
    first = func.make_date(year, month, 1)
    days = extract(
        "day", first + literal_column("interval '1 month'") - literal_column("interval '1 day'")
    )
    exists = case((day_.between(1, days), scalar))
    in_calendar = case((and_(year >= 1, month.between(1, 12)), exists))
    shaped = case((scalar.op("~")(literal_column(f"'^{_DAY.pattern}$'")), in_calendar))
    return case((_is(value, "string"), shaped))


def uuid(value: Any) -> UUID | None:
    """A UUID written as 8-4-4-4-12 hex digits, else None."""
    return UUID(value) if isinstance(value, str) and _UUID.fullmatch(value) else None


def uuid_sql(value: Any) -> Any:
    scalar = _as_text(value)
    valid = scalar.op("~")(literal_column(f"'^{_UUID.pattern}$'"))
    return case((_is(value, "string"), case((valid, scalar.cast(Uuid)))))


# -- quotes ------------------------------------------------------------------------------

# Python's whitespace (str.split with no separator splits on it): the characters the SQL
# twin of `quote` collapses, listed, since PostgreSQL's `\s` depends on the locale.
_WHITESPACE = [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def quote(value: Any) -> str:
    """An item's words as printed, for a viewer to find them: a JSON string's whitespace
    collapsed to single spaces, trimmed, at most QUOTE_LENGTH characters ("" for anything
    that is not a string)."""
    return " ".join((text(value) or "").split())[:QUOTE_LENGTH]


def _whitespace_class() -> str:
    """The characters of _WHITESPACE as a bracket expression of PostgreSQL's regular
    expressions, in ranges, each by its code point."""
    ranges: list[tuple[int, int]] = []
    for c in _WHITESPACE:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    parts = [
        f"\\u{first:04x}" if first == last else f"\\u{first:04x}-\\u{last:04x}"
        for first, last in ranges
    ]
    return "[" + "".join(parts) + "]+"


def quote_sql(value: Any) -> Any:
    collapsed = func.regexp_replace(
        func.coalesce(text_sql(value), literal_column("''")),
        literal_column(_literal(_whitespace_class())),
        literal_column("' '"),
        literal_column("'g'"),
    )
    return func.left(func.btrim(collapsed, literal_column("' '")), QUOTE_LENGTH)


def _literal(text: str) -> str:
    """`text` as an SQL string literal (standard strings: a backslash is itself)."""
    return "'" + text.replace("'", "''") + "'"


# -- objects -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reader:
    """One rule, in both languages: `python(value)` and `sql(jsonb_expression)`."""

    python: Callable[[Any], Any]
    sql: Callable[[Any], Any]


TEXT = Reader(text, text_sql)
WORDS = Reader(  # a text that is never null: "" for none
    lambda value: text(value) or "",
    lambda value: func.coalesce(text_sql(value), literal_column("''")),
)
TEXTS = Reader(texts, texts_sql)
PAGE = Reader(page, page_sql)
FLAG = Reader(flag, flag_sql)


def of(kind: type[enum.Enum], otherwise: enum.Enum | None = None) -> Reader:
    """A member of `kind`, as `member` reads it; `otherwise` for a value it does not read."""
    if otherwise is None:
        return Reader(lambda value: member(kind, value), lambda value: member_sql(kind, value))
    return Reader(
        lambda value: member(kind, value) or otherwise,
        lambda value: func.coalesce(
            member_sql(kind, value), literal_column(_literal(otherwise.name))
        ),
    )


def each_of(kind: type[enum.Enum]) -> Reader:
    """The members of `kind` a list names, as `members` reads them."""
    return Reader(lambda value: members(kind, value), lambda value: members_sql(kind, value))


def read(readers: Mapping[str, Reader], raw: Any) -> dict[str, Any]:
    """Each of a JSON object's keys that `readers` name, read by its reader (an object that
    is not one has none)."""
    found = raw if isinstance(raw, dict) else {}
    return {name: reader.python(found.get(name)) for name, reader in readers.items()}


def read_sql(readers: Mapping[str, Reader], raw: Any) -> dict[str, Any]:
    """As read, of the JSONB expression `raw`: each key's SQL value."""
    return {name: reader.sql(key(raw, name)) for name, reader in readers.items()}


def fields_sql(
    readers: Mapping[str, Reader], raw: Callable[[Any], Any]
) -> dict[str, Callable[[Any], Any]]:
    """A projection's fields (app/api/json_pages.py), by GraphQL name: each key `readers`
    name of the JSON object `raw(row)`, read."""

    def field(name: str, reader: Reader) -> Callable[[Any], Any]:
        return lambda row: reader.sql(key(raw(row), name))

    return {to_camel_case(name): field(name, reader) for name, reader in readers.items()}


def filled(raw: Any) -> TypeGuard[dict[str, Any]]:
    """A JSON object with at least one key."""
    return isinstance(raw, dict) and bool(raw)


def filled_sql(raw: Any) -> ColumnElement[bool]:
    return and_(_is(raw, "object"), raw != literal_column("'{}'::jsonb"))
