"""Text no column can hold, refused before a query runs: a NUL character (PostgreSQL text
cannot store it) or a lone surrogate (not UTF-8 at all), in a variable or a literal anywhere.

Checked once here rather than in every filter and argument, so a client's mistake is always
BAD_USER_INPUT and never reaches the database as a server error. Mutations are left to their
inputs' own validation (domain/shared/normalize.py), which names the field at fault in the
payload's errors.
"""

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, ExecutionResult, GraphQLError, StringValueNode, Visitor, visit
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from domain.shared.normalize import unstorable

MESSAGE = "Text must not contain NUL characters or unpaired surrogates."


class _Literals(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        self.found = self.found or unstorable(node.value)


def _in_literals(document: DocumentNode) -> bool:
    literals = _Literals()
    visit(document, literals)
    return literals.found


class StorableText(SchemaExtension):
    """Refuses an operation whose variables or string literals hold unstorable text."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if (
            document is not None
            and not context.result
            and context.operation_type is not OperationType.MUTATION
        ):
            if (
                unstorable(context.query or "")
                or unstorable(context.variables or {})
                or (
                    # a literal can only decode to such text through an escape: walk it only then
                    "\\u" in (context.query or "") and _in_literals(document)
                )
            ):
                context.result = ExecutionResult(
                    data=None,
                    errors=[GraphQLError(MESSAGE, extensions={"code": "BAD_USER_INPUT"})],
                )
        yield
