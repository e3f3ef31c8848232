"""Vendors out as CSV, in the columns the import reads (so an export imports back unchanged)."""

import csv
import io
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared.actor import Actor
from domain.shared.pagination import PageRequest
from domain.tenancy import policy
from domain.tenancy.policy import Permission
from domain.vendors import queries
from domain.vendors.csv_io import (
    COLUMNS,
    FORMULA_STARTS,
    LIST_SEPARATOR,
    PROFILE_COLUMNS,
    owner_ids_by_email,
)
from domain.vendors.models import Vendor


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _neutralise(text: str) -> str:
    """Cells a spreadsheet would run as formulas get a leading quote (CSV injection)."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def vendor_row(vendor: Vendor, owner_emails: dict[UUID, str]) -> list[str]:
    """One vendor in the import's own columns, so an export imports back unchanged."""
    profile = vendor.data_access or {}
    values = {
        **{column: getattr(vendor, column, None) for column in COLUMNS},
        "business_owner_email": owner_emails.get(vendor.business_owner_id)
        if vendor.business_owner_id
        else None,
        **{column: profile.get(column) for column in PROFILE_COLUMNS},
    }
    return [_neutralise(_cell(values[column])) for column in COLUMNS]


async def export_csv(
    session: AsyncSession, actor: Actor, criteria: queries.VendorFilter, batch: int = 1000
) -> AsyncIterator[str]:
    """The filtered inventory as CSV text in chunks, by name, read a batch at a time."""
    policy.require(actor, Permission.VENDOR_READ)
    owners = {m: e for e, m in (await owner_ids_by_email(session, actor.tenant_id)).items()}
    listing = queries.listing(actor.tenant_id, criteria, "NAME", False)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    request = PageRequest(first=batch)
    while True:
        found = await queries.page(session, listing, request, count=False)
        for vendor in found.rows:
            writer.writerow(vendor_row(vendor, owners))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if not found.has_next_page:
            return
        request = PageRequest(first=batch, after=found.keys[-1])
