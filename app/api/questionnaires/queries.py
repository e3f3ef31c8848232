"""Query fields of questionnaires."""

from typing import Annotated

import strawberry
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.enums import QuestionnaireStatus
from app.api.questionnaires.sent_types import Questionnaire
from app.api.questionnaires.types import QuestionnaireTemplate
from app.api.relay import Connection, node_uuid, page_request
from domain.questionnaires import sent, templates


@strawberry.type
class QuestionnaireQuery:
    @strawberry.field(description="One template version; null if it is not there (or not yours).")
    async def questionnaire_template(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> QuestionnaireTemplate | None:
        return await QuestionnaireTemplate.by_global_id(info, id)

    @strawberry.field(
        description="The tenant's questionnaire templates by name: the current version of "
        "each, or with `everyVersion` all of them."
    )
    async def questionnaire_templates(
        self,
        info: Info,
        every_version: bool = False,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[QuestionnaireTemplate]:
        order = f"questionnaire-templates:{int(every_version)}"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await templates.list_templates(
            info.context.session, info.context.actor, request, every_version
        )
        return Connection[QuestionnaireTemplate].from_page(
            page, QuestionnaireTemplate.from_row, order
        )

    @strawberry.field(description="One sent questionnaire; null if it is not there (or not yours).")
    async def questionnaire(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> Questionnaire | None:
        return await Questionnaire.by_global_id(info, id)

    @strawberry.field(
        description="The tenant's sent questionnaires, the most recently sent first; of one "
        "vendor, or in some statuses, when asked."
    )
    async def questionnaires(
        self,
        info: Info,
        vendor_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this vendor's.")
        ] = None,
        status: Annotated[
            list[QuestionnaireStatus] | None,
            strawberry.argument(description="Only in these statuses."),
        ] = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Questionnaire]:
        filter = sent.QuestionnaireFilter(
            vendor_id=node_uuid(vendor_id, "Vendor", "Vendor", "vendorId") if vendor_id else None,
            statuses=tuple(status or ()),
        )
        order = "questionnaires"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        return await json_pages.list_page(  # type: ignore[no-any-return]
            info,
            order,
            lambda shape: sent.list_questionnaires(
                info.context.session, info.context.actor, filter, request, shape=shape
            ),
            lambda page: Connection[Questionnaire].from_page(page, Questionnaire.from_row, order),
        )
