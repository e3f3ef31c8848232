"""Subservice organizations and their complementary controls (CSOCs) in the general renderer:
named in the opinion (sentences or bullets) or only in the description (prose, numbered prose,
bullets, a table), any verb (uses, relies on, utilizes, leverages, carves out), the method stated
in a separate sentence, and CSOCs as tables, lists per organization, or a criteria line above
each sentence. Records the page where each organization and CSOC is first named."""

from __future__ import annotations

from typing import Any

from tests.parsers.soc2.generator import prose
from tests.parsers.soc2.generator.criteria_text import ordered, printed
from tests.parsers.soc2.generator.document import Doc
from tests.parsers.soc2.generator.grid import GridCell, GridRow, draw_grid, house_grid

NUMBER_WORDS = ["zero", "one", "two", "three", "four"]


def named(name: str, alias: str | None) -> str:
    return f"{name} ({alias})" if alias else name


def _record(doc: Doc, name: str, page: int) -> None:
    pages: dict[str, int] = doc.truth.setdefault("_subservice_pages", {})
    pages.setdefault(name, page)


def _method_sentence(doc: Doc) -> str:
    c = doc.c
    if doc.p.subservice == "INCLUSIVE":
        names = " and ".join(n for n, _a, _s in c.subservice)
        return (
            f"The description includes the relevant controls of {names}, presented using the"
            " inclusive method, and our examination included those controls."
        )
    plural = "organizations" if len(c.subservice) > 1 else "organization"
    return (
        f"The description does not disclose the actual controls at the subservice {plural}. Our"
        f" examination did not include the services provided by the subservice {plural}, and we"
        " have not evaluated the suitability of the design or operating effectiveness of such"
        " complementary subservice organization controls."
    )


def verb_sentence(doc: Doc) -> str:
    """One sentence naming every organization and its services with the house's verb."""
    c, verb = doc.c, doc.p.subservice_verb
    items = [(named(n, a), s) for n, a, s in c.subservice]
    one = len(items) == 1
    if verb == "relies on":
        body = " and on ".join(f"{n} for {s}" for n, s in items)
        kind = "a subservice organization," if one else "the following subservice organizations:"
        return f"{c.alias} relies on {kind} {body}."
    if verb == "leverages":
        body = ", and ".join(f"{n}, a subservice organization, for {s}" for n, s in items)
        return f"{c.alias} leverages {body}."
    if verb == "carves out":
        body = ", and ".join(f"{n}, which provides {s}" for n, s in items)
        plural = "subservice organization" if one else "subservice organizations"
        return f"{c.alias} carves out the {plural} {body}, from the scope of this report."
    body = ", and ".join(f"{n} to provide {s}" for n, s in items)
    kind = "a subservice organization," if one else "the following subservice organizations:"
    return f"{c.alias} {verb} {kind} {body}."


def opinion_subservice(doc: Doc, in_assertion: bool = False) -> None:
    """The scope paragraphs (or assertion paragraphs) about subservice organizations."""
    c, p = doc.c, doc.p
    if not c.subservice:
        return
    if p.subservice_named_in == "description":
        services = " and ".join(s.removesuffix(" services") for _n, _a, s in c.subservice)
        which = (
            "a subservice organization" if len(c.subservice) == 1 else "subservice organizations"
        )
        sentence = f"{c.alias} uses {which} for {services} services."
        doc.para(sentence if in_assertion else sentence + " " + _method_sentence(doc))
        if not in_assertion and p.subservice == "INCLUSIVE":
            # the inclusive sentence names them: "includes the relevant controls of X and Y"
            for name, _alias, _services in c.subservice:
                _record(doc, name, doc.page_of(name, raw=True))
        return
    if p.subservice_as == "bullets":
        doc.para(f"{c.org} uses,", gap=2)
        for name, alias, services in c.subservice:
            _record(doc, name, doc.para(f"\u2022 {named(name, alias)}, a subservice organization"
                                        f" which provides {services}.", indent=12, gap=3, raw=True))  # fmt: skip
        doc.para(_method_sentence(doc))
        return
    if in_assertion:
        return
    if p.subservice_as == "opinion_sentences":
        method = "CARVE_OUT" if p.subservice == "CARVE_OUT" else "INCLUSIVE"
        paragraphs = prose.carve_out(c, method)
        for i, text in enumerate(paragraphs):
            page = doc.para(text, raw=True)
            if i < len(c.subservice):
                _record(doc, c.subservice[i][0], page)
        return
    sentence = verb_sentence(doc)
    doc.para(sentence + " " + _method_sentence(doc), raw=True)
    for name, _alias, _services in c.subservice:
        _record(doc, name, doc.page_of(name, raw=True))


