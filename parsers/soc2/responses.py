"""Management's responses, joined to their exceptions wherever the report puts them.

Inside the tests table (a response column, or a "Management's response:" note under the row)
the row says which exception it answers; tables.py and exceptions.py take those. Elsewhere (a
Section V table, or paragraphs under a "Management's Response to Exceptions" heading) a
response is keyed, in this order, by:
1. a control ID it names ("DS-1: ...", "Control 1.04 - "): one response to a control answers
   each of its deviating attributes, several answer them one by one;
2. a criterion it names ("CC6.2: ...", "Criterion CC6.2"), when one exception cites it (else
   the first unanswered one that does);
3. the words it shares with the exception's control, test or result (it quotes the test, or
   restates the deviation), when most of its key words are found in one exception.
A response that matches no exception is reported (never turned into an exception: the tests
are the record of what deviated).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from parsers.soc2.criteria import normalise_criteria
from parsers.soc2.headers import Role, TableKind
from parsers.soc2.layout import Line, join_texts
from parsers.soc2.sections import Document, classify_title, is_heading_like
from parsers.soc2.tables import Table, normalise_id

_HEADING = re.compile(
    r"^(?:section\s+\w+\s*[:.\-\u2013]?\s*)?(?:management'?s?'?\s+)?responses?\s+"
    r"(?:of management\s+)?to\s+(?:the\s+)?(?:testing\s+)?(?:exceptions|deviations|findings)"
    r"|^management'?s?'?\s+responses?(?:\s+to\s+[\w\s]{3,40})?\s*:?$",
    re.I,
)
_RESPONSE_LABEL = re.compile(
    r"^management'?s?'?\s+(?:response|comments?|action plan|remediation(?: plan)?)\s*[:.\-\u2013]\s*",
    re.I,
)
_KEY_ID = re.compile(
    r"^(?:control(?:\s+(?:id|#|no\.?))?\s*)?(?P<id>[A-Z]{1,6}\d{0,2}\s?[-.]\s?\d{1,3}(?:\.\d{1,3}){0,2}"
    r"|[A-Z]{1,4}\d{1,2}(?:\.\d{1,3}){2,3}|\d{1,2}(?:\.\d{1,3}){1,3}|[A-Z]{1,6}\s\d{1,2}(?:\.\d{1,3}){1,2})"
    r"(?=[\s:.)\-\u2013]|$)",
    re.I,
)
_STOP = frozenset(
    """the and that were was for with from this have has had not are any all its our their
    which been into within during each were when where such also only than them they those""".split()
)


class Respondable(Protocol):
    """An exception a response can be joined to."""

    control_id: str | None
    criteria: list[str]
    control: str | None
    test: str | None
    result: str
    response: str | None

    def respond(self, text: str) -> None: ...


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]{4,}", text.lower()) if w not in _STOP}


def _unanswered_first(found: Sequence[Respondable]) -> Respondable | None:
    return next((r for r in found if not r.response), found[0] if found else None)


_QUOTED = re.compile(
    r'^(?P<lead>[^"\n]{0,80}?)"(?P<quote>[^"]{10,800})"\s*[:.,;\-\u2013\u2014]?\s*'
)


def _norm_text(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def match(records: Sequence[Respondable], key: str, body: str) -> list[Respondable]:
    """The exceptions a response may answer: every deviation of the control its key names (a
    control with several deviating attributes has one record each), else the one exception its
    criterion, quoted test or words point to (among equally good, one not yet answered)."""
    m = _KEY_ID.match(key.strip())
    if m:
        wanted = normalise_id(m.group("id")).upper()
        hits = [r for r in records if r.control_id and r.control_id.upper() == wanted]
        if hits:
            return hits
    best = _match_one(records, key, body)
    return [best] if best else []


def _match_one(records: Sequence[Respondable], key: str, body: str) -> Respondable | None:
    refs = normalise_criteria(key[:60])
    if refs:
        hits = [r for r in records if refs[0] in r.criteria]
        if hits:
            return _unanswered_first(hits)
    quoted = _QUOTED.match(key)
    if quoted:
        probe_text = _norm_text(quoted.group("quote"))
        hits = [
            r
            for r in records
            if probe_text
            and any(probe_text in _norm_text(t or "") for t in (r.test, r.control, r.result))
        ]
        if hits:
            return _unanswered_first(hits)
    probe = _words(f"{key} {body}")
    if len(probe) < 3:
        return None
    scored = []
    for r in records:
        theirs = _words(f"{r.control or ''} {r.test or ''} {r.result}")
        union = len(probe | theirs) or 1
        scored.append(
            (
                len(probe & theirs) / min(len(probe), max(len(theirs), 1)),
                len(probe & theirs) / union,
                r,
            )
        )
    best = max(scored, key=lambda s: (s[0], s[1], not s[2].response), default=None)
    return best[2] if best and best[0] >= 0.5 else None


@dataclass
class _Block:
    key: str
    lines: list[Line]


def _blocks(lines: Sequence[Line]) -> list[_Block]:
    """Paragraphs under a responses heading, each with the text that keys it."""
    blocks: list[_Block] = []
    previous: Line | None = None
    for line in lines:
        gap = previous is not None and (
            line.page != previous.page or line.top - previous.bottom > 0.6 * line.height
        )
        keyed = bool(_KEY_ID.match(line.text)) or bool(normalise_criteria(line.text[:8]))
        labelled = bool(_RESPONSE_LABEL.match(line.text))
        if not blocks or gap or keyed or labelled:
            blocks.append(_Block(line.text, [line]))
        else:
            blocks[-1].lines.append(line)
        previous = line
    # a "Management's response:" paragraph answers the exception described just above it
    out: list[_Block] = []
    for block in blocks:
        text = join_texts(ln.text for ln in block.lines)
        if (
            _RESPONSE_LABEL.match(text)
            and out
            and not _RESPONSE_LABEL.match(join_texts(ln.text for ln in out[-1].lines))
        ):
            described = out.pop()
            block = _Block(join_texts(ln.text for ln in described.lines), block.lines)
        out.append(block)
    return out


def _response_text(block: _Block) -> str:
    text = join_texts(ln.text for ln in block.lines)
    if block.key == block.lines[0].text:
        m = _KEY_ID.match(text) or _QUOTED.match(text)
        if m:
            text = text[m.end() :]
    text = text.lstrip(" :.-\u2013\u2014")
    return _RESPONSE_LABEL.sub("", text, count=1).strip()


def _sections(doc: Document) -> list[list[Line]]:
    """The lines under each responses heading, up to the next heading of another kind."""
    lines = doc.lines
    out = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.page in doc.toc_pages or len(line.text) > 90 or not _HEADING.search(line.text):
            index += 1
            continue
        body: list[Line] = []
        j = index + 1
        while j < len(lines) and j < index + 400:
            nxt = lines[j]
            if classify_title(nxt.text) or (
                is_heading_like(nxt)
                and not _KEY_ID.match(nxt.text)
                and not normalise_criteria(nxt.text[:8])
                and len(nxt.text.split()) <= 8
                and not _RESPONSE_LABEL.match(nxt.text)
            ):
                break
            body.append(nxt)
            j += 1
        out.append(body)
        index = j
    return out


def join_responses(
    doc: Document, tables: Sequence[Table], records: Sequence[Respondable]
) -> list[int]:
    """Give each exception its response from response tables and response paragraphs; the
    pages of responses that answer no exception found."""
    unmatched: list[int] = []
    in_tables: set[int] = set()
    answers = Answers()
    for table in tables:
        if table.kind is not TableKind.RESPONSES:
            continue
        for row in table.rows:
            text = row.text(Role.RESPONSE)
            if not text:
                continue
            in_tables.add(row.page)
            key = row.text(Role.ID) or row.text(Role.CRITERIA) or row.text(Role.CONTROL)
            body = f"{row.text(Role.CONTROL)} {row.text(Role.RESULT)}"
            targets = match(records, key, body)
            if not targets:
                unmatched.append(row.page)
            answers.give(targets, text)
    for lines in _sections(doc):
        if lines and lines[0].page in in_tables:
            continue  # the heading of a response table already read
        for block in _blocks(lines):
            text = _response_text(block)
            if not text:
                continue
            full = join_texts(ln.text for ln in block.lines)
            key = full if block.key == block.lines[0].text else block.key
            answers.give(match(records, key, full), text)
    answers.close()
    return unmatched


class Answers:
    """Responses given as they are read (so a later response finds the earlier ones' targets
    answered). A control named by exactly one response has that response on each of its
    deviations; several responses to one control answer its deviations one by one, in order."""

    def __init__(self) -> None:
        self._per_control: dict[tuple[int, ...], list[str]] = {}
        self._controls: dict[tuple[int, ...], list[Respondable]] = {}

    def give(self, targets: list[Respondable], text: str) -> None:
        first = _unanswered_first(targets)
        if first is None:
            return
        first.respond(text)
        key = tuple(id(r) for r in targets)
        self._per_control.setdefault(key, []).append(text)
        self._controls[key] = targets

    def close(self) -> None:
        for key, texts in self._per_control.items():
            if len(texts) == 1:
                for record in self._controls[key]:
                    record.respond(texts[0])
