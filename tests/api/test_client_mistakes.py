"""A client's mistake is a clear 4xx or BAD_USER_INPUT and at most one log line; probing leaves
a trace in the security log, and guessing tokens is braked."""

import json
import logging

import httpx
import pytest

from app.main import create_app
from domain.shared.roles import Role
from tests.factories import gql, make_member, make_tenant

SEARCH = "query($s: String) { vendors(filter: {search: $s}) { totalCount } }"


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (SEARCH, {"s": "glob\x00ex"}),
        (SEARCH, {"s": "glob\ud800ex"}),
        ('{ vendors(filter: {search: "a\\u0000b"}) { totalCount } }', None),
        ('{ vendor(id: "VmVuZG9yOg\\u0000") { name } }', None),
    ],
    ids=["nul-variable", "surrogate-variable", "nul-literal", "nul-id"],
)
async def test_unstorable_text_anywhere_is_bad_user_input(client, db, query, variables):
    acme = await make_tenant(db)

    # json.dumps escapes what UTF-8 cannot carry ("\\ud800"), as a client's JSON may
    response = await client.post(
        "/graphql",
        content=json.dumps({"query": query, "variables": variables}),
        headers={"Authorization": f"Bearer {acme.token}", "Content-Type": "application/json"},
    )

    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]


async def test_a_mutation_names_the_input_field_that_holds_what_is_not_text(client, db):
    acme = await make_tenant(db)

    response = await client.post(
        "/graphql",
        content=json.dumps(
            {
                "query": "mutation($i: CreateVendorInput!) { createVendor(input: $i) "
                "{ vendor { id } errors { code field message } } }",
                "variables": {"i": {"name": "Bad\ud800Name", "domain": "bad.example"}},
            }
        ),
        headers={"Authorization": f"Bearer {acme.token}", "Content-Type": "application/json"},
    )

    assert response.json()["data"]["createVendor"] == {
        "vendor": None,
        "errors": [
            {
                "code": "INVALID",
                "field": ["name"],
                "message": "name contains an unpaired surrogate, which is not text.",
            }
        ],
    }


async def test_an_export_with_a_filter_value_that_is_not_one_is_refused(client, db):
    acme = await make_tenant(db)
    auth = {"Authorization": f"Bearer {acme.token}"}

    misspelled = await client.get("/vendors.csv?status=ACTIV", headers=auth)
    nul = await client.get("/vendors.csv?search=a%00b", headers=auth)
    right = await client.get("/vendors.csv?status=ACTIVE&tier=HIGH", headers=auth)

    assert misspelled.status_code == 400
    assert "status must be one of" in misspelled.json()["errors"][0]["message"]
    assert nul.status_code == 400
    assert right.status_code == 200
    assert right.text.startswith("name,")


async def test_a_malformed_id_is_one_log_line_without_a_traceback(client, db, caplog):
    acme = await make_tenant(db)
    caplog.set_level(logging.INFO)

    body = await gql(client, '{ vendor(id: "not-an-id!") { name } }', token=acme.token)

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert [r for r in caplog.records if r.exc_info] == []
    assert len([r for r in caplog.records if r.name.startswith("tprm")]) <= 1


async def test_a_refused_attempt_is_written_to_the_security_log(client, db, caplog):
    acme = await make_tenant(db)
    viewer = await make_member(db, acme.tenant_id, "v@acme.example", Role.VIEWER)
    caplog.set_level(logging.WARNING, logger="tprm.security")

    body = await gql(client, "{ auditEvents { totalCount } }", token=viewer.token)

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    [record] = [r for r in caplog.records if r.name == "tprm.security"]
    assert "refused: auditEvents" in record.getMessage()
    assert str(viewer.membership_id) in record.getMessage()


async def test_an_address_that_keeps_guessing_tokens_is_answered_429_without_a_lookup(
    db, settings, database_url, caplog
):
    acme = await make_tenant(db)
    app = create_app(
        settings.model_copy(update={"auth_failures_per_minute": 3}), database_url=database_url
    )
    caplog.set_level(logging.WARNING, logger="tprm.security")
    query = {"query": "{ viewer { role } }"}
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://tprm.test"
        ) as http:
            guesses = [
                await http.post(
                    "/graphql", json=query, headers={"Authorization": f"Bearer tprm_guess{n}"}
                )
                for n in range(4)
            ]
            right_but_late = await http.post(
                "/graphql", json=query, headers={"Authorization": f"Bearer {acme.token}"}
            )
    finally:
        await app.state.database.dispose()

    assert [g.status_code for g in guesses] == [401, 401, 401, 429]
    assert guesses[3].json()["errors"][0]["extensions"]["code"] == "TOO_MANY_REQUESTS"
    assert right_but_late.status_code == 429  # the address is braked, whatever it sends
    failures = [r for r in caplog.records if "authentication failed" in r.getMessage()]
    assert len(failures) == 3
