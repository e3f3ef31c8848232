"""Table headers: find a header row (one to three visual lines), cluster its words into column
labels, and name each column's role from keywords, whatever the firm calls it."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from parsers.soc2.layout import Line
from parsers.soc2.pdf import Word


class Role(Enum):
    """What a column holds."""

    ID = "id"
    CRITERIA = "criteria"
    CONTROL = "control"
    TEST = "test"
    RESULT = "result"
    RESPONSE = "response"
    CUEC = "cuec"
    CSOC = "csoc"
    SUBSERVICE = "subservice"
    SERVICES = "services"
    REFS = "refs"  # the controls that meet a criterion, by ID ("Control No(s).", "1.01, 1.02")
    OTHER = "other"


class TableKind(Enum):
    """What a table is for."""

    CONTROLS = "controls"  # tests of controls, or a criteria mapping with results
    # a table laid out like tests of controls in which no column reads as results
    UNREAD_CONTROLS = "unread_controls"
    # criteria and the IDs of the controls that meet them (tested elsewhere without criteria)
    MAPPING = "mapping"
    RESPONSES = "responses"  # management's responses to exceptions
    CUECS = "cuecs"
    CSOCS = "csocs"
    SUBSERVICE = "subservice"


_ROLE_PATTERNS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.RESPONSE, re.compile(r"\bresponse", re.I)),
    (
        Role.CUEC,
        re.compile(
            r"user entit|user control|(?:customer|client) (?:responsib|control)"
            r"|complementary (?:customer|client|user)|cuec",
            re.I,
        ),
    ),
    (
        Role.CSOC,
        re.compile(
            r"subservice organi[sz]ation controls?|\bcsoc|expected to be (?:implemented|performed)"
            r"|controls? (?:at|of) (?:the )?subservice",
            re.I,
        ),
    ),
    (
        Role.RESULT,
        re.compile(
            r"\bresults?\b|exceptions?\b|deviations?\b|\boutcomes?\b|\bconclusions?\b"
            r"|\bfindings?\b|\bobservations?\b|\bverdict",
            re.I,
        ),
    ),
    (Role.TEST, re.compile(r"\btest|procedure|testing", re.I)),
    (
        Role.REFS,
        re.compile(
            r"control\s+(?:no|number|ref|id)s?\s*\(s\)|control\s+(?:nos|numbers|refs|ids)\b"
            r"|related controls?|mapped controls?|\(see section",
            re.I,
        ),
    ),
    (Role.CRITERIA, re.compile(r"criteri|\btsc\b|objective|\bccm\b|principle", re.I)),
    (Role.ID, re.compile(r"^(?:control\s*)?(?:id|#|no\.?|number|ref\.?\s*#?|reference)$", re.I)),
    (Role.OTHER, re.compile(r"applicab|location|frequency|owner|\btype\b|nature of", re.I)),
    (Role.SUBSERVICE, re.compile(r"subservice|vendor|sub-?processor|third[- ]part|^entity$", re.I)),
    (Role.CONTROL, re.compile(r"control|activit|description|specified|policy", re.I)),
    (Role.SERVICES, re.compile(r"services?\b|function", re.I)),
)
_HEADER_WORDS = frozenset(
    """control controls id # no no. number ref ref. ref# reference activity activities description
    descriptions specified by the service organization organization's test tests testing procedures
    procedure performed applied applicability results result of exception exceptions noted criteria
    criterion trust services tsc tsc. ccm management management's response responses related
    complementary user entity entities subservice provider providers provider(s) provided objective
    objectives auditor auditor's and to for deviations in place relevant csocs cuecs name hosted
    facility location nature outcome outcomes conclusion conclusions finding findings observation
    observations""".split()
)


@dataclass(frozen=True)
class Column:
    """A column: its role, its printed label, and the x-range its cells occupy."""

    role: Role
    label: str
    left: float
    right: float


@dataclass(frozen=True)
class Header:
    """A detected header row: its kind, columns left to right, and how many lines it spans."""

    kind: TableKind
    columns: tuple[Column, ...]
    lines: int
    page: int

    @property
    def signature(self) -> tuple[TableKind, tuple[Role, ...]]:
        """Kind and column roles: a repeated header has the same signature."""
        return self.kind, tuple(c.role for c in self.columns)


def role_of(label: str) -> Role:
    """The role a column label names."""
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(label):
            return role
    return Role.OTHER


def header_score(line: Line) -> float:
    """The share of a line's words that are words of column labels; 0 for a sentence."""
    words = [w.text.lower().strip(":,") for w in line.words]
    if not words or len(words) > 24:
        return 0.0
    # a sentence ends with a full stop; a label may end with an abbreviation ("Inc.", "Ref.")
    last = line.words[-1].text
    if last.endswith(".") and not (len(last) <= 5 and last[:1].isupper()):
        return 0.0
    return sum(1 for w in words if w in _HEADER_WORDS) / len(words)


_FUNCTION_WORDS = frozenset("the a an of to in and for with on at is are was were".split())


def _label_like(label: str) -> bool:
    """Short, capitalised, not a sentence fragment ("No exceptions noted in the" is not a label)."""
    words = label.split()
    if not words or len(words) > 12 or not (label[0].isupper() or label[0] in "#("):
        return False
    return words[0].lower() not in {"the", "a", "an"} and words[-1].lower() not in _FUNCTION_WORDS


