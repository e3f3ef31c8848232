"""Segregation of duties: no one decides what they asked for, through their own token or one
minted for someone else, and no token outlives the token or the member it came from."""

from sqlalchemy import text

from domain.shared.roles import Role
from tests.factories import global_id, gql, make_member, make_tenant, make_vendor

FILE = """mutation($i: FileOnboardingRequestInput!) { fileOnboardingRequest(input: $i) {
  request { id checklist { id } } errors { code } } }"""
RESOLVE = """mutation($i: ResolveOnboardingRequirementInput!) {
  resolveOnboardingRequirement(input: $i) { requirement { status } errors { code field message } } }"""
APPROVE = """mutation($i: ApproveOnboardingRequestInput!) { approveOnboardingRequest(input: $i) {
  request { status } errors { code field message } } }"""
CREATE_TOKEN = """mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) {
  apiToken { id } secret errors { code field } } }"""
REVOKE = """mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) {
  errors { code field } } }"""
REMOVE = """mutation($i: RemoveMemberInput!) { removeMember(input: $i) {
  removedMemberId errors { code } } }"""
ADD = """mutation($i: AddMemberInput!) { addMember(input: $i) {
  member { id role } errors { code } } }"""
CRITICAL = {"dataCategories": ["CREDENTIALS"], "accessLevel": "ADMIN"}


