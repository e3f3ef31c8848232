"""Which synthetic documents to generate: a modest corpus that covers every feature of the five
original styles (`feature_corpus`), one that covers every new house style and every option of the
general renderer (`generality_corpus`), and a larger random one for the benchmark."""

from __future__ import annotations

import random
from collections.abc import Sequence

from tests.parsers.soc2.generator.build import DocSpec
from tests.parsers.soc2.generator.layout import LABELS, NEW_STYLES
from tests.parsers.soc2.generator.render import FEATURES
from tests.parsers.soc2.generator.styles import STYLES
from tests.parsers.soc2.generator.wording import CUEC_NAMES, DATE_STYLES, PERIOD_FORMS

# every value of every option of the general renderer; the generality corpus shows each at least
# once (its self-test checks that), and the benchmark draws from them at random
OPTION_VALUES: dict[str, Sequence[str]] = {
    "result_label": LABELS["result"],
    "criteria_as": ("column", "banner", "banner_repeat", "mapping_results", "mapping_table"),
    "criteria_form": ("plain", "spaced", "dotted", "range", "range_to", "range_dash", "words",
                      "bare"),
    "id_shape": ("crit.n", "num", "CM n.n", "AC.n", "AC-nn", "p - n", "p-n", "none"),
    "response_at": ("column", "under_row", "section_v_table", "section_v_text",
                    "section_v_by_criterion", "section_v_by_quote"),
    "cuec_as": ("bullets", "numbered", "table", "run_together", "criteria_words", "none_required",
                "section_v_bullets", "bullets_related"),
    "cuec_name": CUEC_NAMES,
    "subservice": ("none", "CARVE_OUT", "INCLUSIVE"),
    "subservice_as": ("opinion_sentences", "prose", "bullets", "table", "numbered_prose"),
    "subservice_verb": ("uses", "relies on", "utilizes", "leverages", "carves out"),
    "csoc_as": ("bullets", "table", "ref_table", "owner_table", "per_org_lists", "criteria_above"),
    "signature": ("signature_line", "letterhead", "image", "vector", "individual",
                  "disclaimer_only"),
    "date_style": DATE_STYLES,
    "period_form": PERIOD_FORMS,
}  # fmt: skip
COLUMN_ORDERS = [
    ("id", "control", "test", "result"),
    ("criteria", "id", "control", "test", "result"),
    ("id", "control", "criteria", "test", "result"),
    ("id", "criteria", "control", "result", "test"),
    ("control", "test", "result"),
    ("id", "control", "test", "result", "response"),
]


def feature_corpus() -> list[DocSpec]:
    """Every house style, opinion, type and kind at least once; modest sizes to stay fast."""
    return [
        DocSpec("bigfour-unqualified", style="bigfour", n_exceptions=3, seed=1),
        DocSpec("aligned-qualified", style="aligned", opinion="QUALIFIED", n_exceptions=4, seed=2),
        DocSpec(
            "matrix-adverse", style="matrix", opinion="ADVERSE", wording=1, n_exceptions=6, seed=3
        ),
        DocSpec(
            "smallfirm-disclaimer", style="smallfirm", opinion="DISCLAIMER", n_exceptions=2, seed=4
        ),
        DocSpec("boutique-rotated", style="boutique", n_exceptions=3, seed=5, legacy=True),
        DocSpec("aligned-no-exceptions", style="aligned", n_exceptions=0, seed=6, wording=2),
        DocSpec(
            "smallfirm-many-exceptions", style="smallfirm", n_controls=30, n_exceptions=12, seed=7
        ),
        DocSpec(
            "matrix-qualified-plain-heading", style="matrix", opinion="QUALIFIED", wording=2, seed=8
        ),
        DocSpec("bigfour-type1", style="bigfour", type1=True, n_exceptions=0, seed=9),
        DocSpec("aligned-soc1", kind="SOC1", style="aligned", n_exceptions=2, seed=10),
        DocSpec("bigfour-soc1-adverse", kind="SOC1", style="bigfour", opinion="ADVERSE", seed=11),
        DocSpec(
            "matrix-soc3", kind="SOC3", style="matrix", n_exceptions=0, seed=12, cuec_as="table"
        ),
        DocSpec(
            "smallfirm-soc3-legacy-wording", kind="SOC3", style="smallfirm", wording=2, seed=13
        ),
        DocSpec(
            "boutique-soc3-qualified", kind="SOC3", style="boutique", opinion="QUALIFIED", seed=14
        ),
        DocSpec("aligned-image-page", style="aligned", image_page=True, seed=15, n_exceptions=1),
        DocSpec("bridge-letter", kind="BRIDGE_LETTER", seed=16),
        DocSpec("iso-certificate", kind="UNKNOWN", seed=17),
        DocSpec("marketing-page", kind="UNKNOWN", wording=1, seed=18),
        DocSpec("scanned", kind="SCANNED", seed=19),
    ]


