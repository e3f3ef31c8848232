"""Mutation fields of the risk register."""

from typing import Any
from uuid import UUID

import strawberry

from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.inputs import given
from app.api.relay import node_uuid
from app.api.risks.errors import RiskError
from app.api.risks.inputs import (
    AcceptRiskInput,
    CreateRiskFromFindingInput,
    CreateRiskInput,
    RiskFindingInput,
    UpdateRiskInput,
)
from app.api.risks.types import Risk
from domain.risks import service
from domain.risks.models import RiskCategory, RiskStatus, RiskTreatment
from domain.risks.scoring import Rating


@strawberry.type(description="Result of changing a risk.")
class RiskPayload(Payload[RiskError]):
    risk: Risk | None = strawberry.field(default=None, description="The risk.")


def _uuid(value: strawberry.relay.GlobalID | None, type_name: str, field: str) -> UUID | None:
    return node_uuid(value, type_name, type_name, field) if value else None


def _uuids(values: list[strawberry.relay.GlobalID], type_name: str, field: str) -> tuple[UUID, ...]:
    return tuple(node_uuid(v, type_name, type_name, f"{field}.{i}") for i, v in enumerate(values))


def _risk_uuid(value: strawberry.relay.GlobalID) -> UUID:
    return node_uuid(value, "Risk", "Risk", "riskId")


RISK_INVALID = (
    "(title) blank or too long, (description) over 10,000 characters, (inherentLikelihood, "
    "inherentImpact, residualLikelihood, residualImpact) outside 1 to 5 or a residual rating "
    "half given, (treatment) ACCEPT (see acceptRisk), (reviewOn) in the past, (controlIds, "
    "findingIds) more than 100"
)


@strawberry.type
class RiskMutation:
    @mutation(
        "Write a risk into the register (REVIEWER, ADMIN).",
        errors={
            "INVALID": RISK_INVALID + ", (status) CLOSED",
            "NOT_FOUND": "(ownerId, vendorId, controlIds.<n>, findingIds.<n>) for what is not here",
        },
    )
    async def create_risk(self, info: Info, input: CreateRiskInput) -> RiskPayload:
        row = await service.create_risk(
            info.context.session,
            info.context.actor,
            service.NewRisk(
                title=input.title,
                description=input.description,
                category=RiskCategory(input.category.value),
                inherent=Rating(input.inherent_likelihood, input.inherent_impact),
                residual_likelihood=input.residual_likelihood,
                residual_impact=input.residual_impact,
                treatment=RiskTreatment(input.treatment.value) if input.treatment else None,
                owner_id=_uuid(input.owner_id, "Member", "ownerId"),
                vendor_id=_uuid(input.vendor_id, "Vendor", "vendorId"),
                review_on=input.review_on,
                status=RiskStatus(input.status.value),
                control_ids=_uuids(input.control_ids, "Control", "controlIds"),
                finding_ids=_uuids(input.finding_ids, "Finding", "findingIds"),
            ),
        )
        return RiskPayload(risk=Risk.from_row(row))

    @mutation(
        "Make a risk of a vendor finding (REVIEWER, ADMIN): about its vendor, owned by its "
        "owner, rated by its severity (CRITICAL 4x5, HIGH 4x4, MEDIUM 3x3, LOW 2x2), linked "
        "to it, OPEN.",
        errors={"NOT_FOUND": "(findingId) for a finding that is not here"},
    )
    async def create_risk_from_finding(
        self, info: Info, input: CreateRiskFromFindingInput
    ) -> RiskPayload:
        finding_id = node_uuid(input.finding_id, "Finding", "Finding", "findingId")
        row = await service.create_from_finding(
            info.context.session, info.context.actor, finding_id
        )
        return RiskPayload(risk=Risk.from_row(row))

    @mutation(
        "Change what is given of a risk (REVIEWER, ADMIN); `controlIds` replaces them all.",
        errors={
            "INVALID": RISK_INVALID + ", or a field that cannot be cleared given null",
            "NOT_FOUND": "(riskId, ownerId, vendorId, controlIds.<n>) for what is not here",
            "INVALID_TRANSITION": "(status) for a move its status does not allow",
            "SELF_APPROVAL": "(ownerId) for the member who approved its acceptance",
        },
    )
    async def update_risk(self, info: Info, input: UpdateRiskInput) -> RiskPayload:
        sent: dict[str, Any] = given(input, service.RiskChanges.model_fields)
        if "owner_id" in sent:
            sent["owner_id"] = _uuid(input.owner_id, "Member", "ownerId")
        if "vendor_id" in sent:
            sent["vendor_id"] = _uuid(input.vendor_id, "Vendor", "vendorId")
        if sent.get("control_ids") is not None:
            sent["control_ids"] = list(_uuids(sent["control_ids"], "Control", "controlIds"))
        for name, kind in (
            ("category", RiskCategory),
            ("treatment", RiskTreatment),
            ("status", RiskStatus),
        ):
            if sent.get(name) is not None:
                sent[name] = kind(sent[name].value)
        row = await service.update_risk(
            info.context.session,
            info.context.actor,
            _risk_uuid(input.risk_id),
            service.RiskChanges.read(sent),
        )
        return RiskPayload(risk=Risk.from_row(row))

    @mutation(
        "Accept an OPEN risk as it stands (REVIEWER, ADMIN, with a token of your own): you "
        "approve it, and must not be its owner.",
        errors={
            "NOT_FOUND": "(riskId) for a risk that is not here",
            "INVALID": "(riskId) for a risk with no owner, (justification) blank or too "
            "long, (expiresOn) not after today or beyond riskAcceptanceMaxMonths",
            "CONFLICT": "(riskId) for a risk that is not OPEN",
            "SELF_APPROVAL": "(riskId) when you own the risk",
        },
    )
    async def accept_risk(self, info: Info, input: AcceptRiskInput) -> RiskPayload:
        row = await service.accept_risk(
            info.context.session,
            info.context.actor,
            _risk_uuid(input.risk_id),
            input.justification,
            input.expires_on,
        )
        return RiskPayload(risk=Risk.from_row(row))

    @mutation(
        "Attach a vendor finding to a risk (REVIEWER, ADMIN); attaching it again changes nothing.",
        errors={"NOT_FOUND": "(riskId, findingId) for what is not here"},
    )
    async def link_risk_finding(self, info: Info, input: RiskFindingInput) -> RiskPayload:
        row = await service.link_finding(
            info.context.session,
            info.context.actor,
            _risk_uuid(input.risk_id),
            node_uuid(input.finding_id, "Finding", "Finding", "findingId"),
        )
        return RiskPayload(risk=Risk.from_row(row))

    @mutation(
        "Detach a vendor finding from a risk (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(riskId, findingId) for a risk, or a finding linked to it, "
            "that is not here"
        },
    )
    async def unlink_risk_finding(self, info: Info, input: RiskFindingInput) -> RiskPayload:
        row = await service.unlink_finding(
            info.context.session,
            info.context.actor,
            _risk_uuid(input.risk_id),
            node_uuid(input.finding_id, "Finding", "Finding", "findingId"),
        )
        return RiskPayload(risk=Risk.from_row(row))
