"""The gap questionnaire on a real report read by the real parser: OneTrust's 2025 SOC 2
Type II (Security, Availability, Confidentiality; no exception) answers the starter's
questions on those categories, with the page and words of its opinion, and leaves the
privacy ones to the vendor."""

from pathlib import Path

from domain.questionnaires.gap import Decision, facts_of_reading, pre_answers
from domain.questionnaires.starter import STARTER
from parsers.soc2 import parse_pdf

REPORT = (
    Path(__file__).resolve().parents[4]
    / "shared"
    / "soc2-samples"
    / "real"
    / "2025-OneTrust-Certification-Automation-SOC-2-Type-2.pdf"
)


def test_the_starter_against_a_real_report_sends_only_what_the_report_does_not_answer():
    facts = facts_of_reading(parse_pdf(REPORT).to_dict())

    decided = {p.key: p for p in pre_answers(STARTER, facts)}

    by_question = {q.key: q for q in STARTER.questions()}
    covered = [k for k, p in decided.items() if p.decision == Decision.COVERED]
    sent = [k for k, p in decided.items() if p.decision == Decision.SEND]
    assert facts.opinion == "UNQUALIFIED" and facts.exceptions == ()
    assert covered and all(
        all(c.startswith(("CC", "A1", "C1")) for c in by_question[k].criteria) for k in covered
    )
    assert sent == [
        k
        for k, q in by_question.items()
        if any(c.startswith("P") and not c.startswith("PI") for c in q.criteria)
    ]
    assert not [k for k, p in decided.items() if p.decision == Decision.FLAGGED]
    [opinion_source] = {p.source for p in decided.values() if p.decision == Decision.COVERED}
    assert opinion_source is not None and opinion_source.page is not None
    assert "opinion" in (opinion_source.quote or "").lower()
