"""answer library question words

`answer_library_entries.question_vector`: the words of an entry's question alone (English
stemming), indexed, for finding the entries a customer's question may match: a small vector
to rank whatever the length of the answer.

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0041'
down_revision: str | None = '0040'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('answer_library_entries', sa.Column('question_vector', postgresql.TSVECTOR(), sa.Computed("to_tsvector('english'::regconfig, coalesce(question, ''))", persisted=True), nullable=True))
    op.create_index('answer_library_question_idx', 'answer_library_entries', ['question_vector'], unique=False, postgresql_using='gin')


def downgrade() -> None:
    op.drop_index('answer_library_question_idx', table_name='answer_library_entries', postgresql_using='gin')
    op.drop_column('answer_library_entries', 'question_vector')
