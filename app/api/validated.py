"""Each parsed operation validated once: the validation cache of both schemas.

strawberry's ValidationCache keys an lru_cache by the parsed document, and graphql-core
hashes a document by every node of its tree, on every request: about a thousand nodes for a
screen's document (a profile of the vendor documents page put a sixth of the request's own
time there). ParserCache already hands out the same document object for the same text, so
here a document's validation is kept by that object's identity, the document itself kept
with it so its id is not reused while the entry lives.
"""

from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from graphql import DocumentNode, GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

# A parsed document's id and the validation rules: the document and its errors.
_Kept = OrderedDict[tuple[int, tuple[Any, ...]], tuple[DocumentNode, list[GraphQLError]]]


def validated_once(maxsize: int) -> Callable[[], "ValidatedOnce"]:
    """The extension's factory for one schema: each request's instance shares the schema's
    validations, the `maxsize` latest kept."""
    kept: _Kept = OrderedDict()
    return lambda: ValidatedOnce(kept, maxsize)


class ValidatedOnce(SchemaExtension):
    def __init__(self, kept: _Kept, maxsize: int) -> None:
        super().__init__()
        self.kept = kept
        self.maxsize = maxsize

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document, rules = context.graphql_document, tuple(context.validation_rules)
        assert document is not None
        key = (id(document), rules)
        found = self.kept.get(key)
        if found is None or found[0] is not document:
            errors = validate_document(context.schema._schema, document, rules)
            found = self.kept[key] = (document, errors)
            if len(self.kept) > self.maxsize:
                self.kept.popitem(last=False)
        self.kept.move_to_end(key)
        context.pre_execution_errors = found[1]
        yield
