"""importVendors: procurement's CSV through the API (GraphQL multipart upload); a small file
is imported at once, a larger one queued, and read back with vendorImport(id) as it runs."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.inputs import uploaded
from app.api.relay import Connection, page_request
from app.api.vendors.errors import VendorError
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
class ImportVendorsPayload(Payload[VendorError]):
    report: ImportReport | None = strawberry.field(
        default=None, description="Row by row, when the file was imported at once."
    )
    vendor_import: VendorImport | None = strawberry.field(
        default=None,
        description="When the file was too long to import at once: poll it for progress.",
    )


@strawberry.type
class VendorImportMutation:
    @mutation(
        "Create or update vendors from a CSV, idempotent by domain (PROCUREMENT, ADMIN); "
        "a long file is queued and imported in the background (vendorImport).",
        errors={
            "INVALID": "(file) for a file that is not a readable CSV of vendors (its line "
            "named), or has too many rows",
            "TOO_LARGE": "(file) for a file over the size limit",
        },
    )
    async def import_vendors(self, info: Info, input: ImportVendorsInput) -> ImportVendorsPayload:
        file = uploaded(input.file)
        try:
            data = await file.read(MAX_IMPORT_BYTES + 1)
            filename = safe_filename(file.filename or "vendors.csv")
        finally:
            await file.close()
        started = await imports.import_file(
            info.context.session,
            info.context.actor,
            info.context.store,
            imports.ImportFile(filename=filename, data=data),
            input.dry_run,
            info.context.settings.import_inline_max_rows,
        )
        if started.report is not None:
            return ImportVendorsPayload(report=ImportReport.from_report(started.report))
        assert started.vendor_import is not None
        return ImportVendorsPayload(vendor_import=VendorImport.from_row(started.vendor_import))


@strawberry.type
class VendorImportQuery:
    @strawberry.field(description="One vendor import; null if it is not there (or not yours).")
    async def vendor_import(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> VendorImport | None:
        return await VendorImport.by_global_id(info, id)

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
