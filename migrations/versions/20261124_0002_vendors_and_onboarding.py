"""vendors and onboarding

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 00:32:38.269604
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

from app.migrate import protect_tenant_table

TABLES = (
    "vendors",
    "vendor_status_changes",
    "vendor_contacts",
    "vendor_fourth_parties",
    "onboarding_requests",
    "onboarding_requirements",
)

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('vendors',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('legal_name', sa.String(length=300), nullable=True),
    sa.Column('domain', sa.String(length=253), nullable=False),
    sa.Column('website', sa.String(length=2048), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('services_provided', sa.Text(), nullable=True),
    sa.Column('business_owner_id', sa.Uuid(), nullable=True),
    sa.Column('department', sa.String(length=120), nullable=True),
    sa.Column('contract_start', sa.Date(), nullable=True),
    sa.Column('contract_end', sa.Date(), nullable=True),
    sa.Column('annual_spend', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('tags', sa.ARRAY(sa.String(length=50)), server_default='{}', nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('data_access', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('computed_tier', sa.String(length=10), nullable=False),
    sa.Column('tier_reasons', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('tier_score', sa.Integer(), nullable=False),
    sa.Column('tier_override', sa.String(length=10), nullable=True),
    sa.Column('tier_override_justification', sa.Text(), nullable=True),
    sa.Column('tier_override_by', sa.Uuid(), nullable=True),
    sa.Column('tier_override_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tier', sa.String(length=10), nullable=False),
    sa.Column('tier_rank', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('search_vector', postgresql.TSVECTOR(), sa.Computed("setweight(to_tsvector('simple'::regconfig, coalesce(name, '')), 'A') || setweight(to_tsvector('simple'::regconfig, coalesce(domain, '') || ' ' || replace(coalesce(domain, ''), '.', ' ')), 'A') || setweight(to_tsvector('simple'::regconfig, coalesce(legal_name, '')), 'B')", persisted=True), nullable=True),
    sa.CheckConstraint("category IN ('ANALYTICS', 'CLOUD_INFRASTRUCTURE', 'COLLABORATION', 'COMMUNICATION', 'CRM', 'CUSTOMER_SUPPORT', 'DATA_STORAGE', 'DEVELOPER_TOOLS', 'FINANCE', 'HR', 'IDENTITY', 'LEGAL', 'MARKETING', 'MONITORING', 'NETWORKING', 'OFFICE_PRODUCTIVITY', 'PAYMENTS', 'PROFESSIONAL_SERVICES', 'SECURITY', 'OTHER')", name='vendors_category_check'),
    sa.CheckConstraint("computed_tier IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')", name='vendors_computed_tier_check'),
    sa.CheckConstraint("status IN ('PROSPECT', 'ONBOARDING', 'ACTIVE', 'OFFBOARDING', 'TERMINATED', 'REJECTED')", name='vendors_status_check'),
    sa.CheckConstraint("tier IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')", name='vendors_tier_check'),
    sa.CheckConstraint('annual_spend IS NULL OR annual_spend >= 0', name='vendors_spend_check'),
    sa.CheckConstraint('contract_end IS NULL OR contract_start IS NULL OR contract_end >= contract_start', name='vendors_contract_dates_check'),
    sa.ForeignKeyConstraint(['tenant_id', 'business_owner_id'], ['memberships.tenant_id', 'memberships.id'], name='vendors_business_owner_fkey', ondelete='SET NULL (business_owner_id)'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id'),
    sa.UniqueConstraint('tenant_id', 'domain', name='vendors_tenant_domain_key')
    )
    op.create_index('vendors_search_idx', 'vendors', ['search_vector'], unique=False, postgresql_using='gin')
    op.create_index('vendors_tags_idx', 'vendors', ['tags'], unique=False, postgresql_using='gin')
    op.create_index('vendors_tenant_created_idx', 'vendors', ['tenant_id', 'created_at', 'id'], unique=False)
    op.create_index('vendors_tenant_name_idx', 'vendors', ['tenant_id', 'name', 'id'], unique=False)
    op.create_index('vendors_tenant_owner_idx', 'vendors', ['tenant_id', 'business_owner_id'], unique=False)
    op.create_index('vendors_tenant_status_idx', 'vendors', ['tenant_id', 'status', 'tier'], unique=False)
    op.create_index('vendors_tenant_tier_idx', 'vendors', ['tenant_id', 'tier_rank', 'name', 'id'], unique=False)
    op.create_index('vendors_tenant_updated_idx', 'vendors', ['tenant_id', 'updated_at', 'id'], unique=False)
    op.create_table('onboarding_requests',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('vendor_id', sa.Uuid(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('needed_by', sa.Date(), nullable=True),
    sa.Column('data_access', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('tier_at_request', sa.String(length=10), nullable=False),
    sa.Column('requested_by', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_by', sa.Uuid(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('PENDING', 'APPROVED', 'REJECTED')", name='onboarding_requests_status_check'),
    sa.ForeignKeyConstraint(['tenant_id', 'vendor_id'], ['vendors.tenant_id', 'vendors.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id')
    )
    op.create_index('onboarding_requests_one_pending_idx', 'onboarding_requests', ['tenant_id', 'vendor_id'], unique=True, postgresql_where="status = 'PENDING'")
    op.create_index('onboarding_requests_vendor_idx', 'onboarding_requests', ['tenant_id', 'vendor_id', 'created_at'], unique=False)
    op.create_table('vendor_contacts',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('vendor_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("role IN ('PRIMARY', 'SECURITY', 'SALES', 'LEGAL')", name='vendor_contacts_role_check'),
    sa.ForeignKeyConstraint(['tenant_id', 'vendor_id'], ['vendors.tenant_id', 'vendors.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id')
    )
    op.create_index('vendor_contacts_vendor_idx', 'vendor_contacts', ['tenant_id', 'vendor_id'], unique=False)
    op.create_table('vendor_fourth_parties',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('vendor_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('service', sa.Text(), nullable=True),
    sa.Column('linked_vendor_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'linked_vendor_id'], ['vendors.tenant_id', 'vendors.id'], name='vendor_fourth_parties_linked_vendor_fkey', ondelete='SET NULL (linked_vendor_id)'),
    sa.ForeignKeyConstraint(['tenant_id', 'vendor_id'], ['vendors.tenant_id', 'vendors.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id')
    )
    op.create_index('vendor_fourth_parties_vendor_idx', 'vendor_fourth_parties', ['tenant_id', 'vendor_id'], unique=False)
    op.create_table('vendor_status_changes',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('vendor_id', sa.Uuid(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('changed_by', sa.Uuid(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'vendor_id'], ['vendors.tenant_id', 'vendors.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id')
    )
    op.create_index('vendor_status_changes_vendor_idx', 'vendor_status_changes', ['tenant_id', 'vendor_id', 'changed_at'], unique=False)
    op.create_table('onboarding_requirements',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('resolved_by', sa.Uuid(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('SECURITY_REVIEW', 'SOC2_REPORT_OR_QUESTIONNAIRE')", name='onboarding_requirements_kind_check'),
    sa.CheckConstraint("status IN ('PENDING', 'SATISFIED', 'WAIVED')", name='onboarding_requirements_status_check'),
    sa.ForeignKeyConstraint(['tenant_id', 'request_id'], ['onboarding_requests.tenant_id', 'onboarding_requests.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id'),
    sa.UniqueConstraint('tenant_id', 'request_id', 'kind', name='onboarding_requirements_kind_key')
    )

    for table in TABLES:
        protect_tenant_table(op, table, "SELECT, INSERT, UPDATE, DELETE")


def downgrade() -> None:
    op.drop_table('onboarding_requirements')
    op.drop_index('vendor_status_changes_vendor_idx', table_name='vendor_status_changes')
    op.drop_table('vendor_status_changes')
    op.drop_index('vendor_fourth_parties_vendor_idx', table_name='vendor_fourth_parties')
    op.drop_table('vendor_fourth_parties')
    op.drop_index('vendor_contacts_vendor_idx', table_name='vendor_contacts')
    op.drop_table('vendor_contacts')
    op.drop_index('onboarding_requests_vendor_idx', table_name='onboarding_requests')
    op.drop_index('onboarding_requests_one_pending_idx', table_name='onboarding_requests', postgresql_where="status = 'PENDING'")
    op.drop_table('onboarding_requests')
    op.drop_index('vendors_tenant_updated_idx', table_name='vendors')
    op.drop_index('vendors_tenant_tier_idx', table_name='vendors')
    op.drop_index('vendors_tenant_status_idx', table_name='vendors')
    op.drop_index('vendors_tenant_owner_idx', table_name='vendors')
    op.drop_index('vendors_tenant_name_idx', table_name='vendors')
    op.drop_index('vendors_tenant_created_idx', table_name='vendors')
    op.drop_index('vendors_tags_idx', table_name='vendors', postgresql_using='gin')
    op.drop_index('vendors_search_idx', table_name='vendors', postgresql_using='gin')
    op.drop_table('vendors')
