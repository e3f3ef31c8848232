"""findings and remediation

Findings raised from documents (one per document and rule key) or by people, with
their remediation plans.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 03:25:58.187992
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('findings',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('vendor_id', sa.Uuid(), nullable=False),
    sa.Column('document_id', sa.Uuid(), nullable=True),
    sa.Column('source_key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("kind IN ('MODIFIED_OPINION', 'CONTROL_EXCEPTION', 'STALE_REPORT', 'BRIDGE_LETTER_MISSING', 'TYPE1_ONLY', 'CATEGORY_NOT_COVERED')", name='findings_kind_check'),
    sa.CheckConstraint("severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')", name='findings_severity_check'),
    sa.CheckConstraint("status IN ('OPEN', 'IN_REMEDIATION', 'RESOLVED', 'RISK_ACCEPTED')", name='findings_status_check'),
    sa.ForeignKeyConstraint(['tenant_id', 'document_id'], ['documents.tenant_id', 'documents.id'], name='findings_document_fkey', ondelete='SET NULL (document_id)'),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_id'], ['memberships.tenant_id', 'memberships.id'], name='findings_owner_fkey', ondelete='SET NULL (owner_id)'),
    sa.ForeignKeyConstraint(['tenant_id', 'vendor_id'], ['vendors.tenant_id', 'vendors.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id')
    )
    op.create_index('findings_source_key', 'findings', ['tenant_id', 'source_key'], unique=True)
    op.create_index('findings_tenant_created_idx', 'findings', ['tenant_id', 'created_at', 'id'], unique=False)
    op.create_index('findings_vendor_idx', 'findings', ['tenant_id', 'vendor_id', 'created_at', 'id'], unique=False)
    op.create_table('remediation_actions',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('finding_id', sa.Uuid(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('OPEN', 'IN_PROGRESS', 'DONE')", name='remediation_actions_status_check'),
    sa.ForeignKeyConstraint(['tenant_id', 'finding_id'], ['findings.tenant_id', 'findings.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_id'], ['memberships.tenant_id', 'memberships.id'], name='remediation_actions_owner_fkey', ondelete='SET NULL (owner_id)'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id')
    )
    op.create_index('remediation_actions_finding_idx', 'remediation_actions', ['tenant_id', 'finding_id', 'created_at'], unique=False)
    for table in ("findings", "remediation_actions"):
        protect_tenant_table(op, table, "SELECT, INSERT, UPDATE, DELETE")


def downgrade() -> None:
    op.drop_index('remediation_actions_finding_idx', table_name='remediation_actions')
    op.drop_table('remediation_actions')
    op.drop_index('findings_vendor_idx', table_name='findings')
    op.drop_index('findings_tenant_created_idx', table_name='findings')
    op.drop_index('findings_source_key', table_name='findings')
    op.drop_table('findings')
