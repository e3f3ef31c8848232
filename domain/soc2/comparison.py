"""Year over year: what changed between a vendor's new SOC report and its previous one.

The caller picks the previous report (normally the vendor's last report of the
same kind) and turns both into `ReportFacts`; everything here is pure.

Matching an exception of the new report to one of the previous report:

| pass | two exceptions are the same when | applies to |
|---|---|---|
| 1 | their control IDs are equal, ignoring case, whitespace and a trailing period (`DS - 1` = `ds-1`, `CC6.1.3` != `CC6.1.30`) | pairs where both print an ID |
| 2 | their criteria sets overlap (`CC6.1, CC6.2` ~ `CC6.2`) | pairs where one side prints no ID |
| 3 | their control descriptions are equal as normalised text (case, punctuation and spacing ignored) | pairs where one side prints no ID |

- When both sides print a control ID, the ID decides: two different IDs are two
  controls, even with the same description (firms reuse wording across controls).
- Passes run in order over the whole report, so an ID match is never lost to a
  weaker criteria or description match; within a pass, exceptions pair up in
  report order.
- Each previous exception matches at most one new exception. A matched new
  exception is RECURRING, any other NEW; previous exceptions left unmatched are
  `resolved` (in the previous report's order).

Other differences:

- Opinion: `opinion_changed` only when both opinions were read and differ (an
  opinion the parser could not read is not a change).
- Categories added and dropped, each sorted.
- Subservice organizations, matched by name ignoring case, punctuation, a
  parenthesised short name (`Amazon Web Services, Inc. ("AWS")`) and trailing
  legal suffixes (Inc., LLC, Ltd., Corporation, Corp., GmbH, ...). Added names
  come as printed in the new report, dropped names as printed in the previous
  one, each in report order, once.

Without a previous report every exception is NEW and every difference is empty.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType


@dataclass(frozen=True)
class ExceptionFacts:
    """One exception of a report, as the comparison and the finding rules need it."""

    key: str  # identity within its report, chosen by the caller (opaque here)
    control_id: str | None
    criteria: tuple[str, ...]
    control: str | None
    result: str
    page: int | None = None  # where the result is printed, quoted in findings


@dataclass(frozen=True)
class ReportFacts:
    """What the rules read from a parsed SOC report (see shared/contracts/soc2-extraction.md)."""

    kind: str
    report_type: str | None
    period_start: date | None
    period_end: date | None
    as_of: date | None
    opinion: str | None
    categories: frozenset[str]
    exceptions: tuple[ExceptionFacts, ...]
    subservice_organizations: tuple[str, ...]


class Recurrence(StrEnum):
    """Whether the previous report had the same exception."""

    NEW = "NEW"
    RECURRING = "RECURRING"


@dataclass(frozen=True)
class Comparison:
    """The differences between a report and the one before it."""

    previous_available: bool
    recurrence: Mapping[str, Recurrence]
    resolved: tuple[ExceptionFacts, ...]
    opinion_from: str | None
    opinion_to: str | None
    opinion_changed: bool
    categories_added: tuple[str, ...]
    categories_dropped: tuple[str, ...]
    subservices_added: tuple[str, ...]
    subservices_dropped: tuple[str, ...]


def control_id_key(control_id: str | None) -> str | None:
    """`DS - 1` and `ds-1.` -> `ds-1`: the printed ID without the spacing firms vary."""
    if control_id is None:
        return None
    key = "".join(unicodedata.normalize("NFKC", control_id).casefold().split()).rstrip(".")
    return key or None


def text_key(text: str | None) -> str | None:
    """Free text reduced to lower-case words, so reflowed or repunctuated text still matches."""
    if text is None:
        return None
    words = re.sub(r"\W+", " ", unicodedata.normalize("NFKC", text).casefold()).split()
    return " ".join(words) or None


_PARENTHESISED = re.compile(r"\([^()]*\)")
# Only whole trailing words, after dots are dropped: "L.L.C." -> "llc", "S.A." -> "sa".
_LEGAL_SUFFIXES = frozenset(
    "inc incorporated llc lllp llp lp ltd limited corp corporation co company plc "
    "gmbh ag kg se sa sas sarl srl spa bv nv ab as oy aps kk pte pty pvt".split()
)


def organization_key(name: str) -> str:
    """`Amazon Web Services, Inc. ("AWS")` -> `amazon web services`."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _PARENTHESISED.sub(" ", text).replace("&", " and ")
    text = re.sub(r"[.'\u2019]", "", text)  # initials and possessives stay one word
    words = re.sub(r"\W+", " ", text).split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()  # "Sony Co., Ltd." drops both suffixes
    return " ".join(words)


