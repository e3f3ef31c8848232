"""Typed errors of the SOC report parser; the CLI maps every one of them to exit code 2."""

from __future__ import annotations


class Soc2ParseError(Exception):
    """A document could not be parsed; the message is one line, fit for an end user."""


class NotAPdf(Soc2ParseError):
    """The input is not a PDF file."""


class PasswordRequired(Soc2ParseError):
    """The PDF needs a user password to open (owner-only encryption is fine)."""


class CorruptPdf(Soc2ParseError):
    """The PDF is damaged beyond what PDFium can repair."""


class LimitExceeded(Soc2ParseError):
    """The document is larger, longer or slower than the configured limits allow."""
