"""Inputs of the mutations of the tenant's own scope and controls."""

from datetime import date

import strawberry
from strawberry import relay

from app.api.enums import ControlStatus, ExceptionDomain, SubserviceMethod, TrustServicesCategory


@strawberry.input(description="One of the tenant's own controls, new.")
class CreateControlInput:
    ref: str = strawberry.field(description="Its reference, unique in the tenant (AC-01).")
    title: str = strawberry.field(description="Its name (at most 300 characters).")
    description: str = strawberry.field(default="", description="What it does, and how.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="A member.")
    criteria: list[str] = strawberry.field(
        default_factory=list, description="Trust services criteria it meets (CC6.1 ...)."
    )
    status: ControlStatus = strawberry.field(
        default=ControlStatus.DESIGNED, description="How far it has come."
    )
    last_tested_on: date | None = strawberry.field(
        default=None, description="When it was last tested (not in the future)."
    )


@strawberry.input(description="What to change of a control: the fields given only.")
class UpdateControlInput:
    control_id: relay.GlobalID = strawberry.field(description="The control.")
    ref: str | None = strawberry.field(default=strawberry.UNSET, description="Its reference.")
    title: str | None = strawberry.field(default=strawberry.UNSET, description="Its name.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="What it does."
    )
    owner_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="A member; null: nobody."
    )
    criteria: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="The criteria it meets, all of them."
    )
    status: ControlStatus | None = strawberry.field(
        default=strawberry.UNSET, description="How far it has come."
    )
    last_tested_on: date | None = strawberry.field(
        default=strawberry.UNSET, description="When it was last tested; null: never."
    )


@strawberry.input(description="A control to remove.")
class DeleteControlInput:
    control_id: relay.GlobalID = strawberry.field(description="The control.")


@strawberry.input(description="Which controls to list.")
class ControlFilter:
    status: list[ControlStatus] | None = strawberry.field(
        default=None, description="Only in these statuses."
    )
    criterion: str | None = strawberry.field(
        default=None, description="Only those meeting this criterion (CC6.1)."
    )
    owner_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Only this member's."
    )
    search: str | None = strawberry.field(
        default=None, description="Words in the reference or the title."
    )


@strawberry.input(description="A system of the tenant's own, new.")
class CreateOwnSystemInput:
    name: str = strawberry.field(description="Its name, unique in the tenant.")
    description: str = strawberry.field(default="", description="What it is.")
    categories: list[TrustServicesCategory] = strawberry.field(
        default_factory=list, description="Categories reported on; none given: SECURITY."
    )


@strawberry.input(description="What to change of a system: the fields given only.")
class UpdateOwnSystemInput:
    system_id: relay.GlobalID = strawberry.field(description="The system.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Its name.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="What it is.")
    categories: list[TrustServicesCategory] | None = strawberry.field(
        default=strawberry.UNSET, description="The categories reported on, all of them."
    )


@strawberry.input(description="A system to remove.")
class DeleteOwnSystemInput:
    system_id: relay.GlobalID = strawberry.field(description="The system.")


@strawberry.input(description="The tenant's controls that run a CUEC.")
class MapCuecInput:
    cuec_id: relay.GlobalID = strawberry.field(description="The CUEC.")
    control_ids: list[relay.GlobalID] = strawberry.field(
        description="The controls (all of them: they replace those named before)."
    )


@strawberry.input(description="A CUEC that does not apply to how the tenant uses the vendor.")
class MarkCuecNotApplicableInput:
    cuec_id: relay.GlobalID = strawberry.field(description="The CUEC.")
    justification: str = strawberry.field(description="Why it does not apply.")


@strawberry.input(description="A CUEC whose decision is undone.")
class ClearCuecCoverageInput:
    cuec_id: relay.GlobalID = strawberry.field(description="The CUEC.")


@strawberry.input(
    description="A vendor as a subservice organization of one of the tenant's systems."
)
class RecordOwnSubserviceInput:
    system_id: relay.GlobalID = strawberry.field(description="The tenant's own system.")
    vendor_id: relay.GlobalID = strawberry.field(description="The vendor.")
    method: SubserviceMethod = strawberry.field(
        description="How the tenant's own report presents it: CARVE_OUT or INCLUSIVE."
    )
    services: str = strawberry.field(default="", description="What it does for the system.")


@strawberry.input(description="What to change of a subservice organization: the fields given.")
class UpdateOwnSubserviceInput:
    id: relay.GlobalID = strawberry.field(description="The OwnSubservice.")
    method: SubserviceMethod | None = strawberry.field(
        default=strawberry.UNSET, description="Its method (cannot be cleared)."
    )
    services: str | None = strawberry.field(
        default=strawberry.UNSET, description="What it does; null clears it."
    )


@strawberry.input(description="A subservice organization to take out of the system's scope.")
class RemoveOwnSubserviceInput:
    id: relay.GlobalID = strawberry.field(description="The OwnSubservice.")


@strawberry.input(
    description="A control the tenant relies on a subservice organization to run: `text` "
    "(and `criteria`), or `fromCsocId`, a CSOC of the vendor's own report to take it from."
)
class AddReliedCsocInput:
    subservice_id: relay.GlobalID = strawberry.field(description="The OwnSubservice.")
    text: str | None = strawberry.field(default=None, description="The control, in words.")
    criteria: list[str] = strawberry.field(
        default_factory=list, description="The criteria it serves (CC6.4 ...)."
    )
    from_csoc_id: relay.GlobalID | None = strawberry.field(
        default=None, description="A CSOC of the vendor's report to take it from."
    )


@strawberry.input(description="A control no longer relied on.")
class RemoveReliedCsocInput:
    id: relay.GlobalID = strawberry.field(description="The ReliedCsoc.")


@strawberry.input(description="A reviewer's word on an exception's control domain.")
class ClassifyExceptionInput:
    exception_id: relay.GlobalID = strawberry.field(description="The exception.")
    domain: ExceptionDomain | None = strawberry.field(
        default=strawberry.UNSET,
        description="Its domain; null: back to tprm's rules (required: null must be said).",
    )
    reason: str | None = strawberry.field(default=None, description="Why.")
