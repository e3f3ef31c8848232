"""vendor search returns only what a list filters, sorts and ranks on, planned per tenant

The search function of 0003 returned whole vendor rows and compared each match's
tenant with a function call per row. A broad term (5,000 matches in a large tenant)
spent most of its time there: materialising wide rows nobody reads past the first
page, and reading the tenant setting 7,000 times. Now the function returns the id with
the filter, sort and rank columns only (the list pages over those, then reads its
page's rows by id), and runs its query planned for the caller's tenant: the planner
then knows how many rows the tenant has, so a large tenant goes through the term's
GIN index and a small one through its tenant index, instead of every tenant's matches.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

from app.migrate import app_role

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# EXECUTE plans the query on each call with its parameters' values (a fraction of a
# millisecond); a static query would be planned once for any tenant. No user text is
# part of the statement: the tenant and the query are parameters.
NARROW = """
    CREATE FUNCTION tprm_vendor_search(p_query tsquery)
    RETURNS TABLE (
        id vendors.id%TYPE,
        name vendors.name%TYPE,
        status vendors.status%TYPE,
        tier vendors.tier%TYPE,
        tier_rank vendors.tier_rank%TYPE,
        category vendors.category%TYPE,
        business_owner_id vendors.business_owner_id%TYPE,
        tags vendors.tags%TYPE,
        created_at vendors.created_at%TYPE,
        updated_at vendors.updated_at%TYPE,
        search_vector vendors.search_vector%TYPE
    )
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      RETURN QUERY EXECUTE
        'SELECT v.id, v.name, v.status, v.tier, v.tier_rank, v.category,
                v.business_owner_id, v.tags, v.created_at, v.updated_at, v.search_vector
           FROM vendors v
          WHERE v.tenant_id = $1 AND v.search_vector @@ $2'
        USING tprm_current_tenant(), p_query;
    END $$"""

WHOLE_ROWS = """
    CREATE FUNCTION tprm_vendor_search(p_query tsquery)
    RETURNS SETOF vendors
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT v.*
        FROM vendors v
       WHERE v.tenant_id = tprm_current_tenant() AND v.search_vector @@ p_query
    $$"""


def _replace(definition: str) -> None:
    # The result type changes, so the function is dropped and created, not replaced.
    op.execute("DROP FUNCTION tprm_vendor_search(tsquery)")
    op.execute(definition)
    op.execute("REVOKE ALL ON FUNCTION tprm_vendor_search(tsquery) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION tprm_vendor_search(tsquery) TO {app_role()}")


def upgrade() -> None:
    _replace(NARROW)


def downgrade() -> None:
    _replace(WHOLE_ROWS)
