"""Stage 5d, exceptions: every tested control whose result reports a deviation, listed once, with
its management response joined from wherever the report puts it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from parsers.soc2.criteria import normalise_criteria
from parsers.soc2.headers import Role, TableKind
from parsers.soc2.result import ControlException
from parsers.soc2.sections import Document, Part, is_heading_like
from parsers.soc2.tables import Row, Table, note_text

_PASS = re.compile(
    r"^\W*(?:no (?:relevant |additional |other )?(?:exceptions?|deviations?)"
    r"(?: or (?:exceptions?|deviations?))?(?: were| was)?"
    r" (?:noted|identified|found|observed|detected)"
    r"|none noted|no exceptions?\.?$|(?:control )?operat(?:ed|ing) effectively|not tested|n/?a\b"
    r"|not applicable|no testing\b|(?:the )?control did not operate|no instances? of|there were no"
    r"|no (?:such )?(?:events|occurrences))",
    re.I,
)
_DEVIATION_LEAD = re.compile(
    r"^\W*(?:(?:exceptions?|deviations?)(?:\(s\))?\s+(?:were\s+|was\s+)?(?:noted|identified|found|observed)"
    r"|(?:exception|deviation)s?\s*:|(?:an?|one|two|three|\d+) (?:exceptions?|deviations?)\b"
    r"|the test(?:ing)? of the control(?: activity)? disclosed|testing disclosed"
    r"|exceptions? noted)",
    re.I,
)
_SAMPLE = re.compile(r"\bfor\s+(?:\w+|\d+)(?:\s*\(\d+\))?\s+of\s+(?:the\s+)?\d+\b", re.I)
_DEVIATION_WORDS = re.compile(
    r"\b(?:exceptions? noted|deviations? noted|not performed|not retained|could not be"
    r" (?:provided|located|obtained|produced)|(?:was|were) not (?:performed|completed|approved|"
    r"reviewed|documented|retained|removed|revoked|evidenced|provided)|did not (?:perform|complete|"
    r"approve|review|have|receive|retain|include|operate as)|failed to)\b",
    re.I,
)
CONTROL_ID = (
    r"(?:[A-Z]{1,6}\d{0,2}\s?-\s?\d{1,3}(?:\.\d{1,3}){0,2}|[A-Z]{1,4}\d{1,2}(?:\.\d{1,3}){1,3}"
    r"(?:-\d{1,3})?|\d{1,2}(?:\.\d{1,3}){1,3})"
)
_NAMED_ID = re.compile(rf"(?:^|(?<=[\s:]))(?P<id>{CONTROL_ID})\s*:")
_LEADING_ID = re.compile(
    rf"^(?:control\s+)?(?P<id>{CONTROL_ID})(?:[.:)]|\s[-\u2013\u2014]\s|\s)", re.I
)
_RESPONSE_HEADING = re.compile(
    r"management'?s?'?\s+responses?\s+to\s+(?:the\s+)?(?:testing\s+)?(?:exceptions|deviations)",
    re.I,
)
_EXEC_COUNT = re.compile(r"\b(?:testing )?exceptions(?: noted)?\s*:?\s*(\d{1,3})\b", re.I)


def reports_deviation(result: str) -> bool:
    """True when a test result reports a deviation; the cell's leading verdict decides."""
    text = result.strip()
    if not text or _PASS.match(text):
        return False
    if _DEVIATION_LEAD.match(text) or _SAMPLE.search(text):
        return True
    return bool(_DEVIATION_WORDS.search(text))


def normalise_id(printed: str) -> str:
    """A control ID as printed, whitespace collapsed: "DS - 1" -> "DS-1"."""
    return re.sub(r"\s*([-.])\s*", r"\1", " ".join(printed.split())).strip(" .:")


@dataclass
class _Found:
    control_id: str | None
    criteria: list[str]
    control: str | None
    test: str | None
    result: str
    page: int
    primary: bool
    response: str | None = None
    order: tuple[int, int] = (0, 0)
    extra: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """What makes two finds the same exception: the ID, else control and result."""
        if self.control_id:
            return self.control_id.upper()
        return " ".join(f"{self.control} {self.result}".lower().split())


def _item(control_cell: str, control_id: str) -> str | None:
    """The item of a control cell listing several controls ("VM - 6. Procedures ...")."""
    items = list(re.finditer(rf"(?P<id>{CONTROL_ID})\s*[.:]\s", control_cell))
    for i, m in enumerate(items):
        if normalise_id(m.group("id")).upper() == control_id.upper():
            end = items[i + 1].start() if i + 1 < len(items) else len(control_cell)
            return control_cell[m.end() : end].strip()
    return None


