"""Reading a tenant's rows by id: the one way every service gets a row or says NOT_FOUND.

Every tenant table has (tenant_id, id) as its primary key, so a row of another tenant is
not merely hidden (row-level security does that too): it is never asked for. Services
call `policy.require` first, then `one` or `by_ids`, and so a foreign id, a malformed one
and a missing one all end the same way.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import bindparam, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer
from sqlmodel import SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from domain.shared.errors import NotFound
from domain.shared.loading import one_of_bound

Row = TypeVar("Row", bound=SQLModel)


@cache
def _deferred(model: Any) -> tuple[Any, ...]:
    """Load options that leave out the columns the database computes for queries to filter
    on (a search vector): a row read to be shown or changed never needs them. Made once a
    table: options are immutable, and made anew they cost every read by id."""
    return tuple(defer(getattr(model, key)) for key in _generated_columns(model))


@cache
def _generated_columns(model: Any) -> tuple[str, ...]:
    return tuple(column.key for column in inspect(model).columns if column.computed is not None)


async def find(
    session: AsyncSession, tenant_id: UUID, model: type[Row], row_id: UUID, for_update: bool = False
) -> Row | None:
    """The tenant's row of `model` with this id, or None where its absence is no error (a
    job's document deleted since it was queued).

    `for_update` locks it until the transaction ends (concurrent changes queue) and reads it
    afresh, whatever the session held.
    """
    return await session.get(
        model,
        (tenant_id, row_id),
        with_for_update=for_update,
        populate_existing=for_update,
        options=_deferred(model),
    )


async def one(
    session: AsyncSession,
    tenant_id: UUID,
    model: type[Row],
    row_id: UUID,
    *,
    entity: str,
    field: str | None = "id",
    for_update: bool = False,
) -> Row:
    """The tenant's row of `model` with this id (see `find`), or NotFound(entity, field)."""
    row = await find(session, tenant_id, model, row_id, for_update)
    if row is None:
        raise NotFound(entity, field)
    return row


async def by_ids(
    session: AsyncSession, tenant_id: UUID, model: type[Row], ids: Sequence[UUID]
) -> dict[UUID, Row]:
    """The tenant's rows of `model` among `ids`, by id, in one statement; missing ids absent."""
    result = await session.execute(
        _by_ids_statement(model), {"tenant_id": tenant_id, "ids": list(ids)}
    )
    return {row.id: row for row in result.scalars()}


@cache
def _by_ids_statement(model: Any) -> SelectOfScalar[Any]:
    """by_ids' statement for `model`, built once, the tenant and the ids bound on each use.
    Most nodes a request asks for by id are read through it (members, users and tokens have
    loaders of their own). Built anew on each request, it and the member statement
    (tenancy.queries) cost the vendor page about a tenth of its CPU (in process, interleaved
    with these; README, "Where a small screen's request goes")."""
    return (
        select(model)
        .options(*_deferred(model))
        .where(col(model.tenant_id) == bindparam("tenant_id"), one_of_bound(col(model.id), "ids"))
    )
