"""Azure SOC 1 Type II, October 2017 - September 2018 (Deloitte & Touche LLP).

Read from the PDF by hand. Only short snippets are kept: the report is restricted-use.
"""

FILE = "azure-soc-1-type-2-report-2017-10-01-to-2018-9-30.pdf"

FACTS = {
    "kind": "SOC1",
    "type": "TYPE2",
    "service_organization": "Microsoft Azure and Microsoft datacenters",
    "service_auditor": "Deloitte & Touche LLP",
    "period_start": "2017-10-01",
    "period_end": "2018-09-30",
    "as_of": None,
    "report_date": "2018-10-31",
    "opinion": "UNQUALIFIED",
    "opinion_basis": None,
    "trust_services_categories": [],
    "subservice_organizations": [],
    "csocs": [],
    "pages": 124,
}

# A SOC 1 tests control objectives, not trust services criteria: criteria stay empty.
EXCEPTIONS = [
    {
        "control_id": "OA-15",
        "criteria": [],
        "page": 81,
        "control_starts": "Passwords used to access Azure network devices",
        "test_starts": "\u2022 Inquired of the Networking Team",
        "result_starts": "Exception Noted: For 8 of the 30 sampled network devices",
        "response_starts": "Management has re-emphasized the importance of retaining",
    },
    {
        "control_id": "DS-1",
        "criteria": [],
        "page": 84,
        "control_starts": "Cryptographic certificates, keys, customer access keys",
        "test_starts": "\u2022 Inquired of the Azure Operations team",
        "result_starts": "Exception Noted: Exceptions were identified in quarters previous",
        "response_starts": "The secrets noted were passwords used to control access",
    },
    {
        "control_id": "VM-6",
        "criteria": [],
        "page": 101,
        "control_starts": "Procedures have been established to monitor the Azure platform",
        "test_starts": "\u2022 Inquired that processes are in place",
        "result_starts": "Exception Noted: An exception related to the retention",
        "response_starts": "This sample was related to internal datacenter servers",
    },
]

# Section III table "Complementary User Entity Controls | Related Control Objectives" (20 rows,
# pages 64-67) and Section V "User Entity Responsibilities" (45 bullets, pages 122-124); no text is
# in both, so 65 CUECs.
CUEC_COUNT = 65
CUEC_PAGES = {64: 1, 65: 9, 66: 9, 67: 1, 122: 9, 123: 24, 124: 12}
CUEC_FIRST_STARTS = "Customers are responsible for establishing appropriate controls"
CUEC_LAST_STARTS = "Customers are responsible to support timely incident responses"
