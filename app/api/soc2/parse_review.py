"""GraphQL types of where a report's facts were read and whether a person must check them.

The parser's `sources` and `review` (contract version 2) are stored as it gave them;
here they become typed objects. A value this API does not know (a reason code or a
field name from a newer parser, a page that is not a page) reads as OTHER or null,
never as an error: a stored parse must always be readable.
"""

import enum
from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
from sqlalchemy import and_
from strawberry.types.base import get_object_definition
from strawberry.utils.str_converters import to_camel_case

from app.api import json_pages, stored_json
from app.api.context import Info
from app.api.nodes import member_of_user
from app.api.refs import MemberRef
from domain.tenancy import models as tenancy


# The parser's codes (parsers/soc2/result.py), each described, and OTHER for any this API
# does not know yet; a test fails when the parser gives a code missing here.
@strawberry.enum(description="Why the parser asks a person to check a parse.")
class ReviewReasonCode(enum.Enum):
    UNCERTAIN_RESULT = strawberry.enum_value(
        "UNCERTAIN_RESULT",
        description="A test result reads as neither a pass nor a deviation (`text` is the "
        "result as printed); it is not among the exceptions.",
    )
    TESTS_NOT_READ = strawberry.enum_value(
        "TESTS_NOT_READ",
        description="The tests of controls of a Type II report could not be read as results.",
    )
    NOT_FOUND = strawberry.enum_value(
        "NOT_FOUND",
        description="A fact the report should state (opinion, period, as-of date, service "
        "organization, service auditor) was not found.",
    )
    ANNOUNCED_NOT_READ = strawberry.enum_value(
        "ANNOUNCED_NOT_READ",
        description="The report announces CUECs, subservice organizations or CSOCs, and none "
        "were read.",
    )
    IMAGE_ONLY = strawberry.enum_value(
        "IMAGE_ONLY",
        description="Pages are images only where report content may be (`text` lists them).",
    )
    EXCEPTIONS_MISMATCH = strawberry.enum_value(
        "EXCEPTIONS_MISMATCH",
        description="A summary or management's response counts or names exceptions that were "
        "not found.",
    )
    NOT_RECOGNISED = strawberry.enum_value(
        "NOT_RECOGNISED",
        description="The document was not recognised as a SOC report or a bridge letter.",
    )
    OTHER = strawberry.enum_value(
        "OTHER",
        description="A reason this API does not know yet (from a newer parser); read `text`.",
    )


@strawberry.enum(description="A top-level field of what the parser reads from a document.")
class ExtractionField(enum.Enum):
    KIND = strawberry.enum_value("kind", description="What the document is (`kind`).")
    TYPE = strawberry.enum_value("type", description="Type I or II (`reportType`).")
    SERVICE_ORGANIZATION = strawberry.enum_value(
        "service_organization", description="The examined company."
    )
    SERVICE_AUDITOR = strawberry.enum_value("service_auditor", description="The CPA firm.")
    PERIOD_START = strawberry.enum_value("period_start", description="Start of the period.")
    PERIOD_END = strawberry.enum_value("period_end", description="End of the period.")
    AS_OF = strawberry.enum_value("as_of", description="The date of a Type I report.")
    REPORT_DATE = strawberry.enum_value("report_date", description="The auditor's report date.")
    OPINION = strawberry.enum_value("opinion", description="The auditor's opinion.")
    OPINION_BASIS = strawberry.enum_value("opinion_basis", description="Its basis.")
    TRUST_SERVICES_CATEGORIES = strawberry.enum_value(
        "trust_services_categories", description="Categories covered (`categories`)."
    )
    EXCEPTIONS = strawberry.enum_value("exceptions", description="The exceptions.")
    CUECS = strawberry.enum_value("cuecs", description="Complementary user entity controls.")
    SUBSERVICE_ORGANIZATIONS = strawberry.enum_value(
        "subservice_organizations", description="Subservice organizations."
    )
    CSOCS = strawberry.enum_value(
        "csocs", description="Complementary subservice organization controls."
    )
    PAGES = strawberry.enum_value("pages", description="The document's pages as a whole.")
    OTHER = strawberry.enum_value(
        "other", description="A field this API does not know yet (from a newer parser)."
    )


# How a parser's reason is read (app/api/stored_json.py), in Python and in SQL: its field and
# code known or OTHER, its page a whole number in GraphQL's range or null, its text a string
# or null.
_REASON = {
    "field": stored_json.of(ExtractionField, otherwise=ExtractionField.OTHER),
    "page": stored_json.PAGE,
    "reason": stored_json.of(ReviewReasonCode, otherwise=ReviewReasonCode.OTHER),
    "text": stored_json.TEXT,
}


@strawberry.type(description="Where the parser read a fact: the page and the report's words.")
class FactSource:
    page: int = strawberry.field(description="The page (1-based).")
    quote: str = strawberry.field(
        description="The report's own words that state the value (whitespace collapsed, at "
        "most 300 characters)."
    )

    @classmethod
    def from_json(cls, raw: Any) -> "FactSource | None":
        """None for anything that is not a page and a quote."""
        if not isinstance(raw, dict):
            return None
        page, quote = stored_json.page(raw.get("page")), stored_json.text(raw.get("quote"))
        return cls(page=page, quote=quote) if page is not None and quote is not None else None


