"""Node types backed by one table: one way to load them by id, one way to build them from a row.

A type declares its table and the permission that reads it:

    @strawberry.type
    class Finding(RowNode, relay.Node, model=models.Finding, read=Permission.FINDING_READ):
        ...
        @classmethod
        def from_row(cls, row: models.Finding) -> "Finding": ...

and gets `resolve_nodes` (for `node(id:)` and `nodes(ids:)`), batched through the
request's loaders. A field of another area's type loads it with `node(info, Model, id)`,
which finds the type by its table: API areas never import each other, and every read of
a row by id (a query, a node, a field) takes the same path and the same permission.
A role that may not read a type sees null, like a missing row: nothing tells the two apart.
"""

from collections.abc import Iterable
from typing import Any, ClassVar, Self
from uuid import UUID

from strawberry import relay
from strawberry.dataloader import DataLoader

from app.api.context import Info
from app.api.loaders import loaded
from app.api.relay import optional_uuid, parse_uuid
from domain.shared import policy
from domain.shared.policy import Permission


class RowNode:
    """A relay Node backed by one tenant table; see the module's docstring."""

    _types: ClassVar[dict[type, type["RowNode"]]] = {}
    row_model: ClassVar[type]
    read_permission: ClassVar[Permission]

    def __init_subclass__(
        cls, model: type | None = None, read: Permission | None = None, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if model is not None:
            if read is None:
                raise TypeError(f"{cls.__name__}: a row node needs its read permission")
            cls.row_model, cls.read_permission = model, read
            RowNode._types[model] = cls

    @classmethod
    def from_row(cls, row: Any) -> Self:
        raise NotImplementedError

    @classmethod
    def loader(cls, info: Info) -> DataLoader[UUID, Any]:
        """Where rows of this type come from; types with a reading of their own override it."""
        return info.context.loaders.rows(cls.row_model)

    @classmethod
    def readable(cls, info: Info) -> bool:
        return policy.allows(info.context.actor, cls.read_permission)

    @classmethod
    def visible(cls, info: Info, row: Any) -> bool:
        """Whether this reader may see this row; types with finer rules than the role override it."""
        return True

    @classmethod
    def _node(cls, info: Info, row: Any | None) -> Self | None:
        return cls.from_row(row) if row is not None and cls.visible(info, row) else None

    @classmethod
    # One signature for strawberry's overloads: nodes in order, None where missing.
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> Any:
        ids = [parse_uuid(node_id) for node_id in node_ids]
        if not cls.readable(info):
            return [None for _ in ids]
        rows = await cls.loader(info).load_many([i for i in ids if i])
        by_id = {row.id: row for row in rows if row is not None}
        return [cls._node(info, by_id.get(i)) if i else None for i in ids]

    @classmethod
    async def by_global_id(cls, info: Info, global_id: relay.GlobalID) -> Self | None:
        """The node a root query's `id` argument names (`vendor(id:)`); null for another
        type's ID. Asking for a type the role may not read at all is FORBIDDEN, as its list
        is: unlike `node(id:)`, the question names the type."""
        policy.require(info.context.actor, cls.read_permission)
        key = optional_uuid(global_id, cls.__strawberry_definition__.name)  # type: ignore[attr-defined]
        if key is None:
            return None
        [found] = await cls.resolve_nodes(info=info, node_ids=[str(key)])
        return found


def node(info: Info, model: type, row_id: UUID | None) -> Any:
    """The node of `model`'s type for `row_id` (None for none, or one this role may not
    read): at once when the request's loader already holds it, else an awaitable (a
    resolver returning it may return either; GraphQL awaits what needs awaiting)."""
    node_type = RowNode._types[model]
    if row_id is None or not node_type.readable(info):
        return None
    return loaded(node_type.loader(info), row_id, lambda row: node_type._node(info, row))


def node_by(info: Info, loader: DataLoader[Any, Any], key: Any) -> Any:
    """The node of the row `loader` finds by another key (a document's report by the
    document), like `node`: at once when loaded, else an awaitable."""
    return loaded(loader, key, lambda row: to_node(info, row))


def to_node(info: Info, row: Any | None) -> Any:
    """The node of a row read some other way (by another key, in a list): its type found
    by its table, null for none or for one this role may not read."""
    if row is None:
        return None
    node_type = RowNode._types[type(row)]
    return node_type._node(info, row) if node_type.readable(info) else None


def member_of_user(info: Info, user_id: UUID | None) -> Any:
    """The Member a user is in the viewer's tenant (null for none, or the system): who did
    something is kept as a user id, and shown as the member, with the tenant's own name."""
    if user_id is None:
        return None
    return node_by(info, info.context.loaders.membership_by_user, user_id)
