"""The tenant's own systems and controls: listed and read by every member, kept by
reviewers and admins. A control's criteria must be trust services criteria of the
catalogue (domain.compliance.criteria); its reference is unique in the tenant."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from sqlalchemy import Select, Text, bindparam, exists, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.compliance import coverage
from domain.compliance.criteria import BY_ID
from domain.compliance.models import Control, ControlStatus, OwnSystem
from domain.shared import jobs, normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.changes import NOT_CLEARABLE, Changes
from domain.shared.errors import (
    Conflict,
    DomainError,
    DomainErrors,
    InvalidInput,
    collecting,
)
from domain.shared.loading import one_of_bound
from domain.shared.models import today
from domain.shared.pagination import Page, PageRequest, built_once, paginate
from domain.shared.policy import Permission
from domain.tenancy.queries import require_member
from parsers.soc2.result import Category

MAX_CRITERIA = 40


def _criteria(values: list[str], field: str = "criteria") -> list[str]:
    """The criteria as given, each checked against the catalogue, upper-cased, once each,
    in the catalogue's order."""
    wanted = [v.strip().upper() for v in values]
    unknown = [
        InvalidInput(f"{v!r} is not a trust services criterion such as CC6.1.", f"{field}.{i}")
        for i, v in enumerate(wanted)
        if v not in BY_ID
    ]
    if unknown:
        raise DomainErrors(list(unknown))
    if len(set(wanted)) > MAX_CRITERIA:
        raise InvalidInput(f"A control maps to at most {MAX_CRITERIA} criteria.", field)
    order = list(BY_ID)
    return sorted(set(wanted), key=order.index)


def reference(value: str) -> str:
    """A control's reference as it is kept: trimmed, one line; INVALID if blank or long."""
    return normalize.text(value, "ref", 40, required=True, one_line=True) or ""


def _tested(value: date | None) -> date | None:
    if value is not None and value > today():
        raise InvalidInput("A control cannot have been tested in the future.", "lastTestedOn")
    return value


@dataclass(frozen=True)
class NewControl:
    ref: str
    title: str
    description: str = ""
    owner_id: UUID | None = None
    criteria: tuple[str, ...] = ()
    status: ControlStatus = ControlStatus.DESIGNED
    last_tested_on: date | None = None


class ControlChanges(Changes):
    """What may change of a control; it always has a reference, a title and a status."""

    ref: Annotated[str | None, NOT_CLEARABLE] = None
    title: Annotated[str | None, NOT_CLEARABLE] = None
    description: str | None = None
    owner_id: UUID | None = None
    criteria: Annotated[list[str] | None, NOT_CLEARABLE] = None
    status: Annotated[ControlStatus | None, NOT_CLEARABLE] = None
    last_tested_on: date | None = None


async def _saved(session: AsyncSession, control: Control) -> None:
    """Flush, saying a reference already taken as a CONFLICT."""
    try:
        async with session.begin_nested():
            session.add(control)
            await session.flush()
    except IntegrityError:
        raise Conflict(f"A control {control.ref!r} exists already.", "ref") from None


def checked(new: NewControl) -> NewControl:
    """The control as it would be stored: every field normalised and checked against the
    rules (the owner aside: whether they are a member is the database's to say). Every
    problem is raised at once, as DomainErrors."""
    problems: list[DomainError] = []
    control = NewControl(
        ref=collecting(problems, lambda: reference(new.ref), ""),
        title=collecting(
            problems,
            lambda: normalize.text(new.title, "title", 300, required=True, one_line=True) or "",
            "",
        ),
        description=collecting(
            problems, lambda: normalize.text(new.description, "description", 10_000) or "", ""
        ),
        owner_id=new.owner_id,
        criteria=tuple(collecting(problems, lambda: _criteria(list(new.criteria)), [])),
        status=ControlStatus(new.status),
        last_tested_on=collecting(problems, lambda: _tested(new.last_tested_on), None),
    )
    if problems:
        raise DomainErrors(problems)
    return control


