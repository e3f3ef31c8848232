"""Cells a spreadsheet would run as formulas are guarded on the way out, and whatever was
written comes back whole on the way in."""

from hypothesis import given
from hypothesis import strategies as st

from domain.shared.csv_text import FORMULA_STARTS, neutralise, unquote


def test_a_formula_is_guarded_and_plain_text_left_alone():
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert neutralise("-1 day") == "'-1 day"
    assert neutralise("Access reviews") == "Access reviews"
    assert neutralise("'+1 day rule") == "''+1 day rule"  # looks guarded: guarded again


@given(st.text(alphabet=st.sampled_from(["'", "a", " ", *FORMULA_STARTS]), max_size=6))
def test_every_text_comes_back_whole(text):
    assert unquote(neutralise(text)) == text
