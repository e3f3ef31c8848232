"""Input types of the tenancy area."""

from datetime import datetime

import strawberry
from strawberry import relay

from app.api.enums import Role, TierFloor, TrustServicesCategory


@strawberry.input(
    description="Fields to change; omitted ones keep their value (none can be cleared)."
)
class UpdateTenantSettingsInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="The company's name.")
    review_months_critical: int | None = strawberry.field(
        default=strawberry.UNSET, description="Months between a CRITICAL vendor's reviews: 1 to 60."
    )
    review_months_high: int | None = strawberry.field(
        default=strawberry.UNSET, description="Months between a HIGH vendor's reviews: 1 to 60."
    )
    review_months_medium: int | None = strawberry.field(
        default=strawberry.UNSET, description="Months between a MEDIUM vendor's reviews: 1 to 60."
    )
    review_months_low: int | None = strawberry.field(
        default=strawberry.UNSET, description="Months between a LOW vendor's reviews: 1 to 60."
    )
    stale_report_months: int | None = strawberry.field(
        default=strawberry.UNSET, description="1 to 36."
    )
    bridge_letter_gap_months: int | None = strawberry.field(
        default=strawberry.UNSET, description="0 to 12."
    )
    tier_critical_min_score: int | None = strawberry.field(
        default=strawberry.UNSET, description="Must stay above the HIGH threshold."
    )
    tier_high_min_score: int | None = strawberry.field(
        default=strawberry.UNSET, description="Between the MEDIUM and CRITICAL thresholds."
    )
    tier_medium_min_score: int | None = strawberry.field(
        default=strawberry.UNSET, description="Must stay below the HIGH threshold."
    )
    review_soc_report_from_tier: TierFloor | None = strawberry.field(
        default=strawberry.UNSET,
        description="Lowest tier whose periodic review checks the current SOC report.",
    )
    review_cuecs_from_tier: TierFloor | None = strawberry.field(
        default=strawberry.UNSET,
        description="Lowest tier whose periodic review considers the report's CUECs.",
    )
    review_contract_terms_from_tier: TierFloor | None = strawberry.field(
        default=strawberry.UNSET,
        description="Lowest tier whose periodic review checks contract and data terms.",
    )
    review_questionnaire_from_tier: TierFloor | None = strawberry.field(
        default=strawberry.UNSET,
        description="Lowest tier whose periodic review considers a completed security "
        "questionnaire.",
    )
    security_review_from_tier: TierFloor | None = strawberry.field(
        default=strawberry.UNSET,
        description="Lowest tier whose onboarding requires a security review.",
    )
    soc2_or_questionnaire_from_tier: TierFloor | None = strawberry.field(
        default=strawberry.UNSET,
        description="Lowest tier whose onboarding requires a SOC 2 or questionnaire.",
    )
    soc2_type2_from_tier: TierFloor | None = strawberry.field(
        default=strawberry.UNSET, description="Lowest tier whose vendors owe a Type II SOC report."
    )
    required_trust_categories: list[TrustServicesCategory] | None = strawberry.field(
        default=strawberry.UNSET, description="Categories a vendor's SOC 2 must cover."
    )
    risk_medium_min_score: int | None = strawberry.field(
        default=strawberry.UNSET, description="2 to 25, below the HIGH band's."
    )
    risk_high_min_score: int | None = strawberry.field(
        default=strawberry.UNSET, description="Between the MEDIUM and CRITICAL bands'."
    )
    risk_critical_min_score: int | None = strawberry.field(
        default=strawberry.UNSET, description="Up to 25, above the HIGH band's."
    )
    risk_acceptance_max_months: int | None = strawberry.field(
        default=strawberry.UNSET, description="1 to 36."
    )
    answer_stale_months: int | None = strawberry.field(
        default=strawberry.UNSET, description="1 to 60."
    )


@strawberry.input(description="Give a person a role in this tenant.")
class AddMemberInput:
    email: str = strawberry.field(description="Their email; a new user is created if needed.")
    role: Role = strawberry.field(description="Their role here.")
    display_name: str | None = strawberry.field(
        default=None, description="Name for a new user; defaults to the email's local part."
    )


@strawberry.input(description="Change a member's role.")
class ChangeMemberRoleInput:
    member_id: relay.GlobalID = strawberry.field(description="The member.")
    role: Role = strawberry.field(description="The new role.")


@strawberry.input(description="Remove a member and revoke their tokens.")
class RemoveMemberInput:
    member_id: relay.GlobalID = strawberry.field(description="The member.")


@strawberry.input(description="Create an API token.")
class CreateApiTokenInput:
    name: str = strawberry.field(description="What the token is for.")
    member_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Whose token (ADMINs only); defaults to the caller."
    )
    expires_at: datetime | None = strawberry.field(
        default=None, description="When it stops working; never, if omitted."
    )


@strawberry.input(description="Revoke an API token.")
class RevokeApiTokenInput:
    token_id: relay.GlobalID = strawberry.field(description="The token.")
