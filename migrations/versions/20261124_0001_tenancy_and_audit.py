"""tenancy and audit

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 00:09:51.241522
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

from app.migrate import app_role, protect_tenant_table

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    role = app_role()
    op.execute(f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
            CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
          ELSIF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = '{role}') THEN
            ALTER ROLE {role} LOGIN;
          END IF;
        END $$""")
    # The API and workers log in as this role; it is a member of nothing, so no
    # SET ROLE or RESET ROLE can take it out of row-level security.
    # readyz compares the schema's revision with the code's.
    op.execute(f"GRANT SELECT ON alembic_version TO {role}")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
    op.execute("""
        CREATE FUNCTION tprm_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS
        $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$""")

    op.create_table('tenants',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('settings', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('users',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('email = lower(email)', name='users_email_lowercase'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('audit_events',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('actor_kind', sa.String(length=10), nullable=False),
    sa.Column('actor_user_id', sa.Uuid(), nullable=True),
    sa.Column('actor_token_id', sa.Uuid(), nullable=True),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('entity_type', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=True),
    sa.Column('changes', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id')
    )
    op.create_index('audit_events_entity_idx', 'audit_events', ['tenant_id', 'entity_type', 'entity_id'], unique=False)
    op.create_index('audit_events_tenant_time_idx', 'audit_events', ['tenant_id', 'occurred_at', 'id'], unique=False)
    op.create_table('memberships',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("role IN ('ADMIN', 'REVIEWER', 'PROCUREMENT', 'VIEWER')", name='memberships_role_check'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('tenant_id', 'id'),
    sa.UniqueConstraint('tenant_id', 'user_id', name='memberships_tenant_user_key')
    )
    op.create_index(op.f('ix_memberships_user_id'), 'memberships', ['user_id'], unique=False)
    op.create_table('api_tokens',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('membership_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('display_prefix', sa.String(length=16), nullable=False),
    sa.Column('created_by_user_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'membership_id'], ['memberships.tenant_id', 'memberships.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_index('api_tokens_membership_idx', 'api_tokens', ['tenant_id', 'membership_id'], unique=False)

    protect_tenant_table(op, "tenants", "SELECT, INSERT, UPDATE")
    protect_tenant_table(op, "memberships", "SELECT, INSERT, UPDATE, DELETE")
    protect_tenant_table(op, "api_tokens", "SELECT, INSERT, UPDATE, DELETE")
    # Append-only: the app role may add and read audit rows, never change or remove them.
    protect_tenant_table(op, "audit_events", "SELECT, INSERT")

    # Users are global; a tenant sees only its own members. New users come only
    # through tprm_ensure_user, which runs as the owner.
    op.execute("ALTER TABLE users ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE users FORCE ROW LEVEL SECURITY")
    op.execute(f"""
        CREATE POLICY tenant_members ON users FOR SELECT TO {role} USING (
          EXISTS (SELECT 1 FROM memberships m
                  WHERE m.user_id = users.id AND m.tenant_id = tprm_current_tenant()))""")
    op.execute("CREATE POLICY owner_access ON users TO CURRENT_USER USING (true) WITH CHECK (true)")
    op.execute(f"GRANT SELECT ON users TO {role}")

    op.execute("""
        CREATE FUNCTION tprm_ensure_user(p_email text) RETURNS uuid
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
          INSERT INTO users (id, email) VALUES (gen_random_uuid(), lower(p_email))
          ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email
          RETURNING id
        $$""")
    # A token is looked up before any tenant is known, so this runs as the owner;
    # last_used_at is written at most once a minute to keep reads cheap.
    op.execute("""
        CREATE FUNCTION tprm_authenticate(p_token_hash text)
        RETURNS TABLE (tenant_id uuid, user_id uuid, membership_id uuid, role text, token_id uuid)
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
            SELECT t.tenant_id, m.user_id, m.id, m.role::text, t.id
              FROM api_tokens t
              JOIN memberships m ON m.tenant_id = t.tenant_id AND m.id = t.membership_id
             WHERE t.token_hash = p_token_hash
               AND t.revoked_at IS NULL
               AND (t.expires_at IS NULL OR t.expires_at > now());
        END $$""")
    for function in ("tprm_ensure_user(text)", "tprm_authenticate(text)"):
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {role}")


def downgrade() -> None:
    op.execute("DROP POLICY tenant_members ON users")
    op.execute("DROP FUNCTION tprm_authenticate(text)")
    op.execute("DROP FUNCTION tprm_ensure_user(text)")
    op.drop_index('api_tokens_membership_idx', table_name='api_tokens')
    op.drop_table('api_tokens')
    op.drop_index(op.f('ix_memberships_user_id'), table_name='memberships')
    op.drop_table('memberships')
    op.drop_index('audit_events_tenant_time_idx', table_name='audit_events')
    op.drop_index('audit_events_entity_idx', table_name='audit_events')
    op.drop_table('audit_events')
    op.drop_table('users')
    op.drop_table('tenants')
    op.execute("DROP FUNCTION tprm_current_tenant()")
    op.execute(f"REVOKE SELECT ON alembic_version FROM {app_role()}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {app_role()}")
