"""What a SOC report says, as values: each item kind's values and a report field's value.
Shown as a report's items are in force and as the parser read them (app/api/soc2), and as
frozen into a vendor review when it was submitted (app/api/reviews): shared by both areas,
so neither imports the other."""

from datetime import date
from typing import Any

import strawberry

from app.api.enums import (
    SocOpinion,
    SocReportField,
    SocReportKind,
    SocReportType,
    SubserviceMethod,
    TrustServicesCategory,
)
from parsers.soc2 import result


@strawberry.type(description="What an exception says: as in force, or as the parser read it.")
class SocExceptionValues:
    control_id: str | None = strawberry.field(description="The control's ID as printed.")
    criteria: list[str] = strawberry.field(description="Criteria it maps to, e.g. CC6.1.")
    control: str | None = strawberry.field(
        description="The control, as described; null when the report does not say."
    )
    test: str | None = strawberry.field(
        description="How the auditor tested it; null when the report does not say."
    )
    result: str = strawberry.field(description="The deviation, in the auditor's words.")
    management_response: str | None = strawberry.field(
        description="Management's response to the deviation; null when the report gives none."
    )
    page: int | None = strawberry.field(description="Page of the report (1-based).")

    @staticmethod
    def of(raw: Any) -> "SocExceptionValues":
        return SocExceptionValues(
            control_id=raw.get("control_id"),
            criteria=list(raw.get("criteria") or []),
            control=raw.get("control"),
            test=raw.get("test"),
            result=raw.get("result") or "",
            management_response=raw.get("management_response"),
            page=raw.get("page"),
        )


@strawberry.type(description="What a CUEC says: as in force, or as the parser read it.")
class CuecValues:
    text: str = strawberry.field(description="The control, as the report words it.")
    criteria: list[str] = strawberry.field(description="Criteria it relates to.")
    page: int | None = strawberry.field(description="Page of the report (1-based).")

    @staticmethod
    def of(raw: Any) -> "CuecValues":
        return CuecValues(
            text=raw.get("text") or "",
            criteria=list(raw.get("criteria") or []),
            page=raw.get("page"),
        )


@strawberry.type(
    description="What a subservice organization entry says: as in force, or as the parser read it."
)
class SubserviceOrganizationValues:
    name: str = strawberry.field(description="Its name as printed.")
    services: str | None = strawberry.field(description="What it does for the vendor.")
    method: SubserviceMethod | None = strawberry.field(
        description="CARVE_OUT or INCLUSIVE, if the report states it."
    )
    page: int | None = strawberry.field(description="Page of the report (1-based).")

    @staticmethod
    def of(raw: Any) -> "SubserviceOrganizationValues":
        method = raw.get("method")
        return SubserviceOrganizationValues(
            name=raw.get("name") or "",
            services=raw.get("services"),
            method=SubserviceMethod(method) if method else None,
            page=raw.get("page"),
        )


@strawberry.type(description="What a CSOC says: as in force, or as the parser read it.")
class CsocValues:
    text: str = strawberry.field(description="The control, as the report words it.")
    subservice_organization: str | None = strawberry.field(description="Whose control it is.")
    criteria: list[str] = strawberry.field(description="Criteria it relates to.")
    page: int | None = strawberry.field(description="Page of the report (1-based).")

    @staticmethod
    def of(raw: Any) -> "CsocValues":
        return CsocValues(
            text=raw.get("text") or "",
            subservice_organization=raw.get("subservice_organization"),
            criteria=list(raw.get("criteria") or []),
            page=raw.get("page"),
        )


@strawberry.type(
    description="A value of one report field: the member that fits the field is set, the "
    "others are null (text: serviceOrganization, serviceAuditor, opinionBasis; date: "
    "periodStart, periodEnd, asOf, reportDate; kind, reportType, opinion, categories)."
)
class ReportFieldValue:
    text: str | None = strawberry.field(default=None, description="A text field's value.")
    day: date | None = strawberry.field(
        default=None, name="date", description="A date field's value."
    )
    kind: SocReportKind | None = strawberry.field(default=None, description="KIND's value.")
    report_type: SocReportType | None = strawberry.field(
        default=None, description="REPORT_TYPE's value."
    )
    opinion: SocOpinion | None = strawberry.field(default=None, description="OPINION's value.")
    categories: list[TrustServicesCategory] | None = strawberry.field(
        default=None, description="CATEGORIES' value."
    )

    @staticmethod
    def of(field: SocReportField, raw: Any) -> "ReportFieldValue | None":
        """The stored (JSON) value of `field`, typed; None for no value."""
        if raw is None:
            return None
        if field == SocReportField.KIND:
            return ReportFieldValue(kind=result.Kind(raw))
        if field == SocReportField.REPORT_TYPE:
            return ReportFieldValue(report_type=result.ReportType(raw))
        if field == SocReportField.OPINION:
            return ReportFieldValue(opinion=result.Opinion(raw))
        if field == SocReportField.CATEGORIES:
            return ReportFieldValue(categories=[result.Category(c) for c in raw])
        if field in _DATE_FIELDS:
            return ReportFieldValue(day=date.fromisoformat(raw))
        return ReportFieldValue(text=str(raw))


_DATE_FIELDS = {
    SocReportField.PERIOD_START,
    SocReportField.PERIOD_END,
    SocReportField.AS_OF,
    SocReportField.REPORT_DATE,
}
