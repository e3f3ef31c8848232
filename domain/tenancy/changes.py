"""What the tenancy area announces when a tenant's settings change (see
domain.shared.consequences)."""

from dataclasses import dataclass
from uuid import UUID

from domain.tenancy.settings import TenantSettings


@dataclass(frozen=True, slots=True)
class TenantSettingsChanged:
    tenant_id: UUID
    before: TenantSettings
    after: TenantSettings
