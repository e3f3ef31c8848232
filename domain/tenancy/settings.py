"""A tenant's own settings, kept as JSON on the tenant row and validated here."""

from pydantic import BaseModel, ConfigDict, Field


class TenantSettings(BaseModel):
    """Defaults apply to any key a tenant has not set."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    review_cadence_months: int = Field(
        default=12, ge=1, le=36, description="Months between a vendor's periodic reviews."
    )
    stale_report_months: int = Field(
        default=12, ge=1, le=36, description="A SOC report whose period ended longer ago is stale."
    )
    bridge_letter_gap_months: int = Field(
        default=3, ge=0, le=12, description="Months past period end before a bridge letter is due."
    )
