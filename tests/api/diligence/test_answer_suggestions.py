"""What tprm suggests for a customer's question, and from where: the library (found by
PostgreSQL full text, ranked by the matcher, measured on the written pairs), the tenant's
controls, the subprocessor list from the vendor inventory, and the SOC reports it holds."""

import csv
import io

import pytest

from app.demo_report import text_pdf
from domain.compliance.models import ControlStatus
from domain.vendors.models import VendorStatus
from tests.domain.diligence.question_pairs import NEAR_MISSES, PARAPHRASES
from tests.factories import (
    SMALL_EXTRACTION,
    actor_of,
    gql,
    gql_upload,
    make_read_report,
    make_tenant,
    make_vendor,
)

IMPORT = """mutation($i: ImportCustomerQuestionnaireInput!) {
  importCustomerQuestionnaire(input: $i) {
    questionnaire { id questions(first: 50) { nodes { id text status answer source
      libraryEntry { question }
      suggestions(first: 3) { key source score answer why libraryEntry { question }
        control { ref } } } } }
    errors { code field message } } }"""
CREATE_ENTRY = """mutation($i: CreateAnswerEntryInput!) { createAnswerEntry(input: $i) {
  entry { id } errors { code } } }"""
USE = """mutation($i: UseSuggestedAnswerInput!) { useSuggestedAnswer(input: $i) {
  question { status answer source answeredBy { user { email } } }
  errors { code field message } } }"""
SOURCES = """query($id: ID!) { customerQuestionnaire(id: $id) {
  questions(first: 1) { nodes { suggestions { source socReport { periodEnd }
    vendors { name } } } } } }"""
OWN = """query($id: ID!) { customerQuestionnaire(id: $id) {
  questions(first: 1) { nodes { suggestions { source answer trustDocument { title } } } } } }"""
SUGGESTIONS = """query($id: ID!, $first: Int!) { customerQuestionnaire(id: $id) {
  questions(first: $first) { nodes { suggestions { key score } } } } }"""


