"""Plain async factories and a GraphQL helper for tests."""

import base64
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx

from app.db import Database
from domain.shared.actor import Actor
from domain.shared.roles import Role
from domain.tenancy import queries, service
from domain.vendors import service as vendor_service
from domain.vendors.models import Vendor, VendorStatus


@dataclass(frozen=True)
class Member:
    tenant_id: UUID
    membership_id: UUID
    user_id: UUID
    email: str
    role: Role
    token: str

    @property
    def global_id(self) -> str:
        return global_id("Member", self.membership_id)


def global_id(type_name: str, value: UUID | str) -> str:
    return base64.b64encode(f"{type_name}:{value}".encode()).decode()


def uuid_of(global_id: str) -> UUID:
    """The UUID inside a global ID."""
    return UUID(base64.b64decode(global_id).decode().split(":", 1)[1])


async def make_tenant(
    db: Database, name: str = "Acme", admin_email: str = "admin@acme.example"
) -> Member:
    """A tenant and its first ADMIN, with a token."""
    async with db.transaction(None) as session:
        created = await service.create_tenant(session, name, admin_email)
    return Member(
        tenant_id=created.tenant.id,
        membership_id=created.admin.id,
        user_id=created.admin.user_id,
        email=admin_email,
        role=Role.ADMIN,
        token=created.admin_token.secret,
    )


async def make_member(db: Database, tenant_id: UUID, email: str, role: Role) -> Member:
    """A member of the tenant with the given role, with a token."""
    async with db.transaction(tenant_id) as session:
        issued = await service.grant_token(session, tenant_id, email, role, "test")
        membership = await queries.get_membership(session, tenant_id, issued.token.membership_id)
        assert membership is not None
    return Member(
        tenant_id=tenant_id,
        membership_id=membership.id,
        user_id=membership.user_id,
        email=email,
        role=role,
        token=issued.secret,
    )


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST one operation; returns the JSON body (asserts the HTTP status is 200)."""
    response = await gql_response(client, query, variables, token, headers)
    assert response.status_code == 200, response.text
    return response.json()


async def gql_response(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    all_headers = {**(headers or {})}
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    return await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=all_headers
    )


# Columns that change without anyone changing anything: a token's use is stamped as it is used.
_VOLATILE = {("api_tokens", "last_used_at")}


def snapshot_columns() -> dict[str, list[str]]:
    """The columns tenant_state compares, per table: every column the models define."""
    from sqlmodel import SQLModel

    import app.areas  # noqa: F401 - every area loaded: tables and handlers

    return {
        table.name: [c.name for c in table.columns if (table.name, c.name) not in _VOLATILE]
        for table in SQLModel.metadata.sorted_tables
    }


def _snapshot_queries() -> dict[str, str]:
    """For every table the models define: all its columns (as text) of the rows a tenant owns,
    in primary-key order. Generated, so a new table or column is covered without a word."""
    from sqlmodel import SQLModel

    compared = snapshot_columns()
    queries = {}
    for table in SQLModel.metadata.sorted_tables:
        columns = compared[table.name]
        selected = ", ".join(f'"{name}"::text' for name in columns)
        order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
        if "tenant_id" in table.columns:
            where = "tenant_id = :t"
        elif table.name == "tenants":
            where = "id = :t"
        else:
            where = "true"  # shared rows (users): any change shows too
        # names from the models, never from input
        sql = f"SELECT {selected} FROM {table.name} WHERE {where} ORDER BY {order}"  # noqa: S608
        queries[table.name] = sql
    return queries


async def tenant_state(db: Database, tenant_id: UUID) -> dict[str, list[dict[str, str]]]:
    """Every column of every row a tenant owns (token use times aside), as text by column name,
    to prove a failure changed nothing."""
    from sqlalchemy import text

    columns = snapshot_columns()
    async with db.owner_transaction() as session:
        return {
            table: [
                dict(zip(columns[table], row, strict=True))
                for row in (await session.execute(text(sql), {"t": tenant_id})).all()
            ]
            for table, sql in _snapshot_queries().items()
        }


# A small questionnaire template, whole (every field given): as GraphQL's TemplateInput takes
# it and as the database stores it. A yes/no with a red flag, a follow-up shown on YES.
SMALL_TEMPLATE: dict[str, Any] = {
    "name": "Vendor security basics",
    "description": "A short check.",
    "sections": [
        {
            "title": "Access",
            "questions": [
                {
                    "key": "mfa",
                    "text": "Do administrators sign in with a second factor?",
                    "type": "YES_NO",
                    "required": True,
                    "help": None,
                    "choices": [
                        {"value": "YES", "label": "Yes", "weight": 5, "redFlag": False},
                        {"value": "NO", "label": "No", "weight": 0, "redFlag": True},
                    ],
                    "condition": None,
                    "criteria": ["CC6.1"],
                    "domain": "ACCESS_CONTROL",
                },
                {
                    "key": "mfa_how",
                    "text": "Which second factors do you accept?",
                    "type": "TEXT",
                    "required": False,
                    "help": None,
                    "choices": [],
                    "condition": {"key": "mfa", "anyOf": ["YES"]},
                    "criteria": [],
                    "domain": None,
                },
            ],
        }
    ],
}


async def make_template(db: Database, by: Member, template: dict[str, Any] | None = None) -> Any:
    """A questionnaire template saved by `by` (version 1)."""
    from domain.questionnaires import templates
    from domain.questionnaires.template_json import from_json

    async with db.transaction(by.tenant_id) as session:
        return await templates.create(session, actor_of(by), from_json(template or SMALL_TEMPLATE))


def actor_of(member: Member) -> Actor:
    """The domain actor a member's token stands for."""
    return Actor(
        tenant_id=member.tenant_id,
        role=member.role,
        user_id=member.user_id,
        membership_id=member.membership_id,
    )


