"""Mutation fields of a vendor's contacts and fourth parties."""

from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.errors import UserError, mutation
from app.api.relay import node_uuid
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
class VendorContactPayload:
    contact: VendorContact | None = strawberry.field(default=None, description="The contact.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


@strawberry.type(description="Result of a mutation on a fourth party.")
class FourthPartyPayload:
    fourth_party: FourthParty | None = strawberry.field(
        default=None, description="The fourth party."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


@strawberry.type(description="Result of a removal.")
class RemovePayload:
    removed_id: relay.GlobalID | None = strawberry.field(
        default=None, description="ID of what was removed."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


def _contact_uuid(global_id: relay.GlobalID) -> UUID:
    return node_uuid(global_id, "VendorContact", "Contact", "contactId")


@strawberry.type
class VendorRelationsMutation:
    @strawberry.mutation(description="Add a person at a vendor.")
    async def add_vendor_contact(
        self, info: Info, input: AddVendorContactInput
    ) -> VendorContactPayload:
        async with mutation(info) as m:
            row = await relations.add_contact(
                m.session,
                m.actor,
                vendor_uuid(input.vendor_id),
                input.name,
                input.email,
                input.role.value,
                input.phone,
            )
            return VendorContactPayload(contact=VendorContact.from_row(row))
        return VendorContactPayload(errors=m.errors)

    @strawberry.mutation(description="Change a vendor contact.")
    async def update_vendor_contact(
        self, info: Info, input: UpdateVendorContactInput
    ) -> VendorContactPayload:
        async with mutation(info) as m:
            row = await relations.update_contact(
                m.session,
                m.actor,
                _contact_uuid(input.contact_id),
                input.name,
                input.email,
                input.role.value if input.role else None,
                input.phone,
            )
            return VendorContactPayload(contact=VendorContact.from_row(row))
        return VendorContactPayload(errors=m.errors)

    @strawberry.mutation(description="Remove a vendor contact.")
    async def remove_vendor_contact(
        self, info: Info, input: RemoveVendorContactInput
    ) -> RemovePayload:
        async with mutation(info) as m:
            await relations.remove_contact(m.session, m.actor, _contact_uuid(input.contact_id))
            return RemovePayload(removed_id=input.contact_id)
        return RemovePayload(errors=m.errors)

    @strawberry.mutation(description="Record a vendor's subprocessor (our fourth party).")
    async def add_fourth_party(self, info: Info, input: AddFourthPartyInput) -> FourthPartyPayload:
        async with mutation(info) as m:
            linked = (
                vendor_uuid(input.linked_vendor_id, "linkedVendorId")
                if input.linked_vendor_id
                else None
            )
            row = await relations.add_fourth_party(
                m.session, m.actor, vendor_uuid(input.vendor_id), input.name, input.service, linked
            )
            return FourthPartyPayload(fourth_party=FourthParty.from_row(row))
        return FourthPartyPayload(errors=m.errors)

    @strawberry.mutation(description="Remove a fourth party.")
    async def remove_fourth_party(self, info: Info, input: RemoveFourthPartyInput) -> RemovePayload:
        async with mutation(info) as m:
            party_id = node_uuid(
                input.fourth_party_id, "FourthParty", "Fourth party", "fourthPartyId"
            )
            await relations.remove_fourth_party(m.session, m.actor, party_id)
            return RemovePayload(removed_id=input.fourth_party_id)
        return RemovePayload(errors=m.errors)
