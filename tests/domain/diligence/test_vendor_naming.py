"""How a question is cut into the runs of words a vendor's name may be (pure)."""

from domain.diligence.suggestions import LONGEST_NAME, NAMING_WORDS, compared, grams


def test_names_are_compared_in_lower_case_with_punctuation_as_spaces():
    assert compared("AWS/GCP") == "aws gcp"
    assert compared("  Ernst & Young, LLP. ") == "ernst young llp"
    assert compared("salesforce.com") == "salesforce com"


def test_a_question_gives_every_run_of_up_to_six_of_its_first_words():
    asked = grams("Is Amazon Web Services covered by a SOC 2 report?")

    assert {"amazon", "amazon web services", "soc 2", "report"} <= asked
    assert "amazon services" not in asked  # runs only, in order
    assert max(len(g.split()) for g in asked) == LONGEST_NAME


def test_only_the_first_words_of_a_long_question_are_looked_at():
    long = " ".join(f"word{n}" for n in range(500)) + " Acme SOC 2"

    asked = grams(long)

    assert "acme" not in asked and f"word{NAMING_WORDS - 1}" in asked
    assert len(asked) <= NAMING_WORDS * LONGEST_NAME
