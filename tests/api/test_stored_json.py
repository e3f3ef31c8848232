"""Each rule of app/api/stored_json.py reads a stored JSON value the same in SQL as in
Python: whatever the value (of the wrong kind, out of range, a date that does not exist,
whitespace of every script), PostgreSQL's reading is Python's reading of the value as
PostgreSQL hands it back."""

import asyncio
import json
import sys
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import cast, func, literal, select
from sqlalchemy.dialects import postgresql

from app.api import stored_json
from app.db import create_engine
from parsers.soc2.result import Category, Opinion

# Each rule: its Python reading as GraphQL would write it, and its SQL reading.
RULES: dict[str, tuple[Any, Any]] = {
    "text": (stored_json.text, stored_json.text_sql),
    "words": (stored_json.WORDS.python, stored_json.WORDS.sql),
    "texts": (stored_json.texts, stored_json.texts_sql),
    "page": (stored_json.page, stored_json.page_sql),
    "flag": (stored_json.flag, stored_json.flag_sql),
    "flag, true when missing": (
        lambda v: stored_json.flag(v, missing=True),
        lambda v: stored_json.flag_sql(v, missing=True),
    ),
    "opinion": (
        lambda v: m.name if (m := stored_json.member(Opinion, v)) else None,
        lambda v: stored_json.member_sql(Opinion, v),
    ),
    "categories": (
        lambda v: [m.name for m in stored_json.members(Category, v)],
        lambda v: stored_json.members_sql(Category, v),
    ),
    "day": (
        lambda v: d.isoformat() if (d := stored_json.day(v)) else None,
        stored_json.day_sql,
    ),
    "uuid": (
        lambda v: str(u) if (u := stored_json.uuid(v)) else None,
        lambda v: stored_json.uuid_sql(v).cast(postgresql.TEXT),
    ),
    "quote": (stored_json.quote, stored_json.quote_sql),
}

WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
# text PostgreSQL stores (no NUL, no lone surrogate), and whitespace of every kind, often
TEXT = st.text(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
    | st.sampled_from([*WHITESPACE, "\u200b", "\u180e", "\ufeff", "a"]),
    max_size=40,
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.sampled_from([0, 1, 2**31 - 1, 2**31, 3.0, 1e2, -0.0, 1.5, 1e-7, 10**20])
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
    | st.sampled_from([m.value for m in Opinion] + [m.value for m in Category] + ["unqualified"])
    | st.dates().map(lambda d: d.isoformat())
    | st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True)
    | st.uuids().map(str)
    | st.uuids().map(lambda u: u.hex)
    | st.text(st.sampled_from([*WHITESPACE[:8], "x", "é"]), min_size=280, max_size=340)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=10,
)


async def _readings(database_url: str, values: list[Any]) -> list[dict[str, Any]]:
    """For each value: the value as PostgreSQL stores and returns it, and each rule's SQL
    reading of it, in one statement."""
    elements = (
        func.jsonb_array_elements(cast(literal(json.dumps(values)), postgresql.JSONB))
        .table_valued("value", with_ordinality="ordinality")
        .render_derived(name="t")
    )
    value = elements.c.value
    readings = [rule[1](value).label(name) for name, rule in RULES.items()]
    statement = select(value.cast(postgresql.TEXT).label("stored"), *readings).order_by(
        elements.c.ordinality
    )
    sql = str(
        statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    )
    engine = create_engine(database_url, 1)
    try:
        async with engine.connect() as connection:
            rows = (await connection.exec_driver_sql(sql)).mappings().all()
    finally:
        await engine.dispose()
    assert len(rows) == len(values)
    return [dict(row) for row in rows]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.lists(JSON, min_size=1, max_size=30))
@example(values=[f"x{c}{c}y" for c in WHITESPACE])
@example(values=[{"page": 3}, "2023-02-30", "0000-01-01", "2024-02-29", "   a  b   "])
@example(values=[3, 3.0, 1e2, 1.5, 2**31 - 1, 2**31, 0, -1, True, "3", None])
def test_sql_reads_stored_json_as_python_does(database_url, values):
    for row in asyncio.run(_readings(database_url, values)):
        stored = json.loads(row["stored"])
        for name, (python, _) in RULES.items():
            assert row[name] == python(stored), (name, stored)
