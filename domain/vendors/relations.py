"""A vendor's contacts and fourth parties."""

from typing import Annotated, Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.changes import NOT_CLEARABLE, Changes
from domain.shared.errors import InvalidInput
from domain.shared.policy import Permission
from domain.vendors import queries
from domain.vendors.models import ContactRole, FourthParty, Vendor, VendorContact
from domain.vendors.service import get_vendor


def _clean_contact(
    name: str | None, email: str | None, role: str | None, phone: str | None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if name is not None:
        out["name"] = normalize.text(name, "name", 200, required=True, one_line=True)
    if email is not None:
        out["email"] = normalize.email(email)
    if role is not None:
        try:
            out["role"] = ContactRole(role).value
        except ValueError as error:
            raise InvalidInput(f"Unknown contact role {role!r}.", "role") from error
    if phone is not None:
        cleaned = normalize.text(phone, "phone", 40)
        if cleaned and not all(c.isdigit() or c in "+-() ." for c in cleaned):
            raise InvalidInput("A phone number has digits, spaces and + - ( ) . only.", "phone")
        out["phone"] = cleaned
    return out


async def add_contact(
    session: AsyncSession,
    actor: Actor,
    vendor_id: UUID,
    name: str,
    email: str,
    role: str,
    phone: str | None = None,
) -> VendorContact:
    """A person at the vendor, with their role (security, sales, legal, primary)."""
    policy.require(actor, Permission.VENDOR_WRITE)
    await get_vendor(session, actor, vendor_id)
    contact = VendorContact(
        tenant_id=actor.tenant_id,
        vendor_id=vendor_id,
        **_clean_contact(name, email, role, phone or ""),
    )
    session.add(contact)
    await session.flush()
    await audit.record(session, actor, "vendor.contact_added", contact)
    return contact


async def _contact(session: AsyncSession, actor: Actor, contact_id: UUID) -> VendorContact:
    return await reading.one(
        session,
        actor.tenant_id,
        VendorContact,
        contact_id,
        entity="Contact",
        field="contactId",
        for_update=True,
    )


class ContactChanges(Changes):
    """What may change of a contact: everything, though only a phone can be cleared."""

    name: Annotated[str | None, NOT_CLEARABLE] = None
    email: Annotated[str | None, NOT_CLEARABLE] = None
    role: Annotated[ContactRole | None, NOT_CLEARABLE] = None
    phone: str | None = None


async def update_contact(
    session: AsyncSession, actor: Actor, contact_id: UUID, update: ContactChanges
) -> VendorContact:
    policy.require(actor, Permission.VENDOR_WRITE)
    contact = await _contact(session, actor, contact_id)
    given = update.given()
    cleared_phone = "phone" in given and given["phone"] is None
    clean = _clean_contact(
        given.get("name"),
        given.get("email"),
        given.get("role"),
        "" if cleared_phone else given.get("phone"),
    )
    for field, value in clean.items():
        setattr(contact, field, value)
    await audit.record(session, actor, "vendor.contact_updated", contact)
    return contact


async def remove_contact(session: AsyncSession, actor: Actor, contact_id: UUID) -> VendorContact:
    policy.require(actor, Permission.VENDOR_WRITE)
    contact = await _contact(session, actor, contact_id)
    await session.delete(contact)
    await session.flush()
    await audit.record(session, actor, "vendor.contact_removed", contact)
    return contact


# --- fourth parties -------------------------------------------------------------------


async def add_fourth_party(
    session: AsyncSession,
    actor: Actor,
    vendor_id: UUID,
    name: str,
    service: str | None,
    linked_vendor_id: UUID | None = None,
) -> FourthParty:
    """A subprocessor of the vendor; linked to our record of it (given, or found by name)."""
    policy.require(actor, Permission.VENDOR_WRITE)
    await get_vendor(session, actor, vendor_id)
    clean_name = normalize.text(name, "name", 200, required=True, one_line=True)
    assert clean_name is not None
    if linked_vendor_id is not None:
        await reading.one(
            session,
            actor.tenant_id,
            Vendor,
            linked_vendor_id,
            entity="Linked vendor",
            field="linkedVendorId",
        )
        if linked_vendor_id == vendor_id:
            raise InvalidInput("A vendor cannot be its own fourth party.", "linkedVendorId")
    else:
        found = await queries.vendor_id_by_name(session, actor.tenant_id, clean_name)
        linked_vendor_id = found if found != vendor_id else None
    party = FourthParty(
        tenant_id=actor.tenant_id,
        vendor_id=vendor_id,
        name=clean_name,
        service=normalize.text(service, "service", 2000),
        linked_vendor_id=linked_vendor_id,
    )
    session.add(party)
    await session.flush()
    await audit.record(session, actor, "vendor.fourth_party_added", party)
    return party


async def remove_fourth_party(session: AsyncSession, actor: Actor, party_id: UUID) -> FourthParty:
    policy.require(actor, Permission.VENDOR_WRITE)
    party = await reading.one(
        session,
        actor.tenant_id,
        FourthParty,
        party_id,
        entity="Fourth party",
        field="fourthPartyId",
        for_update=True,
    )
    await session.delete(party)
    await session.flush()
    await audit.record(session, actor, "vendor.fourth_party_removed", party)
    return party
