"""What the parser says about its own reading: where each fact came from, and whether a person
must check it. Stored by every parse, read typed, listed by `documents(filter: {reviewNeeded})`,
cleared by `confirmReport` (who, when, audited), set again by a re-parse that still needs it."""

import uuid
from typing import Any

from sqlalchemy import text

from app.api.soc2.parse_review import ExtractionField, ReviewReasonCode
from domain.documents.models import Document, DocumentKind, ParseStatus
from domain.shared.roles import Role
from domain.soc2.ingest import report_of_document
from parsers.soc2.result import ReviewReasonCode as ParserReasonCode
from parsers.soc2.result import Soc2Extraction
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_member,
    make_read_report,
    make_tenant,
    make_vendor,
    read_again,
    tenant_state,
)

OPINION_QUOTE = "In our opinion, in all material respects, the controls were suitably designed"
FLAGGED: dict[str, Any] = {
    **SMALL_EXTRACTION,
    "service_auditor": None,
    "sources": {
        "opinion": {"page": 4, "quote": OPINION_QUOTE},
        "period_end": {"page": 3, "quote": "throughout the period January 1, 2025 to December 31"},
        "trust_services_categories": {"page": 3, "quote": "relevant to security"},
    },
    "review": {
        "needed": True,
        "reasons": [
            {"field": "service_auditor", "page": None, "reason": "NOT_FOUND", "text": None},
            {"field": "pages", "page": 41, "reason": "IMAGE_ONLY", "text": "41-42"},
            {
                "field": "exceptions",
                "page": 40,
                "reason": "UNCERTAIN_RESULT",
                "text": "Refer to management's response.",
            },
        ],
    },
}
CLEAN: dict[str, Any] = {
    **SMALL_EXTRACTION,
    "sources": {"opinion": {"page": 4, "quote": OPINION_QUOTE}},
    "review": {"needed": False, "reasons": []},
}

REPORT = """query($id: ID!) { document(id: $id) { report { id confirmedAt confirmedBy { user { email } }
  sources { kind { ...S } type { ...S } serviceOrganization { ...S } serviceAuditor { ...S }
    periodStart { ...S } periodEnd { ...S } asOf { ...S } reportDate { ...S } opinion { ...S }
    opinionBasis { ...S } trustServicesCategories { ...S } }
  review { needed reasons { field page reason text } clearedAt clearedBy { user { email } } }
  comparison { conclusive } } } }
fragment S on FactSource { page quote }"""
LIST = """query($f: DocumentFilter, $first: Int, $after: String) {
  documents(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }"""
CONFIRM = """mutation($i: ConfirmReportInput!) { confirmReport(input: $i) {
  report { review { needed clearedAt clearedBy { user { email } } } confirmedAt }
  errors { code field message } } }"""


