"""SOC 1/2/3 report parser: `parse_pdf(path_or_bytes)` -> `Soc2Extraction` (see README.md)."""

from parsers.soc2.errors import CorruptPdf, LimitExceeded, NotAPdf, PasswordRequired, Soc2ParseError
from parsers.soc2.limits import ParseLimits
from parsers.soc2.pipeline import parse_pdf
from parsers.soc2.result import Soc2Extraction

__all__ = [
    "CorruptPdf",
    "LimitExceeded",
    "NotAPdf",
    "ParseLimits",
    "PasswordRequired",
    "Soc2Extraction",
    "Soc2ParseError",
    "parse_pdf",
]
