"""tprm's starter security questionnaire: what a tenant sends a vendor before writing one of
its own, and the template a tenant copies and edits.

Every word here is tprm's own. Published questionnaires (SIG, CAIQ, HECVAT and the like) are
licensed: none of their text is copied or paraphrased question by question. The criteria are
the 2017 trust services criteria (revised points of focus, 2022) each question gives
evidence for, so an answer can be read next to a vendor's SOC 2 report.

Weights follow importance: a control whose absence alone would worry a reviewer weighs 8 to
10, and answering "No" to it raises a red flag; good practice that is not essential weighs
4 to 6 and raises nothing.
"""

from dataclasses import replace

from domain.questionnaires.definition import (
    NO,
    YES,
    Choice,
    Condition,
    ControlDomain,
    Question,
    QuestionType,
    Section,
    Template,
    yes_no,
)


def _core(weight: int) -> tuple[Choice, ...]:
    """A control the vendor must have: "No" scores nothing and raises a red flag."""
    return yes_no(weight, 0, red_flag_on=NO)


def _good_practice(weight: int) -> tuple[Choice, ...]:
    return yes_no(weight, 0)


def _shown_if_yes(key: str) -> Condition:
    return Condition(key, (YES,))


def _section(title: str, domain: ControlDomain, *questions: Question) -> Section:
    """A section whose questions all belong to one control domain."""
    return Section(title, tuple(replace(q, domain=domain) for q in questions))


_YES_NO = QuestionType.YES_NO
_SINGLE = QuestionType.SINGLE_CHOICE
_MULTIPLE = QuestionType.MULTIPLE_CHOICE

_GOVERNANCE = _section(
    "Governance",
    ControlDomain.GOVERNANCE,
    Question(
        "gov_security_policy",
        "Do you have a written information security policy that management has approved and"
        " reviews at least once a year?",
        _YES_NO,
        choices=_core(8),
        criteria=("CC5.3", "CC2.2"),
    ),
    Question(
        "gov_security_policy_file",
        "Please upload that policy. If the policy itself is confidential, its table of contents"
        " and the date of its last approval are enough.",
        QuestionType.FILE,
        required=False,
        condition=_shown_if_yes("gov_security_policy"),
        criteria=("CC5.3",),
    ),
    Question(
        "gov_risk_assessment",
        "How often do you formally assess the risks to the information you hold?",
        _SINGLE,
        choices=(
            Choice("AT_LEAST_YEARLY", "Once a year or more often", 10),
            Choice("AFTER_MAJOR_CHANGES", "Only after major changes to the business", 4),
            Choice("NOT_FORMALLY", "We do not assess risks formally", 0, red_flag=True),
        ),
        criteria=("CC3.2",),
    ),
    Question(
        "gov_attestations",
        "Which independent attestations or certifications covering the service you provide"
        " to us do you currently hold?",
        _MULTIPLE,
        help="Pick every one that is current today; you may be asked for the report.",
        choices=(
            Choice("SOC2_TYPE_2", "SOC 2 Type 2 report", 10),
            Choice("SOC2_TYPE_1", "SOC 2 Type 1 report", 5),
            Choice("ISO_27001", "ISO/IEC 27001 certificate", 10),
            Choice("PCI_DSS", "PCI DSS attestation of compliance", 5),
            Choice("OTHER", "Another independent audit", 3),
            Choice("NONE", "None of these", 0),
        ),
        criteria=("CC4.1",),
    ),
    Question(
        "gov_security_contact",
        "Whom should we contact about security matters? Give a name or team, a role and an"
        " email address.",
        QuestionType.TEXT,
        criteria=("CC2.3",),
    ),
)

