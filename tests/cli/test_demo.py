"""`tprm serve` makes sure of a demo tenant with data, and hands out a fresh token each start."""

import io
from datetime import date

import openpyxl
import pypdfium2 as pdfium

from app.demo import DEMO_VENDORS, ensure_demo
from app.demo_compliance import DEMO_CONTROLS
from app.demo_diligence import DEMO_CUSTOMER_QUESTIONS, DEMO_LIBRARY
from app.demo_risks import DEMO_RISKS
from tests.factories import gql


async def test_the_demo_tenant_is_made_once_with_vendors_and_each_start_gets_a_new_token(
    client, db, app
):
    first = await ensure_demo(db, app.state.store)
    second = await ensure_demo(db, app.state.store)

    old = await client.post(
        "/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"Authorization": f"Bearer {first.token}"},
    )
    body = await gql(
        client, "{ viewer { role tenant { name } } vendors { totalCount } }", token=second.token
    )

    assert first.tenant_id == second.tenant_id
    assert old.status_code == 401  # the previous start's token is revoked
    assert body["data"]["viewer"] == {"role": "ADMIN", "tenant": {"name": "Demo Company"}}
    assert body["data"]["vendors"]["totalCount"] == len(DEMO_VENDORS)


async def test_the_demo_tenant_shows_one_finished_vendor_import(client, db, app):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        "{ vendorImports { edges { node { status rowCount rowsDone created updated unchanged "
        "rejected warnings } } } }",
        token=demo.token,
    )

    [edge] = body["data"]["vendorImports"]["edges"]
    assert edge["node"] == {
        "status": "SUCCEEDED",
        "rowCount": 3,
        "rowsDone": 3,
        "created": 0,
        "updated": 1,
        "unchanged": 1,
        "rejected": 1,
        "warnings": ["Ignored columns: notes."],
    }


async def test_the_demo_tenant_has_a_read_soc_report_whose_file_opens_and_a_finding_in_work(
    client, db, app
):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        """{ vendors(filter: {search: "northwind"}, first: 1) { nodes {
          latestSocReport { opinion exceptions { controlId page finding { status
            owner { displayName } statusHistory { toStatus } } } document { link { url } } }
          findingCounts { open } } } }""",
        token=demo.token,
    )
    assert "errors" not in body, body
    [northwind] = body["data"]["vendors"]["nodes"]
    report = northwind["latestSocReport"]
    file = await client.get(report["document"]["link"]["url"].split("tprm.test", 1)[1])

    assert report["opinion"] == "UNQUALIFIED"
    [exception] = report["exceptions"]
    assert exception["finding"]["status"] == "IN_REMEDIATION"
    assert exception["finding"]["owner"]["displayName"] == "Demo Admin"
    assert [m["toStatus"] for m in exception["finding"]["statusHistory"]] == [
        "OPEN",
        "IN_REMEDIATION",
    ]
    assert northwind["findingCounts"]["open"] >= 1
    assert file.status_code == 200 and file.content.startswith(b"%PDF-")
    pages = pdfium.PdfDocument(file.content)
    assert exception["controlId"] in pages[exception["page"] - 1].get_textpage().get_text_range()


async def test_the_demo_tenant_has_reviews_in_every_state_one_overdue(client, db, app):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        """{ reviews(first: 20) { nodes { status overdue vendor { name } } }
             reviewCounts { overdue byStatus { status count } } }""",
        token=demo.token,
    )

    counts = body["data"]["reviewCounts"]
    assert {c["status"] for c in counts["byStatus"] if c["count"]} == {
        "SCHEDULED",
        "IN_PROGRESS",
        "PENDING_APPROVAL",
        "COMPLETED",
        "CANCELLED",
    }
    overdue = [n["vendor"]["name"] for n in body["data"]["reviews"]["nodes"] if n["overdue"]]
    assert overdue == ["Pixel Print"] and counts["overdue"] == 1


async def test_the_demo_tenant_has_a_webhook_endpoint_with_a_delivery_and_reminders(
    client, db, app
):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        """{ webhookEndpoints { nodes { url enabled deliveries { nodes { status
               event { type } } } } }
             webhookEvents(type: REVIEW_OVERDUE) { nodes { data } } }""",
        token=demo.token,
    )

    [endpoint] = body["data"]["webhookEndpoints"]["nodes"]
    assert (endpoint["url"], endpoint["enabled"]) == (
        "https://mailer.example.com/tprm-hooks",
        False,
    )
    assert [d["event"]["type"] for d in endpoint["deliveries"]["nodes"]] == ["WEBHOOK_TEST"]
    [overdue] = body["data"]["webhookEvents"]["nodes"]
    assert overdue["data"]["vendor"]["name"] == "Pixel Print"


