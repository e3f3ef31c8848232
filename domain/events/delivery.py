"""Posting one delivery to its endpoint, signed the Standard Webhooks way
(https://www.standardwebhooks.com), and recording the answer.

The request carries three headers: `webhook-id` (the event's GraphQL ID, the same on every
retry, for the receiver to drop duplicates), `webhook-timestamp` (Unix seconds, for the
receiver to refuse old replays) and `webhook-signature`: `v1,` and the base64 HMAC-SHA256,
keyed by the endpoint's secret, of `<webhook-id>.<webhook-timestamp>.<body>`.

No transaction is held while the receiver answers: the delivery is taken in one, posted,
and its answer recorded in another. An attempt has one deadline for everything (resolving
the name, connecting, sending, the answer). A receiver answering anything but 2xx, or not
in time, is tried again later with backoff, until its round of attempts is spent and the
delivery is FAILED. A tenant has only so many deliveries in flight at once: one with many
slow receivers waits for its own, never takes every worker from the others.
"""

import asyncio
import base64
import hashlib
import hmac
import json
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID

import httpx
from sqlalchemy import func, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.events import addresses
from domain.events.models import (
    DeliveryStatus,
    EventType,
    OutboxEvent,
    WebhookDelivery,
    WebhookEndpoint,
)
from domain.events.outbox import global_id
from domain.events.webhooks import secret_key
from domain.shared import reading
from domain.shared.errors import InvalidInput
from domain.shared.jobs import Transaction

# What an event's data becomes when it is posted to an endpoint (None: as stored).
Completion = Callable[[AsyncSession, OutboxEvent, WebhookEndpoint], Awaitable[dict[str, Any]]]

ANSWER_EXCERPT = 500  # bytes of a failing receiver's answer kept in the log
USER_AGENT = "tprm-webhooks/1"


@dataclass(frozen=True)
class Policy:
    """How deliveries are tried, from the settings."""

    max_attempts: int  # per round: queued first, or again on request
    first_retry: timedelta  # doubled after each failed attempt, up to an hour
    deadline_seconds: float  # for a whole attempt
    tenant_in_flight: int  # a tenant's deliveries being posted at once, at most
    allow_local: bool  # development and tests: http and local addresses too
    # What an event's data becomes when it is sent: what must not be stored is added here
    # (a questionnaire's respondent link, made from the link's id). None: sent as stored.
    complete: Completion | None = None

    def retry_after(self, round_attempts: int) -> timedelta:
        return min(self.first_retry * 2 ** max(round_attempts - 1, 0), timedelta(hours=1))


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


def body(event: OutboxEvent, data: dict[str, Any] | None = None) -> bytes:
    """What is posted: the event as JSON, its data as `policy.complete` made it for the
    attempt (a respondent link revoked meanwhile is left out of a retry)."""
    envelope = {
        "id": message_id(event),
        "type": event.type,
        "occurredAt": event.occurred_at.isoformat(),
        "data": event.data if data is None else data,
    }
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()


def message_id(event: OutboxEvent) -> str:
    """The event's GraphQL ID (a `WebhookEvent`): `webhook-id` and the body's `id`."""
    return global_id("WebhookEvent", event.id)


def signature(secret: str, message_id: str, timestamp: int, content: bytes) -> str:
    """`webhook-signature`'s value for one request."""
    signed = f"{message_id}.{timestamp}.".encode() + content
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(outgoing: Outgoing, timestamp: int) -> dict[str, str]:
    """A request's headers, signed at `timestamp`."""
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": outgoing.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            outgoing.secret, outgoing.message_id, timestamp, outgoing.body
        ),
    }


class Busy:
    """The tenant has its fill of deliveries in flight: this one waits its turn."""


BUSY = Busy()


async def take(
    session: AsyncSession, tenant_id: UUID, delivery_id: UUID, policy: Policy
) -> Outgoing | Busy | None:
    """The request to make for a pending delivery, marked as being sent; BUSY when the tenant
    has its fill in flight; None when there is nothing to send (sent already, removed with
    its endpoint, or its endpoint disabled: then FAILED, saying so). A test goes to its
    endpoint enabled or not."""
    delivery = await reading.find(session, tenant_id, WebhookDelivery, delivery_id, True)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    now = datetime.now(UTC)
    # One that was being sent longer than two deadlines ago lost its worker: not in flight.
    since = now - timedelta(seconds=2 * policy.deadline_seconds)
    if delivery.sending_since is not None and delivery.sending_since > since:
        return BUSY  # another job is posting this very delivery
    # The tenant's takes queue here, so counting and marking are one step for each.
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended('webhooks:' || :tenant, 0))"),
        {"tenant": str(tenant_id)},
    )
    in_flight = await session.scalar(
        select(func.count()).where(
            col(WebhookDelivery.tenant_id) == tenant_id,
            col(WebhookDelivery.sending_since) > since,
        )
    )
    if (in_flight or 0) >= policy.tenant_in_flight:
        return BUSY
    endpoint = await reading.find(session, tenant_id, WebhookEndpoint, delivery.endpoint_id)
    event = await reading.find(session, tenant_id, OutboxEvent, delivery.event_id)
    assert endpoint is not None and event is not None  # both cascade to their deliveries
    if not endpoint.enabled and event.type != EventType.WEBHOOK_TEST:
        delivery.status, delivery.sending_since = DeliveryStatus.FAILED.value, None
        delivery.last_error = "The endpoint was disabled before the delivery was sent."
        return None
    delivery.sending_since = now
    complete = policy.complete
    data = await complete(session, event, endpoint) if complete is not None else None
    return Outgoing(
        delivery.id, endpoint.url, endpoint.secret, message_id(event), body(event, data)
    )


