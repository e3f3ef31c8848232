"""Opening PDFs: encryption, damage, non-PDFs and the limits on size, pages and time."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.soc2 import (
    CorruptPdf,
    LimitExceeded,
    NotAPdf,
    ParseLimits,
    PasswordRequired,
    Soc2ParseError,
    parse_pdf,
)
from tests.parsers.soc2.helpers import write_pdf


def test_every_parse_error_is_a_soc2_parse_error() -> None:
    for error in (NotAPdf, PasswordRequired, CorruptPdf, LimitExceeded):
        assert issubclass(error, Soc2ParseError)


def test_a_text_file_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("just some notes\n")
    with pytest.raises(NotAPdf):
        parse_pdf(path)


def test_an_empty_file_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(NotAPdf):
        parse_pdf(path)


def test_bytes_without_a_pdf_header_are_not_a_pdf() -> None:
    with pytest.raises(NotAPdf):
        parse_pdf(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)


def test_a_pdf_header_followed_by_garbage_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    with pytest.raises(CorruptPdf):
        parse_pdf(path)


def test_a_pdf_that_needs_a_user_password_is_refused(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "locked.pdf", [["secret"]], user_password="u", owner_password="o")
    with pytest.raises(PasswordRequired):
        parse_pdf(path)


def test_owner_password_encryption_with_empty_user_password_parses(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "owner.pdf", [["Quarterly memo"]], owner_password="owner")
    result = parse_pdf(path)
    assert result.pages == 1
    assert result.kind.value == "UNKNOWN"


def test_a_file_over_the_size_limit_is_refused(small_pdf: Path) -> None:
    with pytest.raises(LimitExceeded, match="byte"):
        parse_pdf(small_pdf, ParseLimits(max_bytes=100))


def test_a_document_over_the_page_limit_is_refused(small_pdf: Path) -> None:
    with pytest.raises(LimitExceeded, match="page"):
        parse_pdf(small_pdf, ParseLimits(max_pages=1))


def test_a_tiny_time_limit_stops_the_parse(small_pdf: Path) -> None:
    with pytest.raises(LimitExceeded, match="time limit"):
        parse_pdf(small_pdf, ParseLimits(timeout_seconds=1e-9))


def test_a_pdf_given_as_bytes_parses_like_a_path(small_pdf: Path) -> None:
    assert parse_pdf(small_pdf.read_bytes()) == parse_pdf(small_pdf)


def test_a_document_that_is_not_a_soc_report_is_unknown_with_a_warning(small_pdf: Path) -> None:
    result = parse_pdf(small_pdf)
    assert result.kind.value == "UNKNOWN"
    assert result.type is None and result.opinion is None
    assert any("not a SOC report" in w for w in result.warnings)
