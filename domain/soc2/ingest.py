"""Storing a parse: the report's fields and its items, without undoing any reviewer's work.

Items are matched across parses by a key made from what identifies them (a control
id, a CUEC's text, an organization's name). On a re-parse, items nobody touched are
refreshed or removed; items a reviewer corrected or dismissed keep the reviewer's
values (the parser's are refreshed beside them); items a reviewer added stay.

Every parse also sets where each fact was read (`sources`) and whether a person must
check the parse (`review_needed`, `review_reasons`): a re-parse that needs review sets
the flag again even after a reviewer cleared it, since the reading is a new one. An
extraction from before version 2 of the contract has neither key: no sources, no review.
"""

import hashlib
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.documents.models import Document
from domain.soc2.models import (
    ItemOrigin,
    ReportField,
    SocCsoc,
    SocCuec,
    SocException,
    SocReport,
    SocReportCorrection,
    SocSubserviceOrganization,
)

REPORT_FIELDS = tuple(field.value for field in ReportField)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def report_values(extraction: dict[str, Any]) -> dict[str, Any]:
    """The report row's parser columns from the contract's JSON object."""
    return {
        "kind": extraction["kind"],
        "report_type": extraction.get("type"),
        "service_organization": extraction.get("service_organization"),
        "service_auditor": extraction.get("service_auditor"),
        "period_start": _day(extraction.get("period_start")),
        "period_end": _day(extraction.get("period_end")),
        "as_of": _day(extraction.get("as_of")),
        "report_date": _day(extraction.get("report_date")),
        "opinion": extraction.get("opinion"),
        "opinion_basis": extraction.get("opinion_basis"),
        "categories": list(extraction.get("trust_services_categories") or []),
        "pages": int(extraction.get("pages") or 0),
        "warnings": list(extraction.get("warnings") or []),
    }


def review_values(extraction: dict[str, Any]) -> dict[str, Any]:
    """The report row's sources and review flag from the contract's JSON object (version 2).

    Kept as the parser gave them (only objects, so a read never trips on a stray value);
    reading them maps what this product does not know yet. Any reason means a person
    must look, whatever `needed` says.
    """
    sources = extraction.get("sources")
    review = extraction.get("review")
    review = review if isinstance(review, dict) else {}
    reasons = review.get("reasons")
    kept_reasons = [r for r in reasons if isinstance(r, dict)] if isinstance(reasons, list) else []
    return {
        "sources": (
            {k: v for k, v in sources.items() if isinstance(v, dict)}
            if isinstance(sources, dict)
            else {}
        ),
        "review_needed": bool(review.get("needed")) or bool(kept_reasons),
        "review_reasons": kept_reasons,
        # A new reading: nobody has cleared its flag yet.
        "review_cleared_by": None,
        "review_cleared_at": None,
    }


_SPACE = re.compile(r"\s+")
_ID_NOISE = re.compile(r"[\s\-_.]+")


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", (text or "").strip().lower())


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def exception_key(item: dict[str, Any]) -> str:
    control_id = item.get("control_id")
    if control_id:
        return "id:" + _digest(_ID_NOISE.sub("", control_id.lower()))
    criteria = ",".join(sorted(item.get("criteria") or []))
    return "tx:" + _digest(criteria, _norm(item.get("control")), _norm(item.get("result"))[:300])


def cuec_key(item: dict[str, Any]) -> str:
    return "tx:" + _digest(_norm(item.get("text")))


def subservice_key(item: dict[str, Any]) -> str:
    return "nm:" + _digest(_norm(item.get("name")))


def csoc_key(item: dict[str, Any]) -> str:
    return "tx:" + _digest(_norm(item.get("subservice_organization")), _norm(item.get("text")))


def _exception_values(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "control_id": item.get("control_id"),
        "criteria": list(item.get("criteria") or []),
        "control": item.get("control"),
        "test": item.get("test"),
        "result": item.get("result") or "",
        "management_response": item.get("management_response"),
        "page": item.get("page"),
    }


