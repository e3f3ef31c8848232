"""A reviewer's confirmation holds for what they confirmed, and no longer.

Confirming a report keeps a digest of what it says in force then: its fields and the
items not dismissed, with their values. After any later change (a re-parse, a
correction, an item added, changed, dismissed or restored) the digest is taken again;
when it differs, the confirmation is withdrawn (confirmedAt and confirmedBy cleared), so
no one reads a report as checked that says something nobody checked.
"""

import hashlib
import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.shared.actor import Actor
from domain.soc2.ingest import ITEM_KINDS, REPORT_FIELDS
from domain.soc2.models import SocReport

# The values of each kind of item that a reviewer confirms (not who touched it, or when).
_CONTENT = {model: tuple(values_of({})) for model, _, _, values_of in ITEM_KINDS}


async def digest(session: AsyncSession, report: SocReport) -> str:
    """SHA-256 of what the report says in force: its fields and its live items."""
    said: dict[str, Any] = {field: getattr(report, field) for field in REPORT_FIELDS}
    for model, name, _, _ in ITEM_KINDS:
        columns = [col(getattr(model, c)) for c in _CONTENT[model]]
        rows = await session.execute(
            select(col(model.item_key), *columns)
            .where(
                col(model.tenant_id) == report.tenant_id,
                col(model.report_id) == report.id,
                col(model.dismissed_at).is_(None),
            )
            .order_by(col(model.item_key))
        )
        said[name] = [list(row) for row in rows.all()]
    text = json.dumps(said, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


async def confirm(session: AsyncSession, report: SocReport) -> None:
    """Keep the digest of what is being confirmed."""
    report.confirmed_digest = await digest(session, report)


async def reconsider(session: AsyncSession, actor: Actor, report: SocReport) -> None:
    """After a change (already recorded): withdraw the confirmation if what it covered is
    no longer so, recorded as an event of its own."""
    if report.confirmed_at is None:
        return
    await session.flush()  # the change itself, so the digest reads it
    if await digest(session, report) != report.confirmed_digest:
        report.confirmed_at = report.confirmed_by = report.confirmed_digest = None
        session.add(report)
        await audit.record(session, actor, "soc_report.confirmation_withdrawn", report)
