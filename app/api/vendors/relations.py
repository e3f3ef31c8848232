"""Mutation fields of a vendor's contacts and fourth parties."""

from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.inputs import given
from app.api.relay import node_uuid
from app.api.vendors.errors import VendorError
from app.api.vendors.inputs import (
    AddFourthPartyInput,
    AddVendorContactInput,
    RemoveFourthPartyInput,
    RemoveVendorContactInput,
    UpdateVendorContactInput,
)
from app.api.vendors.mutations import vendor_uuid
from app.api.vendors.types import FourthParty, VendorContact
from domain.vendors import relations


@strawberry.type(description="Result of a mutation on a vendor contact.")
class VendorContactPayload(Payload[VendorError]):
    contact: VendorContact | None = strawberry.field(default=None, description="The contact.")


@strawberry.type(description="Result of a mutation on a fourth party.")
class FourthPartyPayload(Payload[VendorError]):
    fourth_party: FourthParty | None = strawberry.field(
        default=None, description="The fourth party."
    )


@strawberry.type(description="Result of a removal.")
class RemovePayload(Payload[VendorError]):
    removed_id: relay.GlobalID | None = strawberry.field(
        default=None, description="ID of what was removed."
    )


def _contact_uuid(global_id: relay.GlobalID) -> UUID:
    return node_uuid(global_id, "VendorContact", "Contact", "contactId")


@strawberry.type
class VendorRelationsMutation:
    @mutation(
        "Add a person at a vendor (ADMIN, PROCUREMENT, REVIEWER).",
        errors={
            "NOT_FOUND": "(vendorId) for a vendor that is not here",
            "INVALID": "(the field) for a name, email or phone that does not fit",
        },
    )
    async def add_vendor_contact(
        self, info: Info, input: AddVendorContactInput
    ) -> VendorContactPayload:
        row = await relations.add_contact(
            info.context.session,
            info.context.actor,
            vendor_uuid(input.vendor_id),
            input.name,
            input.email,
            input.role.value,
            input.phone,
        )
        return VendorContactPayload(contact=VendorContact.from_row(row))

    @mutation(
        "Change a vendor contact (ADMIN, PROCUREMENT, REVIEWER).",
        errors={
            "NOT_FOUND": "(contactId) for a contact that is not here",
            "INVALID": "(the field) for a value that does not fit or cannot be cleared",
        },
    )
    async def update_vendor_contact(
        self, info: Info, input: UpdateVendorContactInput
    ) -> VendorContactPayload:
        changes = relations.ContactChanges.read(given(input, relations.ContactChanges.model_fields))
        row = await relations.update_contact(
            info.context.session, info.context.actor, _contact_uuid(input.contact_id), changes
        )
        return VendorContactPayload(contact=VendorContact.from_row(row))

    @mutation(
        "Remove a vendor contact (ADMIN, PROCUREMENT, REVIEWER).",
        errors={"NOT_FOUND": "(contactId) for a contact that is not here"},
    )
    async def remove_vendor_contact(
        self, info: Info, input: RemoveVendorContactInput
    ) -> RemovePayload:
        await relations.remove_contact(
            info.context.session, info.context.actor, _contact_uuid(input.contact_id)
        )
        return RemovePayload(removed_id=input.contact_id)

    @mutation(
        "Record a vendor's subprocessor (our fourth party), linked to our own record of it "
        "by ID or, failing that, by name (ADMIN, PROCUREMENT, REVIEWER).",
        errors={
            "NOT_FOUND": "(vendorId, or linkedVendorId) for a vendor that is not here",
            "INVALID": "(the field) for a name or service that does not fit, or "
            "(linkedVendorId) for the vendor itself",
        },
    )
    async def add_fourth_party(self, info: Info, input: AddFourthPartyInput) -> FourthPartyPayload:
        linked = (
            vendor_uuid(input.linked_vendor_id, "linkedVendorId")
            if input.linked_vendor_id
            else None
        )
        row = await relations.add_fourth_party(
            info.context.session,
            info.context.actor,
            vendor_uuid(input.vendor_id),
            input.name,
            input.service,
            linked,
        )
        return FourthPartyPayload(fourth_party=FourthParty.from_row(row))

    @mutation(
        "Remove a fourth party (ADMIN, PROCUREMENT, REVIEWER).",
        errors={"NOT_FOUND": "(fourthPartyId) for one that is not here"},
    )
    async def remove_fourth_party(self, info: Info, input: RemoveFourthPartyInput) -> RemovePayload:
        party_id = node_uuid(input.fourth_party_id, "FourthParty", "Fourth party", "fourthPartyId")
        await relations.remove_fourth_party(info.context.session, info.context.actor, party_id)
        return RemovePayload(removed_id=input.fourth_party_id)
