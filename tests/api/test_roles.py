"""Every role against every mutation: allowed ones succeed and are audited, the rest change nothing."""

import graphql
import pytest

from app.api.schema import build_schema
from app.settings import Settings
from domain.shared.roles import Role
from tests.api.mutation_catalogue import CASES, Case
from tests.api.scenes import build_scene
from tests.factories import tenant_state


def test_every_mutation_is_catalogued():
    sdl = build_schema(Settings(demo=False)).as_str()
    mutation_type = graphql.build_schema(sdl).mutation_type
    assert mutation_type is not None
    assert set(mutation_type.fields) == {case.name for case in CASES}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.name}-{c.action}-{sorted(c.allowed)}")
async def test_role_against_mutation(client, db, role: Role, case: Case):
    scene = await build_scene(db, role)
    before = await tenant_state(db, scene.actor.tenant_id)

    body = await case.send(client, scene)

    after = await tenant_state(db, scene.actor.tenant_id)
    if role.value in case.allowed:
        assert "errors" not in body, body
        assert body["data"][case.name]["errors"] == []
        assert len(after["audit_events"]) > len(before["audit_events"])
    else:
        if case.refusal == "FORBIDDEN":
            assert body["data"] is None
            assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
        else:
            assert [e["code"] for e in body["data"][case.name]["errors"]] == [case.refusal]
        assert after == before
