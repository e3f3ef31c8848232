"""GraphQL types of vendor imports: a row's outcome, the report of a file run at once, and
the VendorImport a larger file becomes while it runs in the background."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.enums import ImportOutcome, VendorImportStatus
from app.api.nodes import RowNode, node
from app.api.refs import MemberRef
from app.api.relay import Connection, page_request
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy
from domain.vendors import csv_io, imports, models


def _vendor_gid(vendor_id: UUID | None) -> relay.GlobalID | None:
    return relay.GlobalID("Vendor", str(vendor_id)) if vendor_id else None


@strawberry.type(description="What happened to one row of the file.")
class ImportRow:
    line: int = strawberry.field(description="Line in the file (the header is line 1).")
    domain: str | None = strawberry.field(description="The row's domain, normalised if valid.")
    outcome: ImportOutcome = strawberry.field(description="What happened to it.")
    vendor_id: relay.GlobalID | None = strawberry.field(
        description="The vendor it maps to (none for a row a dry run would create)."
    )
    messages: list[str] = strawberry.field(description="Why rejected, or what changed.")

    @classmethod
    def from_result(cls, row: csv_io.RowResult | models.VendorImportRow) -> "ImportRow":
        return cls(
            line=row.line,
            domain=row.domain,
            outcome=models.ImportOutcome(row.outcome),
            vendor_id=_vendor_gid(row.vendor_id),
            messages=list(row.messages),
        )


@strawberry.type(description="The per-row report of an import.")
class ImportReport:
    dry_run: bool = strawberry.field(description="Nothing was changed.")
    created: int = strawberry.field(description="Rows that created a vendor.")
    updated: int = strawberry.field(description="Rows that changed a vendor.")
    unchanged: int = strawberry.field(description="Rows that matched a vendor as it is.")
    rejected: int = strawberry.field(description="Rows refused, with why.")
    rows: list[ImportRow] = strawberry.field(description="Every row, in file order.")
    warnings: list[str] = strawberry.field(description="About the file as a whole.")

    @classmethod
    def from_report(cls, report: csv_io.ImportReport) -> "ImportReport":
        return cls(
            dry_run=report.dry_run,
            created=report.count(models.ImportOutcome.CREATED),
            updated=report.count(models.ImportOutcome.UPDATED),
            unchanged=report.count(models.ImportOutcome.UNCHANGED),
            rejected=report.count(models.ImportOutcome.REJECTED),
            warnings=report.warnings,
            rows=[ImportRow.from_result(r) for r in report.rows],
        )


@strawberry.type(
    description="A CSV of vendors imported in the background, batch by batch: poll `status` "
    "and `rowsDone`; `rows` is the report so far."
)
class VendorImport(RowNode, relay.Node, model=models.VendorImport, read=Permission.VENDOR_IMPORT):
    import_id: relay.NodeID[UUID]
    filename: str = strawberry.field(description="The file's name, made safe.")
    size_bytes: int = strawberry.field(description="Its size.")
    row_count: int = strawberry.field(description="Rows in the file (the header aside).")
    dry_run: bool = strawberry.field(description="Check and report only: no vendor changes.")
    status: VendorImportStatus = strawberry.field(description="Where it is.")
    rows_done: int = strawberry.field(
        description="Rows worked on so far, in file order (of rowCount): the progress."
    )
    created: int = strawberry.field(description="Rows so far that created a vendor.")
    updated: int = strawberry.field(description="Rows so far that changed a vendor.")
    unchanged: int = strawberry.field(description="Rows so far that matched a vendor as it is.")
    rejected: int = strawberry.field(description="Rows so far refused, with why.")
    warnings: list[str] = strawberry.field(description="About the file as a whole.")
    error: str | None = strawberry.field(
        description="Why it FAILED: where it stopped, and what became of the rows done."
    )
    created_at: datetime = strawberry.field(description="When it was queued.")
    started_at: datetime | None = strawberry.field(description="When a worker began it.")
    finished_at: datetime | None = strawberry.field(description="When it SUCCEEDED or FAILED.")
    starter_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Who started it; null for the system.")
    def started_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.starter_id)

    @strawberry.field(description="What happened to each row worked on so far, in file order.")
    async def rows(
        self,
        info: Info,
        outcome: Annotated[
            list[ImportOutcome] | None,
            strawberry.argument(description="Only rows with one of these outcomes."),
        ] = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ImportRow]:
        order = "import-rows"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await imports.list_rows(
            info.context.session,
            info.context.actor,
            self.import_id,
            [models.ImportOutcome(o.value) for o in outcome or []],
            request,
        )
        return Connection[ImportRow].from_page(page, ImportRow.from_result, order)

    @classmethod
    def from_row(cls, row: models.VendorImport) -> "VendorImport":
        return cls(
            import_id=row.id,
            filename=row.filename,
            size_bytes=row.size_bytes,
            row_count=row.row_count,
            dry_run=row.dry_run,
            status=models.ImportStatus(row.status),
            rows_done=row.rows_done,
            created=row.created,
            updated=row.updated,
            unchanged=row.unchanged,
            rejected=row.rejected,
            warnings=list(row.warnings),
            error=row.error,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            starter_id=row.started_by_id,
        )