def _cuec_values(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": item.get("text") or "",
        "criteria": list(item.get("criteria") or []),
        "page": item.get("page"),
    }


def _subservice_values(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": item.get("name") or "",
        "services": item.get("services"),
        "method": item.get("method"),
        "page": item.get("page"),
    }


def _csoc_values(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": item.get("text") or "",
        "subservice_organization": item.get("subservice_organization"),
        "criteria": list(item.get("criteria") or []),
        "page": item.get("page"),
    }


ITEM_KINDS: tuple[tuple[type[Any], str, Callable[..., str], Callable[..., dict[str, Any]]], ...] = (
    (SocException, "exceptions", exception_key, _exception_values),
    (SocCuec, "cuecs", cuec_key, _cuec_values),
    (SocSubserviceOrganization, "subservice_organizations", subservice_key, _subservice_values),
    (SocCsoc, "csocs", csoc_key, _csoc_values),
)


def _touched(row: Any) -> bool:
    return row.corrected_at is not None or row.dismissed_at is not None


async def _reconcile(
    session: AsyncSession,
    model: type[Any],
    report: SocReport,
    items: Sequence[dict[str, Any]],
    key_of: Callable[[dict[str, Any]], str],
    values_of: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    existing = {
        row.item_key: row
        for row in (
            await session.execute(
                select(model).where(
                    col(model.tenant_id) == report.tenant_id,
                    col(model.report_id) == report.id,
                )
            )
        ).scalars()
    }
    seen: set[str] = set()
    for position, item in enumerate(items):
        key = key_of(item)
        if key in seen:  # the parser lists each item once; keep keys unique regardless
            key = _digest(key, str(position))
        seen.add(key)
        values = values_of(item)
        row = existing.get(key)
        if row is None:
            session.add(
                model(
                    tenant_id=report.tenant_id,
                    report_id=report.id,
                    item_key=key,
                    position=position,
                    origin=ItemOrigin.PARSER.value,
                    parsed=_jsonable(values),
                    **values,
                )
            )
            continue
        row.parsed = _jsonable(values)
        row.position = position
        if not _touched(row):
            for name, value in values.items():
                setattr(row, name, value)
        session.add(row)
    for key, row in existing.items():
        if key not in seen and row.origin == ItemOrigin.PARSER and not _touched(row):
            await session.delete(row)
    await session.flush()


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


async def store(session: AsyncSession, document: Document, extraction: dict[str, Any]) -> SocReport:
    """Write (or refresh) the document's report and items from the parser's JSON object."""
    report = await report_of_document(session, document.tenant_id, document.id)
    values = report_values(extraction)
    review = review_values(extraction)
    corrected = await corrected_fields(session, report) if report else set()
    if report is None:
        report = SocReport(
            tenant_id=document.tenant_id,
            document_id=document.id,
            vendor_id=document.vendor_id,
            **values,
            **review,
        )
    else:
        for name, value in values.items():
            if name not in corrected:  # a reviewer's value stays in force
                setattr(report, name, value)
        for name, value in review.items():
            setattr(report, name, value)
    report.parsed = _jsonable({name: values[name] for name in REPORT_FIELDS})
    session.add(report)
    await session.flush()
    for model, name, key_of, values_of in ITEM_KINDS:
        await _reconcile(session, model, report, extraction.get(name) or [], key_of, values_of)
    return report


async def corrected_fields(session: AsyncSession, report: SocReport) -> set[str]:
    rows = await session.execute(
        select(col(SocReportCorrection.field)).where(
            col(SocReportCorrection.tenant_id) == report.tenant_id,
            col(SocReportCorrection.report_id) == report.id,
        )
    )
    return set(rows.scalars())


async def report_of_document(
    session: AsyncSession, tenant_id: UUID, document_id: UUID
) -> SocReport | None:
    result = await session.execute(
        select(SocReport).where(
            col(SocReport.tenant_id) == tenant_id, col(SocReport.document_id) == document_id
        )
    )
    return result.scalar_one_or_none()
