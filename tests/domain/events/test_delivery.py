"""What a delivery posts, where it refuses to post, and how long it waits."""

import asyncio
import base64
import hashlib
import hmac
import ipaddress
from datetime import timedelta

import httpx
import pytest

from domain.events import addresses, delivery, webhooks
from domain.events.delivery import Outgoing, Policy
from domain.shared.errors import InvalidInput

SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()
PRODUCTION = Policy(
    max_attempts=3,
    first_retry=timedelta(seconds=30),
    deadline_seconds=0.5,
    tenant_in_flight=2,
    allow_local=False,
)


def _outgoing(url: str) -> Outgoing:
    return Outgoing(delivery_id=None, url=url, secret=SECRET, message_id="m1", body=b"{}")  # type: ignore[arg-type]


def test_the_signature_is_the_hmac_of_id_timestamp_and_body_keyed_by_the_secret_bytes():
    headers = delivery.headers(_outgoing("https://x.example"), 1_800_000_000)

    expected = hmac.new(b"k" * 32, b"m1.1800000000.{}", hashlib.sha256).digest()
    assert headers["webhook-signature"] == "v1," + base64.b64encode(expected).decode()
    assert (headers["webhook-id"], headers["webhook-timestamp"]) == ("m1", "1800000000")


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.8",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "fd00::1",
        "fe80::1",
        "::ffff:10.0.0.1",  # IPv4-mapped
        "::127.0.0.1",  # IPv4-compatible
        "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
        "64:ff9b::a9fe:a9fe",  # NAT64 of it
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "64:ff9b:1:a00:0:100:808:808",  # NAT64 for local use
        "224.0.0.1",
    ],
)
def test_an_address_inside_a_network_or_carrying_one_is_not_public(address):
    assert not addresses.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_a_public_address_is_public(address):
    assert addresses.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "https://2130706433/",
        "https://0177.0.0.1/",
        "https://0x7f.0.0.1/",
        "https://printer.local/",
        "https://db.internal/",
        "https://[::ffff:127.0.0.1]/",
        "https://hooks.acme.example:22/",
        "https://hooks.acme.example:99999/",
        "https://hooks.acme.example:abc/",
    ],
)
def test_in_production_an_endpoint_url_names_a_public_host_on_an_https_port(url):
    with pytest.raises(InvalidInput) as refused:
        addresses.check_url(url, allow_local=False)

    assert refused.value.field == "url"


def test_an_international_name_is_kept_as_dns_and_tls_know_it():
    assert addresses.check_url("https://bücher.example:8443/h?x=1", allow_local=False) == (
        "https://xn--bcher-kva.example:8443/h?x=1"
    )


def test_allowed_urls_are_kept_as_given():
    for url in ("https://hooks.acme.example/tprm?x=1", "https://hooks.acme.example:8443/"):
        assert addresses.check_url(url, allow_local=False) == url
    assert addresses.check_url("http://127.0.0.1:9000/h", allow_local=True) == (
        "http://127.0.0.1:9000/h"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1:9/x",
        "https://[::1]/x",
        "https://10.0.0.8/x",
        "https://[::ffff:10.0.0.8]/",
    ],
)
async def test_in_production_a_delivery_never_connects_inside_tprm_s_network(url):
    posted: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: posted.append(request) or httpx.Response(200))

    async with httpx.AsyncClient(transport=transport) as client:
        answer = await delivery.post(client, _outgoing(url), PRODUCTION)

    assert answer.status_code is None and answer.error.startswith("Refused")
    assert posted == []


async def test_the_request_goes_to_the_address_checked_with_the_name_for_tls_and_host(
    monkeypatch,
):
    async def resolved(host: str, port: int) -> str:
        assert (host, port) == ("hooks.acme.example", 8443)
        return "93.184.216.34"

    monkeypatch.setattr(addresses, "resolve_public", resolved)
    posted: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: posted.append(request) or httpx.Response(204))

    async with httpx.AsyncClient(transport=transport) as client:
        answer = await delivery.post(
            client, _outgoing("https://hooks.acme.example:8443/in?x=1"), PRODUCTION
        )

    [request] = posted
    assert answer.succeeded
    assert str(request.url) == "https://93.184.216.34:8443/in?x=1"
    assert request.headers["host"] == "hooks.acme.example:8443"
    assert request.extensions["sni_hostname"] == "hooks.acme.example"


async def test_an_endpoint_stored_while_local_ones_were_allowed_is_refused_in_production():
    posted: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: posted.append(request) or httpx.Response(200))

    async with httpx.AsyncClient(transport=transport) as client:
        answer = await delivery.post(client, _outgoing("http://hooks.acme.example/"), PRODUCTION)

    assert answer.error == "Refused: url must use https."
    assert posted == []


async def test_an_attempt_has_one_deadline_for_everything():
    async def stalls(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200)

    local = Policy(**{**PRODUCTION.__dict__, "allow_local": True, "deadline_seconds": 0.2})
    async with httpx.AsyncClient(transport=httpx.MockTransport(stalls)) as client:
        answer = await delivery.post(client, _outgoing("http://127.0.0.1:9/x"), local)

    assert answer == delivery.Answer(None, "No answer in time.")


def test_a_failed_attempt_waits_twice_as_long_each_time_at_most_an_hour():
    waits = [PRODUCTION.retry_after(n) for n in (1, 2, 3, 10)]

    assert waits == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
        timedelta(hours=1),
    ]


def test_secrets_are_32_random_bytes_each_time():
    made = {webhooks.new_secret() for _ in range(50)}

    assert len(made) == 50
    assert all(len(webhooks.secret_key(secret)) == 32 for secret in made)
