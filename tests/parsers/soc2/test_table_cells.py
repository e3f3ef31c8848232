"""A table cell keeps the page of each of its lines: a row cut by a page break spans two."""

from __future__ import annotations

from parsers.soc2.tables import Cell

CUT = Cell(
    (
        (13, "Attribute A: Inspected the tickets."),
        (13, "No exceptions noted."),
        (14, "Attribute C: Compared the completion date with the required timeframe."),
        (14, "Exception noted. For 2 of 8 samples, the attribute was not met."),
    )
)


def test_a_passage_is_on_the_page_its_first_line_is_on() -> None:
    assert CUT.page == 13
    assert CUT.page_of("Attribute A: Inspected the tickets.") == 13
    assert CUT.page_of("Attribute C: Compared the completion date with the required") == 14
    assert CUT.page_of("Exception noted. For 2 of 8 samples") == 14


def test_a_passage_not_in_the_cell_is_on_the_cells_first_page() -> None:
    assert CUT.page_of("Something the cell never said") == 13
    one_page = Cell(((5, "Exception noted."), (5, "For 1 of 25 samples ...")))
    assert one_page.page_of("For 1 of 25") == 5
