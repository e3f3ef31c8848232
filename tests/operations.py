"""The front end's own GraphQL documents (frontend-contract/operations), for the tests and
the benchmarks that ask for a screen, or make a change, as the front end does."""

from pathlib import Path

OPERATIONS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"


def front_end_document(operation: str) -> str:
    """The front end's document (one .graphql file, with its fragments) that holds the
    query or mutation `operation`: sent with its operationName."""
    for path in sorted(OPERATIONS.glob("*.graphql")):
        text = path.read_text()
        for kind in ("query", "mutation"):
            if f"{kind} {operation}(" in text or f"{kind} {operation} " in text:
                return text
    raise LookupError(f"no front-end operation {operation}")
