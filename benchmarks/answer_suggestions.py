"""Suggested answers at scale, side by side with the brute force they replace.

A tenant with a large answer library (5,000 entries by default), 300 controls and 100,000
vendors asks for the suggestions of a customer's questionnaire (200 questions: half
rewordings of library questions; the rest on subjects the library lacks, on a named
vendor's SOC report, or on the reports of "cloud vendors", a word of every vendor's name). Measured in one run,
in process, on embedded PostgreSQL:

- ours: `domain.diligence.suggestions.suggest`, every source, the questions in one batch
  (as an import does) and a page of 50 (as the answering screen does);
- brute force: every library entry scored by the matcher (`matching.score`) for every
  question, in Python: what full text saves us from, and the ranking it must agree with.

Agreement: the share of questions whose best library suggestion is the brute force's best
entry (when that scores 85 or more: a question the library answers).

    uv run python -m benchmarks.answer_suggestions
    uv run python -m benchmarks.answer_suggestions --library 20000 --questions 500
"""

import argparse
import asyncio
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app import migrate
from app.db import Database, app_role_url, create_engine
from app.embedded import start_embedded
from app.settings import Settings
from domain.diligence import matching, suggestions
from domain.diligence.library import question_key
from domain.tenancy import service

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "tprm_bench_suggestions"
SEED = 17

# Library questions are made of a subject and what is asked of it; customers word the same
# ones their own way (REWORDINGS), or ask of subjects the library lacks (ELSEWHERE).
SUBJECTS = """customer data|production databases|backups|laptops|source code|payment data|
personal data|log files|administrator accounts|service accounts|cloud infrastructure|
mobile devices|encryption keys|API credentials|email|remote access|third-party software|
vendor connections|network perimeter|web applications|container images|CI pipelines|
support tickets|HR records|data exports|audit logs|DNS records|office networks|
wireless networks|SaaS applications""".replace("\n", "").split("|")
ASKS = (
    ("Do you encrypt {s} at rest?", "Is {s} encrypted when stored?"),
    ("Do you encrypt {s} in transit?", "Is {s} encrypted while in transit?"),
    ("Is access to {s} reviewed quarterly?", "Do you review access to {s} every quarter?"),
    ("Do you monitor {s} for security events?", "Are {s} monitored for security events?"),
    ("Is multi-factor authentication required for {s}?", "Do you require MFA for {s}?"),
    ("Do you keep an inventory of {s}?", "Is an inventory of {s} maintained?"),
    ("Are {s} backed up daily?", "Do you back up {s} every day?"),
    ("Do you scan {s} for vulnerabilities?", "Are {s} scanned for vulnerabilities?"),
)
QUALIFIERS = ("", " in every region", " for every customer", " in production", " by default")
ELSEWHERE = (
    "Describe your physical security controls at headquarters.",
    "Do you carry cyber insurance, and with what limit?",
    "Who is your data protection officer?",
    "How do you handle a request to delete personal data?",
    "Do you allow employees to work from public networks?",
)


def library_questions(size: int) -> list[str]:
    """`size` distinct library questions (subjects x asks x qualifiers, then numbered)."""
    made = [
        ask.format(s=subject).replace("?", f"{qualifier}?")
        for qualifier in QUALIFIERS
        for subject in SUBJECTS
        for ask, _ in ASKS
    ]
    n = 0
    while len(made) < size:
        made.append(f"{made[n % len(made)][:-1]} (scope {n})?")
        n += 1
    return made[:size]


def customer_questions(count: int, rng: random.Random, vendors: int) -> list[str]:
    """Half rewordings of library questions; of the rest, one in five asks after a vendor's
    SOC report by its name, one in five after the SOC reports of "cloud vendors" (a word of
    every seeded vendor's name), the others on subjects the library lacks."""
    asked = []
    for n in range(count):
        if n % 2 == 0:
            _, reworded = rng.choice(ASKS)
            asked.append(reworded.format(s=rng.choice(SUBJECTS)))
        elif n % 10 == 1:
            asked.append(f"Is Vendor {rng.randint(1, vendors)} Cloud covered by a SOC 2 report?")
        elif n % 10 == 3:
            asked.append(f"Do your cloud vendors hold SOC 2 reports ({n})?")
        else:
            asked.append(f"{rng.choice(ELSEWHERE)[:-1]} ({n})?")
    return asked


