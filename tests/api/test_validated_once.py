"""An operation is validated once, then its validation is reused: for a valid operation
and for an invalid one alike, and after it the limits still refuse what they refuse."""

from uuid import uuid4

from app.api import validated
from tests.factories import gql, make_tenant


async def test_the_same_operation_is_validated_once(client, db, monkeypatch):
    acme = await make_tenant(db)
    validations = []
    original = validated.validate_document

    def counted(*args):
        validations.append(args[1])
        return original(*args)

    monkeypatch.setattr(validated, "validate_document", counted)
    # a text of its own (the comment), so no other test has had it validated already
    query = f"# {uuid4()}\nquery Once($first: Int) {{ vendors(first: $first) {{ totalCount }} }}"

    first = await gql(client, query, {"first": 1}, token=acme.token)
    again = await gql(client, query, {"first": 2}, token=acme.token)

    assert first == again == {"data": {"vendors": {"totalCount": 0}}}
    assert len(validations) == 1


async def test_an_invalid_operation_is_refused_each_time_and_validated_once(
    client, db, monkeypatch
):
    acme = await make_tenant(db)
    validations = []
    original = validated.validate_document
    monkeypatch.setattr(
        validated, "validate_document", lambda *a: validations.append(a) or original(*a)
    )
    query = f"# {uuid4()}\n{{ vendors(first: 1) {{ noSuchField }} }}"

    answers = [await gql(client, query, token=acme.token) for _ in range(3)]

    assert len(validations) == 1
    for answer in answers:
        assert answer["data"] is None
        assert "noSuchField" in answer["errors"][0]["message"]
