"""Every list a front end shows costs the same SQL statements whatever its page size.

Each list is asked for by the front end's own operation (frontend-contract/operations), as
its screen asks for it, over HTTP, at pages of 1, 2, 5 and 20 rows, in a tenant where every
row has every kind of related thing the operation shows (tests/api/full_lists.py). A loader
that runs for some rows only would make a small page cheaper than a large one; with every
row full, a count that still grows with the page is an N+1.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.api.full_lists import FullLists, full_lists
from tests.operations import front_end_document

SIZES = (1, 2, 5, 20)


@dataclass(frozen=True)
class ListPage:
    """A list as a screen asks for it: its operation, where its rows are in the answer
    (`*`: in each of a list), what every row (an edge's node) must show, and the
    variable that sizes the page."""

    name: str
    query: str
    rows: str
    shows: tuple[str, ...] = ()
    variables: Callable[[FullLists], dict[str, Any]] = field(default=lambda _: {})
    size: str = "first"
    case: str = ""  # what tells two lists of one operation apart

    def __str__(self) -> str:
        return f"{self.name}-{self.case}" if self.case else self.name


def front_end(name: str, rows: str, *shows: str, **options: Any) -> ListPage:
    """The list of the front end's operation `name`."""
    return ListPage(name, front_end_document(name), rows, shows, **options)


PAGES = [
    front_end("Members", "members.edges", "user.email"),
    front_end("ApiTokens", "apiTokens.edges", "member.user.email"),
    front_end(
        "AuditEvents",
        "auditEvents.edges",
        "actor.user.email",
        # events of members (the tenant's own first events are the system's)
        variables=lambda _: {"filter": {"action": "vendor.created"}},
    ),
    front_end(
        "VendorList",
        "vendors.edges",
        "businessOwner",
        "contactsCount",
        "fourthPartiesCount",
        "findingCounts.open",
        "latestSocReport",
        variables=lambda _: {"filter": {"status": ["ACTIVE"]}},
    ),
    front_end(
        "VendorPage",
        "vendor.findings.nodes",
        "owner",
        variables=lambda world: {"id": world.ids["vendor"]},
        size="findingsFirst",
    ),
    front_end("VendorImports", "vendorImports.edges", "startedBy"),
    front_end(
        "VendorImport",
        "vendorImport.rows.edges",
        "vendorId",
        variables=lambda world: {"id": world.ids["vendor_import"]},
    ),
    front_end(
        "VendorDocuments",
        "documents.edges",
        "uploadedBy.user.email",
        variables=lambda world: {"vendorId": world.ids["vendor_with_documents"]},
    ),
    front_end(
        "DocumentsNeedingReview",
        "documents.edges",
        "uploadedBy.user.email",
        "vendor",
        "report.review.reasons",
    ),
    front_end(
        "FindingsBoard",
        "findings.nodes",
        "owner",
        "vendor",
        "document",
        "actions.*.owner",
        "exception",
        "report",
        variables=lambda _: {"filter": {"kind": ["CONTROL_EXCEPTION"]}},
    ),
    front_end(
        "ReviewQueue",
        "reviews.nodes",
        "vendor",
        "preparer",
        "approver",
        variables=lambda _: {"filter": {"status": ["COMPLETED"]}},
    ),
    front_end("QuestionnaireTemplates", "questionnaireTemplates.nodes", "createdBy"),
    front_end("QuestionnaireList", "questionnaires.nodes", "vendor", "template", "delivery"),
    front_end("Controls", "controls.nodes", "criteria", "owner", "evidenceCount"),
    front_end(
        "CuecCoverage", "cuecCoverage.nodes", "cuec", "report", "controls", "suggestions.*.control"
    ),
    front_end(
        "RiskRegister",
        "risks.nodes",
        "owner",
        "vendor",
        "residual",
        "mitigatingControls",
        "findings",
        "acceptance.approvedBy",
    ),
    front_end("EvidencePacks", "evidencePacks.nodes", "requestedBy", "csv", "pdf"),
    front_end("AnswerLibrary", "answerLibrary.nodes", "owner", "evidence"),
    front_end("CustomerQuestionnaires", "customerQuestionnaires.nodes", "owner", "progress.total"),
    front_end(
        "CustomerQuestionnairePage",
        "customerQuestionnaire.questions.nodes",
        "answeredBy",
        "suggestions.?.libraryEntry",
        "suggestions.?.trustDocument",
        "suggestions.?.control",
        variables=lambda world: {"id": world.ids["customer_questionnaire_0"]},
        case="controls",
    ),
    front_end(
        "CustomerQuestionnairePage",
        "customerQuestionnaire.questions.nodes",
        "answeredBy",
        "suggestions.?.libraryEntry",
        "suggestions.?.trustDocument",
        "suggestions.?.socReport",
        variables=lambda world: {"id": world.ids["customer_questionnaire_1"]},
        case="vendor-reports",
    ),
    front_end("TrustDocuments", "trustDocuments.nodes", "title"),
    front_end("TrustPackages", "trustPackages.nodes", "createdBy", "files"),
    front_end(
        "WebhookEndpoints",
        "webhookEndpoints.nodes",
        "createdBy",
        "deliveries.nodes.*.event",
        # every endpoint a tenant may have (20)
        variables=lambda _: {"deliveries": 1},
    ),
    front_end(
        "WebhookEndpoints",
        "webhookEndpoints.nodes.*.deliveries.nodes",
        "event",
        "viewerCan",
        variables=lambda _: {"first": 1},
        size="deliveries",
        case="deliveries",
    ),
    front_end("WebhookEvents", "webhookEvents.nodes", "data"),
]


def pages_of(data: Any, path: list[str]) -> list[Any]:
    """The lists at `path` (a page's rows: edges or nodes); `*` steps into each element."""
    if not path:
        return [data]
    head, *rest = path
    if head == "*":
        return [page for item in data for page in pages_of(item, rest)]
    return pages_of(data[head], rest)


def shows(value: Any, path: list[str]) -> bool:
    """Whether `value` has something (not null, empty or zero) at `path`: `*` for every
    element of a list, `?` for some element."""
    if not path:
        return value not in (None, [], {}, 0, "")
    head, *rest = path
    if head in ("*", "?"):
        found = [shows(item, rest) for item in value or []]
        return bool(found) and (all(found) if head == "*" else any(found))
    return isinstance(value, dict) and shows(value.get(head), rest)


@pytest.mark.parametrize("page", PAGES, ids=str)
async def test_a_list_page_costs_the_same_statements_at_any_size(
    client, db, count_statements, page: ListPage
):
    world = await full_lists(db)

    counts = {}
    for size in SIZES:
        variables = {**page.variables(world), page.size: size}
        count_statements.count = 0
        response = await client.post(
            "/graphql",
            json={"query": page.query, "operationName": page.name, "variables": variables},
            headers={"Authorization": f"Bearer {world.admin.token}"},
        )
        counts[size] = count_statements.count

        body = response.json()
        assert "errors" not in body, body["errors"]
        lists = pages_of(body["data"], page.rows.split("."))
        assert lists and all(len(rows) == size for rows in lists), (size, lists)
        for row in (item.get("node", item) for rows in lists for item in rows):
            missing = [p for p in page.shows if not shows(row, p.split("."))]
            assert not missing, f"a row of {page} at {size} lacks {missing}: {row}"

    assert len(set(counts.values())) == 1, f"{page}: statements by page size {counts}"
