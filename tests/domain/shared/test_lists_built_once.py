"""A list's statement is built once for its form (the criteria given, the order, how the
page is asked) and shared by every request; only its values are bound per request. These
read as the owner, whom row-level security does not hold, so that only the statements'
own conditions keep one request's tenant, vendor, cursor and page size from another's."""

from datetime import date
from typing import Any
from uuid import UUID

from sqlmodel import col, select

from domain.findings import queries as finding_queries
from domain.findings.models import Finding
from domain.findings.rules import Severity
from domain.findings.service import raise_by_hand
from domain.shared import pagination
from domain.shared.pagination import Page, PageRequest, paginate, paginate_each
from domain.vendors import queries as vendor_queries
from domain.vendors.models import Vendor, VendorStatus
from domain.vendors.queries import VendorFilter
from tests.factories import Member, actor_of, make_tenant, make_vendor


async def _vendor_page(db, tenant_id: UUID, criteria: VendorFilter, request: PageRequest):
    listing = vendor_queries.listing(tenant_id, criteria, "NAME", False)
    async with db.owner_transaction() as session:
        return await vendor_queries.page(session, listing, request)


async def _raise(db, by: Member, vendor_id: UUID, titles: list[str]) -> None:
    async with db.transaction(by.tenant_id) as session:
        for title in titles:
            actor = actor_of(by)
            due = date(2030, 1, 1)
            source = f"review:{title}"
            await raise_by_hand(
                session, actor, vendor_id, source, title, "Why.", Severity.HIGH, None, due
            )


def _names(page: Any) -> list[str]:
    return [row.name for row in page.rows]


async def test_one_form_is_one_statement_whatever_its_values():
    acme = vendor_queries.listing(UUID(int=1), VendorFilter(statuses=["ACTIVE"]), "NAME", False)
    globex = vendor_queries.listing(
        UUID(int=2), VendorFilter(statuses=["PROSPECT", "ACTIVE"]), "NAME", False
    )
    tiered = vendor_queries.listing(UUID(int=1), VendorFilter(tiers=["HIGH"]), "NAME", False)
    searched = vendor_queries.listing(UUID(int=1), VendorFilter(search="acme"), None, False)
    other_words = vendor_queries.listing(UUID(int=2), VendorFilter(search="glo cl"), None, False)

    assert acme.statement is globex.statement and acme.sort is globex.sort
    assert acme.values["tenant_id"] != globex.values["tenant_id"]
    assert tiered.statement is not acme.statement
    assert searched.statement is other_words.statement
    assert searched.rows_of is other_words.rows_of
    assert searched.values["search"] == "'acme':*"
    assert other_words.values["search"] == "'glo':* & 'cl':*"


