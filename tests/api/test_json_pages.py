"""List pages PostgreSQL writes as JSON (app/api/json_pages.py) answer exactly what the
fields themselves answer: the same JSON, whatever the selection, filter, order, page and
role; and a selection it cannot write takes the fields' path."""

from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from graphql import parse
from pydantic import ValidationError
from sqlalchemy import text

from app.api import json_pages
from app.api.schema import schema
from app.settings import Settings
from benchmarks.vendors import LIST_PAGE as BENCHMARK_PAGE
from domain.documents.models import Document, DocumentKind
from domain.findings import service as findings
from domain.findings.rules import Severity
from domain.shared.actor import Actor
from domain.shared.models import today
from domain.shared.pagination import PAGE_ROW
from domain.shared.roles import Role
from domain.vendors import relations
from domain.vendors.models import VendorStatus
from tests.factories import (
    actor_of,
    make_member,
    make_parsed_document,
    make_tenant,
    make_vendor,
)

ROOT = Path(__file__).resolve().parents[2]
VENDOR_SCREENS = (ROOT / "frontend-contract/operations/vendors.graphql").read_text()

EVERY_FIELD = """query($filter: VendorFilter, $orderBy: VendorOrder, $first: Int, $after: String,
                      $last: Int, $before: String) {
  list: vendors(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last,
                before: $before) {
    __typename count: totalCount
    pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
    edges { __typename cursor item: node { __typename ...Whole } }
  } }
fragment Whole on Vendor {
  id name legalName domain website description category servicesProvided subprocessor
  department contractStart contractEnd currency tags status tier computedTier tierScore
  contactsCount fourthPartiesCount createdAt updatedAt
  businessOwner { __typename id displayName role createdAt user { __typename id email } }
  businessOwner { displayName }
  ... on Vendor { findingCounts { __typename total open overdue } }
  latestSocReport {
    __typename id kind reportType serviceOrganization serviceAuditor periodStart periodEnd
    asOf reportDate opinion opinionBasis pages
  }
}"""

EVERY_DOCUMENT_FIELD = """query($filter: DocumentFilter, $first: Int, $after: String,
                               $last: Int, $before: String) {
  documents(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id kind title filename contentType sizeBytes sha256 issuedOn periodStart periodEnd
      expiresOn parseStatus parseError parseAttempts parsedAt createdAt downloadUrl
      uploadedBy { id displayName user { email } }
      vendor { id name createdAt contactsCount businessOwner { displayName } }
    } } } }"""

NODES_ONLY = """query($first: Int) { vendors(first: $first, orderBy: {field: NAME}) {
  nodes { name owner: businessOwner { user { email } } } totalCount
  a: pageInfo { hasNextPage } b: pageInfo { endCursor __typename } } }"""

# Fields the projection does not write: the fields' own path answers.
UNWRITABLE = {
    "a field without a projection": "{ vendors(first: 5) { nodes { name tierReasons { factor } } } }",
    "a page from the end": "{ vendors(first: 5) { nodes { name documents(last: 1) { totalCount } } } }",
    "a directive": "{ vendors(first: 5) { nodes { name @include(if: true) } } }",
    "rows asked twice": "{ vendors(first: 5) { nodes { name } edges { cursor } } }",
}


@pytest.fixture
async def inventory(db):
    """A tenant whose vendors differ in every way a list page shows (names that need
    escaping, owners or none, contacts, fourth parties, reports, findings open, overdue and
    closed), beside another tenant's vendors that must never show."""
    acme = await make_tenant(db)
    owners = [
        await make_member(db, acme.tenant_id, f"owner{i}@acme.example", role)
        for i, role in enumerate([Role.REVIEWER, Role.PROCUREMENT, Role.VIEWER])
    ]
    names = ['Zürich "Data" \\ Systems', "Ōsaka Cloud", "Acme\nNewline", "Plain Vendor"]
    for i in range(14):
        vendor = await make_vendor(
            db,
            acme,
            f"{names[i % 4]} {i:02}",
            domain=f"v{i}.example",
            status=[VendorStatus.ACTIVE, VendorStatus.PROSPECT][i % 2],
            tags=["hosting", "eu"][: i % 3],
            legal_name=f"Vendor {i} GmbH" if i % 2 else None,
            business_owner_id=owners[i % 3].membership_id if i % 4 else None,
        )
        async with db.transaction(acme.tenant_id) as session:
            actor = actor_of(acme)
            for c in range(i % 3):
                await relations.add_contact(
                    session, actor, vendor.id, f"C{c}", f"c{c}@v{i}.example", "PRIMARY"
                )
            for f in range(i % 2):
                await relations.add_fourth_party(session, actor, vendor.id, f"Sub {f}", None)
            if i % 3 == 0:
                finding = await findings.raise_by_hand(
                    session,
                    actor,
                    vendor.id,
                    f"review:{i}",
                    "Late",
                    "Overdue.",
                    Severity.HIGH,
                    None,
                    today() + timedelta(days=10),
                )
                await session.execute(
                    text("UPDATE findings SET due_date = :due WHERE id = :id"),
                    {"due": today() - timedelta(days=3), "id": finding.id},
                )
        if i % 4 == 1:
            await make_parsed_document(db, acme, vendor.id)
        async with db.transaction(acme.tenant_id) as session:
            session.add(
                Document(
                    tenant_id=acme.tenant_id,
                    vendor_id=vendor.id,
                    kind=DocumentKind.CONTRACT,
                    title=f"Contract {names[i % 4]}",
                    filename=f"contract-{i}.pdf",
                    content_type="application/pdf",
                    size_bytes=1000 + i,
                    sha256=f"{i:064x}",
                    uploaded_by=owners[i % 3].user_id if i % 2 else None,
                )
            )
    async with db.transaction(acme.tenant_id) as session:
        # Instants on whole seconds are written without a fraction, as Python writes them.
        for whole_seconds in (
            "UPDATE vendors SET created_at = date_trunc('second', created_at) "
            "WHERE name LIKE 'Plain%'",
            "UPDATE documents SET created_at = date_trunc('second', created_at) "
            "WHERE size_bytes % 2 = 0",
            "UPDATE memberships SET created_at = date_trunc('second', created_at) "
            "WHERE role = 'REVIEWER'",
        ):
            await session.execute(text(whole_seconds))
    globex = await make_tenant(db, name="Globex", admin_email="admin@globex.example")
    for i in range(3):
        await make_vendor(db, globex, f"Globex Vendor {i}", status=VendorStatus.ACTIVE)
    return acme, owners, globex


