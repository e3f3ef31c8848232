"""Use cases of the vendors area: the inventory, its lifecycle, tiering, contacts, fourth parties."""

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from uuid import UUID

from pydantic import ValidationError
from sqlalchemy import case, func, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.audit import service as audit
from domain.shared import consequences, normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.changes import NOT_CLEARABLE, Changes
from domain.shared.errors import InvalidInput, NotFound, api_field
from domain.shared.pagination import Page, PageRequest, Shape
from domain.shared.policy import Permission
from domain.tenancy import queries as tenancy_queries
from domain.tenancy.changes import TenantSettingsChanged
from domain.vendors import checklist, queries
from domain.vendors.changes import VendorStatusChanged, VendorTierChanged
from domain.vendors.errors import DuplicateVendorDomain, InvalidTransition
from domain.vendors.models import (
    Tier,
    Vendor,
    VendorCategory,
    VendorStatus,
    VendorStatusChange,
)
from domain.vendors.tiering import DataAccessProfile, TierThresholds, assess

S = VendorStatus
ALLOWED: dict[VendorStatus, set[VendorStatus]] = {
    S.PROSPECT: {S.ONBOARDING, S.REJECTED},
    S.ONBOARDING: {S.ACTIVE, S.REJECTED},
    S.ACTIVE: {S.OFFBOARDING},
    S.OFFBOARDING: {S.TERMINATED},
    S.TERMINATED: set(),
    S.REJECTED: set(),
}
# These moves belong to the onboarding flow (file, approve, reject), not to a plain transition.
ONBOARDING_MOVES = {
    (S.PROSPECT, S.ONBOARDING),
    (S.ONBOARDING, S.ACTIVE),
    (S.ONBOARDING, S.REJECTED),
}


# A vendor enters the inventory as a prospect, or as already in use (recorded, not onboarded).
INITIAL_STATUSES = frozenset({VendorStatus.PROSPECT, VendorStatus.ACTIVE})


class VendorChanges(Changes):
    """What may change of a vendor. Its name and domain cannot be cleared; null resets the
    category (OTHER), currency (USD), tags and data-access profile (none) to their defaults.
    clean_fields normalises the values."""

    name: Annotated[str | None, NOT_CLEARABLE] = None
    legal_name: str | None = None
    domain: Annotated[str | None, NOT_CLEARABLE] = None
    website: str | None = None
    description: str | None = None
    category: str | None = None
    services_provided: str | None = None
    subprocessor: Annotated[bool | None, NOT_CLEARABLE] = None
    business_owner_id: UUID | None = None
    department: str | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    annual_spend: Any = None  # an amount, checked by clean_fields
    currency: str | None = None
    tags: list[str] | None = None
    data_access: Any = None  # a data-access profile (a dict or DataAccessProfile)


EDITABLE = tuple(VendorChanges.model_fields)


async def thresholds(session: AsyncSession, tenant_id: UUID) -> TierThresholds:
    return TierThresholds.of(await tenancy_queries.tenant_settings(session, tenant_id))


def profile_from(
    raw: dict[str, Any] | DataAccessProfile, field: str = "dataAccess"
) -> DataAccessProfile:
    """A validated data-access profile; INVALID with the first problem otherwise."""
    if isinstance(raw, DataAccessProfile):
        return raw
    try:
        return DataAccessProfile.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        path = ".".join([field, *(api_field(str(p)) for p in first["loc"])])
        raise InvalidInput(f"{path}: {first['msg']}", path) from error


def _set_tier(vendor: Vendor, profile: DataAccessProfile, limits: TierThresholds) -> None:
    assessment = assess(profile, limits)
    vendor.data_access = profile.model_dump(mode="json")
    vendor.computed_tier = assessment.tier.value
    vendor.tier_score = assessment.score
    vendor.tier_reasons = [reason.to_json() for reason in assessment.reasons]
    _apply_effective_tier(vendor)


