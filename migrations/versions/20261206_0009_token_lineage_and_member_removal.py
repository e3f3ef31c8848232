"""token lineage and member removal

Segregation of duties: a token records the token that made it (revoking one revokes what
it made), and authentication says whether a token was made for its member by someone else
(`delegated`: such a token cannot approve). A removed member is kept, with `removed_at`,
so that their tokens stay on record as revoked rather than vanish with them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import app_role

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AUTHENTICATE_V1 = """
    CREATE FUNCTION tprm_authenticate(p_token_hash text)
    RETURNS TABLE (tenant_id uuid, user_id uuid, membership_id uuid, role text, token_id uuid)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      UPDATE api_tokens t SET last_used_at = now()
       WHERE t.id IN (SELECT u.id FROM api_tokens u
                       WHERE u.token_hash = p_token_hash
                         AND (u.last_used_at IS NULL
                              OR u.last_used_at < now() - interval '1 minute')
                         FOR UPDATE SKIP LOCKED);
      RETURN QUERY
        SELECT t.tenant_id, m.user_id, m.id, m.role::text, t.id
          FROM api_tokens t
          JOIN memberships m ON m.tenant_id = t.tenant_id AND m.id = t.membership_id
         WHERE t.token_hash = p_token_hash
           AND t.revoked_at IS NULL
           AND (t.expires_at IS NULL OR t.expires_at > now());
    END $$"""

_AUTHENTICATE_V2 = """
    CREATE FUNCTION tprm_authenticate(p_token_hash text)
    RETURNS TABLE (tenant_id uuid, user_id uuid, membership_id uuid, role text, token_id uuid,
                   delegated boolean)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      -- SKIP LOCKED: a request never waits on another one that is using the token.
      UPDATE api_tokens t SET last_used_at = now()
       WHERE t.id IN (SELECT u.id FROM api_tokens u
                       WHERE u.token_hash = p_token_hash
                         AND (u.last_used_at IS NULL
                              OR u.last_used_at < now() - interval '1 minute')
                         FOR UPDATE SKIP LOCKED);
      RETURN QUERY
        SELECT t.tenant_id, m.user_id, m.id, m.role::text, t.id,
               (t.created_by_user_id IS NOT NULL AND t.created_by_user_id <> m.user_id)
          FROM api_tokens t
          JOIN memberships m ON m.tenant_id = t.tenant_id AND m.id = t.membership_id
         WHERE t.token_hash = p_token_hash
           AND t.revoked_at IS NULL
           AND m.removed_at IS NULL
           AND (t.expires_at IS NULL OR t.expires_at > now());
    END $$"""


def _replace_authenticate(definition: str) -> None:
    role = app_role()
    op.execute("DROP FUNCTION tprm_authenticate(text)")
    op.execute(definition)
    op.execute("REVOKE ALL ON FUNCTION tprm_authenticate(text) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION tprm_authenticate(text) TO {role}")


def upgrade() -> None:
    op.add_column("api_tokens", sa.Column("created_by_token_id", sa.Uuid(), nullable=True))
    op.create_index(
        "api_tokens_created_by_token_idx",
        "api_tokens",
        ["tenant_id", "created_by_token_id"],
        postgresql_where=sa.text("created_by_token_id IS NOT NULL"),
    )
    op.add_column(
        "memberships", sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True)
    )
    _replace_authenticate(_AUTHENTICATE_V2)


def downgrade() -> None:
    _replace_authenticate(_AUTHENTICATE_V1)
    op.execute("DELETE FROM memberships WHERE removed_at IS NOT NULL")
    op.drop_column("memberships", "removed_at")
    op.drop_index("api_tokens_created_by_token_idx", table_name="api_tokens")
    op.drop_column("api_tokens", "created_by_token_id")
