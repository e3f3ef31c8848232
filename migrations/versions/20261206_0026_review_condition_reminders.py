"""review condition reminders

The conditions of an approval with conditions are tracked actions with an owner and a due
date: they are reminded like remediation actions (`review_condition.due_soon`,
`review_condition.overdue`). The event type checks of the outbox and of webhook endpoints
take the two new types.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = (
    "'review.due_soon', 'review.overdue', 'review.submitted', 'review.completed', "
    "'finding.due_soon', 'finding.overdue', 'remediation_action.due_soon', "
    "'remediation_action.overdue', 'webhook.test'"
)
AFTER = BEFORE + ", 'review_condition.due_soon', 'review_condition.overdue'"


def _checks(types: str) -> None:
    op.drop_constraint("outbox_events_type_check", "outbox_events", type_="check")
    op.create_check_constraint("outbox_events_type_check", "outbox_events", f"type IN ({types})")
    op.drop_constraint("webhook_endpoints_event_types_check", "webhook_endpoints", type_="check")
    op.create_check_constraint(
        "webhook_endpoints_event_types_check",
        "webhook_endpoints",
        f"event_types <@ ARRAY[{types}]::varchar[]",
    )


def upgrade() -> None:
    _checks(AFTER)


def downgrade() -> None:
    op.execute(
        "DELETE FROM outbox_events WHERE type IN "
        "('review_condition.due_soon', 'review_condition.overdue')"
    )
    op.execute(
        "UPDATE webhook_endpoints SET event_types = array_remove(array_remove(event_types, "
        "'review_condition.due_soon'), 'review_condition.overdue')"
    )
    _checks(BEFORE)
