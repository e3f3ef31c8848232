"""The screens benchmarks.house_pages measures: each a front end's own operation
(frontend-contract/operations, the whole document it sends, with its fragments) and the
variables a realistic screen sends with it, on the data of benchmarks.house_seed.

Shared by the two servers' harness and the hand-written server (which answers exactly
these documents and no others), so that both read the same text.
"""

import base64
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg
import orjson

from benchmarks.house_seed import SHOWCASE_DOMAIN
from tests.operations import front_end_document


@dataclass(frozen=True)
class Scenario:
    """One screen: its name in the tables, the operation it sends, and its variables."""

    name: str
    operation: str
    variables: dict[str, Any]

    def body(self) -> bytes:
        """The request's JSON body, as a front end posts it."""
        return orjson.dumps(
            {
                "query": front_end_document(self.operation),
                "operationName": self.operation,
                "variables": self.variables,
            }
        )


def global_id(type_name: str, row_id: UUID) -> str:
    return base64.b64encode(f"{type_name}:{row_id}".encode()).decode()


async def scenarios(owner_url: str) -> list[Scenario]:
    """Every scenario, its ids looked up in the benchmark database (as its owner)."""
    connection = await asyncpg.connect(owner_url)
    try:
        showcase = await connection.fetchrow(
            "SELECT v.id, v.tenant_id FROM vendors v JOIN tenants t ON t.id = v.tenant_id "
            "WHERE t.name = 'Bench Co' AND v.domain = $1",
            SHOWCASE_DOMAIN,
        )
        latest_report = await connection.fetchval(
            "SELECT id FROM soc_reports WHERE tenant_id = $1 AND vendor_id = $2 "
            "ORDER BY period_end DESC LIMIT 1",
            showcase["tenant_id"],
            showcase["id"],
        )
    finally:
        await connection.close()
    vendor = global_id("Vendor", showcase["id"])
    first = {"first": 50}
    return [
        Scenario("app shell (Viewer)", "Viewer", {}),
        Scenario(
            "findings board, open",
            "FindingsBoard",
            {"filter": {"status": ["OPEN", "IN_REMEDIATION"]}, **first},
        ),
        Scenario(
            "findings board, overdue high+",
            "FindingsBoard",
            {
                "filter": {"overdue": True, "severity": ["CRITICAL", "HIGH"]},
                "orderBy": {"field": "DUE_DATE", "direction": "ASC"},
                **first,
            },
        ),
        Scenario(
            "review queue, to do",
            "ReviewQueue",
            {"filter": {"status": ["SCHEDULED", "IN_PROGRESS", "PENDING_APPROVAL"]}, **first},
        ),
        Scenario("questionnaire list", "QuestionnaireList", first),
        Scenario("risk register, open", "RiskRegister", {"filter": {"status": ["OPEN"]}, **first}),
        Scenario("documents needing review", "DocumentsNeedingReview", first),
        Scenario("vendor documents", "VendorDocuments", {"vendorId": vendor, **first}),
        Scenario(
            "vendor page",
            "VendorPage",
            {"id": vendor, "findingStatus": ["OPEN", "IN_REMEDIATION"]},
        ),
        Scenario(
            "SOC report review", "SocReportReview", {"id": global_id("SocReport", latest_report)}
        ),
    ]
