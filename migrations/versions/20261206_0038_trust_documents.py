"""trust documents

`trust_documents`: the tenant's own documents it shares with its customers (its SOC 2
report, policies, certificates, pen-test summaries), their bytes in the object store by
tenant and SHA-256 as control evidence's are (domain.diligence.trust_documents); the same
bytes once per tenant. `answer_entry_documents`: the trust documents that back an answer of
the library, gone with either; indexed by document for the cascade and to tell which
answers a removed document backed.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table

revision: str = "0038"
down_revision: str | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trust_documents",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Uuid(), nullable=True),
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
            "kind IN ('SOC_REPORT', 'POLICY', 'CERTIFICATE', 'PENTEST_SUMMARY', 'OTHER')",
            name="trust_documents_kind_check",
        ),
        sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="trust_documents_sha256_check"),
        sa.CheckConstraint("size_bytes > 0", name="trust_documents_size_check"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "uploaded_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="trust_documents_uploaded_by_id_fkey",
            ondelete="SET NULL (uploaded_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "sha256", name="trust_documents_sha256_key"),
    )
    protect_tenant_table(op, "trust_documents", "SELECT, INSERT, UPDATE, DELETE")

    op.create_table(
        "answer_entry_documents",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "document_id"],
            ["trust_documents.tenant_id", "trust_documents.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "entry_id"],
            ["answer_library_entries.tenant_id", "answer_library_entries.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "entry_id", "document_id"),
    )
    op.create_index(
        "answer_entry_documents_document_idx",
        "answer_entry_documents",
        ["tenant_id", "document_id"],
        unique=False,
    )
    protect_tenant_table(op, "answer_entry_documents", "SELECT, INSERT, DELETE")


def downgrade() -> None:
    op.drop_index("answer_entry_documents_document_idx", table_name="answer_entry_documents")
    op.drop_table("answer_entry_documents")
    op.drop_table("trust_documents")
