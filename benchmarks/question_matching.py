"""Precision and recall of matching a customer's question to the library's
(domain.diligence.matching) on the pairs of tests/domain/diligence/question_pairs.py: 20
paraphrases that must match and 20 near-misses that must not, at the threshold in force
and around it.

    uv run python -m benchmarks.question_matching
"""

from domain.diligence import matching
from tests.domain.diligence.question_pairs import NEAR_MISSES, PARAPHRASES


def main() -> None:
    paraphrases = [matching.score(a, b) for a, b in PARAPHRASES]
    near_misses = [matching.score(a, b) for a, b in NEAR_MISSES]
    print(f"{len(PARAPHRASES)} paraphrases, {len(NEAR_MISSES)} near-misses")
    print("threshold  precision  recall")
    for threshold in range(70, 96, 5):
        found = sum(s >= threshold for s in paraphrases)
        wrong = sum(s >= threshold for s in near_misses)
        precision = found / (found + wrong) if found + wrong else 1.0
        mark = "  <- in force" if threshold == matching.MATCH_SCORE else ""
        print(f"{threshold:9}  {precision:9.2f}  {found / len(paraphrases):6.2f}{mark}")


if __name__ == "__main__":
    main()
