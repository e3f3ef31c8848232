"""The brake on guessing tokens counts per client, an IPv6 /64 as one, over a sliding minute,
in the database: every API process sees the same count. Two FailedAuthentications here are
two API processes."""

from sqlalchemy import text

from app.security import Brake, FailedAuthentications, client_key


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def fail(db, process: FailedAuthentications, client: str) -> bool:
    """One failed authentication of `client` seen by `process`; True if refused (429)."""
    async with db.transaction(None) as session:
        return await process.failed(session, client, "request")


async def age_every_failure(db, seconds: int) -> None:
    """As if `seconds` had passed since every failure counted so far."""
    async with db.owner_transaction() as session:
        await session.execute(
            text(
                "UPDATE authentication_failures SET "
                "recent = ARRAY(SELECT t - make_interval(secs => :s) FROM unnest(recent) t), "
                "last_failed_at = last_failed_at - make_interval(secs => :s)"
            ),
            {"s": seconds},
        )


def test_an_ipv6_host_is_counted_by_its_64_and_ipv4_by_its_address():
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9")
    assert client_key("2001:db8:1:2::1") != client_key("2001:db8:1:3::1")
    assert client_key("::ffff:203.0.113.7") == client_key("203.0.113.7") == "203.0.113.7"
    assert client_key("unknown") == "unknown"


async def test_failures_seen_by_one_process_brake_the_client_in_another(db):
    one = FailedAuthentications(Brake.MEMBERS, per_minute=3)
    another = FailedAuthentications(Brake.MEMBERS, per_minute=3)

    counted = [await fail(db, one, "203.0.113.7") for _ in range(3)]
    refused_by_the_other = await fail(db, another, "203.0.113.7")

    assert counted == [False, False, False]  # the third makes the limit, and is answered 401
    assert one.blocked("203.0.113.7")  # the process that counted it needs no round trip now
    assert refused_by_the_other is True  # the other learns it at the client's next failure
    assert another.blocked("203.0.113.7")
    assert not another.blocked("203.0.113.8")


async def test_rotating_addresses_within_a_64_does_not_escape_the_brake(db):
    one = FailedAuthentications(Brake.MEMBERS, per_minute=3)
    another = FailedAuthentications(Brake.MEMBERS, per_minute=3)

    for n in range(3):
        await fail(db, one, f"2001:db8:1:2::{n + 1}")

    assert one.blocked("2001:db8:1:2::ffff")
    assert await fail(db, another, "2001:db8:1:2::abcd") is True
    assert await fail(db, another, "2001:db8:1:3::1") is False
    assert await fail(db, another, "203.0.113.7") is False


async def test_members_and_respondents_are_braked_apart(db):
    members = FailedAuthentications(Brake.MEMBERS, per_minute=2)
    respondents = FailedAuthentications(Brake.RESPONDENTS, per_minute=2)

    for _ in range(2):
        await fail(db, respondents, "203.0.113.7")

    assert respondents.blocked("203.0.113.7")
    assert await fail(db, members, "203.0.113.7") is False


async def test_a_refused_attempt_is_not_counted_and_the_brake_lifts_a_minute_after_the_limit(db):
    clock = Clock()
    one = FailedAuthentications(Brake.MEMBERS, per_minute=2, clock=clock)
    another = FailedAuthentications(Brake.MEMBERS, per_minute=2)
    await fail(db, one, "203.0.113.7")
    await fail(db, one, "203.0.113.7")
    for _ in range(5):  # the client keeps trying through another process: refused each time
        assert await fail(db, another, "203.0.113.7") is True

    await age_every_failure(db, 59)
    still_refused = await fail(db, another, "203.0.113.7")
    await age_every_failure(db, 2)
    counted_again = await fail(db, another, "203.0.113.7")
    clock.now += 61
    forgotten_here = not one.blocked("203.0.113.7")

    assert still_refused is True
    assert counted_again is False  # the refused tries did not make the minute any longer
    assert forgotten_here


async def test_the_minute_slides_below_the_limit(db):
    one = FailedAuthentications(Brake.MEMBERS, per_minute=2)
    await fail(db, one, "203.0.113.7")
    await age_every_failure(db, 61)

    first_of_a_new_minute = await fail(db, one, "203.0.113.7")
    blocked = one.blocked("203.0.113.7")

    assert first_of_a_new_minute is False
    assert not blocked  # one failure in the last minute, the older one forgotten


async def test_the_rows_of_clients_whose_minute_is_over_are_deleted(db):
    one = FailedAuthentications(Brake.MEMBERS, per_minute=5)
    for n in range(3):
        await fail(db, one, f"203.0.113.{n}")
    await age_every_failure(db, 61)

    await fail(db, one, "198.51.100.1")  # a client new this minute clears the old rows
    async with db.owner_transaction() as session:
        clients = (await session.scalars(text("SELECT client FROM authentication_failures"))).all()

    assert clients == ["198.51.100.1"]


async def test_the_app_role_cannot_read_or_write_the_counts_but_through_the_function(db):
    async with db.transaction(None) as session:
        readable = await session.scalar(
            text("SELECT has_table_privilege('authentication_failures', 'SELECT')")
        )
        writable = await session.scalar(
            text("SELECT has_table_privilege('authentication_failures', 'INSERT, UPDATE')")
        )

    assert readable is False
    assert writable is False
