"""Inherent risk tier from a vendor's data-access profile: documented, deterministic scoring.

Points add up from what the vendor touches and how deeply it is wired in:

| factor | points |
|---|---|
| most sensitive data category: credentials 40, health 35, payment 35, personal 25, customer 20, none 0 | that many |
| each further sensitive category | +5 (at most +15) |
| access level: admin 30, write 20, read 10, none 0 | that many |
| connects to production | +15 |
| business criticality: critical 25, high 15, medium 8, low 0 | that many |
| hosting regions unknown while it holds data | +10 |
| data hosted in more than one region | +5 |

The score maps to a tier by the tenant's thresholds (defaults: CRITICAL from 70,
HIGH from 45, MEDIUM from 20, else LOW). Every point comes with a reason.
"""

import enum
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from domain.shared.risk import Tier


class DataCategory(enum.StrEnum):
    CUSTOMER_DATA = "CUSTOMER_DATA"
    PERSONAL_DATA = "PERSONAL_DATA"
    HEALTH_DATA = "HEALTH_DATA"
    PAYMENT_DATA = "PAYMENT_DATA"
    CREDENTIALS = "CREDENTIALS"
    NONE = "NONE"


class AccessLevel(enum.StrEnum):
    NONE = "NONE"
    READ = "READ"
    WRITE = "WRITE"
    ADMIN = "ADMIN"


class Criticality(enum.StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


CATEGORY_POINTS = {
    DataCategory.CREDENTIALS: 40,
    DataCategory.HEALTH_DATA: 35,
    DataCategory.PAYMENT_DATA: 35,
    DataCategory.PERSONAL_DATA: 25,
    DataCategory.CUSTOMER_DATA: 20,
    DataCategory.NONE: 0,
}
ACCESS_POINTS = {
    AccessLevel.ADMIN: 30,
    AccessLevel.WRITE: 20,
    AccessLevel.READ: 10,
    AccessLevel.NONE: 0,
}
CRITICALITY_POINTS = {
    Criticality.CRITICAL: 25,
    Criticality.HIGH: 15,
    Criticality.MEDIUM: 8,
    Criticality.LOW: 0,
}
EXTRA_CATEGORY_POINTS, EXTRA_CATEGORY_CAP = 5, 15
PRODUCTION_POINTS = 15
UNKNOWN_REGION_POINTS = 10
MULTI_REGION_POINTS = 5


# A hosting region as given: a country or cloud region code, at most 40 characters.
Region = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]


class DataAccessProfile(BaseModel):
    """What a vendor touches; stored as JSON on the vendor and on onboarding requests."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_categories: tuple[DataCategory, ...] = ()
    access_level: AccessLevel = AccessLevel.NONE
    connects_to_production: bool = False
    business_criticality: Criticality = Criticality.LOW
    # each region checked where it stands, so an error names its place in the list
    hosting_regions: tuple[Region, ...] = Field(default=(), max_length=20)

    @field_validator("data_categories")
    @classmethod
    def _no_duplicates(cls, value: tuple[DataCategory, ...]) -> tuple[DataCategory, ...]:
        unique = tuple(dict.fromkeys(value))
        if DataCategory.NONE in unique and len(unique) > 1:
            raise ValueError("NONE cannot be combined with other data categories")
        return unique

    @field_validator("hosting_regions")
    @classmethod
    def _clean_regions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.upper() for r in value if r))

    @property
    def sensitive_categories(self) -> list[DataCategory]:
        return sorted(
            (c for c in self.data_categories if c is not DataCategory.NONE),
            key=lambda c: -CATEGORY_POINTS[c],
        )


class TierThresholds(BaseModel):
    model_config = ConfigDict(frozen=True)

    critical: int = Field(default=70, ge=1, le=200)
    high: int = Field(default=45, ge=1, le=200)
    medium: int = Field(default=20, ge=1, le=200)

    @classmethod
    def of(cls, settings: Any) -> "TierThresholds":
        """The thresholds a tenant's settings set."""
        return cls(
            critical=settings.tier_critical_min_score,
            high=settings.tier_high_min_score,
            medium=settings.tier_medium_min_score,
        )

    def tier_for(self, score: int) -> Tier:
        if score >= self.critical:
            return Tier.CRITICAL
        if score >= self.high:
            return Tier.HIGH
        if score >= self.medium:
            return Tier.MEDIUM
        return Tier.LOW


class TierFactor(enum.StrEnum):
    """What part of the data-access profile a tier reason is about."""

    DATA_CATEGORIES = "DATA_CATEGORIES"
    ACCESS_LEVEL = "ACCESS_LEVEL"
    PRODUCTION_ACCESS = "PRODUCTION_ACCESS"
    BUSINESS_CRITICALITY = "BUSINESS_CRITICALITY"
    HOSTING_REGIONS = "HOSTING_REGIONS"


@dataclass(frozen=True)
class TierReason:
    """Points a factor of the profile adds to the score, and why in words."""

    factor: TierFactor
    points: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"factor": self.factor.value, "points": self.points, "reason": self.reason}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "TierReason":
        return cls(TierFactor(raw["factor"]), int(raw["points"]), str(raw["reason"]))


@dataclass(frozen=True)
class TierAssessment:
    tier: Tier
    score: int
    reasons: list[TierReason] = field(default_factory=list)


def _label(value: Any) -> str:
    return str(value).replace("_", " ").lower()


def assess(profile: DataAccessProfile, thresholds: TierThresholds) -> TierAssessment:
    """Score a profile and name every reason; same input, same tier."""
    reasons: list[TierReason] = []

    def add(factor: TierFactor, points: int, reason: str) -> None:
        reasons.append(TierReason(factor, points, reason))

    sensitive = profile.sensitive_categories
    if sensitive:
        top = sensitive[0]
        add(TierFactor.DATA_CATEGORIES, CATEGORY_POINTS[top], f"Handles {_label(top)}")
        extra = min(EXTRA_CATEGORY_POINTS * (len(sensitive) - 1), EXTRA_CATEGORY_CAP)
        if extra:
            others = ", ".join(_label(c) for c in sensitive[1:])
            add(TierFactor.DATA_CATEGORIES, extra, f"Also handles {others}")
    else:
        add(TierFactor.DATA_CATEGORIES, 0, "Handles no sensitive data")
    if ACCESS_POINTS[profile.access_level]:
        add(
            TierFactor.ACCESS_LEVEL,
            ACCESS_POINTS[profile.access_level],
            f"{profile.access_level.value.capitalize()} access to our systems",
        )
    if profile.connects_to_production:
        add(TierFactor.PRODUCTION_ACCESS, PRODUCTION_POINTS, "Connects to production")
    if CRITICALITY_POINTS[profile.business_criticality]:
        add(
            TierFactor.BUSINESS_CRITICALITY,
            CRITICALITY_POINTS[profile.business_criticality],
            f"{_label(profile.business_criticality).capitalize()} business criticality",
        )
    if sensitive and not profile.hosting_regions:
        add(TierFactor.HOSTING_REGIONS, UNKNOWN_REGION_POINTS, "Hosting regions unknown")
    elif sensitive and len(profile.hosting_regions) > 1:
        add(
            TierFactor.HOSTING_REGIONS,
            MULTI_REGION_POINTS,
            f"Data hosted in {len(profile.hosting_regions)} regions",
        )
    score = sum(r.points for r in reasons)
    return TierAssessment(tier=thresholds.tier_for(score), score=score, reasons=reasons)
