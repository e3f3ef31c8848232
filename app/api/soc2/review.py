"""Mutation fields of a reviewer's corrections to an extracted report (REVIEWER)."""

from datetime import date
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.enums import (
    SocOpinion,
    SocReportField,
    SocReportKind,
    SocReportType,
    SubserviceMethod,
    TrustServicesCategory,
)
from app.api.errors import Payload, mutation
from app.api.inputs import given
from app.api.relay import node_uuid
from app.api.soc2.errors import SocReportError
from app.api.soc2.types import Csoc, Cuec, SocException, SocReport, SubserviceOrganization
from domain.shared.errors import DomainError, NotFound, api_field
from domain.soc2 import models, review

_UNSET: Any = strawberry.UNSET


@strawberry.input(description="Reviewer's values for report fields; omitted fields stay.")
class CorrectReportInput:
    report_id: relay.GlobalID = strawberry.field(description="The report.")
    kind: SocReportKind | None = strawberry.field(default=_UNSET, description="What it is.")
    report_type: SocReportType | None = strawberry.field(default=_UNSET, description="I or II.")
    service_organization: str | None = strawberry.field(default=_UNSET, description="Examined.")
    service_auditor: str | None = strawberry.field(default=_UNSET, description="The CPA firm.")
    period_start: date | None = strawberry.field(default=_UNSET, description="Period start.")
    period_end: date | None = strawberry.field(default=_UNSET, description="Period end.")
    as_of: date | None = strawberry.field(default=_UNSET, description="Type I date.")
    report_date: date | None = strawberry.field(default=_UNSET, description="Report date.")
    opinion: SocOpinion | None = strawberry.field(default=_UNSET, description="The opinion.")
    opinion_basis: str | None = strawberry.field(default=_UNSET, description="Its basis.")
    categories: list[TrustServicesCategory] | None = strawberry.field(
        default=_UNSET, description="Categories covered."
    )
    note: str | None = strawberry.field(default=None, description="Why.")


@strawberry.input(description="Put the parser's value back in force.")
class RevertReportFieldInput:
    report_id: relay.GlobalID = strawberry.field(description="The report.")
    field: SocReportField = strawberry.field(description="The field.")


@strawberry.input(description="A report checked against its document.")
class ConfirmReportInput:
    report_id: relay.GlobalID = strawberry.field(description="The report.")


@strawberry.input(description="An exception the parser missed.")
class AddReportExceptionInput:
    report_id: relay.GlobalID = strawberry.field(description="The report.")
    result: str = strawberry.field(description="The deviation, in the auditor's words.")
    control_id: str | None = strawberry.field(default=None, description="The control's ID.")
    criteria: list[str] = strawberry.field(default_factory=list, description="e.g. CC6.1.")
    control: str | None = strawberry.field(default=None, description="The control.")
    test: str | None = strawberry.field(default=None, description="The auditor's test.")
    management_response: str | None = strawberry.field(default=None, description="Response.")
    page: int | None = strawberry.field(default=None, description="Page (1-based).")


_KEEPS = "Omitted fields keep their value; null clears one that may be empty."


@strawberry.input(description=f"A reviewer's values for an exception. {_KEEPS}")
class SocExceptionCorrection:
    id: relay.GlobalID = strawberry.field(description="The exception (SocException).")
    control_id: str | None = strawberry.field(default=_UNSET, description="The control's ID.")
    criteria: list[str] | None = strawberry.field(
        default=_UNSET, description="Criteria, e.g. CC6.1; null or [] for none."
    )
    control: str | None = strawberry.field(default=_UNSET, description="The control.")
    test: str | None = strawberry.field(default=_UNSET, description="The auditor's test.")
    result: str | None = strawberry.field(
        default=_UNSET, description="The deviation; null is INVALID (an exception has one)."
    )
    management_response: str | None = strawberry.field(
        default=_UNSET, description="Management's response."
    )
    page: int | None = strawberry.field(default=_UNSET, description="Page (1-based).")


@strawberry.input(description=f"A reviewer's values for a CUEC. {_KEEPS}")
class CuecCorrection:
    id: relay.GlobalID = strawberry.field(description="The CUEC (Cuec).")
    text: str | None = strawberry.field(default=_UNSET, description="The control; null is INVALID.")
    criteria: list[str] | None = strawberry.field(default=_UNSET, description="Criteria.")
    page: int | None = strawberry.field(default=_UNSET, description="Page (1-based).")


