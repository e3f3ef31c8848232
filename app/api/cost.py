"""What an operation will cost, estimated before it runs, and a limit on it.

The cost is the number of fields the operation resolves when every list is as long as it may
be: a connection holds `first` (or `last`, or the default page size) items, a plain list
its own `first` where it takes one, else an assumed LIST_SIZE. Each field counts once per item of every list above it, so nesting
multiplies: `vendors(first: 100) { edges { node { fourthParties { linkedVendor { ... } } } } }`
costs a hundred times twenty times whatever is under `linkedVendor`. Depth, alias and token
limits bound the shape of an operation; this bounds the work.
"""

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from domain.shared.pagination import DEFAULT_PAGE_SIZE

# The length assumed for a list that is not paged (a vendor's contacts, a report's CUECs).
LIST_SIZE = 20


def estimate(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    max_page_size: int,
) -> int:
    """The cost of the operation to run; 0 if there is none to run (validation says why)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    # a variable the request leaves out takes its default: the resolver will use it too
    values = {
        d.variable.name.value: int(d.default_value.value)
        for d in operation.variable_definitions or ()
        if isinstance(d.default_value, IntValueNode)
    }
    values.update(variables or {})
    walker = _Walker(schema, document, values, max_page_size)
    return walker.cost(operation.selection_set, root, 1)


class _Walker:
    """Costs are counted per one resolution of a selection set and multiplied by the items
    above it; a fragment's cost on a type is counted once however often it is spread (a
    fragment spread twice in each of twenty nested fragments is 2^20 fields, not 2^20 walks)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any],
        max_page_size: int,
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.max_page_size = max_page_size
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._spread: dict[tuple[str, str, int], int] = {}

    def cost(self, selections: SelectionSetNode, parent: Any, page: int) -> int:
        """The cost of resolving `selections` once on `parent`; `page` is the page size when
        `parent` is a connection (its edges are that many)."""
        total = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, on or parent, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value, parent, page)
        return total

    def _fragment(self, name: str, parent: Any, page: int) -> int:
        fragment = self.fragments.get(name)
        if fragment is None:
            return 0  # validation refuses the operation anyway
        on = self.schema.get_type(fragment.type_condition.name.value) or parent
        key = (name, on.name, page)
        if key not in self._spread:
            self._spread[key] = 0  # a cycle (refused by validation) costs nothing here
            self._spread[key] = self.cost(fragment.selection_set, on, page)
        return self._spread[key]

    def _field(self, node: FieldNode, parent: Any, page: int) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 1  # __typename; introspection is bounded by the schema
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        field = parent.fields.get(name)
        if field is None:
            return 0  # validation refuses the operation anyway
        if node.selection_set is None:
            return 1
        items, inner_page = 1, 1
        if _is_connection(field.type):
            inner_page = self._page_size(node)
        elif is_list_type(get_nullable_type(field.type)):
            items = page if _is_connection(parent) else self._list_size(node, field)
        return 1 + items * self.cost(node.selection_set, get_named_type(field.type), inner_page)

    def _list_size(self, node: FieldNode, field: Any) -> int:
        """A plain list's length: its own `first` where it takes one (given, else its
        default: a question's suggestions), else LIST_SIZE."""
        if "first" not in field.args:
            return LIST_SIZE
        arguments = {a.name.value: a.value for a in node.arguments or ()}
        given = self._int(arguments.get("first"))
        if given is None:
            default = field.args["first"].default_value
            given = default if isinstance(default, int) else LIST_SIZE
        return max(1, given)  # a list's resolver returns one at least where it holds any

    def _page_size(self, node: FieldNode) -> int:
        """`first`, else `last`, else the default page size; never more than the largest page
        (the resolver refuses a larger one with its own error)."""
        arguments = {a.name.value: a.value for a in node.arguments or ()}
        asked = [self._int(arguments.get(name)) for name in ("first", "last")]
        given = [n for n in asked if n is not None]
        return max(0, min(given[0] if given else DEFAULT_PAGE_SIZE, self.max_page_size))

    def _int(self, value: Any) -> int | None:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
            return given if isinstance(given, int) else None
        return None


def _is_connection(field_type: Any) -> bool:
    named = get_named_type(field_type)
    return isinstance(named, GraphQLObjectType) and {"edges", "pageInfo"} <= named.fields.keys()


# Estimates by the parsed document's identity (the parser's cache hands out the same object
# for the same text), the operation, the integer variables (all the estimate reads of them)
# and the largest page, worked out once: a screen sends the same document again and again,
# and walking it costs as much as executing a small one. The document is kept with its
# cost, so its id is not reused meanwhile.
_ESTIMATES: OrderedDict[tuple[Any, ...], tuple[DocumentNode, int]] = OrderedDict()
_ESTIMATES_KEPT = 512


class QueryCostLimit(SchemaExtension):
    """Refuses, before it runs, an operation whose estimated cost is over `max_cost`."""

    def __init__(self, *, max_cost: int, max_page_size: int) -> None:
        self.max_cost = max_cost
        self.max_page_size = max_page_size

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.result:
            variables = context.variables or {}
            numbers = tuple(sorted((k, v) for k, v in variables.items() if isinstance(v, int)))
            key = (id(document), context.operation_name, numbers, self.max_page_size)
            kept = _ESTIMATES.get(key)
            if kept is None or kept[0] is not document:
                schema = context.schema._schema
                cost = estimate(
                    schema, document, context.operation_name, variables, self.max_page_size
                )
                kept = _ESTIMATES[key] = (document, cost)
                if len(_ESTIMATES) > _ESTIMATES_KEPT:
                    _ESTIMATES.popitem(last=False)
            _ESTIMATES.move_to_end(key)
            cost = kept[1]
            if cost > self.max_cost:
                message = (
                    f"The operation would resolve up to {cost} fields, over the limit of "
                    f"{self.max_cost}: ask for smaller pages or fewer nested lists."
                )
                context.result = ExecutionResult(
                    data=None,
                    errors=[
                        GraphQLError(
                            message,
                            extensions={
                                "code": "QUERY_TOO_COSTLY",
                                "cost": cost,
                                "maxCost": self.max_cost,
                            },
                        )
                    ],
                )
        yield
