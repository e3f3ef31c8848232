"""Who is acting: a member through a token, the system (CLI, jobs), or a vendor answering a
questionnaire through a respondent link."""

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
    # a vendor's respondent: no member, no role's permissions (policy.allows refuses it all)
    respondent_link_id: UUID | None = None

    @property
    def is_system(self) -> bool:
        return self.user_id is None and self.respondent_link_id is None

    @property
    def kind(self) -> str:
        """How the audit trail names who acted: USER, SYSTEM or RESPONDENT."""
        if self.respondent_link_id is not None:
            return "RESPONDENT"
        return "SYSTEM" if self.user_id is None else "USER"

    @classmethod
    def system(cls, tenant_id: UUID, request_id: str | None = None) -> "Actor":
        """The operator acting through the CLI or a job: full rights in one tenant."""
        return cls(tenant_id=tenant_id, role=Role.ADMIN, request_id=request_id)

    @classmethod
    def respondent(cls, tenant_id: UUID, link_id: UUID, request_id: str | None = None) -> "Actor":
        """A vendor answering through the respondent link `link_id`."""
        return cls(
            tenant_id=tenant_id, role=Role.VIEWER, request_id=request_id, respondent_link_id=link_id
        )
