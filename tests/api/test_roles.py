"""Every role against every mutation: allowed ones succeed and are audited, the rest change nothing."""

import graphql
import pytest
from sqlalchemy import text

from app.api.schema import build_schema
from app.settings import Settings
from domain.tenancy.models import Role
from tests.api.mutation_catalogue import CASES, Case, Scene
from tests.factories import gql, make_member, make_tenant, tenant_state


async def _token_id(db, member) -> str:
    async with db.owner_transaction() as session:
        return str(
            await session.scalar(
                text(
                    "SELECT id FROM api_tokens WHERE membership_id = :m ORDER BY created_at LIMIT 1"
                ),
                {"m": member.membership_id},
            )
        )


async def _scene(db, role: Role) -> Scene:
    owner = await make_tenant(db, "Acme", "owner@acme.example")
    actor = (
        owner
        if role == Role.ADMIN
        else await make_member(db, owner.tenant_id, f"{role.value.lower()}@acme.example", role)
    )
    other = await make_member(db, owner.tenant_id, "other@acme.example", Role.VIEWER)
    return Scene(actor, other, await _token_id(db, actor), await _token_id(db, other))


def test_every_mutation_is_catalogued():
    sdl = build_schema(Settings(demo=False)).as_str()
    mutation_type = graphql.build_schema(sdl).mutation_type
    assert mutation_type is not None
    assert set(mutation_type.fields) == {case.name for case in CASES}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.name}-{c.action}-{sorted(c.allowed)}")
async def test_role_against_mutation(client, db, role: Role, case: Case):
    scene = await _scene(db, role)
    before = await tenant_state(db, scene.actor.tenant_id)

    body = await gql(client, case.document, case.variables(scene), token=scene.actor.token)

    after = await tenant_state(db, scene.actor.tenant_id)
    if role.value in case.allowed:
        assert "errors" not in body, body
        assert body["data"][case.name]["errors"] == []
        assert len(after["audit_events"]) == len(before["audit_events"]) + 1
    else:
        if case.refusal == "FORBIDDEN":
            assert body["data"] is None
            assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
        else:
            assert [e["code"] for e in body["data"][case.name]["errors"]] == [case.refusal]
        assert after == before