async def make_vendor(
    db: Database, by: Member, name: str = "Globex Cloud", **fields: Any
) -> Vendor:
    """A vendor created by `by` (domain derived from the name unless given)."""
    status = fields.pop("status", VendorStatus.PROSPECT)
    fields.setdefault("domain", name.lower().replace(" ", "") + ".example")
    async with db.transaction(by.tenant_id) as session:
        return await vendor_service.create_vendor(
            session, actor_of(by), {"name": name, **fields}, status
        )


async def gql_upload(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
    file_path: str,
    content: bytes,
    token: str,
    headers: dict[str, str] | None = None,
    filename: str = "upload.csv",
    content_type: str = "text/csv",
) -> dict[str, Any]:
    """A GraphQL multipart request (the spec front ends use for files); `file_path` is the
    variable path the file goes to, e.g. `variables.input.file`."""
    response = await client.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": query, "variables": variables}),
            "map": json.dumps({"0": [file_path]}),
        },
        files={"0": (filename, content, content_type)},
        headers={"Authorization": f"Bearer {token}", **(headers or {})},
    )
    assert response.status_code == 200, response.text
    return response.json()


SMALL_EXTRACTION: dict[str, Any] = {
    "kind": "SOC2",
    "type": "TYPE2",
    "service_organization": "Supplier Inc.",
    "service_auditor": "Audit LLP",
    "period_start": "2025-01-01",
    "period_end": "2025-12-31",
    "as_of": None,
    "report_date": "2026-02-01",
    "opinion": "UNQUALIFIED",
    "opinion_basis": None,
    "trust_services_categories": ["SECURITY"],
    "exceptions": [
        {
            "control_id": "CC6.1.1",
            "criteria": ["CC6.1"],
            "control": "Access is reviewed quarterly.",
            "test": "Inspected reviews.",
            "result": "For 1 of 4 quarters the review was not performed.",
            "management_response": "Reviews are now scheduled.",
            "page": 40,
        }
    ],
    "cuecs": [{"text": "Customers review their users.", "criteria": ["CC6.2"], "page": 12}],
    "subservice_organizations": [
        {"name": "Amazon Web Services", "services": "hosting", "method": "CARVE_OUT", "page": 9}
    ],
    "csocs": [
        {
            "text": "AWS restricts physical access.",
            "subservice_organization": "Amazon Web Services",
            "criteria": ["CC6.4"],
            "page": 10,
        }
    ],
    "pages": 60,
    "warnings": [],
}


