"""Tembo SOC 2 Type I as of 2023-11-30 (Armanino LLP), 2017 criteria; read from the PDF by hand."""

FILE = "tembo-soc-2-type-1-2023-11-30.pdf"

FACTS = {
    "kind": "SOC2",
    "type": "TYPE1",
    "service_organization": "Tembo Data Systems, Inc.",
    "service_auditor": "Armanino LLP",
    "period_start": None,
    "period_end": None,
    "as_of": "2023-11-30",
    "report_date": "2024-01-31",
    "opinion": "UNQUALIFIED",
    "opinion_basis": None,
    "trust_services_categories": ["SECURITY"],
    "exceptions": [],  # a Type I tests no operating effectiveness
    "pages": 46,
}

# "Tembo uses a subservice organization, Amazon Web Services ("AWS"), to provide cloud hosting
# services" and "Our examination did not include the services provided by the subservice
# organization": carve-out, though the word is never printed.
SUBSERVICE_ORGANIZATIONS = [
    {
        "name": "Amazon Web Services (AWS)",
        "services": "cloud hosting services",
        "method": "CARVE_OUT",
        "page": 3,
    }
]

# Table 2 on page 18: two bullets under CC6.4, three under CC7.2, all about AWS.
CSOCS = [
    ("AWS is responsible for restricting data center access", ["CC6.4"]),
    ("AWS is responsible for the 24x7 monitoring of data centers", ["CC6.4"]),
    ("AWS is responsible for the installation of fire suppression", ["CC7.2"]),
    ("AWS is responsible for protecting data centers against a disruption", ["CC7.2"]),
    ("AWS is responsible for overseeing the regular maintenance", ["CC7.2"]),
]

# Page 19, bullets after "User entities are responsible for:", no criteria.
CUECS = [
    "Ensuring that the service agreement or quote",
    "Communicating service level issues as they arise",
    "Communicating changes to the Company's services as required.",
    "Providing written notification of changes to individuals",
    "Reporting operational failures, incidents, system problems/concerns",
    "Requesting changes to the Tembo cloud system application",
    "Managing access provided to client personnel",
    "Reviewing release notes for changes to the Tembo cloud system",
]
