"""The respondent link an event about a questionnaire carries, made when the event is
delivered: the outbox holds only the link's id (domain.questionnaires.links says why)."""

import logging
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from domain.events.delivery import Completion
from domain.events.models import OutboxEvent, WebhookEndpoint
from domain.questionnaires import links
from domain.questionnaires.models import RespondentLink
from domain.questionnaires.sending import RESPONDENT_LINK
from domain.shared import reading

logger = logging.getLogger("tprm.questionnaires")


def respondent_url(settings: Settings, token: str) -> str:
    return f"{settings.respondent_link_base}#{token}"


def completion(settings: Settings) -> Completion:
    """What the worker's deliveries do to an event's data: a respondent link's id becomes
    `respondentUrl` and `respondentLinkExpiresAt`, for an endpoint that lists the event's
    type by name (the tenant's mailer); one that takes every event (a log, a chat) gets
    null, as does any endpoint once the link no longer works (a newer event carries the new
    one)."""

    async def complete(
        session: AsyncSession, event: OutboxEvent, endpoint: WebhookEndpoint
    ) -> dict[str, Any]:
        named = event.data.get(RESPONDENT_LINK)
        if not isinstance(named, str):
            return event.data
        data = {k: v for k, v in event.data.items() if k != RESPONDENT_LINK}
        url, expires = None, None
        link = await reading.find(session, event.tenant_id, RespondentLink, UUID(named))
        live = link is not None and link.revoked_at is None
        if live and link is not None and link.expires_at > datetime.now(UTC):
            if event.type in endpoint.event_types:
                token = links.token_for(
                    await links.key_of(session, settings.respondent_link_key), link.id
                )
                if links.digest(token) == link.token_hash:
                    url, expires = respondent_url(settings, token), link.expires_at.isoformat()
                else:  # made with another key than the link's: the key changed since
                    logger.warning(
                        "respondent link %s was made with another key than this process's "
                        "TPRM_RESPONDENT_LINK_KEY: its event goes without it",
                        link.id,
                    )
        return {**data, "respondentUrl": url, "respondentLinkExpiresAt": expires}

    return complete
