"""link signing key

Document links (a URL a browser opens without the bearer token) are signed with a key
every API process must share. Unless TPRM_LINK_SIGNING_KEY is set, the key is this
table's row, made here from the server's strong random source (gen_random_uuid draws on
pg_strong_random): 244 random bits. The app role reads it; only the owner can change it,
and rotating it (UPDATE as the owner) ends every link issued before.

Not a tenant table: no row belongs to a tenant, and no request reads it but to sign.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import app_role

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint("length(secret) >= 16", name="server_secrets_secret_length"),
        sa.PrimaryKeyConstraint("name"),
    )
    op.execute(
        "INSERT INTO server_secrets (name, secret) VALUES ('document_links', "
        "decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'))"
    )
    op.execute(f"GRANT SELECT ON server_secrets TO {app_role()}")


def downgrade() -> None:
    op.drop_table("server_secrets")
