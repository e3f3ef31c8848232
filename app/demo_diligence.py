"""The demo tenant's answer library: what it tells its own customers, tagged and owned by
the demo admin, one answer not looked at for over a year (stale); and the documents it
shares with them, its information security policy and its own SOC 2 report, the report the
evidence of the answer about it."""

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.demo_compliance import received_bytes
from app.demo_report import text_pdf
from domain.diligence import library, trust_documents
from domain.diligence.models import TrustDocumentKind
from domain.documents.storage import BlobStore
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


# title, kind, file name, its pages' lines, valid for how many days (None: no end)
DEMO_TRUST_DOCUMENTS = (
    ("Information security policy", TrustDocumentKind.POLICY, "information-security-policy.pdf",
     [["Demo Company - Information security policy", "Approved by the board; reviewed yearly.",
       "Data is encrypted at rest and in transit.", "Access is granted by least privilege."]],
     None),
    ("SOC 2 Type II report", TrustDocumentKind.SOC_REPORT, "demo-company-soc2-type2.pdf",
     [["Demo Company - SOC 2 Type II report", "Demo Platform: security, availability and "
       "confidentiality.", "For the period of twelve months ended last quarter."],
      ["Independent service auditor's report", "In our opinion, in all material respects, "
       "the controls operated effectively."]], 270),
)  # fmt: skip
# the answer its document backs
EVIDENCE = {"Do you have a SOC 2 Type II report?": "SOC 2 Type II report"}


async def add_demo_library(session: AsyncSession, admin: Actor, store: BlobStore) -> None:
    """The trust documents (their files in `store`, through the same intake and service as an
    upload) and the library."""
    shared = {}
    for title, kind, filename, pages, valid_days in DEMO_TRUST_DOCUMENTS:
        received = await received_bytes(text_pdf(pages), filename)
        until = today() + timedelta(days=valid_days) if valid_days else None
        details = trust_documents.TrustDocumentDetails(title, kind, valid_until=until)
        with received.file:
            kept = await trust_documents.upload(session, admin, store, details, received)
        shared[title] = kept.document.id
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
                evidence_document_ids=(shared[EVIDENCE[question]],) if question in EVIDENCE else (),
            ),
        )
