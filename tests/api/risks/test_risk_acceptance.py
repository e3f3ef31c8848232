"""Accepting a risk: approved by a REVIEWER or ADMIN other than its owner, with a token of
their own, a justification and an expiry within the tenant's limit; an acceptance that
has run out shows the risk overdue."""

from datetime import date, timedelta

from sqlalchemy import text

from domain.findings.rules import add_months
from domain.shared.roles import Role
from tests.factories import gql, make_member, make_tenant, uuid_of

CREATE = """mutation($i: CreateRiskInput!) { createRisk(input: $i) { risk { id } } }"""
ACCEPT = """mutation($i: AcceptRiskInput!) { acceptRisk(input: $i) {
  risk { treatment overdue acceptance { justification expiresOn expired approvedBy { id } } }
  errors { code field message } } }"""
UPDATE = """mutation($i: UpdateRiskInput!) { updateRisk(input: $i) {
  risk { treatment acceptance { expiresOn } } errors { code field message } } }"""
SEEN = """query($id: ID!) { risk(id: $id) { overdue viewerCan { update accept }
  acceptance { expired } } }"""
OVERDUE = """query { risks(filter: {overdue: true}) { nodes { id } } }"""
MINT = """mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }"""


def _in(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


async def _risk(client, token, **fields) -> str:
    body = await gql(
        client,
        CREATE,
        {"i": {"title": "Payroll outage", "category": "OPERATIONAL",
               "inherentLikelihood": 2, "inherentImpact": 4, **fields}},
        token=token,
    )  # fmt: skip
    return body["data"]["createRisk"]["risk"]["id"]


async def _accept(client, token, risk_id, expires_on=None, justification="Failover tested."):
    body = await gql(
        client,
        ACCEPT,
        {"i": {"riskId": risk_id, "justification": justification,
               "expiresOn": expires_on or _in(90)}},
        token=token,
    )  # fmt: skip
    return body


async def test_another_reviewer_accepts_a_risk_its_owner_cannot(client, db):
    acme = await make_tenant(db)
    reviewer = await make_member(db, acme.tenant_id, "rita@acme.example", Role.REVIEWER)
    risk_id = await _risk(client, acme.token, ownerId=acme.global_id)

    by_owner = await _accept(client, acme.token, risk_id)
    owner_sees = await gql(client, SEEN, {"id": risk_id}, token=acme.token)
    reviewer_sees = await gql(client, SEEN, {"id": risk_id}, token=reviewer.token)
    by_reviewer = await _accept(client, reviewer.token, risk_id, _in(90))

    assert by_owner["data"]["acceptRisk"]["errors"] == [
        {
            "code": "SELF_APPROVAL",
            "field": ["riskId"],
            "message": "A risk's owner cannot approve its acceptance.",
        }
    ]
    assert owner_sees["data"]["risk"]["viewerCan"] == {"update": True, "accept": False}
    assert reviewer_sees["data"]["risk"]["viewerCan"] == {"update": True, "accept": True}
    assert by_reviewer["data"]["acceptRisk"] == {
        "risk": {
            "treatment": "ACCEPT",
            "overdue": False,
            "acceptance": {
                "justification": "Failover tested.",
                "expiresOn": _in(90),
                "expired": False,
                "approvedBy": {"id": reviewer.global_id},
            },
        },
        "errors": [],
    }


async def test_an_acceptance_needs_an_owner_a_reason_and_an_expiry_within_the_limit(client, db):
    acme = await make_tenant(db)
    reviewer = await make_member(db, acme.tenant_id, "rita@acme.example", Role.REVIEWER)
    ownerless = await _risk(client, acme.token)
    owned = await _risk(client, acme.token, ownerId=acme.global_id)
    draft = await _risk(client, acme.token, ownerId=acme.global_id, status="DRAFT")
    limit = add_months(date.today(), 12)

    def errors(body):
        return [(e["code"], e["field"]) for e in body["data"]["acceptRisk"]["errors"]]

    assert errors(await _accept(client, reviewer.token, ownerless)) == [("INVALID", ["riskId"])]
    assert errors(await _accept(client, reviewer.token, owned, _in(0))) == [
        ("INVALID", ["expiresOn"])
    ]
    too_long = await _accept(client, reviewer.token, owned, (limit + timedelta(days=1)).isoformat())
    assert errors(too_long) == [("INVALID", ["expiresOn"])]
    assert "12 months" in too_long["data"]["acceptRisk"]["errors"][0]["message"]
    assert errors(await _accept(client, reviewer.token, owned, justification=" ")) == [
        ("INVALID", ["justification"])
    ]
    assert errors(await _accept(client, reviewer.token, draft)) == [("CONFLICT", ["riskId"])]
    assert errors(await _accept(client, reviewer.token, owned, limit.isoformat())) == []


async def test_a_token_made_for_the_approver_by_someone_else_cannot_accept(client, db):
    acme = await make_tenant(db)
    reviewer = await make_member(db, acme.tenant_id, "rita@acme.example", Role.REVIEWER)
    risk_id = await _risk(client, acme.token, ownerId=acme.global_id)
    minted = await gql(
        client, MINT, {"i": {"name": "for rita", "memberId": reviewer.global_id}},
        token=acme.token,
    )  # fmt: skip

    body = await _accept(client, minted["data"]["createApiToken"]["secret"], risk_id)

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "made for you by someone else" in body["errors"][0]["message"]


async def test_another_treatment_ends_the_acceptance_and_its_approver_cannot_own_it(client, db):
    acme = await make_tenant(db)
    reviewer = await make_member(db, acme.tenant_id, "rita@acme.example", Role.REVIEWER)
    risk_id = await _risk(client, acme.token, ownerId=acme.global_id)
    await _accept(client, reviewer.token, risk_id)

    kept = await gql(
        client, UPDATE, {"i": {"riskId": risk_id, "treatment": "ACCEPT"}}, token=acme.token
    )
    to_approver = await gql(
        client, UPDATE, {"i": {"riskId": risk_id, "ownerId": reviewer.global_id}},
        token=acme.token,
    )  # fmt: skip
    mitigated = await gql(
        client, UPDATE, {"i": {"riskId": risk_id, "treatment": "MITIGATE"}}, token=acme.token
    )

    assert kept["data"]["updateRisk"]["risk"]["acceptance"] == {"expiresOn": _in(90)}
    assert to_approver["data"]["updateRisk"]["errors"][0]["code"] == "SELF_APPROVAL"
    assert mitigated["data"]["updateRisk"]["risk"] == {"treatment": "MITIGATE", "acceptance": None}


async def test_an_expired_acceptance_shows_the_risk_overdue(client, db):
    acme = await make_tenant(db)
    reviewer = await make_member(db, acme.tenant_id, "rita@acme.example", Role.REVIEWER)
    expiring = await _risk(client, acme.token, ownerId=acme.global_id)
    current = await _risk(client, acme.token, ownerId=acme.global_id)
    for risk_id in (expiring, current):
        await _accept(client, reviewer.token, risk_id)
    # time passes: the first acceptance ran out yesterday
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE risks SET acceptance_expires_on = :d WHERE id = :r"),
            {"d": date.today() - timedelta(days=1), "r": uuid_of(expiring)},
        )

    seen = await gql(client, SEEN, {"id": expiring}, token=acme.token)
    listed = await gql(client, OVERDUE, {}, token=acme.token)

    on_time = await gql(
        client, "{ risks(filter: {overdue: false}) { nodes { id } } }", {}, token=acme.token
    )

    assert seen["data"]["risk"]["overdue"] is True
    assert seen["data"]["risk"]["acceptance"] == {"expired": True}
    assert listed["data"]["risks"]["nodes"] == [{"id": expiring}]
    # the other: its acceptance current, no review date
    assert on_time["data"]["risks"]["nodes"] == [{"id": current}]


async def test_a_new_rating_ends_the_acceptance_and_an_accepted_risk_keeps_an_owner(client, db):
    acme = await make_tenant(db)
    reviewer = await make_member(db, acme.tenant_id, "rita@acme.example", Role.REVIEWER)
    risk_id = await _risk(client, acme.token, ownerId=acme.global_id)
    await _accept(client, reviewer.token, risk_id)

    ownerless = await gql(
        client, UPDATE, {"i": {"riskId": risk_id, "ownerId": None}}, token=acme.token
    )
    renamed = await gql(
        client, UPDATE, {"i": {"riskId": risk_id, "title": "Payroll down"}}, token=acme.token
    )
    raised = await gql(
        client, UPDATE, {"i": {"riskId": risk_id, "inherentImpact": 5}}, token=acme.token
    )

    assert ownerless["data"]["updateRisk"]["errors"] == [
        {
            "code": "INVALID",
            "field": ["ownerId"],
            "message": "An accepted risk keeps an owner: choose another, or treat it "
            "otherwise first.",
        }
    ]
    assert renamed["data"]["updateRisk"]["risk"]["treatment"] == "ACCEPT"
    assert raised["data"]["updateRisk"]["risk"] == {"treatment": None, "acceptance": None}
