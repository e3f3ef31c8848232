"""The respondent link an event about a questionnaire carries, made when the event is
delivered: the outbox holds only the link's id (domain.questionnaires.links says why)."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from domain.events.delivery import Completion
from domain.events.models import OutboxEvent
from domain.questionnaires import links
from domain.questionnaires.models import RespondentLink
from domain.questionnaires.sending import RESPONDENT_LINK
from domain.shared import reading


def respondent_url(settings: Settings, token: str) -> str:
    return f"{settings.respondent_link_base}#{token}"


def completion(settings: Settings) -> Completion:
    """What the worker's deliveries do to an event's data: a respondent link's id becomes
    `respondentUrl` (null when the link no longer works: a newer event carries the new one)
    and `respondentLinkExpiresAt`."""

    async def complete(session: AsyncSession, event: OutboxEvent) -> dict[str, Any]:
        named = event.data.get(RESPONDENT_LINK)
        if not isinstance(named, str):
            return event.data
        data = {k: v for k, v in event.data.items() if k != RESPONDENT_LINK}
        link = await reading.find(session, event.tenant_id, RespondentLink, UUID(named))
        url, expires = None, None
        if link is not None and link.revoked_at is None and link.expires_at > datetime.now(UTC):
            token = links.token_for(
                await links.key_of(session, settings.respondent_link_key), link.id
            )
            # made with another key than the link's (the key was changed since): no link
            if links.digest(token) == link.token_hash:
                url, expires = respondent_url(settings, token), link.expires_at.isoformat()
        return {**data, "respondentUrl": url, "respondentLinkExpiresAt": expires}

    return complete
