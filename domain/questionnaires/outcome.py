"""What a questionnaire's answers come to, kept when the vendor submits and when the
reviewer completes it: the score (per section and overall) and the findings its answers
raise (kind QUESTIONNAIRE_ANSWER, keyed by questionnaire and question so that a submission
again updates them, and an answer put right resolves its finding).

The score informs a review; it never changes the vendor's risk tier.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from domain.findings import raising
from domain.findings.rules import FindingKind, FindingSpec, Severity
from domain.questionnaires.answers import Concern, concerns, scores
from domain.questionnaires.sent import Loaded


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


def source_prefix(loaded: Loaded) -> str:
    return f"questionnaire:{loaded.questionnaire.id}:"


async def settle(session: AsyncSession, loaded: Loaded) -> None:
    """Keep the score and bring the questionnaire's findings in step with its answers."""
    held = loaded.held()
    scored = scores(loaded.template, held)
    questionnaire = loaded.questionnaire
    questionnaire.score = scored.total
    questionnaire.section_scores = [{"title": s.title, "score": s.score} for s in scored.sections]
    session.add(questionnaire)
    await raising.reconcile(
        session,
        raising.Keyed(questionnaire.tenant_id, questionnaire.vendor_id, source_prefix(loaded)),
        [_spec(loaded, concern) for concern in concerns(loaded.template, held)],
        frozenset(),
        raising.Resolution(
            "The questionnaire's answers no longer call for it.",
            "The vendor's answer was put right, or the reviewer marked the question not "
            "applicable.",
        ),
    )
