"""Relay plumbing: opaque cursors, counted connections, global ID checks."""

import base64
import binascii
import json
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

import strawberry
from strawberry import relay

from domain.shared.errors import InvalidInput, NotFound
from domain.shared.pagination import Page, PageRequest

# What a connection pages: mostly Nodes, but not only (an import's rows have no ID of their own).
NodeType = TypeVar("NodeType")


def encode_cursor(key: tuple[Any, ...], order: str = "") -> str:
    """An opaque cursor: the row's sort key and the order it belongs to."""
    parts: list[Any] = []
    for value in key:
        if isinstance(value, datetime):
            parts.append({"dt": value.isoformat()})
        elif isinstance(value, date):
            parts.append({"d": value.isoformat()})
        elif isinstance(value, UUID):
            parts.append({"uuid": str(value)})
        else:
            parts.append(value)
    payload = json.dumps({"o": order, "k": parts}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode()


def decode_cursor(cursor: str, field: str, order: str = "") -> tuple[Any, ...]:
    """The sort key of a cursor we issued for this order; anything else is INVALID."""
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(payload, dict) or payload.get("o") != order:
            raise ValueError("cursor of another order")
        key: list[Any] = []
        for part in payload["k"]:
            if isinstance(part, dict) and "dt" in part:
                key.append(datetime.fromisoformat(part["dt"]))
            elif isinstance(part, dict) and "d" in part:
                key.append(date.fromisoformat(part["d"]))
            elif isinstance(part, dict) and "uuid" in part:
                key.append(UUID(part["uuid"]))
            elif isinstance(part, str | int | float | bool):
                key.append(part)
            else:
                raise ValueError(part)
        return tuple(key)
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError) as e:
        raise InvalidInput("Not a valid cursor for this list and order.", field) from e


def page_request(
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    max_size: int,
    order: str = "",
) -> PageRequest:
    """Validated Relay arguments -> a PageRequest."""
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= max_size:
            raise InvalidInput(f"{name} must be between 0 and {max_size}.", name)
    if first is not None and last is not None:
        raise InvalidInput("Give first or last, not both.", "last")
    return PageRequest(
        first=first,
        after=decode_cursor(after, "after", order) if after else None,
        last=last,
        before=decode_cursor(before, "before", order) if before else None,
    )


@strawberry.type(description="An item of a page, with the cursor to page on from it.")
class Edge(Generic[NodeType]):
    node: NodeType = strawberry.field(description="The item.")
    key: strawberry.Private[tuple[Any, ...]]
    order: strawberry.Private[str]

    # Encoded when asked for: a list page seldom asks for every edge's cursor.
    @strawberry.field(description="Where to page on from this item (after / before).")
    def cursor(self) -> str:
        return encode_cursor(self.key, self.order)


@strawberry.type(description="A page of a list, with cursors and the size of the whole list.")
class Connection(Generic[NodeType]):
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits in the list.")
    edges: list[Edge[NodeType]] = strawberry.field(description="The items of this page.")
    total_count: int = strawberry.field(description="How many items the whole list holds.")

    @strawberry.field(
        description="The items of this page, in order, without their cursors (`edges` has "
        "them): what a list that never pages from the middle needs."
    )
    def nodes(self) -> list[NodeType]:
        return [edge.node for edge in self.edges]

    @classmethod
    def from_page(cls, page: Page, to_node: Any, order: str = "") -> "Connection[NodeType]":
        edges = [
            Edge(node=to_node(row), key=key, order=order)
            for row, key in zip(page.rows, page.keys, strict=True)
        ]
        return cls(
            page_info=relay.PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=edges[0].cursor() if edges else None,
                end_cursor=edges[-1].cursor() if edges else None,
            ),
            edges=edges,
            total_count=page.total_count,
        )


def parse_uuid(node_id: str) -> UUID | None:
    """The UUID a node id holds, or None: every way of reading our IDs goes through here."""
    try:
        return UUID(node_id)
    except ValueError:
        return None


def optional_uuid(global_id: relay.GlobalID, type_name: str) -> UUID | None:
    """The UUID inside a global ID of `type_name`, or None for any other ID."""
    return parse_uuid(global_id.node_id) if global_id.type_name == type_name else None


def filter_uuid(global_id: relay.GlobalID | None, type_name: str) -> UUID | None:
    """A list filter's ID: None when not given; one of another tenant or type (or a
    malformed one) matches nothing, like a missing one."""
    if global_id is None:
        return None
    return optional_uuid(global_id, type_name) or UUID(int=0)


def node_uuid(global_id: relay.GlobalID, type_name: str, entity: str, field: str) -> UUID:
    """The UUID inside a global ID of `type_name`; any other ID is simply not found."""
    found = optional_uuid(global_id, type_name)
    if found is None:
        raise NotFound(entity, field)
    return found
