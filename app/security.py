"""The security log, and the brake on guessing tokens.

Failed authentications and refused attempts are written to the `tprm.security` logger (one
line each, with the request id, the client address and, for a refusal, who tried what), so an
operator can see probing. A client address that fails to authenticate more than
`TPRM_AUTH_FAILURES_PER_MINUTE` times in a minute is answered 429 at once, with no database
round trip, until its oldest failure is a minute old.
"""

import ipaddress
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from domain.shared.actor import Actor

logger = logging.getLogger("tprm.security")

WINDOW_SECONDS = 60.0
MAX_CLIENTS = 100_000  # addresses remembered at once; the oldest are forgotten first


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
    """Failed authentications per client (client_key) over a sliding minute, in this process."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, client: str) -> deque[float] | None:
        failures = self._failures.get(client)
        if failures is None:
            return None
        horizon = self.clock() - WINDOW_SECONDS
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            del self._failures[client]
            return None
        return failures

    def blocked(self, client: str) -> bool:
        """True while the client has used up its failures for the minute."""
        failures = self._recent(client_key(client))
        return failures is not None and len(failures) >= self.per_minute

    def failed(self, client: str, request_id: str) -> None:
        """Count a failure, and log it."""
        key = client_key(client)
        failures = self._recent(key) or deque()
        failures.append(self.clock())
        self._failures[key] = failures
        self._failures.move_to_end(key)
        while len(self._failures) > MAX_CLIENTS:
            self._failures.popitem(last=False)
        logger.warning(
            "authentication failed: client %s, request %s (%d in the last minute)",
            client,
            request_id,
            len(failures),
        )


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
