"""The parser's frozen result and its JSON form, exactly as shared/contracts/soc2-extraction.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What the document is."""

    SOC1 = "SOC1"
    SOC2 = "SOC2"
    SOC3 = "SOC3"
    BRIDGE_LETTER = "BRIDGE_LETTER"
    UNKNOWN = "UNKNOWN"


# The kinds that are reports of controls (a bridge letter only speaks for one).
SOC_REPORT_KINDS = (Kind.SOC1, Kind.SOC2, Kind.SOC3)


class ReportType(StrEnum):
    """Type I (as of a date) or Type II (throughout a period)."""

    TYPE1 = "TYPE1"
    TYPE2 = "TYPE2"


class Opinion(StrEnum):
    """The service auditor's opinion."""

    UNQUALIFIED = "UNQUALIFIED"
    QUALIFIED = "QUALIFIED"
    ADVERSE = "ADVERSE"
    DISCLAIMER = "DISCLAIMER"


# Opinions the auditor modified: anything but clean.
MODIFIED_OPINIONS = (Opinion.QUALIFIED, Opinion.ADVERSE, Opinion.DISCLAIMER)


class Category(StrEnum):
    """A trust services category in scope."""

    SECURITY = "SECURITY"
    AVAILABILITY = "AVAILABILITY"
    PROCESSING_INTEGRITY = "PROCESSING_INTEGRITY"
    CONFIDENTIALITY = "CONFIDENTIALITY"
    PRIVACY = "PRIVACY"


class SubserviceMethod(StrEnum):
    """How the report presents a subservice organization."""

    CARVE_OUT = "CARVE_OUT"
    INCLUSIVE = "INCLUSIVE"


@dataclass(frozen=True)
class ControlException:
    """A tested control whose result reports a deviation."""

    control_id: str | None
    criteria: tuple[str, ...]
    control: str | None
    test: str | None
    result: str
    management_response: str | None
    page: int

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object for this item."""
        return {
            "control_id": self.control_id,
            "criteria": list(self.criteria),
            "control": self.control,
            "test": self.test,
            "result": self.result,
            "management_response": self.management_response,
            "page": self.page,
        }


@dataclass(frozen=True)
class Cuec:
    """A complementary user entity control."""

    text: str
    criteria: tuple[str, ...]
    page: int

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object for this item."""
        return {"text": self.text, "criteria": list(self.criteria), "page": self.page}


@dataclass(frozen=True)
class SubserviceOrganization:
    """A subservice organization, the services it provides, and how the report presents it."""

    name: str
    services: str | None
    method: SubserviceMethod | None
    page: int

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object for this item."""
        return {
            "name": self.name,
            "services": self.services,
            "method": self.method.value if self.method else None,
            "page": self.page,
        }


@dataclass(frozen=True)
class Csoc:
    """A complementary subservice organization control."""

    text: str
    subservice_organization: str | None
    criteria: tuple[str, ...]
    page: int

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object for this item."""
        return {
            "text": self.text,
            "subservice_organization": self.subservice_organization,
            "criteria": list(self.criteria),
            "page": self.page,
        }


@dataclass(frozen=True)
class Source:
    """Where a top-level fact was read: the 1-based page and the report's own words."""

    page: int
    quote: str

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object for this source."""
        return {"page": self.page, "quote": self.quote}


class ReviewReasonCode(StrEnum):
    """Why a person must check a parse (contract version 2, `review.reasons[].reason`)."""

    # a test result that reads as neither a pass nor a deviation; `text` is the result as printed
    UNCERTAIN_RESULT = "UNCERTAIN_RESULT"
    # a Type II SOC 1/2 whose tests of controls could not be read as a table of results
    TESTS_NOT_READ = "TESTS_NOT_READ"
    # a fact the report should state (opinion, period, as-of date, organization, auditor) not found
    NOT_FOUND = "NOT_FOUND"
    # a heading or sentence announces CUECs, subservice organizations or CSOCs; none were read
    ANNOUNCED_NOT_READ = "ANNOUNCED_NOT_READ"
    # pages that are images only where report content may be
    IMAGE_ONLY = "IMAGE_ONLY"
    # an executive summary or management's response counts or names exceptions not found
    EXCEPTIONS_MISMATCH = "EXCEPTIONS_MISMATCH"
    # the document could not be recognised as a SOC report or bridge letter
    NOT_RECOGNISED = "NOT_RECOGNISED"


@dataclass(frozen=True)
class ReviewReason:
    """One thing a reviewer must look at: the field concerned, the page, why, and the text."""

    field: str
    page: int | None
    reason: ReviewReasonCode
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object for this reason."""
        return {
            "field": self.field,
            "page": self.page,
            "reason": self.reason.value,
            "text": self.text,
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Soc2Extraction:
    """Everything `tprm soc2 parse` reports about one document."""

    kind: Kind
    type: ReportType | None
    service_organization: str | None
    service_auditor: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    as_of: dt.date | None
    report_date: dt.date | None
    opinion: Opinion | None
    opinion_basis: str | None
    trust_services_categories: tuple[Category, ...]
    exceptions: tuple[ControlException, ...]
    cuecs: tuple[Cuec, ...]
    subservice_organizations: tuple[SubserviceOrganization, ...]
    csocs: tuple[Csoc, ...]
    pages: int
    warnings: tuple[str, ...] = field(default=())
    sources: dict[str, Source] = field(default_factory=dict)
    review_reasons: tuple[ReviewReason, ...] = field(default=())

    @property
    def review_needed(self) -> bool:
        """Whether a person must check this parse before trusting it."""
        return bool(self.review_reasons)

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object, keys in the contract's order."""
        return {
            "kind": self.kind.value,
            "type": self.type.value if self.type else None,
            "service_organization": self.service_organization,
            "service_auditor": self.service_auditor,
            "period_start": _iso(self.period_start),
            "period_end": _iso(self.period_end),
            "as_of": _iso(self.as_of),
            "report_date": _iso(self.report_date),
            "opinion": self.opinion.value if self.opinion else None,
            "opinion_basis": self.opinion_basis,
            "trust_services_categories": [c.value for c in self.trust_services_categories],
            "exceptions": [e.to_dict() for e in self.exceptions],
            "cuecs": [c.to_dict() for c in self.cuecs],
            "subservice_organizations": [s.to_dict() for s in self.subservice_organizations],
            "csocs": [c.to_dict() for c in self.csocs],
            "pages": self.pages,
            "warnings": list(self.warnings),
            "sources": {key: source.to_dict() for key, source in self.sources.items()},
            "review": {
                "needed": self.review_needed,
                "reasons": [reason.to_dict() for reason in self.review_reasons],
            },
        }
