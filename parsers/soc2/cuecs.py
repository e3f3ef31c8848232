"""Stage 5e, complementary user entity controls: from CUEC tables and from bulleted or numbered
lists under "Complementary User Entity Controls", "User Entity Responsibilities" and the like."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.soc2.headers import Role, TableKind
from parsers.soc2.lists import listed_items
from parsers.soc2.result import Cuec, ReviewReason
from parsers.soc2.sections import Document
from parsers.soc2.tables import Table

CUEC_HEADING = re.compile(
    r"^(?:complementary user[- ]entit(?:y|ies) control(?:s|\s+considerations)?"
    r"|user[- ]entit(?:y|ies) (?:responsibilities|control considerations|controls)"
    r"|user control considerations|customer (?:responsibilities|control considerations)"
    r"|client (?:responsibilities|control considerations))"
    r"(?:\s*\((?:cuecs?|uccs?)\))?\s*:?$",
    re.I,
)
_RESPONSIBLE = re.compile(r"\b(?:is|are) responsible\b|\bshould\b|\bmust\b", re.I)


@dataclass(frozen=True)
class CuecsRead:
    """The CUECs read, and what a reviewer must check about them."""

    items: list[Cuec]
    review: list[ReviewReason]


def find_cuecs(doc: Document, tables: Sequence[Table]) -> CuecsRead:
    """Every CUEC once, in report order: table rows and list items alike."""
    items = listed_items(doc, tables, TableKind.CUECS, Role.CUEC, CUEC_HEADING, _RESPONSIBLE)
    return CuecsRead([Cuec(item.text, item.criteria, item.page) for item in items], [])
