"""`tprm serve` makes sure of a demo tenant with data, and hands out a fresh token each start."""

from app.demo import DEMO_VENDORS, ensure_demo
from tests.factories import gql


async def test_the_demo_tenant_is_made_once_with_vendors_and_each_start_gets_a_new_token(
    client, db
):
    first = await ensure_demo(db)
    second = await ensure_demo(db)

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


async def test_the_demo_tenant_shows_one_finished_vendor_import(client, db):
    demo = await ensure_demo(db)

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
