"""Answers to suggest for a customer's questions, ranked, each saying where it came from.

Sources, each scored 0 to 100 on the scale of `matching.score`:

- LIBRARY: the candidates are the library entries with the same question as normalised
  (scored 100), and the CANDIDATES best by PostgreSQL full text (English stemming; any of
  the question's words found in the entry's question, ranked by `ts_rank`).
  Each candidate is scored by the matcher (`matching.score`: stems, rapidfuzz), which is
  what tells a paraphrase from a near-miss; full text only finds them, which is what keeps
  it fast on a large library. Under LIBRARY_MIN an entry is not suggested.
- CONTROL: the tenant's own controls found by full text on their title and description,
  scored by how many of the question's meaningful words (as `matching.words` cuts them)
  the control has, at most CONTROL_MAX: a control says what the tenant does, not how a
  customer asked it, so it never outranks a library answer to the same question. Under
  CONTROL_MIN not suggested. The answer is the control's description, with its status.
- SUBPROCESSORS: a question that names subprocessors (or sub-processors, fourth parties,
  subcontractors) scores SUBPROCESSORS_NAMED; one about third parties, service providers,
  vendors or suppliers SUBPROCESSORS_ASKED, as does any of them when the inventory flags
  no vendor at all (which may only mean nobody flagged them yet). The answer lists the
  vendors flagged as subprocessors, each with its service, data, locations and current SOC
  report.
- REPORT: a question about audit reports (SOC 1/2/3, SSAE 18, ISAE 3402, attestation):
  the tenant's own SOC reports among its trust documents (not expired), scored REPORT_OWN,
  the answer saying it is shared in the trust package; and when it names one of the
  vendors in use (its whole name as words, compared in lower case with punctuation as
  spaces: "AWS/GCP" and "salesforce.com" name AWS and Salesforce), that vendor's current
  SOC report, its period, auditor and opinion, scored REPORT_NAMED.

Suggestions are ranked by score, then source in the order above, and cut at `limit`.
Everything for a batch of questions is read in a fixed number of statements.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import anyio
from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text
from sqlmodel import col, select

from domain.compliance.models import Control, ControlStatus
from domain.diligence import matching, subprocessors, trust_documents
from domain.diligence.library import question_key
from domain.diligence.models import SuggestionSource, TrustDocument
from domain.soc2 import queries as soc2_queries
from domain.soc2.models import SocReport
from domain.vendors.models import COMPARED_NAME_SQL, IN_USE

CANDIDATES = 50
LIBRARY_MIN = 50
CONTROL_MAX = 80
CONTROL_MIN = 40
CONTROLS_PER_QUESTION = 2
SUBPROCESSORS_NAMED = 90
SUBPROCESSORS_ASKED = 60
REPORT_OWN = 80
REPORT_NAMED = 75
NAMED_VENDORS = 5  # vendors a question may name
MAX_LISTED = 50  # subprocessors named in one answer; the rest counted

_ORDER = list(SuggestionSource)
_NAMED_SUBPROCESSORS = re.compile(
    r"\bsub[\s-]?process(or|ors|ing)\b|\bfourth[\s-]part(y|ies)\b|\bsub[\s-]?contractors?\b",
    re.IGNORECASE,
)
_ASKED_SUBPROCESSORS = re.compile(
    r"\bthird[\s-]part(y|ies)\b|\bservice providers?\b|\bvendors?\b|\bsuppliers?\b",
    re.IGNORECASE,
)
_REPORT_WORDS = re.compile(
    r"\bsoc\s?[123]\b|\bsoc reports?\b|\bssae\s?(16|18)\b|\bisae\s?3402\b|\battestation\b",
    re.IGNORECASE,
)
_STATUS_WORDS = {
    ControlStatus.OPERATING: "in place and operating",
    ControlStatus.IMPLEMENTED: "in place",
    ControlStatus.DESIGNED: "designed, not yet in place",
}


@dataclass(frozen=True)
class Suggestion:
    source: SuggestionSource
    score: int
    answer: str
    why: str  # where it came from, in words
    library_entry_id: UUID | None = None
    control_id: UUID | None = None
    report_id: UUID | None = None
    trust_document_id: UUID | None = None  # the tenant's own report
    vendor_ids: tuple[UUID, ...] = ()  # the subprocessors listed, or the vendor reported on

    @property
    def key(self) -> str:
        """What names the suggestion to accept it (useSuggestedAnswer): its source and row."""
        row = self.library_entry_id or self.control_id or self.report_id or self.trust_document_id
        return f"{self.source}:{row}" if row else str(self.source)


# The library's candidates for each question (migration 0042): its words as a full-text
# query matching any of them (plainto_tsquery requires all; a customer's question rarely has
# every word of the library's) against the entries' questions alone, in a SECURITY DEFINER
# function for the caller's tenant, so that the GIN index serves it under row-level security.
_LIBRARY_CANDIDATES = text(
    "SELECT i, id, question, answer, same FROM tprm_library_candidates(:texts, :keys, :limit)"
).bindparams(
    bindparam("texts", type_=ARRAY(Text)),
    bindparam("keys", type_=ARRAY(Text)),
)

# The tenant's controls' words are read once per statement (MATERIALIZED), not per question.
_CONTROL_CANDIDATES = text(
    """
    WITH c AS MATERIALIZED (
        SELECT id, to_tsvector('english', title || ' ' || description) AS words
        FROM controls WHERE tenant_id = :tenant_id
    ), q AS MATERIALIZED (
        SELECT i,
               replace(plainto_tsquery('english', text)::text, ' & ', ' | ')::tsquery AS any_word
        FROM unnest(:texts) WITH ORDINALITY AS asked(text, i)
    )
    SELECT q.i, m.id
    FROM q CROSS JOIN LATERAL (
        SELECT c.id FROM c
        WHERE c.words @@ q.any_word
        ORDER BY ts_rank(c.words, q.any_word) DESC, c.id
        LIMIT :candidates
    ) m
    """
).bindparams(bindparam("texts", type_=ARRAY(Text)))

# The vendors in use whose name, as compared (COMPARED_NAME_SQL), is one of the texts: the
# word n-grams of the questions that ask about reports, looked up by index.
_NAMED_VENDORS = text(
    f"""
    SELECT v.id, v.name, {COMPARED_NAME_SQL} AS compared FROM vendors v
    WHERE v.tenant_id = :tenant_id AND v.status IN :in_use
      AND {COMPARED_NAME_SQL} = ANY(:grams)
    ORDER BY v.name, v.id
    """  # noqa: S608 - the expression is a constant of ours
).bindparams(
    bindparam("grams", type_=ARRAY(Text)),
    bindparam("in_use", value=[str(s) for s in IN_USE], expanding=True),
)
_NOT_ALNUM = re.compile(r"[\W_]+")
LONGEST_NAME = 6  # words: a longer name is not looked for
NAMING_WORDS = 60  # a question's first words, where a vendor is looked for (bounds the grams)


def compared(text: str) -> str:
    """A text as vendor names are compared (COMPARED_NAME_SQL)."""
    return _NOT_ALNUM.sub(" ", text.lower()).strip()


def grams(question: str) -> set[str]:
    """Every run of one to LONGEST_NAME words among the question's first NAMING_WORDS, as
    compared."""
    words = compared(question).split()[:NAMING_WORDS]
    return {
        " ".join(words[start : start + n])
        for n in range(1, LONGEST_NAME + 1)
        for start in range(len(words) - n + 1)
    }


async def _from_library(
    session: AsyncSession, tenant_id: UUID, questions: Sequence[str]
) -> dict[int, list[Suggestion]]:
    rows = await session.execute(
        _LIBRARY_CANDIDATES,
        {
            "texts": list(questions),
            "keys": [question_key(q) for q in questions],
            "limit": CANDIDATES,
        },
    )
    # scored in a worker thread: an import's thousands of pairs never stall other requests
    return await anyio.to_thread.run_sync(_scored, questions, rows.all())


def _scored(questions: Sequence[str], rows: Sequence[Any]) -> dict[int, list[Suggestion]]:
    """The library's candidates scored by the matcher, each question and entry prepared once."""
    asked = [matching.prepared(q) for q in questions]
    entries: dict[UUID, str] = {}
    found: dict[int, list[Suggestion]] = {}
    for i, entry_id, question, answer, same in rows:
        if entry_id not in entries:
            entries[entry_id] = matching.prepared(question)
        score = 100 if same else round(matching.score_prepared(asked[i - 1], entries[entry_id]))
        if score >= LIBRARY_MIN:
            why = f'The answer library\'s answer to "{question}"'
            suggestion = Suggestion(SuggestionSource.LIBRARY, score, answer, why, entry_id)
            found.setdefault(i - 1, []).append(suggestion)
    return found


