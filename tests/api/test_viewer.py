from domain.shared.roles import Role
from tests.factories import gql, make_member, make_tenant
from tests.operations import front_end_document

VIEWER = "{ viewer { role user { email } tenant { name } member { role } } }"


async def test_viewer_is_the_token_owner_in_the_token_tenant(client, db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    bob = await make_member(db, acme.tenant_id, "bob@acme.example", Role.REVIEWER)
    cat = await make_member(db, acme.tenant_id, "cat@acme.example", Role.VIEWER)

    # each member of the tenant, whoever was added before or after them, is shown as itself
    for member, role in ((acme, "ADMIN"), (bob, "REVIEWER"), (cat, "VIEWER")):
        body = await gql(client, VIEWER, token=member.token)
        assert body["data"]["viewer"] == {
            "role": role,
            "user": {"email": member.email},
            "tenant": {"name": "Acme"},
            "member": {"role": role},
        }


async def test_the_app_shell_reads_who_is_calling_in_one_statement(client, db, count_statements):
    """The front end's Viewer (every screen starts with it): the token's statement, then the
    tenant, the member and its user in one; asked again within the request, the member and
    the user are not read again."""
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    bob = await make_member(db, acme.tenant_id, "bob@acme.example", Role.REVIEWER)
    count_statements.statements.clear()

    body = await gql(
        client,
        front_end_document("Viewer").replace(
            "member { id displayName }", "member { id displayName user { email } }"
        ),
        token=bob.token,
    )

    viewer = body["data"]["viewer"]
    assert viewer["user"]["email"] == viewer["member"]["user"]["email"] == "bob@acme.example"
    assert viewer["tenant"]["name"] == "Acme" and viewer["tenant"]["settings"]
    assert len(count_statements.statements) == 2, count_statements.statements
