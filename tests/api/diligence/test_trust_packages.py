"""A trust package for one customer: the documents chosen, the subprocessor list and an
answered questionnaire in one zip archive, downloaded over HTTP; recorded (who, for whom,
when, what) and kept as it was whatever changes after."""

import csv
import hashlib
import io
import uuid
import zipfile

import openpyxl

from app.demo_report import text_pdf
from domain.shared.roles import Role
from domain.vendors.models import VendorStatus
from tests.domain.diligence import sheet_files
from tests.factories import global_id, gql, gql_upload, make_member, make_tenant, make_vendor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD = """mutation($input: UploadTrustDocumentInput!) { uploadTrustDocument(input: $input) {
  document { id } errors { code field message } } }"""
IMPORT = """mutation($i: ImportCustomerQuestionnaireInput!) {
  importCustomerQuestionnaire(input: $i) { questionnaire { id
    questions(first: 10) { nodes { id text } } } errors { code field message } } }"""
ANSWER = """mutation($i: AnswerCustomerQuestionInput!) { answerCustomerQuestion(input: $i) {
  errors { code } } }"""
PACKAGE = """id customer recipient note filename sizeBytes sha256 downloadUrl createdAt
  createdBy { user { email } } questionnaire { id }
  files { path kind sizeBytes sha256 title document { id } questionnaire { id } }"""
CREATE = f"""mutation($i: CreateTrustPackageInput!) {{ createTrustPackage(input: $i) {{
  package {{ {PACKAGE} }} errors {{ code field message }} }} }}"""
ONE = f"query($id: ID!) {{ trustPackage(id: $id) {{ {PACKAGE} }} }}"
LIST = "{ trustPackages { totalCount nodes { customer recipient } } }"
REMOVE_DOCUMENT = """mutation($i: RemoveTrustDocumentInput!) { removeTrustDocument(input: $i) {
  errors { code } } }"""
DELETE_QUESTIONNAIRE = """mutation($i: DeleteCustomerQuestionnaireInput!) {
  deleteCustomerQuestionnaire(input: $i) { errors { code } } }"""

POLICY = text_pdf([["Information security policy", "Approved by the board."]])
SOC2 = text_pdf([["Acme SOC 2 Type II report", "For the year to 30 June."]])


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _document(client, token, content: bytes, filename: str, title: str, kind: str) -> str:
    body = await gql_upload(
        client, UPLOAD, {"input": {"file": None, "title": title, "kind": kind}},
        "variables.input.file", content, token, filename=filename, content_type="application/pdf",
    )  # fmt: skip
    return body["data"]["uploadTrustDocument"]["document"]["id"]


async def _questionnaire(client, token) -> str:
    """The CAIQ-like questionnaire, its first question answered by a member."""
    body = await gql_upload(
        client, IMPORT, {"i": {"file": None, "customer": "Initech"}}, "variables.i.file",
        sheet_files.caiq_like(), token, filename="caiq.xlsx", content_type=XLSX,
    )  # fmt: skip
    questionnaire = body["data"]["importCustomerQuestionnaire"]["questionnaire"]
    first = questionnaire["questions"]["nodes"][0]
    await gql(client, ANSWER, {"i": {"questionId": first["id"], "answer": "Yes."}}, token=token)
    return questionnaire["id"]


async def _world(client, db):
    acme = await make_tenant(db)
    await make_vendor(db, acme, "Cloudy", status=VendorStatus.ACTIVE, subprocessor=True)
    policy = await _document(client, acme.token, POLICY, "policy.pdf", "Security policy", "POLICY")
    report = await _document(client, acme.token, SOC2, "policy.pdf", "SOC 2 report", "SOC_REPORT")
    questionnaire = await _questionnaire(client, acme.token)
    return acme, policy, report, questionnaire