def _control_answer(control: Control) -> str:
    said = control.description.strip() or control.title
    status = _STATUS_WORDS.get(ControlStatus(control.status), control.status.lower())
    tested = f", last tested {control.last_tested_on.isoformat()}" if control.last_tested_on else ""
    return f"{said} (control {control.ref}, {status}{tested}.)"


async def _from_controls(
    session: AsyncSession, tenant_id: UUID, questions: Sequence[str]
) -> dict[int, list[Suggestion]]:
    rows = (
        await session.execute(
            _CONTROL_CANDIDATES,
            {"texts": list(questions), "tenant_id": tenant_id, "candidates": CANDIDATES},
        )
    ).all()
    ids = {control_id for _, control_id in rows}
    controls = {
        c.id: c
        for c in await session.scalars(
            select(Control).where(col(Control.tenant_id) == tenant_id, col(Control.id).in_(ids))
        )
    }
    found: dict[int, list[Suggestion]] = {}
    for i, control_id in rows:
        control = controls[control_id]
        asked = set(matching.words(questions[i - 1]))
        has = set(matching.words(f"{control.title} {control.description}"))
        score = round(CONTROL_MAX * len(asked & has) / len(asked)) if asked else 0
        if score >= CONTROL_MIN:
            why = f"Control {control.ref}: {control.title} ({control.status})"
            suggestion = Suggestion(
                SuggestionSource.CONTROL,
                score,
                _control_answer(control),
                why,
                control_id=control.id,
            )
            found.setdefault(i - 1, []).append(suggestion)
    for suggestions in found.values():
        suggestions.sort(key=lambda s: -s.score)
        del suggestions[CONTROLS_PER_QUESTION:]
    return found


