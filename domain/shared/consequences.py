"""Changes a lower area announces, for the areas above it to act on in the same transaction.

The domain areas are layered (the import-linter contracts in pyproject.toml): an area
may import the areas below it, never those above. When a change in a lower area calls
for work above it (a new or corrected SOC report may raise or resolve findings; new
tier thresholds re-tier every vendor), the lower area announces the change as a small
frozen dataclass and the higher area's handler, subscribed with `@handles` where it is
defined, runs at once on the same session: the change and its consequences commit or
roll back together, as one unit of work.

Announcing a change nobody handles is a wiring fault, not a quiet no-op: it raises,
so a process that forgot to load an area fails its first test instead of skipping
work. `app.areas` loads every area that subscribes.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

Change = TypeVar("Change")
Handler = Callable[[AsyncSession, Any], Awaitable[None]]

_handlers: dict[type, list[Handler]] = defaultdict(list)


def handles(
    kind: type[Change],
) -> Callable[[Callable[[AsyncSession, Change], Awaitable[None]]], Any]:
    """Subscribe the decorated coroutine to changes of `kind` (once, however often loaded)."""

    def subscribe(
        handler: Callable[[AsyncSession, Change], Awaitable[None]],
    ) -> Callable[[AsyncSession, Change], Awaitable[None]]:
        if handler not in _handlers[kind]:
            _handlers[kind].append(handler)
        return handler

    return subscribe


async def announce(session: AsyncSession, change: object) -> None:
    """Run every handler of the change's kind, in the order they subscribed."""
    handlers = _handlers.get(type(change))
    if not handlers:
        raise RuntimeError(
            f"no area handles {type(change).__name__}: load app.areas before working"
        )
    for handler in handlers:
        await handler(session, change)
