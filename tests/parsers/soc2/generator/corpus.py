"""Which synthetic documents to generate: a modest corpus that covers every feature for the tests,
and a larger random one for the benchmark."""

from __future__ import annotations

import random

from tests.parsers.soc2.generator.build import DocSpec
from tests.parsers.soc2.generator.styles import STYLES


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


def benchmark_corpus(count: int = 64, seed: int = 2024) -> list[DocSpec]:
    """A random mix of every dimension, mostly full-size SOC 2 reports."""
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
