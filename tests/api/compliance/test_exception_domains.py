"""Exceptions of the vendors' current SOC 2 reports by control domain across the tenant
("access exceptions at 2 of 3 vendors"), how often a domain recurs at a vendor from its
report before, and a reviewer's word over the rules."""

from sqlalchemy import text

from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_read_report,
    make_tenant,
    make_vendor,
)

TRENDS = """{ exceptionDomainTrends { vendorsWithReports
  domains { domain vendors exceptions recurringVendors } } }"""
CLASSIFY = """mutation($i: ClassifyExceptionInput!) { classifyException(input: $i) {
  classification { domain rule setByReviewer } errors { code field } } }"""


def _report(year: int, *exceptions: tuple[str, str, list[str]]) -> dict:
    return {
        **SMALL_EXTRACTION,
        "period_start": f"{year}-01-01",
        "period_end": f"{year}-12-31",
        "exceptions": [
            {
                "control_id": f"X{n}",
                "criteria": criteria,
                "control": control,
                "test": "Inspected.",
                "result": result,
                "management_response": None,
                "page": 10 + n,
            }
            for n, (control, result, criteria) in enumerate(exceptions)
        ],
    }


LEAVERS = ("Leavers' access is revoked promptly.", "2 of 25 leavers kept access.", ["CC6.2"])
CHANGES = ("Changes are approved before release.", "3 changes had no approval.", ["CC8.1"])


async def test_domains_are_counted_across_vendors_and_recurrences_seen(client, db):
    acme = await make_tenant(db)
    one = await make_vendor(db, acme, "One Co")
    two = await make_vendor(db, acme, "Two Co")
    three = await make_vendor(db, acme, "Three Co")
    await make_read_report(db, acme, one.id, _report(2024, LEAVERS))
    await make_read_report(db, acme, one.id, _report(2025, LEAVERS, CHANGES))
    await make_read_report(db, acme, two.id, _report(2025, LEAVERS))
    await make_read_report(db, acme, three.id, _report(2025))

    body = await gql(client, TRENDS, token=acme.token)

    assert body["data"]["exceptionDomainTrends"] == {
        "vendorsWithReports": 3,
        "domains": [
            {"domain": "ACCESS", "vendors": 2, "exceptions": 2, "recurringVendors": 1},
            {"domain": "CHANGE_MANAGEMENT", "vendors": 1, "exceptions": 1, "recurringVendors": 0},
        ],
    }


async def test_a_reviewer_s_word_is_taken_over_the_rules_until_taken_back(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "One Co")
    report = await make_read_report(db, acme, vendor.id, _report(2025, CHANGES))
    async with db.owner_transaction() as session:
        exception_id = await session.scalar(
            text("SELECT id FROM soc_exceptions WHERE report_id = :r"), {"r": report.id}
        )
    exception = global_id("SocException", exception_id)

    said = await gql(
        client, CLASSIFY,
        {"i": {"exceptionId": exception, "domain": "DOCUMENTATION_AND_POLICY", "reason": "x"}},
        token=acme.token,
    )  # fmt: skip
    counted = await gql(client, TRENDS, token=acme.token)
    back = await gql(
        client, CLASSIFY, {"i": {"exceptionId": exception, "domain": None}}, token=acme.token
    )

    assert said["data"]["classifyException"]["classification"] == {
        "domain": "DOCUMENTATION_AND_POLICY",
        "rule": "set by a reviewer",
        "setByReviewer": True,
    }
    assert [d["domain"] for d in counted["data"]["exceptionDomainTrends"]["domains"]] == [
        "DOCUMENTATION_AND_POLICY"
    ]
    assert back["data"]["classifyException"]["classification"] == {
        "domain": "CHANGE_MANAGEMENT",
        "rule": "wording: 'changes are approved'",
        "setByReviewer": False,
    }
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    foreign = await gql(
        client, CLASSIFY, {"i": {"exceptionId": exception, "domain": "OTHER"}}, token=globex.token
    )
    assert foreign["data"]["classifyException"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["exceptionId"]}
    ]


async def test_leaving_the_domain_out_is_refused_rather_than_taken_as_null(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "One Co")
    report = await make_read_report(db, acme, vendor.id, _report(2025, CHANGES))
    async with db.owner_transaction() as session:
        exception_id = await session.scalar(
            text("SELECT id FROM soc_exceptions WHERE report_id = :r"), {"r": report.id}
        )

    body = await gql(
        client,
        CLASSIFY,
        {"i": {"exceptionId": global_id("SocException", exception_id), "reason": "x"}},
        token=acme.token,
    )

    assert body["data"]["classifyException"]["errors"] == [{"code": "INVALID", "field": ["domain"]}]


async def test_each_exception_says_its_domain_and_what_decided_it(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "One Co")
    report = await make_read_report(db, acme, vendor.id, _report(2025, CHANGES, LEAVERS))
    read = """query($id: ID!) { node(id: $id) { ... on SocReport { exceptions {
      controlDomain { domain rule setByReviewer } } } } }"""

    body = await gql(client, read, {"id": global_id("SocReport", report.id)}, token=acme.token)

    assert [e["controlDomain"] for e in body["data"]["node"]["exceptions"]] == [
        {
            "domain": "CHANGE_MANAGEMENT",
            "rule": "wording: 'changes are approved'",
            "setByReviewer": False,
        },
        {"domain": "ACCESS", "rule": "wording: 'leavers'", "setByReviewer": False},
    ]
