"""A questionnaire as it stands, in a form that keeps: what a review relied on when it was
submitted (domain.reviews). Each question with its answer in words, where the answer came
from, the reviewer's verdict and whether it is a red flag; the scores."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.documents.models import Document
from domain.questionnaires import answers
from domain.questionnaires.definition import CHOICE_TYPES, Question
from domain.questionnaires.models import AnswerReview, Questionnaire, QuestionnaireAnswer
from domain.questionnaires.sent import load
from domain.shared import reading
from domain.shared.jsonable import jsonable


def _in_words(question: Question, row: QuestionnaireAnswer | None, files: dict[Any, str]) -> str:
    if row is None:
        return ""
    given = answers.given_of(question, row.value, row.document_id)
    if question.type in CHOICE_TYPES:
        labels = {c.value: c.label for c in question.choices}
        return ", ".join(labels.get(v, v) for v in given.choices or ())
    if given.document_id is not None:
        return files.get(given.document_id, "(a file since removed)")
    for value in (given.text, given.number, given.date):
        if value is not None:
            return str(value)
    return ""


async def questionnaire_snapshot(session: AsyncSession, questionnaire: Questionnaire) -> dict:
    loaded = await load(session, questionnaire)
    held = loaded.held()
    shown = {q.key for q in answers.shown(loaded.template, held)}
    flagged = {c.question.key for c in answers.concerns(loaded.template, held) if c.red_flags}
    document_ids = [a.document_id for a in loaded.answers.values() if a.document_id]
    documents = await reading.by_ids(session, questionnaire.tenant_id, Document, document_ids)
    files = {i: d.filename for i, d in documents.items()}
    items = []
    for section in loaded.template.sections:
        for question in section.questions:
            if question.key not in shown:
                continue
            row = loaded.answers.get(question.key)
            items.append(
                {
                    "key": question.key,
                    "section": section.title,
                    "question": question.text,
                    "answer": _in_words(question, row, files),
                    "source": row.source if row is not None else None,
                    "reviewStatus": row.review_status if row else AnswerReview.PENDING.value,
                    "redFlag": question.key in flagged,
                }
            )
    return jsonable(
        {
            "template": {"name": loaded.version.name, "version": loaded.version.version},
            "status": questionnaire.status,
            "score": questionnaire.score,
            "sectionScores": questionnaire.section_scores,
            "submittedAt": questionnaire.submitted_at,
            "completedAt": questionnaire.completed_at,
            "items": items,
        }
    )