def _apply_effective_tier(vendor: Vendor) -> None:
    vendor.tier = vendor.tier_override or vendor.computed_tier
    vendor.tier_rank = Tier(vendor.tier).rank


async def clean_fields(
    session: AsyncSession, actor: Actor, changes: dict[str, Any]
) -> dict[str, Any]:
    """Validate and normalise the given vendor fields (only those given)."""
    out: dict[str, Any] = {}
    for field, value in changes.items():
        if field == "name":
            out[field] = normalize.text(value, "name", 200, required=True, one_line=True)
        elif field == "legal_name":
            out[field] = normalize.text(value, "legalName", 300, one_line=True)
        elif field == "domain":
            if value is None:
                raise InvalidInput("domain is required.", "domain")
            out[field] = normalize.domain(value)
        elif field == "website":
            out[field] = normalize.website(value)
        elif field in ("description", "services_provided"):
            name = "description" if field == "description" else "servicesProvided"
            out[field] = normalize.text(value, name, 10_000)
        elif field == "subprocessor":
            if not isinstance(value, bool):
                raise InvalidInput("subprocessor is true or false.", "subprocessor")
            out[field] = value
        elif field == "department":
            out[field] = normalize.text(value, "department", 120, one_line=True)
        elif field == "category":
            try:
                out[field] = VendorCategory(value or VendorCategory.OTHER).value
            except ValueError as error:
                raise InvalidInput(f"Unknown category {value!r}.", "category") from error
        elif field == "business_owner_id":
            if value is not None and not await tenancy_queries.get_membership(
                session, actor.tenant_id, value
            ):
                raise NotFound("Business owner", "businessOwnerId")
            out[field] = value
        elif field in ("contract_start", "contract_end"):
            if value is not None and not isinstance(value, date):
                raise InvalidInput("A date is expected.", field)
            out[field] = value
        elif field == "annual_spend":
            out[field] = _money(value)
        elif field == "currency":
            code = (value or "USD").strip().upper()
            if len(code) != 3 or not code.isalpha():
                raise InvalidInput("currency is a 3-letter ISO 4217 code.", "currency")
            out[field] = code
        elif field == "tags":
            out[field] = normalize.tags(list(value or []))
        elif field == "data_access":
            out[field] = profile_from(value or {})
        else:
            raise InvalidInput(f"Unknown field {field}.", field)
    return out


def _money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise InvalidInput(f"Not an amount: {value!r}.", "annualSpend") from error
    if amount < 0 or amount >= Decimal("1e12"):
        raise InvalidInput("annualSpend must be between 0 and 999,999,999,999.99.", "annualSpend")
    return amount


def _check_contract(vendor: Vendor) -> None:
    if (
        vendor.contract_start
        and vendor.contract_end
        and vendor.contract_end < vendor.contract_start
    ):
        raise InvalidInput("contractEnd must not be before contractStart.", "contractEnd")


async def _flush_unique(session: AsyncSession, vendor: Vendor) -> None:
    """Flush in a savepoint so a duplicate domain is a typed error, not a broken transaction."""
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as error:
        if "vendors_tenant_domain_key" in str(error.orig):
            raise DuplicateVendorDomain(vendor.domain) from None
        raise


