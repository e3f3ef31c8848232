"""The demo tenant's security questionnaires, one in each state, all from the starter
template: SENT to Northwind Cloud (its parsed SOC report pre-answers what it covers: the
gap questionnaire), IN_PROGRESS and RETURNED at Pixel Print, SUBMITTED and COMPLETED at
Payroll Partners (with a red-flag answer, so a QUESTIONNAIRE_ANSWER finding), and one
CANCELLED. The vendors' side is played through the respondent functions, as a vendor's
link would."""

from datetime import timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.questionnaires import links, responding, reviewing, sending
from domain.questionnaires.answers import Given, asked
from domain.questionnaires.definition import CHOICE_TYPES, Question, QuestionType
from domain.questionnaires.models import AnswerReview, QuestionnaireTemplate
from domain.questionnaires.sent import load
from domain.shared.actor import Actor
from domain.shared.models import today
from domain.vendors import queries as vendor_queries

# The answer the demo vendors give that the starter marks as a red flag.
RED_FLAG = "access_mfa_admins"


def _best(question: Question, flag: bool) -> Given:
    """A good answer (the heaviest choice), or the red flag when `flag`."""
    if question.type in CHOICE_TYPES:
        choices = [c for c in question.choices if c.red_flag] if flag else []
        pick = choices[0] if choices else max(question.choices, key=lambda c: c.weight)
        return Given(choices=(pick.value,))
    if question.type == QuestionType.NUMBER:
        return Given(number=Decimal(12))
    if question.type == QuestionType.DATE:
        return Given(date=today() - timedelta(days=45))
    return Given(text="Described in our information security policy, reviewed yearly.")


async def _answer_all(session: AsyncSession, vendor: responding.Respondent) -> None:
    """Answer every required question asked, round after round (answers reveal follow-ups)."""
    for _ in range(5):
        loaded = await responding.questionnaire_of(session, vendor)
        held = loaded.held()
        todo = [
            (q.key, _best(q, q.key == RED_FLAG))
            for q in asked(loaded.template, held)
            if q.type != QuestionType.FILE and q.key not in held
        ]
        if not todo:
            return
        await responding.save_answers(session, vendor, todo)


async def _respondent(session: AsyncSession, admin: Actor, questionnaire_id: UUID):
    link = await session.scalar(
        text("SELECT id FROM respondent_links WHERE questionnaire_id = :q AND revoked_at IS NULL"),
        {"q": questionnaire_id},
    )
    return responding.Respondent(Actor.respondent(admin.tenant_id, link), questionnaire_id)


async def add_demo_questionnaires(
    session: AsyncSession, admin: Actor, starter: QuestionnaireTemplate
) -> None:
    key = await links.stored_key(session)

    async def send(domain: str, days: int):
        vendor = await vendor_queries.by_domain(session, admin.tenant_id, domain)
        assert vendor is not None
        contact = await session.scalar(
            text("SELECT id FROM vendor_contacts WHERE vendor_id = :v LIMIT 1"), {"v": vendor.id}
        )
        due = today() + timedelta(days=days)
        request = sending.Sending(vendor.id, starter.id, contact, due, "Our yearly review.")
        return (await sending.send(session, admin, key, request)).questionnaire

    # SENT: the gap questionnaire, pre-answered from Northwind's parsed SOC report
    await send("northwind-cloud.example", 21)
    # COMPLETED last cycle, then SUBMITTED again this one, carried over and confirmed
    done = await send("payrollpartners.example", 30)
    payroll = await _respondent(session, admin, done.id)
    await _answer_all(session, payroll)
    await responding.submit(session, payroll)
    await reviewing.review_answer(session, admin, done.id, RED_FLAG, AnswerReview.ACCEPTED, None)
    await reviewing.complete(session, admin, done.id)
    again = await send("payrollpartners.example", 30)
    payroll = await _respondent(session, admin, again.id)
    await responding.confirm_carried_over(session, payroll, [])
    await _answer_all(session, payroll)
    await responding.submit(session, payroll)
    # IN_PROGRESS: a few answers saved
    started = await send("pixelprint.example", 14)
    pixel = await _respondent(session, admin, started.id)
    questions = (await load(session, started)).template.questions()
    first = [q for q in questions if q.type != QuestionType.FILE][:3]
    await responding.save_answers(session, pixel, [(q.key, _best(q, False)) for q in first])
    # RETURNED: submitted, one answer needing more information
    returned = await send("pixelprint.example", 14)
    pixel = await _respondent(session, admin, returned.id)
    await _answer_all(session, pixel)
    await responding.submit(session, pixel)
    await reviewing.review_answer(
        session,
        admin,
        returned.id,
        "change_tested_before_release",
        AnswerReview.NEEDS_INFO,
        "Which environments are changes tested in before production?",
    )
    await reviewing.return_to_vendor(session, admin, returned.id, "One question needs more.")
    # CANCELLED: sent by mistake
    mistake = await send("northwind-cloud.example", 21)
    await sending.cancel(session, admin, mistake.id, "Sent twice by mistake.")


async def demo_respondent_token(session: AsyncSession, tenant_id: UUID) -> str | None:
    """The token of the link of the demo's SENT questionnaire, made again from the stored key
    (tokens are never stored): to try the respondent API with."""
    link_id = await session.scalar(
        text(
            "SELECT l.id FROM respondent_links l JOIN questionnaires q ON q.id = l.questionnaire_id"
            " AND q.tenant_id = l.tenant_id WHERE l.tenant_id = :t AND q.status = 'SENT' "
            "AND l.revoked_at IS NULL AND l.expires_at > now() ORDER BY q.sent_at LIMIT 1"
        ),
        {"t": tenant_id},
    )
    if link_id is None:
        return None
    return links.token_for(await links.stored_key(session), link_id)
