"""A report that needs review gives no clean conclusion: while its review is needed the system
raises and updates findings from it but resolves none; once a reviewer confirms the report,
the findings are reconciled."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from domain.documents.models import DocumentKind
from domain.findings.rules import add_months
from domain.shared.roles import Role
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_member,
    make_read_report,
    make_tenant,
    make_vendor,
    read_again,
)

FINDINGS = """query($vendorId: ID) { findings(filter: {vendorId: $vendorId}, first: 50) {
  edges { node { kind status statusReason title document { id } } } } }"""
CONFIRM = """mutation($i: ConfirmReportInput!) { confirmReport(input: $i) {
  report { review { needed } } errors { code field message } } }"""

NEEDS_REVIEW = {
    "needed": True,
    "reasons": [{"field": "pages", "page": 40, "reason": "IMAGE_ONLY", "text": "40-44"}],
}


def _report(period_end, review=None, **changes) -> dict[str, Any]:
    """SMALL_EXTRACTION over the year to `period_end`, with a review if given."""
    extraction = {
        **SMALL_EXTRACTION,
        "period_start": add_months(period_end, -12).isoformat(),
        "period_end": period_end.isoformat(),
        **changes,
    }
    if review is not None:
        extraction["review"] = review
    return extraction


async def _world(db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex Cloud")
    return acme, reviewer, vendor


async def _status_by_kind(client, token, vendor) -> dict[str, str]:
    body = await gql(client, FINDINGS, {"vendorId": global_id("Vendor", vendor.id)}, token=token)
    edges = body["data"]["findings"]["edges"]
    by_kind: dict[str, str] = {}
    for edge in edges:
        node = edge["node"]
        assert node["kind"] not in by_kind, "one finding per kind in these tests"
        by_kind[node["kind"]] = node["status"]
    return by_kind


async def _confirm(client, token, report) -> dict[str, Any]:
    body = await gql(
        client, CONFIRM, {"i": {"reportId": global_id("SocReport", report.id)}}, token=token
    )
    assert body["data"]["confirmReport"]["errors"] == []
    return body


async def test_nothing_is_resolved_from_a_reparse_that_needs_review_until_it_is_confirmed(
    client, db
):
    acme, reviewer, vendor = await _world(db)
    today = datetime.now(UTC).date()
    # A qualified opinion, an exception, and a SOC 2 that does not cover security.
    read_first = _report(
        add_months(today, -2), opinion="QUALIFIED", trust_services_categories=["AVAILABILITY"]
    )
    report = await make_read_report(db, acme, vendor.id, read_first)
    raised = await _status_by_kind(client, reviewer.token, vendor)

    # Read again, the parser finds no opinion, no exception and security covered, but says
    # it could not read part of the document: none of that is a clean result.
    await read_again(
        db,
        acme.tenant_id,
        report,
        _report(
            add_months(today, -2),
            NEEDS_REVIEW,
            opinion=None,
            exceptions=[],
            trust_services_categories=["AVAILABILITY", "SECURITY"],
        ),
    )
    while_needed = await _status_by_kind(client, reviewer.token, vendor)
    await _confirm(client, reviewer.token, report)
    confirmed = await _status_by_kind(client, reviewer.token, vendor)
    async with db.owner_transaction() as session:
        resolved_by = (
            await session.execute(
                text(
                    "SELECT DISTINCT actor_kind FROM audit_events "
                    "WHERE action = 'finding.auto_resolved' AND tenant_id = :t"
                ),
                {"t": acme.tenant_id},
            )
        ).scalars()
        resolvers = list(resolved_by)

    kinds = {"MODIFIED_OPINION", "CONTROL_EXCEPTION", "CATEGORY_NOT_COVERED"}
    assert raised == dict.fromkeys(kinds, "OPEN")
    assert while_needed == raised
    assert confirmed == dict.fromkeys(kinds, "RESOLVED")
    assert resolvers == ["SYSTEM"]


async def test_a_report_that_needs_review_may_raise_findings_and_resolves_them_once_cleared(
    client, db
):
    acme, reviewer, vendor = await _world(db)
    today = datetime.now(UTC).date()

    report = await make_read_report(
        db, acme, vendor.id, _report(add_months(today, -2), NEEDS_REVIEW, opinion="ADVERSE")
    )
    raised = await _status_by_kind(client, reviewer.token, vendor)
    # A reviewer corrects what the parser misread: the report now calls for no opinion finding,
    # but it still needs review, so the finding waits for the confirmation.
    corrected = await gql(
        client,
        """mutation($i: CorrectReportInput!) { correctReport(input: $i) { errors { code } } }""",
        {"i": {"reportId": global_id("SocReport", report.id), "opinion": "UNQUALIFIED"}},
        token=reviewer.token,
    )
    after_correction = await _status_by_kind(client, reviewer.token, vendor)
    await _confirm(client, reviewer.token, report)
    confirmed = await _status_by_kind(client, reviewer.token, vendor)

    assert raised == {"MODIFIED_OPINION": "OPEN", "CONTROL_EXCEPTION": "OPEN"}
    assert corrected["data"]["correctReport"]["errors"] == []
    assert after_correction == raised
    assert confirmed == {"MODIFIED_OPINION": "RESOLVED", "CONTROL_EXCEPTION": "OPEN"}


async def test_a_newer_report_that_needs_review_does_not_supersede_an_older_reports_timeliness(
    client, db
):
    acme, reviewer, vendor = await _world(db)
    today = datetime.now(UTC).date()
    await make_read_report(db, acme, vendor.id, _report(add_months(today, -14), exceptions=[]))
    stale = await _status_by_kind(client, reviewer.token, vendor)

    newer = await make_read_report(
        db, acme, vendor.id, _report(add_months(today, -1), NEEDS_REVIEW, exceptions=[])
    )
    while_needed = await _status_by_kind(client, reviewer.token, vendor)
    await _confirm(client, reviewer.token, newer)
    confirmed = await _status_by_kind(client, reviewer.token, vendor)

    assert stale == {"STALE_REPORT": "OPEN"}
    assert while_needed == {"STALE_REPORT": "OPEN"}
    assert confirmed == {"STALE_REPORT": "RESOLVED"}


async def test_a_bridge_letter_that_needs_review_covers_no_gap_until_it_is_confirmed(client, db):
    acme, reviewer, vendor = await _world(db)
    today = datetime.now(UTC).date()
    period_end = add_months(today, -5)
    await make_read_report(db, acme, vendor.id, _report(period_end, exceptions=[]))
    gap = await _status_by_kind(client, reviewer.token, vendor)
    letter = {
        **SMALL_EXTRACTION,
        "kind": "BRIDGE_LETTER",
        "type": None,
        "period_start": period_end.isoformat(),
        "period_end": today.isoformat(),
        "opinion": None,
        "exceptions": [],
        "cuecs": [],
        "subservice_organizations": [],
        "csocs": [],
        "review": NEEDS_REVIEW,
    }

    # Its dates were read, but from a parse that needs review; the uploader gave none.
    letter_report = await make_read_report(
        db, acme, vendor.id, letter, kind=DocumentKind.BRIDGE_LETTER
    )
    while_needed = await _status_by_kind(client, reviewer.token, vendor)
    await _confirm(client, reviewer.token, letter_report)
    confirmed = await _status_by_kind(client, reviewer.token, vendor)

    assert gap == {"BRIDGE_LETTER_MISSING": "OPEN"}
    assert while_needed == gap
    assert confirmed == {"BRIDGE_LETTER_MISSING": "RESOLVED"}


async def test_the_year_over_year_comparison_is_not_conclusive_while_a_report_needs_review(
    client, db
):
    acme, reviewer, vendor = await _world(db)
    today = datetime.now(UTC).date()
    await make_read_report(db, acme, vendor.id, _report(add_months(today, -13)))
    newer = await make_read_report(
        db, acme, vendor.id, _report(add_months(today, -1), NEEDS_REVIEW, exceptions=[])
    )
    query = """query($id: ID!) { node(id: $id) { ... on SocReport { comparison {
      conclusive resolvedExceptions { controlId } } } } }"""
    report_id = global_id("SocReport", newer.id)

    while_needed = await gql(client, query, {"id": report_id}, token=reviewer.token)
    await _confirm(client, reviewer.token, newer)
    confirmed = await gql(client, query, {"id": report_id}, token=reviewer.token)

    assert while_needed["data"]["node"]["comparison"] == {
        "conclusive": False,
        "resolvedExceptions": [{"controlId": "CC6.1.1"}],
    }
    assert confirmed["data"]["node"]["comparison"]["conclusive"] is True
