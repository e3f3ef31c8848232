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
# criteria in words: "Common Criteria 6.1", "Availability Criteria 1.2, 1.3"
_WORDS = {
    "common": "CC",
    "availability": "A",
    "confidentiality": "C",
    "processing integrity": "PI",
    "privacy": "P",
}
_IN_WORDS = re.compile(
    r"\b(?P<w>common|availability|confidentiality|processing integrity|privacy)\s+criteri(?:a|on)"
    r"\s+(?=\d{1,2}\s*\.\s*\d)",
    re.I,
)
# numbers that continue a list after a reference: "CC7.3, 7.4, 7.5", "CC2.2,2.3 and 2.4"
_CONTINUED = re.compile(
    r"(?P<ref>(?<![A-Za-z0-9])(?:CC|PI|A|C|P)\s*\d{1,2}\s*\.\s*\d{1,2}(?!\d))"
    r"(?P<more>(?:\s*(?:,|;|&|and|,\s*and)\s*\d{1,2}\s*\.\s*\d{1,2}(?![\d.]\d))+)"
)


def _spell_out(text: str) -> str:
    """Criteria in words and continued numbers in the printed form: "Common Criteria 2.2, 2.3"
    -> "CC2.2, CC2.3"."""
    if _IN_WORDS.search(text):
        text = _IN_WORDS.sub(lambda m: _WORDS[m.group("w").lower()], text)
    if not _CONTINUED.search(text):
        return text

    def expand(m: re.Match[str]) -> str:
        prefix = re.match(r"[A-Z]+", m.group("ref"))
        assert prefix is not None
        more = re.sub(
            r"(?<![\d.])(\d{1,2}\s*\.\s*\d{1,2})", rf"{prefix.group()}\1", m.group("more")
        )
        return m.group("ref") + more

    return _CONTINUED.sub(expand, text)


def normalise_criteria(text: str) -> list[str]:
    """Every criterion in text, normalised, in order, without repeats; x.0 banners skipped.

    Ranges of one series ("CC6.1-CC6.3", "CC6.1 to 6.3") are expanded.
    """
    out: list[str] = []
    for m in _REF.finditer(_spell_out(text)):
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


_ONLY_CRITERIA = re.compile(
    r"^(?:(?:applicable |related )?(?:trust services )?criteri(?:a|on)\s*:?\s*)?"
    r"[\sA-Za-z]{0,40}?\d{1,2}\s*\.\s*\d{1,2}[\s\d.,;&\-\u2013A-Za-z]*$"
)


def criteria_line(text: str) -> tuple[str, ...]:
    """The criteria of a line that holds nothing else ("CC6.4, CC6.5,", "Common Criteria 6.1;
    Availability Criteria 1.2"), else ()."""
    if len(text) > 120 or not _ONLY_CRITERIA.match(text):
        return ()
    refs = normalise_criteria(text)
    if not refs:
        return ()
    rest = _REF.sub(" ", _spell_out(text))
    rest = re.sub(
        r"(?i)\b(?:and|through|to|applicable|related|trust|services|criteria|criterion)\b",
        " ",
        rest,
    )
    return tuple(refs) if not re.search(r"[A-Za-z]{2,}", rest) else ()
