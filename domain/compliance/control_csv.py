"""The tenant's controls as CSV: out in the columns the import reads, and in, matched by
reference, so an export imports back unchanged.

An import lands whole or not at all. The file is checked as a whole first (size, encoding,
header, row count), then every row with the rules of createControl and updateControl, and
every problem is reported at once, each naming its row (as a spreadsheet numbers it, the
header being row 1) and its column. Only a file without any changes anything: each control
through the service, with its own audit event, and the import's counts as one more.
"""

import csv
import io
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.compliance import service
from domain.compliance.models import Control, ControlStatus
from domain.documents.intake import FileTooLarge
from domain.shared import csv_text, policy
from domain.shared.actor import Actor
from domain.shared.errors import DomainError, InvalidInput, collecting
from domain.shared.loading import one_of
from domain.shared.policy import Permission
from domain.tenancy.queries import member_ids_by_email

COLUMNS = ("ref", "title", "description", "owner_email", "criteria", "status", "last_tested_on")
REQUIRED_COLUMNS = ("ref", "title")
MAX_ROWS = 2_000
# Written with spaces; commas and semicolons, as people also type lists, are read as well.
CRITERIA_SEPARATOR = " "
_CRITERIA_SPLIT = re.compile(r"[\s,;]+")
# The service's names of fields, where the file's column is named otherwise.
_COLUMN_OF_FIELD = {"lastTestedOn": "last_tested_on", "ownerId": "owner_email"}


# --- out -------------------------------------------------------------------------------------


def _cells(control: Control, emails: dict[UUID, str]) -> list[str]:
    owner = emails.get(control.owner_id, "") if control.owner_id else ""
    tested = control.last_tested_on.isoformat() if control.last_tested_on else ""
    cells = [
        control.ref,
        control.title,
        control.description,
        owner,
        CRITERIA_SEPARATOR.join(control.criteria),
        control.status,
        tested,
    ]
    return [csv_text.neutralise(cell) for cell in cells]


async def export_csv(session: AsyncSession, actor: Actor) -> str:
    """The tenant's controls as CSV text, by reference, in the columns the import reads."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    emails = {m: e for e, m in (await member_ids_by_email(session, actor.tenant_id)).items()}
    controls = await session.scalars(
        select(Control)
        .where(col(Control.tenant_id) == actor.tenant_id)
        .order_by(col(Control.ref), col(Control.id))
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(_cells(control, emails) for control in controls)
    return buffer.getvalue()


# --- in: the file ----------------------------------------------------------------------------


def read_sheet(data: bytes) -> csv_text.ImportSheet:
    """The file's rows, or an error on the file: over 5 MB (TOO_LARGE), not UTF-8, no
    header, a column named twice or a required one missing, a malformed line, more than
    2,000 rows. Rows blank in every column are no controls and are passed over."""
    if len(data) > csv_text.MAX_FILE_BYTES:
        raise FileTooLarge(csv_text.MAX_FILE_BYTES)
    return csv_text.read_import(data, COLUMNS, REQUIRED_COLUMNS, MAX_ROWS)


# --- in: each row ----------------------------------------------------------------------------


def _status(value: str) -> ControlStatus:
    try:
        return ControlStatus(value.strip().upper())
    except ValueError:
        raise InvalidInput(
            f"{value.strip()!r} is not one of {', '.join(ControlStatus)}.", "status"
        ) from None


def _date(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"expected a date as YYYY-MM-DD, got {value.strip()!r}.", "last_tested_on"
        ) from None


def _owner(value: str, members: dict[str, UUID]) -> UUID | None:
    email = csv_text.unquote(value.strip()).lower()  # "-ops@" is an address, exported "'-ops@"
    if not email:
        return None
    if email not in members:
        raise InvalidInput(f"{email} is not a member here.", "owner_email")
    return members[email]


def _criteria(value: str) -> tuple[str, ...]:
    return tuple(part for part in _CRITERIA_SPLIT.split(value) if part)


def _in_file_order(errors: list[DomainError]) -> list[DomainError]:
    """A row's problems in the order of the columns."""
    order = {column: i for i, column in enumerate(COLUMNS)}
    return sorted(
        errors, key=lambda e: order.get(csv_text.column_of(e, _COLUMN_OF_FIELD), len(order))
    )


def _on_row(number: int, error: DomainError) -> InvalidInput:
    """A problem with a cell, said on the file: `row 4, criteria: ...`."""
    return csv_text.problem_on_row(number, error, _COLUMN_OF_FIELD)


@dataclass(frozen=True)
class _Planned:
    number: int
    control: service.NewControl  # checked: as it would be stored
    existing: Control | None