async def create_vendor(
    session: AsyncSession,
    actor: Actor,
    fields: dict[str, Any],
    status: VendorStatus = VendorStatus.PROSPECT,
    reason: str | None = None,
) -> Vendor:
    """Add a vendor to the inventory; its tier comes from its data-access profile."""
    policy.require(actor, Permission.VENDOR_WRITE)
    if status not in INITIAL_STATUSES:
        raise InvalidInput("A new vendor starts as PROSPECT or ACTIVE.", "status")
    if status != VendorStatus.PROSPECT:
        policy.require(actor, Permission.VENDOR_RECORD_IN_USE)
    for required in ("name", "domain"):
        if fields.get(required) in (None, ""):
            raise InvalidInput(f"{required} is required.", required)
    clean = await clean_fields(session, actor, {"data_access": {}, **fields})
    profile = clean.pop("data_access")
    vendor = Vendor(
        tenant_id=actor.tenant_id,
        status=status.value,
        created_by=actor.user_id,
        computed_tier=Tier.LOW.value,
        tier=Tier.LOW.value,
        **clean,
    )
    _check_contract(vendor)
    _set_tier(vendor, profile, await thresholds(session, actor.tenant_id))
    session.add(vendor)
    await _flush_unique(session, vendor)
    session.add(
        VendorStatusChange(
            tenant_id=actor.tenant_id,
            vendor_id=vendor.id,
            from_status=None,
            to_status=status.value,
            reason=reason or "created",
            changed_by=actor.user_id,
        )
    )
    await audit.record(session, actor, "vendor.created", vendor)
    await consequences.announce(
        session, VendorStatusChanged(actor.tenant_id, vendor.id, None, status)
    )
    return vendor


async def list_vendors(
    session: AsyncSession,
    actor: Actor,
    criteria: queries.VendorFilter,
    order_by: str | None,
    descending: bool,
    page: PageRequest,
    sort_by: queries.SortBy | None = None,
    shape: Shape | None = None,
) -> Page:
    """One page of the tenant's vendors, filtered and searched, in the order asked for
    (relevance first when searching; `sort_by`, see queries.listing), with the total;
    each row whole, or as `shape` writes it (see pagination.paginate)."""
    policy.require(actor, Permission.VENDOR_READ)
    listing = queries.listing(actor.tenant_id, criteria, order_by, descending, sort_by)
    return await queries.page(session, listing, page, shape=shape)


async def get_vendor(
    session: AsyncSession, actor: Actor, vendor_id: UUID, for_update: bool = False
) -> Vendor:
    """The vendor, or NotFound (another tenant's vendor is simply not found).

    `for_update` locks the row until the transaction ends, so concurrent changes queue.
    """
    policy.require(actor, Permission.VENDOR_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        Vendor,
        vendor_id,
        entity="Vendor",
        field="vendorId",
        for_update=for_update,
    )


async def update_vendor(
    session: AsyncSession, actor: Actor, vendor_id: UUID, update: VendorChanges
) -> Vendor:
    """Change the given fields; a new data-access profile recomputes the tier."""
    policy.require(actor, Permission.VENDOR_WRITE)
    vendor = await get_vendor(session, actor, vendor_id, for_update=True)
    tier_before = vendor.tier
    clean = await clean_fields(session, actor, update.given())
    profile = clean.pop("data_access", None)
    for field, value in clean.items():
        setattr(vendor, field, value)
    _check_contract(vendor)
    if profile is not None:
        _set_tier(vendor, profile, await thresholds(session, actor.tenant_id))
    vendor.updated_at = datetime.now(UTC)
    session.add(vendor)
    await _flush_unique(session, vendor)
    if profile is not None:
        await checklist.sync_pending(session, actor.tenant_id, [vendor.id])
    await audit.record(session, actor, "vendor.updated", vendor)
    if vendor.tier != tier_before:
        await consequences.announce(session, VendorTierChanged(actor.tenant_id, vendor.id))
    return vendor


async def move(
    session: AsyncSession, actor: Actor, vendor: Vendor, to: VendorStatus, reason: str | None
) -> Vendor:
    """Move along the lifecycle if allowed, keeping who, when and why."""
    current = VendorStatus(vendor.status)
    if to not in ALLOWED[current]:
        raise InvalidTransition(current.value, to.value)
    vendor.status = to.value
    vendor.updated_at = datetime.now(UTC)
    session.add(vendor)
    session.add(
        VendorStatusChange(
            tenant_id=vendor.tenant_id,
            vendor_id=vendor.id,
            from_status=current.value,
            to_status=to.value,
            reason=reason,
            changed_by=actor.user_id,
        )
    )
    await session.flush()
    await audit.record(session, actor, "vendor.status_changed", vendor, reason=reason)
    await consequences.announce(
        session, VendorStatusChanged(vendor.tenant_id, vendor.id, current, to)
    )
    return vendor


