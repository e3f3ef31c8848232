"""importVendors: procurement's CSV through the API (GraphQL multipart upload); a small file
is imported at once, a larger one queued, and read back with vendorImport(id) as it runs."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from app.api.context import Info
from app.api.errors import UserError, mutation
from app.api.relay import Connection, optional_uuid, page_request
from app.api.vendors.import_types import ImportReport, VendorImport
from domain.documents.intake import safe_filename
from domain.vendors import imports
from domain.vendors.csv_sheet import MAX_IMPORT_BYTES


@strawberry.input(description="A CSV of vendors to create or update, matched by domain.")
class ImportVendorsInput:
    file: Upload = strawberry.field(description="UTF-8 CSV with a header row; see the README.")
    dry_run: bool = strawberry.field(
        default=False, description="Check every row and report, then change nothing."
    )


@strawberry.type(
    description="Result of importVendors: the report of a file imported at once, or the "
    "import a larger file became, queued to run in the background."
)
class ImportVendorsPayload:
    report: ImportReport | None = strawberry.field(
        default=None, description="Row by row, when the file was imported at once."
    )
    vendor_import: VendorImport | None = strawberry.field(
        default=None,
        description="When the file was too long to import at once: poll it for progress.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


@strawberry.type
class VendorImportMutation:
    @strawberry.mutation(
        description="Create or update vendors from a CSV, idempotent by domain (PROCUREMENT); "
        "a long file is queued and imported in the background."
    )
    async def import_vendors(self, info: Info, input: ImportVendorsInput) -> ImportVendorsPayload:
        try:
            data = await input.file.read(MAX_IMPORT_BYTES + 1)
            filename = safe_filename(input.file.filename or "vendors.csv")
        finally:
            await input.file.close()
        async with mutation(info) as m:
            started = await imports.import_file(
                m.session,
                m.actor,
                info.context.store,
                imports.ImportFile(filename=filename, data=data),
                input.dry_run,
                info.context.settings.import_inline_max_rows,
            )
            if started.report is not None:
                return ImportVendorsPayload(report=ImportReport.from_report(started.report))
            assert started.vendor_import is not None
            return ImportVendorsPayload(vendor_import=VendorImport.from_row(started.vendor_import))
        return ImportVendorsPayload(errors=m.errors)


@strawberry.type
class VendorImportQuery:
    @strawberry.field(description="One vendor import; null if it is not there (or not yours).")
    async def vendor_import(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> VendorImport | None:
        # Another type's ID reads as a missing import (the service still checks the role).
        key = optional_uuid(id, "VendorImport")
        [found] = await VendorImport.resolve_nodes(info=info, node_ids=[str(key) if key else ""])
        return found

    @strawberry.field(description="Vendor imports run in the background, newest first.")
    async def vendor_imports(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[VendorImport]:
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, "vendor-imports"
        )
        page = await imports.list_imports(info.context.session, info.context.actor, request)
        return Connection[VendorImport].from_page(page, VendorImport.from_row, "vendor-imports")