@strawberry.type(
    description="Where the parser read each of a report's facts; null where it gave none (a "
    "fact it did not find, or a report read before sources were kept). The parser's reading: "
    "a reviewer's correction does not change it."
)
class SocReportSources:
    kind: FactSource | None = strawberry.field(description="Where `kind` was read.")
    type: FactSource | None = strawberry.field(description="Where `reportType` was read.")
    service_organization: FactSource | None = strawberry.field(
        description="Where `serviceOrganization` was read."
    )
    service_auditor: FactSource | None = strawberry.field(
        description="Where `serviceAuditor` was read."
    )
    period_start: FactSource | None = strawberry.field(description="Where `periodStart` was read.")
    period_end: FactSource | None = strawberry.field(description="Where `periodEnd` was read.")
    as_of: FactSource | None = strawberry.field(description="Where `asOf` was read.")
    report_date: FactSource | None = strawberry.field(description="Where `reportDate` was read.")
    opinion: FactSource | None = strawberry.field(description="Where `opinion` was read.")
    opinion_basis: FactSource | None = strawberry.field(
        description="Where `opinionBasis` was read."
    )
    trust_services_categories: FactSource | None = strawberry.field(
        description="Where `categories` were read."
    )

    @classmethod
    def from_json(cls, raw: Any) -> "SocReportSources":
        sources = raw if isinstance(raw, dict) else {}
        # the contract's keys are these fields' names
        return cls(**{name: FactSource.from_json(sources.get(name)) for name in _SOURCED})


_SOURCED = [f.name for f in get_object_definition(SocReportSources, strict=True).fields]


@strawberry.type(description="One thing a person must check in what the parser read.")
class ReviewReason:
    field: ExtractionField = strawberry.field(description="The field concerned.")
    page: int | None = strawberry.field(description="The page concerned (1-based), if one is.")
    reason: ReviewReasonCode = strawberry.field(description="Why it must be checked.")
    text: str | None = strawberry.field(
        description="The report's text in question (a result as printed, the pages), if any."
    )

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "ReviewReason":
        return cls(**stored_json.read(_REASON, raw))


@strawberry.type(
    description="Whether a person must check what the parser read before anything is "
    "concluded from it, why, and who cleared it."
)
class SocReportReview:
    needed: bool = strawberry.field(
        description="The parser flagged its last reading and no reviewer has confirmed the "
        "report since. While it is, an empty list or a missing fact may only be unread: no "
        "finding is resolved from this report."
    )
    reasons: list[ReviewReason] = strawberry.field(
        description="What the parser flagged in its last reading, in its order; kept once a "
        "reviewer clears the flag."
    )
    cleared_at: datetime | None = strawberry.field(
        description="When a reviewer cleared the flag (confirmReport); null while it is needed "
        "or when the last reading needed no review."
    )
    cleared_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The reviewer who cleared the flag.")
    def cleared_by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.cleared_by_id)

    @classmethod
    def from_row(cls, row: Any) -> "SocReportReview":
        reasons = row.review_reasons if isinstance(row.review_reasons, list) else []
        return cls(
            needed=row.review_needed,
            reasons=[ReviewReason.from_json(r) for r in reasons if isinstance(r, dict)],
            cleared_at=row.review_cleared_at,
            cleared_by_id=row.review_cleared_by,
        )


# How PostgreSQL writes a report's review (app/api/json_pages.py): each reason an object of
# the stored list, read as ReviewReason.from_json reads it.
json_pages.project("ReviewReason", stored_json.fields_sql(_REASON, lambda reason: reason.c.value))
json_pages.project(
    "SocReportReview",
    {
        "needed": json_pages.column("review_needed"),
        "reasons": json_pages.Many(
            json_pages.json_objects(lambda report: report.c.review_reasons, "reason"),
            lambda reason: [reason.c.ordinality],
        ),
        "clearedAt": json_pages.instant("review_cleared_at"),
        # the member the reviewer is here (member_of_user)
        "clearedBy": json_pages.tenant_rows(tenancy.Membership, "user_id", "review_cleared_by"),
    },
)


# Where the parser read the report's fact `name`, as FactSource.from_json reads the report's
# sources: a page and a quote, else null.
def _fact_source(name: str) -> json_pages.Itself:
    def read(report: Any) -> json_pages.Values:
        source = stored_json.key(report.c.sources, name)
        return json_pages.Values(
            page=stored_json.page_sql(stored_json.key(source, "page")),
            quote=stored_json.text_sql(stored_json.key(source, "quote")),
        )

    return json_pages.Itself(when=_page_and_quote, of=read)


def _page_and_quote(source: Any) -> Any:
    return and_(source.c["page"].is_not(None), source.c["quote"].is_not(None))


json_pages.project("FactSource", json_pages.columns("page", "quote"))
json_pages.project(
    "SocReportSources", {to_camel_case(name): _fact_source(name) for name in _SOURCED}
)
