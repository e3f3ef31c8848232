"""Every operation in frontend-contract/ is valid against the schema the code serves."""

from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

from app.api.schema import schema

OPERATIONS = sorted(
    (Path(__file__).resolve().parents[2] / "frontend-contract").glob("**/*.graphql")
)


def test_there_are_operations_to_check():
    assert OPERATIONS


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda p: p.name)
def test_front_end_operations_validate_against_the_schema(path: Path):
    served = build_schema(schema.as_str())

    errors = validate(served, parse(path.read_text()))

    assert [e.message for e in errors] == []