def _report_words(report: SocReport) -> str:
    """The report as a customer reads it: its kind, period, auditor and opinion."""
    if report.period_start and report.period_end:
        period = f"for {report.period_start.isoformat()} to {report.period_end.isoformat()}"
    elif report.period_end or report.as_of:
        period = f"as of {(report.period_end or report.as_of or date.min).isoformat()}"
    else:
        period = "of no period read"
    auditor = f" by {report.service_auditor}" if report.service_auditor else ""
    opinion = f", opinion {report.opinion.lower()}" if report.opinion else ""
    return f"{subprocessors.report_name(report)} report {period}{auditor}{opinion}"


def _subprocessors_answer(listed: Sequence[subprocessors.Subprocessor]) -> str:
    if not listed:
        return "Our vendor inventory lists no subprocessors."
    lines = []
    for entry in listed[:MAX_LISTED]:
        about = [entry.vendor.services_provided or ""]
        if entry.data_categories:
            about.append(
                "data: " + ", ".join(c.lower().replace("_", " ") for c in entry.data_categories)
            )
        if entry.locations:
            about.append("hosted in " + ", ".join(entry.locations))
        report = entry.report
        about.append(_report_words(report) if report else "no SOC report held")
        lines.append(f"- {entry.vendor.name} ({'; '.join(a for a in about if a)})")
    more = len(listed) - MAX_LISTED
    if more > 0:
        lines.append(f"- and {more} more, in the attached list")
    count = f"{len(listed)} subprocessor{'s' if len(listed) != 1 else ''}"
    return f"Yes. We use {count}:\n" + "\n".join(lines)


