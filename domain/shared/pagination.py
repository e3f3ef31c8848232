"""Keyset pagination over any select, forwards or backwards, with a total count."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True, slots=True)
class PageRequest:
    """`after`/`before` are the sort-key tuples of the edge rows (decoded cursors)."""

    first: int | None = None
    after: tuple[Any, ...] | None = None
    last: int | None = None
    before: tuple[Any, ...] | None = None


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Any]
    keys: list[tuple[Any, ...]]
    has_next_page: bool
    has_previous_page: bool
    total_count: int


def _beyond(columns: Sequence[Any], key: tuple[Any, ...], forward: bool) -> Any:
    """Rows strictly after (or before) `key` in ascending (columns...) order."""
    clauses = []
    for i, column in enumerate(columns):
        equal_prefix = [columns[j] == key[j] for j in range(i)]
        step = column > key[i] if forward else column < key[i]
        clauses.append(and_(*equal_prefix, step))
    return or_(*clauses)


async def paginate(
    session: AsyncSession,
    statement: Select[Any],
    sort_columns: Sequence[Any],  # mapped columns, e.g. col(Model.created_at)
    request: PageRequest,
    default_size: int = 20,
) -> Page:
    """One page of an entity select, ordered ascending by `sort_columns` (unique together)."""
    total = await session.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery())
    )
    backward = request.last is not None and request.first is None
    size = (request.last if backward else request.first) or default_size
    page_stmt = statement
    if request.after is not None:
        page_stmt = page_stmt.where(_beyond(sort_columns, request.after, forward=True))
    if request.before is not None:
        page_stmt = page_stmt.where(_beyond(sort_columns, request.before, forward=False))
    order = [c.desc() for c in sort_columns] if backward else list(sort_columns)
    result = await session.execute(page_stmt.order_by(*order).limit(size + 1))
    rows = list(result.all())
    more = len(rows) > size
    rows = rows[:size]
    if backward:
        rows.reverse()
    objects = [row[0] for row in rows]
    keys = [tuple(getattr(obj, str(column.key)) for column in sort_columns) for obj in objects]
    return Page(
        rows=objects,
        keys=keys,
        has_next_page=more if not backward else request.before is not None,
        has_previous_page=more if backward else request.after is not None,
        total_count=int(total or 0),
    )