async def create_control(session: AsyncSession, actor: Actor, new: NewControl) -> Control:
    """One of the tenant's own controls (REVIEWER, ADMIN)."""
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    await require_member(session, actor.tenant_id, new.owner_id)
    clean = checked(new)
    control = Control(
        tenant_id=actor.tenant_id,
        ref=clean.ref,
        title=clean.title,
        description=clean.description,
        owner_id=clean.owner_id,
        criteria=list(clean.criteria),
        status=clean.status.value,
        last_tested_on=clean.last_tested_on,
    )
    first = not await session.scalar(
        select(exists().where(col(Control.tenant_id) == actor.tenant_id))
    )
    await _saved(session, control)
    await audit.record(session, actor, "control.created", control)
    if first:  # the tenant starts keeping its controls here: its CUECs' gaps are findings
        # now, vendor by vendor on a worker (after the request, or the whole import, commits)
        await jobs.enqueue_unless_waiting(
            session, jobs.RAISE_CUEC_GAPS, jobs.payload(actor.tenant_id)
        )
    return control


async def get_control(
    session: AsyncSession,
    actor: Actor,
    control_id: UUID,
    field: str = "id",
    for_update: bool = False,
) -> Control:
    """One of the tenant's controls (another tenant's is NOT_FOUND)."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        Control,
        control_id,
        entity="Control",
        field=field,
        for_update=for_update,
    )


async def update_control(
    session: AsyncSession, actor: Actor, control_id: UUID, update: ControlChanges
) -> Control:
    """Change what is given of a control (REVIEWER, ADMIN)."""
    changes = update.given()
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    control = await get_control(session, actor, control_id, "controlId", for_update=True)
    if "ref" in changes:
        control.ref = reference(changes["ref"])
    if "title" in changes:
        control.title = normalize.text(changes["title"], "title", 300, True, True) or ""
    if "description" in changes:
        control.description = normalize.text(changes["description"], "description", 10_000) or ""
    if "owner_id" in changes:
        await require_member(session, actor.tenant_id, changes["owner_id"])
        control.owner_id = changes["owner_id"]
    if "criteria" in changes:
        control.criteria = _criteria(changes["criteria"])
    if "status" in changes:
        control.status = ControlStatus(changes["status"]).value
    if "last_tested_on" in changes:
        control.last_tested_on = _tested(changes["last_tested_on"])
    await _saved(session, control)
    await audit.record(session, actor, "control.updated", control)
    return control


async def delete_control(session: AsyncSession, actor: Actor, control_id: UUID) -> UUID:
    """Remove a control (REVIEWER, ADMIN); the audit trail keeps what it was."""
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    control = await get_control(session, actor, control_id, "controlId", for_update=True)
    # the CUECs it ran may be gaps now: their vendors' gaps are said again after it goes
    vendors = await coverage.vendors_relying_on(session, actor.tenant_id, control.id)
    await audit.record_fact(
        session,
        actor,
        "control.deleted",
        "Control",
        control.id,
        ref=control.ref,
        title=control.title,
    )
    await session.delete(control)
    await session.flush()
    for vendor_id in vendors:
        await coverage.raise_gaps(session, actor.tenant_id, vendor_id)
    return control.id


@dataclass(frozen=True)
class ControlFilter:
    statuses: tuple[ControlStatus, ...] = ()
    criterion: str | None = None
    owner_id: UUID | None = None
    search: str | None = None  # in the reference and the title


async def list_controls(
    session: AsyncSession, actor: Actor, filter: ControlFilter, page: PageRequest
) -> Page:
    """The tenant's controls by reference."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    words = normalize.text(filter.search, "search", 200, one_line=True)
    query, order = _controls(
        bool(filter.statuses),
        filter.criterion is not None,
        filter.owner_id is not None,
        bool(words),
    )
    values = {
        "tenant_id": actor.tenant_id,
        "statuses": [s.value for s in filter.statuses],
        "criterion": [filter.criterion.strip().upper()] if filter.criterion is not None else None,
        "owner_id": filter.owner_id,
        "search": normalize.containing(words) if words else None,
    }
    return await paginate(session, query, order, page, values=values)