_ACCESS_CONTROL = _section(
    "Access control",
    ControlDomain.ACCESS_CONTROL,
    Question(
        "access_mfa_admins",
        "Must every administrator and every other privileged account, cloud consoles included,"
        " sign in with multi-factor authentication?",
        _YES_NO,
        choices=_core(10),
        criteria=("CC6.1", "CC6.6"),
    ),
    Question(
        "access_mfa_remote",
        "Is multi-factor authentication required whenever staff reach internal systems from"
        " outside your offices?",
        _YES_NO,
        choices=_core(8),
        criteria=("CC6.6",),
    ),
    Question(
        "access_least_privilege",
        "Is access granted by role, limited to what each person needs, and approved before it"
        " is given?",
        _YES_NO,
        choices=_core(8),
        criteria=("CC6.2", "CC6.3"),
    ),
    Question(
        "access_review_frequency",
        "How often does someone check who can reach production systems and our data, and"
        " remove access that is no longer needed?",
        _SINGLE,
        choices=(
            Choice("QUARTERLY", "Every three months or more often", 10),
            Choice("TWICE_A_YEAR", "Twice a year", 7),
            Choice("YEARLY", "Once a year", 4),
            Choice("NEVER", "We do not review access", 0, red_flag=True),
        ),
        criteria=("CC6.2", "CC6.3"),
    ),
    Question(
        "access_leaver_removal",
        "When someone leaves your company, how soon is all of their access removed?",
        _SINGLE,
        choices=(
            Choice("SAME_DAY", "On their last day", 10),
            Choice("WITHIN_A_WEEK", "Within a week", 4),
            Choice("LATER", "Later, or it depends", 0, red_flag=True),
        ),
        criteria=("CC6.2", "CC6.3"),
    ),
)

_CHANGE_MANAGEMENT = _section(
    "Change management",
    ControlDomain.CHANGE_MANAGEMENT,
    Question(
        "change_peer_review",
        "Before a change reaches production, does someone other than its author review and"
        " approve it?",
        _YES_NO,
        choices=_core(10),
        criteria=("CC8.1",),
    ),
    Question(
        "change_tested_before_release",
        "Are changes tested in an environment kept apart from production before they are released?",
        _YES_NO,
        choices=_core(8),
        criteria=("CC8.1",),
    ),
    Question(
        "change_emergency_procedure",
        "When an urgent fix has to skip the usual steps, is it recorded and reviewed afterwards?",
        _YES_NO,
        choices=_good_practice(5),
        criteria=("CC8.1",),
    ),
    Question(
        "change_critical_patches",
        "How quickly do you install a security patch rated critical on production systems?",
        _SINGLE,
        choices=(
            Choice("WITHIN_7_DAYS", "Within 7 days", 10),
            Choice("WITHIN_30_DAYS", "Within 30 days", 6),
            Choice("LONGER", "It usually takes longer", 2),
            Choice("NO_PROCESS", "We have no patching process", 0, red_flag=True),
        ),
        criteria=("CC7.1", "CC8.1"),
    ),
)

_INCIDENT_RESPONSE = _section(
    "Incident response",
    ControlDomain.INCIDENT_RESPONSE,
    Question(
        "incident_plan",
        "Is there a written incident response plan that says who does what, how incidents"
        " are escalated and how they are contained?",
        _YES_NO,
        choices=_core(10),
        criteria=("CC7.3", "CC7.4"),
    ),
    Question(
        "incident_plan_exercised",
        "When did your team last rehearse that plan, for example in a tabletop exercise?",
        _SINGLE,
        condition=_shown_if_yes("incident_plan"),
        choices=(
            Choice("WITHIN_12_MONTHS", "In the last 12 months", 10),
            Choice("WITHIN_24_MONTHS", "One to two years ago", 5),
            Choice("NOT_YET", "We have not rehearsed it", 0),
        ),
        criteria=("CC7.4", "CC7.5"),
    ),
    Question(
        "incident_customer_notice",
        "If an incident affects our data, how soon after confirming it will you tell us?",
        _SINGLE,
        choices=(
            Choice("WITHIN_24_HOURS", "Within 24 hours", 10),
            Choice("WITHIN_72_HOURS", "Within 72 hours", 7),
            Choice("LATER", "Later than 72 hours", 2),
            Choice("NO_COMMITMENT", "We make no commitment", 0, red_flag=True),
        ),
        criteria=("CC7.4", "CC2.3"),
    ),
    Question(
        "incident_recent_breach",
        "In the last 12 months, has an incident exposed customer data held by you or on"
        " your behalf?",
        _YES_NO,
        choices=yes_no(0, 5, red_flag_on=YES),
        criteria=("CC7.3", "CC7.4"),
    ),
    Question(
        "incident_recent_breach_details",
        "What happened, who was affected, and what have you changed since?",
        QuestionType.TEXT,
        condition=_shown_if_yes("incident_recent_breach"),
        criteria=("CC7.4", "CC7.5"),
    ),
)

