"""GraphQL types of the SOC reports read from documents, and their items."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

import strawberry
from sqlalchemy import and_, select
from strawberry import relay

from app.api import json_pages, stored_json
from app.api.context import Info
from app.api.enums import (
    ItemOrigin,
    Recurrence,
    SocOpinion,
    SocReportField,
    SocReportKind,
    SocReportType,
    SubserviceMethod,
    TrustServicesCategory,
)
from app.api.exception_domains import ExceptionClassification
from app.api.nodes import RowNode, member_of_user, node, node_by
from app.api.refs import DocumentRef, FindingRef, MemberRef, VendorRef
from app.api.report_values import (
    CSOC_VALUES,
    CUEC_VALUES,
    EXCEPTION_VALUES,
    SUBSERVICE_VALUES,
    CsocValues,
    CuecValues,
    ReportFieldValue,
    SocExceptionValues,
    SubserviceOrganizationValues,
    field_value_sql,
)
from app.api.soc2.parse_review import FactSource, SocReportReview, SocReportSources
from domain.compliance import exception_trends
from domain.documents import models as documents
from domain.findings import models as findings
from domain.findings import queries as finding_queries
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.policy import Permission
from domain.soc2 import models as soc2
from domain.tenancy import models as tenancy
from domain.vendors import models as vendors
from parsers.soc2 import result


@strawberry.type(description="Who did what to an extracted item, and when.")
class ItemReview:
    origin: ItemOrigin = strawberry.field(description="The parser's, or added by a reviewer.")
    corrected_at: datetime | None = strawberry.field(description="When a reviewer corrected it.")
    dismissed_at: datetime | None = strawberry.field(description="When a reviewer dropped it.")
    dismiss_reason: str | None = strawberry.field(description="Why it was dropped.")
    corrected_by_id: strawberry.Private[UUID | None]
    dismissed_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The reviewer who corrected it.")
    def corrected_by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.corrected_by_id)

    @strawberry.field(description="The reviewer who dropped it.")
    def dismissed_by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.dismissed_by_id)

    @classmethod
    def from_row(cls, row: Any) -> "ItemReview":
        return cls(
            origin=soc2.ItemOrigin(row.origin),
            corrected_at=row.corrected_at,
            dismissed_at=row.dismissed_at,
            dismiss_reason=row.dismiss_reason,
            corrected_by_id=row.corrected_by,
            dismissed_by_id=row.dismissed_by,
        )


def item_source(row: Any, words: str) -> FactSource | None:
    """Where the parser read an item: its page and its words as printed (`words`: the key of
    the item's main text in its parser values); null for an item a reviewer added, or one
    read without a page."""
    parsed = row.parsed if isinstance(row.parsed, dict) else {}
    return FactSource.from_json(
        {"page": parsed.get("page"), "quote": stored_json.quote(parsed.get(words))}
    )


_SOURCE = (
    "Where the parser read it: the page and the report's own words (whitespace collapsed, at "
    "most 300 characters), for a PDF viewer to open and highlight; null for an item a "
    "reviewer added."
)


@strawberry.type(description="A tested control whose result reports a deviation.")
class SocException(
    SocExceptionValues, RowNode, relay.Node, model=soc2.SocException, read=Permission.DOCUMENT_READ
):
    exception_id: relay.NodeID[UUID]
    recurrence: Recurrence | None = strawberry.field(
        description="NEW or RECURRING against the previous report; null before comparison."
    )
    review: ItemReview = strawberry.field(description="Origin and reviewers' changes.")
    source_found: strawberry.Private[FactSource | None]
    parser_values: SocExceptionValues | None = strawberry.field(
        description="What the parser read, whatever a reviewer changed since; null for an "
        "exception a reviewer added."
    )

    @strawberry.field(
        description="The finding it raised; null while it raised none (a report that needs "
        "review raises them all the same; a dismissed exception's finding is resolved, not "
        "removed)."
    )
    def finding(self, info: Info) -> FindingRef | None:
        return node_by(info, info.context.loaders.finding_by_exception, self.exception_id)

    @strawberry.field(description=_SOURCE)
    def source(self) -> FactSource | None:
        return self.source_found

    @strawberry.field(
        description="Its control domain (ACCESS, CHANGE_MANAGEMENT ...), by tprm's documented "
        "rules or a reviewer's word (classifyException), and what decided it."
    )
    async def control_domain(self, info: Info) -> ExceptionClassification:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, Any]:
            return await exception_trends.classifications(
                context.session, context.actor.tenant_id, list(ids)
            )

        decided, by_reviewer = await context.loaders.keyed("exception-domains", fetch).load(
            self.exception_id
        )
        return ExceptionClassification.of(decided, by_reviewer)

    @classmethod
    def from_row(cls, row: soc2.SocException) -> "SocException":
        return cls(
            exception_id=row.id,
            control_id=row.control_id,
            criteria=list(row.criteria),
            control=row.control,
            test=row.test,
            result=row.result,
            management_response=row.management_response,
            page=row.page,
            recurrence=soc2.Recurrence(row.recurrence) if row.recurrence else None,
            review=ItemReview.from_row(row),
            source_found=item_source(row, "result"),
            parser_values=SocExceptionValues.of(row.parsed)
            if stored_json.filled(row.parsed)
            else None,
        )


@strawberry.type(description="A control the report says we, the user entity, must run.")
class Cuec(CuecValues, RowNode, relay.Node, model=soc2.SocCuec, read=Permission.DOCUMENT_READ):
    cuec_id: relay.NodeID[UUID]
    review: ItemReview = strawberry.field(description="Origin and reviewers' changes.")
    source_found: strawberry.Private[FactSource | None]
    parser_values: CuecValues | None = strawberry.field(
        description="What the parser read; null for one a reviewer added."
    )

    @strawberry.field(description=_SOURCE)
    def source(self) -> FactSource | None:
        return self.source_found

    @classmethod
    def from_row(cls, row: soc2.SocCuec) -> "Cuec":
        return cls(
            cuec_id=row.id,
            text=row.text,
            criteria=list(row.criteria),
            page=row.page,
            review=ItemReview.from_row(row),
            source_found=item_source(row, "text"),
            parser_values=CuecValues.of(row.parsed) if stored_json.filled(row.parsed) else None,
        )


@strawberry.type(description="An organization the vendor relies on to run its service.")
class SubserviceOrganization(
    SubserviceOrganizationValues,
    RowNode,
    relay.Node,
    model=soc2.SocSubserviceOrganization,
    read=Permission.DOCUMENT_READ,
):
    subservice_id: relay.NodeID[UUID]
    review: ItemReview = strawberry.field(description="Origin and reviewers' changes.")
    source_found: strawberry.Private[FactSource | None]
    parser_values: SubserviceOrganizationValues | None = strawberry.field(
        description="What the parser read; null for one a reviewer added."
    )

    @strawberry.field(description=_SOURCE)
    def source(self) -> FactSource | None:
        return self.source_found

    @classmethod
    def from_row(cls, row: soc2.SocSubserviceOrganization) -> "SubserviceOrganization":
        return cls(
            subservice_id=row.id,
            name=row.name,
            services=row.services,
            method=SubserviceMethod(row.method) if row.method else None,
            page=row.page,
            review=ItemReview.from_row(row),
            source_found=item_source(row, "name"),
            parser_values=SubserviceOrganizationValues.of(row.parsed)
            if stored_json.filled(row.parsed)
            else None,
        )


@strawberry.type(description="A control the report expects a subservice organization to run.")
class Csoc(CsocValues, RowNode, relay.Node, model=soc2.SocCsoc, read=Permission.DOCUMENT_READ):
    csoc_id: relay.NodeID[UUID]
    review: ItemReview = strawberry.field(description="Origin and reviewers' changes.")
    source_found: strawberry.Private[FactSource | None]
    parser_values: CsocValues | None = strawberry.field(
        description="What the parser read; null for one a reviewer added."
    )

    @strawberry.field(description=_SOURCE)
    def source(self) -> FactSource | None:
        return self.source_found

    @classmethod
    def from_row(cls, row: soc2.SocCsoc) -> "Csoc":
        return cls(
            csoc_id=row.id,
            text=row.text,
            subservice_organization=row.subservice_organization,
            criteria=list(row.criteria),
            page=row.page,
            review=ItemReview.from_row(row),
            source_found=item_source(row, "text"),
            parser_values=CsocValues.of(row.parsed) if stored_json.filled(row.parsed) else None,
        )


@strawberry.type(description="An exception of the previous report not found in this one.")
class ResolvedException:
    control_id: str | None = strawberry.field(description="The control's ID as printed.")
    criteria: list[str] = strawberry.field(description="Criteria it mapped to.")
    control: str | None = strawberry.field(description="The control description.")
    result: str = strawberry.field(description="The deviation, as the previous report put it.")


# How a stored comparison is read (app/api/stored_json.py), in Python and in SQL.
_RESOLVED = {
    "control_id": stored_json.TEXT,
    "criteria": stored_json.TEXTS,
    "control": stored_json.TEXT,
    "result": stored_json.WORDS,
}
_COMPARED = {
    "opinion_from": stored_json.of(result.Opinion),
    "opinion_to": stored_json.of(result.Opinion),
    "opinion_changed": stored_json.FLAG,
    # Comparisons stored before reviews were kept: no report needed review then.
    "conclusive": stored_json.Reader(
        lambda raw: stored_json.flag(raw, missing=True),
        lambda raw: stored_json.flag_sql(raw, missing=True),
    ),
    "categories_added": stored_json.each_of(result.Category),
    "categories_dropped": stored_json.each_of(result.Category),
    "subservices_added": stored_json.TEXTS,
    "subservices_dropped": stored_json.TEXTS,
}


@strawberry.type(description="What changed since the vendor's previous report of the same kind.")
class ReportComparison:
    previous_report_id: strawberry.Private[UUID | None]
    opinion_from: SocOpinion | None = strawberry.field(
        description="The previous report's opinion; null when it was not read."
    )
    opinion_to: SocOpinion | None = strawberry.field(
        description="This report's opinion; null when it was not read."
    )
    opinion_changed: bool = strawberry.field(description="Both were read and they differ.")
    conclusive: bool = strawberry.field(
        description="Neither this report nor the previous one needs review. When false, what "
        "the lists say is gone (exceptions, categories, subservice organizations) may only be "
        "unread: check it against the document before taking it as resolved or dropped."
    )
    categories_added: list[TrustServicesCategory] = strawberry.field(
        description="Categories newly covered."
    )
    categories_dropped: list[TrustServicesCategory] = strawberry.field(
        description="Categories no longer covered (perhaps only unread, unless `conclusive`)."
    )
    subservices_added: list[str] = strawberry.field(description="New subservice organizations.")
    subservices_dropped: list[str] = strawberry.field(
        description="Subservice organizations gone (perhaps only unread, unless `conclusive`)."
    )
    resolved_exceptions: list[ResolvedException] = strawberry.field(
        description="Previous exceptions not found again: resolved when `conclusive`, else "
        "perhaps only unread."
    )

    @strawberry.field(description="The previous report; null for a vendor's first.")
    def previous_report(self, info: Info) -> "SocReport | None":
        return node(info, soc2.SocReport, self.previous_report_id)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "ReportComparison":
        resolved = raw.get("resolved_exceptions")
        return cls(
            previous_report_id=stored_json.uuid(raw.get("previous_report_id")),
            **stored_json.read(_COMPARED, raw),
            resolved_exceptions=[
                ResolvedException(**stored_json.read(_RESOLVED, e))
                for e in (resolved if isinstance(resolved, list) else [])
                if isinstance(e, dict)
            ],
        )


@strawberry.type(description="A reviewer's value for one field of a report.")
class ReportFieldCorrection:
    field: SocReportField = strawberry.field(
        description="The field, as revertReportField names it."
    )
    value: ReportFieldValue | None = strawberry.field(
        description="The reviewer's value, in force; null when they cleared it."
    )
    parser_value: ReportFieldValue | None = strawberry.field(
        description="What the parser read; null when it read nothing."
    )
    note: str | None = strawberry.field(
        description="Why, as the reviewer gave it; null when they gave none."
    )
    corrected_at: datetime = strawberry.field(description="When the correction was last made.")
    corrected_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The member who made it.")
    def corrected_by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.corrected_by_id)


@strawberry.type(description="What the viewer may do to a SOC report's reading now.")
class SocReportViewerCan:
    correct: bool = strawberry.field(
        description="correctReport, revertReportField, addReportException, correctReportItem, "
        "dismissReportItem, restoreReportItem."
    )
    confirm: bool = strawberry.field(
        description="confirmReport: the role reviews reports and the token is the viewer's own."
    )
    reparse: bool = strawberry.field(description="reparseDocument of its document.")

    @classmethod
    def of(cls, actor: Actor) -> "SocReportViewerCan":
        review = policy.allows(actor, Permission.SOC_REVIEW)
        return cls(
            correct=review,
            confirm=review and not actor.delegated,
            reparse=policy.allows(actor, Permission.DOCUMENT_REPARSE),
        )


@strawberry.type(description="What a SOC report says, as read from its document.")
class SocReport(RowNode, relay.Node, model=soc2.SocReport, read=Permission.DOCUMENT_READ):
    report_id: relay.NodeID[UUID]
    kind: SocReportKind = strawberry.field(description="What the document is.")
    report_type: SocReportType | None = strawberry.field(
        description="TYPE1 (controls at a date) or TYPE2 (over a period); null when not read."
    )
    service_organization: str | None = strawberry.field(
        description="The company examined (the vendor, as the report names it); null when not read."
    )
    service_auditor: str | None = strawberry.field(description="The CPA firm that signed.")
    period_start: date | None = strawberry.field(description="Start of a Type II period.")
    period_end: date | None = strawberry.field(description="End of a Type II period.")
    as_of: date | None = strawberry.field(description="The date of a Type I report.")
    report_date: date | None = strawberry.field(description="Date of the auditor's report.")
    opinion: SocOpinion | None = strawberry.field(
        description="The auditor's opinion; null when not read (the review then says so)."
    )
    opinion_basis: str | None = strawberry.field(description="Why a modified opinion is so.")
    categories: list[TrustServicesCategory] = strawberry.field(
        description="Trust services categories covered."
    )
    pages: int = strawberry.field(description="Pages in the document.")
    warnings: list[str] = strawberry.field(description="What the parser was unsure of.")
    parsed_at: datetime = strawberry.field(description="When it was (last) read.")
    confirmed_at: datetime | None = strawberry.field(
        description="When a reviewer last confirmed the extraction against the document."
    )
    sources: SocReportSources = strawberry.field(
        description="Where the parser read each fact: page and quote."
    )
    review: SocReportReview = strawberry.field(
        description="Whether a person must check this reading before anything is concluded "
        "from it (no finding is resolved from it meanwhile), why, and who cleared it."
    )
    document_id: strawberry.Private[UUID]
    vendor_id: strawberry.Private[UUID]
    comparison_json: strawberry.Private[dict[str, Any] | None]
    parsed_json: strawberry.Private[dict[str, Any] | None]
    confirmed_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The document it was read from (its file, its parse).")
    def document(self, info: Info) -> DocumentRef | None:
        return node(info, documents.Document, self.document_id)

    @strawberry.field(description="The vendor whose report it is.")
    def vendor(self, info: Info) -> VendorRef | None:
        return node(info, vendors.Vendor, self.vendor_id)

    @strawberry.field(description="What the viewer may do to this reading now.")
    def viewer_can(self, info: Info) -> SocReportViewerCan:
        return SocReportViewerCan.of(info.context.actor)

    @strawberry.field(description="The reviewer who last confirmed it.")
    def confirmed_by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.confirmed_by_id)

    @strawberry.field(description="Fields a reviewer corrected: their value and the parser's.")
    async def corrections(self, info: Info) -> list[ReportFieldCorrection]:
        rows = await info.context.loaders.corrections_by_report.load(self.report_id)
        parsed = self.parsed_json if isinstance(self.parsed_json, dict) else {}
        return [
            ReportFieldCorrection(
                field=SocReportField(row.field),
                value=ReportFieldValue.of(SocReportField(row.field), row.value),
                parser_value=ReportFieldValue.of(SocReportField(row.field), parsed.get(row.field)),
                note=row.note,
                corrected_at=row.corrected_at,
                corrected_by_id=row.corrected_by,
            )
            for row in rows
        ]

    @strawberry.field(description="Year over year against the vendor's previous report.")
    def comparison(self) -> ReportComparison | None:
        if not stored_json.filled(self.comparison_json):
            return None
        return ReportComparison.from_json(self.comparison_json)

    @strawberry.field(description="Exceptions in the tests of controls, in report order.")
    async def exceptions(self, info: Info) -> list[SocException]:
        rows = await info.context.loaders.exceptions_by_report.load(self.report_id)
        return [SocException.from_row(row) for row in rows]

    @strawberry.field(description="Complementary user entity controls, in report order.")
    async def cuecs(self, info: Info) -> list[Cuec]:
        rows = await info.context.loaders.cuecs_by_report.load(self.report_id)
        return [Cuec.from_row(row) for row in rows]

    @strawberry.field(description="Subservice organizations, in report order.")
    async def subservice_organizations(self, info: Info) -> list[SubserviceOrganization]:
        rows = await info.context.loaders.subservices_by_report.load(self.report_id)
        return [SubserviceOrganization.from_row(row) for row in rows]

    @strawberry.field(description="Complementary subservice organization controls.")
    async def csocs(self, info: Info) -> list[Csoc]:
        rows = await info.context.loaders.csocs_by_report.load(self.report_id)
        return [Csoc.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: soc2.SocReport) -> "SocReport":
        return cls(
            report_id=row.id,
            kind=result.Kind(row.kind),
            report_type=result.ReportType(row.report_type) if row.report_type else None,
            service_organization=row.service_organization,
            service_auditor=row.service_auditor,
            period_start=row.period_start,
            period_end=row.period_end,
            as_of=row.as_of,
            report_date=row.report_date,
            opinion=result.Opinion(row.opinion) if row.opinion else None,
            opinion_basis=row.opinion_basis,
            categories=[result.Category(c) for c in row.categories],
            pages=row.pages,
            warnings=stored_json.texts(row.warnings),
            parsed_at=row.parsed_at,
            confirmed_at=row.confirmed_at,
            sources=SocReportSources.from_json(row.sources),
            review=SocReportReview.from_row(row),
            comparison_json=row.comparison,
            parsed_json=row.parsed,
            confirmed_by_id=row.confirmed_by,
            document_id=row.document_id,
            vendor_id=row.vendor_id,
        )


def _items(model: Any) -> json_pages.Many:
    """A report's items of one kind, in report order (dismissed ones too)."""
    return json_pages.Many(
        json_pages.tenant_rows(model, "report_id"), lambda item: [item.c.position, item.c.id]
    )


def _item(words: str, readers: dict[str, stored_json.Reader]) -> dict[str, Any]:
    """An item's fields that every kind has: its review, its source (its page and `words`,
    as item_source reads them) and its parser values (as `readers` read them)."""

    def source(item: Any) -> json_pages.Values:
        return json_pages.Values(
            page=stored_json.page_sql(stored_json.key(item.c.parsed, "page")),
            quote=stored_json.quote_sql(stored_json.key(item.c.parsed, words)),
        )

    def parser_values(item: Any) -> json_pages.Values:
        found = stored_json.filled_sql(item.c.parsed)
        return json_pages.Values(found=found, **stored_json.read_sql(readers, item.c.parsed))

    return {
        "review": json_pages.Itself(),
        "source": json_pages.Itself(when=lambda read: read.c["page"].is_not(None), of=source),
        "parserValues": json_pages.Itself(when=lambda values: values.c["found"], of=parser_values),
        **json_pages.columns("page"),
    }


# Each kind's values, over the Values an item's parser values are read into (_item).
for values_type, readers in (
    ("SocExceptionValues", EXCEPTION_VALUES),
    ("CuecValues", CUEC_VALUES),
    ("SubserviceOrganizationValues", SUBSERVICE_VALUES),
    ("CsocValues", CSOC_VALUES),
):
    json_pages.project(values_type, json_pages.columns(*readers))


json_pages.project(
    "SocException",
    {
        "id": json_pages.global_id("SocException"),
        **json_pages.columns(
            "control_id",
            "criteria",
            "control",
            "test",
            "result",
            "management_response",
            "recurrence",
        ),
        **_item("result", EXCEPTION_VALUES),
        "finding": json_pages.One(
            findings.Finding.__table__,  # type: ignore[attr-defined]
            finding_queries.finding_of,
        ),
    },
)
json_pages.project(
    "Cuec",
    {
        "id": json_pages.global_id("Cuec"),
        **json_pages.columns("text", "criteria"),
        **_item("text", CUEC_VALUES),
    },
)
json_pages.project(
    "SubserviceOrganization",
    {
        "id": json_pages.global_id("SubserviceOrganization"),
        **json_pages.columns("name", "services", "method"),
        **_item("name", SUBSERVICE_VALUES),
    },
)
json_pages.project(
    "Csoc",
    {
        "id": json_pages.global_id("Csoc"),
        **json_pages.columns("text", "subservice_organization", "criteria"),
        **_item("text", CSOC_VALUES),
    },
)
json_pages.project(
    "ItemReview",
    {
        **json_pages.columns("origin", "dismiss_reason"),
        "correctedAt": json_pages.instant("corrected_at"),
        "dismissedAt": json_pages.instant("dismissed_at"),
        # the members the reviewers are here (member_of_user)
        "correctedBy": json_pages.tenant_rows(tenancy.Membership, "user_id", "corrected_by"),
        "dismissedBy": json_pages.tenant_rows(tenancy.Membership, "user_id", "dismissed_by"),
    },
)


def _corrections() -> json_pages.Many:
    """A report's corrections, by field, each beside what the parser read of its field (its
    report's parsed value, as `parser_value`: read once, however often it is written)."""
    corrections = soc2.SocReportCorrection.__table__  # type: ignore[attr-defined]
    reports = soc2.SocReport.__table__  # type: ignore[attr-defined]
    read = (
        select(*corrections.c, reports.c.parsed.op("->")(corrections.c.field).label("parser_value"))
        .join_from(
            corrections,
            reports,
            and_(
                reports.c.tenant_id == corrections.c.tenant_id,
                reports.c.id == corrections.c.report_id,
            ),
        )
        .subquery("corrections_read")
    )
    return json_pages.Many(
        json_pages.One(
            read,
            lambda report, correction, value: select(value).where(
                correction.c.tenant_id == report.c.tenant_id,
                correction.c.report_id == report.c.id,
            ),
        ),
        lambda correction: [correction.c.field, correction.c.id],
    )


def _field_value(raw: Any) -> json_pages.Itself:
    """ReportFieldValue.of a correction's field and the JSON value `raw(correction)`."""
    return json_pages.Itself(
        when=lambda value: value.c["found"],
        of=lambda correction: json_pages.Values(
            **field_value_sql(correction.c.field, raw(correction))
        ),
    )


json_pages.project(
    "ReportFieldValue",
    json_pages.columns("text", "date", "kind", "report_type", "opinion", "categories"),
)
json_pages.project(
    "ReportFieldCorrection",
    {
        "field": lambda correction: stored_json.named_sql(SocReportField, correction.c.field),
        "note": json_pages.column("note"),
        "correctedAt": json_pages.instant("corrected_at"),
        "correctedBy": json_pages.tenant_rows(tenancy.Membership, "user_id", "corrected_by"),
        "value": _field_value(lambda correction: correction.c.value),
        "parserValue": _field_value(lambda correction: correction.c.parser_value),
    },
)


json_pages.project(
    "ResolvedException", stored_json.fields_sql(_RESOLVED, lambda resolved: resolved.c.value)
)


def _previous_report(report: Any, previous: Any, value: Any) -> Any:
    previous_id = stored_json.uuid_sql(stored_json.key(report.c.comparison, "previous_report_id"))
    return select(value).where(
        previous.c.tenant_id == report.c.tenant_id, previous.c.id == previous_id
    )


json_pages.project(
    "ReportComparison",
    {
        **stored_json.fields_sql(_COMPARED, lambda report: report.c.comparison),
        "previousReport": json_pages.One(
            soc2.SocReport.__table__,  # type: ignore[attr-defined]
            _previous_report,
        ),
        "resolvedExceptions": json_pages.Many(
            json_pages.json_objects(
                lambda report: stored_json.key(report.c.comparison, "resolved_exceptions"),
                "resolved",
            ),
            lambda resolved: [resolved.c.ordinality],
        ),
    },
)


# How PostgreSQL writes a report (app/api/json_pages.py): on a list page, and as the
# report's review screen opens it (node(id:)), as the fields above answer.
json_pages.project(
    "SocReport",
    {
        "id": json_pages.global_id("SocReport"),
        "review": json_pages.Itself(),
        **json_pages.columns(
            "kind",
            "report_type",
            "service_organization",
            "service_auditor",
            "period_start",
            "period_end",
            "as_of",
            "report_date",
            "opinion",
            "opinion_basis",
            "pages",
        ),
        "parsedAt": json_pages.instant("parsed_at"),
        "confirmedAt": json_pages.instant("confirmed_at"),
        "confirmedBy": json_pages.tenant_rows(tenancy.Membership, "user_id", "confirmed_by"),
        "document": json_pages.tenant_rows(documents.Document, "id", "document_id"),
        "vendor": json_pages.tenant_rows(vendors.Vendor, "id", "vendor_id"),
        "viewerCan": json_pages.Decided({}, lambda actor, _: SocReportViewerCan.of(actor)),
        "categories": json_pages.column("categories"),
        "warnings": lambda report: stored_json.texts_sql(report.c.warnings),
        "sources": json_pages.Itself(),
        "corrections": _corrections(),
        "comparison": json_pages.Itself(
            when=lambda report: stored_json.filled_sql(report.c.comparison)
        ),
        "exceptions": _items(soc2.SocException),
        "cuecs": _items(soc2.SocCuec),
        "subserviceOrganizations": _items(soc2.SocSubserviceOrganization),
        "csocs": _items(soc2.SocCsoc),
    },
)