@built_once
def _controls(
    statuses: bool, criterion: bool, owner: bool, search: bool
) -> tuple[Select[Any], tuple[Any, ...]]:
    """The list of controls' select for the criteria given (their values parameters:
    list_controls) and its order; built once for each form."""
    query = select(Control).where(col(Control.tenant_id) == bindparam("tenant_id"))
    if statuses:
        query = query.where(one_of_bound(col(Control.status), "statuses"))
    if criterion:
        query = query.where(col(Control.criteria).contains(bindparam("criterion")))
    if owner:
        query = query.where(col(Control.owner_id) == bindparam("owner_id"))
    if search:
        pattern = bindparam("search", type_=Text)
        query = query.where(or_(col(Control.ref).ilike(pattern), col(Control.title).ilike(pattern)))
    return query, (col(Control.ref), col(Control.id))


# --- own systems ----------------------------------------------------------------------------


def _categories(values: list[Any]) -> list[str]:
    given = [Category(v).value for v in values]
    return [c.value for c in Category if c.value in given]


async def _system_saved(session: AsyncSession, system: OwnSystem) -> None:
    try:
        async with session.begin_nested():
            session.add(system)
            await session.flush()
    except IntegrityError:
        raise Conflict(f"A system {system.name!r} exists already.", "name") from None


async def create_system(
    session: AsyncSession,
    actor: Actor,
    name: str,
    description: str,
    categories: list[Category],
) -> OwnSystem:
    """A system the tenant's own SOC 2 report covers, with the categories it reports on."""
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    system = OwnSystem(
        tenant_id=actor.tenant_id,
        name=normalize.text(name, "name", 200, required=True, one_line=True) or "",
        description=normalize.text(description, "description", 10_000) or "",
        categories=_categories(list(categories) or [Category.SECURITY]),
    )
    await _system_saved(session, system)
    await audit.record(session, actor, "own_system.created", system)
    return system


class SystemChanges(Changes):
    name: Annotated[str | None, NOT_CLEARABLE] = None
    description: str | None = None
    categories: Annotated[list[Category] | None, NOT_CLEARABLE] = None


async def get_system(
    session: AsyncSession,
    actor: Actor,
    system_id: UUID,
    field: str = "id",
    for_update: bool = False,
) -> OwnSystem:
    policy.require(actor, Permission.COMPLIANCE_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        OwnSystem,
        system_id,
        entity="System",
        field=field,
        for_update=for_update,
    )


async def update_system(
    session: AsyncSession, actor: Actor, system_id: UUID, update: SystemChanges
) -> OwnSystem:
    changes = update.given()
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    system = await get_system(session, actor, system_id, "systemId", for_update=True)
    if "name" in changes:
        system.name = normalize.text(changes["name"], "name", 200, True, True) or ""
    if "description" in changes:
        system.description = normalize.text(changes["description"], "description", 10_000) or ""
    if "categories" in changes:
        if not changes["categories"]:
            raise InvalidInput("A system reports on at least one category.", "categories")
        system.categories = _categories(changes["categories"])
    await _system_saved(session, system)
    await audit.record(session, actor, "own_system.updated", system)
    return system


async def delete_system(session: AsyncSession, actor: Actor, system_id: UUID) -> UUID:
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    system = await get_system(session, actor, system_id, "systemId", for_update=True)
    await audit.record_fact(
        session, actor, "own_system.deleted", "OwnSystem", system.id, name=system.name
    )
    await session.delete(system)
    return system.id


async def list_systems(session: AsyncSession, actor: Actor) -> list[OwnSystem]:
    """The tenant's systems in scope, by name (a handful: not paged)."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    rows = await session.scalars(
        select(OwnSystem)
        .where(col(OwnSystem.tenant_id) == actor.tenant_id)
        .order_by(col(OwnSystem.name))
        .limit(500)
    )
    return list(rows.all())
