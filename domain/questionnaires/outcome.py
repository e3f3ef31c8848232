"""What a questionnaire's answers come to, kept when the vendor submits and when the
reviewer completes it: the score (per section and overall) and the findings its answers
raise (kind QUESTIONNAIRE_ANSWER).

A finding is keyed by vendor, template (all its versions) and question: the vendor's
latest answers to a template decide its findings. Submitting again, this year or next,
updates a finding rather than adding one; an answer put right resolves it, and one gone
wrong again reopens it. Cancelling a questionnaire hands the findings back to the latest
one still standing.

The score informs a review; it never changes the vendor's risk tier.
"""

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.findings import raising
from domain.findings.rules import FindingKind, FindingSpec, Severity
from domain.questionnaires.answers import Concern, concerns, scores
from domain.questionnaires.models import Questionnaire, QuestionnaireStatus, QuestionnaireTemplate
from domain.questionnaires.sent import Loaded, load


def _spec(loaded: Loaded, concern: Concern) -> FindingSpec:
    question = concern.question
    name = loaded.version.name
    if concern.missing:
        return FindingSpec(
            key=question.key,
            kind=FindingKind.QUESTIONNAIRE_ANSWER,
            severity=Severity.MEDIUM,
            title=f"Unanswered in {name}: {question.text}"[:300],
            description=(
                f"Question: {question.text}\nAnswer: none. The question is required and the "
                f"vendor left it unanswered (questionnaire {name}, version "
                f"{loaded.version.version}, question {question.key})."
            ),
        )
    answer = ", ".join(concern.red_flags)
    return FindingSpec(
        key=question.key,
        kind=FindingKind.QUESTIONNAIRE_ANSWER,
        severity=Severity.HIGH,
        title=f"Red-flag answer in {name}: {question.text}"[:300],
        description=(
            f"Question: {question.text}\nAnswer: {answer}. The template marks this answer as a "
            f"red flag (questionnaire {name}, version {loaded.version.version}, question "
            f"{question.key})."
        ),
    )


def _source(tenant_id: UUID, vendor_id: UUID, family_id: UUID) -> raising.Keyed:
    return raising.Keyed(tenant_id, vendor_id, f"questionnaire:{vendor_id}:{family_id}:")


RESOLUTION = raising.Resolution(
    "The vendor's questionnaire answers no longer call for it.",
    "The vendor's answer was put right (in this questionnaire or a later one of the same "
    "template), the reviewer marked the question not applicable, or the questionnaire it "
    "came from was cancelled.",
    "The vendor's questionnaire answers call for it again.",
)


async def _latest_standing(
    session: AsyncSession, questionnaire: Questionnaire, family_id: UUID
) -> Questionnaire | None:
    """The vendor's latest submitted questionnaire of the template family, not cancelled:
    the one whose answers decide the findings."""
    return await session.scalar(
        select(Questionnaire)
        .join(
            QuestionnaireTemplate,
            (col(QuestionnaireTemplate.tenant_id) == col(Questionnaire.tenant_id))
            & (col(QuestionnaireTemplate.id) == col(Questionnaire.template_id)),
        )
        .where(
            col(Questionnaire.tenant_id) == questionnaire.tenant_id,
            col(Questionnaire.vendor_id) == questionnaire.vendor_id,
            col(QuestionnaireTemplate.family_id) == family_id,
            col(Questionnaire.status) != QuestionnaireStatus.CANCELLED,
            col(Questionnaire.submitted_at).is_not(None),
        )
        .order_by(col(Questionnaire.submitted_at).desc(), col(Questionnaire.id).desc())
        .limit(1)
    )


async def _decide(session: AsyncSession, questionnaire: Questionnaire, family_id: UUID) -> None:
    """Bring the findings of the vendor's answers to the template in step with its latest
    standing questionnaire (none: every one resolved). The vendor and template's findings
    are decided one transaction at a time, so two submissions never race on them."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"questionnaire-findings:{questionnaire.vendor_id}:{family_id}"},
    )
    standing = await _latest_standing(session, questionnaire, family_id)
    specs: list[FindingSpec] = []
    evidence_at = None
    if standing is not None:
        decider = await load(session, standing)
        specs = [_spec(decider, c) for c in concerns(decider.template, decider.held())]
        evidence_at = standing.submitted_at
    await raising.reconcile(
        session,
        _source(questionnaire.tenant_id, questionnaire.vendor_id, family_id),
        specs,
        frozenset(),
        RESOLUTION,
        # a finding a person resolved before the vendor answered so again opens again
        reopen_closed_before=evidence_at,
    )


async def settle(session: AsyncSession, loaded: Loaded) -> None:
    """Keep the score, and bring the findings of the vendor's answers to the template in
    step with its latest standing questionnaire (this one, unless a later one was
    submitted: completing last year's never re-decides what this year's answers said)."""
    scored = scores(loaded.template, loaded.held())
    questionnaire = loaded.questionnaire
    questionnaire.score = scored.total
    questionnaire.section_scores = [{"title": s.title, "score": s.score} for s in scored.sections]
    session.add(questionnaire)
    await session.flush()
    await _decide(session, questionnaire, loaded.version.family_id)


async def withdrawn(session: AsyncSession, loaded: Loaded) -> None:
    """A questionnaire cancelled: the findings of the vendor's answers to the template are
    those of its latest questionnaire still standing, or none."""
    await session.flush()
    await _decide(session, loaded.questionnaire, loaded.version.family_id)