@strawberry.input(description=f"A reviewer's values for a subservice organization. {_KEEPS}")
class SubserviceOrganizationCorrection:
    id: relay.GlobalID = strawberry.field(description="The SubserviceOrganization.")
    name: str | None = strawberry.field(default=_UNSET, description="Its name; null is INVALID.")
    services: str | None = strawberry.field(default=_UNSET, description="What it does.")
    method: SubserviceMethod | None = strawberry.field(
        default=_UNSET, description="CARVE_OUT or INCLUSIVE; null: not stated."
    )
    page: int | None = strawberry.field(default=_UNSET, description="Page (1-based).")


@strawberry.input(description=f"A reviewer's values for a CSOC. {_KEEPS}")
class CsocCorrection:
    id: relay.GlobalID = strawberry.field(description="The CSOC (Csoc).")
    text: str | None = strawberry.field(default=_UNSET, description="The control; null is INVALID.")
    subservice_organization: str | None = strawberry.field(
        default=_UNSET, description="The subservice organization it is expected of."
    )
    criteria: list[str] | None = strawberry.field(default=_UNSET, description="Criteria.")
    page: int | None = strawberry.field(default=_UNSET, description="Page (1-based).")


@strawberry.input(
    one_of=True,
    description="Exactly one item, by its kind, with the reviewer's values: each kind takes "
    "only its own fields.",
)
class CorrectReportItemInput:
    exception: SocExceptionCorrection | None = strawberry.field(
        default=_UNSET, description="An exception."
    )
    cuec: CuecCorrection | None = strawberry.field(default=_UNSET, description="A CUEC.")
    subservice_organization: SubserviceOrganizationCorrection | None = strawberry.field(
        default=_UNSET, description="A subservice organization."
    )
    csoc: CsocCorrection | None = strawberry.field(default=_UNSET, description="A CSOC.")


@strawberry.input(description="Drop an item the parser got wrong, with why.")
class DismissReportItemInput:
    item_id: relay.GlobalID = strawberry.field(description="An exception, CUEC, ...")
    reason: str = strawberry.field(description="Why it is not right.")


@strawberry.input(description="Bring back a dismissed item.")
class RestoreReportItemInput:
    item_id: relay.GlobalID = strawberry.field(description="An exception, CUEC, ...")


ReportItem = Annotated[
    SocException | Cuec | SubserviceOrganization | Csoc,
    strawberry.union("ReportItem", description="An item extracted from a report."),
]

_ITEM_TYPES: dict[str, tuple[type[Any], Any]] = {
    "SocException": (models.SocException, SocException),
    "Cuec": (models.SocCuec, Cuec),
    "SubserviceOrganization": (models.SocSubserviceOrganization, SubserviceOrganization),
    "Csoc": (models.SocCsoc, Csoc),
}


# The GraphQL type of each kind a correction names.
_CORRECTED_TYPES = {
    "exception": "SocException",
    "cuec": "Cuec",
    "subservice_organization": "SubserviceOrganization",
    "csoc": "Csoc",
}


@strawberry.type(description="Result of a correction to a report.")
class SocReportPayload(Payload[SocReportError]):
    report: SocReport | None = strawberry.field(default=None, description="The report.")


@strawberry.type(description="Result of a correction to a report's item.")
class ReportItemPayload(Payload[SocReportError]):
    item: ReportItem | None = strawberry.field(default=None, description="The item.")


def _report_uuid(global_id: relay.GlobalID) -> UUID:
    return node_uuid(global_id, "SocReport", "Report", "reportId")


def _item(global_id: relay.GlobalID) -> tuple[type[Any], Any, UUID]:
    """The item's table, its GraphQL type and its id; any other ID is simply not found."""
    found = _ITEM_TYPES.get(global_id.type_name)
    if found is None:
        raise NotFound("Item", "itemId")
    model, gql_type = found
    return model, gql_type, node_uuid(global_id, global_id.type_name, "Item", "itemId")


def _given(input: Any, skip: tuple[str, ...]) -> dict[str, Any]:
    return given(input, (name for name in vars(input) if name not in skip))


