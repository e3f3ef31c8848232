"""Dates and periods as reports print them."""

from __future__ import annotations

import datetime as dt

from parsers.soc2.dates import find_periods, is_date_line, parse_date


def test_a_footnote_digit_glued_to_the_year_is_ignored() -> None:
    assert parse_date("September 30, 20182, based on") == dt.date(2018, 9, 30)


def test_uk_day_month_year_dates_parse() -> None:
    assert parse_date("signed on 31 December 2018") == dt.date(2018, 12, 31)


def test_a_period_in_upper_case_with_to() -> None:
    (period, _), *_ = find_periods("OCTOBER 1, 2020 TO SEPTEMBER 30, 2021")
    assert (period.start, period.end) == (dt.date(2020, 10, 1), dt.date(2021, 9, 30))


def test_a_period_with_a_dash_and_with_through() -> None:
    for text in (
        "October 1, 2017 - September 30, 2018",
        "from October 1, 2017 through September 30, 2018",
    ):
        (period, _), *_ = find_periods(text)
        assert (period.start, period.end) == (dt.date(2017, 10, 1), dt.date(2018, 9, 30))


def test_a_period_whose_first_date_has_no_year() -> None:
    (period, _), *_ = find_periods("for the period 1 January to 31 December 2018")
    assert (period.start, period.end) == (dt.date(2018, 1, 1), dt.date(2018, 12, 31))


def test_a_backwards_range_is_not_a_period() -> None:
    assert find_periods("September 30, 2018 to October 1, 2017") == []


def test_a_signature_date_line_may_follow_a_city() -> None:
    assert is_date_line("October 31, 2018") == dt.date(2018, 10, 31)
    assert is_date_line("San Francisco, California November 12, 2021") == dt.date(2021, 11, 12)
    assert is_date_line("The report was issued on October 31, 2018.") is None
    assert is_date_line("October 1, 2017 to September 30, 2018") is None
