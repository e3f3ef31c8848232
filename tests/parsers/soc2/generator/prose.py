"""The prose of a synthetic report: the service auditor's report in every opinion type and several
wordings, management's assertion, and description paragraphs (with narrative traps)."""

from __future__ import annotations

import datetime as dt

from tests.parsers.soc2.generator.content import Content


def day(d: dt.date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def scope_when(c: Content, type1: bool) -> str:
    if type1:
        return f"as of {day(c.as_of)}"
    return f"throughout the period {day(c.period[0])} to {day(c.period[1])}"


def categories_phrase(c: Content) -> str:
    cats = c.categories
    return cats[0] if len(cats) == 1 else ", ".join(cats[:-1]) + f", and {cats[-1]}"


def scope(c: Content, kind: str, type1: bool) -> list[str]:
    when = scope_when(c, type1)
    if kind == "SOC1":
        return [
            f"We have examined {c.org}'s description of its hosted platform system for processing"
            f" user entities' transactions {when} (description) and the suitability of the design"
            " and operating effectiveness of the controls included in the description to achieve"
            " the related control objectives stated in the description, based on the criteria"
            f" identified in {c.alias}'s assertion."
        ]
    if kind == "SOC3":
        return [
            f"We have examined {c.org}'s accompanying assertion titled \"Assertion of {c.alias}"
            f' Management" (assertion) that the controls within the hosted platform system were'
            f" effective {when} to provide reasonable assurance that {c.alias}'s service"
            " commitments and system requirements were achieved based on the trust services"
            f" criteria relevant to {categories_phrase(c)} (applicable trust services criteria) set"
            " forth in TSP section 100, 2017 Trust Services Criteria for Security, Availability,"
            " Processing Integrity, Confidentiality, and Privacy."
        ]
    design = "suitability of the design" if type1 else "suitability of the design and operating"
    design += "" if type1 else " effectiveness"
    return [
        f"We have examined {c.org}'s accompanying description of its hosted platform system"
        f' titled "{c.alias}\'s Description of Its Hosted Platform System" {when} (description)'
        " based on the criteria for a description of a service organization's system set forth"
        " in DC section 200, 2018 Description Criteria for a Description of a Service"
        f" Organization's System in a SOC 2 Report, and the {design} of controls stated in the"
        f" description {when}, to provide reasonable assurance that {c.alias}'s service"
        " commitments and system requirements were achieved based on the trust services"
        f" criteria relevant to {categories_phrase(c)} (applicable trust services criteria) set"
        " forth in TSP section 100, 2017 Trust Services Criteria for Security, Availability,"
        " Processing Integrity, Confidentiality, and Privacy."
    ]


def carve_out(c: Content, method: str) -> list[str]:
    """The scope paragraphs about subservice organizations, one sentence per organization."""
    out = []
    for name, alias, services in c.subservice:
        named = f'{name} ("{alias}")' if alias else name
        out.append(f"{c.alias} uses a subservice organization, {named}, to provide {services}.")
    if method == "CARVE_OUT":
        out.append(
            "The description indicates that complementary subservice organization controls that"
            " are suitably designed and operating effectively are necessary, along with controls"
            f" at {c.alias}, to achieve {c.alias}'s service commitments. The description presents"
            " the types of complementary subservice organization controls assumed in the design"
            f" of {c.alias}'s controls. Our examination did not include the services provided by"
            " the subservice organizations, and we have not evaluated the suitability of the"
            " design or operating effectiveness of such complementary subservice organization"
            " controls."
        )
    else:
        for name, _alias, _services in c.subservice:
            out.append(
                f"The description includes the controls of {name}, a subservice organization,"
                " presented using the inclusive method, and our examination included those"
                " controls."
            )
    return out


RESPONSIBILITIES = [
    "Service Organization's Responsibilities",
    "{alias} is responsible for its service commitments and system requirements and for"
    " designing, implementing, and operating effective controls within the system to provide"
    " reasonable assurance that the service commitments and system requirements were achieved.",
    "Service Auditor's Responsibilities",
    "Our responsibility is to express an opinion on the description and on the suitability of"
    " the design and operating effectiveness of controls stated in the description based on our"
    " examination. Those standards require that we plan and perform our examination to obtain"
    " reasonable assurance about whether, in all material respects, the description is"
    " presented in accordance with the description criteria.",
    "Inherent Limitations",
    "There are inherent limitations in any system of internal control, including the"
    " possibility of human error and the circumvention of controls.",
]


def basis(
    c: Content, opinion: str, failing: str, type1: bool, when: str | None = None
) -> list[str]:
    """The "Basis for ... Opinion" paragraphs of a modified opinion (`when` in the report's
    own date style, US dates by default)."""
    when = when or scope_when(c, type1)
    effective = "suitably designed" if type1 else "operating effectively"
    if opinion == "QUALIFIED":
        return [
            f"{c.alias} states in its description that {failing[0].lower()}{failing[1:]} However,"
            " as noted on page 42 of the description of tests of controls and results thereof,"
            " the control was not performed for 4 of 25 samples selected. As a result, controls"
            f" were not {effective} to achieve criterion CC6.2 {when}.",
        ]
    if opinion == "ADVERSE":
        return [
            f"{c.alias} states in its description that {failing[0].lower()}{failing[1:]}",
            "Our tests of controls found that the control did not operate for a significant"
            " part of the period, and that logical access was not restricted to authorized"
            " personnel. These deviations are pervasive to the system.",
        ]
    return [
        f"{c.alias} was unable to provide evidence of the operation of its controls {when},"
        " and we were unable to apply alternative procedures to satisfy ourselves as"
        " to their operating effectiveness."
    ]


def opinion_paragraphs(
    c: Content, kind: str, type1: bool, opinion: str, wording: int, when: str | None = None
) -> list[str]:
    when = when or scope_when(c, type1)
    if opinion == "DISCLAIMER":
        return [
            "Because of the significance of the matter described in the Basis for Disclaimer of"
            " Opinion paragraph, we have not been able to obtain sufficient appropriate evidence"
            " to provide a basis for an opinion. Accordingly, we do not express an opinion on the"
            " description or on the suitability of the design or operating effectiveness of the"
            " controls stated in the description."
        ]
    lead = {
        "UNQUALIFIED": [
            "In our opinion, in all material respects,",
            "In our opinion, in all material respects:",
        ],
        "QUALIFIED": [
            "In our opinion, except for the matter described in the Basis for Qualified Opinion"
            " paragraph, in all material respects,",
            "In our opinion, except for the effects of the matter described in the preceding"
            " paragraph, in all material respects,",
        ],
        "ADVERSE": [
            "In our opinion, because of the significance of the matter described in the Basis for"
            " Adverse Opinion paragraph,",
            "In our opinion, because of the matter referred to in the preceding paragraph,",
        ],
    }[opinion][wording % 2]
    if kind == "SOC3":
        fair = "is not fairly stated" if opinion == "ADVERSE" else "is fairly stated"
        if wording % 3 == 2 and opinion == "UNQUALIFIED":
            return [
                f"In our opinion, {c.org} maintained, in all material respects, effective controls"
                f" {when.replace('throughout', 'during')} to provide reasonable assurance that its"
                " service commitments and system requirements were achieved based on the"
                " applicable trust services criteria."
            ]
        return [
            f"{lead} management's assertion that the controls within {c.alias}'s system were"
            f" effective {when} {fair}."
        ]
    negative = opinion == "ADVERSE"
    a = "does not present fairly" if negative and wording % 2 else "presents"
    c_ = "did not operate effectively" if negative else "operated effectively"
    items = [
        f"a. The description {a} the system that was designed and implemented {when} in"
        " accordance with the description criteria.",
        f"b. The controls stated in the description were suitably designed {when} to provide"
        " reasonable assurance that the service commitments and system requirements would be"
        " achieved if its controls operated effectively.",
    ]
    if not type1:
        items.append(
            f"c. The controls stated in the description {c_} {when} to provide reasonable"
            " assurance that the service commitments and system requirements were achieved."
        )
    return [lead, *items]


def assertion(c: Content, kind: str, type1: bool, trap: bool) -> list[str]:
    when = scope_when(c, type1)
    text = [
        f"We have prepared the accompanying description of {c.org}'s hosted platform system"
        f" {when} based on the description criteria. We confirm, to the best of our knowledge"
        f" and belief, that the description presents the system {when} and the controls stated"
        " in the description were suitably designed and operated effectively."
    ]
    if trap:
        text.append(
            "Management is not aware of any matter that would cause an auditor to state that, in"
            " our opinion, except for any matter, the controls did not operate effectively."
        )
    return text


def description(c: Content, trap: bool) -> list[str]:
    out = [
        f"{c.org} provides a hosted platform to customers in the financial services and retail"
        " industries. The platform is operated from cloud regions in the United States.",
        "The system is comprised of infrastructure, software, people, procedures, and data that"
        " support the delivery of the service to user entities.",
    ]
    if trap:
        out += [
            "Exceptions to policy are approved by the Chief Information Security Officer and"
            " reviewed annually. Some clients may request deviations from the standard terms of"
            " service; relevant exceptions are investigated further.",
            'An example of the wording of a modified report is: "In our opinion, except for the'
            " matter described in the Basis for Qualified Opinion paragraph, the controls did not"
            ' operate effectively."',
        ]
    return out
