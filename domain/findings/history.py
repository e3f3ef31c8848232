"""A finding's status history: one row when it is raised, one per move since."""

from sqlalchemy.ext.asyncio import AsyncSession

from domain.findings.models import Finding, FindingStatus, FindingStatusChange
from domain.shared.actor import Actor


def record(
    session: AsyncSession,
    actor: Actor,
    finding: Finding,
    before: FindingStatus | None,
    reason: str | None = None,
) -> None:
    """Keep that `actor` moved `finding` from `before` (None: raised it) to its status now."""
    session.add(
        FindingStatusChange(
            tenant_id=finding.tenant_id,
            finding_id=finding.id,
            from_status=before.value if before else None,
            to_status=finding.status,
            reason=reason,
            changed_by_id=actor.membership_id,
        )
    )
