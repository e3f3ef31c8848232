"""Inputs of the risk register's queries and mutations."""

import enum
from datetime import date

import strawberry
from strawberry import relay

from app.api.enums import RiskBand, RiskCategory, RiskStatus, RiskTreatment

LEVEL = "1 (lowest) to 5 (highest)"


@strawberry.input(description="A risk, new.")
class CreateRiskInput:
    title: str = strawberry.field(description="What could happen (at most 300 characters).")
    description: str = strawberry.field(default="", description="How, and what it would do.")
    category: RiskCategory = strawberry.field(description="What kind of harm.")
    inherent_likelihood: int = strawberry.field(description=f"Before controls: {LEVEL}.")
    inherent_impact: int = strawberry.field(description=f"Before controls: {LEVEL}.")
    residual_likelihood: int | None = strawberry.field(
        default=None, description=f"After its controls: {LEVEL}; with residualImpact, or neither."
    )
    residual_impact: int | None = strawberry.field(
        default=None, description=f"After its controls: {LEVEL}."
    )
    treatment: RiskTreatment | None = strawberry.field(
        default=None,
        description="MITIGATE, TRANSFER or AVOID; ACCEPT is given by acceptRisk. Null: undecided.",
    )
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="A member.")
    vendor_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The vendor it is about, when it is a third party's."
    )
    review_on: date | None = strawberry.field(
        default=None, description="When it is looked at again (today or later)."
    )
    status: RiskStatus = strawberry.field(
        default=RiskStatus.OPEN, description="OPEN, or DRAFT to take it on later."
    )
    control_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="The tenant's own controls that mitigate it."
    )
    finding_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="Vendor findings it comes from."
    )


@strawberry.input(description="A finding to make a risk of.")
class CreateRiskFromFindingInput:
    finding_id: relay.GlobalID = strawberry.field(description="The finding.")


@strawberry.input(description="What to change of a risk: the fields given only.")
class UpdateRiskInput:
    risk_id: relay.GlobalID = strawberry.field(description="The risk.")
    title: str | None = strawberry.field(default=strawberry.UNSET, description="What could happen.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="How.")
    category: RiskCategory | None = strawberry.field(
        default=strawberry.UNSET, description="What kind of harm."
    )
    inherent_likelihood: int | None = strawberry.field(default=strawberry.UNSET, description=LEVEL)
    inherent_impact: int | None = strawberry.field(default=strawberry.UNSET, description=LEVEL)
    residual_likelihood: int | None = strawberry.field(
        default=strawberry.UNSET, description=f"{LEVEL}; null with residualImpact null: unassessed."
    )
    residual_impact: int | None = strawberry.field(default=strawberry.UNSET, description=LEVEL)
    treatment: RiskTreatment | None = strawberry.field(
        default=strawberry.UNSET,
        description="MITIGATE, TRANSFER, AVOID or null; another treatment ends an acceptance.",
    )
    owner_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="A member; null: nobody."
    )
    vendor_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The vendor it is about; null: none."
    )
    review_on: date | None = strawberry.field(
        default=strawberry.UNSET, description="When it is looked at again; null: unplanned."
    )
    status: RiskStatus | None = strawberry.field(
        default=strawberry.UNSET,
        description="DRAFT -> OPEN or CLOSED; OPEN -> CLOSED; CLOSED -> OPEN.",
    )
    control_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET, description="The controls that mitigate it, all of them."
    )


@strawberry.input(description="Accept a risk as it stands.")
class AcceptRiskInput:
    risk_id: relay.GlobalID = strawberry.field(description="The risk (OPEN, with an owner).")
    justification: str = strawberry.field(description="Why it is accepted.")
    expires_on: date = strawberry.field(
        description="Until when: after today, within the tenant's riskAcceptanceMaxMonths."
    )


@strawberry.input(description="A finding and a risk to link, or unlink.")
class RiskFindingInput:
    risk_id: relay.GlobalID = strawberry.field(description="The risk.")
    finding_id: relay.GlobalID = strawberry.field(description="The vendor finding.")


@strawberry.enum(description="What risks can be ordered by.")
class RiskOrder(enum.Enum):
    SCORE = "SCORE"
    NEWEST = "NEWEST"


@strawberry.input(description="Which risks to list.")
class RiskFilter:
    status: list[RiskStatus] | None = strawberry.field(default=None, description="In these.")
    category: list[RiskCategory] | None = strawberry.field(default=None, description="Of these.")
    treatment: list[RiskTreatment] | None = strawberry.field(
        default=None, description="Treated so."
    )
    band: list[RiskBand] | None = strawberry.field(
        default=None, description="Whose current score falls in these bands."
    )
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="This member's.")
    vendor_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The vendor's: about it, or fed by its findings."
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="true: an expired acceptance or a review past its date; false: neither.",
    )
    search: str | None = strawberry.field(default=None, description="Words in the title.")
