"""Trust services criteria as the general renderer prints them: short summaries for banner rows
(paraphrased for this generator), the control-environment groups that number controls, and the
printed forms of a list of references (plain, spaced, ranges, words)."""

from __future__ import annotations

import random
import re

SUMMARY = {
    "CC1.1": "COSO Principle 1: The entity shows a commitment to integrity and ethical values.",
    "CC1.2": "COSO Principle 2: The board is independent of management and oversees internal"
    " control.",
    "CC1.3": "COSO Principle 3: Management sets structures, reporting lines, authorities and"
    " responsibilities under board oversight.",
    "CC1.4": "COSO Principle 4: The entity attracts, develops and retains competent people.",
    "CC1.5": "COSO Principle 5: The entity holds people accountable for internal control.",
    "CC2.1": "COSO Principle 13: The entity uses relevant, quality information to support"
    " internal control.",
    "CC2.2": "COSO Principle 14: The entity communicates internal control information internally.",
    "CC2.3": "COSO Principle 15: The entity communicates with external parties about internal"
    " control matters.",
    "CC3.1": "COSO Principle 6: The entity sets objectives clear enough to identify risks.",
    "CC3.2": "COSO Principle 7: The entity identifies and analyzes risks to its objectives.",
    "CC3.3": "COSO Principle 8: The entity considers the potential for fraud.",
    "CC3.4": "COSO Principle 9: The entity identifies changes that could affect internal control.",
    "CC4.1": "COSO Principle 16: The entity evaluates whether the components of internal control"
    " are present and functioning.",
    "CC4.2": "COSO Principle 17: The entity communicates control deficiencies in a timely manner.",
    "CC5.1": "COSO Principle 10: The entity selects control activities that mitigate risks.",
    "CC5.2": "COSO Principle 11: The entity selects general controls over technology.",
    "CC5.3": "COSO Principle 12: The entity deploys control activities through policies and"
    " procedures.",
    "CC6.1": "The entity implements logical access security over protected information assets.",
    "CC6.2": "The entity registers and authorizes users before issuing system credentials.",
    "CC6.3": "The entity authorizes, modifies or removes access based on roles and least"
    " privilege.",
    "CC6.4": "The entity restricts physical access to facilities and protected assets.",
    "CC6.5": "The entity discontinues protections only after data can no longer be recovered.",
    "CC6.6": "The entity protects against threats from sources outside its system boundaries.",
    "CC6.7": "The entity restricts the transmission and movement of information.",
    "CC6.8": "The entity prevents or detects unauthorized or malicious software.",
    "CC7.1": "The entity detects configuration changes and newly discovered vulnerabilities.",
    "CC7.2": "The entity monitors system components for anomalies.",
    "CC7.3": "The entity evaluates security events to decide whether they are incidents.",
    "CC7.4": "The entity responds to identified security incidents.",
    "CC7.5": "The entity recovers from identified security incidents.",
    "CC8.1": "The entity authorizes, tests and approves changes before implementing them.",
    "CC9.1": "The entity mitigates risks from potential business disruptions.",
    "CC9.2": "The entity assesses and manages risks from vendors and business partners.",
    "A1.1": "The entity manages processing capacity to meet its objectives.",
    "A1.2": "The entity maintains environmental protections, backups and recovery infrastructure.",
    "A1.3": "The entity tests recovery plan procedures.",
    "C1.1": "The entity identifies and maintains confidential information.",
    "C1.2": "The entity disposes of confidential information to meet its objectives.",
    "PI1.1": "The entity uses relevant information about processing objectives.",
    "PI1.3": "The entity processes inputs completely, accurately and on time.",
    "P4.1": "The entity limits the use of personal information to its stated purposes.",
}
GROUPS = [
    ("CC1", "Control Environment"),
    ("CC2", "Communication and Information"),
    ("CC3", "Risk Assessment"),
    ("CC4", "Monitoring Activities"),
    ("CC5", "Control Activities"),
    ("CC6", "Logical and Physical Access Controls"),
    ("CC7", "System Operations"),
    ("CC8", "Change Management"),
    ("CC9", "Risk Mitigation"),
    ("A1", "Additional Criteria for Availability"),
    ("C1", "Additional Criteria for Confidentiality"),
    ("PI1", "Additional Criteria for Processing Integrity"),
    ("P", "Additional Criteria for Privacy"),
]
# the category a criterion belongs to, as printed above the tables ("SECURITY CATEGORY")
FAMILY_CATEGORY = {"CC": "Security", "A": "Availability", "C": "Confidentiality",
                   "PI": "Processing Integrity", "P": "Privacy"}  # fmt: skip
