"""Dataloaders, built per request on the request's session; results come back in key order."""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.shared.session import SerializedSession
from domain.tenancy import queries as tenancy_queries
from domain.tenancy.models import ApiToken, Membership, User
from domain.vendors import queries as vendor_queries
from domain.vendors.models import (
    FourthParty,
    OnboardingRequest,
    OnboardingRequirement,
    Vendor,
    VendorContact,
    VendorStatusChange,
)


def _loader(
    fetch: Callable[[Sequence[UUID]], Awaitable[Mapping[UUID, Any]]], default: Any = None
) -> DataLoader[UUID, Any]:
    """A loader over a batch fetch that returns {key: value}; missing keys get `default`."""

    async def load(keys: list[UUID]) -> list[Any]:
        found = await fetch(keys)
        return [found.get(key, default) for key in keys]

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
        self.vendor_by_id: DataLoader[UUID, Vendor | None] = _loader(
            lambda ids: vendor_queries.vendors_by_id(session, tenant_id, ids)
        )
        self.contacts_by_vendor: DataLoader[UUID, list[VendorContact]] = _loader(
            lambda ids: vendor_queries.contacts_by_vendor(session, tenant_id, ids), default=[]
        )
        self.contact_count_by_vendor: DataLoader[UUID, int] = _loader(
            lambda ids: vendor_queries.contact_counts(session, tenant_id, ids), default=0
        )
        self.fourth_parties_by_vendor: DataLoader[UUID, list[FourthParty]] = _loader(
            lambda ids: vendor_queries.fourth_parties_by_vendor(session, tenant_id, ids),
            default=[],
        )
        self.fourth_party_count_by_vendor: DataLoader[UUID, int] = _loader(
            lambda ids: vendor_queries.fourth_party_counts(session, tenant_id, ids), default=0
        )
        self.status_history_by_vendor: DataLoader[UUID, list[VendorStatusChange]] = _loader(
            lambda ids: vendor_queries.status_history(session, tenant_id, ids), default=[]
        )
        self.onboarding_by_vendor: DataLoader[UUID, list[OnboardingRequest]] = _loader(
            lambda ids: vendor_queries.onboarding_by_vendor(session, tenant_id, ids), default=[]
        )
        self.requirements_by_request: DataLoader[UUID, list[OnboardingRequirement]] = _loader(
            lambda ids: vendor_queries.requirements_by_request(session, tenant_id, ids),
            default=[],
        )


__all__ = ["Loaders"]
