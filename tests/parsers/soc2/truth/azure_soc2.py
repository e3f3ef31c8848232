"""Azure SOC 2 Type II, October 2017 - September 2018 (Deloitte & Touche LLP), 2016 criteria.

Read from the PDF by hand. Only short snippets are kept: the report is restricted-use.
"""

FILE = "azure-soc-2-type-2-report-2017-10-01-to-2018-9-30.pdf"

FACTS = {
    "kind": "SOC2",
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
    "subservice_organizations": [],  # executive summary: "Subservice Providers N/A"
    "csocs": [],
    "pages": 226,
}

# Part C results (the page of the result cell), criteria from the Part A mapping rows (Part B maps
# to CCM, not to trust services criteria), responses from Section V's table.
EXCEPTIONS = [
    {
        "control_id": "OA-15",
        "criteria": ["CC5.1", "CC5.3", "CC5.4"],
        "page": 170,
        "control_starts": "Passwords used to access Azure network devices",
        "test_starts": "\u2022 Inquired of the Networking Team",
        "result_starts": "Exception Noted: For 8 of the 30 sampled network devices",
        "response_starts": "Management has re-emphasized the importance of retaining",
    },
    {
        "control_id": "DS-1",
        "criteria": ["C1.3"],
        "page": 171,
        "control_starts": "Cryptographic certificates, keys, customer access keys",
        "test_starts": "\u2022 Inquired of the Azure Operations team",
        "result_starts": "Exception Noted: Exceptions were identified in quarters previous",
        "response_starts": "The secrets noted were passwords used to control access",
    },
    {
        "control_id": "VM-6",
        "criteria": ["CC3.1", "CC4.1", "CC5.8", "CC6.1"],
        "page": 186,
        "control_starts": "Procedures have been established to monitor the Azure platform",
        "test_starts": "\u2022 Inquired that processes are in place",
        "result_starts": "Exception Noted: An exception related to the retention",
        "response_starts": "This sample was related to internal datacenter servers",
    },
]

# Section V "User Entity Responsibilities": 65 bullets on pages 223-226, none with criteria.
CUEC_COUNT = 65
CUEC_PAGES = {223: 8, 224: 24, 225: 22, 226: 11}
CUEC_FIRST_STARTS = "Customers are responsible for managing compliance"
CUEC_LAST_STARTS = "Customers are responsible for providing Internet connectivity"
