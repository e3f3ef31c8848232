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
        }
