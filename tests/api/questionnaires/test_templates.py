"""Questionnaire templates: written whole, checked whole, saved as versions that never change;
revising the current version makes the next one."""

import uuid

import pytest
import sqlalchemy.exc
from sqlalchemy import text

from domain.shared.roles import Role
from tests.factories import (
    SMALL_TEMPLATE,
    global_id,
    gql,
    make_member,
    make_template,
    make_tenant,
    tenant_state,
)

SECTIONS = """sections questions { section key text type required help
  choices { value label weight redFlag } condition { key anyOf } criteria domain }"""
CREATE = f"""mutation($i: CreateQuestionnaireTemplateInput!) {{
  createQuestionnaireTemplate(input: $i) {{
    template {{ id name version questionCount isCurrent {SECTIONS} }}
    errors {{ code field message }} }} }}"""
REVISE = """mutation($i: ReviseQuestionnaireTemplateInput!) {
  reviseQuestionnaireTemplate(input: $i) {
    template { id name version changeNote isCurrent viewerCan { revise } }
    errors { code field message } } }"""
TEMPLATE = f"""query($id: ID!) {{ questionnaireTemplate(id: $id) {{
  name version isCurrent viewerCan {{ revise }} {SECTIONS} }} }}"""
LIST = """query($every: Boolean!) { questionnaireTemplates(everyVersion: $every) {
  totalCount nodes { name version } } }"""


async def test_a_template_is_saved_as_written_and_read_back_the_same(client, db):
    acme = await make_tenant(db)

    body = await gql(client, CREATE, {"i": {"template": SMALL_TEMPLATE}}, token=acme.token)
    assert body.get("data"), body

    made = body["data"]["createQuestionnaireTemplate"]
    assert made["errors"] == [], body
    template = made["template"]
    assert (template["version"], template["questionCount"], template["isCurrent"]) == (1, 2, True)
    [section] = SMALL_TEMPLATE["sections"]
    assert template["sections"] == ["Access"]
    assert template["questions"] == [{"section": "Access", **q} for q in section["questions"]]


async def test_a_template_with_problems_is_refused_with_each_of_them_and_nothing_saved(client, db):
    acme = await make_tenant(db)
    [section] = SMALL_TEMPLATE["sections"]
    mfa, how = section["questions"]
    broken = {
        **SMALL_TEMPLATE,
        "sections": [
            {
                **section,
                "questions": [
                    {**mfa, "criteria": ["CC99"], "choices": mfa["choices"][:1]},
                    {**how, "key": "mfa", "condition": {"key": "nothing", "anyOf": ["YES"]}},
                ],
            }
        ],
    }
    before = await tenant_state(db, acme.tenant_id)

    body = await gql(client, CREATE, {"i": {"template": broken}}, token=acme.token)

    errors = body["data"]["createQuestionnaireTemplate"]["errors"]
    assert body["data"]["createQuestionnaireTemplate"]["template"] is None
    assert {(e["code"], tuple(e["field"])) for e in errors} == {("INVALID", ("template", "mfa"))}
    said = " ".join(e["message"] for e in errors)
    for fault in ("exactly the choices YES and NO", "CC99", "earlier question", "key is used"):
        assert fault in said
    assert await tenant_state(db, acme.tenant_id) == before


async def test_revising_makes_the_next_version_and_keeps_the_old_one_as_it_was(client, db):
    acme = await make_tenant(db)
    first = await make_template(db, acme)
    first_id = global_id("QuestionnaireTemplate", first.id)
    renamed = {**SMALL_TEMPLATE, "name": "Vendor security basics, 2027"}

    revised = await gql(
        client,
        REVISE,
        {"i": {"templateId": first_id, "template": renamed, "changeNote": "Yearly."}},
        token=acme.token,
    )
    again_from_old = await gql(
        client, REVISE, {"i": {"templateId": first_id, "template": renamed}}, token=acme.token
    )
    old = await gql(client, TEMPLATE, {"id": first_id}, token=acme.token)
    current = await gql(client, LIST, {"every": False}, token=acme.token)
    every = await gql(client, LIST, {"every": True}, token=acme.token)

    assert revised["data"]["reviseQuestionnaireTemplate"]["template"] | {"id": None} == {
        "id": None,
        "name": "Vendor security basics, 2027",
        "version": 2,
        "changeNote": "Yearly.",
        "isCurrent": True,
        "viewerCan": {"revise": True},
    }
    assert again_from_old["data"]["reviseQuestionnaireTemplate"]["errors"] == [
        {
            "code": "CONFLICT",
            "field": ["templateId"],
            "message": "Version 2 is the current one: revise it, not version 1.",
        }
    ]
    assert old["data"]["questionnaireTemplate"]["name"] == "Vendor security basics"
    assert (
        old["data"]["questionnaireTemplate"]["isCurrent"],
        old["data"]["questionnaireTemplate"]["viewerCan"],
    ) == (False, {"revise": False})
    assert current["data"]["questionnaireTemplates"]["nodes"] == [
        {"name": "Vendor security basics, 2027", "version": 2}
    ]
    assert every["data"]["questionnaireTemplates"]["totalCount"] == 2


async def test_the_database_refuses_the_app_any_change_to_a_saved_version(db):
    acme = await make_tenant(db)
    saved = await make_template(db, acme)

    with pytest.raises(sqlalchemy.exc.ProgrammingError, match="permission denied"):
        async with db.transaction(acme.tenant_id) as session:
            await session.execute(
                text("UPDATE questionnaire_templates SET name = 'x' WHERE id = :i"),
                {"i": saved.id},
            )


async def test_a_viewer_reads_templates_and_may_not_write_them(client, db):
    acme = await make_tenant(db)
    viewer = await make_member(db, acme.tenant_id, "v@acme.example", Role.VIEWER)
    saved = await make_template(db, acme)

    read = await gql(
        client, TEMPLATE, {"id": global_id("QuestionnaireTemplate", saved.id)}, token=viewer.token
    )
    written = await gql(client, CREATE, {"i": {"template": SMALL_TEMPLATE}}, token=viewer.token)

    assert read["data"]["questionnaireTemplate"]["viewerCan"] == {"revise": False}
    assert written["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_tenant_s_template_looks_missing(client, db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    saved = await make_template(db, acme)
    foreign = global_id("QuestionnaireTemplate", saved.id)
    missing = global_id("QuestionnaireTemplate", uuid.uuid4())
    before = await tenant_state(db, acme.tenant_id)

    answers = [
        await gql(
            client,
            REVISE,
            {"i": {"templateId": tid, "template": SMALL_TEMPLATE}},
            token=globex.token,
        )
        for tid in (foreign, missing)
    ]
    read = await gql(client, TEMPLATE, {"id": foreign}, token=globex.token)
    listed = await gql(client, LIST, {"every": True}, token=globex.token)

    assert answers[0] == answers[1]
    assert answers[0]["data"]["reviseQuestionnaireTemplate"]["errors"][0]["code"] == "NOT_FOUND"
    assert read == {"data": {"questionnaireTemplate": None}}
    assert listed["data"]["questionnaireTemplates"]["totalCount"] == 0
    assert await tenant_state(db, acme.tenant_id) == before
