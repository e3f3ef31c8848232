"""Lists more than one area shows: the findings and documents pages and the finding counts,
whole-tenant and under a vendor. Node types are named lazily (app.api.refs), so an area
showing another area's rows never imports that area."""

from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from uuid import UUID

import strawberry
from sqlalchemy import func, literal, select, true
from sqlmodel import col

from app.api import json_pages
from app.api.context import Info
from app.api.enums import FindingStatus, FollowUpStatus, Severity
from app.api.inputs import OrderDirection
from app.api.nodes import to_node
from app.api.refs import (
    DocumentRef,
    FindingFilterRef,
    FindingFollowUpRef,
    FindingOrderRef,
    FindingRef,
)
from app.api.relay import Connection, page_request
from domain.documents import queries as document_queries
from domain.documents import service as documents
from domain.documents.models import Document as DocumentRow
from domain.documents.queries import DocumentFilter
from domain.findings import follow_ups
from domain.findings import queries as finding_queries
from domain.findings import service as findings
from domain.findings.models import Finding as FindingRow
from domain.findings.models import FindingFollowUp as FollowUpRow
from domain.findings.queries import FindingFilter
from domain.shared.models import today
from domain.shared.pagination import Page, inlined


def _findings_order(order_by: Any | None) -> tuple[str | None, bool, str]:
    """A FindingOrder as the findings area reads it: the field, whether descending (newest
    first when None), and the order's name that its cursors carry."""
    field = order_by.field.value if order_by else None
    descending = order_by.direction == OrderDirection.DESC if order_by else True
    return field, descending, f"findings:{field or 'CREATED_AT'}:{int(descending)}"


