"""What the vendors area announces when a vendor's standing changes (see
domain.shared.consequences): the areas above plan their work around it (reviews)."""

from dataclasses import dataclass
from uuid import UUID

from domain.vendors.models import VendorStatus


@dataclass(frozen=True, slots=True)
class VendorStatusChanged:
    """A vendor entered the inventory (`before` None) or moved along its lifecycle."""

    tenant_id: UUID
    vendor_id: UUID
    before: VendorStatus | None
    after: VendorStatus


@dataclass(frozen=True, slots=True)
class VendorTierChanged:
    """The tier in force of one vendor changed (its profile, or a reviewer's override).
    A tenant's new thresholds re-tier every vendor and are announced as settings changed."""

    tenant_id: UUID
    vendor_id: UUID