_BACKUP_AND_AVAILABILITY = _section(
    "Backup and availability",
    ControlDomain.BACKUP_AND_AVAILABILITY,
    Question(
        "backup_frequency",
        "How often are the data you hold for us backed up?",
        _SINGLE,
        choices=(
            Choice("CONTINUOUS", "Continuously, or several times a day", 10),
            Choice("DAILY", "Once a day", 8),
            Choice("WEEKLY", "Once a week or less often", 3),
            Choice("NOT_BACKED_UP", "They are not backed up", 0, red_flag=True),
        ),
        criteria=("A1.2",),
    ),
    Question(
        "backup_isolated",
        "Are backups kept apart from the systems they copy (another region or account), so"
        " that one failure or attacker cannot destroy both?",
        _YES_NO,
        choices=_core(8),
        criteria=("A1.2",),
    ),
    Question(
        "backup_restore_tested",
        "Do you restore data from backups as a test at least once a year?",
        _YES_NO,
        choices=_core(8),
        criteria=("A1.3",),
    ),
    Question(
        "availability_recovery_hours",
        "After a serious outage, within how many hours do you aim to have the service"
        " running again?",
        QuestionType.NUMBER,
        help="Your recovery time objective, in hours: for example 4.",
        criteria=("A1.2", "A1.3"),
    ),
    Question(
        "availability_continuity_plan",
        "Do you have a written business continuity and disaster recovery plan that covers"
        " the service you provide to us?",
        _YES_NO,
        choices=_core(8),
        criteria=("CC9.1", "A1.2"),
    ),
)

_ENCRYPTION = _section(
    "Encryption",
    ControlDomain.ENCRYPTION,
    Question(
        "encryption_in_transit",
        "Is our data always encrypted when it travels over networks you do not control,"
        " with TLS 1.2 or newer?",
        _YES_NO,
        choices=_core(10),
        criteria=("CC6.1", "CC6.7"),
    ),
    Question(
        "encryption_at_rest",
        "Is our data encrypted where it is stored, in databases, file storage and backups alike?",
        _YES_NO,
        choices=_core(10),
        criteria=("CC6.1",),
    ),
    Question(
        "encryption_key_custody",
        "Where are the keys that encrypt our stored data kept?",
        _SINGLE,
        condition=_shown_if_yes("encryption_at_rest"),
        choices=(
            Choice("CUSTOMER_HELD", "We can use keys that you, the customer, control", 10),
            Choice("KEY_SERVICE", "In a managed key service or hardware module", 8),
            Choice("WITH_THE_APPLICATION", "In the application's own configuration", 2),
        ),
        criteria=("CC6.1",),
    ),
    Question(
        "encryption_laptops",
        "Is full-disk encryption switched on and enforced on every staff laptop?",
        _YES_NO,
        choices=_good_practice(6),
        criteria=("CC6.1", "CC6.7"),
    ),
)

_VENDOR_MANAGEMENT = _section(
    "Vendor management",
    ControlDomain.VENDOR_MANAGEMENT,
    Question(
        "vendors_uses_subprocessors",
        "Do other companies (subprocessors) store, process or have access to our data on"
        " your behalf?",
        _YES_NO,
        help="Cloud hosting, support tools and analytics services count.",
        choices=yes_no(0, 0),
        criteria=("CC9.2",),
    ),
    Question(
        "vendors_subprocessor_list",
        "List those companies, what each does with our data, and the countries where they do it.",
        QuestionType.TEXT,
        condition=_shown_if_yes("vendors_uses_subprocessors"),
        criteria=("CC9.2",),
    ),
    Question(
        "vendors_subprocessor_review",
        "How do you check the security of a subprocessor?",
        _SINGLE,
        condition=_shown_if_yes("vendors_uses_subprocessors"),
        choices=(
            Choice("BEFORE_AND_YEARLY", "Before signing, then at least once a year", 10),
            Choice("BEFORE_ONLY", "Only before signing", 5),
            Choice("NOT_CHECKED", "We do not check", 0, red_flag=True),
        ),
        criteria=("CC9.2",),
    ),
    Question(
        "vendors_subprocessor_terms",
        "Do your contracts hold each subprocessor to security, confidentiality and privacy"
        " duties at least as strict as yours toward us?",
        _YES_NO,
        condition=_shown_if_yes("vendors_uses_subprocessors"),
        choices=_core(8),
        criteria=("CC9.2", "P6.4"),
    ),
    Question(
        "vendors_subprocessor_breach_notice",
        "Must a subprocessor tell you promptly when a breach touches our data?",
        _YES_NO,
        condition=_shown_if_yes("vendors_uses_subprocessors"),
        choices=_good_practice(6),
        criteria=("CC9.2", "P6.5"),
    ),
)

