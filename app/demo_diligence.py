"""The demo tenant's answer library: what it tells its own customers, tagged and owned by
the demo admin, one answer not looked at for over a year (stale); the documents it shares
with them, its information security policy and its own SOC 2 report, the report the
evidence of the answer about it; and a customer's questionnaire half answered, sent in a
trust package with the report and the subprocessor list."""

import io
from datetime import timedelta

import openpyxl
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from app.demo_compliance import received_bytes
from app.demo_report import text_pdf
from domain.diligence import customer_questionnaires, library, trust_documents, trust_packages
from domain.diligence.models import CustomerQuestion, SuggestionSource, TrustDocumentKind
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


# A customer's questionnaire as customers send them: a title, the header on row 3, the
# questions by domain, a response and a comments column. (domain, question)
DEMO_CUSTOMER_QUESTIONS = (
    ("Encryption", "Do you encrypt customer data at rest?"),
    ("Encryption", "Is data encrypted in transit?"),
    ("Identity", "Is multi-factor authentication required for administrator accounts?"),
    ("Identity", "How frequently do you review user access rights?"),
    ("Identity", "Is access revoked promptly when an employee leaves?"),
    ("Third parties", "Do you use subprocessors to process our data?"),
    ("Assurance", "Can you provide your SOC 2 Type II report?"),
    ("Resilience", "Are backup restores tested?"),
    ("Resilience", "Do you have a business continuity plan?"),
    ("Security operations", "Do you run vulnerability scans at least monthly?"),
    ("Security operations", "Is a penetration test performed annually by a third party?"),
    ("People", "Do employees receive security awareness training?"),
)
DEMO_CUSTOMER = "Contoso Retail"
# written by the demo admin in its own words, the rest as suggested or open
DEMO_WRITTEN = {
    "Do you have a business continuity plan?": "Yes, tested once a year with a tabletop "
    "exercise; the last one was in the spring.",
}


def demo_customer_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Vendor assessment"
    sheet["A1"] = f"{DEMO_CUSTOMER}: vendor security assessment"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:E1")
    for column, header in enumerate(("#", "Domain", "Question", "Response", "Comments"), 1):
        sheet.cell(row=3, column=column, value=header).font = Font(bold=True)
    for row, (domain, question) in enumerate(DEMO_CUSTOMER_QUESTIONS, start=4):
        sheet.cell(row=row, column=1, value=f"{row - 3}")
        sheet.cell(row=row, column=2, value=domain)
        sheet.cell(row=row, column=3, value=question)
    sheet.column_dimensions["C"].width = 70
    sheet.column_dimensions["D"].width = 50
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def add_demo_customer_questionnaire(
    session: AsyncSession, admin: Actor, store: BlobStore
) -> None:
    """Contoso Retail's questionnaire, imported as a member would (the layout guessed), half
    answered: what the library says of the same questions accepted, one answer written, the
    rest suggested or open; and the trust package sent with it."""
    questionnaire = await customer_questionnaires.import_questionnaire(
        session,
        admin,
        store,
        demo_customer_workbook(),
        "Contoso vendor assessment.xlsx",
        customer_questionnaires.NewQuestionnaire(
            customer=DEMO_CUSTOMER,
            due_on=today() + timedelta(days=14),
            owner_id=admin.membership_id,
        ),
    )
    questions = (
        await session.scalars(
            select(CustomerQuestion)
            .where(col(CustomerQuestion.questionnaire_id) == questionnaire.id)
            .order_by(col(CustomerQuestion.position))
        )
    ).all()
    from_library = [q.id for q in questions if q.source == SuggestionSource.LIBRARY][:4]
    await customer_questionnaires.accept_suggested(session, admin, from_library)
    for question in questions:
        if question.text in DEMO_WRITTEN:
            await customer_questionnaires.answer_question(
                session, admin, question.id, DEMO_WRITTEN[question.text]
            )
    reports = await trust_documents.current_soc_reports(session, admin.tenant_id)
    await trust_packages.create_package(
        session,
        admin,
        store,
        trust_packages.NewPackage(
            customer=DEMO_CUSTOMER,
            recipient="vendor-risk@contoso-retail.example",
            document_ids=tuple(d.id for d in reports),
            include_subprocessors=True,
            questionnaire_id=questionnaire.id,
            note="First round: the open questions follow next week.",
        ),
    )