def description_subservice(doc: Doc) -> None:
    """The description's "Subservice Organizations" part and its CSOCs."""
    c, p, w = doc.c, doc.p, doc.w
    if not c.subservice:
        return
    doc.subheading("Subservice Organizations")
    if p.subservice_as == "table":
        doc.para(f"{c.alias} {p.subservice_verb} the subservice organizations listed below.")
        rows = [GridRow([GridCell([named(n, a)]), GridCell([s])]) for n, a, s in c.subservice]
        width = w.right - w.margin
        draw_grid(w, [width * 0.4, width * 0.6], ["Subservice Organization", "Services Provided"],
                  rows, house_grid(doc.p, paging=False))  # fmt: skip
        for (name, _a, _s), row in zip(c.subservice, rows, strict=True):
            _record(doc, name, row.lead[0].pages[0])
    elif p.subservice_as == "numbered_prose":
        n = len(c.subservice)
        listing = " ".join(f"{i + 1}) {named(nm, a)}" for i, (nm, a, _s) in enumerate(c.subservice))
        doc.para(
            f"The Company utilizes the following {NUMBER_WORDS[n]} ({n}) service organizations"
            f" (\u201csubservice organizations\u201d) to implement portions of the System: {listing}",
            raw=True,
        )
        for name, _alias, _services in c.subservice:
            _record(doc, name, doc.page_of(name, raw=True))
        for name, alias, services in c.subservice:
            doc.subheading(alias or name)
            doc.para(
                f"The Company utilizes {name} for {services}. This description includes only the"
                " controls of the System and does not include any of the controls expected to be"
                f" implemented at {alias or name}.",
                raw=True,
            )
    elif p.subservice_as == "opinion_sentences":
        doc.para(f"{c.alias} relies on the subservice organizations named in Section I.")
    elif p.subservice_as == "bullets" and p.subservice_named_in == "description":
        doc.para(f"{c.alias} {p.subservice_verb} the following subservice organizations:", gap=2)
        for name, alias, services in c.subservice:
            _record(doc, name, doc.para(f"\u2022 {named(name, alias)} \u2013 {services}",
                                        indent=12, gap=3, raw=True))  # fmt: skip
    else:
        doc.para(verb_sentence(doc), raw=True)
        for name, _alias, _services in c.subservice:
            _record(doc, name, doc.page_of(name, raw=True))
    if p.subservice == "CARVE_OUT":
        these = "this subservice organization is" if len(c.subservice) == 1 else (
            "these subservice organizations are")  # fmt: skip
        doc.para(f"The controls of {these} excluded from the scope of this report.")
    if c.csocs:
        csocs(doc)


def _alias(doc: Doc, owner: str) -> str:
    return next((a or n for n, a, _s in doc.c.subservice if n == owner), owner)


