"""A questionnaire answered in Excel, for a vendor who will not use its link: a member
downloads the workbook (domain.questionnaires.answer_xlsx), sends it to the vendor, and
brings back what the vendor filled in. The answers are saved as the vendor's, exactly as if
given through the link (responding.put_answers), and usually submitted for the vendor too.
"""

import functools
import re
from uuid import UUID

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.documents.intake import FileTooLarge
from domain.questionnaires import responding
from domain.questionnaires.answer_xlsx import (
    MAX_ANSWER_FILE_BYTES,
    About,
    AnswerFileError,
    read_answers,
    write_answers,
)
from domain.questionnaires.answer_xlsx.layout import revision
from domain.questionnaires.answers import stored_value
from domain.questionnaires.models import AnswerSource, Author
from domain.questionnaires.sent import Loaded, get_questionnaire, load, messages_of
from domain.shared import policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import DomainErrors, InvalidInput
from domain.shared.policy import Permission
from domain.vendors.models import Vendor


def _slug(words: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", words).strip("-").lower()[:40]


async def export_answers(
    session: AsyncSession, actor: Actor, questionnaire_id: UUID
) -> tuple[str, bytes]:
    """The questionnaire as a workbook for its vendor to fill in, with its file name (any
    member may download it)."""
    questionnaire = await get_questionnaire(session, actor, questionnaire_id)
    loaded = await load(session, questionnaire)
    vendor = await reading.one(
        session, actor.tenant_id, Vendor, questionnaire.vendor_id, entity="Vendor"
    )
    about = About(
        questionnaire_id=questionnaire.id,
        template_name=loaded.version.name,
        template_version=loaded.version.version,
        vendor_name=vendor.name,
        due_date=questionnaire.due_date,
        return_note=questionnaire.return_note,
        answers_as_of=revision(a.answered_at for a in loaded.answers.values()),
    )
    stem = "-".join(s for s in (_slug(vendor.name), _slug(loaded.version.name)) if s)
    filename = f"{stem or 'questionnaire'}-answers.xlsx"  # plain ASCII: what browsers keep
    return filename, write_answers(loaded.template, about, loaded.answers)


async def import_answers(
    session: AsyncSession, actor: Actor, questionnaire_id: UUID, data: bytes, submit: bool
) -> Loaded:
    """Save the answers and comments of a workbook the vendor filled in, and with `submit`
    submit the questionnaire for it (REVIEWER, ADMIN). The questionnaire must still be the
    vendor's to answer. A file with anything wrong saves nothing; an empty answer cell
    leaves the answer as it was. Submitting does not wait for every required answer: what
    is missing becomes a finding, as on completion."""
    policy.require(actor, Permission.QUESTIONNAIRE_WRITE)
    if len(data) > MAX_ANSWER_FILE_BYTES:
        raise FileTooLarge(MAX_ANSWER_FILE_BYTES)
    questionnaire = await get_questionnaire(
        session, actor, questionnaire_id, "questionnaireId", for_update=True
    )
    responding.require_open(questionnaire, "questionnaireId")
    loaded = await load(session, questionnaire)
    by_report = {k for k, row in loaded.answers.items() if row.source == AnswerSource.REPORT}
    try:
        # openpyxl parses in a thread: a large workbook never stalls other requests
        filled = await anyio.to_thread.run_sync(
            functools.partial(
                read_answers,
                data,
                loaded.template,
                questionnaire.id,
                loaded.version.version,
                by_report,
                answers_as_of=revision(a.answered_at for a in loaded.answers.values()),
            )
        )
    except AnswerFileError as error:
        raise DomainErrors([InvalidInput(str(p), "file") for p in error.problems]) from None
    questions = {q.key: q for q in loaded.template.questions()}
    values = [(key, stored_value(questions[key], given)) for key, given in filled.answers]
    responding.put_answers(session, loaded, values)
    await audit.record(
        session,
        actor,
        "questionnaire.answers_imported",
        questionnaire,
        questions=[key for key, _ in values],
    )
    said = await messages_of(session, actor.tenant_id, [questionnaire.id])
    last_said = {
        m.question_key: m.body for m in said.get(questionnaire.id, []) if m.author == Author.VENDOR
    }
    for key, body in filled.comments:
        if last_said.get(key) == body.strip():
            continue  # the same file imported again: its comments are in the thread already
        await responding.add_message(session, actor, loaded, key, body, Author.VENDOR)
    if submit:
        # what the file could not confirm (a file carried over) waits for the vendor
        unconfirmed = responding.unconfirmed(loaded)
        if unconfirmed:
            raise DomainErrors(
                [
                    InvalidInput(
                        f"{key}: the answer carried over from last time is not confirmed (a "
                        "file cannot be in a workbook): import without submitting, and let "
                        "the vendor confirm it through its link",
                        "file",
                    )
                    for key in unconfirmed
                ]
            )
        await responding.hand_in(session, actor, loaded)
    return loaded
