"""The inherent-risk score: documented points, deterministic tiers, a reason for each point."""

import pytest
from pydantic import ValidationError

from domain.vendors.models import Tier
from domain.vendors.tiering import (
    DataAccessProfile,
    TierAssessment,
    TierFactor,
    TierThresholds,
    assess,
)

DEFAULT = TierThresholds()


def profile(**fields) -> DataAccessProfile:
    return DataAccessProfile.model_validate(fields)


def _lines(result: TierAssessment) -> list[str]:
    return [f"{r.reason} (+{r.points})" for r in result.reasons]


def test_the_points_of_the_reasons_make_the_score():
    result = assess(
        profile(data_categories=["PERSONAL_DATA", "PAYMENT_DATA"], access_level="WRITE"), DEFAULT
    )

    assert sum(r.points for r in result.reasons) == result.score > 0
    assert {r.factor for r in result.reasons} >= {
        TierFactor.DATA_CATEGORIES,
        TierFactor.ACCESS_LEVEL,
        TierFactor.HOSTING_REGIONS,
    }


def test_a_vendor_that_touches_nothing_is_low():
    result = assess(profile(), DEFAULT)

    assert (result.tier, result.score) == (Tier.LOW, 0)
    assert _lines(result) == ["Handles no sensitive data (+0)"]


def test_credentials_with_admin_access_to_production_is_critical():
    result = assess(
        profile(
            data_categories=["CREDENTIALS"],
            access_level="ADMIN",
            connects_to_production=True,
            hosting_regions=["US"],
        ),
        DEFAULT,
    )

    assert (result.tier, result.score) == (Tier.CRITICAL, 85)
    assert _lines(result)[:3] == [
        "Handles credentials (+40)",
        "Admin access to our systems (+30)",
        "Connects to production (+15)",
    ]


@pytest.mark.parametrize(
    ("fields", "score", "tier"),
    [
        ({"data_categories": ["CUSTOMER_DATA"], "hosting_regions": ["EU"]}, 20, Tier.MEDIUM),
        (
            {
                "data_categories": ["PERSONAL_DATA"],
                "access_level": "READ",
                "hosting_regions": ["EU"],
            },
            35,
            Tier.MEDIUM,
        ),
        ({"data_categories": ["PAYMENT_DATA"], "access_level": "READ"}, 55, Tier.HIGH),
        ({"business_criticality": "CRITICAL"}, 25, Tier.MEDIUM),
        ({"access_level": "WRITE"}, 20, Tier.MEDIUM),
        ({"access_level": "READ"}, 10, Tier.LOW),
    ],
)
def test_scores_and_tiers(fields, score, tier):
    result = assess(profile(**fields), DEFAULT)

    assert (result.score, result.tier) == (score, tier)


def test_further_categories_add_five_each_up_to_fifteen():
    many = ["CREDENTIALS", "HEALTH_DATA", "PAYMENT_DATA", "PERSONAL_DATA", "CUSTOMER_DATA"]

    two = assess(profile(data_categories=many[:2], hosting_regions=["US"]), DEFAULT)
    five = assess(profile(data_categories=many, hosting_regions=["US"]), DEFAULT)

    assert two.score == 45
    assert five.score == 55


def test_unknown_hosting_regions_weigh_only_when_data_is_shared():
    with_data = assess(profile(data_categories=["PERSONAL_DATA"]), DEFAULT)
    without = assess(profile(access_level="READ"), DEFAULT)

    assert "Hosting regions unknown (+10)" in _lines(with_data)
    assert not any("regions" in r for r in _lines(without))


def test_the_same_profile_always_gets_the_same_tier():
    p = profile(
        data_categories=["HEALTH_DATA", "PERSONAL_DATA"],
        access_level="WRITE",
        hosting_regions=["us", "EU", "us"],
    )

    assert assess(p, DEFAULT) == assess(p, DEFAULT)
    assert p.hosting_regions == ("US", "EU")


def test_tenant_thresholds_move_the_boundaries():
    p = profile(data_categories=["PERSONAL_DATA"], hosting_regions=["EU"])  # 25

    assert assess(p, DEFAULT).tier == Tier.MEDIUM
    assert assess(p, TierThresholds(critical=60, high=25, medium=10)).tier == Tier.HIGH


def test_none_cannot_be_combined_with_real_categories():
    with pytest.raises(ValidationError, match="NONE cannot be combined"):
        profile(data_categories=["NONE", "PERSONAL_DATA"])