def csocs(doc: Doc) -> None:
    c, p, w = doc.c, doc.p, doc.w
    form = p.csoc_as
    doc.subheading("Complementary Subservice Organization Controls")
    doc.para(
        f"{c.alias}'s controls were designed with the assumption that its subservice"
        " organizations implement the types of controls below."
    )
    width = w.right - w.margin
    pages: list[int] = []
    crit_form = "range" if form == "ref_table" else doc.rng.choice(["plain", "spaced", "range_to"])
    if form == "ref_table":  # one table per organization, its name in the header
        for name, alias, _s in c.subservice:
            mine = [(i, t, k) for i, (t, o, k) in enumerate(c.csocs) if o == name]
            if not mine:
                continue
            doc.para(f"The types of controls expected to be implemented at {alias or name}:")
            labels = ["Ref.", f"Control Activities Expected to be Implemented by {alias or name}",
                      "Applicable Trust Services Criteria"]  # fmt: skip
            rows = [GridRow([GridCell([f"CSOC{i + 1}"]), GridCell([t]), GridCell([printed(k, crit_form)])])
                    for i, t, k in mine]  # fmt: skip
            draw_grid(
                w,
                [width * 0.12, width * 0.63, width * 0.25],
                labels,
                rows,
                house_grid(doc.p, paging=False),
            )
            pages += [r.lead[1].pages[0] for r in rows]
    elif form in ("table", "owner_table"):
        if form == "owner_table":
            labels = ["Control Activity Expected to be Implemented by Subservice Organization",
                      "Subservice Organization", "Applicable Criteria"]  # fmt: skip
            widths = [width * 0.56, width * 0.2, width * 0.24]
            rows = [GridRow([GridCell([t]), GridCell([_alias(doc, o)]), GridCell([printed(k, crit_form)])])
                    for t, o, k in c.csocs]  # fmt: skip
        else:
            labels = ["#", "Complementary Subservice Organization Controls", "Related Criteria",
                      "Subservice Organization"]  # fmt: skip
            widths = [width * 0.07, width * 0.53, width * 0.18, width * 0.22]
            rows = [GridRow([GridCell([str(i + 1)]), GridCell([t]), GridCell([printed(k, crit_form)]),
                             GridCell([_alias(doc, o)])]) for i, (t, o, k) in enumerate(c.csocs)]  # fmt: skip
        draw_grid(w, widths, labels, rows, house_grid(doc.p, paging=False))
        text_col = 0 if form == "owner_table" else 1
        pages = [r.lead[text_col].pages[0] for r in rows]
    elif form == "per_org_lists":
        for name, alias, _s in c.subservice:
            if any(o == name for _t, o, _k in c.csocs):
                doc.subheading(named(name, alias))
                items = [
                    f"{t} (Criteria: {printed(k, crit_form)})" for t, o, k in c.csocs if o == name
                ]
                pages += w.items(items, ["\u2022"] * len(items), size=p.body_size)
    elif form == "criteria_above":
        w.line("Applicable Trust Services Criteria", bold=True)
        for text, _owner, crit in c.csocs:
            trailing = "," if doc.rng.random() < 0.2 else ""
            w.line(printed(crit, doc.rng.choice(["plain", "bare"])) + trailing, size=p.body_size)
            pages.append(doc.para(text, gap=5, raw=True))
    else:
        pages = w.items([f"{t} ({', '.join(k)})" for t, _o, k in c.csocs],
                        ["\u2022"] * len(c.csocs), size=p.body_size)  # fmt: skip
    # a CSOC's owner is its organization as the report introduces it: "Name (Alias)"
    aliases = {n: a for n, a, _s in c.subservice}
    doc.truth["csocs"] = [
        {"text": t, "subservice_organization": named(o, aliases.get(o)), "criteria": ordered(k),
         "page": pg}
        for (t, o, k), pg in zip(c.csocs, pages, strict=True)
    ]  # fmt: skip


def subservice_truth(doc: Doc) -> list[dict[str, Any]]:
    pages = doc.truth.pop("_subservice_pages", {})
    method = None if doc.p.subservice == "none" else doc.p.subservice
    return [
        {"name": named(n, a), "services": s, "method": method, "page": pages[n]}
        for n, a, s in doc.c.subservice
    ]
