"""A template goes out as an XLSX workbook and comes back in from one: the starter, exported,
edited in a spreadsheet and imported as a new version; a file that is not a template is
refused whole."""

import io
import uuid

import openpyxl

from domain.shared.roles import Role
from tests.factories import (
    global_id,
    gql,
    gql_upload,
    make_member,
    make_template,
    make_tenant,
    tenant_state,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STARTER = """mutation($i: AddStarterQuestionnaireTemplateInput!) {
  addStarterQuestionnaireTemplate(input: $i) {
    template { id name version questionCount sections questions { key type criteria } }
    errors { code field message } } }"""
IMPORT = """mutation($i: ImportQuestionnaireTemplateInput!) {
  importQuestionnaireTemplate(input: $i) {
    template { id name version changeNote questions { key text type } }
    errors { code field message } } }"""
QUESTIONS = """query($id: ID!) { questionnaireTemplate(id: $id) {
  questions { section key text type required help choices { value label weight redFlag }
    condition { key anyOf } criteria domain } } }"""


async def _export(client, member, template_id: str):
    return await client.get(
        f"/questionnaire-templates/{template_id}.xlsx",
        headers={"Authorization": f"Bearer {member.token}"},
    )


async def _import(client, member, content: bytes, template_id=None, note=None):
    body = await gql_upload(
        client,
        IMPORT,
        {"i": {"file": None, "templateId": template_id, "changeNote": note}},
        "variables.i.file",
        content,
        member.token,
        filename="template.xlsx",
        content_type=XLSX,
    )
    return body["data"]["importQuestionnaireTemplate"]


async def test_the_starter_is_added_mapped_to_criteria_and_renamed_on_request(client, db):
    acme = await make_tenant(db)

    starter = await gql(client, STARTER, {"i": {}}, token=acme.token)
    renamed = await gql(client, STARTER, {"i": {"name": "Acme vendor check"}}, token=acme.token)

    template = starter["data"]["addStarterQuestionnaireTemplate"]["template"]
    assert 35 <= template["questionCount"] <= 45
    assert all(q["criteria"] for q in template["questions"])
    assert {q["type"] for q in template["questions"]} == {
        "YES_NO",
        "SINGLE_CHOICE",
        "MULTIPLE_CHOICE",
        "TEXT",
        "NUMBER",
        "DATE",
        "FILE",
    }
    assert renamed["data"]["addStarterQuestionnaireTemplate"]["template"]["name"] == (
        "Acme vendor check"
    )


async def test_an_exported_template_edited_in_a_spreadsheet_comes_back_as_its_next_version(
    client, db
):
    acme = await make_tenant(db)
    starter = await gql(client, STARTER, {"i": {}}, token=acme.token)
    template_id = starter["data"]["addStarterQuestionnaireTemplate"]["template"]["id"]

    exported = await _export(client, acme, template_id)
    as_new = await _import(client, acme, exported.content)
    workbook = openpyxl.load_workbook(io.BytesIO(exported.content))
    questions = workbook["Questions"]
    header = [cell.value for cell in questions[1]]
    questions.cell(row=2, column=header.index("question") + 1, value="Edited in Excel?")
    edited = io.BytesIO()
    workbook.save(edited)
    revised = await _import(client, acme, edited.getvalue(), template_id, "Reworded.")

    assert exported.status_code == 200
    assert exported.headers["content-type"] == XLSX
    assert exported.headers["content-disposition"].endswith('-v1.xlsx"')
    original = await gql(client, QUESTIONS, {"id": template_id}, token=acme.token)
    copied = await gql(client, QUESTIONS, {"id": as_new["template"]["id"]}, token=acme.token)
    assert copied["data"] == original["data"]
    assert (revised["template"]["version"], revised["template"]["changeNote"]) == (2, "Reworded.")
    assert revised["template"]["questions"][0]["text"] == "Edited in Excel?"


async def test_a_file_that_is_no_template_is_refused_whole_and_saves_nothing(client, db):
    acme = await make_tenant(db)
    saved = await make_template(db, acme)
    exported = await _export(client, acme, global_id("QuestionnaireTemplate", saved.id))
    workbook = openpyxl.load_workbook(io.BytesIO(exported.content))
    del workbook["Choices"]
    broken = io.BytesIO()
    workbook.save(broken)
    before = await tenant_state(db, acme.tenant_id)

    not_xlsx = await _import(client, acme, b"name,question\nx,y\n")
    no_choices = await _import(client, acme, broken.getvalue())
    too_large = await _import(client, acme, b"0" * (5 * 1024 * 1024 + 1))

    assert not_xlsx["template"] is None and not_xlsx["errors"][0]["field"] == ["file"]
    assert {e["code"] for e in no_choices["errors"]} == {"INVALID"}
    assert "Choices" in " ".join(e["message"] for e in no_choices["errors"])
    assert too_large["errors"][0]["code"] == "TOO_LARGE"
    assert await tenant_state(db, acme.tenant_id) == before


async def test_any_member_exports_a_template_and_another_tenant_s_looks_missing(client, db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    viewer = await make_member(db, acme.tenant_id, "v@acme.example", Role.VIEWER)
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    saved = await make_template(db, acme)
    template_id = global_id("QuestionnaireTemplate", saved.id)

    by_viewer = await _export(client, viewer, template_id)
    foreign = await _export(client, globex, template_id)
    missing = await _export(client, globex, global_id("QuestionnaireTemplate", uuid.uuid4()))
    viewer_import = await gql_upload(
        client,
        IMPORT,
        {"i": {"file": None}},
        "variables.i.file",
        by_viewer.content,
        viewer.token,
        filename="t.xlsx",
        content_type=XLSX,
    )

    assert by_viewer.status_code == 200
    assert (foreign.status_code, foreign.json()) == (missing.status_code, missing.json())
    assert foreign.status_code == 404
    assert viewer_import["errors"][0]["extensions"]["code"] == "FORBIDDEN"
