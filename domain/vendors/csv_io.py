"""Bulk import from procurement's CSV: dry run, per-row report, idempotent by domain."""

import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.audit import service as audit
from domain.shared import normalize, policy
from domain.shared.actor import Actor
from domain.shared.errors import DomainError, InvalidInput
from domain.shared.policy import Permission
from domain.tenancy.models import Membership, User
from domain.vendors import queries, service
from domain.vendors.models import Vendor, VendorStatus

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000

COLUMNS = [
    "name",
    "domain",
    "legal_name",
    "website",
    "description",
    "category",
    "services_provided",
    "business_owner_email",
    "department",
    "contract_start",
    "contract_end",
    "annual_spend",
    "currency",
    "tags",
    "status",
    "data_categories",
    "access_level",
    "connects_to_production",
    "business_criticality",
    "hosting_regions",
]
# Headers as spreadsheets write them, mapped to ours.
ALIASES = {
    "vendor": "name",
    "vendor_name": "name",
    "company": "name",
    "primary_domain": "domain",
    "url": "website",
    "website_url": "website",
    "owner": "business_owner_email",
    "business_owner": "business_owner_email",
    "owner_email": "business_owner_email",
    "spend": "annual_spend",
    "annual_spend_usd": "annual_spend",
    "services": "services_provided",
    "criticality": "business_criticality",
    "regions": "hosting_regions",
    "data": "data_categories",
}
LIST_SEPARATOR = ";"
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PROFILE_COLUMNS = (
    "data_categories",
    "access_level",
    "connects_to_production",
    "business_criticality",
    "hosting_regions",
)


@dataclass
class RowResult:
    line: int
    domain: str | None
    outcome: str  # CREATED, UPDATED, UNCHANGED, REJECTED
    vendor_id: UUID | None = None
    messages: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


def _rows(reader: "csv.DictReader[str]") -> Iterator[dict[str, str]]:
    """The reader's rows; a malformed line is a clear error on the file."""
    try:
        yield from reader
    except csv.Error as error:
        raise InvalidInput(f"Line {reader.line_num}: {error}.", "file") from error


def _header_key(raw: str) -> str:
    key = "_".join(raw.strip().lower().replace("-", " ").split())
    return ALIASES.get(key, key)


def _decode(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput(f"The file is over {MAX_IMPORT_BYTES // (1024 * 1024)} MB.", "file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput("The file is not UTF-8 text (save it as CSV UTF-8).", "file") from error


def _split(value: str) -> list[str]:
    """The parts of a list cell, each with the export's formula guard undone."""
    return [_unquote(part.strip()) for part in value.split(LIST_SEPARATOR) if part.strip()]


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


async def owner_ids_by_email(session: AsyncSession, tenant_id: UUID) -> dict[str, UUID]:
    result = await session.execute(
        select(col(User.email), col(Membership.id))
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(col(Membership.tenant_id) == tenant_id, col(Membership.removed_at).is_(None))
    )
    return {email: membership_id for email, membership_id in result.all()}


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


def _unquote(value: str) -> str:
    """Undo the export's guard against spreadsheet formulas (see `_neutralise`)."""
    if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


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
            value = _unquote(row[column])
            fields[column] = value.strip().upper() if column == "category" else value
    if row.get("business_owner_email"):
        email = row["business_owner_email"].strip().lower()
        if email not in owners:
            raise InvalidInput(
                f"business_owner_email: {email} is not a member.", "business_owner_email"
            )
        fields["business_owner_id"] = owners[email]
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
    result = RowResult(line=line, domain=domain_text, outcome="REJECTED")
    try:
        if not domain_text:
            raise InvalidInput("domain is required.", "domain")
        domain = normalize.domain(domain_text)
        result.domain = domain
        fields, status = _fields_of(row, owners)
        existing = await queries.by_domain(session, actor.tenant_id, domain)
        async with session.begin_nested():
            if existing is None:
                initial = VendorStatus(status) if status else VendorStatus.PROSPECT
                if initial not in (VendorStatus.PROSPECT, VendorStatus.ACTIVE):
                    raise InvalidInput(
                        "status: a new vendor starts as PROSPECT or ACTIVE.", "status"
                    )
                vendor = await service.create_vendor(session, actor, fields, initial, "imported")
                result.outcome, result.vendor_id = "CREATED", vendor.id
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
                    await service.update_vendor(session, actor, existing.id, changes)
                    result.outcome = "UPDATED"
                    result.messages.append("changed: " + ", ".join(sorted(changes)))
                else:
                    result.outcome = "UNCHANGED"
    except DomainError as error:
        result.outcome = "REJECTED"
        result.messages.append(error.message)
    except ValueError as error:
        result.outcome = "REJECTED"
        result.messages.append(str(error))
    except DBAPIError:
        # The row's savepoint is rolled back; the rest of the file goes on.
        result.outcome = "REJECTED"
        result.messages.append("This row could not be stored.")
    return result


async def import_vendors(
    session: AsyncSession, actor: Actor, data: bytes, dry_run: bool, max_rows: int = MAX_IMPORT_ROWS
) -> ImportReport:
    """Create or update one vendor per row, matched by domain; each row stands or falls alone.

    A dry run does all the same work and checks, then rolls every row back.
    """
    policy.require(actor, Permission.VENDOR_IMPORT)
    reader = csv.DictReader(io.StringIO(_decode(data)))
    if not reader.fieldnames:
        raise InvalidInput("The file is empty.", "file")
    headers = [_header_key(h or "") for h in reader.fieldnames]
    for required in ("name", "domain"):
        if required not in headers:
            raise InvalidInput(f"The header has no {required} column.", "file")
    unknown = sorted(set(headers) - set(COLUMNS))
    # every row is read (cheap) and counted before any is worked on (not cheap): a file over
    # the limit is refused at once, whatever it holds
    rows = list(itertools.islice(_rows(reader), max_rows + 1))
    if len(rows) > max_rows:
        raise InvalidInput(f"The file has more than {max_rows} rows.", "file")
    report = ImportReport(dry_run=dry_run)
    owners = await owner_ids_by_email(session, actor.tenant_id)
    seen: dict[str, int] = {}
    outer = await session.begin_nested()
    try:
        for index, raw in enumerate(rows):
            line = index + 2  # the header is line 1
            row = {
                key: (raw.get(original) or "")
                for key, original in zip(headers, reader.fieldnames, strict=True)
            }
            try:
                domain = normalize.domain(row.get("domain", "")) if row.get("domain") else None
            except InvalidInput:
                domain = None
            if domain and domain in seen:
                report.rows.append(
                    RowResult(
                        line, domain, "REJECTED", messages=[f"same domain as line {seen[domain]}"]
                    )
                )
                continue
            if domain:
                seen[domain] = line
            report.rows.append(await _import_row(session, actor, line, row, owners))
    except BaseException:
        await outer.rollback()
        raise
    if dry_run:
        await outer.rollback()
    else:
        await outer.commit()
    if unknown:
        report.warnings.append("Ignored columns: " + ", ".join(unknown) + ".")
    if not dry_run:
        await audit.record_fact(
            session,
            actor,
            "vendor.imported",
            "VendorImport",
            None,
            created=report.count("CREATED"),
            updated=report.count("UPDATED"),
            unchanged=report.count("UNCHANGED"),
            rejected=report.count("REJECTED"),
        )
    return report
