"""tier reasons as objects

A vendor's tier reasons were sentences with their points in them ("Handles personal data
(+25)"); front ends had to parse them. Each reason is now an object: the factor of the
data-access profile it is about, its points, and the sentence without the points. The
sentences of this day are read into objects here (the factor from the sentence's
opening words, as tiering.assess wrote them).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FACTOR = """
    CASE
      WHEN r LIKE 'Handles %' OR r LIKE 'Also handles %' THEN 'DATA_CATEGORIES'
      WHEN r LIKE '% access to our systems%' THEN 'ACCESS_LEVEL'
      WHEN r LIKE 'Connects to production%' THEN 'PRODUCTION_ACCESS'
      WHEN r LIKE '% business criticality%' THEN 'BUSINESS_CRITICALITY'
      ELSE 'HOSTING_REGIONS'
    END
"""


def upgrade() -> None:
    op.execute(
        f"""
        UPDATE vendors SET tier_reasons = coalesce((
          SELECT jsonb_agg(jsonb_build_object(
                   'factor', {_FACTOR},
                   'points', coalesce(substring(r FROM '\\(\\+(\\d+)\\)$')::int, 0),
                   'reason', regexp_replace(r, ' \\(\\+\\d+\\)$', ''))
                 ORDER BY n)
          FROM jsonb_array_elements_text(tier_reasons) WITH ORDINALITY AS e(r, n)
        ), '[]'::jsonb)
        WHERE jsonb_typeof(tier_reasons -> 0) = 'string'
        """
    )


def downgrade() -> None:
    op.execute(
        """
        UPDATE vendors SET tier_reasons = coalesce((
          SELECT jsonb_agg(to_jsonb((e ->> 'reason') || ' (+' || (e ->> 'points') || ')')
                 ORDER BY n)
          FROM jsonb_array_elements(tier_reasons) WITH ORDINALITY AS x(e, n)
        ), '[]'::jsonb)
        WHERE jsonb_typeof(tier_reasons -> 0) = 'object'
        """
    )