async def findings_page(
    info: Info,
    criteria: FindingFilter,
    order_by: Any | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[FindingRef]:
    """A page of findings; `order_by` is a FindingOrder (newest first when None)."""
    field, descending, order = _findings_order(order_by)
    request = page_request(first, after, last, before, info.context.settings.max_page_size, order)
    return await json_pages.list_page(  # type: ignore[no-any-return]
        info,
        order,
        lambda shape: findings.list_findings(
            info.context.session,
            info.context.actor,
            criteria,
            request,
            field,
            descending,
            shape=shape,
            count=False,
        ),
        lambda page: Connection[FindingRef].from_page(page, lambda row: to_node(info, row), order),
        counts=lambda: finding_counts(info, criteria),
    )


async def finding_counts(info: Info, criteria: FindingFilter) -> finding_queries.FindingCounts:
    """The counts of the tenant's findings `criteria` match, read once a request: for the
    findingCounts a board shows and for its page's totalCount alike."""
    context = info.context
    return await context.loaders.once(  # type: ignore[no-any-return]
        ("finding counts", repr(criteria)),
        lambda: findings.count_findings(context.session, context.actor, criteria),
    )


async def vendor_findings_page(
    info: Info,
    vendor_id: UUID,
    filter: Any | None,
    order_by: Any | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[FindingRef]:
    """A vendor's page of findings (`filter` a FindingFilter, its vendorId ignored): every
    vendor of a list asking the same page is answered by the same statement (and a count,
    after a cursor)."""
    field, descending, order = _findings_order(order_by)
    request = page_request(first, after, last, before, info.context.settings.max_page_size, order)
    criteria = _of_any_vendor(filter, FindingFilter())
    written = json_pages.page_plan(info)

    async def fetch(vendor_ids: Sequence[UUID]) -> dict[UUID, Page]:
        return await findings.list_findings_of_vendors(
            info.context.session,
            info.context.actor,
            criteria,
            request,
            field,
            descending,
            vendor_ids,
            shape=written.shape if written else None,
        )

    question = (
        "vendor findings",
        repr(filter),
        repr(order_by),
        first,
        after,
        last,
        before,
        written,
    )
    page = await info.context.loaders.keyed(question, fetch).load(vendor_id)
    if written:
        return written.connection(page, order)  # type: ignore[return-value]
    return Connection[FindingRef].from_page(page, lambda row: to_node(info, row), order)


async def findings_of_vendor(
    root: Any,
    info: Info,
    filter: FindingFilterRef | None = None,
    order_by: FindingOrderRef | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Connection[FindingRef]:
    """The resolver of the findings of the vendor `root` is about (its `vendor_id`): one for
    Vendor.findings and Review.findings."""
    return await vendor_findings_page(
        info, root.vendor_id, filter, order_by, first, after, last, before
    )


async def vendor_follow_ups(
    info: Info, vendor_id: UUID, statuses: Sequence[FollowUpStatus] | None
) -> list[FindingFollowUpRef]:
    """A vendor's follow-ups in any of `statuses` (all when None), soonest due first: every
    vendor of a list asking the same question is answered by one statement."""
    wanted = tuple(dict.fromkeys(statuses or ()))
    written = json_pages.list_plan(info)

    async def fetch(vendor_ids: Sequence[UUID]) -> dict[UUID, list[Any]]:
        return await follow_ups.of_vendors(
            info.context.session,
            info.context.actor,
            vendor_ids,
            wanted,
            shape=written.shape if written else None,
        )

    question = ("vendor follow-ups", wanted, written)
    rows = await info.context.loaders.keyed(question, fetch).load(vendor_id) or []
    if written:
        return written.list(rows)  # type: ignore[return-value]
    return [to_node(info, row) for row in rows]


async def vendor_documents_page(
    info: Info,
    vendor_id: UUID,
    filter: Any | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[DocumentRef]:
    """A vendor's page of documents (`filter` a DocumentFilter, its vendorId ignored),
    batched across the vendors of a list like vendor_findings_page."""
    request = page_request(
        first, after, last, before, info.context.settings.max_page_size, "documents"
    )
    criteria = _of_any_vendor(filter, DocumentFilter())
    written = json_pages.page_plan(info)

    async def fetch(vendor_ids: Sequence[UUID]) -> dict[UUID, Page]:
        return await documents.list_documents_of_vendors(
            info.context.session,
            info.context.actor,
            criteria,
            request,
            vendor_ids,
            shape=written.shape if written else None,
        )

    question = ("vendor documents", repr(filter), first, after, last, before, written)
    page = await info.context.loaders.keyed(question, fetch).load(vendor_id)
    if written:
        return written.connection(page, "documents")  # type: ignore[return-value]
    return Connection[DocumentRef].from_page(page, lambda row: to_node(info, row), "documents")


def _of_any_vendor(filter: Any | None, every: Any) -> Any:
    """A vendor's list's criteria: its `filter`'s (else `every`), whatever vendor it names."""
    return replace(filter.criteria() if filter else every, vendor_id=None)


# How PostgreSQL writes a vendor's pages and follow-ups on its own page (app/api/json_pages.py,
# Argued): each as the resolver above reads it, of the vendor row it is given.


def written_vendor_findings(arguments: dict[str, Any]) -> json_pages.Paged:
    field, descending, order = _findings_order(arguments.get("order_by"))
    criteria = _of_any_vendor(arguments.get("filter"), FindingFilter())

    def listing(vendor: Any) -> tuple[Any, Any]:
        statement, keys, values = finding_queries.listing(
            vendor.c.tenant_id, criteria, field, descending
        )
        return inlined(statement, values).where(col(FindingRow.vendor_id) == vendor.c.id), keys

    return json_pages.Paged(listing, order, json_pages.first_page(arguments))


def written_vendor_documents(arguments: dict[str, Any]) -> json_pages.Paged:
    criteria = _of_any_vendor(arguments.get("filter"), DocumentFilter())

    def listing(vendor: Any) -> tuple[Any, Any]:
        statement, keys, values = document_queries.listing(vendor.c.tenant_id, criteria)
        return inlined(statement, values).where(col(DocumentRow.vendor_id) == vendor.c.id), keys

    return json_pages.Paged(listing, "documents", json_pages.first_page(arguments))


def written_vendor_follow_ups(arguments: dict[str, Any]) -> json_pages.Many:
    wanted = [status.value for status in dict.fromkeys(arguments.get("status") or ())]

    def rows(vendor: Any, follow_ups: Any, value: Any) -> Any:
        statement = select(value).where(
            follow_ups.c.tenant_id == vendor.c.tenant_id, follow_ups.c.vendor_id == vendor.c.id
        )
        return statement.where(follow_ups.c.status.in_(wanted)) if wanted else statement

    return json_pages.Many(
        json_pages.One(FollowUpRow.__table__, rows),  # type: ignore[attr-defined]
        finding_queries.follow_ups_soonest_first,
    )


async def documents_page(
    info: Info,
    criteria: DocumentFilter,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[DocumentRef]:
    """A page of documents, newest first."""
    request = page_request(
        first, after, last, before, info.context.settings.max_page_size, "documents"
    )
    return await json_pages.list_page(  # type: ignore[no-any-return]
        info,
        "documents",
        lambda shape: documents.list_documents(
            info.context.session, info.context.actor, criteria, request, shape=shape
        ),
        lambda page: Connection[DocumentRef].from_page(
            page, lambda row: to_node(info, row), "documents"
        ),
    )


@strawberry.type(description="How many findings of one status.")
class FindingStatusCount:
    status: FindingStatus = strawberry.field(
        description="A status; every status is listed, zeros included."
    )
    count: int = strawberry.field(description="How many findings of the list are in it.")


@strawberry.type(description="How many findings of one severity.")
class FindingSeverityCount:
    severity: Severity = strawberry.field(
        description="A severity; every severity is listed, zeros included."
    )
    count: int = strawberry.field(description="How many findings of the list have it.")


@strawberry.type(description="Finding counts of a list (a board, a vendor), every value listed.")
class FindingCounts:
    total: int = strawberry.field(description="Every finding the filter matches.")
    open: int = strawberry.field(description="Those still to be worked: OPEN or IN_REMEDIATION.")
    overdue: int = strawberry.field(description="Open and past their due date (UTC).")
    by_status: list[FindingStatusCount] = strawberry.field(
        description="One entry per status, in lifecycle order, zeros included."
    )
    by_severity: list[FindingSeverityCount] = strawberry.field(
        description="One entry per severity, CRITICAL first, zeros included; every status."
    )
    open_by_severity: list[FindingSeverityCount] = strawberry.field(
        description="As bySeverity, open findings only."
    )

    @classmethod
    def of(cls, counts: finding_queries.FindingCounts) -> "FindingCounts":
        def severities(tally: dict[str, int]) -> list[FindingSeverityCount]:
            return [
                FindingSeverityCount(severity=s, count=tally.get(s.value, 0))
                for s in reversed(Severity)
            ]

        return cls(
            total=counts.total,
            open=counts.open,
            overdue=counts.overdue,
            by_status=[
                FindingStatusCount(status=s, count=counts.by_status.get(s.value, 0))
                for s in FindingStatus
            ],
            by_severity=severities(counts.by_severity),
            open_by_severity=severities(counts.open_by_severity),
        )


# How PostgreSQL writes a set of findings' counts (app/api/json_pages.py): aggregates over
# the rows the field that asks for them selects (Vendor.findingCounts: the vendor's).
_COUNT = {"count": json_pages.column("count")}
json_pages.project(
    "FindingCounts",
    {
        "total": lambda findings: func.count(),
        "open": lambda findings: func.count().filter(
            findings.c.status.in_(finding_queries.OPEN_STATUSES)
        ),
        "overdue": lambda findings: func.count().filter(
            finding_queries.is_overdue(today(), findings)
        ),
        "byStatus": json_pages.Each(
            lambda findings: [
                json_pages.Values(
                    status=literal(status.value),
                    count=func.count().filter(findings.c.status == status.value),
                )
                for status in FindingStatus
            ]
        ),
        "bySeverity": json_pages.Each(lambda findings: _by_severity(findings, true())),
        "openBySeverity": json_pages.Each(
            lambda findings: _by_severity(
                findings, findings.c.status.in_(finding_queries.OPEN_STATUSES)
            )
        ),
    },
)
json_pages.project("FindingStatusCount", {"status": json_pages.column("status"), **_COUNT})
json_pages.project("FindingSeverityCount", {"severity": json_pages.column("severity"), **_COUNT})


def _by_severity(findings: Any, counted: Any) -> list[json_pages.Values]:
    """Each severity, CRITICAL first, and how many of `findings` that `counted` has it."""
    return [
        json_pages.Values(
            severity=literal(severity.value),
            count=func.count().filter(counted, findings.c.severity == severity.value),
        )
        for severity in reversed(Severity)
    ]
