"""suggestion lookups that use their indexes under row-level security

A full-text match (`tsvector @@ tsquery`) is not leakproof, so under row-level security the
planner never takes a GIN index for it: as the app role, the library's candidates for a
customer's question were found by reading every entry of the tenant. As the vendors' search
does (0003, 0007), `tprm_library_candidates` runs the candidates' query as the owner, for
the caller's tenant only (`tprm_current_tenant()`), planned per call.

Vendors named in a question are found by their name as compared (lower case, every run of
anything but letters and digits one space), looked up among the question's word n-grams:
`vendors_tenant_compared_name_idx` serves that equality under row-level security (text
equality is leakproof).

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

from app.migrate import app_role

revision: str = "0042"
down_revision: str | None = "0041"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The questions and their keys are parameters, never part of the statement. Each question's
# words become a query matching any of them, made once a question (MATERIALIZED).
LIBRARY_CANDIDATES = """
    CREATE FUNCTION tprm_library_candidates(p_texts text[], p_keys text[], p_limit integer)
    RETURNS TABLE (
        i bigint,
        id answer_library_entries.id%TYPE,
        question answer_library_entries.question%TYPE,
        answer answer_library_entries.answer%TYPE,
        same boolean
    )
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      RETURN QUERY EXECUTE
        'WITH q AS MATERIALIZED (
             SELECT asked.i, asked.key,
                    replace(plainto_tsquery(''english'', asked.text)::text, '' & '', '' | '')
                        ::tsquery AS any_word
               FROM unnest($2, $3) WITH ORDINALITY AS asked(text, key, i)
         )
         SELECT q.i, e.id, e.question, e.answer, e.question_key = q.key
           FROM q CROSS JOIN LATERAL (
             SELECT e.id, e.question, e.answer, e.question_key
               FROM answer_library_entries e
              WHERE e.tenant_id = $1
                AND (e.question_key = q.key OR e.question_vector @@ q.any_word)
              ORDER BY e.question_key = q.key DESC, ts_rank(e.question_vector, q.any_word) DESC,
                       e.id
              LIMIT $4
           ) e'
        USING tprm_current_tenant(), p_texts, p_keys, p_limit;
    END $$"""

COMPARED_NAME = "btrim(lower(regexp_replace(name, '[^[:alnum:]]+', ' ', 'g')))"


def upgrade() -> None:
    op.execute(LIBRARY_CANDIDATES)
    signature = "tprm_library_candidates(text[], text[], integer)"
    op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {app_role()}")
    op.execute(
        f"CREATE INDEX vendors_tenant_compared_name_idx ON vendors (tenant_id, ({COMPARED_NAME}))"
    )


def downgrade() -> None:
    op.execute("DROP INDEX vendors_tenant_compared_name_idx")
    op.execute("DROP FUNCTION tprm_library_candidates(text[], text[], integer)")
