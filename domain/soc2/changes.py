"""What the SOC area announces when a vendor's reports change (see domain.shared.consequences)."""

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True)
class VendorReportsChanged:
    """A report of the vendor was read, re-read, corrected or confirmed: what its reports
    call for (findings, above all) may have changed."""

    tenant_id: UUID
    vendor_id: UUID
