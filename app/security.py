"""The security log, and the brake on guessing tokens.

Failed authentications and refused attempts are written to the `tprm.security` logger (one
line each, with the request id, the client address and, for a refusal, who tried what), so an
operator can see probing. A client address that fails to authenticate
`TPRM_AUTH_FAILURES_PER_MINUTE` times within a minute is answered 429 for a minute from its
last failure.

The failures are counted in PostgreSQL (`tprm_authentication_failed`, migration 0043), so the
limit holds across every API process (`tprm serve --workers N`, several servers behind a load
balancer), not per process. A process remembers the clients it has seen go over the limit and
answers them 429 at once, with no database round trip, until their minute is up. Another
process learns it at the client's next failure there, which is refused (429) and not counted.
So with N processes, a client checks at most N - 1 credentials more than the limit before
every process refuses it for that minute. (A valid token sent from such an address to a
process that has not heard of it yet is served: tokens are 256 random bits, and the brake is
there to keep guessers off the database and in the log, not to make a guess less likely.)
"""

import ipaddress
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from enum import StrEnum

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared.actor import Actor

logger = logging.getLogger("tprm.security")

MAX_CLIENTS = 100_000  # refused addresses a process remembers at once; the oldest go first

FAILED = text(
    "SELECT counted, failures, refused_seconds "
    "FROM tprm_authentication_failed(:scope, :client, :per_minute)"
)


class Brake(StrEnum):
    """Whose failures are counted together: members' tokens (/graphql and the HTTP routes),
    or respondents' links (/respond/graphql, which any web page may call)."""

    MEMBERS = "members"
    RESPONDENTS = "respondents"


def client_key(address: str) -> str:
    """What the brake counts by: an IPv4 address, or an IPv6 address's /64 (one host gets a
    whole /64 and could otherwise try from a new address each time)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class FailedAuthentications:
    """One brake: failures counted in the database, over-the-limit clients remembered here."""

    def __init__(
        self, brake: Brake, per_minute: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.brake = brake
        self.per_minute = per_minute
        self.clock = clock
        self._refused_until: OrderedDict[str, float] = OrderedDict()

    def blocked(self, client: str) -> bool:
        """True while this process knows the client is over its failures for the minute."""
        if not self._refused_until:  # the usual case: no address to read (every request asks)
            return False
        key = client_key(client)
        until = self._refused_until.get(key)
        if until is None:
            return False
        if until <= self.clock():
            del self._refused_until[key]
            return False
        return True

    async def failed(self, session: AsyncSession, client: str, request_id: str) -> bool:
        """Count a failure (in `session`'s transaction) and log it. True when the client was
        over the limit already: the failure is not counted, and the caller answers 429."""
        key = client_key(client)
        row = (
            await session.execute(
                FAILED,
                {"scope": self.brake.value, "client": key, "per_minute": self.per_minute},
            )
        ).one()
        if row.refused_seconds > 0:
            self._refused_until[key] = self.clock() + row.refused_seconds
            self._refused_until.move_to_end(key)
            while len(self._refused_until) > MAX_CLIENTS:
                self._refused_until.popitem(last=False)
        logger.warning(
            "authentication failed: client %s, request %s (%d in the last minute%s)",
            client,
            request_id,
            row.failures,
            "" if row.counted else ", over the limit: refused",
        )
        return not row.counted


def refused(actor: Actor, what: str) -> None:
    """Log an attempt the actor's role or credentials do not allow."""
    logger.warning(
        "refused: %s by member %s (role %s, token %s%s), request %s",
        what,
        actor.membership_id,
        actor.role.value,
        actor.token_id,
        ", made by someone else" if actor.delegated else "",
        actor.request_id,
    )
