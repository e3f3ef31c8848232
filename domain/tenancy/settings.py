"""A tenant's own settings, kept as JSON on the tenant row and validated here."""

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.shared.risk import Tier, TierFloor
from parsers.soc2.result import Category


class TenantSettings(BaseModel):
    """Defaults apply to any key a tenant has not set."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    # Months between a vendor's periodic reviews, by its tier (domain/reviews/schedule.py).
    review_months_critical: int = Field(default=12, ge=1, le=60)
    review_months_high: int = Field(default=12, ge=1, le=60)
    review_months_medium: int = Field(default=24, ge=1, le=60)
    review_months_low: int = Field(default=36, ge=1, le=60)
    stale_report_months: int = Field(
        default=12, ge=1, le=36, description="A SOC report whose period ended longer ago is stale."
    )
    bridge_letter_gap_months: int = Field(
        default=3, ge=0, le=12, description="Months past period end before a bridge letter is due."
    )
    tier_critical_min_score: int = Field(default=70, ge=1, le=200)
    tier_high_min_score: int = Field(default=45, ge=1, le=200)
    tier_medium_min_score: int = Field(default=20, ge=1, le=200)
    security_review_from_tier: TierFloor = Field(
        default=TierFloor.MEDIUM,
        description="Lowest tier whose onboarding requires a security review.",
    )
    soc2_or_questionnaire_from_tier: TierFloor = Field(
        default=TierFloor.HIGH,
        description="Lowest tier whose onboarding requires a SOC 2 report or a questionnaire.",
    )

    soc2_type2_from_tier: TierFloor = Field(
        default=TierFloor.HIGH,
        description="Lowest tier whose vendors owe a Type II report (a Type I is a finding).",
    )
    required_trust_categories: tuple[Category, ...] = Field(
        default=(Category.SECURITY,),
        description="Trust services categories a vendor's SOC 2 must cover.",
    )

    def review_months(self, tier: Tier | str) -> int:
        """Months between reviews of a vendor of `tier`."""
        return int(getattr(self, f"review_months_{Tier(tier).value.lower()}"))

    # What a periodic review's checklist asks for, by the vendor's tier (domain/reviews/
    # checklist.py): the open findings are always reviewed.
    review_soc_report_from_tier: TierFloor = Field(
        default=TierFloor.MEDIUM,
        description="Lowest tier whose review checks the current SOC report (and, when its "
        "period ended longer ago than bridgeLetterGapMonths, a bridge letter).",
    )
    review_cuecs_from_tier: TierFloor = Field(
        default=TierFloor.HIGH,
        description="Lowest tier whose review considers the report's CUECs.",
    )
    review_contract_terms_from_tier: TierFloor = Field(
        default=TierFloor.LOW,
        description="Lowest tier whose review checks the contract and data-processing terms.",
    )
    review_questionnaire_from_tier: TierFloor = Field(
        default=TierFloor.HIGH,
        description="Lowest tier whose review considers a completed security questionnaire.",
    )

    # The risk register's heat-map bands by score, likelihood x impact (domain/risks/scoring.py).
    risk_medium_min_score: int = Field(
        default=5, ge=2, le=25, description="Lowest risk score in the MEDIUM band."
    )
    risk_high_min_score: int = Field(
        default=10, ge=2, le=25, description="Lowest risk score in the HIGH band."
    )
    risk_critical_min_score: int = Field(
        default=20, ge=2, le=25, description="Lowest risk score in the CRITICAL band."
    )
    risk_acceptance_max_months: int = Field(
        default=12, ge=1, le=36, description="Longest a risk acceptance may run before it expires."
    )

    answer_stale_months: int = Field(
        default=12,
        ge=1,
        le=60,
        description="An answer of the library last reviewed longer ago is stale.",
    )

    @model_validator(mode="after")
    def _thresholds_descend(self) -> "TenantSettings":
        if not (
            self.tier_critical_min_score > self.tier_high_min_score > self.tier_medium_min_score
        ):
            raise ValueError("tier thresholds must descend: critical > high > medium")
        if not (
            self.risk_critical_min_score > self.risk_high_min_score > self.risk_medium_min_score
        ):
            raise ValueError("risk bands must descend: critical > high > medium")
        return self
