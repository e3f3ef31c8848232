"""A one-page "Letter of Attestation" on the firm's letterhead that restates an unqualified SOC 2
opinion (Type 1 as of a date, or Type 2 for a period), signed by a partner, with the client's
signatory in the address block as a trap. It names no subservice organization, CUEC or
exception; the opinion mentions "the subservice organization" and "user entities" only."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from tests.parsers.soc2.generator import prose
from tests.parsers.soc2.generator.content import make_content
from tests.parsers.soc2.generator.wording import CLIENT_SIGNERS, INDIVIDUALS
from tests.parsers.soc2.generator.writer import Writer

LETTER_FIRMS = ["Harborview Assurance", "Northgate Attest", "Silverline Assurance"]
FIELDS = ["kind", "type", "service_organization", "service_auditor", "report_date", "opinion",
          "trust_services_categories"]  # fmt: skip


def _logo(w: Writer, x: float, y: float, words: list[str]) -> None:
    """A boxed word mark drawn as vector outlines of rectangles (no text)."""
    c = w.canvas
    c.setLineWidth(1.2)
    c.rect(x, y - 46, 92, 40)
    c.rect(x + 5, y - 41, 92, 40)
    c.setLineWidth(0.6)
    for i, _word in enumerate(words):
        c.line(x + 14, y - 22 - 8 * i, x + 80 - 10 * i, y - 22 - 8 * i)


def letter(spec: Any, path: str, truth: dict[str, Any]) -> dict[str, Any]:
    rng = random.Random(spec.seed)
    c = make_content(rng, 1, 0, False)
    base = rng.choice(LETTER_FIRMS)
    partner, client = rng.choice(INDIVIDUALS), rng.choice(CLIENT_SIGNERS)
    w = Writer(path, font="Times-Roman", bold="Times-Bold", margin=rng.choice([60.0, 66.0, 72.0]))
    w.new_page(landscape=False)
    size = rng.choice([10.0, 10.5, 11.0])
    _logo(w, w.margin, w.y + 20, base.split())
    w.y -= 40
    for text in [f"{base} LLC", "88 Hudson Yards, Floor 14", "New York, NY 10001"]:
        w.text_at(text, w.right, size=size, align="right")
        w.y -= size * 1.25
    letter_date = (c.as_of if spec.type1 else c.period[1]) + dt.timedelta(days=rng.randint(20, 45))
    w.y -= 12
    w.text_at(prose.day(letter_date), w.right, size=size, align="right")
    w.y -= 30
    for text in [c.org, "410 Lakeshore Road, Suite 210, Calgary, AB",
                 f"Name of Signatory: {client}",
                 f"Phone and Email of Signatory: 555-0142, {client.split()[0].lower()}@example.com"]:  # fmt: skip
        w.line(text, size=size)
    w.y -= 16
    typ = 1 if spec.type1 else 2
    w.text_at("Letter of Attestation", w.width / 2, size=16, bold=True, align="center")
    w.y -= 20
    w.text_at(f"SOC 2 Type {typ} Compliance", w.width / 2, size=size + 1, align="center")
    w.y -= 30
    w.line("Unqualified Opinion", size=size, bold=True)
    w.paragraph("In our opinion, in all material respects:", size=size)
    when = prose.scope_when(c, spec.type1)
    items = [
        f"a. The description presents {c.org}'s system that was designed and implemented {when},"
        " in accordance with the description criteria.",
        f"b. The controls stated in the description were suitably designed {when}, to provide"
        f" reasonable assurance that {c.org}'s service commitments and system requirements would"
        " be achieved based on the applicable trust services criteria, if its controls operated"
        " effectively and if the subservice organization and user entities applied the"
        f" complementary controls assumed in the design of {c.org}'s controls.",
    ]
    if not spec.type1:
        items.append(
            f"c. The controls stated in the description operated effectively {when} to provide"
            f" reasonable assurance that {c.org}'s service commitments and system requirements"
            " were achieved based on the applicable trust services criteria."
        )
    for item in items:
        w.paragraph(item, size=size, indent=24, gap=3)
    cats = " and ".join(c.categories) if len(c.categories) < 3 else (
        ", ".join(c.categories[:-1]) + f" and {c.categories[-1]}")  # fmt: skip
    w.paragraph(
        f"{base} LLC confirms SOC 2 Type {typ} compliance by {c.org} in accordance with the"
        f" AICPA's Trust Service Criteria for {cats}.",
        size=size,
    )
    w.canvas.circle(w.width / 2, w.y - 40, 30)  # the seal, drawn
    w.y -= 90
    w.canvas.bezier(
        w.margin, w.y, w.margin + 30, w.y + 25, w.margin + 60, w.y - 15, w.margin + 110, w.y + 5
    )
    w.y -= 14
    for text in [f"{base}, LLC.", partner, "CPA & Partner"]:
        w.line(text, size=size)
    w.save()
    truth.update(
        kind="SOC2", type=f"TYPE{typ}", service_organization=c.org,
        service_auditor=f"{base} LLC", report_date=letter_date.isoformat(), opinion="UNQUALIFIED",
        trust_services_categories=[x.upper().replace(" ", "_") for x in c.categories], pages=w.page,
    )  # fmt: skip
    fields = FIELDS + (["as_of"] if spec.type1 else ["period_start", "period_end"])
    if spec.type1:
        truth["as_of"] = c.as_of.isoformat()
    else:
        truth["period_start"], truth["period_end"] = (d.isoformat() for d in c.period)
    truth["source_pages"] = dict.fromkeys(fields, 1)
    return truth
