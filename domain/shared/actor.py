"""Who is acting: a member through a token, or the system (CLI, jobs)."""

from dataclasses import dataclass
from uuid import UUID

from domain.shared.roles import Role


@dataclass(frozen=True, slots=True)
class Actor:
    tenant_id: UUID
    role: Role
    user_id: UUID | None = None
    membership_id: UUID | None = None
    token_id: UUID | None = None
    request_id: str | None = None
    # acting through a token someone else made for this member: it may work, not approve
    delegated: bool = False

    @property
    def is_system(self) -> bool:
        return self.user_id is None

    @classmethod
    def system(cls, tenant_id: UUID, request_id: str | None = None) -> "Actor":
        """The operator acting through the CLI or a job: full rights in one tenant."""
        return cls(tenant_id=tenant_id, role=Role.ADMIN, request_id=request_id)