async def test_each_request_reads_its_own_tenants_rows_and_values(db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    for name in ("Acme Alpha", "Acme Beta", "Acme Gamma"):
        await make_vendor(db, acme, name, status=VendorStatus.ACTIVE)
    await make_vendor(db, acme, "Acme Prospect")
    await make_vendor(db, globex, "Globex One", status=VendorStatus.ACTIVE)
    active = VendorFilter(statuses=["ACTIVE"])

    acmes = await _vendor_page(db, acme.tenant_id, active, PageRequest(first=2))
    globexes = await _vendor_page(db, globex.tenant_id, active, PageRequest(first=2))
    prospects = await _vendor_page(
        db, acme.tenant_id, VendorFilter(statuses=["PROSPECT"]), PageRequest(first=2)
    )

    assert (_names(acmes), acmes.total_count, acmes.has_next_page) == (
        ["Acme Alpha", "Acme Beta"],
        3,
        True,
    )
    assert (_names(globexes), globexes.total_count, globexes.has_next_page) == (
        ["Globex One"],
        1,
        False,
    )
    assert (_names(prospects), prospects.total_count) == (["Acme Prospect"], 1)


async def test_cursors_and_page_sizes_are_each_requests_own(db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    for name in "ABCDEFGH":
        await make_vendor(db, acme, f"Vendor {name}")
    every = VendorFilter()

    async def page(request: PageRequest) -> Any:
        return await _vendor_page(db, acme.tenant_id, every, request)

    first = await page(PageRequest(first=2))
    # a smaller page, then a larger one, of one form: each its own size
    second = await page(PageRequest(first=1, after=first.keys[-1]))
    third = await page(PageRequest(first=3, after=second.keys[-1]))
    back = await page(PageRequest(last=2, before=third.keys[-1]))
    rest = await page(PageRequest(first=5, after=third.keys[-1]))
    # past the end: no row for the total to ride on, so it is counted apart, for this tenant
    beyond = await page(PageRequest(first=2, after=rest.keys[-1]))

    assert (_names(first), first.has_next_page) == (["Vendor A", "Vendor B"], True)
    assert (_names(second), second.has_next_page) == (["Vendor C"], True)
    assert _names(third) == ["Vendor D", "Vendor E", "Vendor F"]
    assert (_names(back), back.has_previous_page) == (["Vendor D", "Vendor E"], True)
    assert (_names(rest), rest.has_next_page) == (["Vendor G", "Vendor H"], False)
    assert (_names(beyond), beyond.total_count) == ([], 8)


async def test_each_vendors_page_of_one_statement_is_its_own(db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    one = await make_vendor(db, acme, "Acme One")
    two = await make_vendor(db, acme, "Acme Two")
    three = await make_vendor(db, acme, "Acme Three")
    await _raise(db, acme, one.id, ["one a", "one b", "one c"])
    await _raise(db, acme, two.id, ["two a"])
    criteria = finding_queries.FindingFilter(severities=["HIGH"])

    async def each(vendor_ids: list[UUID], request: PageRequest) -> dict[UUID, Page]:
        statement, sort, values = finding_queries.listing(
            acme.tenant_id, criteria, "CREATED_AT", False
        )
        async with db.owner_transaction() as session:
            return await paginate_each(
                session,
                statement,
                sort,
                request,
                col(Finding.vendor_id),
                vendor_ids,
                values=values,
            )

    async def pages(vendor_ids: list[UUID], request: PageRequest) -> dict[Any, Any]:
        found = await each(vendor_ids, request)
        return {vendor: [row.title for row in page.rows] for vendor, page in found.items()} | {
            ("total", vendor): page.total_count for vendor, page in found.items()
        }

    firsts = await pages([one.id], PageRequest(first=2))
    others = await pages([two.id, three.id], PageRequest(first=2))
    cursor = (await each([one.id], PageRequest(first=2)))[one.id].keys[-1]
    # past a cursor, each parent's total is counted apart, of the parents asked this time
    after = await pages([one.id, two.id], PageRequest(first=2, after=cursor))

    assert firsts == {one.id: ["one a", "one b"], ("total", one.id): 3}
    assert others == {
        two.id: ["two a"],
        three.id: [],
        ("total", two.id): 1,
        ("total", three.id): 0,
    }
    assert after == {
        one.id: ["one c"],
        two.id: ["two a"],
        ("total", one.id): 3,
        ("total", two.id): 1,
    }


def _counting_builds(monkeypatch) -> list[str]:
    """The page statements pagination builds from here on, by kind."""
    builds: list[str] = []
    for name in ("_page_statement", "_each_statement"):
        build = getattr(pagination, name)

        def counted(*args: Any, _build: Any = build, _name: str = name) -> Any:
            builds.append(_name)
            return _build(*args)

        monkeypatch.setattr(pagination, name, counted)
    return builds


async def test_the_page_statement_is_built_once_for_a_form_however_many_requests(db, monkeypatch):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    for name in ("Acme One", "Acme Two", "Acme Three"):
        await make_vendor(db, acme, name)
    criteria = VendorFilter(statuses=["PROSPECT"], owner_id=acme.membership_id)
    pagination._BUILT.clear()  # so that the first request builds, whatever ran before here
    builds = _counting_builds(monkeypatch)

    for tenant in (acme, globex, acme):
        for size in (1, 2, 20):
            await _vendor_page(db, tenant.tenant_id, criteria, PageRequest(first=size))

    assert builds == ["_page_statement"]


async def test_a_statement_built_per_request_is_built_for_each(db, monkeypatch):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    await make_vendor(db, acme, "Acme One")
    builds = _counting_builds(monkeypatch)
    kept = len(pagination._BUILT)

    for name in ("Acme One", "Acme Two", "Acme One"):
        statement = select(Vendor).where(
            col(Vendor.tenant_id) == acme.tenant_id, col(Vendor.name) == name
        )
        async with db.owner_transaction() as session:
            page = await paginate(session, statement, [col(Vendor.id)], PageRequest(first=1))
        assert page.total_count == (name == "Acme One")

    assert builds == ["_page_statement"] * 3
    assert len(pagination._BUILT) == kept