def _wanted(
    cells: dict[str, str],
    columns: frozenset[str],
    base: service.NewControl,
    problems: list[DomainError],
) -> service.NewControl:
    """The control the row asks for: its columns over `base` (the control as it is, or a new
    one's defaults). A blank status keeps the one there is; a blank cell of another column
    clears it."""
    changes: dict[str, Any] = {"title": csv_text.unquote(cells["title"])}
    if "description" in columns:
        changes["description"] = csv_text.unquote(cells["description"])
    if "criteria" in columns:
        changes["criteria"] = _criteria(cells["criteria"])
    if "status" in columns and cells["status"].strip():
        changes["status"] = collecting(problems, lambda: _status(cells["status"]), base.status)
    if "last_tested_on" in columns:
        tested = collecting(problems, lambda: _date(cells["last_tested_on"]), None)
        changes["last_tested_on"] = tested
    return replace(base, **changes)


def _as_stored(control: Control) -> service.NewControl:
    return service.NewControl(
        ref=control.ref,
        title=control.title,
        description=control.description,
        owner_id=control.owner_id,
        criteria=tuple(control.criteria),
        status=ControlStatus(control.status),
        last_tested_on=control.last_tested_on,
    )


def _plan_row(
    number: int,
    cells: dict[str, str],
    columns: frozenset[str],
    members: dict[str, UUID],
    existing: dict[str, Control],
) -> _Planned | list[DomainError]:
    """What the row would do, checked; or every problem it has."""
    problems: list[DomainError] = []
    ref = collecting(problems, lambda: service.reference(csv_text.unquote(cells["ref"])), None)
    found = existing.get(ref) if ref else None
    # a reference refused is reported once: the rest of the row is checked under a stand-in
    base = _as_stored(found) if found else service.NewControl(ref=ref or "?", title="")
    wanted = _wanted(cells, columns, base, problems)
    if "owner_email" in columns:
        owner = collecting(problems, lambda: _owner(cells["owner_email"], members), None)
        wanted = replace(wanted, owner_id=owner)
    control = collecting(problems, lambda: service.checked(wanted), wanted)
    return problems if problems else _Planned(number, control, found)


def _changes(existing: Control, wanted: service.NewControl) -> dict[str, Any]:
    """The fields whose wanted (checked) value differs from the control's."""
    now = _as_stored(existing)
    fields = ("title", "description", "owner_id", "criteria", "status", "last_tested_on")
    changed = {f: getattr(wanted, f) for f in fields if getattr(wanted, f) != getattr(now, f)}
    if "criteria" in changed:
        changed["criteria"] = list(changed["criteria"])
    return changed


async def _existing(session: AsyncSession, tenant_id: UUID, refs: list[str]) -> dict[str, Control]:
    """The tenant's controls with these references, locked: what they are now decides what
    the import does to them."""
    result = await session.scalars(
        select(Control)
        .where(col(Control.tenant_id) == tenant_id, one_of(col(Control.ref), refs))
        .with_for_update()
    )
    return {control.ref: control for control in result}


def _ref(cells: dict[str, str]) -> str | None:
    """The row's reference as it is kept; None if refused (reported with the row)."""
    try:
        return service.reference(csv_text.unquote(cells["ref"]))
    except DomainError:
        return None


async def _plan(session: AsyncSession, actor: Actor, sheet: csv_text.ImportSheet) -> list[_Planned]:
    """Every row checked; DomainErrors with every problem of every row, if any."""
    members = await member_ids_by_email(session, actor.tenant_id)
    refs = [_ref(cells) for _, cells in sheet.rows]
    existing = await _existing(session, actor.tenant_id, [r for r in refs if r])
    problems: list[InvalidInput] = []
    plans: list[_Planned] = []
    first_row: dict[str, int] = {}
    for (number, cells), ref in zip(sheet.rows, refs, strict=True):
        if ref is not None and ref in first_row:
            message = f"{ref!r} is also on row {first_row[ref]}."
            problems.append(_on_row(number, InvalidInput(message, "ref")))
        elif ref is not None:
            first_row[ref] = number
        planned = _plan_row(number, cells, sheet.columns, members, existing)
        if isinstance(planned, list):
            problems.extend(_on_row(number, p) for p in _in_file_order(planned))
        else:
            plans.append(planned)
    if problems:
        raise csv_text.refused(problems)
    return plans


async def import_controls(session: AsyncSession, actor: Actor, data: bytes) -> csv_text.Imported:
    """Create or update the tenant's controls from a CSV, matched by reference (REVIEWER,
    ADMIN): every row or none, every problem reported at once."""
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    sheet = read_sheet(data)
    plans = await _plan(session, actor, sheet)

    def saving(plan: _Planned) -> csv_text.SaveRow:
        async def save() -> csv_text.Saved:
            if plan.existing is None:
                await service.create_control(session, actor, plan.control)
                return csv_text.Saved.CREATED
            changes = _changes(plan.existing, plan.control)
            if not changes:
                return csv_text.Saved.UNCHANGED
            update = service.ControlChanges.read(changes)
            await service.update_control(session, actor, plan.existing.id, update)
            return csv_text.Saved.UPDATED

        return plan.number, save

    to_save = [saving(plan) for plan in plans]
    result = await csv_text.save_rows(to_save, _COLUMN_OF_FIELD, sheet.warnings)
    await audit.record_fact(
        session,
        actor,
        "control.imported",
        "ControlImport",
        None,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
    )
    return result
