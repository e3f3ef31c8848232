"""A reviewer's corrections to what the parser read: fields, items added, changed, dropped.

Every change keeps the parser's value beside it (the report's and each item's `parsed`),
records who and when, survives a re-parse (domain/soc2/ingest.py), and brings the
vendor's findings up to date in the same transaction.
"""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.shared import consequences, normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import InvalidInput, api_field
from domain.shared.policy import Permission
from domain.soc2 import confirmation
from domain.soc2.changes import VendorReportsChanged
from domain.soc2.ingest import REPORT_FIELDS
from domain.soc2.models import (
    ItemOrigin,
    SocCsoc,
    SocCuec,
    SocException,
    SocReport,
    SocReportCorrection,
    SocSubserviceOrganization,
)
from parsers.soc2.criteria import normalise_criteria
from parsers.soc2.result import Category, Kind, Opinion, ReportType, SubserviceMethod
from parsers.soc2.tables import normalise_id

_ENUMS: dict[str, type[StrEnum]] = {"kind": Kind, "report_type": ReportType, "opinion": Opinion}
_DATES = {"period_start", "period_end", "as_of", "report_date"}
_EARLIEST, _LATEST = date(1990, 1, 1), date(2100, 12, 31)  # SOC reports began in 2011
# A report always says what it is and what it covers (categories may be an empty list, not
# null); an item always has its words.
_NOT_CLEARABLE = {"kind", "categories"}
_ITEM_REQUIRED = {"result", "text", "name"}
# What a reviewer may set on each kind of item, and the longest text each takes.
ITEM_FIELDS: dict[type[Any], dict[str, int]] = {
    SocException: {
        "control_id": 60,
        "control": 5000,
        "test": 5000,
        "result": 5000,
        "management_response": 5000,
    },
    SocCuec: {"text": 5000},
    SocSubserviceOrganization: {"name": 300, "services": 2000, "method": 20},
    SocCsoc: {"text": 5000, "subservice_organization": 300},
}


def _check_dates(report: SocReport, changes: dict[str, Any]) -> None:
    """The dates in force after a correction still make a report: its period starts before it
    ends and it is signed after its period (or as-of date), checked where a change is part."""
    start, end, signed = report.period_start, report.period_end, report.report_date
    if start and end and start > end and {"period_start", "period_end"} & changes.keys():
        field = "period_start" if "period_start" in changes else "period_end"
        raise InvalidInput("The period must start before it ends.", api_field(field))
    last = end or report.as_of
    if (
        signed
        and last
        and signed < last
        and {"report_date", "period_end", "as_of"} & changes.keys()
    ):
        moved = next(f for f in ("report_date", "period_end", "as_of") if f in changes)
        raise InvalidInput(
            "The report date must not be before the period end or as-of date.", api_field(moved)
        )


def _member(kind: type[StrEnum], value: Any, api: str) -> str:
    """The value of the enum member `value` names; INVALID for anything else."""
    try:
        return kind(value).value
    except ValueError:
        raise InvalidInput(f"{api} must be one of {', '.join(kind)}.", api) from None


def _check_value(field: str, value: Any) -> Any:
    """A field's value as the column takes it; INVALID otherwise."""
    api = api_field(field)
    if value is None:
        if field in _NOT_CLEARABLE:
            raise InvalidInput(f"{api} cannot be cleared.", api)
        return None
    if field in _ENUMS:
        return _member(_ENUMS[field], value, api)
    if field in _DATES:
        if not isinstance(value, date):
            raise InvalidInput(f"{api} must be a date.", api)
        if not _EARLIEST <= value <= _LATEST:
            raise InvalidInput(f"{api} must be between {_EARLIEST} and {_LATEST}.", api)
        return value
    if field == "categories":
        chosen = {_member(Category, v, api) for v in value}
        return [category.value for category in Category if category in chosen]
    return normalize.text(value, api, 5000)


async def get_report(
    session: AsyncSession, actor: Actor, report_id: UUID, for_update: bool = False
) -> SocReport:
    policy.require(actor, Permission.DOCUMENT_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        SocReport,
        report_id,
        entity="Report",
        field="reportId",
        for_update=for_update,
    )


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


