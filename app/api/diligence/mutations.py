"""Mutation fields of due diligence: the answer library."""

from typing import Any
from uuid import UUID

import strawberry
from strawberry.file_uploads import Upload

from app.api.context import Info
from app.api.diligence.errors import DiligenceError
from app.api.diligence.inputs import (
    AnswerEntryInput,
    CreateAnswerEntryInput,
    UpdateAnswerEntryInput,
)
from app.api.diligence.trust_documents import document_uuid
from app.api.diligence.types import AnswerEntry
from app.api.errors import Payload, mutation
from app.api.inputs import given, uploaded
from app.api.relay import node_uuid
from domain.diligence import library, library_csv
from domain.shared.csv_text import MAX_FILE_BYTES


@strawberry.type(description="Result of changing an entry of the answer library.")
class AnswerEntryPayload(Payload[DiligenceError]):
    entry: AnswerEntry | None = strawberry.field(default=None, description="The entry.")


@strawberry.type(description="Result of removing an entry of the answer library.")
class DeleteAnswerEntryPayload(Payload[DiligenceError]):
    deleted_entry_id: strawberry.relay.GlobalID | None = strawberry.field(
        default=None, description="The ID of the entry removed."
    )


def _entry_uuid(value: strawberry.relay.GlobalID) -> UUID:
    return node_uuid(value, "AnswerEntry", "Answer", "entryId")


def _owner(value: strawberry.relay.GlobalID | None) -> UUID | None:
    return node_uuid(value, "Member", "Member", "ownerId") if value else None


def _evidence(values: list[strawberry.relay.GlobalID]) -> tuple[UUID, ...]:
    field = "evidenceDocumentIds"
    return tuple(document_uuid(v, f"{field}.{n}") for n, v in enumerate(values))


ENTRY_INVALID = (
    "(question, answer) blank or too long, (tags) more than 20 or one over 50 characters, "
    "(lastReviewedOn) in the future, (evidenceDocumentIds) more than 20"
)


@strawberry.type
class DiligenceMutation:
    @mutation(
        "Add a question and its answer to the library (REVIEWER, ADMIN); it counts as "
        "reviewed today unless lastReviewedOn says otherwise.",
        errors={
            "INVALID": ENTRY_INVALID,
            "NOT_FOUND": "(ownerId, evidenceDocumentIds.<n>) for what is not here",
            "CONFLICT": "(question) for a question the library has, however worded in case "
            "and punctuation",
        },
    )
    async def create_answer_entry(
        self, info: Info, input: CreateAnswerEntryInput
    ) -> AnswerEntryPayload:
        row = await library.create_entry(
            info.context.session,
            info.context.actor,
            library.NewEntry(
                question=input.question,
                answer=input.answer,
                tags=tuple(input.tags),
                owner_id=_owner(input.owner_id),
                last_reviewed_on=input.last_reviewed_on,
                evidence_document_ids=_evidence(input.evidence_document_ids),
            ),
        )
        return AnswerEntryPayload(entry=AnswerEntry.from_row(row))

    @mutation(
        "Change what is given of a library entry (REVIEWER, ADMIN); `evidenceDocumentIds` "
        "replaces them all.",
        errors={
            "INVALID": ENTRY_INVALID + ", or a field that cannot be cleared given null",
            "NOT_FOUND": "(entryId, ownerId, evidenceDocumentIds.<n>) for what is not here",
            "CONFLICT": "(question) for a question another entry has",
        },
    )
    async def update_answer_entry(
        self, info: Info, input: UpdateAnswerEntryInput
    ) -> AnswerEntryPayload:
        sent: dict[str, Any] = given(input, library.EntryChanges.model_fields)
        if "owner_id" in sent:
            sent["owner_id"] = _owner(input.owner_id)
        if sent.get("evidence_document_ids") is not None:
            sent["evidence_document_ids"] = list(_evidence(sent["evidence_document_ids"]))
        row = await library.update_entry(
            info.context.session,
            info.context.actor,
            _entry_uuid(input.entry_id),
            library.EntryChanges.read(sent),
        )
        return AnswerEntryPayload(entry=AnswerEntry.from_row(row))

    @mutation(
        "Say a library entry still holds, as of today (REVIEWER, ADMIN): it is no longer stale.",
        errors={"NOT_FOUND": "(entryId) for an entry that is not here"},
    )
    async def review_answer_entry(self, info: Info, input: AnswerEntryInput) -> AnswerEntryPayload:
        row = await library.review_entry(
            info.context.session, info.context.actor, _entry_uuid(input.entry_id)
        )
        return AnswerEntryPayload(entry=AnswerEntry.from_row(row))

    @mutation(
        "Remove a library entry (REVIEWER, ADMIN); the audit trail keeps its question.",
        errors={"NOT_FOUND": "(entryId) for an entry that is not here"},
    )
    async def delete_answer_entry(
        self, info: Info, input: AnswerEntryInput
    ) -> DeleteAnswerEntryPayload:
        removed = await library.delete_entry(
            info.context.session, info.context.actor, _entry_uuid(input.entry_id)
        )
        return DeleteAnswerEntryPayload(
            deleted_entry_id=strawberry.relay.GlobalID("AnswerEntry", str(removed))
        )


@strawberry.input(
    description="A CSV or XLSX of library entries to create or update, matched by question."
)
class ImportAnswerLibraryInput:
    file: Upload = strawberry.field(
        description="A workbook when its name ends in .xlsx (its first visible worksheet), "
        "else UTF-8 CSV; a header row: question, answer, tags, owner_email, last_reviewed_on "
        "(question and answer required), as GET /answer-library.csv and .xlsx write them; "
        "see the README."
    )


@strawberry.type(description="What an import of the answer library did.")
class AnswerLibraryImportReport:
    created: int = strawberry.field(description="Entries of questions new to the library.")
    updated: int = strawberry.field(description="Entries the file changed.")
    unchanged: int = strawberry.field(description="Entries the file has as they were.")
    warnings: list[str] = strawberry.field(description="Columns passed over, not ours.")


@strawberry.type(description="Result of importAnswerLibrary.")
class ImportAnswerLibraryPayload(Payload[DiligenceError]):
    report: AnswerLibraryImportReport | None = strawberry.field(
        default=None, description="What the import did; null when it was refused."
    )


@strawberry.type
class AnswerLibraryImportMutation:
    @mutation(
        "Create or update library entries from a CSV or an XLSX workbook, matched by question "
        "however cased and punctuated (REVIEWER, ADMIN): every row is saved or none, and "
        "importing an export changes nothing.",
        errors={
            "INVALID": "(file) for a file that is not UTF-8 CSV nor (named .xlsx) a workbook "
            "within the limits, lacks the question or answer column or has over 5,000 rows; "
            "and one for each problem of each row, its message naming the row and column "
            "(`row 4, owner_email: ...`)",
            "TOO_LARGE": "(file) for a file over 5 MB",
        },
    )
    async def import_answer_library(
        self, info: Info, input: ImportAnswerLibraryInput
    ) -> ImportAnswerLibraryPayload:
        file = uploaded(input.file)
        try:
            data = await file.read(MAX_FILE_BYTES + 1)
        finally:
            await file.close()
        result = await library_csv.import_file(
            info.context.session, info.context.actor, data, file.filename
        )
        return ImportAnswerLibraryPayload(
            report=AnswerLibraryImportReport(
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
                warnings=list(result.warnings),
            )
        )
