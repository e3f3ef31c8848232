"""What happened in a tenant that someone outside tprm should hear of: the outbox of events
(written in the transaction of the change, or by the reminder sweep), and the tenant's
webhook endpoints with their delivery log."""

import enum
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

from domain.shared.models import (
    NOT_AUDITED,
    created_at_field,
    enum_array_check,
    enum_check,
    id_field,
    tenant_id_field,
    updated_at_field,
)


class EventType(enum.StrEnum):
    """An event's type: its name on the wire is the value."""

    REVIEW_DUE_SOON = "review.due_soon"
    REVIEW_OVERDUE = "review.overdue"
    REVIEW_SUBMITTED = "review.submitted"
    REVIEW_COMPLETED = "review.completed"
    FINDING_DUE_SOON = "finding.due_soon"
    FINDING_OVERDUE = "finding.overdue"
    REMEDIATION_ACTION_DUE_SOON = "remediation_action.due_soon"
    REMEDIATION_ACTION_OVERDUE = "remediation_action.overdue"
    REVIEW_CONDITION_DUE_SOON = "review_condition.due_soon"
    REVIEW_CONDITION_OVERDUE = "review_condition.overdue"
    # a questionnaire's events carry its respondent link (made at delivery: never stored)
    QUESTIONNAIRE_SENT = "questionnaire.sent"
    QUESTIONNAIRE_DUE_SOON = "questionnaire.due_soon"
    QUESTIONNAIRE_OVERDUE = "questionnaire.overdue"
    QUESTIONNAIRE_RETURNED = "questionnaire.returned"
    QUESTIONNAIRE_SUBMITTED = "questionnaire.submitted"
    RISK_REVIEW_DUE_SOON = "risk_review.due_soon"
    RISK_REVIEW_OVERDUE = "risk_review.overdue"
    # an accepted risk's acceptance running out, and run out (the risk shows as overdue)
    RISK_ACCEPTANCE_DUE_SOON = "risk_acceptance.due_soon"
    RISK_ACCEPTANCE_OVERDUE = "risk_acceptance.overdue"
    # sent to one endpoint on request, to check the receiver
    WEBHOOK_TEST = "webhook.test"


class DeliveryStatus(enum.StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class OutboxEvent(SQLModel, table=True):
    """One event, appended in the transaction of what caused it (the app role may add and
    read events, never change them). A reminder carries a `once_key`: the same reminder is
    never appended twice, however often or concurrently the sweep runs."""

    __tablename__ = "outbox_events"
    __table_args__ = (
        enum_check("type", EventType, "outbox_events_type_check"),
        UniqueConstraint("tenant_id", "once_key", name="outbox_events_once_key"),
        Index("outbox_events_time_idx", "tenant_id", "occurred_at", "id"),
        # the events of one entity, latest first (a questionnaire's delivery status)
        Index(
            "outbox_events_subject_idx", "tenant_id", "subject_type", "subject_id", "occurred_at"
        ),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    type: str = Field(sa_column=Column(String(40), nullable=False))
    # the entity it is about, by its API type name and id
    subject_type: str = Field(sa_column=Column(String(40), nullable=False))
    subject_id: UUID
    once_key: str | None = Field(default=None, sa_column=Column(String(200)))
    data: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONB, nullable=False, server_default="{}")
    )
    occurred_at: datetime = created_at_field()


class WebhookEndpoint(SQLModel, table=True):
    """A URL of the tenant's that receives its events, signed with the endpoint's secret."""

    __tablename__ = "webhook_endpoints"
    __audit_entity__ = "WebhookEndpoint"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "created_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="webhook_endpoints_created_by_id_fkey",
            ondelete="SET NULL (created_by_id)",
        ),
        enum_array_check("event_types", EventType, "webhook_endpoints_event_types_check"),
        Index("webhook_endpoints_created_idx", "tenant_id", "created_at", "id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    url: str = Field(sa_column=Column(Text, nullable=False))
    description: str = Field(default="", sa_column=Column(String(200), nullable=False))
    # the event types it receives; empty: every type
    event_types: list[str] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(String(40)), nullable=False, server_default="{}"),
    )
    enabled: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))
    # Signs each delivery; shown once, when made or rotated. Kept readable (not hashed):
    # tprm must sign with it.
    secret: str = Field(sa_column=Column(String(80), nullable=False, info=NOT_AUDITED))
    # when the secret was made: the audit trail's record of a rotation (never the secret)
    secret_set_at: datetime = created_at_field()
    created_by_id: UUID | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class WebhookDelivery(SQLModel, table=True):
    """One event sent to one endpoint: tried until the receiver answers 2xx or the attempts
    run out, and sent again on request."""

    __tablename__ = "webhook_deliveries"
    __audit_entity__ = "WebhookDelivery"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "endpoint_id"],
            ["webhook_endpoints.tenant_id", "webhook_endpoints.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "event_id"],
            ["outbox_events.tenant_id", "outbox_events.id"],
            ondelete="CASCADE",
        ),
        enum_check("status", DeliveryStatus, "webhook_deliveries_status_check"),
        UniqueConstraint("tenant_id", "endpoint_id", "event_id", name="webhook_deliveries_key"),
        Index("webhook_deliveries_endpoint_idx", "tenant_id", "endpoint_id", "created_at", "id"),
        Index("webhook_deliveries_event_idx", "tenant_id", "event_id"),
        Index(
            "webhook_deliveries_sending_idx",
            "tenant_id",
            "sending_since",
            postgresql_where=sql_text("sending_since IS NOT NULL"),
        ),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    endpoint_id: UUID
    event_id: UUID
    status: str = Field(
        default=DeliveryStatus.PENDING, sa_column=Column(String(10), nullable=False)
    )
    attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    # attempts since it was last queued: a redelivery starts a new round of tries
    round_attempts: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0", info=NOT_AUDITED)
    )
    # set while a worker posts it: what caps one tenant's deliveries in flight at once
    sending_since: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), info=NOT_AUDITED)
    )
    last_response_code: int | None = Field(default=None, sa_column=Column(Integer))
    # why the last attempt failed: the receiver's words (cut short) or the network's
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    last_attempt_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True))
    )
    succeeded_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
