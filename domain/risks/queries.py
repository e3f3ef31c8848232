"""Reading the risk register: lists, the links both ways, what is overdue, the heat map."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    Text,
    Uuid,
    and_,
    bindparam,
    case,
    exists,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.compliance.models import Control
from domain.findings.models import Finding
from domain.risks.models import (
    Risk,
    RiskCategory,
    RiskControl,
    RiskFinding,
    RiskStatus,
    RiskTreatment,
)
from domain.risks.scoring import BAND_FLOORS, RiskBand
from domain.shared import normalize, policy
from domain.shared.actor import Actor
from domain.shared.loading import linked_by, one_of, one_of_bound
from domain.shared.models import today
from domain.shared.pagination import Page, PageRequest, Shape, SortKey, built_once, paginate
from domain.shared.policy import Permission
from domain.tenancy.queries import tenant_settings
from domain.tenancy.settings import TenantSettings


def band_of(score: ColumnElement[int], settings: ColumnElement[Any]) -> ColumnElement[str]:
    """scoring.band in SQL: the band of `score` under a tenant's stored settings (its JSONB
    column, where a floor not set takes its default)."""

    def floor(name: str) -> ColumnElement[int]:
        default = TenantSettings.model_fields[name].default
        return func.coalesce(settings[name].astext.cast(Integer), default)

    return case(
        *((score >= floor(name), banded.value) for banded, name in BAND_FLOORS),
        else_=RiskBand.LOW.value,
    )


def current_likelihood() -> ColumnElement[int]:
    return func.coalesce(col(Risk.residual_likelihood), col(Risk.inherent_likelihood))


def current_impact() -> ColumnElement[int]:
    return func.coalesce(col(Risk.residual_impact), col(Risk.inherent_impact))


def current_score() -> ColumnElement[int]:
    """The residual score once assessed, else the inherent one (domain.risks.scoring)."""
    return current_likelihood() * current_impact()


def acceptance_expired(on: date | ColumnElement[date]) -> ColumnElement[bool]:
    """An OPEN risk accepted until a day before `on`."""
    return and_(
        col(Risk.status) == RiskStatus.OPEN,
        col(Risk.treatment) == RiskTreatment.ACCEPT,
        col(Risk.acceptance_expires_on) < on,
    )


def review_overdue(on: date | ColumnElement[date]) -> ColumnElement[bool]:
    """An OPEN risk whose review date is behind `on`."""
    return and_(col(Risk.status) == RiskStatus.OPEN, col(Risk.review_on) < on)


def _band_range(band: RiskBand, settings: TenantSettings) -> tuple[int, int]:
    lows = {
        RiskBand.LOW: 1,
        RiskBand.MEDIUM: settings.risk_medium_min_score,
        RiskBand.HIGH: settings.risk_high_min_score,
        RiskBand.CRITICAL: settings.risk_critical_min_score,
    }
    bands = list(RiskBand)
    upper = 26 if band is RiskBand.CRITICAL else lows[bands[bands.index(band) + 1]]
    return lows[band], upper


class RiskOrder:
    SCORE = "SCORE"  # the largest current score first, then the newest
    NEWEST = "NEWEST"


@dataclass(frozen=True)
class RiskFilter:
    statuses: tuple[RiskStatus, ...] = ()
    categories: tuple[RiskCategory, ...] = ()
    treatments: tuple[RiskTreatment, ...] = ()
    bands: tuple[RiskBand, ...] = ()  # of the current score
    owner_id: UUID | None = None
    vendor_id: UUID | None = None  # the vendor's risks: about it, or fed by its findings
    overdue: bool | None = None  # an expired acceptance or a review behind its date
    search: str | None = None  # in the title


def about_vendor(vendor_id: Any) -> ColumnElement[bool]:
    """A risk about the vendor, or linked to one of the vendor's findings."""
    linked = exists().where(
        col(RiskFinding.tenant_id) == col(Risk.tenant_id),
        col(RiskFinding.risk_id) == col(Risk.id),
        col(Finding.tenant_id) == col(RiskFinding.tenant_id),
        col(Finding.id) == col(RiskFinding.finding_id),
        col(Finding.vendor_id) == vendor_id,
    )
    return or_(col(Risk.vendor_id) == vendor_id, linked)


async def list_risks(
    session: AsyncSession,
    actor: Actor,
    filter: RiskFilter,
    page: PageRequest,
    order: str = RiskOrder.SCORE,
    shape: Shape | None = None,
) -> Page:
    """One page of the tenant's risks matching `filter`; each row whole, or as `shape`
    writes it (see pagination.paginate)."""
    policy.require(actor, Permission.RISK_READ)
    ranges: list[tuple[int, int]] = []
    if filter.bands:
        settings = await tenant_settings(session, actor.tenant_id)
        # each band once: a client repeating one would otherwise make a form of its own
        ranges = [_band_range(b, settings) for b in dict.fromkeys(filter.bands)]
    words = normalize.text(filter.search, "search", 200, one_line=True) or ""
    statement, sort = _listing(
        bool(filter.statuses),
        bool(filter.categories),
        bool(filter.treatments),
        len(ranges),
        filter.owner_id is not None,
        filter.vendor_id is not None,
        filter.overdue,
        bool(words),
        order,
    )
    values: dict[str, Any] = {
        "tenant_id": actor.tenant_id,
        "statuses": [s.value for s in filter.statuses],
        "categories": [c.value for c in filter.categories],
        "treatments": [t.value for t in filter.treatments],
        "owner_id": filter.owner_id,
        "vendor_id": filter.vendor_id,
        "today": today(),
        "search": normalize.containing(words) if words else None,
    }
    for i, (low, high) in enumerate(ranges):
        values |= {f"band_low_{i}": low, f"band_high_{i}": high}
    return await paginate(session, statement, sort, page, shape=shape, values=values)


