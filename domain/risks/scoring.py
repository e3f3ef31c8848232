"""How a risk is rated: likelihood and impact from 1 to 5, each with its label; the score is
their product (1 to 25); the tenant's settings cut scores into heat-map bands.

| score from (default) | band |
|---|---|
| 1 | LOW |
| `risk_medium_min_score` (5) | MEDIUM |
| `risk_high_min_score` (10) | HIGH |
| `risk_critical_min_score` (20) | CRITICAL |

A risk's current rating is its residual one once assessed, else its inherent one: a risk
with no controls weighed yet is as large as it was found.
"""

import enum
from dataclasses import dataclass

from domain.shared.errors import InvalidInput
from domain.tenancy.settings import TenantSettings

LIKELIHOOD_LABELS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_LABELS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
LEVELS = range(1, 6)


class RiskBand(enum.StrEnum):
    """A heat-map band, lowest first."""

    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


@dataclass(frozen=True)
class Rating:
    likelihood: int
    impact: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def likelihood_label(self) -> str:
        return LIKELIHOOD_LABELS[self.likelihood]

    @property
    def impact_label(self) -> str:
        return IMPACT_LABELS[self.impact]


def level(value: int, field: str) -> int:
    """A likelihood or an impact, checked: 1 to 5."""
    if value not in LEVELS:
        raise InvalidInput("Likelihood and impact are rated 1 (lowest) to 5 (highest).", field)
    return value


# Each band above LOW and the setting that holds its lowest score, highest band first: a
# score is in the first band whose floor it reaches (queries.band_of says it in SQL).
BAND_FLOORS = (
    (RiskBand.CRITICAL, "risk_critical_min_score"),
    (RiskBand.HIGH, "risk_high_min_score"),
    (RiskBand.MEDIUM, "risk_medium_min_score"),
)


def band(score: int, settings: TenantSettings) -> RiskBand:
    """The heat-map band of a score under the tenant's settings."""
    for banded, floor in BAND_FLOORS:
        if score >= getattr(settings, floor):
            return banded
    return RiskBand.LOW
