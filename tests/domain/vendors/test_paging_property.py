"""Paging is exact in every order: forward page by page, then backward from the end, random
vendors (ties on every field included) come back as the whole list, once each, in order."""

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db import Database, app_role_url, create_engine
from domain.shared.pagination import PageRequest
from domain.vendors import queries
from domain.vendors.models import Tier, VendorStatus
from domain.vendors.queries import VendorFilter
from tests.factories import make_tenant, make_vendor

ORDERS = ["NAME", "CREATED_AT", "UPDATED_AT", "TIER", "STATUS"]
VENDORS = st.lists(
    st.tuples(
        st.sampled_from(["Acme", "acme", "Globex", "Initech", "Zeta", "Ümlaut"]),
        st.sampled_from(list(VendorStatus)),
        st.sampled_from(list(Tier)),
    ),
    min_size=0,
    max_size=9,
)


async def _walk(database: Database, tenant_id, order: str, descending: bool, size: int):
    listing = queries.listing(tenant_id, VendorFilter(), order, descending)
    async with database.transaction(tenant_id) as session:
        whole = await queries.page(session, listing, PageRequest(first=100))
        forward, request = [], PageRequest(first=size)
        while True:
            page = await queries.page(session, listing, request)
            forward.extend(v.id for v in page.rows)
            if not page.has_next_page:
                break
            request = PageRequest(first=size, after=page.keys[-1])
        backward, request = [], PageRequest(last=size)
        while True:
            page = await queries.page(session, listing, request)
            backward[:0] = [v.id for v in page.rows]
            if not page.has_previous_page:
                break
            request = PageRequest(last=size, before=page.keys[0])
    return [v.id for v in whole.rows], forward, backward


async def _example(database_url: str, vendors, order, descending, size):
    owner = create_engine(database_url, 1)
    database = Database(create_engine(app_role_url(database_url, "tprm_app", None), 2), owner)
    try:
        acme = await make_tenant(database)
        for n, (name, status, tier) in enumerate(vendors):
            vendor = await make_vendor(database, acme, f"{name} {n % 3}", domain=f"v{n}.example")
            async with database.transaction(acme.tenant_id) as session:
                row = await session.get(type(vendor), (acme.tenant_id, vendor.id))
                assert row is not None
                # ties on status and tier too, whatever the lifecycle and the profile say
                row.status, row.tier = status.value, tier.value
                session.add(row)
        return await _walk(database, acme.tenant_id, order, descending, size)
    finally:
        await database.dispose()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    vendors=VENDORS,
    order=st.sampled_from(ORDERS),
    descending=st.booleans(),
    size=st.integers(min_value=1, max_value=4),
)
def test_paging_forward_and_backward_gives_the_whole_order_back(
    database_url, db, vendors, order, descending, size
):
    whole, forward, backward = asyncio.run(_example(database_url, vendors, order, descending, size))

    assert len(whole) == len(vendors) == len(set(whole))
    assert forward == whole
    assert backward == whole