def _from_row(
    row: Row, criteria: list[str], has_test: bool, order: tuple[int, int]
) -> list[_Found]:
    cell = row.cell(Role.RESULT)
    if cell is None or not reports_deviation(cell.text):
        return []
    result, control, test = cell.text, row.text(Role.CONTROL) or None, row.text(Role.TEST) or None
    response = row.text(Role.RESPONSE) or (note_text(row.note) if row.note else None)
    printed_id = row.text(Role.ID)
    if printed_id:
        cid = normalise_id(printed_id)
        return [_Found(cid, criteria, control, test, result, cell.page, has_test, response, order)]
    named = list(_NAMED_ID.finditer(result))
    if named and control and len(re.findall(rf"{CONTROL_ID}\s*[.:]\s", control)) > 1:
        # a criteria-mapping row: the result names which of the row's controls failed
        out = []
        verdict = result[: named[0].start()].strip()
        for i, m in enumerate(named):
            end = named[i + 1].start() if i + 1 < len(named) else len(result)
            cid = normalise_id(m.group("id"))
            detail = f"{verdict} {result[m.end() : end].strip()}".strip()
            out.append(
                _Found(
                    cid,
                    criteria,
                    _item(control, cid),
                    test,
                    detail,
                    cell.page,
                    False,
                    response,
                    order,
                )
            )
        return out
    lead = _LEADING_ID.match(control or "")
    lead_id: str | None = None
    if lead and control:
        lead_id, control = normalise_id(lead.group("id")), control[lead.end() :].strip()
    return [_Found(lead_id, criteria, control, test, result, cell.page, has_test, response, order)]


def _collect(tables: Sequence[Table]) -> list[_Found]:
    found: list[_Found] = []
    for t_index, table in enumerate(tables):
        if table.kind is not TableKind.CONTROLS or table.part is Part.OTHER_INFO:
            continue
        has_test = any(c.role is Role.TEST for c in table.columns)
        has_criteria = any(c.role is Role.CRITERIA for c in table.columns)
        carried: list[str] = []
        for r_index, row in enumerate(table.rows):
            criteria = list(row.banner_criteria)
            if has_criteria:
                own = normalise_criteria(row.text(Role.CRITERIA))
                carried = own or (carried if not row.text(Role.CRITERIA) else [])
                criteria = carried or criteria
            found.extend(_from_row(row, criteria, has_test, (t_index, r_index)))
    return found


def _merge(found: Sequence[_Found]) -> list[_Found]:
    """One record per control: the control-table row wins; mapping rows add their criteria."""
    merged: dict[str, _Found] = {}
    for item in found:
        current = merged.get(item.key)
        if current is None:
            merged[item.key] = item
            continue
        if item.primary and not current.primary:
            item.extra = current.criteria + current.extra
            item.response = item.response or current.response
            merged[item.key] = item
        else:
            current.extra.extend(item.criteria)
            current.response = current.response or item.response
    out = list(merged.values())
    out.sort(key=lambda f: f.order)
    return out


def _response_rows(tables: Sequence[Table]) -> list[tuple[str, str, str, int]]:
    rows = []
    for table in tables:
        if table.kind is TableKind.RESPONSES:
            for row in table.rows:
                text = row.text(Role.RESPONSE)
                if text:
                    rows.append(
                        (normalise_id(row.text(Role.ID)), row.text(Role.CONTROL), text, row.page)
                    )
    return rows


def _match(records: Sequence[_Found], control_id: str, control: str) -> _Found | None:
    if control_id:
        return next(
            (r for r in records if r.control_id and r.control_id.upper() == control_id.upper()),
            None,
        )
    probe = " ".join(control.lower().split())[:60]
    if not probe:
        return None
    return next(
        (r for r in records if r.control and " ".join(r.control.lower().split()).startswith(probe)),
        None,
    )


def _text_responses(doc: Document, records: Sequence[_Found]) -> list[tuple[_Found, str]]:
    """Responses written as paragraphs under a "Management's Response to Exceptions" heading."""
    out: list[tuple[_Found, str]] = []
    lines = doc.lines
    starts = [
        i for i, ln in enumerate(lines) if _RESPONSE_HEADING.search(ln.text) and len(ln.text) < 90
    ]
    for start in starts:
        current: _Found | None = None
        buffer: list[str] = []
        for line in lines[start + 1 : start + 400]:
            lead = _LEADING_ID.match(line.text)
            target = _match(records, normalise_id(lead.group("id")), "") if lead else None
            if target is not None or (is_heading_like(line) and not lead):
                if current is not None and buffer:
                    out.append((current, " ".join(buffer)))
                current, buffer = target, []
                if target is None:
                    break
                rest = line.text[lead.end() :] if lead else ""
                buffer.append(rest.lstrip(" :.-\u2013\u2014").rstrip())
                continue
            if current is not None:
                buffer.append(line.text)
        if current is not None and buffer:
            out.append((current, " ".join(buffer)))
    return out


def find_exceptions(
    doc: Document, tables: Sequence[Table]
) -> tuple[list[ControlException], list[str]]:
    """Exceptions in report order, and warnings about responses or counts that do not add up."""
    records = _merge(_collect(tables))
    warnings: list[str] = []
    for control_id, control, text, page in _response_rows(tables):
        target = _match(records, control_id, control)
        if target is None:
            warnings.append(
                f"management response on page {page} matches no exception found in the tests"
            )
        elif not target.response:
            target.response = text
    for target, text in _text_responses(doc, records):
        if not target.response and text:
            target.response = text
    front = " ".join(
        ln.text for s in doc.sections if s.part is Part.FRONT for ln in doc.lines[s.start : s.end]
    )
    count = _EXEC_COUNT.search(front)
    if count and int(count.group(1)) != len(records):
        warnings.append(
            f"the report states {count.group(1)} testing exceptions; {len(records)} found"
        )
    out = []
    for r in records:
        criteria = list(dict.fromkeys([*r.criteria, *r.extra]))
        out.append(
            ControlException(
                r.control_id, tuple(criteria), r.control, r.test, r.result, r.response, r.page
            )
        )
    return out, warnings
