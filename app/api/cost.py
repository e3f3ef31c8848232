"""What an operation will cost, estimated before it runs, and a limit on it.

The cost is the number of fields the operation resolves when every list is as long as it may
be: a connection holds `first` (or `last`, or the default page size) items, a plain list an
assumed LIST_SIZE. Each field counts once per item of every list above it, so nesting
multiplies: `vendors(first: 100) { edges { node { fourthParties { linkedVendor { ... } } } } }`
costs a hundred times twenty times whatever is under `linkedVendor`. Depth, alias and token
limits bound the shape of an operation; this bounds the work.
"""

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

# The length assumed for a list that is not paged (a vendor's contacts, a report's CUECs).
LIST_SIZE = 20
DEFAULT_PAGE_SIZE = 20  # what a connection returns without first or last (domain/shared)


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
    walker = _Walker(schema, document, variables or {}, max_page_size)
    return walker.cost(operation.selection_set, root, 1, 1)


class _Walker:
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

    def cost(self, selections: SelectionSetNode, parent: Any, multiplier: int, page: int) -> int:
        """The cost of `selections` on `parent`, resolved `multiplier` times; `page` is the
        page size when `parent` is a connection (its edges are that many)."""
        total = 0
        for node, parent_type in self._fields(selections, parent):
            name = node.name.value
            if name.startswith("__"):
                total += multiplier  # __typename; introspection is bounded by the schema
                continue
            field = parent_type.fields.get(name)
            if field is None:
                continue  # validation refuses the operation anyway
            total += multiplier
            if node.selection_set is None:
                continue
            inner, inner_page = multiplier, 1
            if _is_connection(field.type):
                inner_page = self._page_size(node)
            elif is_list_type(get_nullable_type(field.type)):
                inner *= page if _is_connection(parent_type) else LIST_SIZE
            total += self.cost(node.selection_set, get_named_type(field.type), inner, inner_page)
        return total

    def _fields(self, selections: SelectionSetNode, parent: Any) -> Iterator[tuple[FieldNode, Any]]:
        """The fields selected on `parent`, through inline fragments and fragment spreads, each
        with the type it is selected on (a fragment on a concrete type of an interface)."""
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
                    yield selection, parent
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.schema.get_type(condition.name.value) if condition else parent
                yield from self._fields(selection.selection_set, on or parent)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    on = self.schema.get_type(fragment.type_condition.name.value)
                    yield from self._fields(fragment.selection_set, on or parent)

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


class QueryCostLimit(SchemaExtension):
    """Refuses, before it runs, an operation whose estimated cost is over `max_cost`."""

    def __init__(self, *, max_cost: int, max_page_size: int) -> None:
        self.max_cost = max_cost
        self.max_page_size = max_page_size

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.result:
            cost = estimate(
                context.schema._schema,
                document,
                context.operation_name,
                context.variables,
                self.max_page_size,
            )
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
