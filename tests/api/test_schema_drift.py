"""graphql/schema.graphql is the schema the code serves; regenerate it with the README's command."""

from pathlib import Path

from app.api.schema import schema

SDL = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"


def test_checked_in_schema_matches_the_code():
    assert SDL.read_text().strip() == schema.as_str().strip(), (
        "graphql/schema.graphql is stale: run "
        "`uv run strawberry export-schema app.api.schema:schema --output graphql/schema.graphql`"
    )
