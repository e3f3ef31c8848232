"""Stage 5f, subservice organizations: who the service organization relies on, what for, and
whether the report carves them out or includes them.

Names are read, in order of authority, from: subservice tables; sentences that say the service
organization uses / utilizes / relies on / leverages / engages subservice organizations (with
the names in the sentence, in a numbered run "1) AWS 2) GCP", or in the bullets that follow
"X uses,"); "the <services> provided by <names> are not included in the scope"; the plain
"X uses A, B and C to provide ..." under a "Subservice Organizations" heading; "the description
includes the controls of <name>"; and the owners named by CSOC tables. A short name printed
elsewhere with its long form ("Amazon Web Services, Inc. (AWS)") is given that form. The
method is read from the carve-out or inclusive wording about each organization, else about the
report as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.soc2.csocs import CsocItems, find_csocs
from parsers.soc2.headers import Role, TableKind
from parsers.soc2.layout import Line
from parsers.soc2.lists import BULLET, NUMBER, section_lines
from parsers.soc2.passage import Passage
from parsers.soc2.result import (
    Csoc,
    ReviewReason,
    ReviewReasonCode,
    SubserviceMethod,
    SubserviceOrganization,
)
from parsers.soc2.sections import Document, Part
from parsers.soc2.tables import Table

_SUB = r"(?:sub-?service|service) (?:organi[sz]ations?|providers?)"
_VERB = r"(?:uses|utili[sz]es|relies (?:up)?on|leverages|engages?|has engaged|outsources to)"
_NAME_CHARS = r"(?:[^.;:]|(?<=Inc|Ltd|orp|LLC)\.|(?<=Co)\.)"
# a sentence that says the service organization relies on subservice organizations: what
# follows the lead is a list of "<name> to provide / for / which provides <services>" clauses
_LEAD = re.compile(
    rf"\b(?:{_VERB}|carves? out)\s+(?:the\s+following\s+|a\s+|an\s+|one\s+|two\s+|three\s+"
    r"|several\s+|certain\s+|the\s+)?(?:sub-?service\s+organi[sz]ations?|subservice\s+providers?)"
    r"\s*(?:\([^)]{0,40}\))?\s*[,:]?\s*(?=[A-Z])"
    rf"|\b{_VERB}\s+(?=[A-Z][^;]{{0,80}}?,\s+an?\s+subservice\s+organi[sz]ation)",
)
_NAME = (
    r"[A-Z][\w&.'\-]*(?:\s+(?:[A-Z][\w&.'\-]*|of|and|&))*?"
    r"(?:,?\s+(?:Inc\.?|LLC|Ltd\.?|Corp\.?|L\.L\.C\.|Limited))?(?:\s*\([^)]{1,40}\))?"
)
_CLAUSE = re.compile(
    rf"(?P<names>{_NAME}(?:(?:,\s+|,?\s+and\s+){_NAME})*?)(?:,\s+an?\s+subservice\s+organi[sz]ation,?)?"
    r",?\s+(?:to provide|for|(?:which|that) provides?|providing)\s+"
    r"(?P<services>.+?)(?=,?\s+and\s+(?:on\s+)?[A-Z]|,\s+[A-Z][^,]{0,60}?(?:,\s+an?\s+subservice|\s+(?:to provide|for|which provides)\b)|;|$)"
)
_ABBREVIATION = re.compile(r"(?:\b(?:Inc|Ltd|Co|Corp|Jr|Sr|St|No)|\b[A-Z])\.$")


def _sentence(text: str, start: int) -> str:
    """The rest of the sentence from start: up to a full stop that ends no abbreviation."""
    for m in re.finditer(r"\.(?=\s|$)", text[start : start + 600]):
        if not _ABBREVIATION.search(text[start : start + m.end()]):
            return text[start : start + m.start()]
    return text[start : start + 600]


# "utilizes the following one (1) service organizations ("subservice organizations") to
# implement portions of the System: 1) AWS 2) GCP"
_NUMBERED = re.compile(
    rf"\b{_VERB}\s+the following\s+(?:\w+\s+\(\d+\)\s+)?{_SUB}[^:]{{0,160}}:\s*"
    r"(?P<list>(?:\(?\d{1,2}\)\s*[A-Z][^.;()]{0,60}?(?:\([^)]{1,30}\))?\s*[,;]?\s*(?:and\s+)?)+)",
)
_NOT_INCLUDED = re.compile(
    r"\b[Tt]he\s+(?P<services>[a-z][a-z0-9 ,&/-]{2,100}?)\s+provided by\s+"
    r"(?P<names>[A-Z][\w&.,' -]{0,120}?)\s+(?:are|were|is|was)\s+(?:not included|excluded)",
)
_INCLUDES = re.compile(
    r"\b(?:description )?includes? the (?:relevant |related )?controls (?:of|at) "
    r"(?P<names>[A-Z](?:[^.;:()]|(?<=Inc|Ltd|orp)\.){1,160}?)"
    r"(?=,?\s+(?:presented|using|under|which|as|in accordance|to|for)\b|\s*\("
    r"|(?<!Inc)(?<!Ltd)(?<!orp)\.(?:\s|$)|,\s+a\s)",
)
_USES_LIST = re.compile(
    rf"\b{_VERB}(?:\s+the\s+following(?:\s+{_SUB})?)?\s*[,:]\s*$|\bfollowing {_SUB}\s*:\s*$", re.I
)
_FOR_SERVICES = re.compile(
    rf"\b{_VERB}\s+(?:a|one|\w+ \(\d+\)|several)?\s*subservice organi[sz]ations?\s+(?:for|to provide)"
    r"\s+(?P<services>[^.;]{3,120}?)(?:\.|;|,\s+(?:and|which)|$)",
    re.I,
)
_NONE = re.compile(
    r"subservice (?:providers|organi[sz]ations?)\s*:?\s*(?:n/?a|none)\b"
    r"|does not use (?:any )?subservice|no subservice organi[sz]ations (?:were|are) used",
    re.I,
)
_CARVE_OUT = re.compile(
    r"carve[- ]?out method|carved[- ]out|carves? out"
    r"|did not (?:include|extend to) the (?:services|controls|policies)"
    r"[^.]{0,40}subservice|excluded? from the scope|excludes? the (?:related |relevant )?controls"
    r"|does not (?:disclose|include) (?:any of )?the (?:actual )?controls (?:at|of|expected)"
    r"|(?:are|were|is|was) not included (?:within|in) the scope",
    re.I,
)
_INCLUSIVE = re.compile(
    r"inclusive method"
    r"|includes? the (?:relevant |related )?controls (?:of|at) (?!the service organi)",
    re.I,
)
_ANNOUNCED = re.compile(
    rf"\b{_VERB}\s+(?:a|an|one|two|three|\w+ \(\d+\)|several|certain|various|the following)?\s*"
    r"sub-?service organi[sz]ations?\b"
    r"|\bif (?:the )?sub-?service organi[sz]ations?(?: and (?:the )?user entities)? applied"
    r"|\b(?:uses|using|used|under|presented) the (?:carve-out|inclusive) method",
    re.I,
)
SUBSERVICE_HEADING = re.compile(
    r"^(?:subservice organi[sz]ations?|subservice providers|third[- ]party service providers)"
    r"(?: used)?(?:\s*\([^)]{1,30}\))?\s*:?$",
    re.I,
)
_PLAIN_USES = re.compile(rf"\b{_VERB}\s+(?=[A-Z])")
_ALIAS = re.compile(
    r"^(?P<name>.+?)\s*\(\s*[\"']?(?:the\s+)?[\"']?(?P<alias>[^)\"']{1,40})[\"']?\s*\)$"
)
_FILLER = re.compile(r"^(?:implement|support|perform) (?:portions|parts|certain)", re.I)
_NOT_A_NAME = re.compile(r"^(?:the|this|these|our|its|their|we|it|each|such|certain)\b", re.I)


@dataclass
class _Org:
    name: str
    alias: str | None
    services: str | None
    page: int
    method: SubserviceMethod | None = None
    # how it was found: 0 named as a subservice organization, 1 said to be out of scope, 2 only
    # the owner of CSOCs; its page is where the strongest sign names it first
    sign: int = 0

    def named_in(self, text: str) -> bool:
        """True when text names this organization or its alias as a word."""
        return any(
            n and re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", text)
            for n in (self.name, self.alias, _base(self.name))
        )


def _base(name: str) -> str:
    m = _ALIAS.match(name)
    return m.group("name").strip() if m else name


def _tidy(name: str) -> str:
    name = re.sub(r"(?<=\w)\(", " (", " ".join(name.split()))  # "services(AWS)"
    name = re.sub(r"\(\s*[\"'](?P<a>[^\"')]+)[\"']\s*\)", r"(\g<a>)", name)
    return name.strip(" ,;:\"'")


def _split_names(names: str) -> list[tuple[str, str | None]]:
    out = []
    parts = re.split(r",(?!\s*(?:Inc|LLC|Ltd|Corp|L\.L\.C)\b)\s*(?:and\s+)?|\s+and\s+", names)
    for part in parts:
        part = _tidy(part)
        if not part or not part[0].isupper() or len(part) > 80 or _NOT_A_NAME.match(part):
            continue
        m = _ALIAS.match(part)
        out.append((part, m.group("alias").strip()) if m else (part, None))
    return out


def _services(text: str | None) -> str | None:
    if not text:
        return None
    text = re.split(
        r"(?<=[a-z)])\.\s|,\s+(?:allowing|which|that|and is|enabling|providing)\b"
        r"|,?\s+from the scope\b",
        text,
    )[0]
    text = text.strip(" ,.;")
    return None if not text or _FILLER.match(text) else text


def _method(text: str) -> SubserviceMethod | None:
    carve, inclusive = bool(_CARVE_OUT.search(text)), bool(_INCLUSIVE.search(text))
    if carve == inclusive:
        return None
    return SubserviceMethod.CARVE_OUT if carve else SubserviceMethod.INCLUSIVE


class _Found:
    """The organizations found so far, merged by name or alias, in order of authority."""

    def __init__(self) -> None:
        self.orgs: list[_Org] = []

    def add(self, org: _Org) -> None:
        for known in self.orgs:
            if (
                known.named_in(org.name)
                or (org.alias and known.named_in(org.alias))
                or org.named_in(known.name)
            ):
                if known.alias is None and org.alias is not None:
                    known.name, known.alias = org.name, org.alias
                known.services = known.services or org.services
                known.method = known.method or org.method
                if org.sign < known.sign:
                    known.page, known.sign = org.page, org.sign
                elif org.sign == known.sign:
                    known.page = min(known.page, org.page)
                return
        self.orgs.append(org)

    def add_names(
        self,
        names: str,
        services: str | None,
        page: int | None,
        method: SubserviceMethod | None = None,
        sign: int = 0,
    ) -> None:
        for name, alias in _split_names(names):
            self.add(_Org(name, alias, _services(services), page or 1, method, sign))


def _bulleted(lines: Sequence[Line], found: _Found) -> None:
    """Bullets after "X uses," or "the following subservice organizations:": one each."""
    for index, line in enumerate(lines):
        if not _USES_LIST.search(line.text):
            continue
        for item in _items_after(lines, index + 1):
            text, page = item
            m = re.match(
                r"(?P<name>[A-Z][^,:;]{0,80}?(?:\([^)]{1,40}\))?)\s*(?:,\s*(?:is\s+)?|\s+is\s+|\s+[-\u2013:]\s+)"
                r"(?:an?\s+|the\s+)?(?:subservice organi[sz]ation\s+)?(?:(?:which|that)\s+provides?\s+)?(?P<rest>.*)",
                text,
            )
            if m:
                found.add_names(m.group("name"), m.group("rest"), page)
            elif len(text.split()) <= 6:
                found.add_names(text, None, page)


def _items_after(lines: Sequence[Line], start: int) -> list[tuple[str, int]]:
    items: list[tuple[list[str], int]] = []
    for line in lines[start : start + 60]:
        mark = BULLET.match(line.text) or NUMBER.match(line.text)
        if mark:
            items.append(([line.text[mark.end() :]], line.page))
        elif items and line.x0 > lines[start].x0 + 4:
            items[-1][0].append(line.text)
        else:
            break
    return [(" ".join(texts), page) for texts, page in items]


def _expand_aliases(found: _Found, text: str) -> None:
    """A name printed short here and long elsewhere takes its long form: "AWS" ->
    "Amazon Web Services, Inc. (AWS)"."""
    for org in found.orgs:
        if org.alias or len(org.name) > 12 or " " in org.name:
            continue
        pattern = re.compile(
            r"(?P<long>[A-Z][\w&.'-]*(?:\s+(?:[A-Z][\w&.'-]*|of|and|&))*"
            r"(?:,?\s+(?:Inc\.?|LLC|Ltd\.?|Corp\.?|Limited|L\.L\.C\.))?)\s*\(\s*[\"']?"
            rf"{re.escape(org.name)}[\"']?\s*\)"
        )
        m = pattern.search(text)
        if m and m.group("long") != org.name:
            org.name, org.alias = f"{m.group('long')} ({org.name})", org.name


def _services_named(found: _Found, text: str) -> None:
    """Services of an organization found without them, from a sentence that uses it by name:
    "The Company utilizes Stripe, Inc. for payment processing services"."""
    for org in found.orgs:
        if org.services:
            continue
        names = "|".join(re.escape(n) for n in {org.name, _base(org.name), org.alias} if n)
        m = re.search(
            rf"\b{_VERB}\s+(?:services from\s+)?(?:{names})(?:\s*\([^)]*\))?,?\s+"
            r"(?:for|to provide)\s+(?P<services>[^.;]{3,150})",
            text,
        )
        if m:
            org.services = _services(m.group("services"))


@dataclass(frozen=True)
class SubserviceRead:
    """Subservice organizations and CSOCs read, and what a reviewer must check about them."""

    organizations: list[SubserviceOrganization]
    csocs: list[Csoc]
    review: list[ReviewReason]


def _prose(doc: Document) -> Passage:
    keep = (Part.FRONT, Part.AUDITOR_REPORT, Part.ASSERTION, Part.DESCRIPTION)
    return Passage.of(
        [ln for s in doc.sections if s.part in keep for ln in doc.lines[s.start : s.end]]
    )


def _collect(
    doc: Document, tables: Sequence[Table], prose: Passage, csoc_owners: Sequence[tuple[str, int]]
) -> _Found:
    found = _Found()
    text = prose.text
    for m in _LEAD.finditer(text):
        page = prose.page_at(m.end())
        for clause in _CLAUSE.finditer(_sentence(text, m.end())):
            names = re.sub(r"^on\s+", "", clause.group("names"))
            found.add_names(names, clause.group("services"), page)
    for table in tables:
        if table.kind is TableKind.SUBSERVICE:
            for row in table.rows:
                found.add_names(
                    row.text(Role.SUBSERVICE), row.text(Role.SERVICES) or None, row.page
                )
    for m in _NUMBERED.finditer(text):
        for name, page in _numbered_names(prose, m.start("list")):
            found.add_names(name, None, page)
    _bulleted(prose.lines, found)
    for m in _NOT_INCLUDED.finditer(text):
        at = prose.page_at(m.start("names"))
        found.add_names(m.group("names"), m.group("services"), at, SubserviceMethod.CARVE_OUT, 1)
    for section in section_lines(doc, SUBSERVICE_HEADING):
        for name, services, page in _plain_uses(section):
            found.add_names(name, services, page)
    for m in _INCLUDES.finditer(text):
        found.add_names(
            m.group("names"), None, prose.page_at(m.start("names")), SubserviceMethod.INCLUSIVE
        )
    if found.orgs:
        for owner, page in csoc_owners:
            found.add_names(owner, None, page, sign=2)
    return found


# a name ends at punctuation, the next number, the end, or a lower-case word ("GCP to provide")
_NUMBERED_ITEM = re.compile(
    rf"\(?\d{{1,2}}\)\s*(?P<name>{_NAME})\s*(?=[,;.]|\(?\d{{1,2}}\)|[a-z]|$)"
)


def _numbered_names(prose: Passage, start: int) -> list[tuple[str, int]]:
    """The names of a numbered run, "1) AWS 2) Google Cloud": in the sentence (wrapped over its
    paragraph's lines), or one per line on the lines that go on numbering."""
    line = prose.line_at(start)
    if line is None:
        return []
    index = prose.lines.index(line)
    offset = start - prose.starts[index]
    out: list[tuple[str, int]] = []
    following = prose.lines[index + 1 : index + 20]
    if following and not _NUMBERED_LINE.match(following[0].text):
        # a run inside the sentence may wrap over the paragraph's next lines ("3) Microsoft" /
        # "Azure (Azure)"): read it to the sentence's end, within the paragraph
        joined, prev = line.text[offset:], line
        for ln in following[:4]:
            if (
                ln.page != prev.page
                or ln.top - prev.bottom > 0.6 * prev.height
                or ln.height > 1.1 * prev.height  # a heading
                or _NUMBERED_LINE.match(ln.text)
            ):
                break
            joined, prev = f"{joined} {ln.text}", ln
        return [(name, line.page) for name in _numbered_items(_sentence(joined, 0))]
    texts = [line.text[offset:]]
    texts += [ln.text for ln in following if _NUMBERED_LINE.match(ln.text)]
    for text in texts:
        out.extend((name, line.page) for name in _numbered_items(text))
    return out


_NUMBERED_LINE = re.compile(r"^\(?\d{1,2}\)")


def _numbered_items(text: str) -> list[str]:
    return [m.group("name").strip(" ,;") for m in _NUMBERED_ITEM.finditer(text)]


def _plain_uses(lines: Sequence[Line]) -> list[tuple[str, str, int]]:
    """Under a "Subservice Organizations" heading: "X uses A, B, and C to provide s1, and D to
    provide s2" names organizations without saying "subservice organization"."""
    out = []
    for line_index, line in enumerate(lines):
        start = _PLAIN_USES.search(line.text)
        if not start:
            continue
        rest = " ".join(ln.text for ln in lines[line_index : line_index + 6])
        rest = rest[rest.find(start.group()) + len(start.group()) :].split(". ")[0]
        for clause in _CLAUSE.finditer(rest):
            out.append((clause.group("names"), clause.group("services").strip(" ."), line.page))
        break
    return out


def find_subservice(doc: Document, tables: Sequence[Table]) -> SubserviceRead:
    """Subservice organizations and CSOCs in report order, and reasons for review."""
    prose = _prose(doc)
    text = prose.text
    csoc_items: CsocItems = find_csocs(doc, tables)
    found = _collect(doc, tables, prose, csoc_items.owners)
    if not found.orgs and _NONE.search(text):
        return SubserviceRead([], [], [])
    _expand_aliases(found, text)
    _services_named(found, text)
    report_method = _method(text)
    services = _FOR_SERVICES.search(text)
    for org in found.orgs:
        if org.method is None:
            sentences = [s for s in re.split(r"(?<=\.)\s+", text) if org.named_in(s)]
            org.method = _method(" ".join(sentences)) or report_method
        if services and not org.services and len(found.orgs) == 1:
            org.services = _services(services.group("services"))
    organizations = [
        SubserviceOrganization(o.name, o.services, o.method, o.page) for o in found.orgs
    ]
    csocs = [
        Csoc(item.text, _owner(item.text, item.owner, found.orgs), item.criteria, item.page)
        for item in csoc_items.items
    ]
    described = doc.first_section(Part.DESCRIPTION) is not None
    review = _review(prose, found.orgs, csocs, csoc_items, described)
    return SubserviceRead(organizations, csocs, review)


def _owner(text: str, printed: str, orgs: Sequence[_Org]) -> str | None:
    """The subservice organization a CSOC belongs to, by its listed name where one is known."""
    if printed:
        listed = [o for o in orgs if o.named_in(printed) or printed in (o.alias, o.name)]
        return listed[0].name if len(listed) == 1 else printed
    named = [o for o in orgs if o.named_in(text)]
    if len(named) == 1:
        return named[0].name
    return orgs[0].name if len(orgs) == 1 else None


def _review(
    prose: Passage,
    orgs: Sequence[_Org],
    csocs: Sequence[Csoc],
    items: CsocItems,
    described: bool,
) -> list[ReviewReason]:
    """Subservice organizations the report says it uses but that were not read, and CSOCs its
    description announces for carved-out organizations but that were not read. A document with
    no description (a letter restating an opinion) names none to read."""
    out = []
    if not orgs and described:
        m = _ANNOUNCED.search(prose.text)
        if m:
            source = prose.source(m.start(), m.end())
            out.append(
                ReviewReason(
                    "subservice_organizations",
                    source.page if source else None,
                    ReviewReasonCode.ANNOUNCED_NOT_READ,
                    source.quote if source else None,
                )
            )
    carved = any(o.method is not SubserviceMethod.INCLUSIVE for o in orgs)
    if orgs and carved and not csocs and items.announced is not None:
        page, quote = items.announced
        out.append(ReviewReason("csocs", page, ReviewReasonCode.ANNOUNCED_NOT_READ, quote))
    return out
