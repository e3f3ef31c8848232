"""What a delivery posts, and where it refuses to post."""

import base64
import hashlib
import hmac

import httpx
import pytest

from domain.events import delivery, webhooks
from domain.events.delivery import Outgoing

SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()


def test_the_signature_is_the_hmac_of_id_timestamp_and_body_keyed_by_the_secret_bytes():
    outgoing = Outgoing(
        delivery_id=None, url="https://x", secret=SECRET, message_id="m1", body=b"{}"
    )  # type: ignore[arg-type]

    headers = delivery.headers(outgoing, 1_800_000_000)

    expected = hmac.new(b"k" * 32, b"m1.1800000000.{}", hashlib.sha256).digest()
    assert headers["webhook-signature"] == "v1," + base64.b64encode(expected).decode()
    assert (headers["webhook-id"], headers["webhook-timestamp"]) == ("m1", "1800000000")


@pytest.mark.parametrize(
    "url",
    ["https://127.0.0.1:9/x", "https://[::1]/x", "https://10.0.0.8/x", "https://db.internal/x"],
)
async def test_in_production_a_delivery_never_posts_inside_tprm_s_network(url):
    posted: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: posted.append(request) or httpx.Response(200))
    outgoing = Outgoing(delivery_id=None, url=url, secret=SECRET, message_id="m", body=b"{}")  # type: ignore[arg-type]

    async with httpx.AsyncClient(transport=transport) as client:
        answer = await delivery.post(client, outgoing, allow_local=False)

    assert answer.status_code is None and answer.error.startswith("Refused")
    assert posted == []


def test_secrets_are_32_random_bytes_each_time():
    made = {webhooks.new_secret() for _ in range(50)}

    assert len(made) == 50
    assert all(len(webhooks.secret_key(secret)) == 32 for secret in made)
