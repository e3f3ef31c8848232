"""The front end's own GraphQL documents (frontend-contract/operations), for the tests and
the benchmarks that ask for a screen as the front end does."""

from pathlib import Path

OPERATIONS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"


def front_end_document(operation: str) -> str:
    """The front end's document (one .graphql file, with its fragments) that holds query
    `operation`."""
    for path in sorted(OPERATIONS.glob("*.graphql")):
        text = path.read_text()
        if f"query {operation}(" in text or f"query {operation} " in text:
            return text
    raise LookupError(f"no front-end query {operation}")
