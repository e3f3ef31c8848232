"""Mutation fields of the tenant's own scope and controls."""

from typing import Any
from uuid import UUID

import strawberry

from app.api.compliance.errors import ComplianceError
from app.api.compliance.inputs import (
    AddReliedCsocInput,
    ClassifyExceptionInput,
    ClearCuecCoverageInput,
    CreateControlInput,
    CreateOwnSystemInput,
    DeleteControlInput,
    DeleteOwnSystemInput,
    MapCuecInput,
    MarkCuecNotApplicableInput,
    RecordOwnSubserviceInput,
    RemoveOwnSubserviceInput,
    RemoveReliedCsocInput,
    UpdateControlInput,
    UpdateOwnSubserviceInput,
    UpdateOwnSystemInput,
)
from app.api.compliance.types import (
    Control,
    CuecCoverageItem,
    OwnSubservice,
    OwnSystem,
)
from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.exception_domains import ExceptionClassification
from app.api.inputs import given
from app.api.relay import node_uuid
from domain.compliance import coverage, exception_trends, models, scope, service
from domain.compliance.exception_domains import ExceptionDomain
from domain.compliance.models import ControlStatus
from domain.shared import reading
from domain.shared.errors import InvalidInput
from domain.soc2.models import SocCuec
from parsers.soc2.result import SubserviceMethod


@strawberry.type(description="Result of changing a control.")
class ControlPayload(Payload[ComplianceError]):
    control: Control | None = strawberry.field(default=None, description="The control.")


@strawberry.type(description="Result of removing a control.")
class DeleteControlPayload(Payload[ComplianceError]):
    deleted_control_id: strawberry.relay.GlobalID | None = strawberry.field(
        default=None, description="The ID of the control removed."
    )


@strawberry.type(description="Result of changing a system.")
class OwnSystemPayload(Payload[ComplianceError]):
    system: OwnSystem | None = strawberry.field(default=None, description="The system.")


@strawberry.type(description="Result of removing a system.")
class DeleteOwnSystemPayload(Payload[ComplianceError]):
    deleted_system_id: strawberry.relay.GlobalID | None = strawberry.field(
        default=None, description="The ID of the system removed."
    )


def _control_uuid(value: strawberry.relay.GlobalID) -> UUID:
    return node_uuid(value, "Control", "Control", "controlId")


def _system_uuid(value: strawberry.relay.GlobalID) -> UUID:
    return node_uuid(value, "OwnSystem", "System", "systemId")


def _owner(value: strawberry.relay.GlobalID | None) -> UUID | None:
    return node_uuid(value, "Member", "Member", "ownerId") if value else None


CONTROL_INVALID = (
    "(criteria.<n>) for what is not a trust services criterion, (criteria) more than 40, "
    "(ref, title) blank or too long, (description) over 10,000 characters, (lastTestedOn) "
    "in the future"
)