async def correct_report(
    session: AsyncSession, actor: Actor, report_id: UUID, changes: dict[str, Any], note: str | None
) -> SocReport:
    """Put a reviewer's value in force for each field in `changes`; the parser's is kept."""
    policy.require(actor, Permission.SOC_REVIEW)
    report = await get_report(session, actor, report_id, for_update=True)
    if not changes:
        raise InvalidInput("Give at least one field to correct.", "reportId")
    clean_note = normalize.text(note, "note", 2000)
    for field, raw in changes.items():
        if field not in REPORT_FIELDS:
            raise InvalidInput(f"{api_field(field)} cannot be corrected.", api_field(field))
        value = _check_value(field, raw)
        setattr(report, field, value)
    _check_dates(report, changes)
    for field in changes:
        value = getattr(report, field)
        existing = (
            await session.execute(
                select(SocReportCorrection).where(
                    col(SocReportCorrection.tenant_id) == report.tenant_id,
                    col(SocReportCorrection.report_id) == report.id,
                    col(SocReportCorrection.field) == field,
                )
            )
        ).scalar_one_or_none()
        correction = existing or SocReportCorrection(
            tenant_id=report.tenant_id, report_id=report.id, field=field
        )
        correction.value = _json(value)
        correction.note = clean_note
        correction.corrected_by = actor.user_id
        correction.corrected_at = datetime.now(UTC)
        session.add(correction)
    await audit.record(session, actor, "soc_report.corrected", report)
    await confirmation.reconsider(session, actor, report)
    await consequences.announce(session, VendorReportsChanged(actor.tenant_id, report.vendor_id))
    return report


async def revert_report_field(
    session: AsyncSession, actor: Actor, report_id: UUID, field: str
) -> SocReport:
    """Drop a reviewer's correction: the parser's value is in force again."""
    policy.require(actor, Permission.SOC_REVIEW)
    report = await get_report(session, actor, report_id, for_update=True)
    correction = (
        await session.execute(
            select(SocReportCorrection).where(
                col(SocReportCorrection.tenant_id) == report.tenant_id,
                col(SocReportCorrection.report_id) == report.id,
                col(SocReportCorrection.field) == field,
            )
        )
    ).scalar_one_or_none()
    if correction is None:
        raise InvalidInput(f"{api_field(field)} has no correction.", "field")
    parsed = (report.parsed or {}).get(field)
    setattr(report, field, date.fromisoformat(parsed) if field in _DATES and parsed else parsed)
    _check_dates(report, {field: parsed})  # the parser's value must fit the reviewer's others
    await session.delete(correction)
    await audit.record(session, actor, "soc_report.reverted", report)
    await confirmation.reconsider(session, actor, report)
    await consequences.announce(session, VendorReportsChanged(actor.tenant_id, report.vendor_id))
    return report


async def confirm_report(session: AsyncSession, actor: Actor, report_id: UUID) -> SocReport:
    """A reviewer has checked the extraction against the document: its review flag is cleared
    (who and when kept) and the vendor's findings are reconciled with what it now says."""
    policy.require_to_decide(actor, Permission.SOC_REVIEW)
    report = await get_report(session, actor, report_id, for_update=True)
    now = datetime.now(UTC)
    if report.review_needed:
        report.review_needed = False
        report.review_cleared_by, report.review_cleared_at = actor.user_id, now
    report.confirmed_by, report.confirmed_at = actor.user_id, now
    await confirmation.confirm(session, report)
    await audit.record(session, actor, "soc_report.confirmed", report)
    # While the review was needed nothing was resolved from this report: now it may be.
    await consequences.announce(session, VendorReportsChanged(actor.tenant_id, report.vendor_id))
    return report


async def add_exception(
    session: AsyncSession, actor: Actor, report_id: UUID, values: dict[str, Any]
) -> SocException:
    """An exception the parser missed, added by a reviewer."""
    policy.require(actor, Permission.SOC_REVIEW)
    report = await get_report(session, actor, report_id, for_update=True)
    clean = _item_values(SocException, values)
    if not clean.get("result"):
        raise InvalidInput("result must not be empty.", "result")
    position = await _next_position(session, SocException, report)
    item = SocException(
        tenant_id=report.tenant_id,
        report_id=report.id,
        item_key=f"reviewer:{datetime.now(UTC).timestamp():.6f}",
        position=position,
        origin=ItemOrigin.REVIEWER.value,
        corrected_by=actor.user_id,
        corrected_at=datetime.now(UTC),
        **clean,
    )
    session.add(item)
    await audit.record(session, actor, "soc_report.item_added", item)
    await confirmation.reconsider(session, actor, report)
    await consequences.announce(session, VendorReportsChanged(actor.tenant_id, report.vendor_id))
    return item