async def test_the_demo_finding_in_work_has_a_follow_up_received_and_one_expected(client, db, app):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        """{ vendors(filter: {search: "northwind"}, first: 1) { nodes {
          followUps { kind status overdue receivedDocument { kind }
            finding { status kind } } } } }""",
        token=demo.token,
    )

    [northwind] = body["data"]["vendors"]["nodes"]
    assert northwind["followUps"] == [
        {
            "kind": "OTHER",
            "status": "RECEIVED",
            "overdue": False,
            "receivedDocument": {"kind": "OTHER"},
            "finding": {"status": "IN_REMEDIATION", "kind": "CONTROL_EXCEPTION"},
        },
        {
            "kind": "NEXT_SOC_REPORT",
            "status": "EXPECTED",
            "overdue": False,
            "receivedDocument": None,
            "finding": {"status": "IN_REMEDIATION", "kind": "CONTROL_EXCEPTION"},
        },
    ]


async def test_the_demo_tenant_has_a_questionnaire_in_each_state_and_a_vendor_token(
    client, db, app
):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        """{ questionnaires(first: 20) { nodes { status score vendor { name } report { id }
          items { answer { source } } } } }""",
        token=demo.token,
    )
    assert "errors" not in body, body
    nodes = body["data"]["questionnaires"]["nodes"]
    assert sorted({n["status"] for n in nodes}) == [
        "CANCELLED",
        "COMPLETED",
        "IN_PROGRESS",
        "RETURNED",
        "SENT",
        "SUBMITTED",
    ]
    [gap] = [n for n in nodes if n["status"] == "SENT"]
    assert gap["vendor"]["name"] == "Northwind Cloud" and gap["report"] is not None
    assert any(i["answer"] == {"source": "REPORT"} for i in gap["items"])
    [completed] = [n for n in nodes if n["status"] == "COMPLETED"]
    assert 0 < completed["score"] < 100  # one red-flag answer among good ones
    findings = await gql(
        client,
        "{ findings(filter: {kind: [QUESTIONNAIRE_ANSWER]}) { totalCount } }",
        token=demo.token,
    )
    assert findings["data"]["findings"]["totalCount"] >= 1
    # the printed vendor token opens the questionnaire waiting for Northwind
    assert demo.respondent_token is not None
    opened = await client.post(
        "/respond/graphql",
        json={"query": "{ questionnaire { vendorName status } }"},
        headers={"Authorization": f"Bearer {demo.respondent_token}"},
    )
    assert opened.json()["data"]["questionnaire"] == {
        "vendorName": "Northwind Cloud",
        "status": "SENT",
    }


async def test_the_demo_tenant_has_its_own_system_and_controls(client, db, app):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        """{ ownSystems { name categories } controls(first: 50) { totalCount
          nodes { ref status criteria { id } owner { displayName } } } }""",
        token=demo.token,
    )

    assert body["data"]["ownSystems"] == [
        {"name": "Demo Platform", "categories": ["SECURITY", "AVAILABILITY", "CONFIDENTIALITY"]}
    ]
    controls = body["data"]["controls"]
    assert controls["totalCount"] == len(DEMO_CONTROLS)
    assert {n["status"] for n in controls["nodes"]} == {"DESIGNED", "IMPLEMENTED", "OPERATING"}
    assert all(n["criteria"] and n["owner"] for n in controls["nodes"])
    counted = await gql(
        client,
        "{ cuecCoverageCounts { total mapped notApplicable gaps } cuecCoverage(state: GAP) "
        "{ nodes { suggestions { control { ref } } } } }",
        token=demo.token,
    )
    assert counted["data"]["cuecCoverageCounts"] == {
        "total": 3,
        "mapped": 1,
        "notApplicable": 1,
        "gaps": 1,
    }
    scope = await gql(
        client,
        "{ ownSubserviceOrganizations { method vendor { name } csocs { text } chain { name } } }",
        token=demo.token,
    )
    [northwind] = scope["data"]["ownSubserviceOrganizations"]
    assert (northwind["method"], northwind["vendor"]["name"]) == ("CARVE_OUT", "Northwind Cloud")
    assert len(northwind["csocs"]) == 2 and northwind["chain"] == [{"name": "Example Hosting Co."}]
    [gap] = counted["data"]["cuecCoverage"]["nodes"]
    assert "AC-03" in [s["control"]["ref"] for s in gap["suggestions"]]


async def test_the_demo_register_has_risks_in_several_cells_and_an_acceptance_running_out(
    client, db, app
):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        """{ risks(first: 50) { totalCount nodes { status treatment current { band }
          inherent { likelihood impact } acceptance { expiresOn approvedBy { displayName } }
          findings { id } mitigatingControls { ref } } } }""",
        token=demo.token,
    )

    risks = body["data"]["risks"]["nodes"]
    assert body["data"]["risks"]["totalCount"] == len(DEMO_RISKS) + 2
    cells = {(r["inherent"]["likelihood"], r["inherent"]["impact"]) for r in risks}
    assert len(cells) >= 5
    assert {r["current"]["band"] for r in risks} >= {"LOW", "MEDIUM", "HIGH"}
    [accepted] = [r for r in risks if r["treatment"] == "ACCEPT"]
    expires = date.fromisoformat(accepted["acceptance"]["expiresOn"])
    assert 0 < (expires - date.today()).days <= 30
    assert accepted["acceptance"]["approvedBy"] == {"displayName": "Riley Reviewer"}
    assert any(r["findings"] for r in risks) and any(r["mitigatingControls"] for r in risks)
    assert {r["status"] for r in risks} == {"OPEN", "CLOSED"}


