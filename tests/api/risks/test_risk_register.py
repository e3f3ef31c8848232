"""The risk register through the API: risks rated 1 to 5 with labels and scored
likelihood x impact into the tenant's heat-map bands, checked field by field, moved along
their statuses, and listed by score."""

import base64
import json
from datetime import date, timedelta

from domain.shared.roles import Role
from tests.factories import gql, make_member, make_tenant

RISK = """id title status treatment proposed overdue
  inherent { likelihood likelihoodLabel impact impactLabel score band }
  residual { score band } current { score band }
  owner { displayName } mitigatingControls { ref } availableTransitions"""
CREATE = f"""mutation($i: CreateRiskInput!) {{ createRisk(input: $i) {{
  risk {{ {RISK} }} errors {{ code field message }} }} }}"""
UPDATE = f"""mutation($i: UpdateRiskInput!) {{ updateRisk(input: $i) {{
  risk {{ {RISK} }} errors {{ code field message }} }} }}"""
LIST = """query($f: RiskFilter, $o: RiskOrder) { risks(filter: $f, order: $o) {
  totalCount nodes { title current { score band } } } }"""
SETTINGS = """mutation($i: UpdateTenantSettingsInput!) { updateTenantSettings(input: $i) {
  errors { code field message } } }"""
CONTROL = """mutation($i: CreateControlInput!) { createControl(input: $i) { control { id } } }"""


async def _create(client, token, **fields) -> dict:
    fields = {"category": "SECURITY", "inherentLikelihood": 3, "inherentImpact": 3, **fields}
    body = await gql(client, CREATE, {"i": fields}, token=token)
    return body["data"]["createRisk"]


async def test_a_risk_is_rated_labelled_scored_and_banded(client, db):
    acme = await make_tenant(db)
    control = await gql(
        client, CONTROL, {"i": {"ref": "BC-01", "title": "Backups restored monthly"}},
        token=acme.token,
    )  # fmt: skip

    made = await _create(
        client, acme.token, title="Ransomware encrypts production",
        inherentLikelihood=4, inherentImpact=5, residualLikelihood=2, residualImpact=4,
        treatment="MITIGATE", ownerId=acme.global_id,
        controlIds=[control["data"]["createControl"]["control"]["id"]],
    )  # fmt: skip

    assert made["errors"] == []
    risk = made["risk"]
    assert risk["inherent"] == {
        "likelihood": 4,
        "likelihoodLabel": "Likely",
        "impact": 5,
        "impactLabel": "Severe",
        "score": 20,
        "band": "CRITICAL",
    }
    assert risk["residual"] == {"score": 8, "band": "MEDIUM"}
    assert risk["current"] == risk["residual"]
    assert risk["mitigatingControls"] == [{"ref": "BC-01"}]
    assert risk["owner"] == {"displayName": "admin"}
    assert (risk["status"], risk["proposed"], risk["overdue"]) == ("OPEN", False, False)


async def test_an_unassessed_risk_is_as_large_as_it_was_found(client, db):
    acme = await make_tenant(db)

    risk = (await _create(client, acme.token, title="x", inherentLikelihood=2))["risk"]

    assert risk["residual"] is None
    assert risk["current"] == {"score": 6, "band": "MEDIUM"}


async def test_every_wrong_field_is_named_at_once_and_nothing_is_written(client, db):
    acme = await make_tenant(db)
    yesterday = (date.today() - timedelta(days=1)).isoformat()

    refused = await _create(
        client, acme.token, title=" ", inherentLikelihood=0, inherentImpact=6,
        residualLikelihood=2, treatment="ACCEPT", reviewOn=yesterday, status="CLOSED",
    )  # fmt: skip
    listed = await gql(client, LIST, {}, token=acme.token)

    assert refused["risk"] is None
    assert sorted(e["field"][0] for e in refused["errors"]) == [
        "inherentImpact",
        "inherentLikelihood",
        "residualImpact",
        "reviewOn",
        "status",
        "title",
        "treatment",
    ]
    assert {e["code"] for e in refused["errors"]} == {"INVALID"}
    assert listed["data"]["risks"]["totalCount"] == 0


async def test_the_tenant_s_settings_cut_the_heat_map_bands(client, db):
    acme = await make_tenant(db)
    risk_id = (await _create(client, acme.token, title="x"))["risk"]["id"]  # 3 x 3 = 9

    crossed = await gql(
        client, SETTINGS, {"i": {"riskMediumMinScore": 4, "riskHighMinScore": 9}},
        token=acme.token,
    )  # fmt: skip
    tangled = await gql(client, SETTINGS, {"i": {"riskCriticalMinScore": 8}}, token=acme.token)
    seen = await gql(
        client, "query($id: ID!) { risk(id: $id) { current { band } } }", {"id": risk_id},
        token=acme.token,
    )  # fmt: skip

    assert crossed["data"]["updateTenantSettings"]["errors"] == []
    assert tangled["data"]["updateTenantSettings"]["errors"][0]["code"] == "INVALID"
    assert seen["data"]["risk"]["current"] == {"band": "HIGH"}


