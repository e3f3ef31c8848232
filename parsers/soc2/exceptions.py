"""Stage 5d, exceptions: every tested control (or tested attribute) whose result reports a
deviation, listed once, with its management response joined from wherever the report puts it;
results that read as neither pass nor deviation, and tests that could not be read, go to review.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from parsers.soc2.criteria import normalise_criteria
from parsers.soc2.headers import Role, TableKind
from parsers.soc2.responses import join_responses
from parsers.soc2.result import ControlException, ReviewReason, ReviewReasonCode
from parsers.soc2.sections import Document, Part
from parsers.soc2.tables import Cell, Row, Table, normalise_id, note_text
from parsers.soc2.verdicts import Verdict, read_attribute, read_result

CONTROL_ID = (
    r"(?:[A-Z]{1,6}\d{0,2}\s?[-.]\s?\d{1,3}(?:\.\d{1,3}){0,2}|[A-Z]{1,4}\d{1,2}(?:\.\d{1,3}){1,3}"
    r"(?:-\d{1,3})?|\d{1,2}(?:\.\d{1,3}){1,3}|[A-Z]{1,6}\s\d{1,2}(?:\.\d{1,3}){1,2})"
)
_NAMED_ID = re.compile(rf"(?:^|(?<=[\s:]))(?P<id>{CONTROL_ID})\s*:")
# the controls a criteria-mapping cell lists: "VM - 6. Procedures ..."
_LISTED_ID = re.compile(rf"(?P<id>{CONTROL_ID})(?=\s*[.:]\s)")
_LEADING_ID = re.compile(
    rf"^(?:control\s+)?(?P<id>{CONTROL_ID})(?:[.:)]|\s[-\u2013\u2014]\s|\s)", re.I
)
_EXEC_COUNT = re.compile(
    r"\b(?:testing |number of )?exceptions(?: noted| identified)?\s*:?\s*(\d{1,3})\b", re.I
)
_ATTRIBUTE_LABEL = re.compile(
    r"^(?P<label>(?:attribute|test|part|step|procedure)\s+(?:[A-Z]|\d{1,2})|\([a-z]\)|\(\d{1,2}\))",
    re.I,
)
# verdict phrases as a tests section prints them, counted to see whether its table was read
_VERDICT_LINE = re.compile(
    r"\bno (?:relevant )?(?:exceptions?|deviations?)(?: were)? (?:noted|identified)"
    r"|^(?:exceptions?|deviations?)(?:\s+(?:were|was))?\s+(?:noted|identified)",
    re.I,
)
# a verdict that opens a cell starts with a capital ("exceptions noted." on its own is the
# wrapped end of "No / exceptions noted.")
_DEVIATION_LINE = re.compile(
    r"^\W*(?:Exceptions?|Deviations?|EXCEPTIONS?|DEVIATIONS?)(?:\(s\))?(?:\s+(?:were|was))?"
    r"\s+(?i:noted|identified)\b"
)


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
        """What makes two finds the same exception: the ID (and the attribute), else the control
        and the result."""
        label = _ATTRIBUTE_LABEL.match(self.result)
        attribute = f"#{label.group('label').lower()}" if label else ""
        if self.control_id:
            return self.control_id.upper() + attribute
        return " ".join(f"{self.control} {self.result}".lower().split())

    def respond(self, text: str) -> None:
        if not self.response and text:
            self.response = text


@dataclass(frozen=True)
class TestsRead:
    """What the tests of controls gave: the exceptions, warnings, and reasons for review."""

    exceptions: list[ControlException]
    warnings: list[str]
    review: list[ReviewReason]


def _item(control_cell: str, control_id: str) -> str | None:
    """The item of a control cell listing several controls ("VM - 6. Procedures ...")."""
    items = list(re.finditer(rf"(?P<id>{CONTROL_ID})\s*[.:]\s", control_cell))
    for i, m in enumerate(items):
        if normalise_id(m.group("id")).upper() == control_id.upper():
            end = items[i + 1].start() if i + 1 < len(items) else len(control_cell)
            return control_cell[m.end() : end].strip()
    return None


@dataclass
class _Tally:
    """What the result cells said, for review: uncertain ones, and how many were read."""

    uncertain: list[tuple[str, int]] = field(default_factory=list)
    read: int = 0
    deviations: int = 0
    unread: int = 0


def _from_row(
    row: Row, criteria: list[str], has_test: bool, order: tuple[int, int], tally: _Tally
) -> list[_Found]:
    cell = row.cell(Role.RESULT)
    control, test = row.text(Role.CONTROL) or None, row.text(Role.TEST) or None
    if cell is None:
        # a test that runs on over the results column ("no testing was performed") or a row
        # that is no tested control (a CSOC repeated in the table) has no result of its own
        if test and read_attribute(test) is Verdict.UNCERTAIN:
            tally.unread += 1
        return []
    tally.read += 1
    response = row.text(Role.RESPONSE) or (note_text(row.note) if row.note else None)
    named = list(_NAMED_ID.finditer(cell.text))
    listed = {normalise_id(m.group()).upper() for m in _LISTED_ID.finditer(control or "")}
    if named and any(normalise_id(m.group("id")).upper() in listed for m in named):
        # a criteria-mapping row listing several controls: the result names the ones that failed
        segments = _named_segments(cell.text, named)
        return [
            _Found(
                cid,
                criteria,
                _item(control or "", cid or ""),
                test,
                text,
                page,
                False,
                response,
                order,
            )
            for cid, text, page in _deviations(segments, cell, tally)
        ]
    printed_id = row.text(Role.ID)
    lead = _LEADING_ID.match(control or "")
    cid: str | None = normalise_id(printed_id) if printed_id else None
    if cid is None and lead and control:
        cid, control = normalise_id(lead.group("id")), control[lead.end() :].strip()
    return [
        _Found(cid, criteria, control, test, text, page, has_test, response, order)
        for _cid, text, page in _deviations([(cid, cell.text)], cell, tally)
    ]


def _named_segments(result: str, named: list[re.Match[str]]) -> list[tuple[str | None, str]]:
    """ "Exception Noted: VM-6: For 8 of 30 ... OA-15: ..." -> (ID, its verdict and text)."""
    verdict = result[: named[0].start()].strip()
    out: list[tuple[str | None, str]] = []
    for i, m in enumerate(named):
        end = named[i + 1].start() if i + 1 < len(named) else len(result)
        out.append(
            (normalise_id(m.group("id")), f"{verdict} {result[m.end() : end].strip()}".strip())
        )
    return out


def _deviations(
    segments: Sequence[tuple[str | None, str]], cell: Cell, tally: _Tally
) -> list[tuple[str | None, str, int]]:
    """Each deviating reading of each segment, with the page it starts on: the whole text, or
    that attribute's own text where the cell tests several attributes; uncertain readings are
    tallied for review."""
    out: list[tuple[str | None, str, int]] = []
    for cid, text in segments:
        readings = read_result(text)
        tally.uncertain.extend(
            (r.text, cell.page_of(r.text)) for r in readings if r.verdict is Verdict.UNCERTAIN
        )
        deviating = [r for r in readings if r.verdict is Verdict.DEVIATION]
        tally.deviations += len(deviating)
        for r in deviating:
            # an attribute's own text where the cell tests attributes; else the whole cell
            own = len(readings) > 1 or _ATTRIBUTE_LABEL.match(r.text)
            out.append((cid, r.text if own else text, cell.page_of(r.text) if own else cell.page))
    return out


def _collect(tables: Sequence[Table], tally: _Tally) -> list[_Found]:
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
            found.extend(_from_row(row, criteria, has_test, (t_index, r_index), tally))
    return found


def criteria_by_control(tables: Sequence[Table]) -> dict[str, list[str]]:
    """From criteria-mapping tables ("CC6.1 | ... | 6.01, 6.03"): each control ID's criteria,
    in the table's order."""
    out: dict[str, list[str]] = {}
    for table in tables:
        if table.kind is not TableKind.MAPPING:
            continue
        for row in table.rows:
            refs = normalise_criteria(row.text(Role.CRITERIA)[:24])
            if not refs:
                continue
            for m in re.finditer(rf"(?<![\w.]){CONTROL_ID}(?![\w.]\w)", row.text(Role.REFS)):
                found = out.setdefault(normalise_id(m.group()).upper(), [])
                if refs[0] not in found:
                    found.append(refs[0])
    return out


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


