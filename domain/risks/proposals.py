"""Draft risks tprm proposes from what it reads in vendors' reports, once each.

At a vendor whose tier is CRITICAL or HIGH (and that is not terminated or rejected):
- an open MODIFIED_OPINION finding proposes a draft risk of its own, keyed
  `modified-opinion:<finding id>`;
- the open CONTROL_EXCEPTION findings of one report whose exception RECURS from the
  vendor's previous report propose one draft risk together, keyed
  `recurring-exceptions:<document id>`.

A key proposes once: a draft turned down (CLOSED), or taken on and changed, is never
proposed again. While the draft is still a DRAFT, a further finding of the same key (a
re-read report) is linked to it. The draft is about the vendor, of category THIRD_PARTY,
rated by its gravest finding's severity (domain.risks.service.RATING_OF_SEVERITY), owned
by the vendor's business owner. Proposals are made when the vendor's reports change, when
its tier changes, and when the tenant's settings re-tier its vendors.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID, uuid4

from sqlalchemy import and_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit

# Imported so that their handlers subscribe before these: findings are raised, and vendors
# re-tiered, before the proposals read them.
from domain.findings import raising as _findings_raised_first  # noqa: F401
from domain.findings.models import Finding
from domain.findings.queries import OPEN_STATUSES, exceptions_by_source_key
from domain.findings.rules import FindingKind, Severity
from domain.risks.models import Risk, RiskCategory, RiskFinding, RiskStatus
from domain.risks.service import RATING_OF_SEVERITY
from domain.shared import consequences, reading
from domain.shared.actor import Actor
from domain.shared.loading import one_of
from domain.shared.risk import Tier
from domain.soc2.changes import VendorReportsChanged
from domain.soc2.comparison import Recurrence
from domain.tenancy.changes import TenantSettingsChanged
from domain.vendors import service as _vendors_retiered_first  # noqa: F401
from domain.vendors.changes import VendorTierChanged
from domain.vendors.models import LET_GO, Vendor
from domain.vendors.tiering import TierThresholds

PROPOSING_TIERS = (Tier.CRITICAL.value, Tier.HIGH.value)


@dataclass
class Proposal:
    vendor: Vendor
    title: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def gravest(self) -> Severity:
        return max((Severity(f.severity) for f in self.findings), key=lambda s: s.rank)


async def _candidates(
    session: AsyncSession, tenant_id: UUID, vendor_id: UUID | None
) -> list[tuple[Finding, Vendor]]:
    query = (
        select(Finding, Vendor)
        .join(
            Vendor,
            and_(
                col(Vendor.tenant_id) == col(Finding.tenant_id),
                col(Vendor.id) == col(Finding.vendor_id),
            ),
        )
        .where(
            col(Finding.tenant_id) == tenant_id,
            col(Finding.status).in_(OPEN_STATUSES),
            col(Finding.kind).in_(
                [FindingKind.MODIFIED_OPINION.value, FindingKind.CONTROL_EXCEPTION.value]
            ),
            col(Vendor.tier).in_(PROPOSING_TIERS),
            col(Vendor.status).not_in(LET_GO),
        )
        .order_by(col(Finding.created_at), col(Finding.id))
    )
    if vendor_id is not None:
        query = query.where(col(Finding.vendor_id) == vendor_id)
    return [(finding, vendor) for finding, vendor in (await session.execute(query)).all()]


async def _proposals(
    session: AsyncSession, tenant_id: UUID, vendor_id: UUID | None
) -> dict[str, Proposal]:
    rows = await _candidates(session, tenant_id, vendor_id)
    exceptions = await exceptions_by_source_key(
        session,
        tenant_id,
        [f.source_key for f, _ in rows if f.kind == FindingKind.CONTROL_EXCEPTION],
    )
    proposals: dict[str, Proposal] = {}
    for finding, vendor in rows:
        if finding.kind == FindingKind.MODIFIED_OPINION:
            key, title = f"modified-opinion:{finding.id}", f"{vendor.name}: {finding.title}"
        else:
            exception = exceptions.get(finding.source_key)
            if exception is None or exception.recurrence != Recurrence.RECURRING:
                continue
            key = f"recurring-exceptions:{finding.document_id}"
            title = f"{vendor.name}: control exceptions recur from the previous report"
        proposals.setdefault(key, Proposal(vendor, title[:300])).findings.append(finding)
    return proposals


async def _proposed(
    session: AsyncSession, tenant_id: UUID, key: str, proposal: Proposal
) -> Risk | None:
    """The draft for `key`, inserted; None if a concurrent transaction inserted it (the
    insert waits for that one to commit, then leaves its draft alone)."""
    rating = RATING_OF_SEVERITY[proposal.gravest]
    risk_id = await session.scalar(
        insert(Risk)
        .values(
            tenant_id=tenant_id,
            id=uuid4(),
            title=proposal.title,
            description=_described(proposal),
            category=RiskCategory.THIRD_PARTY.value,
            owner_id=proposal.vendor.business_owner_id,
            vendor_id=proposal.vendor.id,
            inherent_likelihood=rating.likelihood,
            inherent_impact=rating.impact,
            status=RiskStatus.DRAFT.value,
            proposal_key=key,
        )
        .on_conflict_do_nothing(constraint="risks_proposal_key")
        .returning(col(Risk.id))
    )
    if risk_id is None:
        return None
    return await reading.one(session, tenant_id, Risk, risk_id, entity="Risk")


def _described(proposal: Proposal) -> str:
    lines = [f"- {f.title} ({f.severity})" for f in proposal.findings]
    return "Proposed by tprm from the vendor's findings:\n" + "\n".join(lines)


async def propose(session: AsyncSession, tenant_id: UUID, vendor_id: UUID | None = None) -> int:
    """Propose the drafts the vendor's findings call for (every vendor's when `vendor_id`
    is None) and not proposed before; link further findings to drafts still DRAFT. How
    many drafts were proposed."""
    proposals = await _proposals(session, tenant_id, vendor_id)
    if not proposals:
        return 0
    existing = {
        risk.proposal_key: risk
        for risk in (
            await session.scalars(
                select(Risk).where(
                    col(Risk.tenant_id) == tenant_id,
                    one_of(col(Risk.proposal_key), list(proposals)),
                )
            )
        ).all()
    }
    actor = Actor.system(tenant_id)
    links: dict[UUID, list[UUID]] = defaultdict(list)
    proposed = 0
    for key, proposal in proposals.items():
        risk = existing.get(key)
        if risk is None:
            risk = await _proposed(session, tenant_id, key, proposal)
            if risk is None:  # another reading of the vendor's reports proposed it first
                risk = await session.scalar(
                    select(Risk).where(
                        col(Risk.tenant_id) == tenant_id, col(Risk.proposal_key) == key
                    )
                )
                if risk is None:
                    continue
            else:
                await audit.record_inserted(session, actor, "risk.proposed", risk)
                proposed += 1
        if risk.status == RiskStatus.DRAFT:
            links[risk.id] = [f.id for f in proposal.findings]
    if links:
        linked = await session.execute(
            insert(RiskFinding)
            .values(
                [
                    {"tenant_id": tenant_id, "risk_id": risk_id, "finding_id": finding_id}
                    for risk_id, findings in links.items()
                    for finding_id in findings
                ]
            )
            .on_conflict_do_nothing()
            .returning(col(RiskFinding.risk_id), col(RiskFinding.finding_id))
        )
        for risk_id, finding_id in linked.all():
            await audit.record_fact(
                session, actor, "risk.finding_linked", "Risk", risk_id, findingId=finding_id
            )
    return proposed


@consequences.handles(VendorReportsChanged)
async def on_reports_changed(session: AsyncSession, change: VendorReportsChanged) -> None:
    await propose(session, change.tenant_id, change.vendor_id)


@consequences.handles(VendorTierChanged)
async def on_tier_changed(session: AsyncSession, change: VendorTierChanged) -> None:
    await propose(session, change.tenant_id, change.vendor_id)


@consequences.handles(TenantSettingsChanged)
async def on_settings_changed(session: AsyncSession, change: TenantSettingsChanged) -> None:
    if TierThresholds.of(change.after) != TierThresholds.of(change.before):  # re-tiered
        await propose(session, change.tenant_id)
