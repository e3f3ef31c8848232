"""Synthetic SOC reports with their truth, for tests and the benchmark: `generate(spec, path)`."""

from tests.parsers.soc2.generator.build import DocSpec, generate
from tests.parsers.soc2.generator.corpus import (
    benchmark_corpus,
    feature_corpus,
    generality_corpus,
)

__all__ = ["DocSpec", "benchmark_corpus", "feature_corpus", "generality_corpus", "generate"]
