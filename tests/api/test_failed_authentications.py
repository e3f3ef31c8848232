"""The brake on guessing tokens counts per client, an IPv6 /64 as one, over a sliding minute."""

from app.security import FailedAuthentications, client_key


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_ipv6_host_is_counted_by_its_64_and_ipv4_by_its_address():
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9")
    assert client_key("2001:db8:1:2::1") != client_key("2001:db8:1:3::1")
    assert client_key("::ffff:203.0.113.7") == client_key("203.0.113.7") == "203.0.113.7"
    assert client_key("unknown") == "unknown"


def test_rotating_addresses_within_a_64_does_not_escape_the_brake():
    failures = FailedAuthentications(per_minute=3, clock=Clock())

    for n in range(3):
        failures.failed(f"2001:db8:1:2::{n + 1}", "r")

    assert failures.blocked("2001:db8:1:2::ffff")
    assert not failures.blocked("2001:db8:1:3::1")
    assert not failures.blocked("203.0.113.7")


def test_the_brake_lifts_once_the_oldest_failure_is_a_minute_old():
    clock = Clock()
    failures = FailedAuthentications(per_minute=2, clock=clock)
    failures.failed("203.0.113.7", "r")
    clock.now += 30
    failures.failed("203.0.113.7", "r")

    blocked_now = failures.blocked("203.0.113.7")
    clock.now += 31
    blocked_after_a_minute = failures.blocked("203.0.113.7")

    assert blocked_now is True
    assert blocked_after_a_minute is False