async def test_a_risk_moves_draft_to_open_to_closed_and_back_but_never_to_draft(client, db):
    acme = await make_tenant(db)
    risk_id = (await _create(client, acme.token, title="x", status="DRAFT"))["risk"]["id"]

    async def move(to):
        body = await gql(client, UPDATE, {"i": {"riskId": risk_id, "status": to}}, token=acme.token)
        return body["data"]["updateRisk"]

    opened, closed, drafted, reopened = [
        await move(to) for to in ("OPEN", "CLOSED", "DRAFT", "OPEN")
    ]

    assert opened["risk"]["availableTransitions"] == ["CLOSED"]
    assert closed["risk"]["availableTransitions"] == ["OPEN"]
    assert drafted["errors"] == [
        {
            "code": "INVALID_TRANSITION",
            "field": ["status"],
            "message": "A risk cannot go from CLOSED to DRAFT.",
        }
    ]
    assert reopened["risk"]["status"] == "OPEN"


async def test_a_residual_rating_is_given_whole_or_cleared_whole(client, db):
    acme = await make_tenant(db)
    risk_id = (
        await _create(client, acme.token, title="x", residualLikelihood=1, residualImpact=2)
    )["risk"]["id"]

    half = await gql(
        client, UPDATE, {"i": {"riskId": risk_id, "residualImpact": None}}, token=acme.token
    )
    cleared = await gql(
        client, UPDATE,
        {"i": {"riskId": risk_id, "residualImpact": None, "residualLikelihood": None}},
        token=acme.token,
    )  # fmt: skip

    assert half["data"]["updateRisk"]["errors"][0]["field"] == ["residualImpact"]
    assert cleared["data"]["updateRisk"]["risk"]["residual"] is None


async def test_the_register_lists_the_largest_current_score_first_and_filters_by_band(client, db):
    acme = await make_tenant(db)
    for title, likelihood, impact in (("small", 1, 2), ("large", 5, 5), ("middle", 3, 4)):
        await _create(
            client, acme.token, title=title, inherentLikelihood=likelihood, inherentImpact=impact
        )

    by_score = await gql(client, LIST, {}, token=acme.token)
    newest = await gql(client, LIST, {"o": "NEWEST"}, token=acme.token)
    high_or_worse = await gql(client, LIST, {"f": {"band": ["HIGH", "CRITICAL"]}}, token=acme.token)

    assert [n["title"] for n in by_score["data"]["risks"]["nodes"]] == ["large", "middle", "small"]
    assert [n["title"] for n in newest["data"]["risks"]["nodes"]] == ["middle", "large", "small"]
    assert [n["title"] for n in high_or_worse["data"]["risks"]["nodes"]] == ["large", "middle"]


async def test_a_cursor_with_a_score_beyond_its_column_is_refused_not_a_crash(client, db):
    acme = await make_tenant(db)
    for title in ("a", "b"):
        await _create(client, acme.token, title=title)
    page = await gql(client, "{ risks(first: 1) { pageInfo { endCursor } } }", {}, token=acme.token)
    cursor = page["data"]["risks"]["pageInfo"]["endCursor"]
    payload = json.loads(base64.urlsafe_b64decode(cursor))
    payload["k"][0] = 40_000  # a score no smallint product holds
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()

    body = await gql(
        client, "query($a: String) { risks(after: $a) { totalCount } }", {"a": forged},
        token=acme.token,
    )  # fmt: skip

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == "Not a valid cursor for this list and order."


async def test_a_member_removed_no_longer_owns_their_risks(client, db):
    acme = await make_tenant(db)
    rita = await make_member(db, acme.tenant_id, "rita@acme.example", Role.REVIEWER)
    risk_id = (await _create(client, acme.token, title="x", ownerId=rita.global_id))["risk"]["id"]

    await gql(
        client,
        "mutation($i: RemoveMemberInput!) { removeMember(input: $i) { errors { code } } }",
        {"i": {"memberId": rita.global_id}},
        token=acme.token,
    )
    seen = await gql(
        client, "query($id: ID!) { risk(id: $id) { owner { id } } }", {"id": risk_id},
        token=acme.token,
    )  # fmt: skip

    assert seen["data"]["risk"] == {"owner": None}
