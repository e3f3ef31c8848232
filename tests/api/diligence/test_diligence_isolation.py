"""Another tenant's customer questionnaires, questions and trust packages, named by a member
of Globex: every mutation, query and download answers exactly as for an ID that exists
nowhere, and Acme's rows are left as they were."""

import uuid

import pytest

from tests.factories import global_id, gql, gql_upload, make_tenant, tenant_state

IMPORT = """mutation($i: ImportCustomerQuestionnaireInput!) {
  importCustomerQuestionnaire(input: $i) { questionnaire { id
    questions(first: 1) { nodes { id suggestions { key } } } } } }"""
PACKAGE = """mutation($i: CreateTrustPackageInput!) { createTrustPackage(input: $i) {
  package { id } } }"""


def _mutation(name: str, input_type: str, selection: str = "errors { code field message }") -> str:
    return f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ {selection} }} }}"


# name, input type, the input naming (questionnaire, question) ids
MUTATIONS = [
    ("updateCustomerQuestionnaire", "UpdateCustomerQuestionnaireInput",
     lambda qn, q: {"questionnaireId": qn, "title": "Mine now"}),
    ("deleteCustomerQuestionnaire", "DeleteCustomerQuestionnaireInput",
     lambda qn, q: {"questionnaireId": qn}),
    ("answerCustomerQuestion", "AnswerCustomerQuestionInput",
     lambda qn, q: {"questionId": q, "answer": "No."}),
    ("useSuggestedAnswer", "UseSuggestedAnswerInput",
     lambda qn, q: {"questionId": q, "suggestion": "SUBPROCESSORS"}),
    ("acceptSuggestedAnswers", "AcceptSuggestedAnswersInput", lambda qn, q: {"questionIds": [q]}),
    ("createTrustPackage", "CreateTrustPackageInput",
     lambda qn, q: {"customer": "Hooli", "recipient": "Pat", "questionnaireId": qn}),
]  # fmt: skip


async def _acme(client, db):
    """Acme with a questionnaire (its one question about subprocessors) and a package."""
    acme = await make_tenant(db)
    data = b"Question\r\nDo you use subprocessors?\r\n"
    body = await gql_upload(
        client, IMPORT, {"i": {"file": None, "customer": "Initech"}}, "variables.i.file", data,
        acme.token, filename="q.csv",
    )  # fmt: skip
    questionnaire = body["data"]["importCustomerQuestionnaire"]["questionnaire"]
    package = await gql(
        client, PACKAGE,
        {"i": {"customer": "Initech", "recipient": "Pat", "questionnaireId": questionnaire["id"]}},
        token=acme.token,
    )  # fmt: skip
    return acme, questionnaire, package["data"]["createTrustPackage"]["package"]["id"]


@pytest.mark.parametrize(("name", "input_type", "make"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
async def test_mutations_with_another_tenants_ids_answer_exactly_like_missing_ids(
    client, db, name, input_type, make
):
    acme, questionnaire, _ = await _acme(client, db)
    globex = await make_tenant(db, "Globex", "admin@globex.example")
    question = questionnaire["questions"]["nodes"][0]["id"]
    nowhere = (
        global_id("CustomerQuestionnaire", uuid.uuid4()),
        global_id("CustomerQuestion", uuid.uuid4()),
    )
    before = await tenant_state(db, acme.tenant_id)

    foreign = await gql(
        client, _mutation(name, input_type), {"i": make(questionnaire["id"], question)},
        token=globex.token,
    )  # fmt: skip
    missing = await gql(
        client, _mutation(name, input_type), {"i": make(*nowhere)}, token=globex.token
    )

    assert foreign == missing
    assert foreign["data"][name]["errors"][0]["code"] == "NOT_FOUND"
    assert await tenant_state(db, acme.tenant_id) == before


async def test_queries_and_downloads_with_another_tenants_ids_answer_like_missing_ids(client, db):
    _, questionnaire, package = await _acme(client, db)
    globex = await make_tenant(db, "Globex", "admin@globex.example")
    question = questionnaire["questions"]["nodes"][0]["id"]
    ids = {
        "questionnaire": (questionnaire["id"], global_id("CustomerQuestionnaire", uuid.uuid4())),
        "question": (question, global_id("CustomerQuestion", uuid.uuid4())),
        "package": (package, global_id("TrustPackage", uuid.uuid4())),
    }
    reads = {
        "questionnaire": "query($id: ID!) { customerQuestionnaire(id: $id) { id } }",
        "question": "query($id: ID!) { node(id: $id) { id } }",
        "package": "query($id: ID!) { trustPackage(id: $id) { id } }",
    }
    headers = {"Authorization": f"Bearer {globex.token}"}

    for kind, (theirs, nobody) in ids.items():
        foreign = await gql(client, reads[kind], {"id": theirs}, token=globex.token)
        missing = await gql(client, reads[kind], {"id": nobody}, token=globex.token)
        assert foreign == missing, kind
        assert list(foreign["data"].values()) == [None], kind
    listed = await gql(
        client, "query($q: ID) { trustPackages(questionnaireId: $q) { totalCount } }",
        {"q": questionnaire["id"]}, token=globex.token,
    )  # fmt: skip
    assert listed["data"]["trustPackages"]["totalCount"] == 0
    for path in ("/customer-questionnaires/{}/file", "/customer-questionnaires/{}/answered",
                 "/trust-packages/{}/content"):  # fmt: skip
        kind = "package" if path.startswith("/trust") else "questionnaire"
        theirs, nobody = ids[kind]
        foreign = await client.get(path.format(theirs), headers=headers)
        missing = await client.get(path.format(nobody), headers=headers)
        assert foreign.status_code == missing.status_code == 404, path
        assert foreign.json() == missing.json(), path
