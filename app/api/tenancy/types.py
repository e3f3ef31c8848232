"""GraphQL types of the tenancy area; tables never reach the schema directly."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import strawberry
from sqlalchemy import select
from strawberry import relay
from strawberry.dataloader import DataLoader

from app.api import json_pages
from app.api.context import Info
from app.api.enums import Role, TierFloor, TrustServicesCategory
from app.api.nodes import RowNode, node
from app.api.relay import parse_uuid
from domain.shared import policy
from domain.shared.policy import Permission
from domain.tenancy import models, queries
from domain.tenancy.settings import TenantSettings as TenantSettingsModel


def _uuids(node_ids: Iterable[str]) -> list[UUID | None]:
    return [parse_uuid(node_id) for node_id in node_ids]


@strawberry.type(
    description="A person, known by email. The same person may belong to several tenants; "
    "each tenant names its members itself (Member.displayName)."
)
class User(RowNode, relay.Node, model=models.User, read=Permission.TENANT_READ):
    user_id: relay.NodeID[UUID]
    email: str = strawberry.field(description="Login email, lowercased.")

    @classmethod
    def from_row(cls, row: models.User) -> "User":
        return cls(user_id=row.id, email=row.email)

    @classmethod
    def loader(cls, info: Info) -> DataLoader[UUID, Any]:
        return info.context.loaders.user_by_id


@strawberry.type(description="Settings that shape how tprm works for this tenant.")
class TenantSettings:
    review_months_critical: int = strawberry.field(
        description="Months between the periodic reviews of a CRITICAL vendor (default 12)."
    )
    review_months_high: int = strawberry.field(
        description="Months between the periodic reviews of a HIGH vendor (default 12)."
    )
    review_months_medium: int = strawberry.field(
        description="Months between the periodic reviews of a MEDIUM vendor (default 24)."
    )
    review_months_low: int = strawberry.field(
        description="Months between the periodic reviews of a LOW vendor (default 36)."
    )
    stale_report_months: int = strawberry.field(
        description="A SOC report whose period ended longer ago than this is stale."
    )
    bridge_letter_gap_months: int = strawberry.field(
        description="Months past a report's period end before a bridge letter is due."
    )
    tier_critical_min_score: int = strawberry.field(
        description="Inherent risk score from which a vendor is CRITICAL."
    )
    tier_high_min_score: int = strawberry.field(description="Score from which a vendor is HIGH.")
    tier_medium_min_score: int = strawberry.field(
        description="Score from which a vendor is MEDIUM; below it, LOW."
    )
    review_soc_report_from_tier: TierFloor = strawberry.field(
        description="Lowest tier whose periodic review checks the current SOC report (and a "
        "bridge letter when its period ended longer ago than bridgeLetterGapMonths)."
    )
    review_cuecs_from_tier: TierFloor = strawberry.field(
        description="Lowest tier whose periodic review considers the report's CUECs."
    )
    review_contract_terms_from_tier: TierFloor = strawberry.field(
        description="Lowest tier whose periodic review checks contract and data-processing terms."
    )
    review_questionnaire_from_tier: TierFloor = strawberry.field(
        description="Lowest tier whose periodic review considers a completed security "
        "questionnaire (attached to the review, or said not to apply)."
    )
    security_review_from_tier: TierFloor = strawberry.field(
        description="Lowest tier whose onboarding requires a security review."
    )
    soc2_or_questionnaire_from_tier: TierFloor = strawberry.field(
        description="Lowest tier whose onboarding requires a SOC 2 report or a questionnaire."
    )
    soc2_type2_from_tier: TierFloor = strawberry.field(
        description="Lowest tier whose vendors owe a Type II SOC report."
    )
    required_trust_categories: list[TrustServicesCategory] = strawberry.field(
        description="Trust services categories a vendor's SOC 2 must cover."
    )
    risk_medium_min_score: int = strawberry.field(
        description="Lowest risk score (likelihood x impact) in the MEDIUM band (default 5)."
    )
    risk_high_min_score: int = strawberry.field(
        description="Lowest risk score in the HIGH band (default 10)."
    )
    risk_critical_min_score: int = strawberry.field(
        description="Lowest risk score in the CRITICAL band (default 20)."
    )
    risk_acceptance_max_months: int = strawberry.field(
        description="Longest a risk acceptance may run before it expires (default 12)."
    )
    answer_stale_months: int = strawberry.field(
        description="An answer of the library last reviewed longer ago is stale (default 12)."
    )


@strawberry.type(description="A company using tprm; all its data is its own.")
class Tenant(relay.Node):
    tenant_id: relay.NodeID[UUID]
    name: str = strawberry.field(description="The company's name.")
    settings: TenantSettings = strawberry.field(description="How tprm works for this tenant.")
    created_at: datetime = strawberry.field(description="When the tenant was created.")

    @classmethod
    def from_row(cls, row: models.Tenant) -> "Tenant":
        settings = TenantSettingsModel.model_validate(row.settings)
        return cls(
            tenant_id=row.id,
            name=row.name,
            settings=TenantSettings(
                **{
                    **settings.model_dump(),
                    "required_trust_categories": list(settings.required_trust_categories),
                }
            ),
            created_at=row.created_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> Any:
        """Only the caller's own tenant (the one table not keyed by tenant)."""
        own = info.context.actor.tenant_id
        tenant = None
        if own in _uuids(node_ids):
            row = await queries.get_tenant(info.context.session, own)
            tenant = cls.from_row(row) if row else None
        return [tenant if i == own else None for i in _uuids(node_ids)]


