"""vendor search through a definer function, so the full-text index serves RLS-scoped reads

Row-level security keeps non-leakproof operators such as tsvector @@ tsquery from
being pushed into an index scan: as the app role, every search read the whole table.
This function runs as the owner and filters by the caller's tenant itself, so the
GIN index on search_vector is used; it returns the matching rows whole, so a search
reads each match once. It returns the vendors row type: it follows that table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

from app.migrate import app_role

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("""
        CREATE FUNCTION tprm_vendor_search(p_query tsquery)
        RETURNS SETOF vendors
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          SELECT v.*
            FROM vendors v
           WHERE v.tenant_id = tprm_current_tenant() AND v.search_vector @@ p_query
        $$""")
    op.execute("REVOKE ALL ON FUNCTION tprm_vendor_search(tsquery) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION tprm_vendor_search(tsquery) TO {app_role()}")


def downgrade() -> None:
    op.execute("DROP FUNCTION tprm_vendor_search(tsquery)")
