"""Stage 5f', complementary subservice organization controls: from CSOC tables (the owner in
its own column or in the column's label, "... Expected to be Implemented by AWS"), and from the
lists under a CSOC heading (bullets, paragraphs that say what the organization is responsible
for or expected to do, or sentences each under a line of criteria)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.soc2.headers import Role, TableKind
from parsers.soc2.lists import Listed, listed_items
from parsers.soc2.sections import Document
from parsers.soc2.tables import Table

CSOC_HEADING = re.compile(
    r"^(?:section\s+\w+\s*[:.\-\u2013]?\s*)?(?:complementary subservice organi[sz]ation controls"
    r"|complementary controls (?:at|of|for) subservice organi[sz]ations"
    r"|subservice organi[sz]ation (?:controls|responsibilities))"
    r"(?:\s*\(\s*[\"']?csocs?[\"']?\s*\))?\s*:?$",
    re.I,
)
_ITEM = re.compile(r"\b(?:is|are) (?:responsible|expected)\b|\bshould\b|\bmust\b", re.I)
_ANNOUNCED = re.compile(
    r"complementary subservice organi[sz]ation controls[^.]{0,160}\b(?:are|were) (?:necessary"
    r"|required|assumed)",
    re.I,
)


@dataclass(frozen=True)
class CsocItems:
    """The CSOCs found, the owners their tables print, and where the report says it has CSOCs."""

    items: list[Listed]
    owners: list[tuple[str, int]]  # each printed owner and the page it is first printed on
    announced: tuple[int | None, str] | None


def _is_item(text: str) -> bool:
    return bool(_ITEM.search(text))


def _announcement(doc: Document) -> tuple[int | None, str] | None:
    heading = doc.first_heading(CSOC_HEADING)
    if heading is not None:
        return heading.page, heading.text
    for line in doc.lines:
        m = _ANNOUNCED.search(line.text)
        if m:
            return line.page, line.text
    return None


def find_csocs(doc: Document, tables: Sequence[Table]) -> CsocItems:
    """Every CSOC once, in report order, with the owner printed beside it."""
    items = listed_items(doc, tables, TableKind.CSOCS, Role.CSOC, CSOC_HEADING, _is_item)
    owners: dict[str, int] = {}
    for item in items:
        if item.owner:
            owners.setdefault(item.owner, item.page)
    return CsocItems(items, list(owners.items()), _announcement(doc))