@strawberry.type(description="A user's membership of this tenant, with its role.")
class Member(RowNode, relay.Node, model=models.Membership, read=Permission.MEMBER_READ):
    membership_id: relay.NodeID[UUID]
    display_name: str = strawberry.field(description="The member's name in this tenant.")
    role: Role = strawberry.field(description="What this member may do.")
    created_at: datetime = strawberry.field(description="When the member joined.")
    user_id: strawberry.Private[UUID]

    @strawberry.field(description="The person.")
    def user(self, info: Info) -> User:
        # A member's user is always visible to its tenant.
        return node(info, models.User, self.user_id)

    @classmethod
    def from_row(cls, row: models.Membership) -> "Member":
        return cls(
            membership_id=row.id,
            display_name=row.display_name,
            role=row.role,
            created_at=row.created_at,
            user_id=row.user_id,
        )

    @classmethod
    def loader(cls, info: Info) -> DataLoader[UUID, Any]:
        return info.context.loaders.membership_by_id


@strawberry.type(description="An API token. Its secret is shown once, when it is created.")
class ApiToken(RowNode, relay.Node, model=models.ApiToken, read=Permission.TENANT_READ):
    token_id: relay.NodeID[UUID]
    name: str = strawberry.field(description="What the token is for.")
    display_prefix: str = strawberry.field(description="First characters of the secret.")
    created_at: datetime = strawberry.field(description="When it was created.")
    expires_at: datetime | None = strawberry.field(description="When it stops working, if ever.")
    last_used_at: datetime | None = strawberry.field(
        description="When it was last used (kept to the minute)."
    )
    revoked_at: datetime | None = strawberry.field(description="When it was revoked, if it was.")
    membership_id: strawberry.Private[UUID]

    @strawberry.field(description="Whether the token authenticates now.")
    def active(self) -> bool:
        now = datetime.now(UTC)
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @strawberry.field(description="The member the token acts as.")
    def member(self, info: Info) -> Member | None:
        return node(info, models.Membership, self.membership_id)

    @classmethod
    def from_row(cls, row: models.ApiToken) -> "ApiToken":
        return cls(
            token_id=row.id,
            name=row.name,
            display_prefix=row.display_prefix,
            created_at=row.created_at,
            expires_at=row.expires_at,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
            membership_id=row.membership_id,
        )

    @classmethod
    def loader(cls, info: Info) -> DataLoader[UUID, Any]:
        return info.context.loaders.token_by_id

    @classmethod
    def visible(cls, info: Info, row: Any) -> bool:
        """A member sees their own tokens; only who manages any token sees the others'."""
        actor = info.context.actor
        return row.membership_id == actor.membership_id or policy.allows(
            actor, Permission.ANY_TOKEN_MANAGE
        )


@strawberry.type(description="Who is calling: the user, the tenant and the role of the token.")
class Viewer:
    user: User = strawberry.field(description="The calling user.")
    tenant: Tenant = strawberry.field(description="The tenant the token belongs to.")
    role: Role = strawberry.field(description="The role of the token's membership.")
    member: Member = strawberry.field(description="The membership the token acts as.")


# How PostgreSQL writes these types on a list page (app/api/json_pages.py), as above.
json_pages.project("User", {"id": json_pages.global_id("User"), **json_pages.columns("email")})
json_pages.project(
    "Member",
    {
        "id": json_pages.global_id("Member"),
        **json_pages.columns("display_name", "role"),
        "createdAt": json_pages.instant("created_at"),
        "user": json_pages.One(
            models.User.__table__,  # type: ignore[attr-defined]
            lambda member, users, user: select(user).where(users.c.id == member.c.user_id),
        ),
    },
)
