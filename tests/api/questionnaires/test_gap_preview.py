"""A template's gap questionnaire for a vendor, from the vendor's report as it stands in tprm:
covered questions carry the report's words, a live exception flags its criteria, the rest
is sent."""

import uuid

from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_read_report,
    make_template,
    make_tenant,
    make_vendor,
)

GAP = """query($t: ID!, $v: ID!) { questionnaireTemplate(id: $t) { gapFor(vendorId: $v) {
  report { id } sentCount answers { key decision why source { page quote } } } } }"""


def _question(key: str, *criteria: str) -> dict:
    return {
        "key": key,
        "text": f"{key}?",
        "type": "TEXT",
        "required": True,
        "help": None,
        "choices": [],
        "condition": None,
        "criteria": list(criteria),
        "domain": None,
    }


TEMPLATE = {
    "name": "Gap check",
    "description": "",
    "sections": [
        {
            "title": "All",
            "questions": [
                _question("reviews_access", "CC6.1"),
                _question("monitors", "CC7.2"),
                _question("backs_up", "A1.2"),
                _question("anything_else"),
            ],
        }
    ],
}
READ = {
    **SMALL_EXTRACTION,
    "sources": {"opinion": {"page": 5, "quote": "In our opinion, in all material respects ..."}},
}


async def test_the_vendor_s_report_covers_flags_or_leaves_each_question(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Supplier Inc")
    report = await make_read_report(db, acme, vendor.id, READ)
    template = await make_template(db, acme, TEMPLATE)

    body = await gql(
        client,
        GAP,
        {"t": global_id("QuestionnaireTemplate", template.id), "v": global_id("Vendor", vendor.id)},
        token=acme.token,
    )

    gap = body["data"]["questionnaireTemplate"]["gapFor"]
    assert gap["report"] == {"id": global_id("SocReport", report.id)}
    assert gap["sentCount"] == 3
    assert gap["answers"] == [
        {
            "key": "reviews_access",
            "decision": "FLAGGED",
            "why": "The report has an exception on CC6.1 (Access is reviewed quarterly.): "
            "For 1 of 4 quarters the review was not performed.",
            "source": {"page": 40, "quote": "For 1 of 4 quarters the review was not performed."},
        },
        {
            "key": "monitors",
            "decision": "COVERED",
            "why": "Covered by the vendor's SOC 2 Type II report for 2025-01-01 to 2025-12-31, "
            "unqualified opinion.",
            "source": {"page": 5, "quote": "In our opinion, in all material respects ..."},
        },
        {
            "key": "backs_up",
            "decision": "SEND",
            "why": "The report does not cover A1.2.",
            "source": None,
        },
        {
            "key": "anything_else",
            "decision": "SEND",
            "why": "Mapped to no criterion.",
            "source": None,
        },
    ]


async def test_a_vendor_without_a_report_is_sent_everything(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "New Co")
    template = await make_template(db, acme, TEMPLATE)

    body = await gql(
        client,
        GAP,
        {"t": global_id("QuestionnaireTemplate", template.id), "v": global_id("Vendor", vendor.id)},
        token=acme.token,
    )

    gap = body["data"]["questionnaireTemplate"]["gapFor"]
    assert gap["report"] is None and gap["sentCount"] == 4
    assert {a["why"] for a in gap["answers"]} == {
        "The vendor has no SOC report in tprm.",
        "Mapped to no criterion.",
    }


async def test_another_tenant_s_vendor_looks_missing(client, db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    theirs = await make_vendor(db, globex, "Their Vendor")
    await make_read_report(db, globex, theirs.id, READ)
    template = await make_template(db, acme, TEMPLATE)

    answers = [
        await gql(
            client,
            GAP,
            {"t": global_id("QuestionnaireTemplate", template.id), "v": vendor_id},
            token=acme.token,
        )
        for vendor_id in (global_id("Vendor", theirs.id), global_id("Vendor", uuid.uuid4()))
    ]

    assert answers[0] == answers[1]
    assert answers[0]["errors"][0]["extensions"]["code"] == "NOT_FOUND"