async def _world(db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex Cloud")
    return acme, reviewer, vendor


def _document_id(report) -> str:
    return global_id("Document", report.document_id)


async def _listed(client, token, **filter_) -> list[str]:
    body = await gql(client, LIST, {"f": filter_, "first": 50}, token=token)
    return [edge["node"]["id"] for edge in body["data"]["documents"]["edges"]]


async def test_a_parse_is_stored_with_its_sources_and_review_and_read_back_typed(client, db):
    acme, reviewer, vendor = await _world(db)

    report = await make_read_report(db, acme, vendor.id, FLAGGED)
    body = await gql(client, REPORT, {"id": _document_id(report)}, token=reviewer.token)

    async with db.transaction(acme.tenant_id) as session:
        row = await report_of_document(session, acme.tenant_id, report.document_id)
    assert row is not None
    assert row.review_needed is True
    assert row.review_reasons == FLAGGED["review"]["reasons"]
    assert row.sources == FLAGGED["sources"]
    read = body["data"]["document"]["report"]
    assert read["sources"] == {
        "kind": None,
        "type": None,
        "serviceOrganization": None,
        "serviceAuditor": None,
        "periodStart": None,
        "periodEnd": {"page": 3, "quote": FLAGGED["sources"]["period_end"]["quote"]},
        "asOf": None,
        "reportDate": None,
        "opinion": {"page": 4, "quote": OPINION_QUOTE},
        "opinionBasis": None,
        "trustServicesCategories": {"page": 3, "quote": "relevant to security"},
    }
    assert read["review"] == {
        "needed": True,
        "reasons": [
            {"field": "SERVICE_AUDITOR", "page": None, "reason": "NOT_FOUND", "text": None},
            {"field": "PAGES", "page": 41, "reason": "IMAGE_ONLY", "text": "41-42"},
            {
                "field": "EXCEPTIONS",
                "page": 40,
                "reason": "UNCERTAIN_RESULT",
                "text": "Refer to management's response.",
            },
        ],
        "clearedAt": None,
        "clearedBy": None,
    }
    assert read["comparison"] == {"conclusive": False}


async def test_a_parse_from_before_sources_and_review_needs_no_review(client, db):
    acme, reviewer, vendor = await _world(db)
    assert "review" not in SMALL_EXTRACTION and "sources" not in SMALL_EXTRACTION

    report = await make_read_report(db, acme, vendor.id, SMALL_EXTRACTION)
    body = await gql(client, REPORT, {"id": _document_id(report)}, token=reviewer.token)

    read = body["data"]["document"]["report"]
    assert read["review"] == {"needed": False, "reasons": [], "clearedAt": None, "clearedBy": None}
    assert set(read["sources"].values()) == {None}
    assert read["comparison"] == {"conclusive": True}


async def test_reasons_and_sources_a_newer_parser_may_store_read_safely(client, db):
    acme, reviewer, vendor = await _world(db)
    report = await make_read_report(
        db,
        acme,
        vendor.id,
        {
            **SMALL_EXTRACTION,
            "sources": {"opinion": {"page": 4, "quote": OPINION_QUOTE}, "appendix": {"page": 9}},
            # Reasons alone say a person must look, whatever `needed` says.
            "review": {
                "needed": False,
                "reasons": [{"field": "appendix_b", "page": 7, "reason": "TABLE_AS_IMAGE"}],
            },
        },
    )
    # What a future parser might have stored, or a hand-edited row: nothing of it may crash.
    async with db.owner_transaction() as session:
        await session.execute(
            text(
                "UPDATE soc_reports SET review_reasons = review_reasons || CAST(:more AS jsonb), "
                "sources = sources || CAST(:sources AS jsonb) WHERE id = :id"
            ),
            {
                "id": report.id,
                "more": '[{"field": 12, "page": "two", "reason": null, "text": 5}, "stray", '
                '{"field": "opinion", "page": 99999999999, "reason": "NOT_FOUND"}]',
                "sources": '{"period_end": {"page": 0, "quote": "x"}, "as_of": "2025-01-01", '
                '"report_date": {"page": 2, "quote": null}, "service_auditor": {"page": 2, '
                '"quote": "Audit LLP"}}',
            },
        )

    body = await gql(client, REPORT, {"id": _document_id(report)}, token=reviewer.token)

    assert "errors" not in body, body
    read = body["data"]["document"]["report"]
    assert read["review"]["needed"] is True
    assert read["review"]["reasons"] == [
        {"field": "OTHER", "page": 7, "reason": "OTHER", "text": None},
        {"field": "OTHER", "page": None, "reason": "OTHER", "text": None},
        {"field": "OPINION", "page": None, "reason": "NOT_FOUND", "text": None},
    ]
    sources = read["sources"]
    assert sources["opinion"] == {"page": 4, "quote": OPINION_QUOTE}
    assert sources["serviceAuditor"] == {"page": 2, "quote": "Audit LLP"}
    assert (sources["periodEnd"], sources["asOf"], sources["reportDate"]) == (None, None, None)


async def test_the_review_filter_lists_exactly_the_documents_whose_report_needs_review(client, db):
    acme, reviewer, vendor = await _world(db)
    other_vendor = await make_vendor(db, acme, "Initech")
    flagged = await make_read_report(db, acme, vendor.id, FLAGGED)
    flagged_elsewhere = await make_read_report(db, acme, other_vendor.id, FLAGGED)
    clean = await make_read_report(db, acme, vendor.id, CLEAN)
    older = await make_read_report(db, acme, vendor.id, SMALL_EXTRACTION)
    # A document without a report (not read yet, or not a report) matches neither value.
    async with db.transaction(acme.tenant_id) as session:
        session.add(
            Document(
                tenant_id=acme.tenant_id,
                vendor_id=vendor.id,
                kind=DocumentKind.SOC2_REPORT,
                title="Not read yet",
                filename="queued.pdf",
                content_type="application/pdf",
                size_bytes=1,
                sha256="c" * 64,
                parse_status=ParseStatus.QUEUED,
            )
        )
    vendor_id = global_id("Vendor", vendor.id)

    needing = await _listed(client, reviewer.token, reviewNeeded=True)
    not_needing = await _listed(client, reviewer.token, reviewNeeded=False)
    needing_here = await _listed(client, reviewer.token, reviewNeeded=True, vendorId=vendor_id)
    parsed_needing = await _listed(
        client, reviewer.token, reviewNeeded=True, parseStatus=["PARSED"], kind=["SOC2_REPORT"]
    )
    everything = await _listed(client, reviewer.token)
    page1 = await gql(client, LIST, {"f": {"reviewNeeded": True}, "first": 1}, token=reviewer.token)
    cursor = page1["data"]["documents"]["pageInfo"]["endCursor"]
    page2 = await gql(
        client,
        LIST,
        {"f": {"reviewNeeded": True}, "first": 1, "after": cursor},
        token=reviewer.token,
    )

    assert len(everything) == 5
    newest_first = [_document_id(flagged_elsewhere), _document_id(flagged)]
    assert needing == newest_first
    assert not_needing == [_document_id(older), _document_id(clean)]
    assert needing_here == [_document_id(flagged)]
    assert parsed_needing == newest_first
    first, second = page1["data"]["documents"], page2["data"]["documents"]
    assert first["totalCount"] == second["totalCount"] == 2
    assert first["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["id"] for e in first["edges"] + second["edges"]] == newest_first


async def _confirmed(client, db):
    """A flagged report confirmed by a reviewer (request `req-confirm`): the report row, the
    reviewer and the mutation's payload."""
    acme, reviewer, vendor = await _world(db)
    report = await make_read_report(db, acme, vendor.id, FLAGGED)
    confirmed = await gql(
        client,
        CONFIRM,
        {"i": {"reportId": global_id("SocReport", report.id)}},
        token=reviewer.token,
        headers={"X-Request-ID": "req-confirm"},
    )
    return report, reviewer, confirmed["data"]["confirmReport"]


async def test_confirming_clears_the_flag_and_says_who_and_when(client, db):
    _report, _reviewer, payload = await _confirmed(client, db)

    assert payload["errors"] == []
    review = payload["report"]["review"]
    assert (review["needed"], review["clearedBy"]) == (
        False,
        {"user": {"email": "rev@acme.example"}},
    )
    assert review["clearedAt"] == payload["report"]["confirmedAt"] is not None


async def test_a_confirmed_report_keeps_the_reasons_that_were_checked(client, db):
    report, reviewer, _payload = await _confirmed(client, db)

    read = await gql(client, REPORT, {"id": _document_id(report)}, token=reviewer.token)

    after = read["data"]["document"]["report"]
    assert (after["review"]["needed"], len(after["review"]["reasons"])) == (False, 3)
    assert after["confirmedBy"] == {"user": {"email": "rev@acme.example"}}


async def test_a_confirmed_report_makes_its_comparison_conclusive(client, db):
    report, reviewer, _payload = await _confirmed(client, db)

    read = await gql(client, REPORT, {"id": _document_id(report)}, token=reviewer.token)

    assert read["data"]["document"]["report"]["comparison"] == {"conclusive": True}


async def test_a_confirmed_report_leaves_the_review_queue(client, db):
    report, reviewer, _payload = await _confirmed(client, db)

    needing = await _listed(client, reviewer.token, reviewNeeded=True)
    not_needing = await _listed(client, reviewer.token, reviewNeeded=False)

    assert (needing, not_needing) == ([], [_document_id(report)])


async def test_confirming_is_audited_with_the_reviewer_and_the_flag_s_change(client, db):
    report, reviewer, _payload = await _confirmed(client, db)

    async with db.owner_transaction() as session:
        [(entity_id, actor, changes)] = (
            await session.execute(
                text(
                    "SELECT entity_id, actor_user_id, changes FROM audit_events "
                    "WHERE request_id = 'req-confirm' AND action = 'soc_report.confirmed'"
                )
            )
        ).all()

    assert (entity_id, actor) == (report.id, reviewer.user_id)
    cleared_at = changes.pop("review_cleared_at")
    confirmed_at = changes.pop("confirmed_at")
    assert cleared_at["before"] is None and cleared_at["after"] == confirmed_at["after"]
    assert changes == {
        "review_needed": {"before": True, "after": False},
        "review_cleared_by": {"before": None, "after": str(reviewer.user_id)},
        "confirmed_by": {"before": None, "after": str(reviewer.user_id)},
    }


async def test_a_reparse_that_still_needs_review_sets_the_flag_again_and_one_that_needs_none_not(
    client, db
):
    acme, reviewer, vendor = await _world(db)
    report = await make_read_report(db, acme, vendor.id, FLAGGED)
    report_id = global_id("SocReport", report.id)
    await gql(client, CONFIRM, {"i": {"reportId": report_id}}, token=reviewer.token)

    await read_again(db, acme.tenant_id, report, FLAGGED)
    flagged_again = await gql(client, REPORT, {"id": _document_id(report)}, token=reviewer.token)
    listed_again = await _listed(client, reviewer.token, reviewNeeded=True)
    await gql(client, CONFIRM, {"i": {"reportId": report_id}}, token=reviewer.token)
    await read_again(db, acme.tenant_id, report, CLEAN)
    clean = await gql(client, REPORT, {"id": _document_id(report)}, token=reviewer.token)
    async with db.owner_transaction() as session:
        readings = (
            await session.execute(
                text(
                    "SELECT changes FROM audit_events WHERE action = 'soc_report.read' "
                    "AND entity_id = :r ORDER BY occurred_at, id"
                ),
                {"r": report.id},
            )
        ).scalars()
        review_changes = [c.get("review_needed") for c in readings]

    again = flagged_again["data"]["document"]["report"]
    assert again["review"]["needed"] is True
    assert (again["review"]["clearedAt"], again["review"]["clearedBy"]) == (None, None)
    assert again["confirmedAt"] is not None, "the last confirmation stays on the report"
    assert listed_again == [_document_id(report)]
    after_clean = clean["data"]["document"]["report"]["review"]
    assert after_clean == {"needed": False, "reasons": [], "clearedAt": None, "clearedBy": None}
    assert review_changes == [
        {"before": None, "after": True},
        {"before": False, "after": True},
        None,  # cleared by the confirmation, and the clean re-parse leaves it clear
    ]


async def test_another_tenants_report_and_documents_look_exactly_like_missing_ones(client, db):
    acme, _, vendor = await _world(db)
    report = await make_read_report(db, acme, vendor.id, FLAGGED)
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    before = await tenant_state(db, acme.tenant_id)

    foreign = await gql(
        client, CONFIRM, {"i": {"reportId": global_id("SocReport", report.id)}}, token=globex.token
    )
    missing = await gql(
        client,
        CONFIRM,
        {"i": {"reportId": global_id("SocReport", uuid.uuid4())}},
        token=globex.token,
    )
    node = await gql(
        client,
        "query($id: ID!) { node(id: $id) { id } }",
        {"id": global_id("SocReport", report.id)},
        token=globex.token,
    )
    listed = await gql(client, LIST, {"f": {"reviewNeeded": True}}, token=globex.token)
    by_foreign_vendor = await gql(
        client,
        LIST,
        {"f": {"reviewNeeded": True, "vendorId": global_id("Vendor", vendor.id)}},
        token=globex.token,
    )
    by_missing_vendor = await gql(
        client,
        LIST,
        {"f": {"reviewNeeded": True, "vendorId": global_id("Vendor", uuid.uuid4())}},
        token=globex.token,
    )

    assert foreign == missing
    assert foreign["data"]["confirmReport"]["errors"][0]["code"] == "NOT_FOUND"
    assert node == {"data": {"node": None}}
    empty = {"totalCount": 0, "pageInfo": {"hasNextPage": False, "endCursor": None}, "edges": []}
    assert listed["data"]["documents"] == empty
    assert by_foreign_vendor == by_missing_vendor
    assert by_foreign_vendor["data"]["documents"] == empty
    assert await tenant_state(db, acme.tenant_id) == before


def test_every_reason_and_field_the_parser_names_has_its_own_value_in_the_api():
    parser_fields = set(Soc2Extraction.__dataclass_fields__) - {
        "warnings",
        "sources",
        "review_reasons",
    }
    # The extraction's fields are the contract's top-level keys.
    assert {code.value for code in ParserReasonCode} <= {code.value for code in ReviewReasonCode}
    assert parser_fields <= {f.value for f in ExtractionField} - {"other"}
