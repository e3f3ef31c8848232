from domain.shared.roles import Role
from tests.factories import gql, make_member, make_tenant

VIEWER = "{ viewer { role user { email } tenant { name } member { role } } }"


async def test_viewer_is_the_token_owner_in_the_token_tenant(client, db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    bob = await make_member(db, acme.tenant_id, "bob@acme.example", Role.REVIEWER)

    body = await gql(client, VIEWER, token=bob.token)

    assert body["data"]["viewer"] == {
        "role": "REVIEWER",
        "user": {"email": "bob@acme.example"},
        "tenant": {"name": "Acme"},
        "member": {"role": "REVIEWER"},
    }
