"""A vendor's finding gets follow-ups: what the vendor is to send by a date that will show it
fixed (its next SOC report, a bridge letter, ...), shown on the finding and on the vendor,
EXPECTED until RECEIVED with a document of that vendor or CANCELLED with why."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

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
    tenant_state,
)

SCHEDULE = """mutation($i: ScheduleFindingFollowUpInput!) { scheduleFindingFollowUp(input: $i) {
  followUp { id kind dueOn note status overdue createdBy { displayName }
    finding { id } vendor { id } receivedDocument { id } viewerCan { receive cancel } }
  errors { code field message } } }"""
RECEIVE = """mutation($i: ReceiveFindingFollowUpInput!) { receiveFindingFollowUp(input: $i) {
  followUp { id status receivedAt statusReason receivedDocument { id } viewerCan { receive } }
  errors { code field message } } }"""
CANCEL = """mutation($i: CancelFindingFollowUpInput!) { cancelFindingFollowUp(input: $i) {
  followUp { id status statusReason viewerCan { cancel } } errors { code field message } } }"""
MOVE = """mutation($i: TransitionFindingInput!) { transitionFinding(input: $i) {
  errors { code } } }"""
FINDING = """query($id: ID!) { finding(id: $id) { viewerCan { scheduleFollowUp }
  followUps { id kind status } } }"""
VENDOR = """query($id: ID!, $status: [FindingFollowUpStatus!]) { vendor(id: $id) {
  followUps(status: $status) { id kind dueOn status overdue finding { id } } } }"""


def _in(days: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


async def _world(client, db):
    """Acme, a reviewer, a vendor with a read SOC 2 report of last year, and the finding its
    exception raised: (acme, reviewer, vendor global ID, finding global ID, report row)."""
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex Cloud")
    end = add_months(datetime.now(UTC).date(), -13)
    report = await make_read_report(
        db,
        acme,
        vendor.id,
        {
            **SMALL_EXTRACTION,
            "period_start": add_months(end, -12).isoformat(),
            "period_end": end.isoformat(),
        },
    )
    listed = await gql(
        client,
        """query($v: ID) { findings(filter: {vendorId: $v, kind: [CONTROL_EXCEPTION]}) {
          nodes { id } } }""",
        {"v": global_id("Vendor", vendor.id)},
        token=reviewer.token,
    )
    [finding] = listed["data"]["findings"]["nodes"]
    return acme, reviewer, global_id("Vendor", vendor.id), finding["id"], report


async def _schedule(client, member, finding_id, kind="NEXT_SOC_REPORT", days=30, note=None):
    given = {"findingId": finding_id, "kind": kind, "dueOn": _in(days), "note": note}
    body = await gql(client, SCHEDULE, {"i": given}, token=member.token)
    return body["data"]["scheduleFindingFollowUp"]


async def test_a_follow_up_is_scheduled_on_a_finding_and_shows_on_its_vendor(client, db):
    _, reviewer, vendor_id, finding_id, _ = await _world(client, db)

    scheduled = await _schedule(client, reviewer, finding_id, note="The 2027 SOC 2 Type II.")
    on_finding = await gql(client, FINDING, {"id": finding_id}, token=reviewer.token)
    on_vendor = await gql(client, VENDOR, {"id": vendor_id}, token=reviewer.token)

    follow_up = scheduled["followUp"]
    assert scheduled["errors"] == []
    assert follow_up | {"id": None} == {
        "id": None,
        "kind": "NEXT_SOC_REPORT",
        "dueOn": _in(30),
        "note": "The 2027 SOC 2 Type II.",
        "status": "EXPECTED",
        "overdue": False,
        "createdBy": {"displayName": "rev"},
        "finding": {"id": finding_id},
        "vendor": {"id": vendor_id},
        "receivedDocument": None,
        "viewerCan": {"receive": True, "cancel": True},
    }
    assert on_finding["data"]["finding"] == {
        "viewerCan": {"scheduleFollowUp": True},
        "followUps": [{"id": follow_up["id"], "kind": "NEXT_SOC_REPORT", "status": "EXPECTED"}],
    }
    assert [f["id"] for f in on_vendor["data"]["vendor"]["followUps"]] == [follow_up["id"]]


async def test_a_closed_finding_takes_no_follow_up(client, db):
    acme, reviewer, _, finding_id, _ = await _world(client, db)
    await gql(
        client,
        MOVE,
        {"i": {"findingId": finding_id, "to": "RISK_ACCEPTED", "reason": "Compensated."}},
        token=reviewer.token,
    )
    before = await tenant_state(db, acme.tenant_id)

    refused = await _schedule(client, reviewer, finding_id)
    finding = await gql(client, FINDING, {"id": finding_id}, token=reviewer.token)

    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("CONFLICT", ["findingId"])]
    assert refused["followUp"] is None
    assert finding["data"]["finding"]["viewerCan"] == {"scheduleFollowUp": False}
    assert await tenant_state(db, acme.tenant_id) == before


async def test_closing_a_finding_cancels_what_it_still_waited_for(client, db):
    _, reviewer, _, finding_id, _ = await _world(client, db)
    expected = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]

    await gql(
        client,
        MOVE,
        {"i": {"findingId": finding_id, "to": "RISK_ACCEPTED", "reason": "Compensated."}},
        token=reviewer.token,
    )
    again = await gql(client, CANCEL, {"i": {"id": expected, "reason": "x"}}, token=reviewer.token)

    assert again["data"]["cancelFindingFollowUp"]["errors"][0]["code"] == "INVALID_TRANSITION"
    node = await gql(
        client,
        "query($id: ID!) { node(id: $id) { ... on FindingFollowUp { status statusReason } } }",
        {"id": expected},
        token=reviewer.token,
    )
    assert node["data"]["node"] == {
        "status": "CANCELLED",
        "statusReason": "The finding was closed (RISK_ACCEPTED).",
    }


async def test_a_finding_waits_for_at_most_ten_follow_ups_at_once(client, db):
    _, reviewer, _, finding_id, _ = await _world(client, db)
    for _ in range(10):
        assert (await _schedule(client, reviewer, finding_id))["errors"] == []

    eleventh = await _schedule(client, reviewer, finding_id)

    assert [(e["code"], e["field"]) for e in eleventh["errors"]] == [("CONFLICT", ["findingId"])]


async def test_a_follow_up_is_not_due_in_the_past_and_other_says_what(client, db):
    _, reviewer, _, finding_id, _ = await _world(client, db)

    yesterday = await _schedule(client, reviewer, finding_id, days=-1)
    unsaid = await _schedule(client, reviewer, finding_id, kind="OTHER", note="  ")
    today = await _schedule(client, reviewer, finding_id, kind="BRIDGE_LETTER", days=0)
    said = await _schedule(client, reviewer, finding_id, kind="OTHER", note="A re-test report.")

    assert [(e["code"], e["field"]) for e in yesterday["errors"]] == [("INVALID", ["dueOn"])]
    assert [(e["code"], e["field"]) for e in unsaid["errors"]] == [("INVALID", ["note"])]
    assert today["errors"] == said["errors"] == []
    assert today["followUp"]["dueOn"] == _in(0)


async def test_receiving_takes_a_document_of_the_follow_up_s_vendor(client, db):
    acme, reviewer, _, finding_id, report = await _world(client, db)
    other = await make_vendor(db, acme, "Other Co")
    theirs = await make_read_report(db, acme, other.id, SMALL_EXTRACTION)
    follow_up = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]
    ours = global_id("Document", report.document_id)
    before = await tenant_state(db, acme.tenant_id)

    other_vendor_s = await gql(
        client,
        RECEIVE,
        {"i": {"id": follow_up, "documentId": global_id("Document", theirs.document_id)}},
        token=reviewer.token,
    )
    missing = await gql(
        client,
        RECEIVE,
        {"i": {"id": follow_up, "documentId": global_id("Document", uuid.uuid4())}},
        token=reviewer.token,
    )
    unchanged = await tenant_state(db, acme.tenant_id)
    received = await gql(
        client, RECEIVE, {"i": {"id": follow_up, "documentId": ours}}, token=reviewer.token
    )

    assert other_vendor_s == missing
    assert [
        (e["code"], e["field"]) for e in missing["data"]["receiveFindingFollowUp"]["errors"]
    ] == [("NOT_FOUND", ["documentId"])]
    assert unchanged == before
    done = received["data"]["receiveFindingFollowUp"]
    assert done["errors"] == []
    assert done["followUp"]["status"] == "RECEIVED"
    assert done["followUp"]["receivedDocument"] == {"id": ours}
    assert done["followUp"]["receivedAt"] is not None
    assert done["followUp"]["statusReason"] is None
    assert done["followUp"]["viewerCan"] == {"receive": False}


async def test_cancelling_needs_a_reason(client, db):
    _, reviewer, _, finding_id, _ = await _world(client, db)
    follow_up = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]

    blank = await gql(client, CANCEL, {"i": {"id": follow_up, "reason": " "}}, token=reviewer.token)
    cancelled = await gql(
        client,
        CANCEL,
        {"i": {"id": follow_up, "reason": "They re-tested; the letter is enough."}},
        token=reviewer.token,
    )

    assert [(e["code"], e["field"]) for e in blank["data"]["cancelFindingFollowUp"]["errors"]] == [
        ("INVALID", ["reason"])
    ]
    assert cancelled["data"]["cancelFindingFollowUp"] == {
        "followUp": {
            "id": follow_up,
            "status": "CANCELLED",
            "statusReason": "They re-tested; the letter is enough.",
            "viewerCan": {"cancel": False},
        },
        "errors": [],
    }


async def test_only_an_expected_follow_up_is_received_or_cancelled(client, db):
    acme, reviewer, _, finding_id, report = await _world(client, db)
    document = global_id("Document", report.document_id)
    received = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]
    cancelled = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]
    await gql(
        client, RECEIVE, {"i": {"id": received, "documentId": document}}, token=reviewer.token
    )
    await gql(
        client, CANCEL, {"i": {"id": cancelled, "reason": "Not needed."}}, token=reviewer.token
    )
    before = await tenant_state(db, acme.tenant_id)

    answers = [
        await gql(client, RECEIVE, {"i": {"id": i, "documentId": document}}, token=reviewer.token)
        for i in (received, cancelled)
    ] + [
        await gql(client, CANCEL, {"i": {"id": i, "reason": "x"}}, token=reviewer.token)
        for i in (received, cancelled)
    ]

    codes = [
        [(e["code"], e["field"]) for e in next(iter(body["data"].values()))["errors"]]
        for body in answers
    ]
    assert codes == [[("INVALID_TRANSITION", ["id"])]] * 4
    assert await tenant_state(db, acme.tenant_id) == before


async def test_an_expected_follow_up_past_its_day_is_overdue(client, db):
    acme, reviewer, vendor_id, finding_id, report = await _world(client, db)
    late = (await _schedule(client, reviewer, finding_id, days=5))["followUp"]["id"]
    late_but_received = (await _schedule(client, reviewer, finding_id, days=5))["followUp"]["id"]
    on_time = (await _schedule(client, reviewer, finding_id, days=10))["followUp"]["id"]
    await gql(
        client,
        RECEIVE,
        {
            "i": {
                "id": late_but_received,
                "documentId": global_id("Document", report.document_id),
            }
        },
        token=reviewer.token,
    )
    # Ten days on: the first two were due five days ago.
    async with db.owner_transaction() as session:
        await session.execute(
            text(
                "UPDATE finding_follow_ups SET due_on = due_on - 10 "
                "WHERE tenant_id = :t AND due_on = :d"
            ),
            {"t": acme.tenant_id, "d": datetime.now(UTC).date() + timedelta(days=5)},
        )

    body = await gql(client, VENDOR, {"id": vendor_id}, token=reviewer.token)

    overdue = {f["id"]: f["overdue"] for f in body["data"]["vendor"]["followUps"]}
    assert overdue == {late: True, late_but_received: False, on_time: False}


async def test_the_vendor_lists_its_follow_ups_by_status_soonest_due_first(client, db):
    _, reviewer, vendor_id, finding_id, _ = await _world(client, db)
    later = (await _schedule(client, reviewer, finding_id, days=90))["followUp"]["id"]
    sooner = (await _schedule(client, reviewer, finding_id, days=10))["followUp"]["id"]
    dropped = (await _schedule(client, reviewer, finding_id, days=5))["followUp"]["id"]
    await gql(client, CANCEL, {"i": {"id": dropped, "reason": "Not needed."}}, token=reviewer.token)

    def listed(body):
        return [f["id"] for f in body["data"]["vendor"]["followUps"]]

    every = await gql(client, VENDOR, {"id": vendor_id}, token=reviewer.token)
    expected = await gql(
        client, VENDOR, {"id": vendor_id, "status": ["EXPECTED"]}, token=reviewer.token
    )
    cancelled = await gql(
        client, VENDOR, {"id": vendor_id, "status": ["CANCELLED"]}, token=reviewer.token
    )

    assert listed(every) == [dropped, sooner, later]
    assert listed(expected) == [sooner, later]
    assert listed(cancelled) == [dropped]


async def test_a_viewer_reads_follow_ups_but_may_not_work_them(client, db):
    acme, reviewer, vendor_id, finding_id, _ = await _world(client, db)
    viewer = await make_member(db, acme.tenant_id, "vic@acme.example", Role.VIEWER)
    buyer = await make_member(db, acme.tenant_id, "buyer@acme.example", Role.PROCUREMENT)
    follow_up = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]
    before = await tenant_state(db, acme.tenant_id)

    read = await gql(
        client,
        """query($id: ID!) { vendor(id: $id) { followUps { id viewerCan { receive cancel }
          finding { viewerCan { scheduleFollowUp } } } } }""",
        {"id": vendor_id},
        token=viewer.token,
    )
    refused = [
        await gql(client, CANCEL, {"i": {"id": follow_up, "reason": "x"}}, token=member.token)
        for member in (viewer, buyer)
    ] + [
        await gql(
            client,
            SCHEDULE,
            {"i": {"findingId": finding_id, "kind": "BRIDGE_LETTER", "dueOn": _in(9)}},
            token=member.token,
        )
        for member in (viewer, buyer)
    ]

    assert read["data"]["vendor"]["followUps"] == [
        {
            "id": follow_up,
            "viewerCan": {"receive": False, "cancel": False},
            "finding": {"viewerCan": {"scheduleFollowUp": False}},
        }
    ]
    assert [[e["extensions"]["code"] for e in body["errors"]] for body in refused] == [
        ["FORBIDDEN"]
    ] * 4
    assert await tenant_state(db, acme.tenant_id) == before


async def test_another_tenant_s_finding_document_and_follow_up_look_missing(client, db):
    acme, reviewer, vendor_id, finding_id, report = await _world(client, db)
    acme_follow_up = (await _schedule(client, reviewer, finding_id))["followUp"]["id"]
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    globex_vendor = await make_vendor(db, globex, "Initech")
    await make_read_report(db, globex, globex_vendor.id, SMALL_EXTRACTION)
    listed = await gql(
        client,
        """query { findings(filter: {kind: [CONTROL_EXCEPTION]}) { nodes { id } } }""",
        token=globex.token,
    )
    [globex_finding] = listed["data"]["findings"]["nodes"]
    globex_follow_up = (await _schedule(client, globex, globex_finding["id"]))["followUp"]["id"]
    acme_before = await tenant_state(db, acme.tenant_id)

    pairs = [
        (
            await _schedule(client, globex, finding_id),
            await _schedule(client, globex, global_id("Finding", uuid.uuid4())),
        ),
        (
            await gql(
                client,
                RECEIVE,
                {
                    "i": {
                        "id": globex_follow_up,
                        "documentId": global_id("Document", report.document_id),
                    }
                },
                token=globex.token,
            ),
            await gql(
                client,
                RECEIVE,
                {"i": {"id": globex_follow_up, "documentId": global_id("Document", uuid.uuid4())}},
                token=globex.token,
            ),
        ),
        (
            await gql(
                client, CANCEL, {"i": {"id": acme_follow_up, "reason": "x"}}, token=globex.token
            ),
            await gql(
                client,
                CANCEL,
                {"i": {"id": global_id("FindingFollowUp", uuid.uuid4()), "reason": "x"}},
                token=globex.token,
            ),
        ),
        (
            await gql(
                client,
                "query($id: ID!) { node(id: $id) { id } }",
                {"id": acme_follow_up},
                token=globex.token,
            ),
            await gql(
                client,
                "query($id: ID!) { node(id: $id) { id } }",
                {"id": global_id("FindingFollowUp", uuid.uuid4())},
                token=globex.token,
            ),
        ),
        (
            await gql(client, VENDOR, {"id": vendor_id}, token=globex.token),
            await gql(
                client, VENDOR, {"id": global_id("Vendor", uuid.uuid4())}, token=globex.token
            ),
        ),
    ]

    for foreign, missing in pairs:
        assert foreign == missing
    assert pairs[0][0]["errors"][0]["code"] == "NOT_FOUND"
    assert pairs[1][0]["data"]["receiveFindingFollowUp"]["errors"][0]["field"] == ["documentId"]
    assert pairs[2][0]["data"]["cancelFindingFollowUp"]["errors"][0]["code"] == "NOT_FOUND"
    assert pairs[3][0] == {"data": {"node": None}}
    assert pairs[4][0] == {"data": {"vendor": None}}
    assert await tenant_state(db, acme.tenant_id) == acme_before
