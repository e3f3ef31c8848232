"""List pages PostgreSQL writes as JSON: the hot connections without a field execution per
value (issue 18).

A page of 50 vendors with their counts and owners is about 450 field executions through
graphql-core and strawberry: most of the request's time (`benchmarks/list_pages.py
--profile`). Instead, a connection's resolver may have PostgreSQL write each row's JSON in
the page's own statement, and return the whole connection already written, as a
WrittenJSON that execution passes on as it is (WrittenJSONExecution). The arguments,
the service's permission check, the filters, the order, the cursors and the total stay the
resolver's own; only how each row becomes JSON differs. A field listing objects without
pages (a vendor's follow-ups) may be written the same way (`list_plan`), and so may a
connection within an object answered field by field.

A root query field's row node (`vendor(id:)`, `node(id:)`) is answered in part: the fields
that can be written, one statement for all (`WrittenFields`), the others by their
resolvers, beside them. A field that takes arguments can be written where its projection
says how for the arguments asked (`Argued`): a list filtered by them, or a connection's
first page (`Paged`).

A page is written this way only when it can be answered exactly as the fields would answer
it: every field asked has a projection (`project`), no directive is used, and the viewer
may read every type and field asked. Anything else, `written` answers None and the
resolver takes the general path. tests/api/test_json_pages.py holds the two to the same
JSON.

A projection says, for each field of a GraphQL object type, the SQL expression of its value
over a row of the type's table: a column, a count, another type's object read from its own
table (`One`), a list of them (`Many`), or what the reader may do to the row (`Decided`:
the resolver's own answer for each status, written into the plan). Each area declares the
projections of its own types, beside the types themselves.

A selection's plan (`written`) is made once per parsed document, reader's role (or
member, where what a reader may do to a row depends on who they are) and day, and its rows'
expression compiled to SQL text once: a repeated list request builds only the list's own
filter, order and page.
"""

import enum
import inspect
import itertools
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import Any
from uuid import UUID, uuid4

import orjson
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    SelectionSetNode,
    get_argument_values,
    get_named_type,
    is_abstract_type,
)
from graphql.execution.values import VariableValues
from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    FromClause,
    Integer,
    Select,
    Text,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal,
    literal_column,
    null,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import JSON, aggregate_order_by, asyncpg
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.arguments import convert_arguments
from strawberry.utils.str_converters import to_camel_case

from app.api.context import Info
from app.api.nodes import RowNode
from app.api.relay import encode_cursor
from app.api.selection import selected
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.errors import DomainError
from domain.shared.models import today
from domain.shared.pagination import DEFAULT_PAGE_SIZE, PAGE_ROW, Page, SortKey
from domain.shared.policy import Permission

# A field's value over a row: its columns (row.c), and what other tables hold about it.
Expression = Callable[[Any], ColumnElement[Any]]


class WrittenJSON:
    """A field's value already written as JSON: execution passes it on as it is, and the
    response's encoder writes its bytes in place (app/api/view.py encode_json)."""

    __slots__ = ("json",)

    def __init__(self, json: bytes | str) -> None:
        self.json = json


