"""How alike two questions are, 0 to 100, for proposing a library answer to a customer's
question worded its own way.

Both questions are normalised as the library keeps them (domain.diligence.library.
normalised), split into words, and the words that carry no meaning in a security question
(STOPWORDS: "do", "you", "your", "please", "describe" ...) are left out. Each word is cut to
its first STEM letters, so that "encrypt", "encrypted" and "encryption" are one word, as are
"policy" and "policies". The score is rapidfuzz's token set ratio of the two (how far the
smaller set of words is found in the larger) and its token sort ratio (how alike the whole
wordings are), weighted SET_WEIGHT to 1 - SET_WEIGHT: sharing every word of the shorter
question counts, but a question that adds other subjects ("... at rest and in transit")
scores lower than one that asks the same. Two questions are the same question from
MATCH_SCORE up.

Measured on the pairs in tests/domain/diligence/question_pairs.py (paraphrases that must
match, near-misses that must not): see the README ("Matching questions").
"""

from rapidfuzz import fuzz

from domain.diligence.library import normalised

STEM = 5
SET_WEIGHT = 0.3
MATCH_SCORE = 85

STOPWORDS = frozenset(
    """a about all an and any are as at be been by can could describe do does each for from
    has have how if in is it its may of on or our please provide should that the their there
    these this those to us was we were what when where whether which who will with would
    you your""".split()
)


def words(question: str) -> list[str]:
    """The question's meaningful words, each cut to its stem."""
    return [w[:STEM] for w in normalised(question).split() if w not in STOPWORDS]


def prepared(question: str) -> str:
    """The question as `score_prepared` compares it: its meaningful stems, space-joined."""
    return " ".join(words(question))


def score(a: str, b: str) -> float:
    """How alike two questions are, 0 to 100."""
    return score_prepared(prepared(a), prepared(b))


def score_prepared(left: str, right: str) -> float:
    """`score` of two questions `prepared` already (a library compared many times)."""
    if not left or not right:
        return 0.0
    together = fuzz.token_set_ratio(left, right)
    whole = fuzz.token_sort_ratio(left, right)
    return SET_WEIGHT * together + (1 - SET_WEIGHT) * whole


def same_question(a: str, b: str) -> bool:
    return score(a, b) >= MATCH_SCORE