async def make_parsed_document(
    db: Database, member: Member, vendor_id: UUID, extraction: dict[str, Any] | None = None
) -> Any:
    """A SOC 2 document already read (no bytes stored), with one item of each kind, a
    reviewer's correction, the findings it calls for and a remediation step; returns the
    report row."""
    import hashlib

    from sqlmodel import select

    from domain.documents.models import Document, DocumentKind, ParseStatus
    from domain.findings.models import Finding, RemediationAction
    from domain.soc2 import parsing
    from domain.soc2.models import SocReportCorrection

    async with db.transaction(member.tenant_id) as session:
        extraction = extraction or SMALL_EXTRACTION
        document = Document(
            tenant_id=member.tenant_id,
            vendor_id=vendor_id,
            kind=DocumentKind.SOC2_REPORT,
            title="SOC 2",
            filename="soc2.pdf",
            content_type="application/pdf",
            size_bytes=1,
            sha256=hashlib.sha256(repr((vendor_id, extraction)).encode()).hexdigest(),
            parse_status=ParseStatus.PARSING,
        )
        session.add(document)
        await session.flush()
        # The worker's own last step: store, fourth parties, findings.
        report = await parsing.finish(session, member.tenant_id, document.id, extraction)
        assert report is not None
        session.add(
            SocReportCorrection(
                tenant_id=member.tenant_id,
                report_id=report.id,
                field="service_auditor",
                value="Audit LLP (corrected)",
                corrected_by=member.user_id,
            )
        )
        finding = (
            (await session.execute(select(Finding).where(Finding.document_id == document.id)))
            .scalars()
            .first()
        )
        if finding is not None:
            session.add(
                RemediationAction(
                    tenant_id=member.tenant_id, finding_id=finding.id, description="Fix it."
                )
            )
        return report


async def make_read_report(
    db: Database, member: Member, vendor_id: UUID, extraction: dict[str, Any], **document: Any
) -> Any:
    """A document (a SOC 2 report unless `kind` says otherwise) as the worker leaves it after
    reading `extraction`, and nothing else; returns its report row."""
    import hashlib
    import uuid

    from domain.documents.models import Document, DocumentKind, ParseStatus
    from domain.soc2 import parsing

    kind = document.pop("kind", DocumentKind.SOC2_REPORT)
    async with db.transaction(member.tenant_id) as session:
        row = Document(
            tenant_id=member.tenant_id,
            vendor_id=vendor_id,
            kind=kind,
            title=kind.value,
            filename="report.pdf",
            content_type="application/pdf",
            size_bytes=1,
            sha256=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
            parse_status=ParseStatus.PARSING,
            **document,
        )
        session.add(row)
        await session.flush()
        report = await parsing.finish(session, member.tenant_id, row.id, extraction)
        assert report is not None
        return report


async def read_again(
    db: Database, tenant_id: UUID, report: Any, extraction: dict[str, Any]
) -> None:
    """The worker's last step of a re-parse of the report's document that read `extraction`."""
    from domain.soc2 import parsing

    async with db.transaction(tenant_id) as session:
        await parsing.finish(session, tenant_id, report.document_id, extraction)


async def make_contact(
    db: Database, by: Member, vendor_id: UUID, email: str = "security@vendor.example"
) -> Any:
    """A security contact of the vendor, added by `by`."""
    from domain.vendors import relations

    async with db.transaction(by.tenant_id) as session:
        return await relations.add_contact(
            session, actor_of(by), vendor_id, "Sam Vendor", email, "SECURITY"
        )


async def respond(
    client: httpx.AsyncClient,
    token: str,
    query: str,
    variables: dict[str, Any] | None = None,
) -> httpx.Response:
    """One operation on the respondent API, with a respondent link's token."""
    return await client.post(
        "/respond/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {token}"},
    )


def token_of(respondent_url: str) -> str:
    """A respondent link's token: what follows its #."""
    return respondent_url.split("#", 1)[1]
