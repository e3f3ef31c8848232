"""The tested controls of a general-renderer document: criteria within the categories in scope,
control IDs of the house's shape, and result cells in every wording the features ask for (passes,
deviations, multi-attribute cells, sub-rows with several tests, non-occurrence, and results that
read as neither pass nor deviation). Each result paragraph knows its verdict, so the truth follows
from what is printed."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from tests.parsers.soc2.generator.content import TESTS, Content, Control
from tests.parsers.soc2.generator.criteria_text import (
    FULL_2017,
    GROUPS,
    SUMMARY,
    family,
    group_of,
    ordered,
)
from tests.parsers.soc2.generator.wording import (
    ATTRIBUTE_TESTS,
    NON_OCCURRENCE,
    NON_OCCURRENCE_SPANNING,
    PASS_AFTER_PROCEDURE,
    PASS_PLAIN,
    REMAINING,
    UNCERTAIN,
    deviation,
)

# prefixes for IDs like "AC-01", by control-environment group
PREFIX = {1: "CE", 2: "IC", 3: "RA", 4: "MO", 5: "CA", 6: "AC", 7: "OP", 8: "CM", 9: "RM",
          10: "AV", 11: "CF", 12: "PI", 13: "PR"}  # fmt: skip
FAMILY_OF_CATEGORY = {"Security": "CC", "Availability": "A", "Confidentiality": "C",
                      "Processing Integrity": "PI", "Privacy": "P"}  # fmt: skip


@dataclass
class Outcome:
    """One paragraph of a result cell and what it means."""

    text: str
    verdict: str  # "pass", "deviation", "nonocc", "uncertain"


@dataclass
class Part:
    """One test and its result; a control may have several (stacked sub-rows)."""

    tests: list[str]
    outcomes: list[Outcome] = field(default_factory=list)  # empty: the test runs across


@dataclass
class Tested:
    control: Control
    criteria: list[str]
    group: int
    parts: list[Part]
    printed_id: str | None = None
    control_id: str | None = None


def allowed_criteria(categories: list[str]) -> list[str]:
    families = {FAMILY_OF_CATEGORY[c] for c in categories}
    return [x for x in FULL_2017 if x in SUMMARY and family(x) in families]


def _criteria(rng: random.Random, allowed: list[str], single: bool) -> list[str]:
    primary = rng.choice(allowed)
    out = [primary]
    if single:
        return out
    if rng.random() < 0.35:  # a run of neighbours, printed as a range by some firms
        i = allowed.index(primary)
        for nxt in allowed[i + 1 : i + rng.randint(2, 3)]:
            if nxt.split(".")[0] == primary.split(".")[0]:
                out.append(nxt)
    elif rng.random() < 0.2:
        out.append(rng.choice(allowed))
    return ordered(out)


def build_tested(
    c: Content, rng: random.Random, features: set[str], id_shape: str, single_criterion: bool,
    spanning_nonocc: bool,
    seed: int = 0,
) -> list[Tested]:  # fmt: skip
    """Controls in report order with their results; features decide the unusual cells."""
    allowed = allowed_criteria(c.categories)
    tested = []
    for ct in c.controls:
        crit = _criteria(rng, allowed, single_criterion)
        ct.criteria = crit
        tested.append(Tested(ct, crit, group_of(crit[0]), [Part(list(ct.tests))]))
    tested.sort(key=lambda t: FULL_2017.index(t.criteria[0]))
    failing = [t for t in tested if t.control.exception]
    passing = [t for t in tested if not t.control.exception]
    rng.shuffle(passing)
    special = iter(passing)

    def take() -> list[Tested]:  # the next passing control free for an unusual result
        nxt = next(special, None)
        return [nxt] if nxt else []

    for i, t in enumerate(failing):
        text = deviation(rng, i) if "deviation_wordings" in features else t.control.result
        if "remaining_tests" in features and i % 2 == 0:
            text += REMAINING
        t.parts[0].outcomes = [Outcome(text, "deviation")]
    for t in passing:
        verdict = rng.choice(PASS_PLAIN)
        if "pass_procedure" in features and rng.random() < 0.4:
            verdict = rng.choice(PASS_AFTER_PROCEDURE).format(verdict=verdict)
        t.parts[0].outcomes = [Outcome(verdict, "pass")]
    if "multi_attribute" in features and failing:
        _attributes(failing[0], rng, deviating=2 if len(failing[0].control.tests) > 1 else 1)
        for t in take():
            _attributes(t, rng, deviating=0)
    if "sub_rows" in features:
        for t in [*take(), *failing[1:2]]:
            extra = rng.choice([x for x in TESTS if x not in t.parts[0].tests])
            t.parts.append(Part([extra], [Outcome(rng.choice(PASS_PLAIN), "pass")]))
    if "non_occurrence" in features:
        for k, t in enumerate(take() + take() + take()):
            if spanning_nonocc and k < 2:
                things = rng.choice(["new hires", "terminations", "emergency changes"])
                t.parts[0] = Part([NON_OCCURRENCE_SPANNING.format(things=things)])
            else:
                t.parts[0].outcomes = [Outcome(NON_OCCURRENCE[k % len(NON_OCCURRENCE)], "nonocc")]
    if "uncertain" in features:
        for k, t in enumerate(take() + take()):
            text = UNCERTAIN[(k + seed) % len(UNCERTAIN)]
            t.parts[0].outcomes = [Outcome(text, "uncertain")]
    _assign_ids(tested, id_shape)
    return tested


def _attributes(t: Tested, rng: random.Random, deviating: int) -> None:
    """A result cell with lettered attributes, some of which deviate."""
    names = "ABC"[: rng.randint(max(2, deviating + 1), 3)]
    bad = set(rng.sample(range(len(names)), deviating))
    outcomes = []
    for i, name in enumerate(names):
        test = ATTRIBUTE_TESTS[(i + rng.randint(0, 3)) % len(ATTRIBUTE_TESTS)]
        if i in bad:
            k, n = rng.randint(1, 3), rng.choice([8, 10, 25])
            text = f"Attribute {name}: {test} Exception noted. For {k} of {n} samples, the"
            text += " attribute was not met."
            outcomes.append(Outcome(text, "deviation"))
        else:
            outcomes.append(Outcome(f"Attribute {name}: {test} No exceptions noted.", "pass"))
    t.parts[0].outcomes = outcomes


def _assign_ids(tested: list[Tested], shape: str) -> None:
    counters: dict[str, int] = {}
    for t in tested:
        prefix = PREFIX[t.group]
        key = {"crit.n": t.criteria[0], "num": str(t.group), "CM n.n": f"{prefix}{t.group}"}.get(
            shape, prefix
        )
        counters[key] = counters.get(key, 0) + 1
        n = counters[key]
        printed = {
            "crit.n": f"{t.criteria[0]}.{n}",
            "num": f"{t.group}.{n:02d}",
            "CM n.n": f"{prefix} {t.group}.{n}",
            "AC.n": f"{prefix}.{n}",
            "AC-nn": f"{prefix}-{n:02d}",
            "p - n": f"{prefix} - {n}",
            "p-n": f"{prefix}-{n}",
        }.get(shape)
        t.printed_id = printed
        t.control_id = re.sub(r"\s*-\s*", "-", printed) if printed else None
        t.control.printed_id, t.control.control_id = t.printed_id, t.control_id


def group_name(group: int) -> str:
    return GROUPS[group - 1][1]


def deviations(t: Tested) -> list[tuple[int, int, Outcome]]:
    """(part index, outcome index, outcome) of every deviating result paragraph."""
    return [
        (i, k, o)
        for i, part in enumerate(t.parts)
        for k, o in enumerate(part.outcomes)
        if o.verdict == "deviation"
    ]
