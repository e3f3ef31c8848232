"""vendor reviews

Periodic vendor reviews (`vendor_reviews`) and a vendor's own review cadence
(`review_cadences`). A completed review is locked: a trigger refuses the app role any
change to it (the owner's maintenance aside), as the audit trail is append-only.

Every ACTIVE vendor gets its first scheduled review here, due its tier's months (the
tenant's settings, else the defaults: CRITICAL 12, HIGH 12, MEDIUM 24, LOW 36) after it
became ACTIVE; the schedule takes its reports into account from its next change on.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import app_role, protect_tenant_table

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIERS = "('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')"


def _member_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        ["memberships.tenant_id", "memberships.id"],
        name=f"{table}_{column}_fkey",
        ondelete=f"SET NULL ({column})",
    )


def upgrade() -> None:
    op.create_table(
        "vendor_reviews",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("replaces_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("due_reason", sa.Text(), nullable=False),
        sa.Column("preparer_id", sa.Uuid(), nullable=True),
        sa.Column("approver_id", sa.Uuid(), nullable=True),
        sa.Column("decision", sa.String(length=30), nullable=True),
        sa.Column("residual_risk", sa.String(length=10), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "status IN ('SCHEDULED', 'IN_PROGRESS', 'PENDING_APPROVAL', 'COMPLETED', 'CANCELLED')",
            name="vendor_reviews_status_check",
        ),
        sa.CheckConstraint(
            "decision IN ('APPROVED', 'APPROVED_WITH_CONDITIONS', 'REJECTED')",
            name="vendor_reviews_decision_check",
        ),
        sa.CheckConstraint(f"residual_risk IN {_TIERS}", name="vendor_reviews_residual_risk_check"),
        sa.CheckConstraint("version >= 1", name="vendor_reviews_version_check"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "replaces_id"],
            ["vendor_reviews.tenant_id", "vendor_reviews.id"],
            name="vendor_reviews_replaces_fkey",
        ),
        _member_fk("vendor_reviews", "preparer_id"),
        _member_fk("vendor_reviews", "approver_id"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "vendor_reviews_one_scheduled",
        "vendor_reviews",
        ["tenant_id", "vendor_id"],
        unique=True,
        postgresql_where=sa.text("status = 'SCHEDULED'"),
    )
    op.create_index(
        "vendor_reviews_vendor_idx", "vendor_reviews", ["tenant_id", "vendor_id", "created_at"]
    )
    op.create_index("vendor_reviews_due_idx", "vendor_reviews", ["tenant_id", "due_date", "id"])
    op.create_table(
        "review_cadences",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint("months BETWEEN 1 AND 60", name="review_cadences_months_check"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        _member_fk("review_cadences", "set_by_id"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "vendor_id", name="review_cadences_vendor_key"),
    )
    protect_tenant_table(op, "vendor_reviews", "SELECT, INSERT, UPDATE")
    protect_tenant_table(op, "review_cadences", "SELECT, INSERT, UPDATE, DELETE")
    # A completed review is what was decided: the app role may not change or remove it.
    op.execute(
        f"""
        CREATE FUNCTION tprm_completed_review_is_locked() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.status = 'COMPLETED' AND current_user = '{app_role()}' THEN
            RAISE EXCEPTION 'a completed review is locked: amend it with a new version'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER vendor_reviews_locked BEFORE UPDATE OR DELETE ON vendor_reviews "
        "FOR EACH ROW EXECUTE FUNCTION tprm_completed_review_is_locked()"
    )
    op.execute(
        """
        INSERT INTO vendor_reviews (tenant_id, id, vendor_id, status, due_date, due_reason)
        SELECT v.tenant_id, gen_random_uuid(), v.id, 'SCHEDULED',
               (since.day + make_interval(months => months.n))::date,
               'Due every ' || months.n || ' months for a ' || v.tier || ' vendor, counted from '
               || since.day::date || '.'
        FROM vendors v
        JOIN tenants t ON t.id = v.tenant_id
        CROSS JOIN LATERAL (
          SELECT coalesce(max(c.changed_at), v.created_at) AS day
          FROM vendor_status_changes c
          WHERE c.tenant_id = v.tenant_id AND c.vendor_id = v.id AND c.to_status = 'ACTIVE'
        ) since
        CROSS JOIN LATERAL (
          SELECT coalesce(
            (t.settings ->> ('review_months_' || lower(v.tier)))::int,
            CASE v.tier WHEN 'MEDIUM' THEN 24 WHEN 'LOW' THEN 36 ELSE 12 END
          ) AS n
        ) months
        WHERE v.status = 'ACTIVE'
        """
    )


def downgrade() -> None:
    op.drop_table("review_cadences")
    op.execute("DROP TRIGGER vendor_reviews_locked ON vendor_reviews")
    op.execute("DROP FUNCTION tprm_completed_review_is_locked()")
    op.drop_index("vendor_reviews_due_idx", table_name="vendor_reviews")
    op.drop_index("vendor_reviews_vendor_idx", table_name="vendor_reviews")
    op.drop_index("vendor_reviews_one_scheduled", table_name="vendor_reviews")
    op.drop_table("vendor_reviews")