def _tests_lines_text(doc: Document) -> list[str]:
    return [ln.text for ln in doc.part_lines(Part.TESTS)]


def _review(
    doc: Document,
    tables: Sequence[Table],
    tally: _Tally,
    records: list[_Found],
    expects_tests: bool,
) -> list[ReviewReason]:
    out = [
        ReviewReason("exceptions", page, ReviewReasonCode.UNCERTAIN_RESULT, text)
        for text, page in tally.uncertain
    ]
    if not expects_tests:
        return out
    tests_lines = _tests_lines_text(doc)
    tests_section = doc.first_section(Part.TESTS)
    page = doc.lines[tests_section.start].page if tests_section else None
    printed = sum(1 for t in tests_lines if _VERDICT_LINE.search(t))
    unread = [t for t in tables if t.kind is TableKind.UNREAD_CONTROLS and t.part is Part.TESTS]
    if tally.read == 0 and (tests_section is not None or printed):
        text = "no table of test results could be read"
        if unread:
            text = f"a table of tests on page {unread[0].page} has no column that reads as results"
        out.append(ReviewReason("exceptions", page, ReviewReasonCode.TESTS_NOT_READ, text))
    elif printed >= 5 and tally.read < 0.5 * printed:
        out.append(
            ReviewReason(
                "exceptions",
                page,
                ReviewReasonCode.TESTS_NOT_READ,
                f"{tally.read} test results read where the section prints {printed} verdicts",
            )
        )
    stated = sum(1 for t in tests_lines if _DEVIATION_LINE.search(t))
    if stated > len(records):
        out.append(
            ReviewReason(
                "exceptions",
                page,
                ReviewReasonCode.EXCEPTIONS_MISMATCH,
                f"the tests print {stated} deviation verdicts; {len(records)} exceptions read",
            )
        )
    return out


