"""What a test result says: a pass, a deviation, or neither (uncertain).

A result cell is read for what it states, not for whether it contains a known phrase:
- a cell may test several attributes ("Attribute A: ... No exceptions noted. Attribute B:
  Exception noted. For 1 of 8 ..."): each attribute is read on its own, and each deviating
  attribute is one deviation with its own text;
- a deviation is stated ("Exception noted", "Deviations noted", "the following exception was
  noted", "except for", "except as follows", "testing revealed 2 of 40", "not operating
  effectively", "observed deviations"), counted ("For 2 of 25 samples ... not ..."), or leads
  the cell ("Exception:"); a denial ("no exceptions noted", "no additional exceptions were
  noted on the remaining tests performed") is never a deviation and never cancels one;
- a pass is stated ("No exceptions noted.", "No deviations noted.", "Operating effectively"),
  maybe after the procedure that was performed;
- a control with nothing to test is not a deviation: "no instances occurred", "not tested",
  "the control did not operate during the period", "... therefore, no testing ... was performed";
- a failure stated with no verdict word ("Evidence ... could not be provided.") is a deviation;
- anything else (an empty verdict, "See management's response", "Refer to note 4") is
  UNCERTAIN: not an exception, but a reason for a person to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Verdict(Enum):
    """What one tested attribute's result says."""

    PASS = "pass"
    NO_OCCURRENCE = "no_occurrence"
    DEVIATION = "deviation"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class Reading:
    """One attribute's verdict and its text as printed (with its "Attribute B:" label)."""

    verdict: Verdict
    text: str


_ATTRIBUTE = re.compile(
    r"(?:(?:^|(?<=\s))(?P<word>(?:attribute|test|part|step)\s+(?:[A-Z]|\d{1,2}))\s*[:.)\-\u2013]"
    r"|(?:^|(?<=[.;:]\s)|(?<=[.;:]))(?P<paren>\([a-z]\)|\(\d{1,2}\)))\s*",
    re.I,
)
_EXC = r"(?:exceptions?|deviations?|exception\(s\)|deviation\(s\))"
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|\w+ \(\d+\))"
# a denial: "no exceptions noted", "no other deviations were identified", "without exception"
_DENIAL = re.compile(
    rf"\b(?:no|not any|none of the|zero)\s+(?:(?:relevant|additional|other|further|new|similar"
    rf"|reportable|material|significant)\s+)*{_EXC}"
    rf"|\bwithout (?:any )?{_EXC}|\bnone noted\b|\b{_EXC} (?:were|was) not (?:noted|identified)",
    re.I,
)
# what the auditor set out to check is not what it found: "to determine that exceptions were ..."
_OBJECTIVE = re.compile(
    r"\bto (?:determine|ascertain|verify|confirm|evaluate|assess|validate|ensure)\b[^.;]*", re.I
)
_STATED = re.compile(
    rf"\b{_EXC}\s*(?:were\s+|was\s+|have been\s+|has been\s+)?(?:noted|identified|found|observed"
    rf"|detected|disclosed|reported)\b|\b(?:the following|an?|{_NUMBER})\s+{_EXC}\b",
    re.I,
)
# deviations no procedure text states in passing
_STRONG = re.compile(
    r"\bexcept (?:for|as follows|as noted|as described|that)\b"
    rf"|\b(?:with )?the following {_EXC}"
    r"|\b(?:testing|the test(?:ing)?(?: of the control(?: activity)?)?|inspection|our testing)"
    r"\s+(?:revealed|identified|disclosed)\b"
    r"|\b(?:was |were |is |are )?not operating effectively\b|\bdid not operate effectively\b"
    r"|\bobserved deviations?\b",
    re.I,
)
_LEAD = re.compile(
    rf"^\W*(?:{_EXC}\s*:|(?:{_NUMBER}\s+)?{_EXC}\s+(?:were\s+|was\s+)?(?:noted|identified|found|observed))",
    re.I,
)
_COUNTED = re.compile(
    r"\b(?P<n>[1-9]\d{0,3}|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s*\(\d+\))?\s+(?:out\s+)?of\s+(?:the\s+)?(?:\d+|[a-z]+)\b",
    re.I,
)
_FAILURE = re.compile(
    r"\b(?:not|no evidence|without|missing|failed|unable|could not|did not|was not|were not"
    r"|lacked|absent|incomplete|late|after the|exceeded)\b",
    re.I,
)
_PASS_PHRASE = (
    rf"no\s+(?:(?:relevant|reportable|additional|other)\s+)?{_EXC}(?:\s+or\s+{_EXC})?"
    r"(?:\s+(?:were|was|have been|has been))?\s+(?:noted|identified|found|observed|detected)"
    rf"|no {_EXC}|none noted|no issues (?:noted|identified)"
)
# "No exceptions noted." as a sentence of its own: the cell's verdict, whatever procedure
# text before it says in passing
_PASS_SENTENCE = re.compile(rf"(?:^|[.;:]\s*)(?:{_PASS_PHRASE})\s*(?:[.;]|$)", re.I)
_PASS = re.compile(
    rf"\b(?:{_PASS_PHRASE})\b|\b(?:control\s+)?(?:was\s+)?operat(?:ed|ing) effectively\b"
    r"|\bwithout exception\b|\bsatisfactor(?:y|ily)\b|^\W*(?:pass(?:ed)?|effective)\W*$",
    re.I,
)
_NO_OCCURRENCE = re.compile(
    r"\bno instances?\b[^.]{0,80}\b(?:occurred|took place|were (?:identified|noted|found))"
    r"|\b(?:did not|does not) (?:operate|occur|run)\b(?! effectively)"
    r"|\bnot tested\b|\bno testing\b[^.]{0,80}\bperformed\b|\btherefore,? no test"
    r"|^\W*(?:n/?a|not applicable)\W*$|\bnot applicable\b"
    r"|\bno (?:such |relevant )?(?:events?|occurrences?|changes|incidents|requests|new hires"
    r"|terminations|employees|instances)\b[^.]{0,80}\b(?:occurred|during the|were (?:made|hired"
    r"|terminated|identified|noted))"
    r"|\bno \w+(?: \w+)? (?:were|was) (?:hired|terminated|made|performed|initiated|received"
    r"|requested|identified) during the\b",
    re.I,
)


