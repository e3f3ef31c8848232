"""GraphQL types of the questionnaires the tenant's customers send it: the file as tprm reads
it before import, the questionnaire, its questions, and the answers suggested for them."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.diligence.trust_documents import TrustDocument
from app.api.diligence.types import AnswerEntry
from app.api.enums import CustomerAnswerStatus, SheetColumnRole, SheetFormat, SuggestionSource
from app.api.nodes import RowNode, node, to_node
from app.api.refs import ControlRef, MemberRef, SocReportRef, VendorRef
from app.api.relay import Connection, page_request
from domain.compliance import models as compliance
from domain.diligence import customer_questionnaires as questionnaires
from domain.diligence import models
from domain.diligence.sheets import Layout, Preview
from domain.diligence.suggestions import Suggestion
from domain.shared import policy
from domain.shared.policy import Permission
from domain.soc2 import models as soc2
from domain.tenancy import models as tenancy
from domain.vendors import models as vendors


@strawberry.type(description="Where a questionnaire's questions are in its file.")
class SheetLayout:
    sheet: str = strawberry.field(description="The sheet (a CSV's one sheet: any name).")
    header_row: int = strawberry.field(description="Its header row, from 1; 0: none.")
    question_column: int = strawberry.field(description="The questions' column, from 0 (A).")
    section_column: int | None = strawberry.field(description="The sections' column, if any.")
    answer_column: int | None = strawberry.field(
        description="The answers' column; none: an Answer column is added on export."
    )
    reference_column: int | None = strawberry.field(
        description="The column of the customer's question numbers, if any."
    )

    @classmethod
    def of(cls, layout: Layout) -> "SheetLayout":
        return cls(
            sheet=layout.sheet,
            header_row=layout.header_row,
            question_column=layout.question_column,
            section_column=layout.section_column,
            answer_column=layout.answer_column,
            reference_column=layout.reference_column,
        )


@strawberry.type(description="A column of a sheet as tprm reads it.")
class SheetColumn:
    index: int = strawberry.field(description="From 0 (A).")
    letter: str = strawberry.field(description="As the spreadsheet names it: A, B, ... AA.")
    header: str = strawberry.field(description="Its header; empty when it has none.")
    role: SheetColumnRole = strawberry.field(description="What tprm takes it for.")
    samples: list[str] = strawberry.field(description="Its first few values under the header.")
    hidden: bool = strawberry.field(description="Hidden in the workbook: never guessed.")


@strawberry.type(description="A sheet of a customer's file and the guess of its questions.")
class SheetPreview:
    name: str = strawberry.field(description="The sheet's name.")
    hidden: bool = strawberry.field(description="Hidden in the workbook: never chosen by itself.")
    header_row: int = strawberry.field(description="The header row found, from 1; 0: none.")
    last_row: int = strawberry.field(description="The last row holding text.")
    columns: list[SheetColumn] = strawberry.field(description="Its columns, A onwards.")
    layout: SheetLayout | None = strawberry.field(
        description="The guessed layout; null when no column reads as questions."
    )
    question_count: int = strawberry.field(description="How many questions the layout gives.")
    reasons: list[str] = strawberry.field(description="Why tprm guessed so, in words.")


@strawberry.type(description="A customer's file as tprm reads it, before it is imported.")
class CustomerQuestionnairePreview:
    format: SheetFormat = strawberry.field(description="XLSX, or CSV (also .tsv and .txt).")
    encoding: str | None = strawberry.field(description="A CSV's text encoding, as found.")
    delimiter: str | None = strawberry.field(description="A CSV's delimiter, as found.")
    sheets: list[SheetPreview] = strawberry.field(description="Every sheet, hidden ones too.")
    chosen_sheet: str | None = strawberry.field(
        description="The visible sheet with the most questions: what an import with no "
        "layout reads. Null when none reads as questions."
    )

    @classmethod
    def of(cls, preview: Preview) -> "CustomerQuestionnairePreview":
        return cls(
            format=SheetFormat(preview.format),
            encoding=preview.encoding,
            delimiter=preview.delimiter,
            sheets=[
                SheetPreview(
                    name=s.name,
                    hidden=s.hidden,
                    header_row=s.header_row,
                    last_row=s.last_row,
                    columns=[
                        SheetColumn(
                            index=c.index,
                            letter=c.letter,
                            header=c.header,
                            role=SheetColumnRole(c.role),
                            samples=list(c.samples),
                            hidden=c.hidden,
                        )
                        for c in s.columns
                    ],
                    layout=SheetLayout.of(s.layout) if s.layout else None,
                    question_count=s.questions,
                    reasons=list(s.reasons),
                )
                for s in preview.sheets
            ],
            chosen_sheet=preview.chosen,
        )


@strawberry.type(description="An answer tprm suggests for a customer's question.")
class AnswerSuggestion:
    key: str = strawberry.field(
        description="What names it to useSuggestedAnswer: its source and row."
    )
    source: SuggestionSource = strawberry.field(description="Where it comes from.")
    score: int = strawberry.field(
        description="How well it fits, 0 to 100; from 85 it answers the same question."
    )
    answer: str = strawberry.field(description="The answer it gives.")
    why: str = strawberry.field(description="Where it comes from, in words.")
    library_entry_id: strawberry.Private[UUID | None]
    control_id: strawberry.Private[UUID | None]
    report_id: strawberry.Private[UUID | None]
    trust_document_id: strawberry.Private[UUID | None]
    vendor_ids: strawberry.Private[tuple[UUID, ...]]

    @strawberry.field(description="The library entry it comes from (LIBRARY).")
    def library_entry(self, info: Info) -> AnswerEntry | None:
        return node(info, models.AnswerEntry, self.library_entry_id)

    @strawberry.field(description="The tenant's control it comes from (CONTROL).")
    def control(self, info: Info) -> ControlRef | None:
        return node(info, compliance.Control, self.control_id)

    @strawberry.field(description="A vendor's SOC report it comes from (REPORT).")
    def soc_report(self, info: Info) -> SocReportRef | None:
        return node(info, soc2.SocReport, self.report_id)

    @strawberry.field(description="The tenant's own SOC report it comes from (REPORT).")
    def trust_document(self, info: Info) -> TrustDocument | None:
        return node(info, models.TrustDocument, self.trust_document_id)

    @strawberry.field(
        description="The vendors it names: the subprocessors listed (SUBPROCESSORS), or the "
        "vendor reported on (REPORT)."
    )
    async def vendors(self, info: Info) -> list[VendorRef]:
        rows = await info.context.loaders.rows(vendors.Vendor).load_many(list(self.vendor_ids))
        found = [to_node(info, row) for row in rows]
        return [v for v in found if v is not None]

    @classmethod
    def of(cls, suggestion: Suggestion) -> "AnswerSuggestion":
        return cls(
            key=suggestion.key,
            source=SuggestionSource(suggestion.source),
            score=suggestion.score,
            answer=suggestion.answer,
            why=suggestion.why,
            library_entry_id=suggestion.library_entry_id,
            control_id=suggestion.control_id,
            report_id=suggestion.report_id,
            trust_document_id=suggestion.trust_document_id,
            vendor_ids=suggestion.vendor_ids,
        )


@strawberry.type(description="What the viewer may do to a customer's questionnaire now.")
class CustomerQuestionnaireViewerCan:
    update: bool = strawberry.field(description="Change its details (REVIEWER, ADMIN).")
    answer: bool = strawberry.field(description="Answer its questions (REVIEWER, ADMIN).")
    delete: bool = strawberry.field(description="Remove it (REVIEWER, ADMIN).")


@strawberry.type(description="How far a customer's questionnaire is answered.")
class CustomerQuestionnaireProgress:
    total: int = strawberry.field(description="Its questions.")
    unanswered: int = strawberry.field(description="With no answer.")
    suggested: int = strawberry.field(description="With a suggested answer nobody accepted yet.")
    accepted: int = strawberry.field(description="With a suggested answer a member accepted.")
    edited: int = strawberry.field(description="With an answer a member wrote.")
    done_percent: int = strawberry.field(
        description="Accepted and edited of all, in whole percent (rounded down): what the "
        "export sends."
    )


@strawberry.input(description="Which questions of a questionnaire to list.")
class CustomerQuestionFilter:
    statuses: list[CustomerAnswerStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    section: str | None = strawberry.field(default=None, description="This section exactly.")


@strawberry.type(
    description="A security questionnaire a customer sent the tenant, imported from its own "
    "file, to answer and send back in that file."
)
class CustomerQuestionnaire(
    RowNode, relay.Node, model=models.CustomerQuestionnaire, read=Permission.DILIGENCE_READ
):
    questionnaire_id: relay.NodeID[UUID]
    customer: str = strawberry.field(description="The customer who sent it.")
    title: str = strawberry.field(description="What it is called (its file's name, unless given).")
    due_on: date | None = strawberry.field(description="When the customer wants it back.")
    filename: str = strawberry.field(description="The file's name, made safe.")
    format: SheetFormat = strawberry.field(description="XLSX or CSV.")
    size_bytes: int = strawberry.field(description="The file's size in bytes.")
    layout: SheetLayout = strawberry.field(description="Where its questions were read.")
    created_at: datetime = strawberry.field(description="When it was imported.")
    updated_at: datetime = strawberry.field(description="When its details last changed.")
    owner_id: strawberry.Private[UUID | None]
    imported_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The member who sees it answered.")
    def owner(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.owner_id)

    @strawberry.field(description="Who imported it.")
    def imported_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.imported_by_id)

    @strawberry.field(
        description="Path to download the customer's file as it came (GET, bearer token)."
    )
    def file_url(self) -> str:
        return f"/customer-questionnaires/{self._global_id}/file"

    @strawberry.field(
        description="Path to download the customer's file with the ACCEPTED and EDITED "
        "answers in its answer column (GET, bearer token)."
    )
    def answered_file_url(self) -> str:
        return f"/customer-questionnaires/{self._global_id}/answered"

    @property
    def _global_id(self) -> str:
        return relay.to_base64("CustomerQuestionnaire", self.questionnaire_id)

    @strawberry.field(description="How far it is answered.")
    async def progress(self, info: Info) -> CustomerQuestionnaireProgress:
        context = info.context

        async def fetch(ids: Sequence[UUID]) -> dict[UUID, Any]:
            return await questionnaires.progress_by_questionnaire(
                context.session, context.actor.tenant_id, ids
            )

        counts = await context.loaders.keyed("customer-questionnaire-progress", fetch).load(
            self.questionnaire_id
        )
        counted = {status: (counts or {}).get(status, 0) for status in models.CustomerAnswerStatus}
        total = sum(counted.values())
        done = (
            counted[models.CustomerAnswerStatus.ACCEPTED]
            + counted[models.CustomerAnswerStatus.EDITED]
        )
        return CustomerQuestionnaireProgress(
            total=total,
            unanswered=counted[models.CustomerAnswerStatus.UNANSWERED],
            suggested=counted[models.CustomerAnswerStatus.SUGGESTED],
            accepted=counted[models.CustomerAnswerStatus.ACCEPTED],
            edited=counted[models.CustomerAnswerStatus.EDITED],
            done_percent=100 * done // total if total else 0,
        )

    @strawberry.field(description="Its questions in the file's order.")
    async def questions(
        self,
        info: Info,
        filter: CustomerQuestionFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection["CustomerQuestion"]:
        given = filter or CustomerQuestionFilter()
        wanted = questionnaires.QuestionFilter(
            statuses=tuple(models.CustomerAnswerStatus(s) for s in given.statuses or ()),
            section=given.section,
        )
        order = "customer-questions"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await questionnaires.list_questions(
            info.context.session, info.context.actor, self.questionnaire_id, wanted, request
        )
        return Connection[CustomerQuestion].from_page(page, CustomerQuestion.from_row, order)

    @strawberry.field(description="What the viewer may do to it now.")
    def viewer_can(self, info: Info) -> CustomerQuestionnaireViewerCan:
        writes = policy.allows(info.context.actor, Permission.DILIGENCE_WRITE)
        return CustomerQuestionnaireViewerCan(update=writes, answer=writes, delete=writes)

    @classmethod
    def from_row(cls, row: models.CustomerQuestionnaire) -> "CustomerQuestionnaire":
        return cls(
            questionnaire_id=row.id,
            customer=row.customer,
            title=row.title,
            due_on=row.due_on,
            filename=row.filename,
            format=SheetFormat(row.format),
            size_bytes=row.size_bytes,
            layout=SheetLayout.of(questionnaires.layout_of(row)),
            created_at=row.created_at,
            updated_at=row.updated_at,
            owner_id=row.owner_id,
            imported_by_id=row.imported_by_id,
        )


@strawberry.type(
    description="A question of a customer's questionnaire and its answer as it stands."
)
class CustomerQuestion(
    RowNode, relay.Node, model=models.CustomerQuestion, read=Permission.DILIGENCE_READ
):
    question_id: relay.NodeID[UUID]
    position: int = strawberry.field(description="Its place in the questionnaire, from 1.")
    row: int = strawberry.field(description="The row of the customer's sheet it is on.")
    section: str | None = strawberry.field(description="The section it is in, as the file says.")
    reference: str | None = strawberry.field(description="The customer's number for it.")
    text: str = strawberry.field(description="The question.")
    answer: str | None = strawberry.field(description="Its answer as it stands; null: none.")
    status: CustomerAnswerStatus = strawberry.field(description="Where its answer stands.")
    source: SuggestionSource | None = strawberry.field(
        description="Where a SUGGESTED or ACCEPTED answer came from; null for one a member wrote."
    )
    answered_at: datetime | None = strawberry.field(
        description="When a member accepted or wrote its answer."
    )
    updated_at: datetime = strawberry.field(description="When it last changed.")
    questionnaire_id: strawberry.Private[UUID]
    library_entry_id: strawberry.Private[UUID | None]
    answered_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Who accepted or wrote its answer.")
    def answered_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.answered_by_id)

    @strawberry.field(description="The library entry its answer came from, or was saved to.")
    def library_entry(self, info: Info) -> AnswerEntry | None:
        return node(info, models.AnswerEntry, self.library_entry_id)

    @strawberry.field(description="The questionnaire it is of.")
    def questionnaire(self, info: Info) -> CustomerQuestionnaire | None:
        return node(info, models.CustomerQuestionnaire, self.questionnaire_id)

    @strawberry.field(
        description="Answers tprm suggests for it now, best first, each with where it comes "
        "from: the answer library, the tenant's controls, the subprocessor list, or a SOC "
        "report it holds (the rule: see the README, 'Suggested answers')."
    )
    async def suggestions(
        self,
        info: Info,
        first: Annotated[
            int,
            strawberry.argument(
                description=f"How many, 1 to {questionnaires.MAX_SUGGESTIONS} (held there)."
            ),
        ] = 5,
    ) -> list[AnswerSuggestion]:
        # held to 1 ... MAX_SUGGESTIONS rather than refused: an error here would blank the
        # whole questionnaire (the lists above are not nullable)
        first = min(max(first, 1), questionnaires.MAX_SUGGESTIONS)
        context = info.context

        async def fetch(ids: Sequence[UUID]) -> dict[UUID, list[Suggestion]]:
            rows = await context.loaders.rows(models.CustomerQuestion).load_many(list(ids))
            asked = [(row.id, row.text) for row in rows if row is not None]
            found = await questionnaires.suggestions_for(
                context.session, context.actor, [text for _, text in asked], first
            )
            return {question_id: s for (question_id, _), s in zip(asked, found, strict=True)}

        loader = context.loaders.keyed(("customer-question-suggestions", first), fetch)
        return [AnswerSuggestion.of(s) for s in await loader.load(self.question_id) or []]

    @classmethod
    def from_row(cls, row: models.CustomerQuestion) -> "CustomerQuestion":
        return cls(
            question_id=row.id,
            position=row.position,
            row=row.row,
            section=row.section,
            reference=row.reference,
            text=row.text,
            answer=row.answer,
            status=CustomerAnswerStatus(row.status),
            source=SuggestionSource(row.source) if row.source else None,
            answered_at=row.answered_at,
            updated_at=row.updated_at,
            questionnaire_id=row.questionnaire_id,
            library_entry_id=row.library_entry_id,
            answered_by_id=row.answered_by_id,
        )
