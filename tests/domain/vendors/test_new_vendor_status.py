"""The service, not the API, holds the rule of where a new vendor starts."""

import pytest

from domain.shared.errors import InvalidInput
from domain.vendors import service
from domain.vendors.models import VendorStatus
from tests.factories import actor_of, make_tenant


@pytest.mark.parametrize(
    "status", [s for s in VendorStatus if s not in service.INITIAL_STATUSES], ids=str
)
async def test_a_new_vendor_cannot_start_past_prospect_or_active(db, status):
    acme = await make_tenant(db)

    with pytest.raises(InvalidInput, match="starts as PROSPECT or ACTIVE"):
        async with db.transaction(acme.tenant_id) as session:
            await service.create_vendor(
                session, actor_of(acme), {"name": "Globex", "domain": "globex.example"}, status
            )


async def test_a_vendor_already_in_use_starts_active(db):
    acme = await make_tenant(db)

    async with db.transaction(acme.tenant_id) as session:
        vendor = await service.create_vendor(
            session,
            actor_of(acme),
            {"name": "Globex", "domain": "globex.example"},
            VendorStatus.ACTIVE,
        )

    assert vendor.status == VendorStatus.ACTIVE