async def test_the_demo_posture_shows_the_register_and_the_house(client, db, app):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        """{ posture { openRisks topRisks { title } risksByBand { band count }
          cuecCoverage { total mapped notApplicable gaps }
          vendorReports { inUse } } }""",
        token=demo.token,
    )

    posture = body["data"]["posture"]
    assert posture["openRisks"] == len(DEMO_RISKS) + 1
    assert posture["topRisks"][0]["title"] == "Payroll Partners leaks salary data"
    assert sum(1 for b in posture["risksByBand"] if b["count"]) >= 3
    assert posture["cuecCoverage"]["mapped"] >= 1 and posture["cuecCoverage"]["gaps"] >= 1
    assert posture["vendorReports"]["inUse"] >= 1


async def test_the_demo_tenant_has_an_evidence_pack_for_its_auditor_whose_pdf_opens(
    client, db, app
):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        "{ evidencePacks { nodes { status note vendorCount pdf { url } } } }",
        token=demo.token,
    )
    [pack] = body["data"]["evidencePacks"]["nodes"]
    pdf = await client.get(pack["pdf"]["url"], headers={"Authorization": f"Bearer {demo.token}"})

    assert (pack["status"], pack["note"]) == ("READY", "Demo Company's SOC 2 Type II audit")
    assert pack["vendorCount"] >= 1
    document = pdfium.PdfDocument(pdf.content)
    cover = document[0].get_textpage().get_text_range()
    assert "Company Demo Company" in cover
    assert "Northwind" in "".join(
        document[i].get_textpage().get_text_range() for i in range(len(document))
    )


async def test_the_demo_tenant_answers_its_customers_from_a_library_and_lists_subprocessors(
    client, db, app
):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        """{ answerLibrary(first: 50) { totalCount nodes { question stale owner { id }
                                                           evidence { title } } }
          subprocessors { nodes { name socStanding } }
          trustDocuments { nodes { title kind expired downloadUrl } } }""",
        token=demo.token,
    )

    entries = body["data"]["answerLibrary"]
    assert entries["totalCount"] == len(DEMO_LIBRARY)
    assert [n["question"] for n in entries["nodes"] if n["stale"]] == [
        "Do you run background checks on employees?"
    ]
    assert all(n["owner"] for n in entries["nodes"])
    listed = {n["name"]: n["socStanding"] for n in body["data"]["subprocessors"]["nodes"]}
    assert listed["Northwind Cloud"] == "CURRENT"
    assert "Payroll Partners" in listed
    shared = body["data"]["trustDocuments"]["nodes"]
    assert [(d["title"], d["kind"], d["expired"]) for d in shared] == [
        ("Information security policy", "POLICY", False),
        ("SOC 2 Type II report", "SOC_REPORT", False),
    ]
    backed = {n["question"]: n["evidence"] for n in entries["nodes"] if n["evidence"]}
    assert backed == {"Do you have a SOC 2 Type II report?": [{"title": "SOC 2 Type II report"}]}
    report = await client.get(
        shared[1]["downloadUrl"], headers={"Authorization": f"Bearer {demo.token}"}
    )
    assert report.status_code == 200 and report.content.startswith(b"%PDF")


async def test_the_demo_tenant_has_a_customer_questionnaire_half_answered_and_sent(client, db, app):
    demo = await ensure_demo(db, app.state.store)

    body = await gql(
        client,
        """{ customerQuestionnaires { nodes { customer answeredFileUrl
               progress { total unanswered suggested accepted edited } } }
          trustPackages { nodes { customer files { kind } downloadUrl } } }""",
        token=demo.token,
    )

    [questionnaire] = body["data"]["customerQuestionnaires"]["nodes"]
    progress = questionnaire["progress"]
    assert questionnaire["customer"] == "Contoso Retail"
    assert progress["total"] == len(DEMO_CUSTOMER_QUESTIONS)
    assert (progress["accepted"], progress["edited"]) == (4, 1)
    assert progress["suggested"] > 0 and progress["unanswered"] > 0
    answered = await client.get(
        questionnaire["answeredFileUrl"], headers={"Authorization": f"Bearer {demo.token}"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(answered.content))["Vendor assessment"]
    written = [sheet.cell(row=r, column=4).value for r in range(4, 4 + progress["total"])]
    assert sum(value is not None for value in written) == 5
    [package] = body["data"]["trustPackages"]["nodes"]
    assert [f["kind"] for f in package["files"]] == ["DOCUMENT", "SUBPROCESSORS", "QUESTIONNAIRE"]