@strawberry.type
class ComplianceMutation:
    @mutation(
        "Record one of the tenant's own controls (REVIEWER, ADMIN).",
        errors={
            "INVALID": CONTROL_INVALID,
            "NOT_FOUND": "(ownerId) for a member that is not here",
            "CONFLICT": "(ref) for a reference another control has",
        },
    )
    async def create_control(self, info: Info, input: CreateControlInput) -> ControlPayload:
        row = await service.create_control(
            info.context.session,
            info.context.actor,
            service.NewControl(
                ref=input.ref,
                title=input.title,
                description=input.description,
                owner_id=_owner(input.owner_id),
                criteria=tuple(input.criteria),
                status=ControlStatus(input.status.value),
                last_tested_on=input.last_tested_on,
            ),
        )
        return ControlPayload(control=Control.from_row(row))

    @mutation(
        "Change what is given of a control (REVIEWER, ADMIN); `criteria` replaces them all.",
        errors={
            "INVALID": CONTROL_INVALID + ", or a field that cannot be cleared given null",
            "NOT_FOUND": "(controlId, ownerId) for what is not here",
            "CONFLICT": "(ref) for a reference another control has",
        },
    )
    async def update_control(self, info: Info, input: UpdateControlInput) -> ControlPayload:
        sent: dict[str, Any] = given(input, service.ControlChanges.model_fields)
        if "owner_id" in sent:
            sent["owner_id"] = _owner(input.owner_id)
        row = await service.update_control(
            info.context.session,
            info.context.actor,
            _control_uuid(input.control_id),
            service.ControlChanges.read(sent),
        )
        return ControlPayload(control=Control.from_row(row))

    @mutation(
        "Remove a control (REVIEWER, ADMIN); the audit trail keeps what it was.",
        errors={"NOT_FOUND": "(controlId) for a control that is not here"},
    )
    async def delete_control(self, info: Info, input: DeleteControlInput) -> DeleteControlPayload:
        removed = await service.delete_control(
            info.context.session, info.context.actor, _control_uuid(input.control_id)
        )
        return DeleteControlPayload(
            deleted_control_id=strawberry.relay.GlobalID("Control", str(removed))
        )

    @mutation(
        "Record a system the tenant's own SOC 2 report covers (REVIEWER, ADMIN).",
        errors={
            "INVALID": "(name) blank or too long, (description) too long",
            "CONFLICT": "(name) for a name another system has",
        },
    )
    async def create_own_system(self, info: Info, input: CreateOwnSystemInput) -> OwnSystemPayload:
        row = await service.create_system(
            info.context.session,
            info.context.actor,
            input.name,
            input.description,
            list(input.categories),
        )
        return OwnSystemPayload(system=OwnSystem.from_row(row))

    @mutation(
        "Change what is given of a system (REVIEWER, ADMIN).",
        errors={
            "INVALID": "(name) blank or too long, (categories) empty, or a field that cannot "
            "be cleared given null",
            "NOT_FOUND": "(systemId) for a system that is not here",
            "CONFLICT": "(name) for a name another system has",
        },
    )
    async def update_own_system(self, info: Info, input: UpdateOwnSystemInput) -> OwnSystemPayload:
        sent = given(input, service.SystemChanges.model_fields)
        row = await service.update_system(
            info.context.session,
            info.context.actor,
            _system_uuid(input.system_id),
            service.SystemChanges.read(sent),
        )
        return OwnSystemPayload(system=OwnSystem.from_row(row))

    @mutation(
        "Remove a system (REVIEWER, ADMIN).",
        errors={"NOT_FOUND": "(systemId) for a system that is not here"},
    )
    async def delete_own_system(
        self, info: Info, input: DeleteOwnSystemInput
    ) -> DeleteOwnSystemPayload:
        removed = await service.delete_system(
            info.context.session, info.context.actor, _system_uuid(input.system_id)
        )
        return DeleteOwnSystemPayload(
            deleted_system_id=strawberry.relay.GlobalID("OwnSystem", str(removed))
        )


@strawberry.type(description="Result of deciding what the tenant does about a CUEC.")
class CuecCoveragePayload(Payload[ComplianceError]):
    item: CuecCoverageItem | None = strawberry.field(
        default=None, description="The CUEC and its coverage now."
    )


def _cuec_uuid(value: strawberry.relay.GlobalID) -> UUID:
    return node_uuid(value, "Cuec", "CUEC", "cuecId")


async def _item(info: Info, cuec_id: UUID) -> CuecCoveragePayload:
    row = await reading.one(
        info.context.session, info.context.actor.tenant_id, SocCuec, cuec_id, entity="CUEC"
    )
    held = await coverage.held_by_cuec(
        info.context.session, info.context.actor.tenant_id, [cuec_id]
    )
    return CuecCoveragePayload(item=CuecCoverageItem.of(row, held.get(cuec_id)))


