"""Every mutation of the schema, with a valid call, who may make it, and what it audits.

test_every_mutation_is_catalogued keeps this list complete: a new mutation
without an entry here fails the suite.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.factories import Member, global_id

EVERY_ROLE = {"ADMIN", "REVIEWER", "PROCUREMENT", "VIEWER"}


@dataclass(frozen=True)
class Scene:
    """Who acts, and the other member (with a token) they may act upon."""

    actor: Member
    other: Member
    actor_token_id: str
    other_token_id: str


@dataclass(frozen=True)
class Case:
    name: str  # the mutation field
    document: str
    variables: Callable[[Scene], dict[str, Any]]
    allowed: set[str]
    action: str  # audit action written on success
    # What a role outside `allowed` gets: FORBIDDEN, or NOT_FOUND where the thing
    # must stay invisible to them (someone else's token).
    refusal: str = "FORBIDDEN"


def _doc(field: str, input_type: str, selection: str) -> str:
    return (
        f"mutation($input: {input_type}!) {{ {field}(input: $input) "
        f"{{ {selection} errors {{ code field message }} }} }}"
    )


CASES = [
    Case(
        "updateTenantSettings",
        _doc("updateTenantSettings", "UpdateTenantSettingsInput", "tenant { id }"),
        lambda s: {"input": {"reviewCadenceMonths": 6}},
        {"ADMIN"},
        "tenant.settings_updated",
    ),
    Case(
        "addMember",
        _doc("addMember", "AddMemberInput", "member { id }"),
        lambda s: {"input": {"email": "newcomer@acme.example", "role": "VIEWER"}},
        {"ADMIN"},
        "member.added",
    ),
    Case(
        "changeMemberRole",
        _doc("changeMemberRole", "ChangeMemberRoleInput", "member { id }"),
        lambda s: {"input": {"memberId": s.other.global_id, "role": "REVIEWER"}},
        {"ADMIN"},
        "member.role_changed",
    ),
    Case(
        "removeMember",
        _doc("removeMember", "RemoveMemberInput", "removedMemberId"),
        lambda s: {"input": {"memberId": s.other.global_id}},
        {"ADMIN"},
        "member.removed",
    ),
    Case(
        "createApiToken",
        _doc("createApiToken", "CreateApiTokenInput", "apiToken { id } secret"),
        lambda s: {"input": {"name": "my laptop"}},
        EVERY_ROLE,
        "api_token.created",
    ),
    Case(
        "createApiToken",
        _doc("createApiToken", "CreateApiTokenInput", "apiToken { id } secret"),
        lambda s: {"input": {"name": "for them", "memberId": s.other.global_id}},
        {"ADMIN"},
        "api_token.created",
    ),
    Case(
        "revokeApiToken",
        _doc("revokeApiToken", "RevokeApiTokenInput", "apiToken { id revokedAt }"),
        lambda s: {"input": {"tokenId": global_id("ApiToken", s.actor_token_id)}},
        EVERY_ROLE,
        "api_token.revoked",
    ),
    Case(
        "revokeApiToken",
        _doc("revokeApiToken", "RevokeApiTokenInput", "apiToken { id revokedAt }"),
        lambda s: {"input": {"tokenId": global_id("ApiToken", s.other_token_id)}},
        {"ADMIN"},
        "api_token.revoked",
        refusal="NOT_FOUND",
    ),
]