def _label_tail(line: Line, block: Sequence[Line]) -> bool:
    """A short line whose words sit under labels above it: the wrapped end of a label such as a
    firm's name in "Tests Performed by Harbor & Finch / CPAs"."""
    if len(line.words) > 4:
        return False
    above = [w for ln in block for w in ln.words]
    if not all(any(min(w.x1, a.x1) - max(w.x0, a.x0) > 0 for a in above) for w in line.words):
        return False
    # a wrapped label sits under one label; a banner under the header runs across several
    runs: list[tuple[float, float]] = []
    for above_line in block:
        line_runs: list[tuple[float, float]] = []
        for w in sorted(above_line.words, key=lambda w: w.x0):
            if line_runs and w.x0 - line_runs[-1][1] < 0.7 * w.height:
                line_runs[-1] = (line_runs[-1][0], w.x1)
            else:
                line_runs.append((w.x0, w.x1))
        runs.extend(line_runs)
    touched = [r for r in runs if min(line.x1, r[1]) - max(line.x0, r[0]) > 0]
    if not touched:
        return False
    left, right = min(r[0] for r in touched), max(r[1] for r in touched)
    if any(b[0] > a[1] + 0.7 * line.height for a, b in itertools.pairwise(sorted(touched))):
        return False  # under two labels side by side
    return line.x0 >= left - line.height and line.x1 <= right + line.height


def _cluster(words: Sequence[tuple[int, Word]]) -> list[list[tuple[int, Word]]]:
    """Union words into labels: neighbours on a line, or overlapping across the header's lines."""
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # plain tuples: this pairwise loop runs for every line that may be a header
    boxes = [(li, w.x0, w.x1, w.bottom - w.top) for li, w in words]
    for i, (li, ax0, ax1, ah) in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            lj, bx0, bx1, bh = boxes[j]
            gap = max(ax0, bx0) - min(ax1, bx1)  # negative when the boxes overlap
            near = gap < 0.7 * max(ah, bh) if li == lj else gap < 0
            if near:
                parent[find(j)] = find(i)
    groups: dict[int, list[tuple[int, Word]]] = {}
    for i, item in enumerate(words):
        groups.setdefault(find(i), []).append(item)
    return sorted(groups.values(), key=lambda g: min(w.x0 for _, w in g))


def _kind(roles: Sequence[Role]) -> TableKind | None:
    present = set(roles)
    # a tests table may carry a response column; a responses table has no tests
    if Role.RESPONSE in present and Role.TEST not in present and present & {Role.ID, Role.CONTROL}:
        return TableKind.RESPONSES
    if Role.CUEC in present:
        return TableKind.CUECS
    if Role.CSOC in present:
        return TableKind.CSOCS
    if Role.RESULT in present and present & {Role.CONTROL, Role.ID, Role.CRITERIA}:
        return TableKind.CONTROLS
    # a control and its test with a column of another name: the results column may be there,
    # known by what its cells say (tables.py)
    if Role.TEST in present and present & {Role.CONTROL, Role.ID} and len(roles) >= 3:
        return TableKind.CONTROLS
    if Role.SUBSERVICE in present and Role.SERVICES in present:
        return TableKind.SUBSERVICE
    if Role.CRITERIA in present and Role.REFS in present:
        return TableKind.MAPPING
    return None


def detect_header(lines: Sequence[Line], index: int) -> Header | None:
    """A header row starting at lines[index], or None."""
    first = lines[index]
    if header_score(first) < 0.5:
        return None
    block = [first]
    for nxt in lines[index + 1 : index + 6]:
        prev = block[-1]
        if nxt.page != first.page or nxt.top - prev.bottom > 0.6 * prev.height:
            break
        # a line set into the one above (labels printed at staggered heights) joins more easily
        need = 0.5 if nxt.top < prev.bottom else 0.6
        if header_score(nxt) < need and not _label_tail(nxt, block):
            break
        block.append(nxt)
    # a label raised above the others, set into the first line ("Control No(s). (See Section"
    # over "Criteria No. Criteria Description"), belongs to the header too
    lines_from_index = len(block)
    # the lines from index must name two columns themselves: a lone "No exceptions" set among a
    # row's staggered lines is no header
    groups = _cluster([(i, w) for i, ln in enumerate(block) for w in ln.words])
    if len(groups) < 2:
        return None
    for prev_line in reversed(lines[max(0, index - 2) : index]):
        if prev_line.page != first.page or prev_line.bottom <= block[0].top:
            break
        block.insert(0, prev_line)
    if len(block) > lines_from_index:
        groups = _cluster([(i, w) for i, ln in enumerate(block) for w in ln.words])
    if len(groups) < 2:
        return None
    labels = [" ".join(w.text for _, w in sorted(g, key=lambda t: (t[0], t[1].x0))) for g in groups]
    roles = [role_of(label) for label in labels]
    # labels are short and capitalised; prose that happens to use the words is not a header
    roles = [
        role if _label_like(label) else Role.OTHER
        for role, label in zip(roles, labels, strict=True)
    ]
    kind = _kind(roles)
    if kind is None or sum(1 for r in roles if r is not Role.OTHER) < 2:
        return None
    columns = tuple(
        Column(role, label, min(w.x0 for _, w in g), max(w.x1 for _, w in g))
        for role, label, g in zip(roles, labels, groups, strict=True)
    )
    return Header(kind, columns, lines_from_index, first.page)