@strawberry.type
class CuecCoverageMutation:
    @mutation(
        "Say which of the tenant's controls run a CUEC (REVIEWER, ADMIN): it is MAPPED.",
        errors={
            "NOT_FOUND": "(cuecId, controlIds.<n>) for what is not here",
            "INVALID": "(controlIds) empty or more than 20",
        },
    )
    async def map_cuec_to_controls(self, info: Info, input: MapCuecInput) -> CuecCoveragePayload:
        cuec_id = _cuec_uuid(input.cuec_id)
        await coverage.map_to_controls(
            info.context.session,
            info.context.actor,
            cuec_id,
            [_control_uuid(c) for c in input.control_ids],
        )
        return await _item(info, cuec_id)

    @mutation(
        "Hold a CUEC not applicable to how the tenant uses the vendor, saying why (REVIEWER, "
        "ADMIN).",
        errors={
            "NOT_FOUND": "(cuecId) for a CUEC that is not here",
            "INVALID": "(justification) blank or over 2,000 characters",
        },
    )
    async def mark_cuec_not_applicable(
        self, info: Info, input: MarkCuecNotApplicableInput
    ) -> CuecCoveragePayload:
        cuec_id = _cuec_uuid(input.cuec_id)
        await coverage.mark_not_applicable(
            info.context.session, info.context.actor, cuec_id, input.justification
        )
        return await _item(info, cuec_id)

    @mutation(
        "Undo what was decided about a CUEC (REVIEWER, ADMIN): it is a GAP again.",
        errors={"NOT_FOUND": "(cuecId) for a CUEC that is not here"},
    )
    async def clear_cuec_coverage(
        self, info: Info, input: ClearCuecCoverageInput
    ) -> CuecCoveragePayload:
        cuec_id = await coverage.clear(
            info.context.session, info.context.actor, _cuec_uuid(input.cuec_id)
        )
        return await _item(info, cuec_id)


@strawberry.type(description="Result of changing a subservice organization of a system.")
class OwnSubservicePayload(Payload[ComplianceError]):
    subservice: OwnSubservice | None = strawberry.field(default=None, description="It.")


@strawberry.type(description="Result of taking a subservice organization out of scope.")
class RemoveOwnSubservicePayload(Payload[ComplianceError]):
    system: OwnSystem | None = strawberry.field(default=None, description="Its system now.")


@strawberry.type(description="Result of changing what a subservice organization is relied on for.")
class ReliedCsocPayload(Payload[ComplianceError]):
    subservice: OwnSubservice | None = strawberry.field(
        default=None, description="The subservice organization now."
    )


def _subservice_uuid(value: strawberry.relay.GlobalID, field: str = "id") -> UUID:
    return node_uuid(value, "OwnSubservice", "Subservice organization", field)


