"""documents and soc reports, and the job queue

Documents keep metadata (bytes live in the object store by SHA-256); soc_* tables
hold what the SOC parser read, with reviewers' corrections beside it. The job queue
is pgqueuer's own schema, rendered by the pinned library: it holds job ids and
tenant ids only, and is not a tenant table (workers read every tenant's jobs).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 02:39:32.124509
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgqueuer.adapters.persistence.schema_ddl import render_install, render_uninstall
from pgqueuer.domain.settings import DBSettings
from sqlalchemy.dialects import postgresql

from app.migrate import app_role, execute_script, protect_tenant_table

TABLES = (
    "documents",
    "soc_reports",
    "soc_report_corrections",
    "soc_exceptions",
    "soc_cuecs",
    "soc_subservice_organizations",
    "soc_csocs",
)
QUEUE_TABLES = ("pgqueuer", "pgqueuer_log", "pgqueuer_schedules", "pgqueuer_statistics")

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('vendor_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('parse_status', sa.String(length=10), nullable=True),
    sa.Column('parse_error', sa.Text(), nullable=True),
    sa.Column('parse_attempts', sa.Integer(), nullable=False),
    sa.Column('parsed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('uploaded_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("kind IN ('SOC2_REPORT', 'SOC1_REPORT', 'SOC3_REPORT', 'BRIDGE_LETTER', 'QUESTIONNAIRE_EVIDENCE', 'CONTRACT', 'INSURANCE', 'PENTEST', 'OTHER')", name='documents_kind_check'),
    sa.CheckConstraint("parse_status IS NULL OR parse_status IN ('QUEUED', 'PARSING', 'PARSED', 'FAILED')", name='documents_parse_status_check'),
    sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name='documents_sha256_check'),
    sa.CheckConstraint('period_end IS NULL OR period_start IS NULL OR period_end >= period_start', name='documents_period_check'),
    sa.CheckConstraint('size_bytes >= 0', name='documents_size_check'),
    sa.ForeignKeyConstraint(['tenant_id', 'vendor_id'], ['vendors.tenant_id', 'vendors.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id'),
    sa.UniqueConstraint('tenant_id', 'vendor_id', 'sha256', name='documents_vendor_sha256_key')
    )
    op.create_index('documents_tenant_created_idx', 'documents', ['tenant_id', 'created_at', 'id'], unique=False)
    op.create_index('documents_vendor_idx', 'documents', ['tenant_id', 'vendor_id', 'created_at', 'id'], unique=False)
    op.create_table('soc_reports',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('document_id', sa.Uuid(), nullable=False),
    sa.Column('vendor_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('report_type', sa.String(length=10), nullable=True),
    sa.Column('service_organization', sa.Text(), nullable=True),
    sa.Column('service_auditor', sa.Text(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('report_date', sa.Date(), nullable=True),
    sa.Column('opinion', sa.String(length=20), nullable=True),
    sa.Column('opinion_basis', sa.Text(), nullable=True),
    sa.Column('categories', postgresql.ARRAY(sa.String(length=30)), server_default='{}', nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('warnings', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('previous_report_id', sa.Uuid(), nullable=True),
    sa.Column('comparison', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('confirmed_by', sa.Uuid(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('parsed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'document_id'], ['documents.tenant_id', 'documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'vendor_id'], ['vendors.tenant_id', 'vendors.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id'),
    sa.UniqueConstraint('tenant_id', 'document_id', name='soc_reports_document_key')
    )
    op.create_index('soc_reports_vendor_idx', 'soc_reports', ['tenant_id', 'vendor_id', 'period_end'], unique=False)
    op.create_table('soc_csocs',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('report_id', sa.Uuid(), nullable=False),
    sa.Column('item_key', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('parsed', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('corrected_by', sa.Uuid(), nullable=True),
    sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dismissed_by', sa.Uuid(), nullable=True),
    sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dismiss_reason', sa.Text(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('subservice_organization', sa.Text(), nullable=True),
    sa.Column('criteria', postgresql.ARRAY(sa.String(length=20)), nullable=False),
    sa.CheckConstraint("origin IN ('PARSER', 'REVIEWER')", name='soc_csocs_origin_check'),
    sa.ForeignKeyConstraint(['tenant_id', 'report_id'], ['soc_reports.tenant_id', 'soc_reports.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id'),
    sa.UniqueConstraint('tenant_id', 'report_id', 'item_key', name='soc_csocs_item_key')
    )
    op.create_table('soc_cuecs',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('report_id', sa.Uuid(), nullable=False),
    sa.Column('item_key', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('parsed', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('corrected_by', sa.Uuid(), nullable=True),
    sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dismissed_by', sa.Uuid(), nullable=True),
    sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dismiss_reason', sa.Text(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('criteria', postgresql.ARRAY(sa.String(length=20)), nullable=False),
    sa.CheckConstraint("origin IN ('PARSER', 'REVIEWER')", name='soc_cuecs_origin_check'),
    sa.ForeignKeyConstraint(['tenant_id', 'report_id'], ['soc_reports.tenant_id', 'soc_reports.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id'),
    sa.UniqueConstraint('tenant_id', 'report_id', 'item_key', name='soc_cuecs_item_key')
    )
    op.create_table('soc_exceptions',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('report_id', sa.Uuid(), nullable=False),
    sa.Column('item_key', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('parsed', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('corrected_by', sa.Uuid(), nullable=True),
    sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dismissed_by', sa.Uuid(), nullable=True),
    sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dismiss_reason', sa.Text(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('control_id', sa.String(length=60), nullable=True),
    sa.Column('criteria', postgresql.ARRAY(sa.String(length=20)), nullable=False),
    sa.Column('control', sa.Text(), nullable=True),
    sa.Column('test', sa.Text(), nullable=True),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('management_response', sa.Text(), nullable=True),
    sa.Column('recurrence', sa.String(length=10), nullable=True),
    sa.CheckConstraint("origin IN ('PARSER', 'REVIEWER')", name='soc_exceptions_origin_check'),
    sa.ForeignKeyConstraint(['tenant_id', 'report_id'], ['soc_reports.tenant_id', 'soc_reports.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id'),
    sa.UniqueConstraint('tenant_id', 'report_id', 'item_key', name='soc_exceptions_item_key')
    )
    op.create_table('soc_report_corrections',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('report_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('value', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('corrected_by', sa.Uuid(), nullable=True),
    sa.Column('corrected_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'report_id'], ['soc_reports.tenant_id', 'soc_reports.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id'),
    sa.UniqueConstraint('tenant_id', 'report_id', 'field', name='soc_report_corrections_key')
    )
    op.create_table('soc_subservice_organizations',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('report_id', sa.Uuid(), nullable=False),
    sa.Column('item_key', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('parsed', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('corrected_by', sa.Uuid(), nullable=True),
    sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dismissed_by', sa.Uuid(), nullable=True),
    sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dismiss_reason', sa.Text(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('services', sa.Text(), nullable=True),
    sa.Column('method', sa.String(length=20), nullable=True),
    sa.CheckConstraint("origin IN ('PARSER', 'REVIEWER')", name='soc_subservice_organizations_origin_check'),
    sa.ForeignKeyConstraint(['tenant_id', 'report_id'], ['soc_reports.tenant_id', 'soc_reports.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id'),
    sa.UniqueConstraint('tenant_id', 'report_id', 'item_key', name='soc_subservice_organizations_item_key')
    )
    for table in TABLES:
        protect_tenant_table(op, table, "SELECT, INSERT, UPDATE, DELETE")

    execute_script(op, render_install(DBSettings(), create_schema=False))
    role = app_role()
    for table in QUEUE_TABLES:
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {role}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")


def downgrade() -> None:
    execute_script(op, render_uninstall(DBSettings()))
    op.drop_table('soc_subservice_organizations')
    op.drop_table('soc_report_corrections')
    op.drop_table('soc_exceptions')
    op.drop_table('soc_cuecs')
    op.drop_table('soc_csocs')
    op.drop_index('soc_reports_vendor_idx', table_name='soc_reports')
    op.drop_table('soc_reports')
    op.drop_index('documents_vendor_idx', table_name='documents')
    op.drop_index('documents_tenant_created_idx', table_name='documents')
    op.drop_table('documents')
