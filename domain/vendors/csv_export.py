"""Vendors out as CSV, in the columns the import reads (so an export imports back unchanged)."""

import csv
import io
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.csv_text import neutralise
from domain.shared.pagination import PageRequest
from domain.shared.policy import Permission
from domain.tenancy.queries import member_ids_by_email
from domain.vendors import queries
from domain.vendors.csv_sheet import COLUMNS, LIST_SEPARATOR, PROFILE_COLUMNS
from domain.vendors.models import Vendor


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        # each part: a spreadsheet that splits on the separator sees each as a cell
        return LIST_SEPARATOR.join(neutralise(str(v)) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


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
    return [neutralise(_cell(values[column])) for column in COLUMNS]


Transaction = Callable[[], AbstractAsyncContextManager[AsyncSession]]


async def export_csv(
    transaction: Transaction, actor: Actor, criteria: queries.VendorFilter, batch: int = 1000
) -> AsyncIterator[str]:
    """The filtered inventory as CSV text in chunks, by name, a batch at a time, each batch read
    in a short transaction of its own: nothing is held open while the reader takes its time,
    and the whole file is never in memory."""
    policy.require(actor, Permission.VENDOR_READ)
    listing = queries.listing(actor.tenant_id, criteria, "NAME", False)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    request = PageRequest(first=batch)
    owners: dict[UUID, str] | None = None
    while True:
        async with transaction() as session:
            if owners is None:
                by_email = await member_ids_by_email(session, actor.tenant_id)
                owners = {m: e for e, m in by_email.items()}
            found = await queries.page(session, listing, request, count=False)
        for vendor in found.rows:
            writer.writerow(vendor_row(vendor, owners))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if not found.has_next_page:
            return
        request = PageRequest(first=batch, after=found.keys[-1])