def available_moves(actor: Actor, status: VendorStatus) -> list[VendorStatus]:
    """Where `actor` may move a vendor in `status` now with `transition`, in lifecycle
    order (the onboarding moves go through the onboarding request)."""
    if not policy.allows(actor, Permission.VENDOR_WRITE):
        return []
    return [
        to for to in VendorStatus if to in ALLOWED[status] and (status, to) not in ONBOARDING_MOVES
    ]


async def transition(
    session: AsyncSession, actor: Actor, vendor_id: UUID, to: VendorStatus, reason: str
) -> Vendor:
    """Reject a prospect, start offboarding, terminate; onboarding moves go through requests."""
    policy.require(actor, Permission.VENDOR_WRITE)
    reason_text = normalize.text(reason, "reason", 2000, required=True)
    vendor = await get_vendor(session, actor, vendor_id, for_update=True)
    if (VendorStatus(vendor.status), to) in ONBOARDING_MOVES:
        raise InvalidTransition(
            vendor.status, to.value, "Use the onboarding request (file, approve or reject) instead."
        )
    return await move(session, actor, vendor, to, reason_text)


async def override_tier(
    session: AsyncSession,
    actor: Actor,
    vendor_id: UUID,
    tier: Tier | None,
    justification: str | None,
) -> Vendor:
    """Set (or clear, with None) a reviewer's tier beside the computed one; a set needs a why."""
    policy.require(actor, Permission.TIER_OVERRIDE)
    vendor = await get_vendor(session, actor, vendor_id, for_update=True)
    tier_before = vendor.tier
    if tier is None:
        vendor.tier_override = vendor.tier_override_justification = None
        vendor.tier_override_by = vendor.tier_override_at = None
    else:
        vendor.tier_override_justification = normalize.text(
            justification, "justification", 2000, required=True
        )
        vendor.tier_override = tier.value
        vendor.tier_override_by = actor.user_id
        vendor.tier_override_at = datetime.now(UTC)
    _apply_effective_tier(vendor)
    vendor.updated_at = datetime.now(UTC)
    session.add(vendor)
    await session.flush()
    await checklist.sync_pending(session, actor.tenant_id, [vendor.id])
    await audit.record(session, actor, "vendor.tier_overridden", vendor)
    if vendor.tier != tier_before:
        await consequences.announce(session, VendorTierChanged(actor.tenant_id, vendor.id))
    return vendor


@consequences.handles(TenantSettingsChanged)
async def on_settings_changed(session: AsyncSession, change: TenantSettingsChanged) -> None:
    limits = TierThresholds.of(change.after)
    if limits != TierThresholds.of(change.before):
        await retier_all(session, change.tenant_id, limits)


async def retier_all(session: AsyncSession, tenant_id: UUID, limits: TierThresholds) -> None:
    """Re-derive every vendor's computed tier from its stored score (thresholds changed)."""
    computed = case(
        (col(Vendor.tier_score) >= limits.critical, Tier.CRITICAL.value),
        (col(Vendor.tier_score) >= limits.high, Tier.HIGH.value),
        (col(Vendor.tier_score) >= limits.medium, Tier.MEDIUM.value),
        else_=Tier.LOW.value,
    )
    effective = func.coalesce(col(Vendor.tier_override), computed)
    rank = case(*((effective == t.value, t.rank) for t in Tier), else_=1)
    await session.execute(
        update(Vendor)
        .where(col(Vendor.tenant_id) == tenant_id)
        .values(computed_tier=computed, tier=effective, tier_rank=rank)
        .execution_options(synchronize_session="fetch")
    )
    await checklist.sync_pending(session, tenant_id, None)