async def seed(url: str, library: int, controls: int, vendors: int) -> UUID:
    plain = make_url(url).set(drivername="postgresql").render_as_string(False)
    connection = await asyncpg.connect(plain)
    try:
        await connection.execute("TRUNCATE tenants, users CASCADE")
    finally:
        await connection.close()
    app_url = app_role_url(url, Settings().db_app_role, None)
    database = Database(create_engine(app_url, pool_size=2))
    try:
        async with database.transaction(None) as session:
            created = await service.create_tenant(session, "Bench Co", "bench@bench.example")
    finally:
        await database.dispose()
    tenant = created.tenant.id
    questions = library_questions(library)
    today = date.today()
    connection = await asyncpg.connect(plain)
    try:
        await connection.copy_records_to_table(
            "answer_library_entries",
            records=[
                (tenant, uuid4(), q, question_key(q), f"Answer {n}: yes, per SEC-{n}.", today)
                for n, q in enumerate(questions)
            ],
            columns=["tenant_id", "id", "question", "question_key", "answer", "last_reviewed_on"],
        )
        await connection.execute(
            "INSERT INTO controls (tenant_id, id, ref, title, description, status) "
            "SELECT $1, gen_random_uuid(), 'C-' || i, 'Control ' || i, "
            "'We ' || (ARRAY['encrypt','review','monitor','back up','scan'])[1 + i % 5] || ' ' "
            "|| (ARRAY['customer data','backups','laptops','source code','audit logs'])"
            "[1 + (i / 5) % 5] || ' under procedure ' || i || '.', 'OPERATING' "
            "FROM generate_series(1, $2) AS i",
            tenant,
            controls,
        )
        await connection.execute(
            "INSERT INTO vendors (tenant_id, id, name, domain, category, status, "
            "computed_tier, tier, tier_rank, tier_score, currency, tags, data_access, "
            "tier_reasons) SELECT $1, gen_random_uuid(), 'Vendor ' || i || ' Cloud', "
            "'vendor' || i || '.example', 'OTHER', 'ACTIVE', 'LOW', 'LOW', 1, 0, 'USD', "
            "ARRAY['seed'], '{}'::jsonb, '[]'::jsonb FROM generate_series(1, $2) AS i",
            tenant,
            vendors,
        )
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()
    return tenant


def brute_force(questions: list[str], library: list[tuple[UUID, str]]) -> list[tuple[UUID, float]]:
    """Each question's best library entry by the matcher over the whole library (each entry
    prepared once)."""
    prepared = [(entry_id, matching.prepared(question)) for entry_id, question in library]
    best = []
    for question in questions:
        asked = matching.prepared(question)
        entry_id, text = max(prepared, key=lambda e: matching.score_prepared(asked, e[1]))
        best.append((entry_id, matching.score_prepared(asked, text)))
    return best


async def _timed(
    database: Database, tenant: UUID, asked: list[str]
) -> tuple[float, list[list[suggestions.Suggestion]]]:
    async with database.transaction(tenant) as session:
        started = time.perf_counter()
        found = await suggestions.suggest(session, tenant, asked)
        return time.perf_counter() - started, found


async def measure(url: str, tenant: UUID, questions: list[str], rounds: int) -> None:
    app_url = app_role_url(url, Settings().db_app_role, None)
    database = Database(create_engine(app_url, pool_size=2))
    try:
        async with database.transaction(tenant) as session:
            rows = await session.execute(text("SELECT id, question FROM answer_library_entries"))
            library = {row[0]: row[1] for row in rows.all()}
        batch, page = [], []
        for _ in range(rounds):  # interleaved: the two sizes see the same machine
            seconds, found = await _timed(database, tenant, questions)
            batch.append(seconds)
            page.append((await _timed(database, tenant, questions[:50]))[0])
    finally:
        await database.dispose()
    started = time.perf_counter()
    best = brute_force(questions, list(library.items()))
    brute = time.perf_counter() - started

    # the questions the library answers (the brute force's best scores 85 or more), and
    # whether our first library suggestion is that entry, or one scoring as well (entries
    # alike but for a qualifier tie)
    same = as_good = answered = 0
    for question, ours, (entry, score) in zip(questions, found, best, strict=True):
        if score < matching.MATCH_SCORE:
            continue
        answered += 1
        mine = next((s.library_entry_id for s in ours if s.source == "LIBRARY"), None)
        same += mine == entry
        as_good += mine is not None and matching.score(question, library[mine]) >= score - 0.5
    print(
        f"\n{len(library)} library entries; {len(questions)} customer questions, "
        f"{answered} of them answered by the library (the brute force's best scores 85+)\n"
    )
    print("| what | time | per question |")
    print("|---|---|---|")
    for name, values, count in (("batch", batch, len(questions)), ("page of 50", page, 50)):
        median = statistics.median(values)
        print(
            f"| suggest, {name} (median of {rounds}) | {median:.3f} s | {1000 * median / count:.1f} ms |"
        )
    print(
        f"| brute force, matcher over the library | {brute:.2f} s | {1000 * brute / len(questions):.1f} ms |"
    )
    print(f"\nsuggest is {brute / statistics.median(batch):.0f}x faster on the batch")
    print(
        f"first library suggestion: the brute force's best entry {same} of {answered}, "
        f"one scoring as well {as_good} of {answered}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=int, default=5_000)
    parser.add_argument("--controls", type=int, default=300)
    parser.add_argument("--vendors", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    url = start_embedded(ROOT / ".tprm" / "bench", DATABASE)
    migrate.upgrade(url)
    started = time.perf_counter()
    tenant = asyncio.run(seed(url, args.library, args.controls, args.vendors))
    print(f"seeded in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    questions = customer_questions(args.questions, random.Random(SEED), args.vendors)
    asyncio.run(measure(url, tenant, questions, args.rounds))


if __name__ == "__main__":
    main()
