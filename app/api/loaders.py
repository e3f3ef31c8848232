"""Dataloaders, built per request on the request's session; results come back in key order."""

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.shared.session import SerializedSession
from domain.tenancy import queries as tenancy_queries
from domain.tenancy.models import ApiToken, Membership, User

T = TypeVar("T")


def _loader(
    fetch: Callable[[Sequence[UUID]], Awaitable[dict[UUID, T]]],
) -> DataLoader[UUID, T | None]:
    async def load(keys: list[UUID]) -> list[T | None]:
        found = await fetch(keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


class Loaders:
    def __init__(self, session: SerializedSession, tenant_id: UUID) -> None:
        self.user_by_id: DataLoader[UUID, User | None] = _loader(
            lambda ids: tenancy_queries.users_by_id(session, ids)
        )
        self.membership_by_id: DataLoader[UUID, Membership | None] = _loader(
            lambda ids: tenancy_queries.memberships_by_id(session, tenant_id, ids)
        )
        self.token_by_id: DataLoader[UUID, ApiToken | None] = _loader(
            lambda ids: tenancy_queries.tokens_by_id(session, tenant_id, ids)
        )


__all__ = ["Loaders"]