ORDERS = [
    None,
    {"field": "NAME", "direction": "DESC"},
    {"field": "CREATED_AT"},
    {"field": "TIER", "direction": "DESC"},
    {"field": "STATUS"},
    {"field": "OPEN_FINDINGS", "direction": "DESC"},
    {"field": "LATEST_REPORT_OPINION"},
    {"field": "LATEST_REPORT_PERIOD_END", "direction": "DESC"},
]
FILTERS = [
    None,
    {"status": ["ACTIVE"]},
    {"search": "cloud"},
    {"search": "zürich data", "status": ["ACTIVE", "PROSPECT"]},
    {"tag": "eu"},
    {"status": ["TERMINATED"]},  # nothing matches
]


async def test_every_field_order_and_filter_reads_the_same_as_the_fields(
    client, inventory, writing
):
    acme, *_ = inventory
    for order in ORDERS:
        for criteria in FILTERS:
            variables = {"filter": criteria, "orderBy": order, "first": 4}
            if criteria and "search" in criteria and order is None:
                variables["orderBy"] = {"field": "RELEVANCE"}
            written, by_fields, was_written = await writing.both(
                client, EVERY_FIELD, variables, acme.token
            )
            assert was_written, variables
            assert "errors" not in written, written
            assert written == by_fields, variables