class WrittenJSONExecution(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's execution, passing on as it is a value a resolver returns already
    written as JSON (its selection was answered in SQL; see the module's docstring), and
    answering from SQL the fields it can write of the row node a root query field returns
    (`vendor(id:)`, `node(id:)`: WrittenFields)."""

    # the objects whose fields were written, by id: each object, and its fields' JSON by
    # response key (set on the execution when a root field's node is written)
    _written: dict[int, tuple[Any, dict[str, WrittenJSON]]] | None = None

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        complete = super().complete_object_value
        projection = _PROJECTIONS.get(return_type.name)
        if path.prev is not None or projection is None or projection.table is None:
            return complete(return_type, field_details_list, info, path, result, position_context)

        async def written_first() -> Any:
            written = await written_fields(info, return_type, result)
            if written:
                if self._written is None:
                    self._written = {}
                self._written[id(result)] = (result, written)
            completed = complete(
                return_type, field_details_list, info, path, result, position_context
            )
            return await completed if self.is_awaitable(completed) else completed

        return written_first()

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        if self._written:
            written = self._written.get(id(source))
            if written is not None and written[0] is source and path.key in written[1]:
                return written[1][path.key]
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, WrittenJSON):
            return result
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )


class Unwritable(Exception):
    """The selection asks for something only the fields themselves can answer."""


@dataclass(frozen=True, slots=True)
class One:
    """An object of another type, read from `table`: `rows(outer_row, table, value)` selects
    the value (the object's JSON, built over `table`) of the one row related to `outer_row`.
    `table` is an alias of the declared one, fresh at each place it is read: the same table
    may be read within itself (a review's previous review's previous review)."""

    table: FromClause
    rows: Callable[[Any, Any, ColumnElement[Any]], Select[Any]]


def tenant_rows(model: Any, column: str, outer: str = "id") -> One:
    """`model`'s rows in the outer row's tenant whose `column` is the outer row's `outer`
    column: one row (a vendor's owner, a document's vendor), or the rows an aggregate's
    projection counts (a vendor's findings)."""
    return One(
        model.__table__,
        lambda row, table, value: select(value).where(
            table.c.tenant_id == row.c.tenant_id, table.c[column] == row.c[outer]
        ),
    )


def linked_rows(link: Any, key: str, target: str, model: Any) -> One:
    """`model`'s rows that the link table `link` ties to the outer row: the link's `key`
    column is the outer row's id, its `target` column the row's (loading.linked_by)."""
    linked = link.__table__
    return One(
        model.__table__,
        lambda row, table, value: (
            select(value)
            .select_from(table)
            .join(
                linked, (linked.c.tenant_id == table.c.tenant_id) & (linked.c[target] == table.c.id)
            )
            .where(linked.c.tenant_id == row.c.tenant_id, linked.c[key] == row.c.id)
        ),
    )


class _Named:
    """Rows named `name` in SQL that the statement itself provides (the page's row, a JSON
    array's elements): their columns by name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.c = self

    def __getitem__(self, column: str) -> ColumnElement[Any]:
        return literal_column(f"{self.name}.{column}")

    def __getattr__(self, column: str) -> ColumnElement[Any]:
        return self[column]


def json_objects(array: Callable[[Any], ColumnElement[Any]], name: str) -> One:
    """The objects of the JSONB array `array(outer_row)` (none when it is not an array), each
    a row `name`(value, ordinality): for a Many of a type whose projection reads
    `name.value`, in `name.ordinality`'s order."""
    elements = _Named(name)

    def rows(row: Any, _: Any, value: ColumnElement[Any]) -> Select[Any]:
        listed = array(row)
        every = case(
            (func.jsonb_typeof(listed) == "array", listed), else_=literal_column("'[]'::jsonb")
        )
        source = func.jsonb_array_elements(every).table_valued(
            "value", with_ordinality="ordinality"
        )
        return (
            select(value)
            .select_from(source.render_derived(name=name))
            .where(func.jsonb_typeof(elements.c.value) == "object")
        )

    return One(elements, rows)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Many:
    """A list of objects of another type: the rows `of` selects, as for One, in `order`
    (over of.table); an empty list when there are none."""

    of: One
    order: Callable[[FromClause], Sequence[ColumnElement[Any]]]


@dataclass(frozen=True, slots=True)
class Itself:
    """An object of another type made of the row's own columns (a report's review, a
    vendor's tier override), or of values of the row's own (`of(row)`: Values, such as a
    page and a quote read from a JSON column), null where `when` does not hold of that
    row: written over the same row, not read again."""

    when: Callable[[Any], ColumnElement[bool]] | None = None
    of: "Callable[[Any], Values] | None" = None


@dataclass(frozen=True, slots=True)
class Paged:
    """A connection's first page of the rows `listing(outer_row)` selects (the area's own
    listing: its statement and sort keys), `first` of them (the default page when None), its
    cursors naming `order`: totalCount, pageInfo and the rows, as the connection's resolver
    pages them (domain.shared.pagination)."""

    listing: Callable[[Any], tuple[Select[Any], Sequence[SortKey]]]
    order: str
    first: int | None


@dataclass(frozen=True, slots=True)
class Argued:
    """A field that takes arguments: `make(arguments)` is its value (an expression, One,
    Many or Paged) for the arguments asked, as graphql-core hands them to its resolver. A
    plan that writes one is kept for those arguments' values (see planned)."""

    make: Callable[[dict[str, Any]], "Expression | One | Many | Paged"]


def first_page(arguments: Mapping[str, Any]) -> int | None:
    """A connection's `first`, when only its first page is asked for: a page after or
    before a cursor, or the last, is answered field by field."""
    if any(arguments.get(name) is not None for name in ("after", "before", "last")):
        raise Unwritable("a page after or before a cursor")
    first: int | None = arguments.get("first")
    return first


class Values:
    """A row made of expressions rather than read (one of an Each, an Itself made of a row's
    values): its columns by name."""

    def __init__(self, **columns: ColumnElement[Any]) -> None:
        self.c = columns


@dataclass(frozen=True, slots=True)
class Each:
    """A list of objects of another type, one for each row `rows` makes of the outer row
    (Values): every status with its count, say, zeros included."""

    rows: Callable[[Any], Sequence[Values]]


# A column of member IDs, as a Decided value tells them apart: the viewer's own, another
# member's, or none.
VIEWER = "the viewer's, another's or none"
# A column of user IDs, told apart the same way (who filed a request is kept as a user).
VIEWING_USER = "the viewer's user, another's or none"


_ANOTHER_MEMBER = uuid4()  # stands for any member (or user) but the viewer


@dataclass(frozen=True, slots=True)
class Decided:
    """A value the reader and a few columns of the row decide, as the field's resolver
    decides it: what may the viewer do to a row in its status, which statuses may it move it
    to. `answer(actor, row)` is asked for every row the `columns` can tell apart (each
    column's values are an enum's members, VIEWER or VIEWING_USER), with `row` holding just
    those columns, and the answers are written into the reader's plan as a CASE over them.
    A plan is kept for the reader's role, unless a viewer's column or an answer that differs
    for another member of the role makes it the member's own (see written)."""

    columns: Mapping[str, Iterable[Any] | str]
    answer: Callable[[Actor, Any], Any]


@dataclass(frozen=True, slots=True)
class Field:
    value: Expression | One | Many | Each | Itself | Decided | Argued
    # a field some roles may not read answers an error to them: the general path says it
    requires: Permission | None = None


@dataclass(frozen=True, slots=True)
class Projection:
    fields: Mapping[str, Field]
    # who may read the type at all (for a row node, its read permission)
    read: Permission | None
    # a row node's table, where its fields are written for one row (WrittenFields)
    table: Any = None


_PROJECTIONS: dict[str, Projection] = {}


def project(
    type_name: str,
    fields: Mapping[str, Expression | One | Many | Each | Itself | Decided | Argued | Field],
) -> None:
    """Declare how the GraphQL object type `type_name` is written in SQL: each field's value
    (an expression of the row, `One` for an object, `Many` for a list of them, `Each` for a
    list of them made of the row, `Itself` for one made of the row's own columns or values,
    `Decided` for one the reader decides, `Argued` for one that takes arguments, `Field` for
    one a permission guards).
    A row node's projection is read under its type's own read permission. A node type with
    rules of its own about which rows a reader sees (`visible`, where RowNode keeps such
    rules) cannot be projected: only its fields know those rules."""
    read: Permission | None = None
    table: Any = None
    for node_type in RowNode._types.values():
        if _type_name(node_type) != type_name:
            continue
        if node_type.visible.__func__ is not RowNode.visible.__func__:  # type: ignore[attr-defined]
            raise TypeError(f"{type_name} hides rows by rules of its own: not projectable")
        read, table = node_type.read_permission, node_type.row_model.__table__  # type: ignore[attr-defined]
    _PROJECTIONS[type_name] = Projection(
        {name: f if isinstance(f, Field) else Field(f) for name, f in fields.items()}, read, table
    )


def _type_name(node_type: type) -> str | None:
    definition = getattr(node_type, "__strawberry_definition__", None)
    return definition.name if definition else None


def column(name: str) -> Expression:
    return lambda row: row.c[name]


def columns(*names: str) -> dict[str, Expression]:
    """Fields that are their table's columns of the same name: `legal_name` is the field
    legalName, as strawberry names it."""
    return {to_camel_case(name): column(name) for name in names}


def global_id(type_name: str) -> Expression:
    """The relay ID of a row of `type_name` (base64 of "Type:uuid", as strawberry writes it:
    PostgreSQL's base64 breaks its lines, strawberry's does not)."""
    prefix: ColumnElement[Any] = literal_column(_quoted(f"{type_name}:"))
    return lambda row: func.translate(
        func.encode(
            func.convert_to(func.concat(prefix, row.c.id), literal_column("'UTF8'")),
            literal_column("'base64'"),
        ),
        literal_column("E'\\n'"),
        literal_column("''"),
    )


def instant(name: str) -> Expression:
    """A timestamptz column as strawberry writes a datetime: Python's isoformat of the UTC
    value, its microseconds only when there are any (null stays null: `||` keeps it)."""
    return lambda row: instant_of(row.c[name])


def instant_of(value: ColumnElement[Any]) -> ColumnElement[Any]:
    """A timestamptz value as strawberry writes a datetime (see instant)."""
    utc = func.timezone(literal_column("'UTC'"), value)
    micro = func.to_char(utc, literal_column("'YYYY-MM-DD\"T\"HH24:MI:SS.US'"))
    whole = func.regexp_replace(micro, literal_column("'\\.000000$'"), literal_column("''"))
    return whole.op("||")(literal_column("'+00:00'"))


def _quoted(text: str) -> str:
    """A GraphQL name (letters, digits, _) or a type prefix as an SQL string literal."""
    if not text.replace("_", "").replace(":", "").isalnum() or not text.isascii():
        raise ValueError(f"not a GraphQL name: {text!r}")
    return f"'{text}'"


@dataclass(frozen=True, slots=True)
class _Asked:
    """One response key of a selection: its field, and every node that asks for it."""

    name: str
    nodes: tuple[FieldNode, ...]

    def selection_sets(self) -> list[SelectionSetNode]:
        return [node.selection_set for node in self.nodes if node.selection_set]


@dataclass(frozen=True, slots=True)
class _ConnectionAsked:
    """What a selection asks of a connection, checked: its own fields only, its rows under
    one key at most (`rows_key`: edges or nodes), at most one node in an edge."""

    type_: GraphQLObjectType
    asked: dict[str, _Asked]
    rows_key: str | None
    edge: GraphQLObjectType | None  # the edge type, when the rows are edges
    edge_asked: dict[str, _Asked]
    node_type: GraphQLObjectType
    node_selection: list[SelectionSetNode] | None  # None: no node is asked
    # each pageInfo's response key: its own fields' names, by response key
    page_info: dict[str, dict[str, str]]


class _Writer:
    """A selection checked, and turned into SQL, for the role of `actor`."""

    def __init__(
        self,
        actor: Actor,
        fragments: dict[str, FragmentDefinitionNode],
        variables: Any,
        max_page_size: int,
        schema: GraphQLSchema,
    ) -> None:
        self.actor = actor
        self.schema = schema
        self.fragments = fragments
        self.variables = _variable_values(variables)
        self.max_page_size = max_page_size
        # a Decided value of the plan tells members apart: the plan is this member's
        self.for_members = False
        # the fields whose arguments the plan was written for, as (field, node)
        self.argued: list[tuple[GraphQLField, FieldNode]] = []

    def collected(
        self,
        selection_sets: Iterable[SelectionSetNode],
        type_: GraphQLObjectType,
        left: set[str] | None = None,
    ) -> dict[str, _Asked]:
        """The fields asked of `type_`, by response key, fragments spread: as graphql-core
        collects them, except that a directive or a field's arguments are left to it:
        Unwritable, or, given `left`, the response keys they touch are added to it (those
        fields are answered field by field, the rest written). Given `left`, a fragment on
        another type is passed over, as graphql-core passes over it for this type."""
        fields: dict[str, list[FieldNode]] = {}
        projection = _PROJECTIONS.get(type_.name)
        argued = {
            name
            for name, f in (projection.fields.items() if projection else ())
            if isinstance(f.value, Argued)
        }

        def leave(key: str, why: str) -> None:
            if left is None:
                raise Unwritable(why)
            left.add(key)

        def visit(selection_set: SelectionSetNode, leaving: bool) -> None:
            for selection in selection_set.selections:
                directed = leaving or bool(selection.directives)
                if isinstance(selection, FieldNode):
                    key = (selection.alias or selection.name).value
                    if directed:
                        leave(key, "a directive")
                    if selection.arguments and selection.name.value not in argued:
                        leave(key, "a field with arguments")
                    fields.setdefault(key, []).append(selection)
                    continue
                if isinstance(selection, FragmentSpreadNode):
                    fragment: Any = self.fragments[selection.name.value]
                    directed = directed or bool(fragment.directives)
                else:
                    fragment = selection
                condition = fragment.type_condition
                if condition is not None and condition.name.value != type_.name:
                    if left is None:
                        raise Unwritable("a fragment on another type")
                    if not self._applies(condition.name.value, type_):
                        continue
                visit(fragment.selection_set, directed)

        for selection_set in selection_sets:
            visit(selection_set, False)
        return {key: _Asked(nodes[0].name.value, tuple(nodes)) for key, nodes in fields.items()}

    def _applies(self, condition: str, type_: GraphQLObjectType) -> bool:
        """Whether a fragment on `condition` applies to an object of `type_` (as graphql-core
        decides: the type itself, or an interface or union it belongs to)."""
        on = self.schema.get_type(condition)
        return on is type_ or (is_abstract_type(on) and self.schema.is_sub_type(on, type_))  # type: ignore[arg-type]

    def _projection(self, type_: GraphQLObjectType) -> Projection:
        """How `type_` is written, for a reader who may read it."""
        projection = _PROJECTIONS.get(type_.name)
        if projection is None:
            raise Unwritable(f"{type_.name} has no projection")
        if projection.read is not None and not policy.allows(self.actor, projection.read):
            raise Unwritable(f"{type_.name} is not readable")  # null on the general path
        return projection

    def fields(
        self, type_: GraphQLObjectType, row: Any, selection_sets: list[SelectionSetNode]
    ) -> list[tuple[str, Field, ColumnElement[Any]]]:
        """Each field of `type_` asked that can be written for `row`: its response key, its
        projection and its value; the others are left to be answered field by field."""
        projection = self._projection(type_)
        left: set[str] = set()
        written = []
        for key, asked in self.collected(selection_sets, type_, left).items():
            field = projection.fields.get(asked.name)
            if key in left or field is None:
                continue
            try:
                written.append((key, field, self.value(type_, projection, row, asked)))
            except Unwritable:
                continue
        return written

    def object(
        self, type_: GraphQLObjectType, row: Any, selection_sets: list[SelectionSetNode]
    ) -> ColumnElement[Any]:
        """The JSON object of `type_` for `row`, its keys in the order asked."""
        projection = self._projection(type_)
        asked = self.collected(selection_sets, type_)
        if len(asked) > 50:  # json_build_object takes at most 100 arguments
            raise Unwritable("too many fields")
        parts: list[Any] = []
        for key, field in asked.items():
            parts += [literal_column(_quoted(key)), self.value(type_, projection, row, field)]
        return func.json_build_object(*parts)

    def value(
        self, type_: GraphQLObjectType, projection: Projection, row: Any, asked: _Asked
    ) -> ColumnElement[Any]:
        if asked.name == "__typename":
            return literal_column(_quoted(type_.name))
        field = projection.fields.get(asked.name)
        if field is None:
            raise Unwritable(f"{type_.name}.{asked.name} has no projection")
        if field.requires is not None and not policy.allows(self.actor, field.requires):
            raise Unwritable(f"{type_.name}.{asked.name} is not readable")
        value: Any = field.value
        if isinstance(value, Argued):
            definition = type_.fields[asked.name]
            node = asked.nodes[0]
            self.argued.append((definition, node))
            try:
                value = value.make(self.arguments(definition, node))
            except DomainError as refused:  # the resolver says why
                raise Unwritable("arguments the resolver refuses") from refused
        if isinstance(value, Paged):
            return self.page(_object_type(type_.fields[asked.name].type), value, row, asked)
        if isinstance(value, Decided):
            return self.decided(type_.fields[asked.name].type, value, row, asked)
        if isinstance(value, Many):
            related = _object_type(type_.fields[asked.name].type)
            table = _fresh(value.of.table)
            written = self.object(related, table, asked.selection_sets())
            listed = func.json_agg(aggregate_order_by(written, *value.order(table)))
            every = value.of.rows(row, table, func.coalesce(listed, literal_column("'[]'::json")))
            return _within(every, row).scalar_subquery()
        if isinstance(value, Itself):
            related = _object_type(type_.fields[asked.name].type)
            made = row if value.of is None else value.of(row)
            written = self.object(related, made, asked.selection_sets())
            return written if value.when is None else case((value.when(made), written))
        if isinstance(value, Each):
            related = _object_type(type_.fields[asked.name].type)
            made = [self.object(related, each, asked.selection_sets()) for each in value.rows(row)]
            return func.json_build_array(*made)
        if isinstance(value, One):
            related = _object_type(type_.fields[asked.name].type)
            table = _fresh(value.table)
            written = self.object(related, table, asked.selection_sets())
            return _within(value.rows(row, table, written), row).scalar_subquery()
        return value(row)

    def arguments(self, definition: GraphQLField, node: FieldNode) -> dict[str, Any]:
        """The arguments `node` gives the field, as strawberry hands them to its resolver:
        by their Python names, input objects as their classes. A plan holds its arguments'
        values in its SQL and is kept for them: a client's own words (a search, an ID) are
        the general path's, which sends them as parameters and keeps no plan per value."""
        given = get_argument_values(definition, node, self.variables)
        if _has_text(given):
            raise Unwritable("a client's text")
        strawberry_schema = self.schema._strawberry_schema  # type: ignore[attr-defined]
        return convert_arguments(
            given,
            definition.extensions["strawberry-definition"].arguments,
            scalar_registry=strawberry_schema.schema_converter.scalar_registry,
            config=strawberry_schema.config,
        )

    def connection(
        self, selection_sets: list[SelectionSetNode], connection: GraphQLObjectType
    ) -> _ConnectionAsked:
        """What `selection_sets` ask of `connection`, checked (see _ConnectionAsked)."""
        asked = self.collected(selection_sets, connection)
        if not {a.name for a in asked.values()} <= _CONNECTION_FIELDS:
            raise Unwritable("a field of the connection")
        holding = [key for key, a in asked.items() if a.name in ("edges", "nodes")]
        if len(holding) > 1:  # the rows asked twice over: the general path
            raise Unwritable("the rows asked for more than once")
        rows_key = holding[0] if holding else None
        edge: GraphQLObjectType | None = None
        edge_asked: dict[str, _Asked] = {}
        node_type = _object_type(connection.fields["nodes"].type)
        node_selection = None
        if rows_key is not None and asked[rows_key].name == "edges":
            edge = _object_type(connection.fields["edges"].type)
            edge_asked = self.collected(asked[rows_key].selection_sets(), edge)
            if not {a.name for a in edge_asked.values()} <= {"__typename", "cursor", "node"}:
                raise Unwritable("a field of the edge")
            nodes = [a for a in edge_asked.values() if a.name == "node"]
            if len(nodes) > 1:
                raise Unwritable("the node asked for more than once")
            node_selection = nodes[0].selection_sets() if nodes else None
        elif rows_key is not None:
            node_selection = asked[rows_key].selection_sets()
        info = _object_type(connection.fields["pageInfo"].type)
        page_info = {
            key: {k: f.name for k, f in self.collected(a.selection_sets(), info).items()}
            for key, a in asked.items()
            if a.name == "pageInfo"
        }
        for fields in page_info.values():
            if not set(fields.values()) <= _PAGE_INFO_FIELDS:
                raise Unwritable("a field of the page's info")
        return _ConnectionAsked(
            connection, asked, rows_key, edge, edge_asked, node_type, node_selection, page_info
        )

    def page(
        self, connection: GraphQLObjectType, paged: Paged, row: Any, asked: _Asked
    ) -> ColumnElement[Any]:
        """The connection's JSON for the first page of `paged`'s rows of `row`."""
        first = DEFAULT_PAGE_SIZE if paged.first is None else paged.first
        if not 0 <= first <= self.max_page_size:
            raise Unwritable("a page size the resolver refuses")
        shown = self.connection(asked.selection_sets(), connection)
        statement, keys = paged.listing(row)
        statement = _within(statement, row)
        sort = [key.expression.label(f"sort_{i}") for i, key in enumerate(keys)]
        page = (
            statement.add_columns(*sort)
            .order_by(*(_direction(key.expression, key.descending) for key in keys))
            .limit(first + 1)
            .subquery()
        )
        sorted_by = [page.c[f"sort_{i}"] for i in range(len(keys))]
        place = func.row_number().over(
            order_by=[_direction(c, k.descending) for c, k in zip(sorted_by, keys, strict=True)]
        )
        if shown.node_selection is None:
            node: Any = null()
        else:
            node = self.object(shown.node_type, page, shown.node_selection)
        rows = select(
            node.label("node"),
            _cursor(paged.order, sorted_by).label("cursor"),
            place.label("place"),
        ).subquery()
        in_page = rows.c.place <= first
        in_order = aggregate_order_by(rows.c.cursor, rows.c.place)
        backwards = aggregate_order_by(rows.c.cursor, rows.c.place.desc())
        info: dict[str, Any] = {
            "__typename": literal_column(
                _quoted(_object_type(connection.fields["pageInfo"].type).name)
            ),
            "hasNextPage": func.count() > first,
            "hasPreviousPage": false(),
            "startCursor": func.array_agg(in_order).filter(in_page)[1],
            "endCursor": func.array_agg(backwards).filter(in_page)[1],
        }
        edge = {"node": rows.c.node, "cursor": rows.c.cursor}
        if shown.edge is not None:
            edge["__typename"] = literal_column(_quoted(shown.edge.name))
        parts: list[Any] = []
        for key, a in shown.asked.items():
            if a.name == "__typename":
                value: Any = literal_column(_quoted(connection.name))
            elif a.name == "totalCount":
                counted = _within(statement.order_by(None), row).subquery()
                value = select(func.count()).select_from(counted).scalar_subquery()
            elif a.name == "pageInfo":
                value = _object_of({k: info[name] for k, name in shown.page_info[key].items()})
            else:  # the rows: nodes, or edges
                one: Any = rows.c.node
                if a.name == "edges":
                    one = _object_of({k: edge[e.name] for k, e in shown.edge_asked.items()})
                listed = func.json_agg(aggregate_order_by(one, rows.c.place)).filter(in_page)
                value = func.coalesce(listed, literal_column("'[]'::json"))
            parts += [literal_column(_quoted(key)), value]
        # one row, of the page's aggregates, even when it has no row or asks for none
        return (
            select(func.json_build_object(*parts))
            .select_from(rows)
            .having(true())
            .scalar_subquery()
        )

    def decided(
        self, type_: GraphQLOutputType, decided: Decided, row: Any, asked: _Asked
    ) -> ColumnElement[Any]:
        """The CASE over the row's columns that answers as the resolver would for this
        reader, one branch for each row the columns tell apart (one, for every row, when
        there are no columns)."""
        kinds = [
            [(name, value, self._is(row.c[name], value, values)) for value in self._values(values)]
            for name, values in decided.columns.items()
        ]
        whens = []
        for kind in itertools.product(*kinds):
            row_kind = SimpleNamespace(**{n: v for n, v, _ in kind})
            answer = decided.answer(self.actor, row_kind)
            if not self.for_members and any(
                decided.answer(other, row_kind) != answer for other in self._other_members()
            ):
                self.for_members = True
            if answer is not None:
                written = self.constant(type_, answer, asked.selection_sets())
                condition = and_(*(is_ for _, _, is_ in kind)) if kind else true()
                whens.append((condition, cast(literal(written), JSON)))
        return case(*whens, else_=null()) if whens else null()

    def _other_members(self) -> list[Actor]:
        """Readers of the same role but another member, or none, or the other way delegated:
        an answer that differs for one of them is the member's own."""
        actor = self.actor
        return [
            replace(actor, membership_id=None),
            replace(actor, membership_id=_ANOTHER_MEMBER, delegated=not actor.delegated),
        ]

    def _viewer(self, values: Iterable[Any] | str) -> UUID | None:
        """The viewer's own value of a VIEWER or VIEWING_USER column."""
        return self.actor.membership_id if values == VIEWER else self.actor.user_id

    def _values(self, values: Iterable[Any] | str) -> list[Any]:
        if values not in (VIEWER, VIEWING_USER):
            return list(values)
        self.for_members = True  # the CASE names the viewer
        viewer = self._viewer(values)
        return [None, _ANOTHER_MEMBER] if viewer is None else [None, viewer, _ANOTHER_MEMBER]

    def _is(
        self, column: ColumnElement[Any], value: Any, values: Iterable[Any] | str
    ) -> ColumnElement[bool]:
        """The condition that the row's `column` holds `value`, as _values lists `values`."""
        if value is None:
            return column.is_(None)
        if isinstance(value, enum.Enum):
            return column == literal(value.value)
        viewer = self._viewer(values)
        if value is not _ANOTHER_MEMBER:
            return column == literal_column(f"'{UUID(str(value))}'::uuid")
        if viewer is None:
            return column.is_not(None)
        return and_(column.is_not(None), column != literal_column(f"'{UUID(str(viewer))}'::uuid"))

    def constant(
        self, type_: GraphQLOutputType, value: Any, selection_sets: list[SelectionSetNode]
    ) -> str:
        """`value`, as a resolver returns it, written as JSON for the selection: as graphql-
        core completes it, for fields that are plain attributes and leaves."""
        return orjson.dumps(self._completed(type_, value, selection_sets)).decode()

    def _completed(
        self, type_: GraphQLOutputType, value: Any, selection_sets: list[SelectionSetNode]
    ) -> Any:
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        if value is None:
            return None
        if isinstance(type_, GraphQLList):
            return [self._completed(type_.of_type, item, selection_sets) for item in value]
        if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
            return type_.coerce_output_value(value)
        if not isinstance(type_, GraphQLObjectType):
            raise Unwritable(f"{type_} is abstract")
        completed: dict[str, Any] = {}
        for key, asked in self.collected(selection_sets, type_).items():
            if asked.name == "__typename":
                completed[key] = type_.name
                continue
            field = type_.fields[asked.name]
            definition = field.extensions.get("strawberry-definition")
            if definition is None or definition.base_resolver is not None:
                raise Unwritable(f"{type_.name}.{asked.name} has a resolver")
            attribute = getattr(value, definition.python_name)
            completed[key] = self._completed(field.type, attribute, asked.selection_sets())
        return completed


@dataclass(frozen=True, slots=True, eq=False)
class WrittenList:
    """How PostgreSQL writes a list of objects: `shape`, each row's JSON as an expression of
    the row (named PAGE_ROW), then `list` for the resolver to return. A plan is equal only
    to itself: a loader may take it as part of its question."""

    shape: ColumnElement[Any]

    def list(self, rows: Sequence[str]) -> WrittenJSON:
        """The list as the resolver returns it, JSON already written: `rows` as `shape`
        wrote them, in their order."""
        return WrittenJSON(orjson.dumps([orjson.Fragment(row) for row in rows]))


@dataclass(frozen=True, slots=True, eq=False)
class WrittenPage:
    """How PostgreSQL writes a connection's page: `shape` for paginate (each row's JSON),
    then `connection` for the resolver to return. Equal only to itself, as WrittenList."""

    shape: ColumnElement[Any]
    connection_type: GraphQLObjectType
    asked: dict[str, _Asked]
    rows_key: str  # the response key holding the rows: `edges`, else `nodes`
    edge: GraphQLObjectType | None
    edge_asked: dict[str, _Asked]
    # each pageInfo's response key: its own fields, by response key
    page_info: dict[str, dict[str, str]]

    def connection(self, page: Page, order: str = "") -> Any:
        """The connection as the resolver returns it, JSON already written, in the order
        asked; `page.rows` are the rows as `shape` wrote them. Cursors are written only
        where asked for: a list page seldom wants each row's."""
        nodes = [orjson.Fragment(row) for row in page.rows]
        written: dict[str, Any] = {}
        for key, asked in self.asked.items():
            if asked.name == "__typename":
                written[key] = self.connection_type.name
            elif asked.name == "totalCount":
                written[key] = page.total_count
            elif asked.name == "pageInfo":
                written[key] = self._page_info(self.page_info[key], page, order)
            elif self.edge is None:
                written[key] = nodes
            else:
                written[key] = [
                    self._edge(node, sort_key, order)
                    for node, sort_key in zip(nodes, page.keys, strict=True)
                ]
        return WrittenJSON(orjson.dumps(written))

    def _page_info(self, asked: dict[str, str], page: Page, order: str) -> dict[str, Any]:
        info: dict[str, Any] = {}
        for key, name in asked.items():
            if name == "hasNextPage":
                info[key] = page.has_next_page
            elif name == "hasPreviousPage":
                info[key] = page.has_previous_page
            elif name == "startCursor":
                info[key] = encode_cursor(page.keys[0], order) if page.keys else None
            elif name == "endCursor":
                info[key] = encode_cursor(page.keys[-1], order) if page.keys else None
            else:
                info[key] = "PageInfo"
        return info

    def _edge(self, node: orjson.Fragment, sort_key: tuple[Any, ...], order: str) -> dict[str, Any]:
        assert self.edge is not None
        edge: dict[str, Any] = {}
        for key, asked in self.edge_asked.items():
            if asked.name == "node":
                edge[key] = node
            elif asked.name == "cursor":
                edge[key] = encode_cursor(sort_key, order)
            else:
                edge[key] = self.edge.name
        return edge


def _cursor(order: str, keys: Sequence[ColumnElement[Any]]) -> ColumnElement[Any]:
    """A row's cursor, as app.api.relay.encode_cursor writes it of its sort key's values:
    URL-safe base64 of {"o": order, "k": [each value, tagged by its type]} without spaces.
    Keys of other types than instants, dates, UUIDs and integers are the general path's."""
    parts: list[Any] = []
    for key in keys:
        kind = key.type
        if isinstance(kind, DateTime):
            part = literal('{"dt":"') + instant_of(key) + literal('"}')
        elif isinstance(kind, Date):
            part = literal('{"d":"') + cast(key, Text) + literal('"}')
        elif isinstance(kind, Uuid):
            part = literal('{"uuid":"') + cast(key, Text) + literal('"}')
        elif isinstance(kind, Integer):
            part = cast(key, Text)
        else:
            raise Unwritable(f"a cursor of {kind}")
        parts.append(func.coalesce(part, literal("null")))
    written: Any = literal('{"o":' + json.dumps(order) + ',"k":[')
    for n, part in enumerate(parts):
        written = written + (literal(",") + part if n else part)
    written = written + literal("]}")
    base64 = func.encode(
        func.convert_to(written, literal_column("'UTF8'")), literal_column("'base64'")
    )
    return func.translate(base64, literal_column("E'+/\\n'"), literal_column("'-_'"))


def _variable_values(coerced: Any) -> VariableValues:
    """The request's variables as graphql-core reads arguments with them (a resolver's info
    holds only their values)."""
    return VariableValues({}, coerced)


_CONNECTION_FIELDS = {"__typename", "totalCount", "pageInfo", "edges", "nodes"}
_PAGE_INFO_FIELDS = {"__typename", "hasNextPage", "hasPreviousPage", "startCursor", "endCursor"}


def _has_text(value: Any) -> bool:
    """Whether arguments as graphql-core coerces them hold a string (an enum's member is
    not one: its type is the enum's)."""
    if type(value) is str:
        return True
    if isinstance(value, dict):
        return any(_has_text(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_text(v) for v in value)
    return False


def _object_of(values: Mapping[str, Any]) -> ColumnElement[Any]:
    """A JSON object of `values`, by response key, in their order."""
    parts: list[Any] = []
    for key, value in values.items():
        parts += [literal_column(_quoted(key)), value]
    return func.json_build_object(*parts)


def _direction(expression: Any, descending: bool) -> Any:
    return expression.desc() if descending else expression.asc()


def _fresh(table: Any) -> Any:
    """A table as read at one place of a selection: an alias of its own (rows the statement
    itself names, as the page's row, stay as they are)."""
    return table.alias() if isinstance(table, FromClause) else table


def _within(rows: Select[Any], outer: Any) -> Select[Any]:
    """`rows` as a subquery of its outer row only: a table an enclosing subquery also reads
    is read again here, never taken for the enclosing one's."""
    return rows.correlate(outer if isinstance(outer, FromClause) else None)


def _object_type(type_: GraphQLOutputType) -> GraphQLObjectType:
    named = get_named_type(type_)
    if not isinstance(named, GraphQLObjectType):
        raise Unwritable(f"{named} is not an object type")
    return named


def _plan(
    writer: _Writer, field_nodes: list[FieldNode], type_: GraphQLOutputType
) -> WrittenPage | WrittenList:
    """The plan of a field of `type_`: a connection (a page) or a list of objects."""
    selection_sets = [n.selection_set for n in field_nodes if n.selection_set]
    listed = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(listed, GraphQLList):
        item = (
            listed.of_type.of_type if isinstance(listed.of_type, GraphQLNonNull) else listed.of_type
        )
        if not isinstance(item, GraphQLObjectType):
            raise Unwritable(f"a list of {item}")
        return WrittenList(_compiled(writer.object(item, _Named(PAGE_ROW), selection_sets)))
    shown = writer.connection(selection_sets, _object_type(type_))
    if shown.rows_key is None or shown.node_selection is None:
        raise Unwritable("no rows asked for")  # nothing to write
    row = _Named(PAGE_ROW)
    shape = _compiled(writer.object(shown.node_type, row, shown.node_selection))
    return WrittenPage(
        shape,
        shown.type_,
        shown.asked,
        shown.rows_key,
        shown.edge,
        shown.edge_asked,
        shown.page_info,
    )


@dataclass(frozen=True, slots=True, eq=False)
class WrittenFields:
    """How PostgreSQL writes the fields it can of one row node: `statement` selects, for
    the row of the tenant whose `id` it is given, each one's JSON (as an array of one), in
    the order of `keys`, their response keys."""

    keys: tuple[str, ...]
    statement: Select[Any]


def _fields_plan(
    writer: _Writer, field_nodes: list[FieldNode], type_: GraphQLObjectType
) -> WrittenFields | None:
    """The plan of the fields of a row node of `type_` that can be written; None unless one
    of them reads other rows (the rest cost the fields nothing a statement would save)."""
    selection_sets = [n.selection_set for n in field_nodes if n.selection_set]
    table = getattr(_PROJECTIONS.get(type_.name), "table", None)
    if table is None:
        return None
    written = writer.fields(type_, _Named(PAGE_ROW), selection_sets)
    if not any(isinstance(field.value, One | Many | Argued) for _, field, _ in written):
        return None
    row = table.alias(PAGE_ROW)
    # json_build_array writes a value of any type, a bare string constant included (to_json
    # cannot tell the type of one)
    values = [_compiled(func.json_build_array(value)) for _, _, value in written]
    statement = (
        select(*values)
        .select_from(row)
        .where(row.c.tenant_id == bindparam("tenant_id"), row.c.id == bindparam("id"))
    )
    return WrittenFields(tuple(key for key, _, _ in written), statement)


def _compiled(row: ColumnElement[Any]) -> ColumnElement[Any]:
    """A row's JSON as text, written out as SQL once, its constants inline (the day,
    statuses, an argument's enums, numbers and dates: never a client's text, see
    _Writer.arguments): SQLAlchemy would otherwise walk the whole expression for its cache
    key on every request, which cost more than the rest of the statement."""
    sql = cast(row, Text).compile(dialect=asyncpg.dialect(), compile_kwargs={"literal_binds": True})
    return literal_column(str(sql), Text)


@dataclass(frozen=True, slots=True)
class _Kept:
    """A plan kept, with the field nodes it was made for (so that their ids are not reused
    while it is kept). An entry for a plan that depends on more than the selection, the
    role and the day holds none, but says on what: the member (`for_members`, see
    _Writer.for_members) and the values of the `argued` fields' arguments; the plan is kept
    under the key they refine."""

    nodes: list[FieldNode]
    plan: WrittenPage | WrittenList | WrittenFields | None
    for_members: bool = False
    argued: tuple[tuple[GraphQLField, FieldNode], ...] = ()

    @property
    def refines(self) -> bool:
        return self.for_members or bool(self.argued)

    def refined(
        self, key: tuple[Any, ...], raw: GraphQLResolveInfo, actor: Actor
    ) -> tuple[Any, ...]:
        if self.for_members:
            key = (*key, actor.membership_id, actor.user_id, actor.delegated)
        if self.argued:
            variables = _variable_values(raw.variable_values)
            values = [get_argument_values(f, node, variables) for f, node in self.argued]
            key = (*key, orjson.dumps(values, default=str, option=orjson.OPT_SORT_KEYS))
        return key


# Plans by the selection (the parsed document is cached, so a repeated query brings the same
# field nodes), the type it is of, what the plan is for (a page, a list, an object's
# fields), the reader's role (what it may read decides whether a page can be written
# at all, and Decided values are written for it), the day (overdue counts compare with it)
# and, for a plan whose Decided values tell members apart, the member; for one that writes
# fields that take arguments, their values.
_PLANS: OrderedDict[tuple[Any, ...], _Kept] = OrderedDict()
_PLANS_KEPT = 1024


async def list_page(
    info: Info,
    order: str,
    read: Callable[[ColumnElement[Any] | None], Awaitable[Page]],
    by_fields: Callable[[Page], Any],
    counts: Callable[[], Awaitable[Any]] | None = None,
) -> Any:
    """A list's connection: `read(shape)` reads its page (`shape` for paginate, or None for
    whole rows), which PostgreSQL writes when the selection can be written, and else
    `by_fields(page)` (or what it awaits) answers field by field.

    `counts`: for a page read uncounted, the counts its screen asks for beside it (a board's,
    a queue's; anything with a `total`, read once a request): its total is theirs, read only
    when it is asked for. One count of the list's rows, not two."""
    written = page_plan(info)
    page = await read(written.shape if written else None)
    if counts is not None and "totalCount" in selected(info):
        page = replace(page, total_count=(await counts()).total)
    if written:
        return written.connection(page, order)
    connection = by_fields(page)
    return await connection if inspect.isawaitable(connection) else connection


def page_plan(info: Info) -> WrittenPage | None:
    """How PostgreSQL writes the page of the connection field of `info`, or None."""
    plan = written(info)
    assert not isinstance(plan, WrittenList), "not a connection field"
    return plan


def list_plan(info: Info) -> WrittenList | None:
    """How PostgreSQL writes the objects of the list field of `info`, or None."""
    plan = written(info)
    assert not isinstance(plan, WrittenPage), "not a list field"
    return plan


def written(info: Info) -> WrittenPage | WrittenList | None:
    """How PostgreSQL writes what the field of `info` asks for: the page of a connection
    field, the objects of a list field; None when the selection needs the general path (see
    the module's docstring)."""
    raw = info._raw_info
    return planned(raw, info.context.actor, raw.return_type, _plan)  # type: ignore[no-any-return]


async def written_fields(
    info: GraphQLResolveInfo, type_: GraphQLObjectType, node: RowNode
) -> dict[str, WrittenJSON] | None:
    """The fields of the row node `node` of `type_` that a root query field returns, as
    PostgreSQL writes them, by response key: those it can write (WrittenFields); None when
    none is worth a statement of its own, or the row is gone."""
    context = info.context
    actor = context.actor
    plan = planned(info, actor, type_, _fields_plan)
    if plan is None:
        return None
    row_id = getattr(node, type(node).resolve_id_attr())  # type: ignore[attr-defined]
    values = (
        await context.session.execute(plan.statement, {"tenant_id": actor.tenant_id, "id": row_id})
    ).one_or_none()
    if values is None:
        return None
    # each value is written as an array of one (see _fields_plan): the value is within
    return {key: WrittenJSON(value[1:-1]) for key, value in zip(plan.keys, values, strict=True)}


def planned(
    raw: GraphQLResolveInfo,
    actor: Actor,
    type_: GraphQLOutputType,
    make: Callable[[_Writer, list[FieldNode], Any], Any],
) -> Any:
    """The plan `make` makes of the fields `raw` asks of `type_`, kept (see _PLANS); None
    when they need the general path. Every plan is made here."""
    day = today()
    # what policy.allows reads
    key: tuple[Any, ...] = (
        tuple(id(node) for node in raw.field_nodes),
        id(type_),
        make,
        actor.role,
        actor.respondent_link_id is None,
        day,
    )
    kept = _PLANS.get(key)
    if kept is not None and kept.refines:
        refined = kept.refined(key, raw, actor)
        kept = _PLANS.get(refined)
        if kept is not None:
            _PLANS.move_to_end(refined)
    if kept is not None:
        _PLANS.move_to_end(key)
        return kept.plan
    settings = raw.context.settings
    writer = _Writer(actor, raw.fragments, raw.variable_values, settings.max_page_size, raw.schema)
    try:
        plan = make(writer, raw.field_nodes, type_)
    except Unwritable:
        plan = None
    if today() != day:  # built across midnight: what it holds may be of either day
        return plan
    refining = _Kept(raw.field_nodes, None, writer.for_members, tuple(writer.argued))
    if refining.refines:
        _keep(key, refining)
        key = refining.refined(key, raw, actor)
    _keep(key, _Kept(raw.field_nodes, plan))
    return plan


def _keep(key: tuple[Any, ...], kept: _Kept) -> None:
    _PLANS[key] = kept
    _PLANS.move_to_end(key)
    if len(_PLANS) > _PLANS_KEPT:
        _PLANS.popitem(last=False)