def generality_corpus() -> list[DocSpec]:
    """Every new house style and every option and feature of the general renderer at least once,
    in documents of modest size (the whole corpus parses in seconds)."""
    g = DocSpec
    return [
        g("schellman-type2", style="schellman", n_controls=40, n_exceptions=2, seed=301,
          features=("non_occurrence",)),
        g("schellman-uncertain", style="schellman", n_controls=30, n_exceptions=2, seed=302,
          features=("uncertain", "remaining_tests"), response_at="section_v_table",
          subservice_verb="relies on", result_label="Outcome"),
        g("schellman-type1", style="schellman", type1=True, n_controls=20, n_exceptions=0,
          seed=303, cuec_as="numbered", cuec_name="Customer Responsibilities",
          criteria_form="range"),
        g("atom-type2", style="atom", n_controls=40, n_exceptions=0, seed=304),
        g("atom-multi-attribute", style="atom", n_controls=30, n_exceptions=3, seed=305,
          features=("multi_attribute", "deviation_wordings"), response_at="section_v_by_quote",
          result_label="Auditor Findings"),
        g("atom-soc3", style="atom", kind="SOC3", n_controls=10, n_exceptions=0, seed=306,
          cuec_as="table", cuec_name="Complementary Customer Controls"),
        g("numeric-type2", style="numeric", n_controls=40, n_exceptions=2, seed=307,
          features=("sub_rows", "non_occurrence")),
        g("numeric-qualified", style="numeric", opinion="QUALIFIED", n_controls=36,
          n_exceptions=7, seed=308, features=("deviation_wordings",),
          response_at="section_v_by_criterion", result_label="Results of Testing",
          period_form="en_dash"),
        g("letter-type1", style="letter", type1=True, n_exceptions=0, seed=309),
        g("letter-type2", style="letter", n_exceptions=0, seed=310),
        g("aligned-features", style="aligned", n_controls=30, n_exceptions=3, seed=311,
          features=("multi_attribute", "pass_procedure"), result_label="Conclusion",
          columns=COLUMN_ORDERS[1], criteria_form="range", subservice_as="table",
          subservice_verb="leverages", csoc_as="per_org_lists", signature="signature_line",
          date_style="uk", period_form="to"),
        g("matrix-features", style="matrix", n_controls=30, n_exceptions=3, seed=312,
          features=("uncertain",), id_shape="AC.n", result_label="Service Auditor's Conclusion",
          criteria_form="words", signature="letterhead", period_form="through"),
        g("smallfirm-features", style="smallfirm", n_controls=30, n_exceptions=2, seed=313,
          features=("non_occurrence", "back_cover_image"), criteria_as="column",
          criteria_form="spaced", id_shape="none", result_label="Results of Tests",
          signature="image", subservice_as="prose", subservice_verb="carves out"),
        g("boutique-features", style="boutique", n_controls=30, n_exceptions=2, seed=314,
          features=("remaining_tests", "uncertain"), response_at="section_v_text",
          id_shape="CM n.n", result_label="Results", date_style="uk", period_form="dash"),
        g("bigfour-features", style="bigfour", n_controls=30, n_exceptions=3, seed=315,
          features=("sub_rows", "remaining_tests"), result_label="Test Results",
          period_form="from_through"),
        g("atom-columns", style="atom", n_controls=24, n_exceptions=1, seed=316,
          id_shape="AC-nn", criteria_as="column", criteria_form="dotted",
          columns=COLUMN_ORDERS[2], subservice="INCLUSIVE", period_form="through"),
        g("numeric-columns-image", style="numeric", n_controls=24, n_exceptions=1, seed=317,
          id_shape="p-n", criteria_as="column", criteria_form="range_to",
          columns=COLUMN_ORDERS[3], image_page=True, subservice="none"),
        g("schellman-adverse", style="schellman", opinion="ADVERSE", n_controls=24,
          n_exceptions=4, seed=318, criteria_as="column", criteria_form="range_dash",
          columns=COLUMN_ORDERS[5], response_at="column", subservice_as="table",
          subservice_verb="uses", csoc_as="table", signature="individual", date_style="us",
          cuec_as="bullets", cuec_name="User Entity Responsibilities"),
        g("matrix-disclaimer", style="matrix", opinion="DISCLAIMER", n_controls=20,
          n_exceptions=2, seed=319, criteria_form="bare", columns=COLUMN_ORDERS[4],
          subservice="CARVE_OUT", subservice_as="bullets", csoc_as="ref_table",
          cuec_as="run_together", cuec_name="User Control Considerations", id_shape="p - n"),
        g("aligned-type1-ordinal", style="aligned", type1=True, n_controls=16, n_exceptions=0,
          seed=320, date_style="ordinal", signature="vector", csoc_as="owner_table",
          criteria_as="banner"),
        g("smallfirm-subservice-utilizes", style="smallfirm", n_controls=20, n_exceptions=1,
          seed=321, subservice_as="prose", subservice_verb="utilizes", criteria_as="banner",
          id_shape="crit.n", cuec_as="criteria_words", signature="disclaimer_only",
          csoc_as="criteria_above"),
    ]  # fmt: skip