def _item_values(model: type[Any], values: dict[str, Any]) -> dict[str, Any]:
    allowed = ITEM_FIELDS[model]
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name == "criteria":
            clean[name] = _criteria(value or [])
        elif name == "control_id":
            text = normalize.text(value, "controlId", allowed[name], one_line=True)
            clean[name] = normalise_id(text) if text else None
        elif name == "method":
            clean[name] = _member(SubserviceMethod, value, "method") if value is not None else None
        elif name == "page":
            if value is not None and not 1 <= value <= 100_000:
                raise InvalidInput("page must be a page number.", "page")
            clean[name] = value
        elif name in allowed:
            required = name in _ITEM_REQUIRED
            if value is None and required:
                raise InvalidInput(f"{api_field(name)} cannot be cleared.", api_field(name))
            clean[name] = normalize.text(value, api_field(name), allowed[name], required=required)
        else:
            raise InvalidInput(f"{api_field(name)} does not apply to this item.", api_field(name))
    return clean


def _criteria(values: list[str]) -> list[str]:
    """Criteria as the parser writes them ("CC 1.4" -> "CC1.4", "CC6.1-CC6.3" -> three), in
    order, once each; anything that is not a Trust Services Criteria reference is INVALID."""
    out: list[str] = []
    for value in values:
        text = normalize.text(value, "criteria", 40, required=True) or ""
        found = normalise_criteria(text.upper())
        if not found:
            raise InvalidInput(
                f"{text!r} is not a Trust Services Criteria reference such as CC6.1.", "criteria"
            )
        out.extend(ref for ref in found if ref not in out)
    return out


async def _next_position(session: AsyncSession, model: Any, report: SocReport) -> int:
    rows = await session.execute(
        select(col(model.position)).where(
            col(model.tenant_id) == report.tenant_id, col(model.report_id) == report.id
        )
    )
    return max(rows.scalars(), default=-1) + 1


async def _item(session: AsyncSession, actor: Actor, model: Any, item_id: UUID) -> Any:
    return await reading.one(
        session, actor.tenant_id, model, item_id, entity="Item", field="itemId", for_update=True
    )


async def correct_item(
    session: AsyncSession, actor: Actor, model: Any, item_id: UUID, values: dict[str, Any]
) -> Any:
    """A reviewer's values for an item; its parser values stay in `parsed`."""
    policy.require(actor, Permission.SOC_REVIEW)
    item = await _item(session, actor, model, item_id)
    clean = _item_values(model, values)
    if not clean:
        raise InvalidInput("Give at least one field to correct.", "itemId")
    for name, value in clean.items():
        setattr(item, name, value)
    item.corrected_by, item.corrected_at = actor.user_id, datetime.now(UTC)
    return await _changed(session, actor, item, "soc_report.item_corrected")


async def dismiss_item(
    session: AsyncSession, actor: Actor, model: Any, item_id: UUID, reason: str
) -> Any:
    """Drop an item the parser got wrong; it stays visible as dismissed, with why."""
    policy.require(actor, Permission.SOC_REVIEW)
    item = await _item(session, actor, model, item_id)
    clean = normalize.text(reason, "reason", 2000, required=True)
    item.dismissed_by, item.dismissed_at, item.dismiss_reason = (
        actor.user_id,
        datetime.now(UTC),
        clean,
    )
    return await _changed(session, actor, item, "soc_report.item_dismissed")


async def restore_item(session: AsyncSession, actor: Actor, model: Any, item_id: UUID) -> Any:
    """Undo a dismissal."""
    policy.require(actor, Permission.SOC_REVIEW)
    item = await _item(session, actor, model, item_id)
    if item.dismissed_at is None:
        raise InvalidInput("The item is not dismissed.", "itemId")
    item.dismissed_by = item.dismissed_at = item.dismiss_reason = None
    return await _changed(session, actor, item, "soc_report.item_restored")


async def _changed(session: AsyncSession, actor: Actor, item: Any, action: str) -> Any:
    await audit.record(session, actor, action, item)
    report = await reading.find(session, item.tenant_id, SocReport, item.report_id)
    assert report is not None
    await confirmation.reconsider(session, actor, report)
    await consequences.announce(session, VendorReportsChanged(actor.tenant_id, report.vendor_id))
    return item