def _questions_csv(questions: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Question", "Answer"])
    writer.writerows([q, ""] for q in questions)
    return out.getvalue().encode()


async def _import(client, token, questions: list[str]) -> dict:
    body = await gql_upload(
        client, IMPORT, {"i": {"file": None, "customer": "Initech"}}, "variables.i.file",
        _questions_csv(questions), token, filename="questions.csv",
    )  # fmt: skip
    assert body.get("data"), body
    result = body["data"]["importCustomerQuestionnaire"]
    assert result["errors"] == []
    return result["questionnaire"]


async def _entry(client, token, question: str, answer: str) -> None:
    body = await gql(
        client, CREATE_ENTRY, {"i": {"question": question, "answer": answer}}, token=token
    )
    assert body["data"]["createAnswerEntry"]["errors"] == []


def _first_from_library(question: dict) -> dict | None:
    library = [s for s in question["suggestions"] if s["source"] == "LIBRARY"]
    return library[0]["libraryEntry"] if library else None


async def test_on_the_written_pairs_paraphrases_are_suggested_first_and_near_misses_never_prefilled(
    client, db
):
    """The library holds the first of each pair; the customer asks the second. Full text must
    find each paraphrase's partner for the matcher to rank it (recall as the matcher's
    alone: 18 of 20 at MATCH_SCORE), and no near-miss is prefilled with its look-alike."""
    acme = await make_tenant(db)
    kept_once = dict.fromkeys(kept for kept, _ in [*PARAPHRASES, *NEAR_MISSES])
    for n, kept in enumerate(kept_once):
        await _entry(client, acme.token, kept, f"answer {n}")

    questionnaire = await _import(
        client, acme.token, [asked for _, asked in [*PARAPHRASES, *NEAR_MISSES]]
    )

    questions = questionnaire["questions"]["nodes"]
    paraphrased, near = questions[: len(PARAPHRASES)], questions[len(PARAPHRASES) :]
    ranked_first = [
        _first_from_library(q) == {"question": kept}
        for q, (kept, _) in zip(paraphrased, PARAPHRASES, strict=True)
    ]
    prefilled = [
        q["libraryEntry"] == {"question": kept}
        for q, (kept, _) in zip(paraphrased, PARAPHRASES, strict=True)
    ]
    wrongly = [
        q["text"]
        for q, (kept, _) in zip(near, NEAR_MISSES, strict=True)
        if q["libraryEntry"] == {"question": kept}
    ]
    assert sum(ranked_first) == len(PARAPHRASES)
    assert sum(prefilled) >= 18
    assert wrongly == []


async def test_a_subprocessor_question_is_answered_from_the_inventory(client, db):
    acme = await make_tenant(db)
    profile = {"data_categories": ["CUSTOMER_DATA"], "hosting_regions": ["eu-west-1"]}
    cloudy = await make_vendor(
        db, acme, "Cloudy", status=VendorStatus.ACTIVE, subprocessor=True,
        services_provided="Hosting", data_access=profile,
    )  # fmt: skip
    await make_vendor(db, acme, "Mailer", status=VendorStatus.ACTIVE, subprocessor=True)
    await make_vendor(db, acme, "Office Chairs", status=VendorStatus.ACTIVE)
    await make_read_report(db, acme, cloudy.id, SMALL_EXTRACTION)

    questionnaire = await _import(
        client, acme.token, ["Do you use sub-processors? Please list them."]
    )

    [question] = questionnaire["questions"]["nodes"]
    assert (question["status"], question["source"]) == ("SUGGESTED", "SUBPROCESSORS")
    [best, *_] = question["suggestions"]
    assert best["source"] == "SUBPROCESSORS"
    assert best["answer"] == (
        "Yes. We use 2 subprocessors:\n"
        "- Cloudy (Hosting; data: customer data; hosted in EU-WEST-1; SOC 2 Type II report "
        "for 2025-01-01 to 2025-12-31 by Audit LLP, opinion unqualified)\n"
        "- Mailer (no SOC report held)"
    )
    sources = await gql(client, SOURCES, {"id": questionnaire["id"]}, token=acme.token)
    [listed, *_] = sources["data"]["customerQuestionnaire"]["questions"]["nodes"][0]["suggestions"]
    assert [v["name"] for v in listed["vendors"]] == ["Cloudy", "Mailer"]


async def test_a_control_is_suggested_with_its_description_and_status(client, db):
    from domain.compliance import service as compliance

    acme = await make_tenant(db)
    async with db.transaction(acme.tenant_id) as session:
        control = await compliance.create_control(
            session,
            actor_of(acme),
            compliance.NewControl(
                "CR-02",
                "Encryption at rest",
                description="Customer data is encrypted at rest with AES-256 keys held in KMS.",
            ),
        )
        control.status = ControlStatus.OPERATING

    questionnaire = await _import(client, acme.token, ["Is customer data encrypted at rest?"])

    [question] = questionnaire["questions"]["nodes"]
    assert question["status"] == "UNANSWERED"  # a control is offered, never prefilled
    [suggestion] = question["suggestions"]
    assert suggestion["source"] == "CONTROL"
    assert suggestion["control"] == {"ref": "CR-02"}
    assert suggestion["answer"] == (
        "Customer data is encrypted at rest with AES-256 keys held in KMS. "
        "(control CR-02, in place and operating.)"
    )

    taken = await gql(
        client, USE, {"i": {"questionId": question["id"], "suggestion": suggestion["key"]}},
        token=acme.token,
    )  # fmt: skip
    stale = await gql(
        client, USE, {"i": {"questionId": question["id"], "suggestion": "CONTROL:nothing"}},
        token=acme.token,
    )  # fmt: skip

    answered = taken["data"]["useSuggestedAnswer"]["question"]
    assert (answered["status"], answered["source"]) == ("ACCEPTED", "CONTROL")
    assert answered["answer"] == suggestion["answer"]
    assert answered["answeredBy"] == {"user": {"email": "admin@acme.example"}}
    [error] = stale["data"]["useSuggestedAnswer"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID", ["suggestion"])


@pytest.mark.parametrize(
    ("vendor", "question"),
    [
        ("AWS", "Do you hold a SOC 2 report for AWS/GCP?"),
        ("Salesforce", "Is salesforce.com covered by a SOC 1 or SOC 2 report?"),
        ("Amazon Web Services", "Which SOC 2 report covers amazon web services, your host?"),
        ("Ernst & Young", "Is Ernst & Young's SOC 2 attestation current?"),
    ],
)
async def test_a_vendor_is_named_however_punctuated_or_cased(client, db, vendor, question):
    acme = await make_tenant(db)
    named = await make_vendor(db, acme, vendor, domain="named.example", status=VendorStatus.ACTIVE)
    await make_vendor(db, acme, "Amazon", domain="amazon.example", status=VendorStatus.ACTIVE)
    await make_read_report(db, acme, named.id, SMALL_EXTRACTION)

    questionnaire = await _import(client, acme.token, [question])

    [asked] = questionnaire["questions"]["nodes"]
    reports = [s["answer"] for s in asked["suggestions"] if s["source"] == "REPORT"]
    assert reports == [f"{vendor}: SOC 2 Type II report for 2025-01-01 to 2025-12-31 by Audit "
                       "LLP, opinion unqualified."]  # fmt: skip


async def test_a_question_about_a_named_vendors_report_gets_the_report_held(client, db):
    acme = await make_tenant(db)
    cloudy = await make_vendor(db, acme, "Cloudy", status=VendorStatus.ACTIVE)
    await make_vendor(db, acme, "Cloud", status=VendorStatus.ACTIVE)  # a name inside a word
    await make_read_report(db, acme, cloudy.id, SMALL_EXTRACTION)

    questionnaire = await _import(
        client, acme.token, ["Is your hosting provider Cloudy covered by a SOC 2 report?"]
    )

    [question] = questionnaire["questions"]["nodes"]
    reports = [s["answer"] for s in question["suggestions"] if s["source"] == "REPORT"]
    assert reports == [
        "Cloudy: SOC 2 Type II report for 2025-01-01 to 2025-12-31 by Audit LLP, "
        "opinion unqualified."
    ]
    sources = await gql(client, SOURCES, {"id": questionnaire["id"]}, token=acme.token)
    offered = sources["data"]["customerQuestionnaire"]["questions"]["nodes"][0]["suggestions"]
    [report] = [s for s in offered if s["source"] == "REPORT"]
    assert report["socReport"] == {"periodEnd": "2025-12-31"}
    assert report["vendors"] == [{"name": "Cloudy"}]


async def test_suggestions_for_a_page_take_the_same_statements_whatever_its_size(
    client, db, count_statements
):
    acme = await make_tenant(db)
    await _entry(client, acme.token, "Do you encrypt data at rest?", "Yes.")
    questionnaire = await _import(
        client, acme.token, [f"Do you encrypt data at rest in region {n}?" for n in range(10)]
    )

    counts = {}
    for size in (2, 10):
        count_statements.count = 0
        body = await gql(
            client, SUGGESTIONS, {"id": questionnaire["id"], "first": size}, token=acme.token
        )
        nodes = body["data"]["customerQuestionnaire"]["questions"]["nodes"]
        assert len(nodes) == size and all(n["suggestions"] for n in nodes)
        counts[size] = count_statements.count

    assert counts[2] == counts[10]


async def test_a_question_about_the_tenants_own_soc_report_gets_its_current_one(client, db):
    acme = await make_tenant(db)
    upload = """mutation($input: UploadTrustDocumentInput!) { uploadTrustDocument(input: $input) {
      document { id } errors { code } } }"""
    for title, valid_until, text in (
        ("SOC 2 Type II report 2026", "2099-06-30", "this year's"),
        ("SOC 2 Type II report 2020", "2021-06-30", "an old one"),
    ):
        await gql_upload(
            client, upload,
            {"input": {"file": None, "title": title, "kind": "SOC_REPORT", "validUntil": valid_until}},
            "variables.input.file", text_pdf([[title, text]]), acme.token, filename="soc2.pdf",
            content_type="application/pdf",
        )  # fmt: skip

    questionnaire = await _import(client, acme.token, ["Can you share your SOC 2 report?"])

    sources = await gql(client, OWN, {"id": questionnaire["id"]}, token=acme.token)
    [question] = sources["data"]["customerQuestionnaire"]["questions"]["nodes"]
    assert [(s["source"], s["trustDocument"], s["answer"]) for s in question["suggestions"]] == [
        (
            "REPORT",
            {"title": "SOC 2 Type II report 2026"},
            "Yes. Our SOC 2 Type II report 2026 is available to customers under NDA; it is in "
            "the trust package we send.",
        )
    ]
