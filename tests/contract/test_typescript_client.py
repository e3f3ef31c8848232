"""frontend-contract/generated/graphql.ts is what graphql-codegen makes of graphql/schema.graphql
and the operations in frontend-contract/operations/ today, and it type-checks."""

import difflib
import os

import pytest

from tests.contract.frontend import FRONTEND, run_node

GENERATED = FRONTEND / "generated" / "graphql.ts"
STALE = (
    "frontend-contract/generated/graphql.ts is stale: run frontend-contract/generate "
    "and commit the result"
)


@pytest.fixture(scope="session")
def regenerated(node_packages, tmp_path_factory) -> str:
    """The client as the generator writes it now (once per run), into a scratch file."""
    output = tmp_path_factory.mktemp("codegen") / "graphql.ts"
    result = run_node(
        "node_modules/.bin/graphql-codegen",
        "--config",
        "codegen.ts",
        env={**os.environ, "CODEGEN_OUTPUT": str(output)},
    )
    assert result.returncode == 0, (
        "graphql-codegen failed:\n" + (result.stdout + result.stderr)[-4000:]
    )
    return output.read_text()


def test_the_checked_in_typescript_client_is_up_to_date(regenerated):
    checked_in = GENERATED.read_text() if GENERATED.exists() else ""

    difference = list(
        difflib.unified_diff(
            checked_in.splitlines(),
            regenerated.splitlines(),
            "checked in",
            "generated now",
            lineterm="",
            n=1,
        )
    )

    assert difference == [], STALE + ":\n" + "\n".join(line[:200] for line in difference[:40])


def test_the_typescript_client_type_checks(node_packages):
    # strict, against the DOM's File (Upload) and the packages pinned in package-lock.json
    result = run_node("node_modules/.bin/tsc", "-p", ".")

    assert result.returncode == 0, result.stdout[-4000:]
