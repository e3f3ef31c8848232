"""The demo tenant's risk register: risks in several cells of the heat map, mitigated by its
own controls, one fed by Northwind Cloud's finding, one transferred, one undecided, one
closed, and one accepted by Riley Reviewer whose acceptance runs out in ten days."""

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from app.demo_reviews import DEMO_REVIEWER
from domain.compliance.models import Control
from domain.findings.models import Finding
from domain.risks import service as risks
from domain.risks.models import RiskCategory, RiskStatus, RiskTreatment
from domain.risks.scoring import Rating
from domain.shared.actor import Actor
from domain.shared.models import today
from domain.shared.roles import Role
from domain.tenancy.queries import get_membership, member_ids_by_email
from domain.vendors import queries as vendor_queries

# title, category, inherent, residual, treatment, controls, vendor domain, days to review
DEMO_RISKS = (
    ("Northwind Cloud outage takes the platform down", RiskCategory.OPERATIONAL,
     Rating(3, 5), Rating(2, 4), RiskTreatment.MITIGATE, ("BC-01", "IR-01"),
     "northwind-cloud.example", 60),
    ("Leavers keep access to production", RiskCategory.SECURITY,
     Rating(4, 4), Rating(3, 3), RiskTreatment.MITIGATE, ("AC-01", "AC-03"), None, 30),
    ("Ransomware encrypts production and its backups", RiskCategory.SECURITY,
     Rating(2, 5), Rating(1, 4), RiskTreatment.TRANSFER, ("BC-01",), None, 90),
    ("Customer data is kept after a deletion request", RiskCategory.PRIVACY,
     Rating(3, 4), None, None, ("DP-01",), None, None),
    ("Payroll Partners leaks salary data", RiskCategory.THIRD_PARTY,
     Rating(5, 5), Rating(4, 5), RiskTreatment.MITIGATE, ("VM-01",),
     "payrollpartners.example", 14),
)  # fmt: skip


async def add_demo_risks(session: AsyncSession, admin: Actor) -> None:
    """Call after the demo's controls and Northwind's report exist."""
    controls = {
        c.ref: c.id
        for c in (
            await session.scalars(select(Control).where(col(Control.tenant_id) == admin.tenant_id))
        ).all()
    }
    made = {}
    for title, category, inherent, residual, treatment, refs, domain, days in DEMO_RISKS:
        vendor = (
            await vendor_queries.by_domain(session, admin.tenant_id, domain) if domain else None
        )
        made[title] = await risks.create_risk(
            session,
            admin,
            risks.NewRisk(
                title=title,
                category=category,
                inherent=inherent,
                residual_likelihood=residual.likelihood if residual else None,
                residual_impact=residual.impact if residual else None,
                treatment=treatment,
                owner_id=admin.membership_id,
                vendor_id=vendor.id if vendor else None,
                review_on=today() + timedelta(days=days) if days else None,
                control_ids=tuple(controls[r] for r in refs),
            ),
        )
    # Northwind's finding from its report feeds the outage risk
    northwind = made["Northwind Cloud outage takes the platform down"]
    finding_id = await session.scalar(
        select(col(Finding.id))
        .where(
            col(Finding.tenant_id) == admin.tenant_id, col(Finding.vendor_id) == northwind.vendor_id
        )
        .order_by(col(Finding.created_at))
        .limit(1)
    )
    if finding_id is not None:
        await risks.link_finding(session, admin, northwind.id, finding_id)
    # Pixel Print's risk, accepted by Riley Reviewer: the acceptance runs out in ten days
    pixel = await vendor_queries.by_domain(session, admin.tenant_id, "pixelprint.example")
    accepted = await risks.create_risk(
        session,
        admin,
        risks.NewRisk(
            "Pixel Print keeps print files unencrypted",
            RiskCategory.THIRD_PARTY,
            Rating(2, 3),
            owner_id=admin.membership_id,
            vendor_id=pixel.id if pixel else None,
        ),
    )
    riley_id = (await member_ids_by_email(session, admin.tenant_id))[DEMO_REVIEWER]
    membership = await get_membership(session, admin.tenant_id, riley_id)
    assert membership is not None
    riley = Actor(
        tenant_id=admin.tenant_id,
        role=Role.REVIEWER,
        user_id=membership.user_id,
        membership_id=membership.id,
    )
    await risks.accept_risk(
        session,
        riley,
        accepted.id,
        "Only marketing material is printed; no customer data leaves through Pixel Print.",
        today() + timedelta(days=10),
    )
    # and one retired: the office moved to a building with its own generator
    closed = await risks.create_risk(
        session,
        admin,
        risks.NewRisk("Office power cuts stop support", RiskCategory.OPERATIONAL, Rating(2, 2)),
    )
    await risks.update_risk(session, admin, closed.id, risks.RiskChanges(status=RiskStatus.CLOSED))