def find_exceptions(doc: Document, tables: Sequence[Table], expects_tests: bool) -> TestsRead:
    """Exceptions in report order, warnings, and what a reviewer must check about them;
    `expects_tests` for a Type II SOC 1 or SOC 2, which must have readable tests of controls."""
    tally = _Tally()
    records = _merge(_collect(tables, tally))
    mapped = criteria_by_control(tables)
    for record in records:
        if not record.criteria and record.control_id:
            record.criteria = list(mapped.get(record.control_id.upper(), []))
    warnings: list[str] = []
    reasons: list[ReviewReason] = []
    unmatched = join_responses(doc, tables, records)
    for page in unmatched:
        warnings.append(
            f"management response on page {page} matches no exception found in the tests"
        )
    front = " ".join(
        ln.text for s in doc.sections if s.part is Part.FRONT for ln in doc.lines[s.start : s.end]
    )
    count = _EXEC_COUNT.search(front)
    if count and int(count.group(1)) != len(records):
        warnings.append(
            f"the report states {count.group(1)} testing exceptions; {len(records)} found"
        )
        reasons.append(
            ReviewReason(
                "exceptions",
                None,
                ReviewReasonCode.EXCEPTIONS_MISMATCH,
                f"the report states {count.group(1)} exceptions; {len(records)} found",
            )
        )
    reasons = _review(doc, tables, tally, records, expects_tests) + reasons
    out = []
    for r in records:
        criteria = list(dict.fromkeys([*r.criteria, *r.extra]))
        out.append(
            ControlException(
                r.control_id, tuple(criteria), r.control, r.test, r.result, r.response, r.page
            )
        )
    return TestsRead(out, warnings, reasons)
