"""What a review checks follows the vendor's tier and its report's age, by the tenant's rules."""

from datetime import date

from domain.reviews.checklist import required_kinds
from domain.reviews.models import ChecklistKind as K
from domain.shared.risk import TierFloor
from domain.tenancy.settings import TenantSettings

TODAY = date(2026, 12, 6)
DEFAULTS = TenantSettings()


def test_a_low_vendor_s_review_checks_its_findings_and_contract_terms():
    assert required_kinds("LOW", DEFAULTS, None, TODAY) == [
        K.OPEN_FINDINGS_REVIEWED,
        K.CONTRACT_TERMS,
    ]


def test_a_report_whose_period_ended_past_the_gap_calls_for_a_bridge_letter():
    recent = required_kinds("MEDIUM", DEFAULTS, date(2026, 10, 31), TODAY)
    older = required_kinds("MEDIUM", DEFAULTS, date(2026, 6, 30), TODAY)

    assert K.BRIDGE_LETTER not in recent
    assert older[:2] == [K.SOC_REPORT_REVIEWED, K.BRIDGE_LETTER]


def test_the_tenant_decides_from_which_tier_each_item_is_asked_for():
    strict = TenantSettings(
        review_soc_report_from_tier=TierFloor.LOW,
        review_cuecs_from_tier=TierFloor.LOW,
        review_contract_terms_from_tier=TierFloor.NEVER,
    )

    assert required_kinds("LOW", strict, None, TODAY) == [
        K.SOC_REPORT_REVIEWED,
        K.CUECS_CONSIDERED,
        K.OPEN_FINDINGS_REVIEWED,
    ]
