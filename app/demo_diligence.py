"""The demo tenant's answer library: what it tells its own customers, tagged and owned by
the demo admin, one answer not looked at for over a year (stale)."""

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain.diligence import library
from domain.shared.actor import Actor
from domain.shared.models import today

# question, answer, tags, days since it was last reviewed
DEMO_LIBRARY = (
    ("Do you encrypt customer data at rest?",
     "Yes. Every database, file store and backup is encrypted with AES-256; keys are kept in "
     "our cloud provider's key management service and rotated yearly.", ("encryption",), 30),
    ("Do you encrypt data in transit?",
     "Yes. Every connection uses TLS 1.2 or later; older protocols are refused.",
     ("encryption",), 30),
    ("Do you require multi-factor authentication for administrators?",
     "Yes. Administrators sign in through our identity provider with a second factor "
     "(control AC-02).", ("identity", "mfa"), 60),
    ("How often are access rights reviewed?",
     "Every quarter, by each system's owner (control AC-01).", ("identity",), 60),
    ("Do you have a written incident response plan?",
     "Yes. Incidents are triaged within a day (control IR-01) and customers are told of a "
     "breach of their data within 72 hours.", ("incident response",), 90),
    ("Do you test restoring from backups?",
     "Yes, every half year (control BC-01).", ("availability",), 120),
    ("Do you have a SOC 2 Type II report?",
     "Yes, for the Demo Platform, covering security, availability and confidentiality; "
     "available under NDA.", ("assurance",), 45),
    ("Do you run background checks on employees?",
     "Yes, before anyone joins, where the law allows.", ("people",), 400),
)  # fmt: skip


async def add_demo_library(session: AsyncSession, admin: Actor) -> None:
    for question, answer, tags, days_ago in DEMO_LIBRARY:
        await library.create_entry(
            session,
            admin,
            library.NewEntry(
                question=question,
                answer=answer,
                tags=tags,
                owner_id=admin.membership_id,
                last_reviewed_on=today() - timedelta(days=days_ago),
            ),
        )
