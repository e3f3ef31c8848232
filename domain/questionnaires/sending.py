"""Sending a questionnaire to a vendor contact, and keeping its link to the vendor: issue a
new link, revoke it, cancel the questionnaire.

Sending asks only what the vendor's SOC report does not already answer (the gap
questionnaire, domain.questionnaires.gap): a COVERED question is pre-answered from the
report, unless the reviewer asks it anyway; a FLAGGED one is asked with the report's
exception quoted. What the vendor answered last time to the same template is carried over,
marked so until the vendor confirms it. The link reaches the vendor through the tenant's
mailer: the `questionnaire.sent` event carries it (made at delivery, never stored).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.events import outbox
from domain.events.models import EventType
from domain.questionnaires import gap_preview, links, outcome, templates
from domain.questionnaires.answers import asked, covered_value
from domain.questionnaires.definition import CHOICE_TYPES, Question, QuestionType, Template
from domain.questionnaires.gap import Decision, PreAnswer, pre_answers
from domain.questionnaires.models import (
    OPEN_TO_VENDOR,
    AnswerSource,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireStatus,
    QuestionnaireTemplate,
)
from domain.questionnaires.sent import Loaded, get_questionnaire, load
from domain.questionnaires.template_json import from_json
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import Conflict, DomainErrors, InvalidInput, NotFound
from domain.shared.models import today, utcnow
from domain.shared.policy import Permission
from domain.soc2 import queries as soc2_queries
from domain.vendors import service as vendors
from domain.vendors.models import LET_GO, Vendor, VendorContact

# How long a link works after the questionnaire's due date: time to answer late.
LINK_GRACE = timedelta(days=30)
MAX_DUE_DAYS = 366


@dataclass(frozen=True)
class Sending:
    vendor_id: UUID
    template_id: UUID
    contact_id: UUID
    due_date: date
    message: str | None = None
    ask_anyway: tuple[str, ...] = ()  # keys of COVERED questions to ask all the same


@dataclass(frozen=True)
class WithLink:
    """A questionnaire and its new respondent link's token: shown this once to the sender
    (the event gives it to the tenant's mailer)."""

    questionnaire: Questionnaire
    token: str
    link_expires_at: datetime


def link_expiry(due_date: date) -> datetime:
    """When a link issued now stops working: 30 days past the due date, and never sooner
    than 30 days from now (a link issued for an overdue questionnaire must work)."""
    return max(datetime.combine(due_date, time.max, UTC), utcnow()) + LINK_GRACE


def _due(due_date: date, field: str = "dueDate") -> date:
    if due_date < today():
        raise InvalidInput("The due date is in the past.", field)
    if due_date > today() + timedelta(days=MAX_DUE_DAYS):
        raise InvalidInput(f"The due date is more than {MAX_DUE_DAYS} days away.", field)
    return due_date


def _carried(question: Question, previous: QuestionnaireAnswer) -> bool:
    """Whether last time's answer still fits the question as it is now."""
    if question.type == QuestionType.FILE:
        return previous.document_id is not None
    if previous.value is None:
        return False
    if question.type in CHOICE_TYPES:
        multiple = question.type == QuestionType.MULTIPLE_CHOICE
        if isinstance(previous.value, list) != multiple:
            return False
        picks = previous.value if multiple else [previous.value]
        return set(picks) <= {c.value for c in question.choices}
    return True


async def _previous_answers(
    session: AsyncSession, actor: Actor, vendor_id: UUID, family_id: UUID
) -> dict[str, tuple[QuestionnaireAnswer, Question]]:
    """The vendor's answers to its last completed questionnaire of the same template (any
    version: answers a reviewer has been through), with the questions they answered."""
    last = (
        await session.execute(
            select(Questionnaire, QuestionnaireTemplate)
            .join(
                QuestionnaireTemplate,
                (col(QuestionnaireTemplate.tenant_id) == col(Questionnaire.tenant_id))
                & (col(QuestionnaireTemplate.id) == col(Questionnaire.template_id)),
            )
            .where(
                col(Questionnaire.tenant_id) == actor.tenant_id,
                col(Questionnaire.vendor_id) == vendor_id,
                col(QuestionnaireTemplate.family_id) == family_id,
                col(Questionnaire.status) == QuestionnaireStatus.COMPLETED,
            )
            .order_by(col(Questionnaire.completed_at).desc())
            .limit(1)
        )
    ).first()
    if last is None:
        return {}
    previous = await load(session, last[0])
    questions = {q.key: q for q in previous.template.questions()}
    return {
        key: (answer, questions[key])
        for key, answer in previous.answers.items()
        if key in questions and answer.source != AnswerSource.REPORT
    }


def _pre_answer_rows(
    actor: Actor,
    questionnaire: Questionnaire,
    template: Template,
    decisions: list[PreAnswer],
    ask_anyway: set[str],
) -> dict[str, QuestionnaireAnswer]:
    rows: dict[str, QuestionnaireAnswer] = {}
    questions = {q.key: q for q in template.questions()}
    for decision in decisions:
        if decision.decision == Decision.SEND:
            continue
        covered = decision.decision == Decision.COVERED
        anyway = covered and decision.key in ask_anyway
        rows[decision.key] = QuestionnaireAnswer(
            tenant_id=actor.tenant_id,
            questionnaire_id=questionnaire.id,
            question_key=decision.key,
            value=covered_value(questions[decision.key]) if covered and not anyway else None,
            source=AnswerSource.REPORT.value if covered and not anyway else AnswerSource.VENDOR,
            gap_decision=decision.decision.value,
            gap_note=decision.why,
            gap_page=decision.source.page if decision.source else None,
            gap_quote=decision.source.quote if decision.source else None,
            send_anyway=anyway,
        )
    return rows


async def send(session: AsyncSession, actor: Actor, key: bytes, sending: Sending) -> WithLink:
    """Send a template version to a contact of the vendor (REVIEWER, ADMIN)."""
    policy.require(actor, Permission.QUESTIONNAIRE_WRITE)
    version = await templates.get_template(session, actor, sending.template_id, "templateId")
    try:
        vendor = await vendors.get_vendor(session, actor, sending.vendor_id)
    except NotFound:
        raise NotFound("Vendor", "vendorId") from None
    contact = await reading.one(
        session,
        actor.tenant_id,
        VendorContact,
        sending.contact_id,
        entity="Contact",
        field="contactId",
    )
    problems: list[InvalidInput] = []
    if vendor.status in LET_GO:
        problems.append(InvalidInput(f"The vendor is {vendor.status}.", "vendorId"))
    if contact.vendor_id != vendor.id:
        problems.append(InvalidInput("The contact is another vendor's.", "contactId"))
    if not contact.email.strip():
        problems.append(InvalidInput("The contact has no email address.", "contactId"))
    template = from_json(version.definition)
    keys = {q.key for q in template.questions()}
    problems += [
        InvalidInput(f"The template has no question {k!r}.", f"askAnyway.{i}")
        for i, k in enumerate(sending.ask_anyway)
        if k not in keys
    ]
    try:
        due = _due(sending.due_date)
    except InvalidInput as late:
        problems.append(late)
    if problems:
        raise DomainErrors(list(problems))
    questionnaire = Questionnaire(
        tenant_id=actor.tenant_id,
        vendor_id=vendor.id,
        template_id=version.id,
        contact_id=contact.id,
        contact_name=contact.name,
        contact_email=contact.email,
        due_date=due,
        message=normalize.text(sending.message, "message", 5000),
        sent_by_id=actor.membership_id,
    )
    latest = (
        await soc2_queries.latest_reports_by_vendor(session, actor.tenant_id, [vendor.id])
    ).get(vendor.id)
    decisions: list[PreAnswer] = []
    if latest is not None:
        questionnaire.report_id = latest.id
        facts = await gap_preview.facts_of(session, latest)
        decisions = pre_answers(template, facts)
    session.add(questionnaire)
    await session.flush()
    rows = _pre_answer_rows(actor, questionnaire, template, decisions, set(sending.ask_anyway))
    previous = await _previous_answers(session, actor, vendor.id, version.family_id)
    for question in template.questions():
        earlier = previous.get(question.key)
        row = rows.get(question.key)
        if earlier is None or earlier[1].type != question.type:
            continue
        if (row is not None and row.source == AnswerSource.REPORT) or not _carried(
            question, earlier[0]
        ):
            continue
        carried = row or QuestionnaireAnswer(
            tenant_id=actor.tenant_id, questionnaire_id=questionnaire.id, question_key=question.key
        )
        carried.value, carried.document_id = earlier[0].value, earlier[0].document_id
        carried.source, carried.answered_at = AnswerSource.CARRIED_OVER.value, utcnow()
        rows[question.key] = carried
    session.add_all(rows.values())
    await session.flush()
    issued = await links.issue(
        session, key, actor.tenant_id, questionnaire.id, link_expiry(questionnaire.due_date)
    )
    loaded = Loaded(questionnaire, version, template, rows)
    await audit.record(
        session,
        actor,
        "questionnaire.sent",
        questionnaire,
        asked=len(asked(template, loaded.held())),
        preAnswered=sum(1 for r in rows.values() if r.source == AnswerSource.REPORT),
        carriedOver=sum(1 for r in rows.values() if r.source == AnswerSource.CARRIED_OVER),
    )
    await announce(session, loaded, vendor, EventType.QUESTIONNAIRE_SENT, issued.link.id)
    return WithLink(questionnaire, issued.token, issued.link.expires_at)


async def announce(
    session: AsyncSession,
    loaded: Loaded,
    vendor: Vendor,
    type: EventType,
    link_id: UUID | None,
    **facts: Any,
) -> None:
    """An event about the questionnaire for the tenant's mailer; `link_id` names the link the
    delivery puts in it as `respondentUrl` (see app/respondent_links.py)."""
    questionnaire = loaded.questionnaire
    people = await outbox.member_refs(session, questionnaire.tenant_id, [questionnaire.sent_by_id])
    data: dict[str, Any] = {
        "questionnaire": outbox.ref(
            "Questionnaire",
            questionnaire.id,
            dueDate=questionnaire.due_date,
            status=questionnaire.status,
            questionCount=len(asked(loaded.template, loaded.held())),
        ),
        "template": outbox.ref(
            "QuestionnaireTemplate",
            loaded.version.id,
            name=loaded.version.name,
            version=loaded.version.version,
        ),
        "vendor": outbox.ref("Vendor", vendor.id, name=vendor.name),
        "contact": {"name": questionnaire.contact_name, "email": questionnaire.contact_email},
        "sentBy": people.get(questionnaire.sent_by_id) if questionnaire.sent_by_id else None,
        "message": questionnaire.message,
        **facts,
    }
    if link_id is not None:
        data[RESPONDENT_LINK] = str(link_id)
    await outbox.emit(
        session, questionnaire.tenant_id, type, "Questionnaire", questionnaire.id, data
    )


# The key of an event's data naming the respondent link, replaced at delivery by the link.
RESPONDENT_LINK = "respondentLinkId"


async def reissue_link(
    session: AsyncSession, actor: Actor, key: bytes, questionnaire_id: UUID, due_date: date | None
) -> WithLink:
    """A new link for the vendor (the old one stops working), and the due date moved if
    given; announced as `questionnaire.sent` again, with `reissued: true`."""
    policy.require(actor, Permission.QUESTIONNAIRE_WRITE)
    questionnaire = await get_questionnaire(
        session, actor, questionnaire_id, "questionnaireId", for_update=True
    )
    if questionnaire.status not in (*OPEN_TO_VENDOR, QuestionnaireStatus.SUBMITTED):
        raise Conflict(f"The questionnaire is {questionnaire.status}.", "questionnaireId")
    vendor = await vendors.get_vendor(session, actor, questionnaire.vendor_id)
    if vendor.status in LET_GO:
        raise InvalidInput(f"The vendor is {vendor.status}.", "questionnaireId")
    if due_date is not None:
        questionnaire.due_date = _due(due_date)
    issued = await links.issue(
        session, key, actor.tenant_id, questionnaire.id, link_expiry(questionnaire.due_date)
    )
    await audit.record(
        session, actor, "questionnaire.link_issued", questionnaire, linkId=issued.link.id
    )
    loaded = await load(session, questionnaire)
    await announce(
        session, loaded, vendor, EventType.QUESTIONNAIRE_SENT, issued.link.id, reissued=True
    )
    return WithLink(questionnaire, issued.token, issued.link.expires_at)


async def revoke_link(session: AsyncSession, actor: Actor, questionnaire_id: UUID) -> Questionnaire:
    """The vendor's link stops working at once (a new one can be issued)."""
    policy.require(actor, Permission.QUESTIONNAIRE_WRITE)
    questionnaire = await get_questionnaire(
        session, actor, questionnaire_id, "questionnaireId", for_update=True
    )
    revoked = await links.revoke_all(session, actor.tenant_id, questionnaire.id)
    await audit.record_fact(
        session,
        actor,
        "questionnaire.link_revoked",
        "Questionnaire",
        questionnaire.id,
        linksRevoked=revoked,
    )
    return questionnaire


async def cancel(
    session: AsyncSession, actor: Actor, questionnaire_id: UUID, reason: str
) -> Questionnaire:
    """Withdraw a questionnaire not yet completed; its links stop working, and the findings
    its answers raised go back to the vendor's latest questionnaire of the template still
    standing (domain.questionnaires.outcome)."""
    policy.require(actor, Permission.QUESTIONNAIRE_WRITE)
    why = normalize.text(reason, "reason", 2000, required=True)
    questionnaire = await get_questionnaire(
        session, actor, questionnaire_id, "questionnaireId", for_update=True
    )
    if questionnaire.status in (QuestionnaireStatus.COMPLETED, QuestionnaireStatus.CANCELLED):
        raise Conflict(f"The questionnaire is {questionnaire.status}.", "questionnaireId")
    questionnaire.status = QuestionnaireStatus.CANCELLED.value
    await links.revoke_all(session, actor.tenant_id, questionnaire.id)
    await audit.record(session, actor, "questionnaire.cancelled", questionnaire, reason=why)
    if questionnaire.submitted_at is not None:  # its answers raised findings
        await outcome.withdrawn(session, await load(session, questionnaire))
    return questionnaire