_HR_SECURITY = _section(
    "HR security",
    ControlDomain.HR_SECURITY,
    Question(
        "hr_background_checks",
        "Where local law allows, do you check the background of new employees and"
        " contractors before they get access to systems or data?",
        _YES_NO,
        choices=_good_practice(6),
        criteria=("CC1.4",),
    ),
    Question(
        "hr_confidentiality_agreement",
        "Does everyone who can reach our data sign a confidentiality agreement and acknowledge"
        " your security policies?",
        _YES_NO,
        choices=_core(8),
        criteria=("CC1.1", "CC2.2"),
    ),
    Question(
        "hr_security_training",
        "How often do your staff take security awareness training?",
        _SINGLE,
        choices=(
            Choice("ON_JOINING_AND_YEARLY", "When they join, then every year", 10),
            Choice("ON_JOINING_ONLY", "Only when they join", 4),
            Choice("NO_TRAINING", "There is no security training", 0, red_flag=True),
        ),
        criteria=("CC1.4", "CC2.2"),
    ),
    Question(
        "hr_disciplinary_process",
        "Is there a disciplinary process for people who break your security policies?",
        _YES_NO,
        choices=_good_practice(4),
        criteria=("CC1.5",),
    ),
)

_LOGGING_AND_MONITORING = _section(
    "Logging and monitoring",
    ControlDomain.LOGGING_AND_MONITORING,
    Question(
        "logging_central",
        "Are security-relevant logs from production gathered in one place, out of reach of"
        " the people whose actions they record?",
        _YES_NO,
        choices=_core(8),
        criteria=("CC7.2",),
    ),
    Question(
        "logging_retention",
        "How long do you keep those logs?",
        _SINGLE,
        condition=_shown_if_yes("logging_central"),
        choices=(
            Choice("A_YEAR_OR_MORE", "A year or more", 10),
            Choice("THREE_TO_TWELVE_MONTHS", "Three to twelve months", 6),
            Choice("UNDER_THREE_MONTHS", "Less than three months", 2),
        ),
        criteria=("CC7.2",),
    ),
    Question(
        "logging_recorded_events",
        "Which of these do those logs record?",
        _MULTIPLE,
        condition=_shown_if_yes("logging_central"),
        choices=(
            Choice("SIGN_INS", "Sign-ins, failed ones included", 3),
            Choice("ACCESS_CHANGES", "Accounts and permissions created, changed or removed", 3),
            Choice("ADMIN_ACTIONS", "What administrators do", 3),
            Choice("DATA_EXPORTS", "Bulk reads or exports of customer data", 3),
            Choice("NONE", "None of these", 0, red_flag=True),
        ),
        criteria=("CC7.2",),
    ),
    Question(
        "logging_alert_review",
        "Does a person look at alerts about suspicious activity at any hour, whether your own"
        " team or a monitoring service?",
        _YES_NO,
        choices=_core(8),
        criteria=("CC7.2", "CC7.3"),
    ),
    Question(
        "logging_vulnerability_scans",
        "How often are your systems and the libraries your code depends on scanned for known"
        " vulnerabilities?",
        _SINGLE,
        choices=(
            Choice("CONTINUOUSLY", "Continuously or every week", 10),
            Choice("MONTHLY", "Every month", 7),
            Choice("QUARTERLY_OR_LESS", "Every three months or less often", 3),
            Choice("NEVER", "We do not scan", 0, red_flag=True),
        ),
        criteria=("CC7.1",),
    ),
    Question(
        "logging_last_penetration_test",
        "When did an independent tester last try to break into your application or"
        " infrastructure (a penetration test)?",
        QuestionType.DATE,
        help="The date the test finished. Leave it empty if you have never had one.",
        required=False,
        criteria=("CC4.1", "CC7.1"),
    ),
    Question(
        "logging_penetration_test_summary",
        "Please upload a summary of that test: what was in scope, what was found, and what"
        " has been fixed.",
        QuestionType.FILE,
        required=False,
        criteria=("CC4.1",),
    ),
)

STARTER = Template(
    name="tprm starter security questionnaire",
    description=(
        "A short review of a vendor's security practices: governance, access, change,"
        " incidents, backups, encryption, their own suppliers, people and monitoring."
        " Copy it and adapt it to your own needs."
    ),
    sections=(
        _GOVERNANCE,
        _ACCESS_CONTROL,
        _CHANGE_MANAGEMENT,
        _INCIDENT_RESPONSE,
        _BACKUP_AND_AVAILABILITY,
        _ENCRYPTION,
        _VENDOR_MANAGEMENT,
        _HR_SECURITY,
        _LOGGING_AND_MONITORING,
    ),
)
