"""Bulk import from procurement's CSV: each row stands or falls alone, matched by domain, with
a per-row report. Small files run here, inside the caller's transaction; large ones run as a
background job (`imports.py`, `import_steps.py`), batch by batch, through `apply_rows`."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.shared import normalize, policy
from domain.shared.actor import Actor
from domain.shared.csv_text import unquote
from domain.shared.errors import DomainError, InvalidInput
from domain.shared.policy import Permission
from domain.tenancy.queries import member_ids_by_email
from domain.vendors import queries, service
from domain.vendors.csv_sheet import (
    FIRST_LINE,
    LIST_SEPARATOR,
    MAX_IMPORT_ROWS,
    Sheet,
    read_sheet,
)
from domain.vendors.models import ImportOutcome, Vendor, VendorStatus


@dataclass
class RowResult:
    line: int
    domain: str | None
    outcome: ImportOutcome
    vendor_id: UUID | None = None
    messages: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


def _status(value: str) -> VendorStatus:
    try:
        return VendorStatus(value)
    except ValueError:
        raise InvalidInput(
            f"status: {value!r} is not one of {', '.join(VendorStatus)}.", "status"
        ) from None


def _split(value: str) -> list[str]:
    """The parts of a list cell, each with the export's formula guard undone."""
    return [unquote(part.strip()) for part in value.split(LIST_SEPARATOR) if part.strip()]


def _boolean(value: str, column: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "yes", "y", "1"):
        return True
    if lowered in ("false", "no", "n", "0", ""):
        return False
    raise InvalidInput(f"{column}: expected yes or no, got {value!r}.", column)


