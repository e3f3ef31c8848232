"""outbox and webhooks

`outbox_events`: what happened that someone outside tprm should hear of, appended in the
transaction of the change (append-only for the app role, like the audit trail); a reminder
carries a `once_key`, unique per tenant, so it is appended once however often the sweep
runs. `webhook_endpoints`: the tenant's receivers, each with its signing secret.
`webhook_deliveries`: one event sent to one endpoint, with its attempts and last answer.

`tprm_tenant_ids()` lists the tenants for the reminder sweep, which runs above any one
tenant and then works in each tenant's own transaction.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from app.migrate import app_role, protect_tenant_table

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_TYPES = (
    "'review.due_soon', 'review.overdue', 'review.submitted', 'review.completed', "
    "'finding.due_soon', 'finding.overdue', 'remediation_action.due_soon', "
    "'remediation_action.overdue', 'webhook.test'"
)


def upgrade() -> None:
    op.create_table(
        "outbox_events",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("once_key", sa.String(length=200), nullable=True),
        sa.Column(
            "data", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column(
            "occurred_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(f"type IN ({EVENT_TYPES})", name="outbox_events_type_check"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "once_key", name="outbox_events_once_key"),
    )
    op.create_index(
        "outbox_events_time_idx", "outbox_events", ["tenant_id", "occurred_at", "id"]
    )
    protect_tenant_table(op, "outbox_events", "SELECT, INSERT")

    op.create_table(
        "webhook_endpoints",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column(
            "event_types", postgresql.ARRAY(sa.String(length=40)), server_default="{}", nullable=False
        ),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("secret", sa.String(length=80), nullable=False),
        sa.Column(
            "secret_set_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            f"event_types <@ ARRAY[{EVENT_TYPES}]::varchar[]",
            name="webhook_endpoints_event_types_check",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "created_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="webhook_endpoints_created_by_id_fkey",
            ondelete="SET NULL (created_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "webhook_endpoints_created_idx", "webhook_endpoints", ["tenant_id", "created_at", "id"]
    )
    protect_tenant_table(op, "webhook_endpoints", "SELECT, INSERT, UPDATE, DELETE")

    op.create_table(
        "webhook_deliveries",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("round_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("sending_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_response_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("succeeded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "status IN ('PENDING', 'SUCCEEDED', 'FAILED')", name="webhook_deliveries_status_check"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "endpoint_id"],
            ["webhook_endpoints.tenant_id", "webhook_endpoints.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "event_id"],
            ["outbox_events.tenant_id", "outbox_events.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "endpoint_id", "event_id", name="webhook_deliveries_key"),
    )
    # a tenant's deliveries being posted now (its cap on deliveries in flight)
    op.create_index(
        "webhook_deliveries_sending_idx",
        "webhook_deliveries",
        ["tenant_id", "sending_since"],
        postgresql_where=sa.text("sending_since IS NOT NULL"),
    )
    op.create_index(
        "webhook_deliveries_endpoint_idx",
        "webhook_deliveries",
        ["tenant_id", "endpoint_id", "created_at", "id"],
    )
    protect_tenant_table(op, "webhook_deliveries", "SELECT, INSERT, UPDATE")

    role = app_role()
    op.execute("""
        CREATE FUNCTION tprm_tenant_ids() RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          SELECT id FROM tenants ORDER BY id
        $$""")
    op.execute("REVOKE ALL ON FUNCTION tprm_tenant_ids() FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION tprm_tenant_ids() TO {role}")


def downgrade() -> None:
    op.execute("DROP FUNCTION tprm_tenant_ids()")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_endpoints")
    op.drop_table("outbox_events")
