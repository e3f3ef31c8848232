"""The answer library: a question kept once however it is cased and punctuated, found by
its words (English stemming), stale once its last review is older than the tenant says,
fresh again when someone says it still holds."""

from datetime import date

from domain.findings.rules import add_months
from domain.shared.roles import Role
from tests.factories import gql, make_member, make_tenant

ENTRY = "id question answer tags stale lastReviewedOn reviewedBy { displayName }"
CREATE = f"""mutation($i: CreateAnswerEntryInput!) {{ createAnswerEntry(input: $i) {{
  entry {{ {ENTRY} }} errors {{ code field message }} }} }}"""
UPDATE = f"""mutation($i: UpdateAnswerEntryInput!) {{ updateAnswerEntry(input: $i) {{
  entry {{ {ENTRY} }} errors {{ code field message }} }} }}"""
REVIEW = f"""mutation($i: AnswerEntryInput!) {{ reviewAnswerEntry(input: $i) {{
  entry {{ {ENTRY} }} errors {{ code field }} }} }}"""
LIST = """query($f: AnswerEntryFilter) { answerLibrary(filter: $f) { totalCount
  nodes { question stale } } }"""


async def _create(client, token, **fields) -> dict:
    body = await gql(client, CREATE, {"i": fields}, token=token)
    return body["data"]["createAnswerEntry"]


async def test_a_question_is_kept_once_however_cased_and_punctuated(client, db):
    acme = await make_tenant(db)

    first = await _create(
        client, acme.token, question="Do you encrypt data at rest?", answer="Yes, AES-256.",
        tags=["Encryption", "encryption "],
    )  # fmt: skip
    again = await _create(
        client, acme.token, question="  do YOU encrypt data, at rest ", answer="Yes."
    )

    entry = first["entry"]
    assert first["errors"] == [] and entry["tags"] == ["encryption"]
    assert entry["lastReviewedOn"] == date.today().isoformat() and entry["stale"] is False
    assert entry["reviewedBy"] == {"displayName": "admin"}
    assert again == {
        "entry": None,
        "errors": [
            {
                "code": "CONFLICT",
                "field": ["question"],
                "message": "The library already has this question.",
            }
        ],
    }


async def test_every_wrong_field_is_named_at_once(client, db):
    acme = await make_tenant(db)
    tomorrow = date.fromordinal(date.today().toordinal() + 1).isoformat()

    refused = await _create(
        client, acme.token, question=" ", answer="", tags=["x" * 51], lastReviewedOn=tomorrow
    )

    assert refused["entry"] is None
    assert sorted(e["field"][0] for e in refused["errors"]) == [
        "answer",
        "lastReviewedOn",
        "question",
        "tags",
    ]


async def test_an_old_answer_is_stale_until_someone_says_it_holds(client, db):
    acme = await make_tenant(db)
    long_ago = add_months(date.today(), -13).isoformat()
    old = await _create(
        client, acme.token, question="Do you have a BCP?", answer="Yes.", lastReviewedOn=long_ago
    )
    await _create(client, acme.token, question="Do you use SSO?", answer="Yes.")

    stale = await gql(client, LIST, {"f": {"stale": True}}, token=acme.token)
    reviewed = await gql(client, REVIEW, {"i": {"entryId": old["entry"]["id"]}}, token=acme.token)
    after = await gql(client, LIST, {"f": {"stale": True}}, token=acme.token)

    assert old["entry"]["stale"] is True
    assert stale["data"]["answerLibrary"]["nodes"] == [
        {"question": "Do you have a BCP?", "stale": True}
    ]
    assert reviewed["data"]["reviewAnswerEntry"]["entry"]["stale"] is False
    assert after["data"]["answerLibrary"]["totalCount"] == 0


async def test_the_library_is_found_by_its_words_stemmed(client, db):
    acme = await make_tenant(db)
    for question, answer in (
        ("Is customer data encrypted in transit?", "TLS 1.2 or later everywhere."),
        ("How are backups tested?", "A restore every half year."),
        ("Do you screen employees?", "Background checks before joining."),
    ):
        await _create(client, acme.token, question=question, answer=answer)

    found = await gql(client, LIST, {"f": {"search": "encryption"}}, token=acme.token)
    by_answer = await gql(client, LIST, {"f": {"search": "restoring"}}, token=acme.token)

    assert [n["question"] for n in found["data"]["answerLibrary"]["nodes"]] == [
        "Is customer data encrypted in transit?"
    ]
    assert [n["question"] for n in by_answer["data"]["answerLibrary"]["nodes"]] == [
        "How are backups tested?"
    ]


async def test_a_question_changed_to_one_the_library_has_is_a_conflict(client, db):
    acme = await make_tenant(db)
    await _create(client, acme.token, question="Do you use MFA?", answer="Yes.")
    other = await _create(client, acme.token, question="Do you use SSO?", answer="Yes.")

    clash = await gql(
        client, UPDATE, {"i": {"entryId": other["entry"]["id"], "question": "do you use mfa"}},
        token=acme.token,
    )  # fmt: skip

    assert clash["data"]["updateAnswerEntry"]["errors"][0]["code"] == "CONFLICT"


async def test_questions_of_other_scripts_or_of_no_words_are_told_apart(client, db):
    acme = await make_tenant(db)

    made = [
        await _create(client, acme.token, question=question, answer="Yes.")
        for question in (
            "Вы шифруете данные?",
            "क्या आप डेटा दिन में भेजते हैं?",  # "day" and "gift" differ in a vowel sign
            "क्या आप डेटा दान में भेजते हैं?",
            "您加密数据吗\uff1f",  # ends with a full-width question mark
            "???",
            "!!!",
            "ВЫ ШИФРУЕТЕ ДАННЫЕ",
        )
    ]

    assert [m["errors"] for m in made[:6]] == [[], [], [], [], [], []]
    assert made[6]["errors"][0]["code"] == "CONFLICT"  # the first, in capitals


async def test_a_tag_has_no_semicolon_the_csv_separates_tags_with(client, db):
    acme = await make_tenant(db)

    refused = await _create(client, acme.token, question="x?", answer="y", tags=["soc 2; type ii"])

    assert refused["errors"][0]["field"] == ["tags"]


async def test_a_member_removed_no_longer_owns_library_answers(client, db):
    acme = await make_tenant(db)
    bob = await make_member(db, acme.tenant_id, "bob@acme.example", Role.REVIEWER)
    made = await _create(client, acme.token, question="x?", answer="y", ownerId=bob.global_id)

    await gql(
        client,
        "mutation($i: RemoveMemberInput!) { removeMember(input: $i) { errors { code } } }",
        {"i": {"memberId": bob.global_id}},
        token=acme.token,
    )
    seen = await gql(
        client, "query($id: ID!) { answerEntry(id: $id) { owner { id } } }",
        {"id": made["entry"]["id"]}, token=acme.token,
    )  # fmt: skip

    assert seen["data"]["answerEntry"] == {"owner": None}