def _said(error: Exception) -> str:
    """A network failure in words, without the details of what lies behind the endpoint."""
    if isinstance(error, httpx.TimeoutException):
        return "No answer in time."
    if isinstance(error, httpx.ConnectError):
        return "Could not connect to the endpoint (refused, unreachable, or its TLS failed)."
    if isinstance(error, httpx.RemoteProtocolError):
        return "The endpoint did not answer with valid HTTP."
    return f"The request failed ({type(error).__name__})."


async def _send(client: httpx.AsyncClient, outgoing: Outgoing, allow_local: bool) -> Answer:
    url, extensions = outgoing.url, {}
    request_headers = headers(outgoing, int(time.time()))
    if not allow_local:
        try:  # stored when local endpoints were allowed, perhaps: checked again
            addresses.check_url(outgoing.url, allow_local=False)
        except InvalidInput as refused:
            raise addresses.Refused(f"Refused: {refused.message}") from None
        # connect to the address just checked; TLS still verifies the name
        parts = urlsplit(outgoing.url)
        host = parts.hostname or ""
        address = await addresses.resolve_public(host, parts.port or 443)
        pinned = f"[{address}]" if ":" in address else address
        netloc = f"{pinned}:{parts.port}" if parts.port else pinned
        url = urlunsplit(parts._replace(netloc=netloc))
        request_headers["host"] = parts.netloc
        extensions = {"sni_hostname": host}
    async with client.stream(
        "POST", url, content=outgoing.body, headers=request_headers, extensions=extensions
    ) as response:
        if 200 <= response.status_code < 300:
            return Answer(response.status_code, None)
        excerpt = b""
        async for chunk in response.aiter_raw():  # as sent: never decompressed
            excerpt += chunk
            if len(excerpt) >= ANSWER_EXCERPT:
                break
        said = excerpt[:ANSWER_EXCERPT].decode("utf-8", "replace").strip()
        return Answer(response.status_code, said or f"HTTP {response.status_code}")


async def post(client: httpx.AsyncClient, outgoing: Outgoing, policy: Policy) -> Answer:
    """One attempt, whole within the policy's deadline; never raises for what the network
    or the receiver did."""
    try:
        async with asyncio.timeout(policy.deadline_seconds):
            return await _send(client, outgoing, policy.allow_local)
    except addresses.Refused as refused:
        return Answer(None, str(refused))
    except TimeoutError:
        return Answer(None, "No answer in time.")
    except Exception as error:  # an httpx error, or an URL it could not use
        return Answer(None, _said(error))


async def record(
    session: AsyncSession, tenant_id: UUID, delivery_id: UUID, answer: Answer, policy: Policy
) -> WebhookDelivery | None:
    """Log an attempt: SUCCEEDED on 2xx, FAILED when the round's attempts are spent, else
    still PENDING."""
    delivery = await reading.find(session, tenant_id, WebhookDelivery, delivery_id, True)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None  # its endpoint removed meanwhile, or settled by another job
    now = datetime.now(UTC)
    delivery.attempts += 1
    delivery.round_attempts += 1
    delivery.sending_since = None
    delivery.last_attempt_at = now
    delivery.last_response_code = answer.status_code
    delivery.last_error = answer.error
    if answer.succeeded:
        delivery.status, delivery.succeeded_at = DeliveryStatus.SUCCEEDED.value, now
    elif delivery.round_attempts >= policy.max_attempts:
        delivery.status = DeliveryStatus.FAILED.value
    return delivery


async def give_up(session: AsyncSession, tenant_id: UUID, delivery_id: UUID, why: str) -> None:
    """FAILED, saying why: what the worker does when delivering itself keeps failing."""
    delivery = await reading.find(session, tenant_id, WebhookDelivery, delivery_id, True)
    if delivery is not None and delivery.status == DeliveryStatus.PENDING:
        delivery.status, delivery.last_error = DeliveryStatus.FAILED.value, why
        delivery.sending_since = None


async def deliver(
    transaction: Transaction,
    client: httpx.AsyncClient,
    tenant_id: UUID,
    delivery_id: UUID,
    policy: Policy,
) -> timedelta | None:
    """One attempt at a delivery: how long until it is tried again, None if it is not."""
    async with transaction(tenant_id) as session:
        taken = await take(session, tenant_id, delivery_id, policy)
    if taken is None:
        return None
    if isinstance(taken, Busy):
        # about when one in flight ends, spread so the waiting do not all come back at once
        return timedelta(seconds=policy.deadline_seconds * (0.5 + random.random()))  # noqa: S311
    answer = await post(client, taken, policy)
    async with transaction(tenant_id) as session:
        delivery = await record(session, tenant_id, delivery_id, answer, policy)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    return policy.retry_after(delivery.round_attempts)
