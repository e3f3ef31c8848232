"""questionnaires sent

`questionnaires`: a template version sent to a vendor contact, with its due date, status and
score. `questionnaire_answers`: one row per question answered or pre-answered (by the
vendor, from its SOC report, or carried over from its last answers), with the reviewer's
verdict. `questionnaire_messages`: each question's thread. `respondent_links`: what lets
the vendor answer without an account; the token is never stored, only its SHA-256.

A respondent's token is looked up before any tenant is known: `tprm_respondent` (run as
the owner) finds a live link by the token's hash, counts the request against the link's
per-minute limit, and names the tenant and questionnaire. The key that makes tokens from
link ids is a new row of `server_secrets` (244 random bits), unless
TPRM_RESPONDENT_LINK_KEY is set.

The event type checks of the outbox and of webhook endpoints take the questionnaire's
events: sent, due soon, overdue, returned (each carries the respondent link) and submitted;
findings take the kind QUESTIONNAIRE_ANSWER.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from app.migrate import app_role, protect_tenant_table

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = (
    "'review.due_soon', 'review.overdue', 'review.submitted', 'review.completed', "
    "'finding.due_soon', 'finding.overdue', 'remediation_action.due_soon', "
    "'remediation_action.overdue', 'webhook.test', 'review_condition.due_soon', "
    "'review_condition.overdue'"
)
NEW = (
    "'questionnaire.sent', 'questionnaire.due_soon', 'questionnaire.overdue', "
    "'questionnaire.returned', 'questionnaire.submitted'"
)

KINDS_BEFORE = (
    "'MODIFIED_OPINION', 'CONTROL_EXCEPTION', 'STALE_REPORT', 'BRIDGE_LETTER_MISSING', "
    "'TYPE1_ONLY', 'CATEGORY_NOT_COVERED', 'RAISED_BY_HAND'"
)


def _kind_check(kinds: str) -> None:
    op.drop_constraint("findings_kind_check", "findings", type_="check")
    op.create_check_constraint("findings_kind_check", "findings", f"kind IN ({kinds})")


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
        "questionnaires",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("template_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=320), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column(
            "section_scores",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="[]",
            nullable=False,
        ),
        sa.Column("return_note", sa.Text(), nullable=True),
        sa.Column("sent_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "sent_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by_id", sa.Uuid(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('SENT', 'IN_PROGRESS', 'SUBMITTED', 'RETURNED', 'COMPLETED', 'CANCELLED')",
            name="questionnaires_status_check",
        ),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name="questionnaires_score_check"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "completed_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="questionnaires_completed_by_id_fkey",
            ondelete="SET NULL (completed_by_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "contact_id"],
            ["vendor_contacts.tenant_id", "vendor_contacts.id"],
            name="questionnaires_contact_id_fkey",
            ondelete="SET NULL (contact_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "report_id"],
            ["soc_reports.tenant_id", "soc_reports.id"],
            name="questionnaires_report_id_fkey",
            ondelete="SET NULL (report_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "sent_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="questionnaires_sent_by_id_fkey",
            ondelete="SET NULL (sent_by_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "template_id"],
            ["questionnaire_templates.tenant_id", "questionnaire_templates.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "questionnaires_sent_idx", "questionnaires", ["tenant_id", "sent_at", "id"], unique=False
    )
    op.create_index(
        "questionnaires_template_idx", "questionnaires", ["tenant_id", "template_id"], unique=False
    )
    op.create_index(
        "questionnaires_vendor_idx",
        "questionnaires",
        ["tenant_id", "vendor_id", "sent_at", "id"],
        unique=False,
    )
    op.create_table(
        "questionnaire_answers",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("questionnaire_id", sa.Uuid(), nullable=False),
        sa.Column("question_key", sa.String(length=60), nullable=False),
        sa.Column("value", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("gap_decision", sa.String(length=10), nullable=True),
        sa.Column("gap_note", sa.Text(), nullable=True),
        sa.Column("gap_page", sa.Integer(), nullable=True),
        sa.Column("gap_quote", sa.Text(), nullable=True),
        sa.Column("send_anyway", sa.Boolean(), nullable=False),
        sa.Column("review_status", sa.String(length=20), nullable=False),
        sa.Column("reviewed_by_id", sa.Uuid(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "gap_decision IN ('SEND', 'COVERED', 'FLAGGED')",
            name="questionnaire_answers_gap_decision_check",
        ),
        sa.CheckConstraint(
            "review_status IN ('PENDING', 'ACCEPTED', 'NEEDS_INFO', 'NOT_APPLICABLE')",
            name="questionnaire_answers_review_status_check",
        ),
        sa.CheckConstraint(
            "source IN ('VENDOR', 'REPORT', 'CARRIED_OVER')",
            name="questionnaire_answers_source_check",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "document_id"],
            ["documents.tenant_id", "documents.id"],
            name="questionnaire_answers_document_id_fkey",
            ondelete="SET NULL (document_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "questionnaire_id"],
            ["questionnaires.tenant_id", "questionnaires.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "reviewed_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="questionnaire_answers_reviewed_by_id_fkey",
            ondelete="SET NULL (reviewed_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint(
            "tenant_id", "questionnaire_id", "question_key", name="questionnaire_answers_key"
        ),
    )
    op.create_table(
        "questionnaire_messages",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("questionnaire_id", sa.Uuid(), nullable=False),
        sa.Column("question_key", sa.String(length=60), nullable=False),
        sa.Column("author", sa.String(length=10), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "author IN ('VENDOR', 'REVIEWER')", name="questionnaire_messages_author_check"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "member_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="questionnaire_messages_member_id_fkey",
            ondelete="SET NULL (member_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "questionnaire_id"],
            ["questionnaires.tenant_id", "questionnaires.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "questionnaire_messages_thread_idx",
        "questionnaire_messages",
        ["tenant_id", "questionnaire_id", "question_key", "created_at"],
        unique=False,
    )
    op.create_table(
        "respondent_links",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("questionnaire_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("window_requests", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "questionnaire_id"],
            ["questionnaires.tenant_id", "questionnaires.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "respondent_links_questionnaire_idx",
        "respondent_links",
        ["tenant_id", "questionnaire_id", "created_at"],
        unique=False,
    )
    op.create_index("respondent_links_token_idx", "respondent_links", ["token_hash"], unique=True)

    protect_tenant_table(op, "questionnaires", "SELECT, INSERT, UPDATE")
    protect_tenant_table(op, "questionnaire_answers", "SELECT, INSERT, UPDATE, DELETE")
    protect_tenant_table(op, "questionnaire_messages", "SELECT, INSERT")
    protect_tenant_table(op, "respondent_links", "SELECT, INSERT, UPDATE")
    op.execute(
        "INSERT INTO server_secrets (name, secret) VALUES ('respondent_links', "
        "decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'))"
    )
    # One statement: the link is found, checked live and counted at once, in a fixed window
    # of a minute from the window's first request (so at most twice the limit can pass
    # across a window's edge).
    op.execute("""
        CREATE FUNCTION tprm_respondent(p_token_hash text, p_per_minute integer)
        RETURNS TABLE (tenant_id uuid, questionnaire_id uuid, link_id uuid, allowed boolean)
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
          UPDATE respondent_links l
             SET window_started_at = CASE
                   WHEN l.window_started_at IS NULL
                     OR l.window_started_at <= now() - interval '1 minute' THEN now()
                   ELSE l.window_started_at END,
                 window_requests = CASE
                   WHEN l.window_started_at IS NULL
                     OR l.window_started_at <= now() - interval '1 minute' THEN 1
                   ELSE l.window_requests + 1 END,
                 last_used_at = now()
           WHERE l.token_hash = p_token_hash
             AND l.revoked_at IS NULL
             AND l.expires_at > now()
          RETURNING l.tenant_id, l.questionnaire_id, l.id, l.window_requests <= p_per_minute
        $$""")
    _event_checks(f"{BEFORE}, {NEW}")
    # a questionnaire's delivery status: the last event about it, and that event's deliveries
    op.create_index(
        "outbox_events_subject_idx",
        "outbox_events",
        ["tenant_id", "subject_type", "subject_id", "occurred_at"],
    )
    op.create_index("webhook_deliveries_event_idx", "webhook_deliveries", ["tenant_id", "event_id"])
    _kind_check(f"{KINDS_BEFORE}, 'QUESTIONNAIRE_ANSWER'")
    op.execute("REVOKE ALL ON FUNCTION tprm_respondent(text, integer) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION tprm_respondent(text, integer) TO {app_role()}")


def downgrade() -> None:
    op.drop_index("webhook_deliveries_event_idx", table_name="webhook_deliveries")
    op.drop_index("outbox_events_subject_idx", table_name="outbox_events")
    op.execute(f"DELETE FROM outbox_events WHERE type IN ({NEW})")
    op.execute(
        "UPDATE webhook_endpoints SET event_types = ARRAY(SELECT t FROM unnest(event_types) t "
        f"WHERE t NOT IN ({NEW}))::varchar[]"
    )
    _event_checks(BEFORE)
    op.execute("DELETE FROM findings WHERE kind = 'QUESTIONNAIRE_ANSWER'")
    _kind_check(KINDS_BEFORE)
    op.execute("DROP FUNCTION tprm_respondent(text, integer)")
    op.execute("DELETE FROM server_secrets WHERE name = 'respondent_links'")
    op.drop_index("respondent_links_token_idx", table_name="respondent_links")
    op.drop_index("respondent_links_questionnaire_idx", table_name="respondent_links")
    op.drop_table("respondent_links")
    op.drop_index("questionnaire_messages_thread_idx", table_name="questionnaire_messages")
    op.drop_table("questionnaire_messages")
    op.drop_table("questionnaire_answers")
    op.drop_index("questionnaires_vendor_idx", table_name="questionnaires")
    op.drop_index("questionnaires_template_idx", table_name="questionnaires")
    op.drop_index("questionnaires_sent_idx", table_name="questionnaires")
    op.drop_table("questionnaires")
