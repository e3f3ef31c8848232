"""The demo tenant's own house: the system its own SOC 2 report covers, and its own
controls, each mapped to the criteria it meets (one still only designed, one untested)."""

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain.compliance import service as compliance
from domain.compliance.models import ControlStatus
from domain.shared.actor import Actor
from domain.shared.models import today
from parsers.soc2.result import Category

# ref, title, criteria, status, tested how many days ago (None: never)
DEMO_CONTROLS = (
    ("AC-01", "Access to production is reviewed every quarter", ("CC6.2", "CC6.3"),
     ControlStatus.OPERATING, 40),
    ("AC-02", "Administrators sign in with a second factor", ("CC6.1",),
     ControlStatus.OPERATING, 40),
    ("AC-03", "Leavers lose access on their last day", ("CC6.2", "CC6.3"),
     ControlStatus.IMPLEMENTED, None),
    ("CM-01", "Every change is reviewed and tested before release", ("CC8.1",),
     ControlStatus.OPERATING, 75),
    ("IR-01", "Security incidents are triaged within a day", ("CC7.3", "CC7.4"),
     ControlStatus.OPERATING, 120),
    ("BC-01", "Backups are restored in a test every half year", ("A1.2", "A1.3"),
     ControlStatus.IMPLEMENTED, 200),
    ("VM-01", "Vendors are reviewed before onboarding and yearly", ("CC9.2",),
     ControlStatus.OPERATING, 30),
    ("DP-01", "Customer data is deleted on request", ("P4.3",), ControlStatus.DESIGNED, None),
)  # fmt: skip


async def add_demo_compliance(session: AsyncSession, admin: Actor) -> None:
    await compliance.create_system(
        session,
        admin,
        "Demo Platform",
        "The customer-facing platform: web application, API and the data behind them.",
        [Category.SECURITY, Category.AVAILABILITY, Category.CONFIDENTIALITY],
    )
    for ref, title, criteria, status, days_ago in DEMO_CONTROLS:
        await compliance.create_control(
            session,
            admin,
            compliance.NewControl(
                ref=ref,
                title=title,
                owner_id=admin.membership_id,
                criteria=criteria,
                status=status,
                last_tested_on=today() - timedelta(days=days_ago) if days_ago else None,
            ),
        )
