"""The catalogue of the 2017 trust services criteria: exactly the criteria a questionnaire may
map to, in their natural order, each with a short title of its own and the category its
series serves."""

from domain.compliance.criteria import BY_ID, CRITERIA, Category, criterion
from domain.questionnaires.definition import SERIES_2017, is_criterion

EXPECTED_IDS = [f"{series}.{n}" for series, size in SERIES_2017.items() for n in range(1, size + 1)]


def test_the_ids_are_the_2017_criteria_in_their_natural_order() -> None:
    assert [c.id for c in CRITERIA] == EXPECTED_IDS
    assert EXPECTED_IDS[0] == "CC1.1"
    assert EXPECTED_IDS[-1] == "P8.1"


def test_every_id_is_one_a_question_may_map_to() -> None:
    assert all(is_criterion(c.id) for c in CRITERIA)


def test_no_id_past_the_end_of_a_series_is_listed() -> None:
    for series, size in SERIES_2017.items():
        beyond = f"{series}.{size + 1}"
        assert not is_criterion(beyond)
        assert beyond not in BY_ID


def test_each_series_has_as_many_criteria_as_the_2017_set() -> None:
    for series, size in SERIES_2017.items():
        assert len([c for c in CRITERIA if c.series == series]) == size


def test_a_criterion_belongs_to_the_series_its_id_starts_with() -> None:
    for c in CRITERIA:
        assert c.id.split(".")[0] == c.series


def test_every_title_is_short_non_empty_and_unique() -> None:
    titles = [c.title for c in CRITERIA]
    for title in titles:
        assert title.strip() == title
        assert 0 < len(title) <= 80
    assert len(set(titles)) == len(titles)


def test_a_series_has_one_title_for_all_its_criteria() -> None:
    by_series: dict[str, set[str]] = {}
    for c in CRITERIA:
        by_series.setdefault(c.series, set()).add(c.series_title)
    assert all(len(titles) == 1 and next(iter(titles)) for titles in by_series.values())
    assert BY_ID["CC6.1"].series_title == "Logical and physical access"


def test_the_category_follows_the_series() -> None:
    prefixes = {
        "CC": Category.SECURITY,
        "A": Category.AVAILABILITY,
        "C": Category.CONFIDENTIALITY,
        "PI": Category.PROCESSING_INTEGRITY,
        "P": Category.PRIVACY,
    }
    for c in CRITERIA:
        assert c.category == prefixes[c.series.rstrip("0123456789")]
    assert criterion("CC9.2").category == Category.SECURITY  # type: ignore[union-attr]
    assert criterion("PI1.1").category == Category.PROCESSING_INTEGRITY  # type: ignore[union-attr]
    assert criterion("P1.1").category == Category.PRIVACY  # type: ignore[union-attr]


def test_every_category_is_covered() -> None:
    assert {c.category for c in CRITERIA} == set(Category)


def test_by_id_holds_every_criterion_under_its_id() -> None:
    assert list(BY_ID) == EXPECTED_IDS
    assert all(BY_ID[c.id] is c for c in CRITERIA)


def test_a_known_id_finds_its_criterion() -> None:
    found = criterion("CC6.1")
    assert found is not None
    assert found is BY_ID["CC6.1"]
    assert found.series == "CC6"
    assert found.category == Category.SECURITY


def test_an_unknown_id_finds_nothing() -> None:
    assert criterion("CC10.1") is None
    assert criterion("CC6.9") is None
    assert criterion("cc6.1") is None
    assert criterion("") is None
