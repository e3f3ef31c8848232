"""The tenant's subprocessors, as its own customers ask for them: the vendors it uses (ACTIVE
or OFFBOARDING) that are flagged `subprocessor` (they store, process or reach the customers'
data), by name, each with what it does, the data it touches, where it hosts it, and its
SOC standing:

- CURRENT: its current SOC report (its latest read SOC 1, 2 or 3, as findings decide it)
  ended no longer ago than the tenant's `stale_report_months`;
- STALE: it ended longer ago (the findings' rule: today is later than its end plus the
  months), or no end was read;
- NONE: no SOC report of it has been read.

Read in two statements whatever their number; a CSV of the same for a customer.
"""

import csv
import enum
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, bindparam
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.findings.rules import add_months
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.csv_text import neutralise
from domain.shared.models import today
from domain.shared.pagination import Page, PageRequest, built_once, paginate
from domain.shared.policy import Permission
from domain.soc2 import queries as soc2_queries
from domain.soc2.models import SocReport
from domain.tenancy.queries import tenant_settings
from domain.vendors.models import IN_USE, Vendor

MAX_CSV_ROWS = 10_000


class SocStanding(enum.StrEnum):
    CURRENT = "CURRENT"
    STALE = "STALE"
    NONE = "NONE"


@dataclass(frozen=True)
class Subprocessor:
    vendor: Vendor
    report: SocReport | None
    standing: SocStanding

    @property
    def data_categories(self) -> list[str]:
        return list((self.vendor.data_access or {}).get("data_categories") or [])

    @property
    def locations(self) -> list[str]:
        return list((self.vendor.data_access or {}).get("hosting_regions") or [])


def standing(report: SocReport | None, on: date, stale_months: int) -> SocStanding:
    if report is None:
        return SocStanding.NONE
    ended = report.period_end or report.as_of
    if ended is None or on > add_months(ended, stale_months):
        return SocStanding.STALE
    return SocStanding.CURRENT


def _subprocessors(tenant_id: UUID | ColumnElement[UUID]) -> Select[Any]:
    """The tenant's subprocessors: its vendors in use marked as one."""
    return select(Vendor).where(
        col(Vendor.tenant_id) == tenant_id,
        col(Vendor.subprocessor).is_(True),
        col(Vendor.status).in_(IN_USE),
    )


async def _with_reports(
    session: AsyncSession, tenant_id: UUID, vendors: Sequence[Vendor]
) -> list[Subprocessor]:
    reports = await soc2_queries.latest_reports_by_vendor(
        session, tenant_id, [v.id for v in vendors]
    )
    months = (await tenant_settings(session, tenant_id)).stale_report_months
    on = today()
    return [
        Subprocessor(v, reports.get(v.id), standing(reports.get(v.id), on, months)) for v in vendors
    ]


@built_once
def _listing() -> tuple[Select[Any], tuple[Any, ...]]:
    """The list's select (the tenant a parameter: list_subprocessors) and its order, by
    name; built once."""
    return _subprocessors(bindparam("tenant_id")), (col(Vendor.name), col(Vendor.id))


async def list_subprocessors(session: AsyncSession, actor: Actor, page: PageRequest) -> Page:
    """A page of the tenant's subprocessors by name; its rows are `Subprocessor`s."""
    policy.require(actor, Permission.VENDOR_READ)
    statement, order = _listing()
    values = {"tenant_id": actor.tenant_id}
    found = await paginate(session, statement, order, page, values=values)
    rows = await _with_reports(session, actor.tenant_id, found.rows)
    return Page(rows, found.keys, found.has_next_page, found.has_previous_page, found.total_count)


CSV_COLUMNS = (
    "name",
    "domain",
    "service",
    "data_categories",
    "locations",
    "soc_report",
    "soc_period_end",
    "soc_opinion",
    "soc_standing",
)


def report_name(report: SocReport) -> str:
    """'SOC 2 Type II', 'SOC 3'."""
    kind = report.kind.replace("SOC", "SOC ")
    kind_type = {"TYPE1": "Type I", "TYPE2": "Type II"}.get(report.report_type or "")
    return f"{kind} {kind_type}" if kind_type else kind


def _row(entry: Subprocessor) -> list[str]:
    report = entry.report
    ended = (report.period_end or report.as_of) if report else None
    cells = [
        entry.vendor.name,
        entry.vendor.domain,
        entry.vendor.services_provided or "",
        "; ".join(entry.data_categories),
        "; ".join(entry.locations),
        report_name(report) if report else "",
        ended.isoformat() if ended else "",
        (report.opinion or "") if report else "",
        entry.standing.value,
    ]
    return [neutralise(" ".join(c.split())) for c in cells]


async def all_subprocessors(session: AsyncSession, tenant_id: UUID) -> list[Subprocessor]:
    """The whole list by name (at most MAX_CSV_ROWS: a list longer than that is no list a
    customer reads), in two statements."""
    vendors = (
        await session.scalars(
            _subprocessors(tenant_id).order_by(col(Vendor.name), col(Vendor.id)).limit(MAX_CSV_ROWS)
        )
    ).all()
    return await _with_reports(session, tenant_id, list(vendors))


async def subprocessors_csv(session: AsyncSession, actor: Actor) -> str:
    """The whole list as CSV, by name."""
    policy.require(actor, Permission.VENDOR_READ)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in await all_subprocessors(session, actor.tenant_id):
        writer.writerow(_row(entry))
    return out.getvalue()
