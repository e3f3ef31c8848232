"""Posting one delivery to its endpoint, signed the Standard Webhooks way
(https://www.standardwebhooks.com), and recording the answer.

The request carries three headers: `webhook-id` (the event's id, the same on every retry,
for the receiver to drop duplicates), `webhook-timestamp` (Unix seconds, for the receiver
to refuse old replays) and `webhook-signature`: `v1,` and the base64 HMAC-SHA256, keyed by
the endpoint's secret, of `<webhook-id>.<webhook-timestamp>.<body>`.

No transaction is held while the receiver answers: the delivery is read in one, posted,
and its answer recorded in another. A receiver answering anything but 2xx, or not in time,
is tried again by the queue with backoff, until the last attempt marks it FAILED.
"""

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit
from uuid import UUID

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from domain.events.models import DeliveryStatus, OutboxEvent, WebhookDelivery, WebhookEndpoint
from domain.events.webhooks import is_local_host, secret_key
from domain.shared import reading
from domain.shared.jobs import Transaction

ANSWER_EXCERPT = 500  # characters of a failing receiver's answer kept in the log
USER_AGENT = "tprm-webhooks/1"


@dataclass(frozen=True)
class Outgoing:
    delivery_id: UUID
    url: str
    secret: str
    message_id: str
    body: bytes


@dataclass(frozen=True)
class Answer:
    status_code: int | None  # None: no answer at all (refused, timed out, unreachable)
    error: str | None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def body(event: OutboxEvent) -> bytes:
    """What is posted: the event as JSON, the same bytes on every attempt."""
    envelope = {
        "id": str(event.id),
        "type": event.type,
        "occurredAt": event.occurred_at.isoformat(),
        "data": event.data,
    }
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret: str, message_id: str, timestamp: int, content: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + content
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(outgoing: Outgoing, timestamp: int) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": outgoing.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            outgoing.secret, outgoing.message_id, timestamp, outgoing.body
        ),
    }


async def take(session: AsyncSession, tenant_id: UUID, delivery_id: UUID) -> Outgoing | None:
    """The request to make for a pending delivery; None when there is nothing to send (sent
    already, removed with its endpoint, or the endpoint is disabled: then FAILED, saying so)."""
    delivery = await reading.find(session, tenant_id, WebhookDelivery, delivery_id, True)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    endpoint = await reading.find(session, tenant_id, WebhookEndpoint, delivery.endpoint_id)
    event = await reading.find(session, tenant_id, OutboxEvent, delivery.event_id)
    assert endpoint is not None and event is not None  # both cascade to their deliveries
    if not endpoint.enabled:
        delivery.status = DeliveryStatus.FAILED.value
        delivery.last_error = "The endpoint was disabled before the delivery was sent."
        return None
    return Outgoing(delivery.id, endpoint.url, endpoint.secret, str(event.id), body(event))


async def _refused_address(url: str) -> str | None:
    """Why tprm will not post to `url`: a name that resolves inside its own network."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if is_local_host(host):
        return f"Refused: {host} is not a public address."
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, parts.port or 443)
    except OSError as error:
        return f"Could not resolve {host}: {error}."
    for *_, address in found:
        if not ipaddress.ip_address(address[0]).is_global:
            return f"Refused: {host} resolves to a non-public address."
    return None


async def post(client: httpx.AsyncClient, outgoing: Outgoing, allow_local: bool) -> Answer:
    """One attempt; the receiver's answer is read no further than its excerpt."""
    if not allow_local and (refused := await _refused_address(outgoing.url)):
        return Answer(None, refused)
    try:
        async with client.stream(
            "POST",
            outgoing.url,
            content=outgoing.body,
            headers=headers(outgoing, int(time.time())),
        ) as response:
            if 200 <= response.status_code < 300:
                return Answer(response.status_code, None)
            excerpt = b""
            async for chunk in response.aiter_bytes():
                excerpt += chunk
                if len(excerpt) >= ANSWER_EXCERPT:
                    break
            said = excerpt[:ANSWER_EXCERPT].decode("utf-8", "replace").strip()
            return Answer(response.status_code, said or f"HTTP {response.status_code}")
    except httpx.HTTPError as error:
        return Answer(None, f"{type(error).__name__}: {error}"[:ANSWER_EXCERPT])


async def record(
    session: AsyncSession, tenant_id: UUID, delivery_id: UUID, answer: Answer, last: bool
) -> None:
    """Log an attempt: SUCCEEDED on 2xx, FAILED when it was the last, else still PENDING."""
    delivery = await reading.find(session, tenant_id, WebhookDelivery, delivery_id, True)
    if delivery is None:  # its endpoint was removed meanwhile
        return
    now = datetime.now(UTC)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_response_code = answer.status_code
    delivery.last_error = answer.error
    if answer.succeeded:
        delivery.status, delivery.succeeded_at = DeliveryStatus.SUCCEEDED.value, now
    elif last:
        delivery.status = DeliveryStatus.FAILED.value


class DeliveryFailed(Exception):
    """The receiver did not take it this time; the queue tries again later."""


async def deliver(
    transaction: Transaction,
    client: httpx.AsyncClient,
    tenant_id: UUID,
    delivery_id: UUID,
    last: bool,
    allow_local: bool,
) -> None:
    """One attempt at a delivery; raises DeliveryFailed for the queue to retry, unless
    `last` (then the delivery is FAILED)."""
    async with transaction(tenant_id) as session:
        outgoing = await take(session, tenant_id, delivery_id)
    if outgoing is None:
        return
    answer = await post(client, outgoing, allow_local)
    async with transaction(tenant_id) as session:
        await record(session, tenant_id, delivery_id, answer, last)
    if not answer.succeeded and not last:
        raise DeliveryFailed(answer.error or f"HTTP {answer.status_code}")
