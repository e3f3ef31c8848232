"""Changes announced by a lower area reach the handlers of the areas above it."""

from dataclasses import dataclass
from uuid import UUID, uuid4

import pytest

from domain.shared import consequences
from domain.soc2.changes import VendorReportsChanged
from domain.tenancy.changes import TenantSettingsChanged


@dataclass(frozen=True)
class NobodyListens:
    tenant_id: UUID


@dataclass(frozen=True)
class Counted:
    seen: list[str]


@consequences.handles(Counted)
async def _first(session, change: Counted) -> None:
    change.seen.append("first")


@consequences.handles(Counted)
async def _second(session, change: Counted) -> None:
    change.seen.append("second")


async def test_a_change_nobody_handles_is_a_wiring_fault_not_a_quiet_no_op():
    with pytest.raises(RuntimeError, match="no area handles NobodyListens"):
        await consequences.announce(None, NobodyListens(uuid4()))  # type: ignore[arg-type]


async def test_every_handler_runs_once_in_the_order_it_subscribed():
    consequences.handles(Counted)(_first)  # subscribing again changes nothing
    change = Counted([])

    await consequences.announce(None, change)  # type: ignore[arg-type]

    assert change.seen == ["first", "second"]


def test_the_app_loads_a_handler_for_every_change_the_areas_announce():
    import app.areas  # noqa: F401 - what every process that uses the database loads

    for kind in (VendorReportsChanged, TenantSettingsChanged):
        assert consequences._handlers[kind], kind.__name__