# a failure stated plainly, with no verdict word: "Evidence ... could not be provided."
_FAILED = re.compile(
    r"\b(?:could not be|cannot be|was not able to be) (?:provided|located|obtained|produced"
    r"|evidenced|verified|found)|\b(?:was|were) not (?:performed|completed|approved|reviewed"
    r"|documented|retained|removed|revoked|evidenced|provided|conducted|obtained|updated|signed)"
    r"|\bdid not (?:perform|complete|approve|review|have|receive|retain|include|operate as)"
    r"|\bfailed to\b|\bno evidence (?:of|that|was)\b",
    re.I,
)
# "no other exceptions", "no exceptions noted on the remaining tests": said after a deviation;
# alone (a cell cut from its row), it is no pass
_AFTER_DEVIATION = re.compile(
    rf"\b(?:on|for|in|of) the remaining\b|\bno (?:additional|other|further) {_EXC}", re.I
)


def _blank(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def read_attribute(text: str) -> Verdict:
    """The verdict of one attribute's (or one whole cell's) result text."""
    body = text.strip()
    if not body:
        return Verdict.UNCERTAIN
    affirmed = _blank(_DENIAL, _blank(_OBJECTIVE, body))
    counted = _COUNTED.search(affirmed)
    if (
        _LEAD.match(body)
        or _STRONG.search(affirmed)
        or (counted and _FAILURE.search(affirmed[counted.start() :]))
    ):
        return Verdict.DEVIATION
    if _PASS_SENTENCE.search(body):
        return Verdict.PASS
    if _STATED.search(affirmed):
        return Verdict.DEVIATION
    if _AFTER_DEVIATION.search(body):
        return Verdict.UNCERTAIN
    if _PASS.search(body):
        return Verdict.PASS
    if _NO_OCCURRENCE.search(body):
        return Verdict.NO_OCCURRENCE
    if _FAILED.search(affirmed):
        return Verdict.DEVIATION
    return Verdict.UNCERTAIN


def split_attributes(text: str) -> list[str]:
    """A result cell cut at its attribute labels; a cell without labels is one attribute."""
    marks = [m.start() for m in _ATTRIBUTE.finditer(text)]
    # two labels, or one after a preamble ("Exception Noted: Attribute B: ...")
    if len(marks) < 2 and not (marks and text[: marks[0]].strip()):
        return [text.strip()]
    parts = [text[: marks[0]]] if text[: marks[0]].strip() else []
    parts += [text[a:b] for a, b in zip(marks, [*marks[1:], len(text)], strict=True)]
    return [p.strip() for p in parts if p.strip()]


def read_result(text: str) -> list[Reading]:
    """Every attribute of a result cell with its verdict, in printed order; a preamble before
    the first attribute ("For each sample we tested:") counts only if it states a verdict."""
    parts = split_attributes(text)
    readings = [Reading(read_attribute(part), part) for part in parts]
    if len(readings) > 1 and _ATTRIBUTE.match(parts[0]) is None:
        # a preamble: kept only if it says something of its own; a bare label before the
        # attributes ("Exception Noted:") or words with no verdict are not a reading
        if readings[0].verdict is Verdict.UNCERTAIN or len(parts[0].split()) <= 4:
            readings = readings[1:]
    return readings


def is_verdict(text: str) -> bool:
    """True when a cell reads as a result of a test (pass, deviation or nothing to test): what
    makes a column the results column whatever its label."""
    return any(r.verdict is not Verdict.UNCERTAIN for r in read_result(text))
