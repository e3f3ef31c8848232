"""The risk scales every area shares: a vendor's tier and the floors rules apply from."""

import enum


class Tier(enum.StrEnum):
    """Inherent risk tier, most scrutiny first."""

    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"

    @property
    def rank(self) -> int:
        """4 for CRITICAL down to 1 for LOW: sortable, comparable (stored as `tier_rank`)."""
        return len(Tier) - list(Tier).index(self)


class TierFloor(enum.StrEnum):
    """The lowest tier a rule applies to; NEVER turns the rule off."""

    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"
    NEVER = "NEVER"

    def reached_by(self, tier: Tier | str) -> bool:
        """Whether a vendor of `tier` is at or above this floor."""
        return self != TierFloor.NEVER and Tier(tier).rank >= Tier(self.value).rank
