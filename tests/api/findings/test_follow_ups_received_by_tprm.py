"""tprm receives an EXPECTED follow-up by itself when what it waits for is read: the vendor's
next SOC report (of the finding's report's kind, covering a later period) or a bridge letter,
uploaded since it was scheduled. And a vendor list shows its vendors' follow-ups in a fixed
number of statements."""

from datetime import UTC, date, datetime

from domain.documents.models import DocumentKind
from domain.findings.rules import add_months
from domain.vendors.models import VendorStatus
from tests.api.findings.test_finding_follow_ups import _schedule, _world
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_read_report,
    make_vendor,
    read_again,
)


def _report(period_end: date, kind: str = "SOC2") -> dict:
    return {
        **SMALL_EXTRACTION,
        "kind": kind,
        "period_start": add_months(period_end, -12).isoformat(),
        "period_end": period_end.isoformat(),
        "exceptions": [],
    }


def _bridge_letter(start: date, end: date) -> dict:
    return {
        **SMALL_EXTRACTION,
        "kind": "BRIDGE_LETTER",
        "type": None,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "opinion": None,
        "exceptions": [],
        "cuecs": [],
        "subservice_organizations": [],
        "csocs": [],
    }


async def _states(client, member, vendor_id):
    body = await gql(
        client,
        """query($id: ID!) { vendor(id: $id) { followUps { id status statusReason
          receivedDocument { id } } } }""",
        {"id": vendor_id},
        token=member.token,
    )
    return {f["id"]: f for f in body["data"]["vendor"]["followUps"]}


async def test_the_vendor_s_next_report_and_a_bridge_letter_are_received_when_read(client, db):
    acme, reviewer, vendor_id, finding_id, old = await _world(client, db)
    vendor = old.vendor_id
    today = datetime.now(UTC).date()
    next_report = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]
    letter = (await _schedule(client, reviewer, finding_id, kind="BRIDGE_LETTER"))["followUp"]["id"]
    said = (await _schedule(client, reviewer, finding_id, kind="OTHER", note="A re-test."))[
        "followUp"
    ]["id"]

    newer = await make_read_report(db, acme, vendor, _report(add_months(today, -1)))
    after_report = await _states(client, reviewer, vendor_id)
    bridge = await make_read_report(
        db,
        acme,
        vendor,
        _bridge_letter(add_months(today, -1), today),
        kind=DocumentKind.BRIDGE_LETTER,
    )
    after_letter = await _states(client, reviewer, vendor_id)

    assert after_report[next_report]["status"] == "RECEIVED"
    assert after_report[next_report]["receivedDocument"] == {
        "id": global_id("Document", newer.document_id)
    }
    assert after_report[next_report]["statusReason"] == (
        "Received by tprm: the vendor's SOC2 report was read."
    )
    assert after_report[letter]["status"] == "EXPECTED"
    assert after_letter[letter]["status"] == "RECEIVED"
    assert after_letter[letter]["receivedDocument"] == {
        "id": global_id("Document", bridge.document_id)
    }
    assert after_letter[said]["status"] == "EXPECTED"


async def test_a_report_that_covers_no_later_period_or_is_of_another_kind_proves_nothing(
    client, db
):
    acme, reviewer, vendor_id, finding_id, old = await _world(client, db)
    follow_up = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]
    same_period = old.period_end
    later = add_months(datetime.now(UTC).date(), -1)

    await make_read_report(db, acme, old.vendor_id, _report(same_period))
    await make_read_report(db, acme, old.vendor_id, _report(later, kind="SOC1"))
    states = await _states(client, reviewer, vendor_id)

    assert states[follow_up]["status"] == "EXPECTED"


async def test_a_report_read_before_the_follow_up_was_scheduled_is_not_taken_for_it(client, db):
    acme, reviewer, vendor_id, finding_id, old = await _world(client, db)
    newer = await make_read_report(
        db, acme, old.vendor_id, _report(add_months(datetime.now(UTC).date(), -1))
    )
    follow_up = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]

    # The newer report read again (a re-parse) announces the vendor's reports changed.
    await read_again(db, acme.tenant_id, newer, _report(newer.period_end))
    states = await _states(client, reviewer, vendor_id)

    assert states[follow_up]["status"] == "EXPECTED"