async def test_the_archive_holds_what_was_chosen_with_a_manifest_and_the_record_says_so(client, db):
    acme, policy, report, questionnaire = await _world(client, db)

    body = await gql(
        client, CREATE,
        {"i": {"customer": "Initech", "recipient": "security@initech.example",
               "documentIds": [policy, report], "includeSubprocessors": True,
               "questionnaireId": questionnaire, "note": "For the renewal."}},
        token=acme.token,
    )  # fmt: skip

    created = body["data"]["createTrustPackage"]
    assert created["errors"] == []
    package = created["package"]
    assert (package["customer"], package["recipient"]) == ("Initech", "security@initech.example")
    assert package["createdBy"] == {"user": {"email": "admin@acme.example"}}
    assert package["questionnaire"] == {"id": questionnaire}
    paths = [f["path"] for f in package["files"]]
    assert paths == [
        "documents/policy.pdf",
        "documents/policy (2).pdf",  # two files of one name are both kept
        "subprocessors.csv",
        "caiq (answered).xlsx",
    ]
    assert [f["kind"] for f in package["files"]] == [
        "DOCUMENT", "DOCUMENT", "SUBPROCESSORS", "QUESTIONNAIRE",
    ]  # fmt: skip
    assert [f["title"] for f in package["files"][:2]] == ["Security policy", "SOC 2 report"]
    assert package["files"][1]["document"] == {"id": report}

    response = await client.get(package["downloadUrl"], headers=_auth(acme.token))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert hashlib.sha256(response.content).hexdigest() == package["sha256"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["MANIFEST.txt", *paths]
    assert archive.read("documents/policy.pdf") == POLICY
    assert archive.read("documents/policy (2).pdf") == SOC2
    for file in package["files"]:
        assert hashlib.sha256(archive.read(file["path"])).hexdigest() == file["sha256"]
    listed = list(csv.DictReader(io.StringIO(archive.read("subprocessors.csv").decode())))
    assert [row["name"] for row in listed] == ["Cloudy"]
    answered = openpyxl.load_workbook(io.BytesIO(archive.read("caiq (answered).xlsx")))
    assert answered["CAIQv4.0.3"]["D4"].value == "Yes."
    manifest = archive.read("MANIFEST.txt").decode()
    assert "Trust package for Initech (security@initech.example)" in manifest
    assert "Prepared by admin@acme.example" in manifest
    assert "Note: For the renewal." in manifest
    assert package["files"][0]["sha256"] in manifest


async def test_the_record_stands_when_its_documents_and_questionnaire_are_gone(client, db):
    acme, policy, _, questionnaire = await _world(client, db)
    body = await gql(
        client, CREATE,
        {"i": {"customer": "Initech", "recipient": "Pat", "documentIds": [policy],
               "questionnaireId": questionnaire}},
        token=acme.token,
    )  # fmt: skip
    package = body["data"]["createTrustPackage"]["package"]

    await gql(client, REMOVE_DOCUMENT, {"i": {"documentId": policy}}, token=acme.token)
    await gql(
        client, DELETE_QUESTIONNAIRE, {"i": {"questionnaireId": questionnaire}}, token=acme.token
    )  # fmt: skip
    after = await gql(client, ONE, {"id": package["id"]}, token=acme.token)

    kept = after["data"]["trustPackage"]
    assert kept["questionnaire"] is None
    assert [(f["title"], f["document"]) for f in kept["files"]] == [
        ("Security policy", None), (None, None),
    ]  # fmt: skip
    assert [f["sha256"] for f in kept["files"]] == [f["sha256"] for f in package["files"]]
    response = await client.get(package["downloadUrl"], headers=_auth(acme.token))
    assert hashlib.sha256(response.content).hexdigest() == package["sha256"]


async def test_a_package_of_nothing_or_of_what_is_not_here_is_refused_and_nothing_kept(client, db):
    acme, policy, _, _ = await _world(client, db)
    globex = await make_tenant(db, "Globex", "admin@globex.example")
    foreign = await _document(client, globex.token, POLICY, "p.pdf", "Theirs", "POLICY")
    nowhere = global_id("CustomerQuestionnaire", uuid.uuid4())

    empty = await gql(
        client, CREATE, {"i": {"customer": "Initech", "recipient": " "}}, token=acme.token
    )
    theirs = await gql(
        client, CREATE,
        {"i": {"customer": "Initech", "recipient": "Pat", "documentIds": [policy, foreign]}},
        token=acme.token,
    )  # fmt: skip
    missing = await gql(
        client, CREATE, {"i": {"customer": "Initech", "recipient": "Pat", "questionnaireId": nowhere}},
        token=acme.token,
    )  # fmt: skip

    assert [(e["code"], e["field"]) for e in empty["data"]["createTrustPackage"]["errors"]] == [
        ("INVALID", ["recipient"]), ("INVALID", ["documentIds"]),
    ]  # fmt: skip
    assert [(e["code"], e["field"]) for e in theirs["data"]["createTrustPackage"]["errors"]] == [
        ("NOT_FOUND", ["documentIds", "1"])
    ]
    assert [(e["code"], e["field"]) for e in missing["data"]["createTrustPackage"]["errors"]] == [
        ("NOT_FOUND", ["questionnaireId"])
    ]
    listed = await gql(client, LIST, {}, token=acme.token)
    assert listed["data"]["trustPackages"]["totalCount"] == 0


async def test_members_read_and_download_but_only_reviewers_and_admins_make_packages(client, db):
    acme, policy, _, _ = await _world(client, db)
    viewer = await make_member(db, acme.tenant_id, "vic@acme.example", Role.VIEWER)
    body = await gql(
        client, CREATE, {"i": {"customer": "Initech", "recipient": "Pat", "documentIds": [policy]}},
        token=acme.token,
    )  # fmt: skip
    package = body["data"]["createTrustPackage"]["package"]

    refused = await gql(
        client, CREATE, {"i": {"customer": "Hooli", "recipient": "Pat", "documentIds": [policy]}},
        token=viewer.token,
    )  # fmt: skip
    listed = await gql(client, LIST, {}, token=viewer.token)
    download = await client.get(package["downloadUrl"], headers=_auth(viewer.token))

    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    assert listed["data"]["trustPackages"] == {
        "totalCount": 1, "nodes": [{"customer": "Initech", "recipient": "Pat"}],
    }  # fmt: skip
    assert download.status_code == 200


async def test_another_tenants_package_is_as_missing_as_none(client, db):
    acme, policy, _, _ = await _world(client, db)
    globex = await make_tenant(db, "Globex", "admin@globex.example")
    body = await gql(
        client, CREATE, {"i": {"customer": "Initech", "recipient": "Pat", "documentIds": [policy]}},
        token=acme.token,
    )  # fmt: skip
    package = body["data"]["createTrustPackage"]["package"]
    nobody = global_id("TrustPackage", uuid.uuid4())

    read = await gql(client, ONE, {"id": package["id"]}, token=globex.token)
    theirs = await client.get(package["downloadUrl"], headers=_auth(globex.token))
    missing = await client.get(f"/trust-packages/{nobody}/content", headers=_auth(globex.token))

    assert read["data"]["trustPackage"] is None
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()


async def test_a_customers_name_with_a_slash_names_the_archive_whole(client, db):
    acme, policy, _, _ = await _world(client, db)

    body = await gql(
        client, CREATE, {"i": {"customer": "AT/T", "recipient": "Pat", "documentIds": [policy]}},
        token=acme.token,
    )  # fmt: skip

    filename = body["data"]["createTrustPackage"]["package"]["filename"]
    assert filename.startswith("Trust package for AT-T ") and filename.endswith(".zip")
