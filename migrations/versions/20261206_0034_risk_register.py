"""risk register

`risks`: the tenant's risks, rated inherent and residual (likelihood and impact 1 to 5),
treated, owned, reviewed by a date; an accepted one names its approver, why and until
when; one tprm proposed keeps the key of what proposed it. `risk_controls`: the tenant's
own controls that mitigate a risk. `risk_findings`: vendor findings linked to a risk.

The event type checks of the outbox and of webhook endpoints take the risk register's
reminders: a risk's review and its acceptance, due soon and overdue.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table


revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = (
    "'review.due_soon', 'review.overdue', 'review.submitted', 'review.completed', "
    "'finding.due_soon', 'finding.overdue', 'remediation_action.due_soon', "
    "'remediation_action.overdue', 'webhook.test', 'review_condition.due_soon', "
    "'review_condition.overdue', 'questionnaire.sent', 'questionnaire.due_soon', "
    "'questionnaire.overdue', 'questionnaire.returned', 'questionnaire.submitted'"
)
NEW = (
    "'risk_review.due_soon', 'risk_review.overdue', 'risk_acceptance.due_soon', "
    "'risk_acceptance.overdue'"
)


def _event_checks(types: str) -> None:
    op.drop_constraint("outbox_events_type_check", "outbox_events", type_="check")
    op.create_check_constraint("outbox_events_type_check", "outbox_events", f"type IN ({types})")
    op.drop_constraint("webhook_endpoints_event_types_check", "webhook_endpoints", type_="check")
    op.create_check_constraint(
        "webhook_endpoints_event_types_check",
        "webhook_endpoints",
        f"event_types <@ ARRAY[{types}]::varchar[]",
    )


def upgrade() -> None:
    op.create_table(
        "risks",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("vendor_id", sa.Uuid(), nullable=True),
        sa.Column("inherent_likelihood", sa.SmallInteger(), nullable=False),
        sa.Column("inherent_impact", sa.SmallInteger(), nullable=False),
        sa.Column("residual_likelihood", sa.SmallInteger(), nullable=True),
        sa.Column("residual_impact", sa.SmallInteger(), nullable=True),
        sa.Column("treatment", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("accepted_by_id", sa.Uuid(), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acceptance_justification", sa.Text(), nullable=True),
        sa.Column("acceptance_expires_on", sa.Date(), nullable=True),
        sa.Column("proposal_key", sa.String(length=200), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(treatment IS NOT DISTINCT FROM 'ACCEPT') = (accepted_at IS NOT NULL) AND "
            "(accepted_at IS NULL OR "
            "(acceptance_justification IS NOT NULL AND acceptance_expires_on IS NOT NULL))",
            name="risks_acceptance_check",
        ),
        sa.CheckConstraint(
            "category IN ('SECURITY', 'PRIVACY', 'THIRD_PARTY', 'OPERATIONAL', 'COMPLIANCE', 'FINANCIAL', 'STRATEGIC', 'REPUTATIONAL')",
            name="risks_category_check",
        ),
        sa.CheckConstraint("status IN ('DRAFT', 'OPEN', 'CLOSED')", name="risks_status_check"),
        sa.CheckConstraint(
            "treatment IN ('MITIGATE', 'ACCEPT', 'TRANSFER', 'AVOID')", name="risks_treatment_check"
        ),
        sa.CheckConstraint(
            "(residual_likelihood IS NULL) = (residual_impact IS NULL)", name="risks_residual_check"
        ),
        sa.CheckConstraint("inherent_impact BETWEEN 1 AND 5", name="risks_inherent_impact_check"),
        sa.CheckConstraint(
            "inherent_likelihood BETWEEN 1 AND 5", name="risks_inherent_likelihood_check"
        ),
        sa.CheckConstraint(
            "residual_impact IS NULL OR residual_impact BETWEEN 1 AND 5",
            name="risks_residual_impact_check",
        ),
        sa.CheckConstraint(
            "residual_likelihood IS NULL OR residual_likelihood BETWEEN 1 AND 5",
            name="risks_residual_likelihood_check",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "accepted_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="risks_accepted_by_id_fkey",
            ondelete="SET NULL (accepted_by_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "owner_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="risks_owner_id_fkey",
            ondelete="SET NULL (owner_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "vendor_id"],
            ["vendors.tenant_id", "vendors.id"],
            name="risks_vendor_id_fkey",
            ondelete="SET NULL (vendor_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "proposal_key", name="risks_proposal_key"),
    )
    op.create_index(
        "risks_tenant_created_idx", "risks", ["tenant_id", "created_at", "id"], unique=False
    )
    op.create_index("risks_vendor_idx", "risks", ["tenant_id", "vendor_id"], unique=False)
    op.create_table(
        "risk_controls",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("risk_id", sa.Uuid(), nullable=False),
        sa.Column("control_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "control_id"], ["controls.tenant_id", "controls.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "risk_id"], ["risks.tenant_id", "risks.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "risk_id", "control_id"),
    )
    op.create_index(
        "risk_controls_control_idx", "risk_controls", ["tenant_id", "control_id"], unique=False
    )
    op.create_table(
        "risk_findings",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("risk_id", sa.Uuid(), nullable=False),
        sa.Column("finding_id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "finding_id"], ["findings.tenant_id", "findings.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "risk_id"], ["risks.tenant_id", "risks.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "risk_id", "finding_id"),
    )
    op.create_index(
        "risk_findings_finding_idx", "risk_findings", ["tenant_id", "finding_id"], unique=False
    )
    for table in ("risks", "risk_controls", "risk_findings"):
        protect_tenant_table(op, table, "SELECT, INSERT, UPDATE, DELETE")
    _event_checks(f"{BEFORE}, {NEW}")


def downgrade() -> None:
    op.execute(f"DELETE FROM outbox_events WHERE type IN ({NEW})")
    op.execute(
        "UPDATE webhook_endpoints SET event_types = ARRAY(SELECT t FROM unnest(event_types) t "
        f"WHERE t NOT IN ({NEW}))::varchar[]"
    )
    _event_checks(BEFORE)
    op.drop_index("risk_findings_finding_idx", table_name="risk_findings")
    op.drop_table("risk_findings")
    op.drop_index("risk_controls_control_idx", table_name="risk_controls")
    op.drop_table("risk_controls")
    op.drop_index("risks_vendor_idx", table_name="risks")
    op.drop_index("risks_tenant_created_idx", table_name="risks")
    op.drop_table("risks")