@built_once
def _listing(
    statuses: bool,
    categories: bool,
    treatments: bool,
    bands: int,
    owner: bool,
    vendor: bool,
    overdue: bool | None,
    search: bool,
    order: str,
) -> tuple[Select[Any], list[SortKey]]:
    """The register's select for the criteria given (their values parameters: list_risks)
    and its order; built once for each form."""
    query = select(Risk).where(col(Risk.tenant_id) == bindparam("tenant_id"))
    if statuses:
        query = query.where(one_of_bound(col(Risk.status), "statuses"))
    if categories:
        query = query.where(one_of_bound(col(Risk.category), "categories"))
    if treatments:
        query = query.where(one_of_bound(col(Risk.treatment), "treatments"))
    if bands:
        score = current_score()
        query = query.where(
            or_(
                *(
                    and_(
                        score >= bindparam(f"band_low_{i}", type_=Integer),
                        score < bindparam(f"band_high_{i}", type_=Integer),
                    )
                    for i in range(bands)
                )
            )
        )
    if owner:
        query = query.where(col(Risk.owner_id) == bindparam("owner_id"))
    if vendor:
        query = query.where(about_vendor(bindparam("vendor_id", type_=Uuid)))
    if overdue is not None:
        # (a risk with no review date or acceptance is simply not late: NULL counts as false)
        on = bindparam("today", type_=Date)
        late = func.coalesce(or_(acceptance_expired(on), review_overdue(on)), false())
        query = query.where(late if overdue else ~late)
    if search:
        query = query.where(col(Risk.title).ilike(bindparam("search", type_=Text)))
    if order == RiskOrder.NEWEST:
        sort = [SortKey(col(Risk.created_at), True), SortKey(col(Risk.id), True)]
    else:
        sort = [
            SortKey(current_score(), True),
            SortKey(col(Risk.created_at), True),
            SortKey(col(Risk.id), True),
        ]
    return query, sort


# --- links, batched for the API's loaders ---------------------------------------------------


async def controls_by_risk(
    session: AsyncSession, tenant_id: UUID, risk_ids: Sequence[UUID]
) -> dict[UUID, list[Control]]:
    """The own controls that mitigate each risk, by reference."""
    order = (col(Control.ref), col(Control.id))
    return await linked_by(
        session, RiskControl, "risk_id", "control_id", Control, tenant_id, risk_ids, order
    )


async def findings_by_risk(
    session: AsyncSession, tenant_id: UUID, risk_ids: Sequence[UUID]
) -> dict[UUID, list[Finding]]:
    """Each risk's findings, the latest linked first."""
    order = (col(RiskFinding.created_at).desc(), col(Finding.id))
    return await linked_by(
        session, RiskFinding, "risk_id", "finding_id", Finding, tenant_id, risk_ids, order
    )


async def risks_by_finding(
    session: AsyncSession, tenant_id: UUID, finding_ids: Sequence[UUID]
) -> dict[UUID, list[Risk]]:
    """The risks each finding feeds, the largest current score first."""
    order = (current_score().desc(), col(Risk.created_at).desc(), col(Risk.id))
    return await linked_by(
        session, RiskFinding, "finding_id", "risk_id", Risk, tenant_id, finding_ids, order
    )


async def risks_by_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, list[Risk]]:
    """Each vendor's risks (about it, or fed by its findings), the largest score first."""
    about: Any = select(
        col(Risk.vendor_id).label("vendor_id"), col(Risk.id).label("risk_id")
    ).where(col(Risk.tenant_id) == tenant_id, one_of(col(Risk.vendor_id), vendor_ids))
    fed: Any = (
        select(col(Finding.vendor_id).label("vendor_id"), col(RiskFinding.risk_id).label("risk_id"))
        .join(
            Finding,
            and_(
                col(Finding.tenant_id) == col(RiskFinding.tenant_id),
                col(Finding.id) == col(RiskFinding.finding_id),
            ),
        )
        .where(col(RiskFinding.tenant_id) == tenant_id, one_of(col(Finding.vendor_id), vendor_ids))
    )
    pairs = about.union(fed).subquery()
    rows = await session.execute(
        select(pairs.c.vendor_id, Risk)
        .join(Risk, and_(col(Risk.tenant_id) == tenant_id, col(Risk.id) == pairs.c.risk_id))
        .order_by(current_score().desc(), col(Risk.created_at).desc(), col(Risk.id))
    )
    grouped: dict[UUID, list[Risk]] = defaultdict(list)
    for vendor_id, risk in rows.all():
        grouped[vendor_id].append(risk)
    return grouped