def _criteria_set(criteria: Iterable[str]) -> frozenset[str]:
    return frozenset(filter(None, (control_id_key(c) for c in criteria)))


def _same_id(current: ExceptionFacts, previous: ExceptionFacts) -> bool:
    key = control_id_key(current.control_id)
    return key is not None and key == control_id_key(previous.control_id)


def _an_id_missing(current: ExceptionFacts, previous: ExceptionFacts) -> bool:
    return control_id_key(current.control_id) is None or control_id_key(previous.control_id) is None


def _same_criteria(current: ExceptionFacts, previous: ExceptionFacts) -> bool:
    return _an_id_missing(current, previous) and bool(
        _criteria_set(current.criteria) & _criteria_set(previous.criteria)
    )


def _same_control(current: ExceptionFacts, previous: ExceptionFacts) -> bool:
    key = text_key(current.control)
    return (
        _an_id_missing(current, previous) and key is not None and key == text_key(previous.control)
    )


_PASSES = (_same_id, _same_criteria, _same_control)


def _match_exceptions(
    current: tuple[ExceptionFacts, ...], previous: tuple[ExceptionFacts, ...]
) -> dict[int, int]:
    """Index in `current` -> index in `previous`, one to one, strongest evidence first."""
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for same in _PASSES:
        for i, exception in enumerate(current):
            if i in matched:
                continue
            for j, earlier in enumerate(previous):
                if j not in taken and same(exception, earlier):
                    matched[i] = j
                    taken.add(j)
                    break
    return matched


def _names_missing_from(names: tuple[str, ...], others: tuple[str, ...]) -> tuple[str, ...]:
    """Names (as printed, first spelling, report order) whose organization is not in `others`."""
    other_keys = {organization_key(name) for name in others}
    missing: dict[str, str] = {}
    for name in names:
        key = organization_key(name)
        if key and key not in other_keys:
            missing.setdefault(key, name)
    return tuple(missing.values())


def compare(current: ReportFacts, previous: ReportFacts | None) -> Comparison:
    """The differences between `current` and `previous` (None: the vendor's first report)."""
    keys = [exception.key for exception in current.exceptions]
    if len(set(keys)) != len(keys):
        raise ValueError("exception keys must be unique within a report")
    if previous is None:
        return Comparison(
            previous_available=False,
            recurrence=MappingProxyType(dict.fromkeys(keys, Recurrence.NEW)),
            resolved=(),
            opinion_from=None,
            opinion_to=current.opinion,
            opinion_changed=False,
            categories_added=(),
            categories_dropped=(),
            subservices_added=(),
            subservices_dropped=(),
        )
    matched = _match_exceptions(current.exceptions, previous.exceptions)
    recurrence = {
        exception.key: Recurrence.RECURRING if i in matched else Recurrence.NEW
        for i, exception in enumerate(current.exceptions)
    }
    taken = set(matched.values())
    return Comparison(
        previous_available=True,
        recurrence=MappingProxyType(recurrence),
        resolved=tuple(e for j, e in enumerate(previous.exceptions) if j not in taken),
        opinion_from=previous.opinion,
        opinion_to=current.opinion,
        opinion_changed=(
            previous.opinion is not None
            and current.opinion is not None
            and previous.opinion != current.opinion
        ),
        categories_added=tuple(sorted(current.categories - previous.categories)),
        categories_dropped=tuple(sorted(previous.categories - current.categories)),
        subservices_added=_names_missing_from(
            current.subservice_organizations, previous.subservice_organizations
        ),
        subservices_dropped=_names_missing_from(
            previous.subservice_organizations, current.subservice_organizations
        ),
    )
