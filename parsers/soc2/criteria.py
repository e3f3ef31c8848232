"""Trust Services Criteria references, found in any printed form and normalised ("CC 6.1." ->
"CC6.1"). Only the form changes, never the numbering: 2016 reports keep their own numbers."""

from __future__ import annotations

import re

# "CC 6.1", "CC6.1.", "CC\n6.3", "PI1.3", "A1.2"; "CC6.1.3" is a control under CC6.1
_REF = re.compile(
    r"(?<![A-Za-z0-9])(?P<p>CC|PI|A|C|P)\s*(?P<a>\d{1,2})\s*\.\s*(?P<b>\d{1,2})(?!\d)"
    r"(?:\s*(?:-|\u2013|\u2014|to|through)\s*(?:(?P<p2>CC|PI|A|C|P)\s*)?(?P<a2>\d{1,2})\s*\.\s*(?P<b2>\d{1,2})(?!\d))?"
)
_LEADING = re.compile(r"^\s*(?:CC|PI|A|C|P)\s*\d{1,2}\s*\.\s*\d{1,2}(?![\d.]\d)")


def normalise_criteria(text: str) -> list[str]:
    """Every criterion in text, normalised, in order, without repeats; x.0 banners skipped.

    Ranges of one series ("CC6.1-CC6.3", "CC6.1 to 6.3") are expanded.
    """
    out: list[str] = []
    for m in _REF.finditer(text):
        prefix, major, minor = m.group("p"), int(m.group("a")), int(m.group("b"))
        refs = [(prefix, major, minor)]
        if m.group("a2") is not None:
            prefix2 = m.group("p2") or prefix
            major2, minor2 = int(m.group("a2")), int(m.group("b2"))
            if prefix2 == prefix and major2 == major and minor < minor2 <= minor + 20:
                refs = [(prefix, major, n) for n in range(minor, minor2 + 1)]
            else:
                refs.append((prefix2, major2, minor2))
        for p, a, b in refs:
            if b == 0 or a == 0:
                continue  # "CC3.0 Common Criteria Related to ..." is a section banner
            ref = f"{p}{a}.{b}"
            if ref not in out:
                out.append(ref)
    return out


def starts_with_criterion(text: str) -> bool:
    """True when text opens with a criterion reference (and not with a control ID like CC6.1.3)."""
    return bool(_LEADING.match(text)) and bool(normalise_criteria(text[:12]))
