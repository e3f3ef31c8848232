"""What changed, from the ORM's own change tracking: the same entity always diffs the same way.

Before every flush, the session's new, changed and deleted rows are read attribute by
attribute (SQLAlchemy's history: the value loaded and the value set) and kept in the
session, per entity, until an audit event claims them. A row changed twice before its
event keeps its first `before` and its last `after`, so autoflushes in between change
nothing. Which columns count is the model's business, not the caller's: every mapped
column except keys and timestamps, generated columns, and those a model marks
`info={"audited": False}` (a secret's hash, the parser's raw output). A rollback forgets
what it undid: a savepoint's goes back to what was pending when it began.
"""

from functools import cache
from typing import Any
from uuid import UUID
from weakref import WeakKeyDictionary

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

_PENDING = "tprm.audit.pending"
_SAVED = "tprm.audit.saved"  # savepoint -> what was pending when it began
_NEVER = frozenset({"tenant_id", "id", "created_at", "updated_at"})

Key = tuple[type, UUID]
Diff = dict[str, list[Any]]  # column -> [before, after]


@cache
def _audited(model: Any) -> tuple[str, ...]:
    mapper: Any = inspect(model)
    return tuple(
        attribute.key
        for attribute in mapper.column_attrs
        if attribute.key not in _NEVER
        and all(c.computed is None and c.info.get("audited", True) for c in attribute.columns)
    )


def _collect(row: Any, diff: Diff, created: bool, deleted: bool) -> None:
    state = inspect(row)
    for name in _audited(row.__class__):
        history = state.attrs[name].history
        if deleted:
            value = state.dict.get(name)
            if name in diff:
                diff[name][1] = None
            elif value is not None:
                diff[name] = [value, None]
        elif created:
            value = state.dict.get(name)
            if value is not None or name in diff:
                diff.setdefault(name, [None, None])[1] = value
        elif history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            diff.setdefault(name, [before, None])[1] = after


@event.listens_for(Session, "before_flush")
def _track(session: Session, _context: Any, _instances: Any) -> None:
    pending: dict[Key, Diff] = session.info.setdefault(_PENDING, {})
    for rows, created, deleted in (
        (session.new, True, False),
        (session.dirty, False, False),
        (session.deleted, False, True),
    ):
        for row in rows:
            if getattr(row, "__tablename__", None) == "audit_events" or not hasattr(row, "id"):
                continue
            if not created and not deleted and not session.is_modified(row):
                continue
            _collect(row, pending.setdefault((type(row), row.id), {}), created, deleted)


@event.listens_for(Session, "after_transaction_create")
def _remember(session: Session, transaction: Any) -> None:
    """At a savepoint, what is pending so far: its rollback goes back to exactly this."""
    if transaction.nested:
        pending: dict[Key, Diff] = session.info.get(_PENDING, {})
        saved = {
            key: {name: list(pair) for name, pair in diff.items()} for key, diff in pending.items()
        }
        session.info.setdefault(_SAVED, WeakKeyDictionary())[transaction] = saved


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous: Any) -> None:
    """A rollback undoes its changes, so none may reach a later event: a savepoint's (a
    failed mutation's) goes back to what was pending when it began, the transaction's to
    nothing."""
    saved = session.info.get(_SAVED, {})
    if previous.nested and previous in saved:
        session.info[_PENDING] = saved.pop(previous)
    elif not previous.nested:
        session.info.pop(_PENDING, None)
        session.info.pop(_SAVED, None)


def claim(session: Session, row: Any) -> dict[str, tuple[Any, Any]]:
    """The row's changes since its last audit event (flushed first), as {column: (before,
    after)} with unchanged columns left out; the next event of the row starts afresh."""
    pending: dict[Key, Diff] = session.info.get(_PENDING, {})
    diff = pending.pop((type(row), row.id), {})
    return {name: (old, new) for name, (old, new) in diff.items() if old != new}


def inserted(row: Any) -> dict[str, tuple[Any, Any]]:
    """A row inserted by a statement (not through the session), as changes from nothing."""
    state = inspect(row)
    values = {name: state.dict.get(name) for name in _audited(row.__class__)}
    return {name: (None, value) for name, value in values.items() if value is not None}
