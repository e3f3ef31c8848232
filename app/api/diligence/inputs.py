"""Inputs of due diligence's queries and mutations."""

from datetime import date

import strawberry
from strawberry import relay


@strawberry.input(description="A question and its answer for the library, new.")
class CreateAnswerEntryInput:
    question: str = strawberry.field(description="The question (at most 2,000 characters).")
    answer: str = strawberry.field(description="The answer (at most 20,000 characters).")
    tags: list[str] = strawberry.field(default_factory=list, description="Free labels.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="A member.")
    last_reviewed_on: date | None = strawberry.field(
        default=None, description="When it was last reviewed (not in the future); today if none."
    )
    evidence_document_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list,
        description="Trust documents that back the answer (at most 20).",
    )


@strawberry.input(description="What to change of a library entry: the fields given only.")
class UpdateAnswerEntryInput:
    entry_id: relay.GlobalID = strawberry.field(description="The entry.")
    question: str | None = strawberry.field(default=strawberry.UNSET, description="The question.")
    answer: str | None = strawberry.field(default=strawberry.UNSET, description="The answer.")
    tags: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Its labels, all of them; null: none."
    )
    owner_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="A member; null: nobody."
    )
    last_reviewed_on: date | None = strawberry.field(
        default=strawberry.UNSET, description="When it was last reviewed (not in the future)."
    )
    evidence_document_ids: list[relay.GlobalID] | None = strawberry.field(
        default=strawberry.UNSET,
        description="The trust documents that back the answer, all of them (at most 20); "
        "null: none.",
    )


@strawberry.input(description="A library entry to say reviewed, or to remove.")
class AnswerEntryInput:
    entry_id: relay.GlobalID = strawberry.field(description="The entry.")


@strawberry.input(description="Which library entries to list.")
class AnswerEntryFilter:
    search: str | None = strawberry.field(
        default=None, description="Words of the question or the answer (English stemming)."
    )
    tag: str | None = strawberry.field(default=None, description="Only those with this tag.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="This member's.")
    stale: bool | None = strawberry.field(
        default=None,
        description="true: last reviewed longer ago than answerStaleMonths; false: not.",
    )