async def test_pages_forwards_and_backwards_read_the_same(client, inventory, writing):
    acme, *_ = inventory
    variables: dict[str, Any] = {"first": 5, "orderBy": {"field": "OPEN_FINDINGS"}}
    seen = 0
    while True:  # every page, forwards: cursors written by either path page on alike
        written, by_fields, was_written = await writing.both(
            client, EVERY_FIELD, variables, acme.token
        )
        assert was_written and written == by_fields
        page = written["data"]["list"]
        seen += len(page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        variables["after"] = page["pageInfo"]["endCursor"]
    assert seen == page["count"] == 14
    last_cursor = page["pageInfo"]["endCursor"]
    for variables in (
        {"last": 3, "before": last_cursor, "orderBy": {"field": "OPEN_FINDINGS"}},
        {"last": 20},
        {"first": 0},
        {"first": 5, "after": last_cursor, "orderBy": {"field": "OPEN_FINDINGS"}},  # past the end
    ):
        written, by_fields, was_written = await writing.both(
            client, EVERY_FIELD, variables, acme.token
        )
        assert was_written and written == by_fields, variables
    assert written["data"]["list"]["count"] == 14  # the total of an empty page, too
    assert written["data"]["list"]["edges"] == []


async def test_the_documents_list_reads_the_same(client, inventory, writing):
    acme, *_ = inventory
    first, _, _ = await writing.both(client, EVERY_DOCUMENT_FIELD, {"first": 1}, acme.token)
    vendor_id = first["data"]["documents"]["edges"][0]["node"]["vendor"]["id"]
    pages_of = {}
    filters = [
        None,
        {"kind": ["CONTRACT"]},
        {"parseStatus": ["PARSED"]},
        {"reviewNeeded": False},
        {"reviewNeeded": True},
        {"vendorId": vendor_id},
    ]
    for criteria in filters:
        variables: dict[str, Any] = {"filter": criteria, "first": 5}
        pages = 0
        while True:
            written, by_fields, was_written = await writing.both(
                client, EVERY_DOCUMENT_FIELD, variables, acme.token
            )
            assert was_written, variables
            assert "errors" not in written, written
            assert written == by_fields, variables
            page = written["data"]["documents"]
            pages += 1
            if not page["pageInfo"]["hasNextPage"]:
                break
            variables["after"] = page["pageInfo"]["endCursor"]
        pages_of[repr(criteria)] = pages
    assert pages_of["None"] == 4  # 18 documents, 5 a page: the cursors page on alike
    backwards = {"last": 3, "before": page["pageInfo"]["endCursor"]}
    written, by_fields, was_written = await writing.both(
        client, EVERY_DOCUMENT_FIELD, backwards, acme.token
    )
    assert was_written and written == by_fields


def test_no_upload_may_be_larger_than_a_document_can_say():
    """A document's sizeBytes is a GraphQL Int: an upload limit beyond it is refused."""
    assert Settings(max_upload_bytes=2**31 - 1).max_upload_bytes == 2**31 - 1
    with pytest.raises(ValidationError):
        Settings(max_upload_bytes=2**31)


async def test_the_front_end_and_benchmark_pages_read_the_same(client, inventory, writing):
    acme, *_ = inventory
    for query, variables, operation in (
        (VENDOR_SCREENS, {"first": 10, "orderBy": {"field": "NAME"}}, "VendorList"),
        (BENCHMARK_PAGE, {"first": 10, "filter": {"status": ["ACTIVE"]}}, None),
        (NODES_ONLY, {"first": 10}, None),
    ):
        written, by_fields, was_written = await writing.both(
            client, query, variables, acme.token, operation
        )
        assert was_written, operation or query
        assert "errors" not in written, written
        assert written == by_fields
        page = written["data"]["vendors"]
        assert len(page.get("edges") or page.get("nodes")) == min(10, page["totalCount"]) > 5


async def test_every_role_reads_the_same(client, inventory, writing):
    """Every member's role reads the same page both ways (each may read what a list page
    shows today; a reader who may not is never written for: the test below)."""
    _, owners, _ = inventory
    for member in owners:
        written, by_fields, _ = await writing.both(client, EVERY_FIELD, {"first": 6}, member.token)
        assert written == by_fields, member.role
        assert len(written["data"]["list"]["edges"]) == 6


async def test_what_it_cannot_write_takes_the_fields_path(client, inventory, writing):
    acme, *_ = inventory
    for why, query in UNWRITABLE.items():
        written, by_fields, was_written = await writing.both(client, query, {}, acme.token)
        assert not was_written, why
        assert "errors" not in written, (why, written)
        assert written == by_fields


async def test_a_bad_argument_is_refused_as_by_the_fields(client, inventory, writing):
    acme, *_ = inventory
    for variables in ({"first": 10_000}, {"after": "not a cursor"}, {"first": 1, "last": 1}):
        written, by_fields, _ = await writing.both(client, EVERY_FIELD, variables, acme.token)
        assert written["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert written == by_fields


async def test_another_tenant_sees_only_its_own(client, inventory, writing):
    *_, globex = inventory
    written, by_fields, was_written = await writing.both(
        client, EVERY_FIELD, {"first": 50}, globex.token
    )
    assert was_written and written == by_fields
    names = [e["item"]["name"] for e in written["data"]["list"]["edges"]]
    assert names == ["Globex Vendor 0", "Globex Vendor 1", "Globex Vendor 2"]


def test_a_reader_who_may_not_read_a_field_is_not_written_for():
    """The written path is refused for a field or type the reader may not read, so the
    fields' own answer (an error, a null) is what the reader gets."""
    vendor = schema._schema.type_map["Vendor"]
    asked = parse("{ name findingCounts { open } businessOwner { displayName } }")
    selection = [asked.definitions[0].selection_set]  # type: ignore[attr-defined]
    member = Actor(tenant_id=uuid4(), role=Role.VIEWER)
    respondent = Actor(tenant_id=uuid4(), role=Role.VIEWER, respondent_link_id=uuid4())

    assert (
        json_pages._Writer(member, {}, {}, 100, schema._schema).object(
            vendor, json_pages._Named(PAGE_ROW), selection
        )
        is not None
    )
    with pytest.raises(json_pages.Unwritable, match="not readable"):
        json_pages._Writer(respondent, {}, {}, 100, schema._schema).object(
            vendor, json_pages._Named(PAGE_ROW), selection
        )


async def test_each_row_of_a_list_has_its_own_pages_written(client, inventory, writing):
    """A field that takes arguments (a vendor's pages, its follow-ups) is written for each
    row of a list, on the arguments asked, as its resolver answers it."""
    acme, *_ = inventory
    query = """{ vendors(first: 6, orderBy: {field: NAME}) { nodes { name
        documents(first: 1) { totalCount nodes { title } }
        followUps(status: [EXPECTED]) { id }
        findings(first: 2, orderBy: {field: DUE_DATE}) {
          totalCount pageInfo { hasNextPage endCursor } nodes { title } } } } }"""
    written, by_fields, was_written = await writing.both(client, query, {}, acme.token)
    assert was_written and "errors" not in written, written
    assert written == by_fields
    assert len(written["data"]["vendors"]["nodes"]) == 6
