"""The exceptions of a real report, read by the real parser, classified by the rules:
Microsoft Azure's SOC 2 Type II for 2017-18 (numbered the 2016 way) has three."""

from pathlib import Path

from domain.compliance.exception_domains import ExceptionDomain as D
from domain.compliance.exception_domains import classify
from parsers.soc2 import parse_pdf

REPORT = (
    Path(__file__).resolve().parents[4]
    / "shared"
    / "soc2-samples"
    / "real"
    / "azure-soc-2-type-2-report-2017-10-01-to-2018-9-30.pdf"
)


def test_azure_s_exceptions_are_access_encryption_and_monitoring():
    exceptions = parse_pdf(REPORT).to_dict()["exceptions"]

    decided = [classify(e["control"], e["result"], e["criteria"]) for e in exceptions]

    assert [d.domain for d in decided] == [D.ACCESS, D.ENCRYPTION, D.LOGGING_AND_MONITORING]
    assert all(d.rule.startswith("wording:") for d in decided)
