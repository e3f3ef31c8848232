"""importVendors: procurement's CSV through the API (GraphQL multipart upload)."""

import enum
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from app.api.context import Info
from app.api.errors import UserError, mutation
from domain.vendors import csv_io
from domain.vendors.csv_sheet import MAX_IMPORT_BYTES


@strawberry.input(description="A CSV of vendors to create or update, matched by domain.")
class ImportVendorsInput:
    file: Upload = strawberry.field(description="UTF-8 CSV with a header row; see the README.")
    dry_run: bool = strawberry.field(
        default=False, description="Check every row and report, then change nothing."
    )


@strawberry.enum(description="What happened to one row.")
class ImportOutcome(enum.Enum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    UNCHANGED = "UNCHANGED"
    REJECTED = "REJECTED"


@strawberry.type(description="What happened to one row of the file.")
class ImportRow:
    line: int = strawberry.field(description="Line in the file (the header is line 1).")
    domain: str | None = strawberry.field(description="The row's domain, normalised if valid.")
    outcome: ImportOutcome = strawberry.field(description="What happened to it.")
    vendor_id: relay.GlobalID | None = strawberry.field(
        description="The vendor it maps to (none for a row a dry run would create)."
    )
    messages: list[str] = strawberry.field(description="Why rejected, or what changed.")


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
        def gid(vendor_id: UUID | None) -> relay.GlobalID | None:
            return relay.GlobalID("Vendor", str(vendor_id)) if vendor_id else None

        return cls(
            dry_run=report.dry_run,
            created=report.count("CREATED"),
            updated=report.count("UPDATED"),
            unchanged=report.count("UNCHANGED"),
            rejected=report.count("REJECTED"),
            warnings=report.warnings,
            rows=[
                ImportRow(
                    line=r.line,
                    domain=r.domain,
                    outcome=r.outcome,
                    vendor_id=gid(r.vendor_id),
                    messages=r.messages,
                )
                for r in report.rows
            ],
        )


@strawberry.type(description="Result of importVendors.")
class ImportVendorsPayload:
    report: ImportReport | None = strawberry.field(default=None, description="Row by row.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


@strawberry.type
class VendorImportMutation:
    @strawberry.mutation(
        description="Create or update vendors from a CSV, idempotent by domain (PROCUREMENT)."
    )
    async def import_vendors(self, info: Info, input: ImportVendorsInput) -> ImportVendorsPayload:
        try:
            data = await input.file.read(MAX_IMPORT_BYTES + 1)
        finally:
            await input.file.close()
        async with mutation(info) as m:
            report = await csv_io.import_vendors(m.session, m.actor, data, input.dry_run)
            return ImportVendorsPayload(report=ImportReport.from_report(report))
        return ImportVendorsPayload(errors=m.errors)