WORDS = {"CC": "Common Criteria", "A": "Availability Criteria", "C": "Confidentiality Criteria",
         "PI": "Processing Integrity Criteria", "P": "Privacy Criteria"}  # fmt: skip
# every criterion of the 2017 list, so that a printed range expands to what exists
FULL_2017 = (
    [f"CC1.{i}" for i in range(1, 6)] + [f"CC2.{i}" for i in range(1, 4)]
    + [f"CC3.{i}" for i in range(1, 5)] + ["CC4.1", "CC4.2"] + [f"CC5.{i}" for i in range(1, 4)]
    + [f"CC6.{i}" for i in range(1, 9)] + [f"CC7.{i}" for i in range(1, 6)] + ["CC8.1"]
    + ["CC9.1", "CC9.2", "A1.1", "A1.2", "A1.3", "C1.1", "C1.2"]
    + [f"PI1.{i}" for i in range(1, 6)] + ["P4.1"]
)  # fmt: skip


def family(ref: str) -> str:
    return re.match(r"[A-Z]+", ref).group()  # type: ignore[union-attr]


def group_of(ref: str) -> int:
    """1-based index of the control-environment group ("CC6" -> 6, "A1.2" -> 10)."""
    head = ref.split(".")[0]
    for i, (prefix, _name) in enumerate(GROUPS):
        if head == prefix or (prefix == "P" and family(ref) == "P"):
            return i + 1
    raise ValueError(ref)


def ordered(refs: list[str]) -> list[str]:
    return sorted(set(refs), key=FULL_2017.index)


def _runs(refs: list[str]) -> list[list[str]]:
    """Consecutive criteria of one family, in the full list's order."""
    runs: list[list[str]] = []
    for ref in ordered(refs):
        if runs and FULL_2017.index(ref) == FULL_2017.index(runs[-1][-1]) + 1:
            if ref.split(".")[0] == runs[-1][-1].split(".")[0]:
                runs[-1].append(ref)
                continue
        runs.append([ref])
    return runs


def printed(refs: list[str], form: str, rng: random.Random | None = None) -> str:
    """A list of references as a report prints it. The truth is always `ordered(refs)`.

    plain "CC6.1, CC6.2" · spaced "CC 6.1 and CC 6.2" · dotted "CC6.1. CC6.2." ·
    range "CC6.1 - CC6.3, CC6.6" · range_to "CC6.1 to CC6.3" · range_dash "CC6.1\u2013CC6.3" ·
    words "Common Criteria 6.1, 6.2; Availability Criteria 1.2" · bare "CC7.3, 7.4, 7.5"
    """
    refs = ordered(refs)
    if form == "spaced":
        return " and ".join(re.sub(r"^([A-Z]+)", r"\1 ", x) for x in refs)
    if form == "dotted":
        return " ".join(f"{x}." for x in refs)
    if form in ("range", "range_to", "range_dash"):
        joiner = {"range": " - ", "range_to": " to ", "range_dash": "\u2013"}[form]
        return ", ".join(r[0] if len(r) == 1 else f"{r[0]}{joiner}{r[-1]}" for r in _runs(refs))
    if form == "words":
        by_family: dict[str, list[str]] = {}
        for ref in refs:
            by_family.setdefault(family(ref), []).append(ref[len(family(ref)) :])
        return "; ".join(f"{WORDS[f]} {', '.join(nums)}" for f, nums in by_family.items())
    if form == "bare":
        out = [refs[0]]
        out += [x[len(family(x)) :] if family(x) == family(refs[0]) else x for x in refs[1:]]
        return ", ".join(out)
    return ", ".join(refs)