@strawberry.type
class ReportReviewMutation:
    @mutation(
        "Put a reviewer's value in force for fields of an extracted report; the parser's "
        "stays beside it (REVIEWER). A change to what a confirmation covered withdraws it.",
        errors={
            "NOT_FOUND": "(reportId) for a report that is not here",
            "INVALID": "(the field) for a value that does not fit, a field that cannot be "
            "cleared, a period that ends before it starts, or no field given",
        },
    )
    async def correct_report(self, info: Info, input: CorrectReportInput) -> SocReportPayload:
        row = await review.correct_report(
            info.context.session,
            info.context.actor,
            _report_uuid(input.report_id),
            _given(input, ("report_id", "note")),
            input.note,
        )
        return SocReportPayload(report=SocReport.from_row(row))

    @mutation(
        "Put the parser's value of a field back in force (REVIEWER).",
        errors={
            "NOT_FOUND": "(reportId) for a report that is not here",
            "INVALID": "(field) when the field has no correction, or the parser's value "
            "does not fit the reviewer's other values",
        },
    )
    async def revert_report_field(
        self, info: Info, input: RevertReportFieldInput
    ) -> SocReportPayload:
        row = await review.revert_report_field(
            info.context.session,
            info.context.actor,
            _report_uuid(input.report_id),
            input.field.value,
        )
        return SocReportPayload(report=SocReport.from_row(row))

    @mutation(
        "Confirm an extraction against its document: its review flag is cleared "
        "(who and when kept) and the vendor's findings reconciled with it (REVIEWER, with "
        "a token of one's own).",
        errors={"NOT_FOUND": "(reportId) for a report that is not here"},
    )
    async def confirm_report(self, info: Info, input: ConfirmReportInput) -> SocReportPayload:
        row = await review.confirm_report(
            info.context.session, info.context.actor, _report_uuid(input.report_id)
        )
        return SocReportPayload(report=SocReport.from_row(row))

    @mutation(
        "Add an exception the parser missed (REVIEWER); it raises its finding.",
        errors={
            "NOT_FOUND": "(reportId) for a report that is not here",
            "INVALID": "(the field) for an empty result, criteria that are not Trust "
            "Services Criteria, or a value that does not fit",
        },
    )
    async def add_report_exception(
        self, info: Info, input: AddReportExceptionInput
    ) -> ReportItemPayload:
        row = await review.add_exception(
            info.context.session,
            info.context.actor,
            _report_uuid(input.report_id),
            _given(input, ("report_id",)),
        )
        return ReportItemPayload(item=SocException.from_row(row))

    @mutation(
        "Correct an extracted item, given by its kind (REVIEWER); the parser's values stay "
        "in parserValues.",
        errors={
            "NOT_FOUND": "([kind, id]) when the id is not an item of that kind here",
            "INVALID": "([kind, field]) for a value that does not fit or cannot be cleared, "
            "or ([kind]) when no value is given",
        },
    )
    async def correct_report_item(
        self, info: Info, input: CorrectReportItemInput
    ) -> ReportItemPayload:
        [(kind, correction)] = [
            (name, value) for name, value in vars(input).items() if value is not _UNSET
        ]
        type_name = _CORRECTED_TYPES[kind]
        model, gql_type = _ITEM_TYPES[type_name]
        try:
            row = await review.correct_item(
                info.context.session,
                info.context.actor,
                model,
                node_uuid(correction.id, type_name, "Item", "id"),
                _given(correction, ("id",)),
            )
        except DomainError as error:
            # The field at fault is inside the member that names the kind.
            error.field = ".".join(filter(None, [api_field(kind), error.field]))
            raise
        return ReportItemPayload(item=gql_type.from_row(row))

    @mutation(
        "Drop an item the parser got wrong, with why (REVIEWER); it stays listed as "
        "dismissed, and a dismissed exception's finding is resolved.",
        errors={
            "NOT_FOUND": "(itemId) for an item that is not here",
            "INVALID": "(reason) when there is none",
        },
    )
    async def dismiss_report_item(
        self, info: Info, input: DismissReportItemInput
    ) -> ReportItemPayload:
        model, gql_type, item_id = _item(input.item_id)
        row = await review.dismiss_item(
            info.context.session, info.context.actor, model, item_id, input.reason
        )
        return ReportItemPayload(item=gql_type.from_row(row))

    @mutation(
        "Bring back a dismissed item (REVIEWER).",
        errors={
            "NOT_FOUND": "(itemId) for an item that is not here",
            "INVALID": "(itemId) when the item is not dismissed",
        },
    )
    async def restore_report_item(
        self, info: Info, input: RestoreReportItemInput
    ) -> ReportItemPayload:
        model, gql_type, item_id = _item(input.item_id)
        row = await review.restore_item(info.context.session, info.context.actor, model, item_id)
        return ReportItemPayload(item=gql_type.from_row(row))