def _date(value: str, column: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise InvalidInput(
            f"{column}: expected a date as YYYY-MM-DD, got {value!r}.", column
        ) from error


def _profile_cells(row: dict[str, str]) -> dict[str, Any]:
    """The data-access profile fields the row gives (only those)."""
    cells: dict[str, Any] = {}
    if row.get("data_categories"):
        cells["data_categories"] = [c.upper() for c in _split(row["data_categories"])]
    for column in ("access_level", "business_criticality"):
        if row.get(column):
            cells[column] = row[column].strip().upper()
    if row.get("connects_to_production"):
        cells["connects_to_production"] = _boolean(
            row["connects_to_production"], "connects_to_production"
        )
    if row.get("hosting_regions"):
        cells["hosting_regions"] = _split(row["hosting_regions"])
    return cells


def _fields_of(row: dict[str, str], owners: dict[str, UUID]) -> tuple[dict[str, Any], str | None]:
    """Vendor fields from the non-empty cells of a row, and the requested initial status."""
    fields: dict[str, Any] = {}
    for column in (
        "name",
        "domain",
        "legal_name",
        "website",
        "description",
        "category",
        "services_provided",
        "department",
        "currency",
    ):
        if row.get(column):
            value = unquote(row[column])
            fields[column] = value.strip().upper() if column == "category" else value
    if row.get("business_owner_email"):
        email = row["business_owner_email"].strip().lower()
        if email not in owners:
            raise InvalidInput(
                f"business_owner_email: {email} is not a member.", "business_owner_email"
            )
        fields["business_owner_id"] = owners[email]
    if row.get("subprocessor"):
        fields["subprocessor"] = _boolean(row["subprocessor"], "subprocessor")
    for column in ("contract_start", "contract_end"):
        if row.get(column):
            fields[column] = _date(row[column], column)
    if row.get("annual_spend"):
        fields["annual_spend"] = row["annual_spend"].replace(",", "").strip()
    if row.get("tags"):
        fields["tags"] = _split(row["tags"])
    profile = _profile_cells(row)
    if profile:
        fields["data_access"] = profile
    status = row.get("status", "").strip().upper() or None
    return fields, status


async def _changed(
    session: AsyncSession, actor: Actor, vendor: Vendor, fields: dict[str, Any]
) -> dict[str, Any]:
    """The given fields whose normalised value differs from the vendor's."""
    clean = await service.clean_fields(session, actor, fields)
    changes = {}
    for key, value in clean.items():
        current = getattr(vendor, key)
        if key == "data_access":
            value = value.model_dump(mode="json")
        if value != current:
            changes[key] = fields[key]
    return changes


async def _import_row(
    session: AsyncSession, actor: Actor, line: int, row: dict[str, str], owners: dict[str, UUID]
) -> RowResult:
    domain_text = row.get("domain", "").strip() or None
    result = RowResult(line=line, domain=domain_text, outcome=ImportOutcome.REJECTED)
    try:
        if not domain_text:
            raise InvalidInput("domain is required.", "domain")
        domain = normalize.domain(domain_text)
        result.domain = domain
        fields, status = _fields_of(row, owners)
        existing = await queries.by_domain(session, actor.tenant_id, domain)
        async with session.begin_nested():
            if existing is None:
                initial = _status(status) if status else VendorStatus.PROSPECT
                # where a new vendor may start is the service's rule
                vendor = await service.create_vendor(session, actor, fields, initial, "imported")
                result.outcome, result.vendor_id = ImportOutcome.CREATED, vendor.id
            else:
                result.vendor_id = existing.id
                if status and status != existing.status:
                    result.messages.append(
                        f"status stays {existing.status}: use the lifecycle to change it"
                    )
                if "data_access" in fields:  # the row's cells over the vendor's profile
                    fields["data_access"] = {**existing.data_access, **fields["data_access"]}
                changes = await _changed(session, actor, existing, fields)
                if changes:
                    update = service.VendorChanges.read(changes)
                    await service.update_vendor(session, actor, existing.id, update)
                    result.outcome = ImportOutcome.UPDATED
                    result.messages.append("changed: " + ", ".join(sorted(changes)))
                else:
                    result.outcome = ImportOutcome.UNCHANGED
    except DomainError as error:
        result.outcome = ImportOutcome.REJECTED
        result.messages.append(error.message)
    except ValueError as error:
        result.outcome = ImportOutcome.REJECTED
        result.messages.append(str(error))
    except DBAPIError:
        # The row's savepoint is rolled back; the rest of the file goes on.
        result.outcome = ImportOutcome.REJECTED
        result.messages.append("This row could not be stored.")
    return result


async def apply_rows(
    session: AsyncSession, actor: Actor, sheet: Sheet, start: int, stop: int
) -> list[RowResult]:
    """Work on the sheet's rows `start` to `stop` (0-based, stop excluded), each in a savepoint
    of its own: a row refused or failing on the database leaves the others be."""
    owners = await member_ids_by_email(session, actor.tenant_id)
    results = []
    for index in range(start, stop):
        line = index + FIRST_LINE
        row = sheet.rows[index]
        earlier = sheet.repeats.get(line)
        if earlier is not None:
            domain = normalize.domain(row["domain"])
            message = f"same domain as line {earlier}"
            results.append(RowResult(line, domain, ImportOutcome.REJECTED, messages=[message]))
        else:
            results.append(await _import_row(session, actor, line, row, owners))
    return results


def forget_created(results: list[RowResult]) -> None:
    """After a dry run's rollback: the vendors it would have created do not exist."""
    for result in results:
        if result.outcome == ImportOutcome.CREATED:
            result.vendor_id = None


async def run_inline(
    session: AsyncSession, actor: Actor, sheet: Sheet, dry_run: bool
) -> ImportReport:
    """Every row of a checked sheet, in the caller's transaction. A dry run does all the same
    work and checks, then rolls every row back."""
    policy.require(actor, Permission.VENDOR_IMPORT)
    outer = await session.begin_nested()
    try:
        results = await apply_rows(session, actor, sheet, 0, sheet.row_count)
    except BaseException:
        await outer.rollback()
        raise
    if dry_run:
        await outer.rollback()
        forget_created(results)
    else:
        await outer.commit()
    report = ImportReport(dry_run=dry_run, rows=results, warnings=list(sheet.warnings))
    if not dry_run:
        await audit.record_fact(
            session,
            actor,
            "vendor.imported",
            "VendorImport",
            None,
            **{outcome.lower(): report.count(outcome) for outcome in ImportOutcome},
        )
    return report


async def import_vendors(
    session: AsyncSession, actor: Actor, data: bytes, dry_run: bool, max_rows: int = MAX_IMPORT_ROWS
) -> ImportReport:
    """Create or update one vendor per row, matched by domain; each row stands or falls alone.

    The whole file is checked (and its rows counted) before any row is worked on.
    """
    policy.require(actor, Permission.VENDOR_IMPORT)
    return await run_inline(session, actor, read_sheet(data, max_rows), dry_run)
