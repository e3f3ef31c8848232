"""Batch reads for dataloaders: rows of many parents in one statement, grouped by parent."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Enum, String, and_, any_, bindparam, literal
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select


def _array_of(column: Any) -> ARRAY[Any]:
    """An array of `column`'s values: of text without the column's length, which a cast would
    apply by cutting each longer text short (so that it could match a shorter value)."""
    element = column.type
    if isinstance(element, String) and not isinstance(element, Enum) and element.length:
        element = String()
    return ARRAY(element)


def one_of(column: Any, keys: Sequence[Any]) -> ColumnElement[bool]:
    """`column = ANY(:keys)`: one array parameter, so the statement is the same text for
    any number of keys (IN would render, and make the server plan, one per size)."""
    return column == any_(literal(list(keys), _array_of(column)))


def one_of_bound(column: Any, name: str) -> ColumnElement[bool]:
    """`column = ANY(:name)`, the keys bound when the statement is executed (`{name: keys}`):
    for a statement built once and used by every request."""
    return column == any_(bindparam(name, type_=_array_of(column)))


async def grouped_by(
    session: AsyncSession,
    model: Any,
    key: str,
    tenant_id: UUID,
    keys: Sequence[UUID],
    order: Sequence[Any],
) -> dict[UUID, list[Any]]:
    """Rows of `model` whose `key` column is one of `keys`, grouped by it, in `order`."""
    column = col(getattr(model, key))
    result = await session.execute(
        select(model)
        .where(col(model.tenant_id) == tenant_id, one_of(column, keys))
        .order_by(*order)
    )
    grouped: dict[UUID, list[Any]] = defaultdict(list)
    for row in result.scalars():
        grouped[getattr(row, key)].append(row)
    return grouped


async def linked_by(
    session: AsyncSession,
    link: Any,
    key: str,
    target: str,
    model: Any,
    tenant_id: UUID,
    keys: Sequence[UUID],
    order: Sequence[Any],
) -> dict[UUID, list[Any]]:
    """Rows of `model` that the rows of the link table `link` tie to each of `keys`: the link's
    `key` column is one of them, its `target` column the row's id; grouped by key, in
    `order`, in one statement."""
    parent = col(getattr(link, key))
    result = await session.execute(
        select(parent, model)
        .join(
            model,
            and_(
                col(model.tenant_id) == col(link.tenant_id),
                col(model.id) == col(getattr(link, target)),
            ),
        )
        .where(col(link.tenant_id) == tenant_id, one_of(parent, keys))
        .order_by(*order)
    )
    grouped: dict[UUID, list[Any]] = defaultdict(list)
    for parent_id, row in result.all():
        grouped[parent_id].append(row)
    return grouped
