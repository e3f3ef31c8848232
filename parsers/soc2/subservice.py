"""Stage 5f, subservice organizations (carve-out or inclusive) and complementary subservice
organization controls (CSOCs), from tables and from the report's prose."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.soc2.headers import Role, TableKind
from parsers.soc2.layout import Line
from parsers.soc2.lists import listed_items, section_lines
from parsers.soc2.result import Csoc, ReviewReason, SubserviceMethod, SubserviceOrganization
from parsers.soc2.sections import Document, Part
from parsers.soc2.tables import Table

_USES = re.compile(
    r"\b(?:uses|utilizes|utilises|relies (?:up)?on|engages?)\s+"
    r"(?:the\s+following\s+|a\s+|an\s+|two\s+"
    r"|three\s+|several\s+|certain\s+)?subservice\s+organi[sz]ations?\s*(?:,|:|\()?\s*"
    r"(?P<names>[A-Z](?:[^.;:]|(?<=Inc|Ltd|orp|LLC)\.){1,200}?\)?),?\s+"
    r"(?:to provide|to perform|for)\s+"
    r"(?P<services>[^.;]{2,160})",
)
_INCLUDES = re.compile(
    r"\b(?:description )?includes? the (?:relevant |related )?controls (?:of|at) "
    r"(?P<names>[A-Z][^.;:()]{1,120}?)\s*(?:\(|,|\s+(?:using|under|and|to|for)\b)",
)
_NONE = re.compile(
    r"subservice (?:providers|organi[sz]ations?)\s*:?\s*(?:n/?a|none)\b"
    r"|does not use (?:any )?subservice",
    re.I,
)
_CARVE_OUT = re.compile(
    r"carve[- ]?out method|carved[- ]out"
    r"|did not (?:include|extend to) the (?:services|controls|policies)"
    r"[^.]{0,40}subservice|excluded? from the scope|excludes? the (?:related |relevant )?controls"
    r"|does not (?:disclose|include) the (?:actual )?controls (?:at|of) the subservice",
    re.I,
)
_INCLUSIVE = re.compile(
    r"inclusive method"
    r"|includes? the (?:relevant |related )?controls (?:of|at) (?!the service organi)",
    re.I,
)
SUBSERVICE_HEADING = re.compile(r"^subservice organi[sz]ations?(?: used)?\s*:?$", re.I)
_PLAIN_USES = re.compile(r"\b(?:uses|utilizes|utilises|relies on)\s+(?=[A-Z])")
_CLAUSE = re.compile(
    r"(?P<names>[A-Z](?:[^.;:]|(?<=Inc|Ltd|orp|LLC)\.)*?)\s+to provide\s+"
    r"(?P<services>.+?)(?=,?\s+and\s+[A-Z][^,]*?\bto provide\b|$)"
)
CSOC_HEADING = re.compile(
    r"^complementary subservice organi[sz]ation controls(?:\s*\(csocs?\))?\s*:?$", re.I
)
_ALIAS = re.compile(
    r"^(?P<name>.+?)\s*\(\s*[\"']?(?:the\s+)?[\"']?(?P<alias>[^)\"']{1,40})[\"']?\s*\)$"
)
_RESPONSIBLE = re.compile(r"\b(?:is|are) responsible\b", re.I)


@dataclass
class _Org:
    name: str
    alias: str | None
    services: str | None
    page: int
    method: SubserviceMethod | None = None

    def named_in(self, text: str) -> bool:
        """True when text names this organization or its alias as a word."""
        return any(
            n and re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", text)
            for n in (self.name, self.alias)
        )


def _split_names(names: str) -> list[tuple[str, str | None]]:
    out = []
    for part in re.split(r",(?!\s*(?:Inc|LLC|Ltd|Corp|L\.L\.C)\b)\s*(?:and\s+)?|\s+and\s+", names):
        part = part.strip(" ,\"'")
        if not part or not part[0].isupper() or len(part) > 80:
            continue
        m = _ALIAS.match(part)
        out.append((m.group("name").strip(), m.group("alias").strip()) if m else (part, None))
    return out


def _prose_lines(doc: Document) -> list[Line]:
    keep = (Part.FRONT, Part.AUDITOR_REPORT, Part.DESCRIPTION)
    return [ln for s in doc.sections if s.part in keep for ln in doc.lines[s.start : s.end]]


def _method(text: str) -> SubserviceMethod | None:
    carve, inclusive = bool(_CARVE_OUT.search(text)), bool(_INCLUSIVE.search(text))
    if carve == inclusive:
        return None
    return SubserviceMethod.CARVE_OUT if carve else SubserviceMethod.INCLUSIVE


def _add(orgs: list[_Org], org: _Org) -> None:
    for known in orgs:
        if (
            known.named_in(org.name)
            or (org.alias and known.named_in(org.alias))
            or org.named_in(known.name)
        ):
            known.alias = known.alias or org.alias
            known.services = known.services or org.services
            known.method = known.method or org.method
            return
    orgs.append(org)


@dataclass(frozen=True)
class SubserviceRead:
    """Subservice organizations and CSOCs read, and what a reviewer must check about them."""

    organizations: list[SubserviceOrganization]
    csocs: list[Csoc]
    review: list[ReviewReason]


def find_subservice(doc: Document, tables: Sequence[Table]) -> SubserviceRead:
    """Subservice organizations and CSOCs in report order."""
    lines = _prose_lines(doc)
    text = " ".join(ln.text for ln in lines)
    report_method = _method(text)
    orgs: list[_Org] = []
    offsets, pos = [], 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln.text) + 1

    def page_at(offset: int) -> int:
        idx = max(0, next((i for i, o in enumerate(offsets) if o > offset), len(offsets)) - 1)
        return lines[idx].page if lines else 1

    for pattern, method in ((_USES, None), (_INCLUDES, SubserviceMethod.INCLUSIVE)):
        for m in pattern.finditer(text):
            services = m.group("services").strip() if "services" in m.groupdict() else None
            for name, alias in _split_names(m.group("names")):
                _add(orgs, _Org(name, alias, services, page_at(m.start("names")), method))
    for section in section_lines(doc, SUBSERVICE_HEADING):
        for name, alias, services, page in _plain_uses(section):
            _add(orgs, _Org(name, alias, services, page))
    for table in tables:
        if table.kind is TableKind.SUBSERVICE:
            for row in table.rows:
                for name, alias in _split_names(row.text(Role.SUBSERVICE)):
                    _add(orgs, _Org(name, alias, row.text(Role.SERVICES) or None, row.page))
    if not orgs and _NONE.search(text):
        return SubserviceRead([], [], [])
    for org in orgs:
        if org.method is None:
            sentences = [s for s in re.split(r"(?<=\.)\s+", text) if org.named_in(s)]
            org.method = _method(" ".join(sentences)) or report_method
    csocs = _csocs(doc, tables, orgs)
    result = [SubserviceOrganization(o.name, o.services, o.method, o.page) for o in orgs]
    return SubserviceRead(result, csocs, [])


def _plain_uses(lines: Sequence[Line]) -> list[tuple[str, str | None, str, int]]:
    """Under a "Subservice Organizations" heading: "X uses A, B, and C to provide s1, and D to
    provide s2" names organizations without saying "subservice organization"."""
    out = []
    for line_index, line in enumerate(lines):
        start = _PLAIN_USES.search(line.text)
        if not start:
            continue
        rest = " ".join(ln.text for ln in lines[line_index : line_index + 6])
        rest = rest[rest.find(start.group()) + len(start.group()) :].split(". ")[0]
        for clause in _CLAUSE.finditer(rest):
            for name, alias in _split_names(clause.group("names")):
                out.append((name, alias, clause.group("services").strip(" ."), line.page))
        break
    return out


def _owner(text: str, printed: str, orgs: Sequence[_Org]) -> str | None:
    """The subservice organization a CSOC belongs to, by its listed name where one is known."""
    if printed:
        listed = [o for o in orgs if o.named_in(printed)]
        return listed[0].name if len(listed) == 1 else printed
    named = [o for o in orgs if o.named_in(text)]
    if len(named) == 1:
        return named[0].name
    return orgs[0].name if len(orgs) == 1 else None


def _csocs(doc: Document, tables: Sequence[Table], orgs: Sequence[_Org]) -> list[Csoc]:
    items = listed_items(doc, tables, TableKind.CSOCS, Role.CSOC, CSOC_HEADING, _RESPONSIBLE)
    return [Csoc(i.text, _owner(i.text, i.owner, orgs), i.criteria, i.page) for i in items]