async def _from_subprocessors(
    session: AsyncSession, tenant_id: UUID, questions: Sequence[str]
) -> dict[int, list[Suggestion]]:
    scores = {
        i: SUBPROCESSORS_NAMED if _NAMED_SUBPROCESSORS.search(q) else SUBPROCESSORS_ASKED
        for i, q in enumerate(questions)
        if _NAMED_SUBPROCESSORS.search(q) or _ASKED_SUBPROCESSORS.search(q)
    }
    if not scores:
        return {}
    listed = await subprocessors.all_subprocessors(session, tenant_id)
    if not listed:  # "none listed" may only mean nobody flagged them yet: a weak answer
        scores = {i: min(score, SUBPROCESSORS_ASKED) for i, score in scores.items()}
    answer = _subprocessors_answer(listed)
    why = "The vendors flagged as subprocessors in the inventory, with their SOC reports"
    ids = tuple(entry.vendor.id for entry in listed)
    return {
        i: [Suggestion(SuggestionSource.SUBPROCESSORS, score, answer, why, vendor_ids=ids)]
        for i, score in scores.items()
    }


async def _from_reports(
    session: AsyncSession, tenant_id: UUID, questions: Sequence[str]
) -> dict[int, list[Suggestion]]:
    asking = {i: q for i, q in enumerate(questions) if _REPORT_WORDS.search(q)}
    if not asking:
        return {}
    by_question = {i: grams(q) for i, q in asking.items()}
    rows = (
        await session.execute(
            _NAMED_VENDORS,
            {"tenant_id": tenant_id, "grams": list(set().union(*by_question.values()))},
        )
    ).all()
    named: dict[int, list[tuple[UUID, str]]] = {}
    for i, asked in by_question.items():
        matches = [(v, name) for v, name, as_compared in rows if as_compared in asked]
        named[i] = [(v, name) for v, name in matches if len(compared(name)) >= 3][:NAMED_VENDORS]
    reports = await soc2_queries.latest_reports_by_vendor(
        session, tenant_id, list({v for vendors in named.values() for v, _ in vendors})
    )
    own = [_own_report(d) for d in await trust_documents.current_soc_reports(session, tenant_id)]
    found: dict[int, list[Suggestion]] = {i: list(own) for i in asking if own}
    for i, vendors in named.items():
        for vendor_id, name in vendors:
            report = reports.get(vendor_id)
            if report is None:
                continue
            answer = f"{name}: {_report_words(report)}."
            why = f"The SOC report the tenant holds on {name}"
            found.setdefault(i, []).append(
                Suggestion(
                    SuggestionSource.REPORT,
                    REPORT_NAMED,
                    answer,
                    why,
                    report_id=report.id,
                    vendor_ids=(vendor_id,),
                )
            )
    return found


def _own_report(document: TrustDocument) -> Suggestion:
    valid = f", valid until {document.valid_until.isoformat()}" if document.valid_until else ""
    answer = (
        f"Yes. Our {document.title} is available to customers under NDA; it is in the trust "
        "package we send."
    )
    why = f"The tenant's own SOC report among its trust documents ({document.filename}{valid})"
    return Suggestion(
        SuggestionSource.REPORT, REPORT_OWN, answer, why, trust_document_id=document.id
    )


async def suggest(
    session: AsyncSession, tenant_id: UUID, questions: Sequence[str], limit: int = 5
) -> list[list[Suggestion]]:
    """The suggestions for each question, best first, at most `limit` each."""
    if not questions:
        return []
    ranked: list[list[Suggestion]] = [[] for _ in questions]
    for source in (_from_library, _from_controls, _from_subprocessors, _from_reports):
        for i, found in (await source(session, tenant_id, questions)).items():
            ranked[i].extend(found)
    for suggestions in ranked:
        suggestions.sort(key=lambda s: (-s.score, _ORDER.index(s.source)))
        del suggestions[limit:]
    return ranked
