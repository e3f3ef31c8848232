"""Where tprm may post a webhook. In production (`allow_local` off): https, on port 443 or
8443, to a DNS name (or an IP literal) whose every address is public, and the request goes
to the very address that was checked, so a name that changes its answer between the check
and the connection (DNS rebinding) reaches nothing inside tprm's network.

An IPv6 address that carries an IPv4 one (IPv4-mapped, IPv4-compatible, 6to4, NAT64) is
judged by the IPv4 address it carries; Teredo is refused outright.
"""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

from domain.shared import normalize
from domain.shared.errors import InvalidInput

PORTS = (443, 8443)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# NAT64 for local use: the IPv4 it carries depends on the prefix length, unknown here
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(Exception):
    """tprm will not post there; the message says why, for the delivery log."""


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        if address.teredo is not None or address in _LOCAL_NAT64:
            return False
        carried = address.ipv4_mapped or address.sixtofour
        if carried is None and address in _NAT64:
            carried = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if carried is None and int(address) >> 32 == 0:  # ::a.b.c.d, IPv4-compatible
            carried = ipaddress.IPv4Address(int(address))
        if carried is not None:
            return is_public(carried)
    return address.is_global and not address.is_multicast


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def check_url(value: str | None, allow_local: bool) -> str:
    """An endpoint URL as stored: absolute, no user or password in it, and in production
    https on an allowed port to a public host (see the module's docstring)."""
    url = normalize.text(value, "url", 2000, required=True) or ""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise InvalidInput("url has a port that is not a number from 1 to 65535.", "url") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput("url must be an absolute https URL.", "url")
    if parts.username or parts.password:
        raise InvalidInput(
            "url must not carry a user or password: receivers check the signature instead.",
            "url",
        )
    if allow_local:
        return url
    if parts.scheme != "https":
        raise InvalidInput("url must use https.", "url")
    if port not in (None, *PORTS):
        raise InvalidInput("url must use port 443 or 8443.", "url")
    host = parts.hostname
    address = _literal(host)
    if address is not None:
        if not is_public(address):
            raise InvalidInput(
                "url must be a public address, not one inside tprm's network.", "url"
            )
        return url
    if host.rstrip(".").endswith(_LOCAL_SUFFIXES) or host == "localhost":
        raise InvalidInput("url must be a public address, not one inside tprm's network.", "url")
    # A DNS name with a real top-level domain: refuses 2130706433, 0177.0.0.1 and such.
    normalize.domain(host, "url")
    ascii_host = host.encode("idna").decode("ascii")
    if ascii_host != host:  # an international name: kept as DNS and TLS know it
        netloc = f"{ascii_host}:{port}" if port else ascii_host
        url = urlunsplit(parts._replace(netloc=netloc))
    return url


async def resolve_public(host: str, port: int) -> str:
    """One address of `host` to connect to, every address it resolves to being public."""
    literal = _literal(host)
    if literal is not None:
        if not is_public(literal):
            raise Refused(f"Refused: {host} is not a public address.")
        return str(literal)
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise Refused(f"Could not resolve {host}.") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in found]
    if not addresses or not all(is_public(a) for a in addresses):
        raise Refused(f"Refused: {host} resolves to an address that is not public.")
    return str(addresses[0])