def _general_options(rng: random.Random, style: str) -> dict[str, object]:
    """Random features and options for a benchmark document of the general renderer."""
    options: dict[str, object] = {
        "features": tuple(f for f in FEATURES if rng.random() < 0.25),
    }
    chance = 0.15 if style in NEW_STYLES else 0.3
    for key, values in OPTION_VALUES.items():
        if rng.random() < chance:
            options[key] = rng.choice(list(values))
    if rng.random() < chance:
        options["columns"] = rng.choice(COLUMN_ORDERS)
    return options


def benchmark_corpus(
    count: int = 64, seed: int = 2024, styles: str | Sequence[str] = "all"
) -> list[DocSpec]:
    """A random mix of every dimension, mostly full-size SOC 2 reports; same seed, same corpus.

    styles: "classic" (the five original styles only, exactly the corpus of earlier versions),
    "all" (those and the new house styles, with the general renderer's features and options
    mixed in at random), or a list of style names.
    """
    if styles == "classic":
        return _classic_benchmark(count, seed)
    names = sorted(STYLES) + sorted(NEW_STYLES) if styles == "all" else list(styles)
    rng = random.Random(seed)
    out = []
    for i in range(count):
        style = rng.choice(names)
        kinds = ["SOC2", "SOC1", "SOC3", "BRIDGE_LETTER", "UNKNOWN"]
        kind = rng.choices(kinds, [12, 3, 2, 1, 1])[0]
        if style == "letter" or (style in NEW_STYLES and kind == "SOC1"):
            kind = "SOC2"
        options: dict[str, object] = {}
        general = style in NEW_STYLES or rng.random() < 0.5
        if kind in ("SOC2", "SOC3") and general and style != "letter":
            options = _general_options(rng, style)  # a letter has no tests or lists to vary
        letter = style == "letter"
        out.append(
            DocSpec(
                f"bench-{i:03d}",
                kind=kind,
                type1=kind != "SOC3" and rng.random() < 0.15,
                opinion="UNQUALIFIED" if letter else rng.choices(
                    ["UNQUALIFIED", "QUALIFIED", "ADVERSE", "DISCLAIMER"], [10, 3, 2, 1])[0],
                wording=rng.randint(0, 5),
                style=style if style in STYLES or kind in ("SOC2", "SOC3") else "aligned",
                n_controls=rng.randint(20, 90),
                n_exceptions=rng.choice([0, 0, 1, 2, 3, 5, 8, 15]),
                seed=1000 + i,
                image_page=rng.random() < 0.1,
                legacy=not general and rng.random() < 0.15,
                **options,  # type: ignore[arg-type]
            )
        )  # fmt: skip
    return out


def _classic_benchmark(count: int, seed: int) -> list[DocSpec]:
    """The benchmark corpus of earlier versions: the five original styles, drawn as they were."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        kind = rng.choices(["SOC2", "SOC1", "SOC3", "BRIDGE_LETTER", "UNKNOWN"], [12, 3, 2, 1, 1])[
            0
        ]
        out.append(
            DocSpec(
                f"bench-{i:03d}",
                kind=kind,
                type1=kind != "SOC3" and rng.random() < 0.15,
                opinion=rng.choices(
                    ["UNQUALIFIED", "QUALIFIED", "ADVERSE", "DISCLAIMER"], [10, 3, 2, 1]
                )[0],
                wording=rng.randint(0, 5),
                style=rng.choice(sorted(STYLES)),
                n_controls=rng.randint(20, 90),
                n_exceptions=rng.choice([0, 0, 1, 2, 3, 5, 8, 15]),
                seed=1000 + i,
                image_page=rng.random() < 0.1,
                legacy=rng.random() < 0.15,
                cuec_as=rng.choice([None, None, "bullets", "numbered", "table", "bullets_related"]),
            )
        )
    return out
