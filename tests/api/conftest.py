"""Fixtures of the API's tests."""

from typing import Any

import pytest

from app.api import json_pages


class Writing:
    """Both ways a list page or list is answered (app/api/json_pages.py): written by
    PostgreSQL, and field by field; whether the last one planned was written."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.plans: list[Any] = []
        self.original = json_pages.planned

    def written(self) -> bool:
        return bool(self.plans) and self.plans[-1] is not None

    def sql(self) -> None:
        def spied(*asked: Any) -> Any:
            self.plans.append(self.original(*asked))
            return self.plans[-1]

        self.monkeypatch.setattr(json_pages, "planned", spied)

    def fields(self) -> None:
        self.monkeypatch.setattr(json_pages, "planned", lambda *asked: None)

    async def both(
        self, client: Any, query: str, variables: Any, token: str, operation: str | None = None
    ) -> tuple[Any, Any, bool]:
        """The response written by PostgreSQL, the fields' own, and whether the first was
        written (rather than falling back to the fields)."""
        body = {"query": query, "variables": variables}
        if operation:
            body["operationName"] = operation
        headers = {"Authorization": f"Bearer {token}"}
        self.sql()
        written = (await client.post("/graphql", json=body, headers=headers)).json()
        was_written = self.written()
        self.fields()
        by_fields = (await client.post("/graphql", json=body, headers=headers)).json()
        self.sql()
        return written, by_fields, was_written


@pytest.fixture
def writing(monkeypatch: pytest.MonkeyPatch) -> Writing:
    return Writing(monkeypatch)