async def test_a_cancelled_follow_up_is_not_received_later(client, db):
    acme, reviewer, vendor_id, finding_id, old = await _world(client, db)
    follow_up = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]
    await gql(
        client,
        """mutation($i: CancelFindingFollowUpInput!) { cancelFindingFollowUp(input: $i) {
          errors { code } } }""",
        {"i": {"id": follow_up, "reason": "Asked for a pentest instead."}},
        token=reviewer.token,
    )

    await make_read_report(
        db, acme, old.vendor_id, _report(add_months(datetime.now(UTC).date(), -1))
    )
    states = await _states(client, reviewer, vendor_id)

    assert states[follow_up]["status"] == "CANCELLED"


VENDORS_WITH_FOLLOW_UPS = """query($first: Int) { vendors(first: $first) { nodes { id
  followUps(status: [EXPECTED]) { id dueOn overdue createdBy { displayName }
    finding { id title } receivedDocument { id } } } } }"""


async def test_a_vendor_list_reads_its_follow_ups_in_the_same_statements_at_any_size(
    client, db, count_statements
):
    acme, reviewer, _, _, _ = await _world(client, db)
    end = add_months(datetime.now(UTC).date(), -13)
    for i in range(6):
        vendor = await make_vendor(db, acme, f"Vendor {i}", status=VendorStatus.ACTIVE)
        found = {**_report(end), "exceptions": SMALL_EXTRACTION["exceptions"]}
        await make_read_report(db, acme, vendor.id, found)
    listed = await gql(
        client,
        "query { findings(filter: {kind: [CONTROL_EXCEPTION]}, first: 50) { nodes { id } } }",
        token=reviewer.token,
    )
    for finding in listed["data"]["findings"]["nodes"]:
        await _schedule(client, reviewer, finding["id"])

    counts = {}
    for size in (2, 6):
        count_statements.count = 0
        body = await gql(client, VENDORS_WITH_FOLLOW_UPS, {"first": size}, token=reviewer.token)
        assert "errors" not in body, body
        nodes = body["data"]["vendors"]["nodes"]
        assert len(nodes) == size
        assert all(len(n["followUps"]) == 1 for n in nodes)
        counts[size] = count_statements.count

    assert counts[6] == counts[2], counts


async def test_a_finding_tprm_resolves_withdraws_what_it_still_waited_for(client, db):
    acme, reviewer, vendor_id, finding_id, old = await _world(client, db)
    follow_up = (await _schedule(client, reviewer, finding_id, kind="BRIDGE_LETTER"))["followUp"][
        "id"
    ]

    # read again, the report no longer lists the exception: tprm resolves the finding
    await read_again(db, acme.tenant_id, old, {**_report(old.period_end), "exceptions": []})
    states = await _states(client, reviewer, vendor_id)
    finding = await gql(
        client,
        "query($id: ID!) { finding(id: $id) { status } }",
        {"id": finding_id},
        token=reviewer.token,
    )

    assert finding["data"]["finding"]["status"] == "RESOLVED"
    assert states[follow_up]["status"] == "CANCELLED"
    assert states[follow_up]["statusReason"] == "The finding was closed (RESOLVED)."


async def test_a_report_whose_reading_needs_review_proves_nothing_yet(client, db):
    acme, reviewer, vendor_id, finding_id, old = await _world(client, db)
    follow_up = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]
    later = add_months(datetime.now(UTC).date(), -1)

    unsure = {**_report(later), "review": {"needed": True, "reasons": []}}
    await make_read_report(db, acme, old.vendor_id, unsure)
    states = await _states(client, reviewer, vendor_id)

    assert states[follow_up]["status"] == "EXPECTED"
