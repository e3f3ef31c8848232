"""What a SOC report says, as values: each item kind's values and a report field's value.
Shown as a report's items are in force and as the parser read them (app/api/soc2), and as
frozen into a vendor review when it was submitted (app/api/reviews): shared by both areas,
so neither imports the other."""

from datetime import date
from typing import Any

import strawberry
from sqlalchemy import and_, case, func, literal_column

from app.api import stored_json
from app.api.enums import (
    SocOpinion,
    SocReportField,
    SocReportKind,
    SocReportType,
    SubserviceMethod,
    TrustServicesCategory,
)
from parsers.soc2 import result

# How each kind's values are read from the parser's JSON (app/api/stored_json.py): in
# Python by `of`, and in SQL where PostgreSQL writes them (app/api/soc2/types.py).
EXCEPTION_VALUES = {
    "control_id": stored_json.TEXT,
    "criteria": stored_json.TEXTS,
    "control": stored_json.TEXT,
    "test": stored_json.TEXT,
    "result": stored_json.WORDS,
    "management_response": stored_json.TEXT,
    "page": stored_json.PAGE,
}
CUEC_VALUES = {"text": stored_json.WORDS, "criteria": stored_json.TEXTS, "page": stored_json.PAGE}
SUBSERVICE_VALUES = {
    "name": stored_json.WORDS,
    "services": stored_json.TEXT,
    "method": stored_json.of(SubserviceMethod),
    "page": stored_json.PAGE,
}
CSOC_VALUES = {
    "text": stored_json.WORDS,
    "subservice_organization": stored_json.TEXT,
    "criteria": stored_json.TEXTS,
    "page": stored_json.PAGE,
}


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
        return SocExceptionValues(**stored_json.read(EXCEPTION_VALUES, raw))


@strawberry.type(description="What a CUEC says: as in force, or as the parser read it.")
class CuecValues:
    text: str = strawberry.field(description="The control, as the report words it.")
    criteria: list[str] = strawberry.field(description="Criteria it relates to.")
    page: int | None = strawberry.field(description="Page of the report (1-based).")

    @staticmethod
    def of(raw: Any) -> "CuecValues":
        return CuecValues(**stored_json.read(CUEC_VALUES, raw))


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
        return SubserviceOrganizationValues(**stored_json.read(SUBSERVICE_VALUES, raw))


@strawberry.type(description="What a CSOC says: as in force, or as the parser read it.")
class CsocValues:
    text: str = strawberry.field(description="The control, as the report words it.")
    subservice_organization: str | None = strawberry.field(description="Whose control it is.")
    criteria: list[str] = strawberry.field(description="Criteria it relates to.")
    page: int | None = strawberry.field(description="Page of the report (1-based).")

    @staticmethod
    def of(raw: Any) -> "CsocValues":
        return CsocValues(**stored_json.read(CSOC_VALUES, raw))


@strawberry.type(
    description="A value of one report field: the member that fits the field is set, the "
    "others are null (text: serviceOrganization, serviceAuditor, opinionBasis; date: "
    "periodStart, periodEnd, asOf, reportDate; kind, reportType, opinion, categories). A "
    "stored value this API cannot read as the field's (a date that is no date, a code it "
    "does not know) leaves every member null."
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
        """The stored (JSON) value of `field`, typed (a member null where the value is not
        of its kind); None for no value."""
        if raw is None:
            return None
        member = _member_of(field)
        return ReportFieldValue(**{member: _FIELD_VALUES[member].python(raw)})


# Which member of a ReportFieldValue holds each field's value, and how it is read.
_FIELD_VALUES = {
    "kind": stored_json.of(result.Kind),
    "report_type": stored_json.of(result.ReportType),
    "opinion": stored_json.of(result.Opinion),
    "categories": stored_json.each_of(result.Category),
    "day": stored_json.Reader(stored_json.day, stored_json.day_sql),
    "text": stored_json.TEXT,
}
_DATE_FIELDS = {
    SocReportField.PERIOD_START,
    SocReportField.PERIOD_END,
    SocReportField.AS_OF,
    SocReportField.REPORT_DATE,
}
_OWN_MEMBER = {
    SocReportField.KIND: "kind",
    SocReportField.REPORT_TYPE: "report_type",
    SocReportField.OPINION: "opinion",
    SocReportField.CATEGORIES: "categories",
}


def _member_of(field: SocReportField) -> str:
    """The member of a ReportFieldValue that holds `field`'s value."""
    return _OWN_MEMBER.get(field) or ("day" if field in _DATE_FIELDS else "text")


def field_value_sql(field: Any, raw: Any) -> dict[str, Any]:
    """As ReportFieldValue.of, in SQL, for the field the text column `field` names: each
    member's value (null but for the member that holds that field's), and `found`: whether
    there is a value at all."""
    values: dict[str, Any] = {
        "found": and_(raw.is_not(None), func.jsonb_typeof(raw) != literal_column("'null'"))
    }
    for member, reader in _FIELD_VALUES.items():
        holding = [f.value for f in SocReportField if _member_of(f) == member]
        values["date" if member == "day" else member] = case(
            (field.in_([literal_column(f"'{name}'") for name in holding]), reader.sql(raw))
        )
    return values
