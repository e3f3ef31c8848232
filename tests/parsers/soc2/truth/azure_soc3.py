"""Azure SOC 3, October 2017 - September 2018 (Deloitte & Touche LLP); read from the PDF by hand."""

FILE = "azure-soc-3-report-2017-10-01-to-2018-9-30.pdf"

FACTS = {
    "kind": "SOC3",
    "type": "TYPE2",
    "service_organization": "Microsoft Azure and Microsoft datacenters",
    "service_auditor": "Deloitte & Touche LLP",
    "period_start": "2017-10-01",
    "period_end": "2018-09-30",
    "as_of": None,
    "report_date": "2018-10-31",
    "opinion": "UNQUALIFIED",
    "opinion_basis": None,
    "trust_services_categories": [
        "SECURITY",
        "AVAILABILITY",
        "PROCESSING_INTEGRITY",
        "CONFIDENTIALITY",
    ],
    "pages": 32,
}