async def _can_read(client, token: str) -> bool:
    response = await client.post(
        "/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code == 200


async def _revocations(db, tenant_id) -> list[str]:
    async with db.owner_transaction() as session:
        rows = await session.execute(
            text(
                "SELECT t.name FROM audit_events a JOIN api_tokens t ON t.id = a.entity_id "
                "WHERE a.tenant_id = :t AND a.action = 'api_token.revoked' ORDER BY t.name"
            ),
            {"t": tenant_id},
        )
        return [row[0] for row in rows]


async def _file(client, db, acme, requester_token):
    vendor = await make_vendor(db, acme, "Globex")
    filed = await gql(
        client,
        FILE,
        {
            "i": {
                "vendorId": global_id("Vendor", vendor.id),
                "purpose": "Admin tooling",
                "dataAccess": CRITICAL,
            }
        },
        token=requester_token,
    )
    return filed["data"]["fileOnboardingRequest"]["request"]


async def test_the_requester_cannot_clear_their_own_checklist(client, db):
    acme = await make_tenant(db)  # an ADMIN may both file and decide, but not both at once
    request = await _file(client, db, acme, acme.token)

    cleared = await gql(
        client,
        RESOLVE,
        {"i": {"requirementId": request["checklist"][0]["id"], "status": "SATISFIED"}},
        token=acme.token,
    )

    [error] = cleared["data"]["resolveOnboardingRequirement"]["errors"]
    assert (error["code"], error["field"]) == ("SELF_APPROVAL", ["requirementId"])
    assert "cannot clear its checklist" in error["message"]


async def test_a_token_an_admin_made_for_a_reviewer_cannot_approve_but_the_reviewers_own_can(
    client, db
):
    acme = await make_tenant(db)
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    request = await _file(client, db, acme, acme.token)
    minted = await gql(
        client,
        CREATE_TOKEN,
        {"i": {"name": "for rev", "memberId": reviewer.global_id}},
        token=acme.token,
    )
    minted_secret = minted["data"]["createApiToken"]["secret"]

    by_minted = [
        await gql(
            client,
            RESOLVE,
            {"i": {"requirementId": item["id"], "status": "WAIVED", "note": "n/a"}},
            token=minted_secret,
        )
        for item in request["checklist"]
    ]
    approved_by_minted = await gql(
        client, APPROVE, {"i": {"requestId": request["id"]}}, token=minted_secret
    )
    by_own = [
        await gql(
            client,
            RESOLVE,
            {"i": {"requirementId": item["id"], "status": "WAIVED", "note": "n/a"}},
            token=reviewer.token,
        )
        for item in request["checklist"]
    ]
    approved_by_own = await gql(
        client, APPROVE, {"i": {"requestId": request["id"]}}, token=reviewer.token
    )

    # nor can it make a token of the reviewer's own to approve with
    laundered = await gql(client, CREATE_TOKEN, {"i": {"name": "mine now"}}, token=minted_secret)
    assert laundered["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert all(body["errors"][0]["extensions"]["code"] == "FORBIDDEN" for body in by_minted)
    assert approved_by_minted["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "made for you by someone else" in approved_by_minted["errors"][0]["message"]
    assert [b["data"]["resolveOnboardingRequirement"]["errors"] for b in by_own] == [[], []]
    assert approved_by_own["data"]["approveOnboardingRequest"]["request"] == {"status": "APPROVED"}


async def test_revoking_a_token_revokes_every_token_made_with_it(client, db):
    acme = await make_tenant(db)
    child = await gql(client, CREATE_TOKEN, {"i": {"name": "child"}}, token=acme.token)
    child_secret = child["data"]["createApiToken"]["secret"]
    grandchild = await gql(client, CREATE_TOKEN, {"i": {"name": "grandchild"}}, token=child_secret)
    grandchild_secret = grandchild["data"]["createApiToken"]["secret"]
    sibling = await gql(client, CREATE_TOKEN, {"i": {"name": "sibling"}}, token=acme.token)
    sibling_secret = sibling["data"]["createApiToken"]["secret"]

    revoked = await gql(
        client,
        REVOKE,
        {"i": {"tokenId": child["data"]["createApiToken"]["apiToken"]["id"]}},
        token=sibling_secret,
    )

    assert revoked["data"]["revokeApiToken"]["errors"] == []
    assert not await _can_read(client, child_secret)
    assert not await _can_read(client, grandchild_secret)
    assert await _can_read(client, sibling_secret)
    assert await _can_read(client, acme.token)
    assert await _revocations(db, acme.tenant_id) == ["child", "grandchild"]


async def _bob_removed(client, db):
    """Bob, a reviewer with a second token and a vendor he owns, removed by the ADMIN."""
    acme = await make_tenant(db)
    bob = await make_member(db, acme.tenant_id, "bob@acme.example", Role.REVIEWER)
    second = await gql(client, CREATE_TOKEN, {"i": {"name": "laptop"}}, token=bob.token)
    owned = await make_vendor(db, acme, "Globex", business_owner_id=bob.membership_id)
    removed = await gql(client, REMOVE, {"i": {"memberId": bob.global_id}}, token=acme.token)
    assert removed["data"]["removeMember"]["removedMemberId"] == bob.global_id
    return acme, bob, second["data"]["createApiToken"]["secret"], owned


async def test_a_removed_member_is_no_longer_listed(client, db):
    acme, _bob, _laptop, _owned = await _bob_removed(client, db)

    members = await gql(client, "{ members { totalCount } }", token=acme.token)

    assert members["data"]["members"]["totalCount"] == 1


async def test_a_removed_member_s_tokens_are_revoked_and_kept_on_record(client, db):
    acme, bob, _laptop, _owned = await _bob_removed(client, db)

    async with db.owner_transaction() as session:
        tokens = (
            await session.execute(
                text(
                    "SELECT name, revoked_at IS NOT NULL FROM api_tokens WHERE membership_id = :m"
                ),
                {"m": bob.membership_id},
            )
        ).all()

    assert len(tokens) == 2 and all(revoked for _, revoked in tokens)
    assert await _revocations(db, acme.tenant_id) == sorted(name for name, _ in tokens)


async def test_a_removed_member_s_tokens_no_longer_authenticate(client, db):
    _acme, bob, laptop, _owned = await _bob_removed(client, db)

    assert not await _can_read(client, bob.token)
    assert not await _can_read(client, laptop)


async def test_a_member_who_comes_back_gets_none_of_their_old_tokens_back(client, db):
    acme, bob, _laptop, _owned = await _bob_removed(client, db)

    again = await gql(
        client, ADD, {"i": {"email": "bob@acme.example", "role": "VIEWER"}}, token=acme.token
    )

    assert again["data"]["addMember"]["member"]["role"] == "VIEWER"
    assert not await _can_read(client, bob.token)


async def test_what_a_removed_member_owned_is_owned_by_no_one(client, db):
    acme, _bob, _laptop, owned = await _bob_removed(client, db)

    owner = await gql(
        client,
        "query($id: ID!) { vendor(id: $id) { businessOwner { id } } }",
        {"id": global_id("Vendor", owned.id)},
        token=acme.token,
    )

    assert owner["data"]["vendor"]["businessOwner"] is None
