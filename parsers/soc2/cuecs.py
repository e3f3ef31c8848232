"""Stage 5e, complementary user entity controls: from CUEC tables and from the lists,
paragraphs and numbered items under "Complementary User Entity Controls", "User Entity
Responsibilities", "Complementary Controls at User Entities" and the other names firms use.
A report that says CUECs exist and lists none goes to review; one that says none are required
does not."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.soc2.headers import Role, TableKind
from parsers.soc2.lists import listed_items
from parsers.soc2.passage import Passage
from parsers.soc2.result import Cuec, ReviewReason, ReviewReasonCode
from parsers.soc2.sections import Document, Part
from parsers.soc2.tables import Table

_USERS = r"(?:user[- ]entit(?:y|ies)|user organi[sz]ations?|customers?|clients?|subscribers?)"
CUEC_HEADING = re.compile(
    rf"^(?:(?:section\s+\w+\s*[:.\-\u2013]?\s*)?)(?:complementary {_USERS} controls?(?:\s+considerations)?"
    rf"|complementary controls (?:at|of|for) {_USERS}"
    rf"|{_USERS} (?:responsibilities|control considerations|controls)"
    r"|user control considerations|complementary customer controls)"
    r"(?:\s*\((?:cuecs?|uccs?|ccc)\))?\s*:?$",
    re.I,
)
# a paragraph that is a CUEC starts with the party that must act
_ITEM = re.compile(
    rf"^(?:the\s+)?(?:{_USERS}|users?|tenants?)\b[^.]{{0,60}}?\b(?:is|are|should|must|shall)\b",
    re.I,
)
_GLUED = re.compile(
    r"(?<=[a-z.;])(?=(?:The |Each )?(?:User|Customer|Client)s?(?: [Ee]ntit(?:y|ies))? (?:is|are) responsible)"
)
_ANNOUNCED = re.compile(
    r"complementary user entity controls[^.]{0,160}\b(?:are|were) (?:necessary|required|assumed)"
    r"|\bif (?:the )?(?:subservice organi[sz]ations? and )?(?:the )?user entities applied the"
    r" complementary (?:user entity )?controls",
    re.I,
)
_DECLINED = re.compile(
    r"complementary user entity controls (?:are|were) not (?:required|necessary|applicable)"
    r"|no complementary user entity controls|there are no (?:complementary )?user entity controls",
    re.I,
)


def _is_item(text: str) -> bool:
    return bool(_ITEM.match(text))


@dataclass(frozen=True)
class CuecsRead:
    """The CUECs read, and what a reviewer must check about them."""

    items: list[Cuec]
    review: list[ReviewReason]


def _announcement(doc: Document, everything: Passage) -> ReviewReason | None:
    """Where the report says it has CUECs: a heading, or the opinion's wording."""
    if _DECLINED.search(everything.text):
        return None
    heading = doc.first_heading(CUEC_HEADING)
    if heading is not None:
        code = ReviewReasonCode.ANNOUNCED_NOT_READ
        return ReviewReason("cuecs", heading.page, code, heading.text)
    # the opinion's wording promises CUECs in the description; a letter has none to read
    m = _ANNOUNCED.search(everything.text) if doc.first_section(Part.DESCRIPTION) else None
    if m:
        source = everything.source(m.start(), m.end())
        return ReviewReason(
            "cuecs",
            source.page if source else None,
            ReviewReasonCode.ANNOUNCED_NOT_READ,
            source.quote if source else None,
        )
    return None


def find_cuecs(doc: Document, tables: Sequence[Table]) -> CuecsRead:
    """Every CUEC once, in report order: table rows and list items alike."""
    items = listed_items(doc, tables, TableKind.CUECS, Role.CUEC, CUEC_HEADING, _is_item, _GLUED)
    cuecs = [Cuec(item.text, item.criteria, item.page) for item in items]
    review: list[ReviewReason] = []
    if not cuecs:
        parts = (Part.AUDITOR_REPORT, Part.ASSERTION, Part.DESCRIPTION, Part.OTHER_INFO, Part.FRONT)
        text = Passage.of(
            [ln for s in doc.sections if s.part in parts for ln in doc.lines[s.start : s.end]]
        )
        found = _announcement(doc, text)
        if found:
            review.append(found)
    return CuecsRead(cuecs, review)
