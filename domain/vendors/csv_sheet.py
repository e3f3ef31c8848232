"""Procurement's CSV read and checked as a whole (size, encoding, header, rows) before any
row is worked on: a file that cannot be imported is refused at once, whatever it holds."""

import csv
import io
import itertools
from dataclasses import dataclass

from domain.shared import csv_text, normalize
from domain.shared.errors import InvalidInput

MAX_IMPORT_BYTES = csv_text.MAX_FILE_BYTES
MAX_IMPORT_ROWS = 10_000

COLUMNS = [
    "name",
    "domain",
    "legal_name",
    "website",
    "description",
    "category",
    "services_provided",
    "subprocessor",
    "business_owner_email",
    "department",
    "contract_start",
    "contract_end",
    "annual_spend",
    "currency",
    "tags",
    "status",
    "data_categories",
    "access_level",
    "connects_to_production",
    "business_criticality",
    "hosting_regions",
]
# Headers as spreadsheets write them, mapped to ours.
ALIASES = {
    "vendor": "name",
    "vendor_name": "name",
    "company": "name",
    "primary_domain": "domain",
    "url": "website",
    "website_url": "website",
    "owner": "business_owner_email",
    "business_owner": "business_owner_email",
    "owner_email": "business_owner_email",
    "spend": "annual_spend",
    "annual_spend_usd": "annual_spend",
    "services": "services_provided",
    "criticality": "business_criticality",
    "regions": "hosting_regions",
    "data": "data_categories",
}
LIST_SEPARATOR = ";"
PROFILE_COLUMNS = (
    "data_categories",
    "access_level",
    "connects_to_production",
    "business_criticality",
    "hosting_regions",
)
FIRST_LINE = 2  # the header is line 1


@dataclass(frozen=True)
class Sheet:
    """A file that passed every check: its rows by our column names, in file order."""

    rows: list[dict[str, str]]
    warnings: list[str]
    # line -> the earlier line with the same domain: only the first row of a domain counts
    repeats: dict[int, int]

    @property
    def row_count(self) -> int:
        return len(self.rows)


def _header_key(raw: str) -> str:
    key = csv_text.header_key(raw)
    return ALIASES.get(key, key)


def _decode(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput(f"The file is over {MAX_IMPORT_BYTES // (1024 * 1024)} MB.", "file")
    return csv_text.decode(data)


def _repeats(rows: list[dict[str, str]]) -> dict[int, int]:
    first_line: dict[str, int] = {}
    repeats: dict[int, int] = {}
    for line, row in enumerate(rows, start=FIRST_LINE):
        try:
            domain = normalize.domain(row["domain"]) if row.get("domain") else None
        except InvalidInput:
            domain = None  # the row itself is refused for it
        if domain is None:
            continue
        if domain in first_line:
            repeats[line] = first_line[domain]
        else:
            first_line[domain] = line
    return repeats


def read_sheet(data: bytes, max_rows: int = MAX_IMPORT_ROWS) -> Sheet:
    """The file's rows, or InvalidInput on the file: over 5 MB, not UTF-8, no header or no
    name or domain column, a malformed line, more than `max_rows` rows."""
    reader = csv.DictReader(io.StringIO(_decode(data)))
    if not reader.fieldnames:
        raise InvalidInput("The file is empty.", "file")
    originals = list(reader.fieldnames)
    headers = [_header_key(h or "") for h in originals]
    for required in ("name", "domain"):
        if required not in headers:
            raise InvalidInput(f"The header has no {required} column.", "file")
    # every row is read (cheap) and counted before any is worked on (not cheap)
    records = list(itertools.islice(csv_text.records(reader), max_rows + 1))
    if len(records) > max_rows:
        raise InvalidInput(f"The file has more than {max_rows} rows.", "file")
    rows = [
        {
            key: (record.get(original) or "")
            for key, original in zip(headers, originals, strict=True)
        }
        for record in records
    ]
    unknown = sorted(set(headers) - set(COLUMNS))
    warnings = ["Ignored columns: " + ", ".join(unknown) + "."] if unknown else []
    return Sheet(rows=rows, warnings=warnings, repeats=_repeats(rows))
