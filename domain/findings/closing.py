"""What closing a finding settles: the follow-ups it still waited for are cancelled, saying
why, so none shows as overdue on the vendor's page. Wherever a finding closes (a member's
transition, tprm's own resolution on a newer reading), this is the one way it is done."""

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.findings.models import Finding, FindingFollowUp, FollowUpStatus
from domain.shared.actor import Actor


def mark_cancelled(follow_up: FindingFollowUp, why: str) -> None:
    follow_up.status = FollowUpStatus.CANCELLED.value
    follow_up.status_reason = why


async def withdraw_follow_ups(session: AsyncSession, actor: Actor, finding: Finding) -> None:
    """Cancel the closed finding's EXPECTED follow-ups, each audited."""
    expected = await session.scalars(
        select(FindingFollowUp)
        .where(
            col(FindingFollowUp.tenant_id) == finding.tenant_id,
            col(FindingFollowUp.finding_id) == finding.id,
            col(FindingFollowUp.status) == FollowUpStatus.EXPECTED,
        )
        .order_by(col(FindingFollowUp.id))
        .with_for_update()
    )
    for follow_up in expected.all():
        mark_cancelled(follow_up, f"The finding was closed ({finding.status}).")
        await audit.record(session, actor, "finding.follow_up_cancelled", follow_up)
