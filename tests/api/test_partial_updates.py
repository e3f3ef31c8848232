"""Every update input reads the same way: omitted keeps, null clears where clearing makes
sense, and null where it does not is INVALID, naming the field, with nothing changed."""

import pytest

from domain.shared.roles import Role
from tests.api.scenes import build_scene
from tests.factories import gql, tenant_state

FINDING = """mutation($i: UpdateFindingInput!) {
  updateFinding(input: $i) { finding { dueDate severity owner { id } } errors { code field } } }"""

# (mutation, input type, the scene's id the input names (and the input's member holding it,
# for a one-of input), the field)
NOT_CLEARABLE = [
    ("updateFinding", "UpdateFindingInput", ("findingId", "finding"), "severity"),
    ("updateRemediationAction", "UpdateRemediationActionInput", ("actionId", "action"), "status"),
    (
        "updateRemediationAction",
        "UpdateRemediationActionInput",
        ("actionId", "action"),
        "description",
    ),
    ("updateVendor", "UpdateVendorInput", ("vendorId", "active"), "name"),
    ("updateVendor", "UpdateVendorInput", ("vendorId", "active"), "domain"),
    ("updateVendorContact", "UpdateVendorContactInput", ("contactId", "contact"), "email"),
    ("updateVendorContact", "UpdateVendorContactInput", ("contactId", "contact"), "role"),
    ("correctReport", "CorrectReportInput", ("reportId", "report"), "kind"),
    ("correctReport", "CorrectReportInput", ("reportId", "report"), "categories"),
    ("correctReportItem", "CorrectReportItemInput", ("id", "exception", "exception"), "result"),
    ("correctReportItem", "CorrectReportItemInput", ("id", "cuec", "cuec"), "text"),
    ("updateTenantSettings", "UpdateTenantSettingsInput", None, "name"),
    ("updateTenantSettings", "UpdateTenantSettingsInput", None, "staleReportMonths"),
]


@pytest.mark.parametrize(
    "mutation,input_type,named,field",
    NOT_CLEARABLE,
    ids=[f"{m}.{f}" for m, _, _, f in NOT_CLEARABLE],
)
async def test_null_for_a_field_that_cannot_be_cleared_is_invalid_and_changes_nothing(
    client, db, mutation, input_type, named, field
):
    scene = await build_scene(db, Role.ADMIN)
    given = {named[0]: scene.ids[named[1]]} if named else {}
    sent = {**given, field: None}
    if named and len(named) == 3:
        sent = {named[2]: sent}
    before = await tenant_state(db, scene.actor.tenant_id)

    body = await gql(
        client,
        f"mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ errors {{ code field message }} }} }}",
        {"i": sent},
        token=scene.actor.token,
    )

    path = [named[2], field] if named and len(named) == 3 else [field]
    assert body["data"][mutation]["errors"] == [
        {"code": "INVALID", "field": path, "message": f"{field} cannot be cleared."}
    ]
    assert await tenant_state(db, scene.actor.tenant_id) == before


async def test_an_omitted_field_keeps_its_value(client, db):
    scene = await build_scene(db, Role.ADMIN)
    finding = scene.ids["finding"]
    await gql(
        client,
        FINDING,
        {"i": {"findingId": finding, "dueDate": "2027-03-01"}},
        token=scene.actor.token,
    )

    body = await gql(
        client, FINDING, {"i": {"findingId": finding, "severity": "LOW"}}, token=scene.actor.token
    )

    assert body["data"]["updateFinding"]["finding"]["dueDate"] == "2027-03-01"


async def test_null_clears_a_field_that_may_be_empty(client, db):
    scene = await build_scene(db, Role.ADMIN)
    finding = scene.ids["finding"]
    owner = scene.ids["other_member"]
    await gql(
        client, FINDING, {"i": {"findingId": finding, "ownerId": owner}}, token=scene.actor.token
    )

    body = await gql(
        client, FINDING, {"i": {"findingId": finding, "ownerId": None}}, token=scene.actor.token
    )

    assert body["data"]["updateFinding"]["finding"]["owner"] is None
