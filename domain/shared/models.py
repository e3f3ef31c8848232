"""Column helpers shared by every area's tables."""

import enum
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKeyConstraint, func
from sqlmodel import Field


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today in UTC: the day due dates are compared with."""
    return datetime.now(UTC).date()


def id_field() -> UUID:
    return Field(default_factory=uuid4, primary_key=True)


def tenant_id_field() -> UUID:
    """`tenant_id`, first column of every tenant-owned table's primary key."""
    return Field(primary_key=True, foreign_key="tenants.id", ondelete="CASCADE")


def created_at_field() -> datetime:
    return Field(
        default_factory=utcnow,
        sa_column=Column(DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


def updated_at_field() -> datetime:
    return Field(
        default_factory=utcnow,
        sa_column=Column(
            DateTime(timezone=True), nullable=False, server_default=func.now(), onupdate=utcnow
        ),
    )


def member_fk(column: str, table: str) -> ForeignKeyConstraint:
    """`column` names a member of the row's tenant; it is cleared when the member goes."""
    return ForeignKeyConstraint(
        ["tenant_id", column],
        ["memberships.tenant_id", "memberships.id"],
        name=f"{table}_{column}_fkey",
        ondelete=f"SET NULL ({column})",
    )


def enum_check(column: str, values: type[enum.StrEnum], name: str) -> CheckConstraint:
    """A CHECK that `column` holds one of the enum's values (or NULL, where it may)."""
    listed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name, info={"enum": values})


def enum_array_check(column: str, values: type[enum.StrEnum], name: str) -> CheckConstraint:
    """A CHECK that every element of the array `column` is one of the enum's values."""
    listed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(
        f"{column} <@ ARRAY[{listed}]::varchar[]", name=name, info={"enum": values}
    )


# Column info for what the audit trail leaves out (domain.audit.tracking): a secret's hash,
# or the parser's raw output, which the document itself holds.
NOT_AUDITED = {"audited": False}