@strawberry.type
class OwnScopeMutation:
    @mutation(
        "Record a vendor as a subservice organization of one of the tenant's own systems "
        "(REVIEWER, ADMIN), for the system description of the tenant's own SOC 2 report.",
        errors={
            "NOT_FOUND": "(systemId, vendorId) for what is not here",
            "CONFLICT": "(vendorId) when it is one of the system's already",
            "INVALID": "(services) over 2,000 characters",
        },
    )
    async def record_own_subservice(
        self, info: Info, input: RecordOwnSubserviceInput
    ) -> OwnSubservicePayload:
        row = await scope.record(
            info.context.session,
            info.context.actor,
            _system_uuid(input.system_id),
            node_uuid(input.vendor_id, "Vendor", "Vendor", "vendorId"),
            SubserviceMethod(input.method.value),
            input.services,
        )
        return OwnSubservicePayload(subservice=OwnSubservice.from_row(row))

    @mutation(
        "Change a subservice organization's method or services (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(id) for one that is not here",
            "INVALID": "(services) over 2,000 characters",
        },
    )
    async def update_own_subservice(
        self, info: Info, input: UpdateOwnSubserviceInput
    ) -> OwnSubservicePayload:
        if input.method is None:
            raise InvalidInput("method cannot be cleared.", "method")
        row = await scope.update(
            info.context.session,
            info.context.actor,
            _subservice_uuid(input.id),
            None if input.method is strawberry.UNSET else SubserviceMethod(input.method.value),
            None if input.services is strawberry.UNSET else (input.services or ""),
        )
        return OwnSubservicePayload(subservice=OwnSubservice.from_row(row))

    @mutation(
        "Take a subservice organization out of the system's scope (REVIEWER, ADMIN).",
        errors={"NOT_FOUND": "(id) for one that is not here"},
    )
    async def remove_own_subservice(
        self, info: Info, input: RemoveOwnSubserviceInput
    ) -> RemoveOwnSubservicePayload:
        system_id = await scope.remove(
            info.context.session, info.context.actor, _subservice_uuid(input.id)
        )
        system = await service.get_system(info.context.session, info.context.actor, system_id)
        return RemoveOwnSubservicePayload(system=OwnSystem.from_row(system))

    @mutation(
        "Record a control the tenant relies on a subservice organization to run (REVIEWER, "
        "ADMIN): written, or taken from a CSOC of the vendor's own report.",
        errors={
            "NOT_FOUND": "(subserviceId, fromCsocId) for what is not here",
            "INVALID": "(text) blank or too long, (criteria.<n>) not a criterion, "
            "(fromCsocId) a CSOC of another vendor's report, or 200 recorded already",
        },
    )
    async def add_relied_csoc(self, info: Info, input: AddReliedCsocInput) -> ReliedCsocPayload:
        subservice_id = _subservice_uuid(input.subservice_id, "subserviceId")
        await scope.rely_on(
            info.context.session,
            info.context.actor,
            subservice_id,
            input.text,
            input.criteria,
            node_uuid(input.from_csoc_id, "Csoc", "CSOC", "fromCsocId")
            if input.from_csoc_id
            else None,
        )
        row = await reading.one(
            info.context.session,
            info.context.actor.tenant_id,
            models.OwnSubservice,
            subservice_id,
            entity="Subservice organization",
        )
        return ReliedCsocPayload(subservice=OwnSubservice.from_row(row))

    @mutation(
        "Stop relying on a control of a subservice organization (REVIEWER, ADMIN).",
        errors={"NOT_FOUND": "(id) for one that is not here"},
    )
    async def remove_relied_csoc(
        self, info: Info, input: RemoveReliedCsocInput
    ) -> ReliedCsocPayload:
        subservice_id = await scope.stop_relying(
            info.context.session,
            info.context.actor,
            node_uuid(input.id, "ReliedCsoc", "CSOC relied on", "id"),
        )
        row = await reading.one(
            info.context.session,
            info.context.actor.tenant_id,
            models.OwnSubservice,
            subservice_id,
            entity="Subservice organization",
        )
        return ReliedCsocPayload(subservice=OwnSubservice.from_row(row))


@strawberry.type(description="Result of a reviewer's word on an exception's domain.")
class ClassifyExceptionPayload(Payload[ComplianceError]):
    classification: ExceptionClassification | None = strawberry.field(
        default=None, description="The exception's domain now."
    )


@strawberry.type
class ExceptionDomainMutation:
    @mutation(
        "Say which control domain an exception of a vendor's report belongs to, over tprm's "
        "rules; null puts it back to the rules (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(exceptionId) for an exception that is not here",
            "INVALID": "(domain) not given, (reason) over 2,000 characters",
        },
    )
    async def classify_exception(
        self, info: Info, input: ClassifyExceptionInput
    ) -> ClassifyExceptionPayload:
        if input.domain is strawberry.UNSET:
            raise InvalidInput("Give the domain, or null to go back to tprm's rules.", "domain")
        exception = await exception_trends.set_domain(
            info.context.session,
            info.context.actor,
            node_uuid(input.exception_id, "SocException", "Exception", "exceptionId"),
            ExceptionDomain(input.domain.value) if input.domain else None,
            input.reason,
        )
        decided = await exception_trends.classifications(
            info.context.session, info.context.actor.tenant_id, [exception.id]
        )
        classification, by_reviewer = decided[exception.id]
        return ClassifyExceptionPayload(
            classification=ExceptionClassification.of(classification, by_reviewer)
        )
