"""importControls: the tenant's controls from a CSV (GraphQL multipart upload), matched by
reference, every row or none; GET /controls.csv (app/csv_exports.py) writes the same
columns."""

import strawberry
from strawberry.file_uploads import Upload

from app.api.compliance.errors import ComplianceError
from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.inputs import uploaded
from domain.compliance import control_csv
from domain.shared import csv_text
from domain.shared.csv_text import MAX_FILE_BYTES


@strawberry.input(description="A CSV of controls to create or update, matched by reference.")
class ImportControlsInput:
    file: Upload = strawberry.field(
        description="UTF-8 CSV with a header row: ref, title, description, owner_email, "
        "criteria, status, last_tested_on (ref and title required); see the README."
    )


@strawberry.type(description="What an import of controls did.")
class ControlImportReport:
    created: int = strawberry.field(description="Controls of references new to the tenant.")
    updated: int = strawberry.field(description="Controls the file changed.")
    unchanged: int = strawberry.field(description="Controls the file has as they were.")
    warnings: list[str] = strawberry.field(
        description="What was passed over, as columns that are not ours."
    )

    @classmethod
    def of(cls, result: csv_text.Imported) -> "ControlImportReport":
        return cls(
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            warnings=list(result.warnings),
        )


@strawberry.type(description="Result of importControls.")
class ImportControlsPayload(Payload[ComplianceError]):
    report: ControlImportReport | None = strawberry.field(
        default=None, description="What the import did; null when it was refused."
    )


@strawberry.type
class ControlImportMutation:
    @mutation(
        "Create or update the tenant's controls from a CSV, matched by reference (REVIEWER, "
        "ADMIN): every row is saved or none, and importing an export changes nothing.",
        errors={
            "INVALID": "(file) for a file that is not UTF-8 CSV, lacks the ref or title "
            "column or has over 2,000 rows; and one for each problem of each row, its "
            "message naming the row and column (`row 4, criteria: ...`)",
            "TOO_LARGE": "(file) for a file over 5 MB",
        },
    )
    async def import_controls(
        self, info: Info, input: ImportControlsInput
    ) -> ImportControlsPayload:
        file = uploaded(input.file)
        try:
            data = await file.read(MAX_FILE_BYTES + 1)
        finally:
            await file.close()
        result = await control_csv.import_controls(info.context.session, info.context.actor, data)
        return ImportControlsPayload(report=ControlImportReport.of(result))
