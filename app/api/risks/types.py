"""GraphQL types of the risk register."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

import strawberry
from sqlalchemy import and_, case, false, func, or_, select
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.enums import RiskBand, RiskCategory, RiskStatus, RiskTreatment
from app.api.nodes import RowNode, node, to_node
from app.api.refs import ControlRef, FindingRef, MemberRef, VendorRef
from domain.compliance.models import Control
from domain.findings.models import Finding
from domain.risks import models, queries, scoring
from domain.risks.service import MOVES
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.models import today
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy
from domain.tenancy.queries import tenant_settings
from domain.tenancy.settings import TenantSettings
from domain.vendors import models as vendors


async def settings_of(info: Info) -> TenantSettings:
    """The viewer's tenant's settings, read once per request."""
    context = info.context

    async def fetch(ids: Any) -> dict[UUID, TenantSettings]:
        return {i: await tenant_settings(context.session, i) for i in ids}

    settings: TenantSettings = await context.loaders.keyed("tenant-settings", fetch).load(
        context.actor.tenant_id
    )
    return settings


@strawberry.type(description="How likely and how bad, each 1 to 5 and labelled; the score.")
class RiskRating:
    likelihood: int = strawberry.field(description="1 (Rare) to 5 (Almost certain).")
    likelihood_label: str = strawberry.field(description="Rare, Unlikely, Possible, ...")
    impact: int = strawberry.field(description="1 (Negligible) to 5 (Severe).")
    impact_label: str = strawberry.field(description="Negligible, Minor, Moderate, ...")
    score: int = strawberry.field(description="Likelihood x impact: 1 to 25.")
    band: RiskBand = strawberry.field(description="Its heat-map band, by the tenant's settings.")

    @classmethod
    def of(cls, rating: scoring.Rating, settings: TenantSettings) -> "RiskRating":
        return cls(
            likelihood=rating.likelihood,
            likelihood_label=rating.likelihood_label,
            impact=rating.impact,
            impact_label=rating.impact_label,
            score=rating.score,
            band=scoring.band(rating.score, settings),
        )


@strawberry.type(description="Who accepted a risk, why, and until when.")
class RiskAcceptance:
    approved_at: datetime = strawberry.field(description="When it was accepted.")
    justification: str = strawberry.field(description="Why.")
    expires_on: date = strawberry.field(description="The last day it holds.")
    approved_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The approver: a REVIEWER or ADMIN other than the owner.")
    def approved_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.approved_by_id)

    @strawberry.field(description="It has run out (the risk is overdue until dealt with).")
    def expired(self) -> bool:
        return self.expires_on < today()


@strawberry.type(description="What the viewer may do to a risk now.")
class RiskViewerCan:
    update: bool = strawberry.field(description="Change it, link findings (REVIEWER, ADMIN).")
    accept: bool = strawberry.field(
        description="Approve its acceptance: an OPEN risk with an owner who is not the viewer."
    )

    @classmethod
    def of(cls, actor: Actor, risk: Any) -> "RiskViewerCan":
        """For a risk row (its status and owner are what decide)."""
        return cls(
            update=policy.allows(actor, Permission.RISK_WRITE),
            accept=policy.allows(actor, Permission.RISK_ACCEPT)
            and not actor.delegated
            and risk.status == models.RiskStatus.OPEN
            and risk.owner_id is not None
            and actor.membership_id not in (None, risk.owner_id),
        )


def available_moves(actor: Actor, risk: Any) -> list[models.RiskStatus]:
    """The statuses `actor` may move a risk row to now, in lifecycle order."""
    if not policy.allows(actor, Permission.RISK_WRITE):
        return []
    allowed = MOVES[models.RiskStatus(risk.status)]
    return [s for s in models.RiskStatus if s in allowed]


@strawberry.type(
    description="A risk of the tenant's: what could happen, who owns it, how likely and how "
    "bad before and after its controls, and what is done about it."
)
class Risk(RowNode, relay.Node, model=models.Risk, read=Permission.RISK_READ):
    risk_id: relay.NodeID[UUID]
    title: str = strawberry.field(description="What could happen.")
    description: str = strawberry.field(description="How, and what it would do.")
    category: RiskCategory = strawberry.field(description="What kind of harm.")
    status: RiskStatus = strawberry.field(description="DRAFT, OPEN or CLOSED.")
    treatment: RiskTreatment | None = strawberry.field(description="Null: undecided.")
    review_on: date | None = strawberry.field(description="When it is looked at again.")
    proposed: bool = strawberry.field(
        description="tprm proposed it from a vendor's findings (a modified opinion, or "
        "exceptions recurring, at a CRITICAL or HIGH vendor)."
    )
    closed_at: datetime | None = strawberry.field(description="When it was closed.")
    created_at: datetime = strawberry.field(description="When it was written down.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    row: strawberry.Private[models.Risk]

    async def _rating(self, info: Info, rating: scoring.Rating) -> RiskRating:
        return RiskRating.of(rating, await settings_of(info))

    @strawberry.field(description="Before its controls.")
    async def inherent(self, info: Info) -> RiskRating:
        return await self._rating(
            info, scoring.Rating(self.row.inherent_likelihood, self.row.inherent_impact)
        )

    @strawberry.field(description="After its controls; null until assessed.")
    async def residual(self, info: Info) -> RiskRating | None:
        if self.row.residual_likelihood is None or self.row.residual_impact is None:
            return None
        return await self._rating(
            info, scoring.Rating(self.row.residual_likelihood, self.row.residual_impact)
        )

    @strawberry.field(description="The residual rating once assessed, else the inherent one.")
    async def current(self, info: Info) -> RiskRating:
        return await self._rating(
            info,
            scoring.Rating(
                self.row.residual_likelihood or self.row.inherent_likelihood,
                self.row.residual_impact or self.row.inherent_impact,
            ),
        )

    @strawberry.field(description="Its acceptance, when its treatment is ACCEPT.")
    def acceptance(self) -> RiskAcceptance | None:
        row = self.row
        if row.accepted_at is None or row.acceptance_expires_on is None:
            return None
        return RiskAcceptance(
            approved_at=row.accepted_at,
            justification=row.acceptance_justification or "",
            expires_on=row.acceptance_expires_on,
            approved_by_id=row.accepted_by_id,
        )

    @strawberry.field(
        description="OPEN, and its acceptance has expired or its review date has passed."
    )
    def overdue(self) -> bool:
        row, now = self.row, today()
        if row.status != models.RiskStatus.OPEN:
            return False
        expired = row.acceptance_expires_on is not None and row.acceptance_expires_on < now
        return expired or (row.review_on is not None and row.review_on < now)

    @strawberry.field(description="The member who owns it.")
    def owner(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.row.owner_id)

    @strawberry.field(description="The vendor it is about, when it is a third party's.")
    def vendor(self, info: Info) -> VendorRef | None:
        return node(info, vendors.Vendor, self.row.vendor_id)

    @strawberry.field(description="The tenant's own controls that mitigate it, by reference.")
    async def mitigating_controls(self, info: Info) -> list[ControlRef]:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, list[Any]]:
            return await queries.controls_by_risk(context.session, context.actor.tenant_id, ids)

        rows = await context.loaders.keyed("risk-controls", fetch).load(self.risk_id) or []
        return [n for n in (to_node(info, r) for r in rows) if n is not None]

    @strawberry.field(description="The vendor findings it comes from, the latest linked first.")
    async def findings(self, info: Info) -> list[FindingRef]:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, list[Any]]:
            return await queries.findings_by_risk(context.session, context.actor.tenant_id, ids)

        rows = await context.loaders.keyed("risk-findings", fetch).load(self.risk_id) or []
        return [n for n in (to_node(info, r) for r in rows) if n is not None]

    @strawberry.field(description="The statuses it may move to now.")
    def available_transitions(self, info: Info) -> list[RiskStatus]:
        return available_moves(info.context.actor, self.row)

    @strawberry.field(description="What the viewer may do to it now.")
    def viewer_can(self, info: Info) -> RiskViewerCan:
        return RiskViewerCan.of(info.context.actor, self.row)

    @classmethod
    def from_row(cls, row: models.Risk) -> "Risk":
        return cls(
            risk_id=row.id,
            title=row.title,
            description=row.description,
            category=models.RiskCategory(row.category),
            status=models.RiskStatus(row.status),
            treatment=models.RiskTreatment(row.treatment) if row.treatment else None,
            review_on=row.review_on,
            proposed=row.proposal_key is not None,
            closed_at=row.closed_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )


# How PostgreSQL writes these types on a list page (app/api/json_pages.py), as above.
_RISKS = models.Risk.__table__  # type: ignore[attr-defined]
_TENANTS = tenancy.Tenant.__table__  # type: ignore[attr-defined]


def _rated(likelihood: Any, impact: Any) -> json_pages.One:
    """A rating of the risk (null where either level is): its levels, as `likelihood` and
    `impact` make them of the risk's columns, beside its tenant's settings (the bands)."""
    rows = (
        select(
            _RISKS.c.tenant_id,
            _RISKS.c.id,
            likelihood(_RISKS.c).label("likelihood"),
            impact(_RISKS.c).label("impact"),
            _TENANTS.c.settings,
        )
        .join(_TENANTS, _TENANTS.c.id == _RISKS.c.tenant_id)
        .subquery()
    )
    return json_pages.One(
        rows,
        lambda risk, rated, value: select(value).where(
            rated.c.tenant_id == risk.c.tenant_id,
            rated.c.id == risk.c.id,
            rated.c.likelihood.is_not(None),
            rated.c.impact.is_not(None),
        ),
    )


json_pages.project(
    "RiskRating",
    {
        **json_pages.columns("likelihood", "impact"),
        "likelihoodLabel": lambda r: case(scoring.LIKELIHOOD_LABELS, value=r.c.likelihood),
        "impactLabel": lambda r: case(scoring.IMPACT_LABELS, value=r.c.impact),
        "score": lambda r: r.c.likelihood * r.c.impact,
        "band": lambda r: queries.band_of(r.c.likelihood * r.c.impact, r.c.settings),
    },
)
json_pages.project(
    "RiskAcceptance",
    {
        "approvedAt": json_pages.instant("accepted_at"),
        "justification": lambda a: func.coalesce(a.c.acceptance_justification, ""),
        "expiresOn": json_pages.column("acceptance_expires_on"),
        "approvedBy": json_pages.tenant_rows(tenancy.Membership, "id", "accepted_by_id"),
        "expired": lambda a: a.c.acceptance_expires_on < today(),
    },
)
_DECIDING = {"status": models.RiskStatus, "owner_id": json_pages.VIEWER}
json_pages.project(
    "Risk",
    {
        "id": json_pages.global_id("Risk"),
        **json_pages.columns(
            "title", "description", "category", "status", "treatment", "review_on"
        ),
        "proposed": lambda risk: risk.c.proposal_key.is_not(None),
        "closedAt": json_pages.instant("closed_at"),
        "createdAt": json_pages.instant("created_at"),
        "updatedAt": json_pages.instant("updated_at"),
        "inherent": _rated(lambda r: r.inherent_likelihood, lambda r: r.inherent_impact),
        "residual": _rated(lambda r: r.residual_likelihood, lambda r: r.residual_impact),
        "current": _rated(
            lambda r: func.coalesce(r.residual_likelihood, r.inherent_likelihood),
            lambda r: func.coalesce(r.residual_impact, r.inherent_impact),
        ),
        "acceptance": json_pages.Itself(
            lambda risk: risk.c.accepted_at.is_not(None) & risk.c.acceptance_expires_on.is_not(None)
        ),
        # as the field says it: OPEN, and its acceptance expired or its review day passed
        "overdue": lambda risk: and_(
            risk.c.status == models.RiskStatus.OPEN.value,
            or_(
                func.coalesce(risk.c.acceptance_expires_on < today(), false()),
                func.coalesce(risk.c.review_on < today(), false()),
            ),
        ),
        "owner": json_pages.tenant_rows(tenancy.Membership, "id", "owner_id"),
        "vendor": json_pages.tenant_rows(vendors.Vendor, "id", "vendor_id"),
        "mitigatingControls": json_pages.Many(
            json_pages.linked_rows(models.RiskControl, "risk_id", "control_id", Control),
            lambda control: [control.c.ref, control.c.id],
        ),
        "findings": json_pages.Many(
            json_pages.linked_rows(models.RiskFinding, "risk_id", "finding_id", Finding),
            lambda finding: [
                models.RiskFinding.__table__.c.created_at.desc(),  # type: ignore[attr-defined]
                finding.c.id,
            ],
        ),
        "availableTransitions": json_pages.Decided(_DECIDING, available_moves),
        "viewerCan": json_pages.Decided(_DECIDING, RiskViewerCan.of),
    },
)
