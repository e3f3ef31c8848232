"""The hand-written answers of the list pages: the findings board, the review queue, the
questionnaire list, the risk register and the two document lists (see
benchmarks.house_baseline). Each is one statement returning the operation's `data` as JSON:
the page (one row more than asked, to know whether there is a next), its rows' related
rows by their keys, its total, and what the viewer may do to each row (decided in Python
by the domain's own rules for each state a row can be in, and passed as a parameter that
the statement looks each row's state up in).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from benchmarks.house_sql import connection_json, cursor, gid, member, member_of, member_of_user
from domain.findings import follow_ups
from domain.findings import service as findings
from domain.findings.models import FindingStatus
from domain.reviews import service as reviews
from domain.reviews.models import ReviewStatus, VendorReview
from domain.risks.models import RiskStatus
from domain.risks.service import MOVES as RISK_MOVES
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.policy import Permission
from domain.tenancy.settings import TenantSettings


class Unsupported(Exception):
    """Variables this yardstick does not answer (it answers the benchmark's screens)."""


@dataclass
class Parameters:
    """A statement's parameters after the tenant's id ($1), named as they are added."""

    values: list[Any] = field(default_factory=list)

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values) + 1}"


def page_size(variables: dict[str, Any]) -> int:
    first = variables.get("first")
    if variables.get("after") or variables.get("last") or variables.get("before"):
        raise Unsupported("paging on from a cursor")
    return 20 if first is None else int(first)  # tprm's default page size


def today() -> Any:
    return datetime.now(UTC).date()


# -- findings board ------------------------------------------------------------------

_OPEN = "('OPEN', 'IN_REMEDIATION')"
_FINDING_ORDERS = {
    # field: (sort expression on `f`, cursor tag)
    "CREATED_AT": ("f.created_at", "dt"),
    "UPDATED_AT": ("f.updated_at", "dt"),
    "DUE_DATE": ("coalesce(f.due_date, date '9999-12-31')", "d"),
    "SEVERITY": (
        "CASE f.severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 "
        "WHEN 'CRITICAL' THEN 4 ELSE 0 END",
        "",
    ),
}


def finding_conditions(criteria: dict[str, Any], add: Parameters) -> str:
    """The FindingFilter's criteria this yardstick answers, as conditions on `f`."""
    where = ["f.tenant_id = $1"]
    for key, value in criteria.items():
        if value is None:
            continue
        if key in ("status", "severity", "kind"):
            where.append(f"f.{key} = ANY({add(list(value))}::text[])")
        elif key == "overdue":
            late = f"(f.status IN {_OPEN} AND f.due_date < {add(today())})"
            where.append(late if value else f"NOT coalesce({late}, false)")
        else:
            raise Unsupported(f"filter.{key}")
    return " AND ".join(where)


def finding_states(actor: Actor) -> bytes:
    """What the viewer may do to a finding in each status: the domain's own decisions."""
    may_write = policy.allows(actor, Permission.FINDING_WRITE)
    states = {}
    for status in FindingStatus:
        moves = findings.available_moves(actor, status)
        states[status.value] = {
            "availableTransitions": [m.value for m in moves],
            "viewerCan": {
                "update": may_write,
                "transition": bool(moves),
                "plan": may_write,
                "scheduleFollowUp": follow_ups.can_schedule(actor, status),
            },
        }
    return orjson.dumps(states)


FINDING_ROW = """json_build_object(
  'id', {id}, 'kind', f.kind, 'severity', f.severity, 'status', f.status, 'title', f.title,
  'description', f.description, 'dueDate', f.due_date, 'statusReason', f.status_reason,
  'closedAt', f.closed_at, 'createdAt', f.created_at, 'updatedAt', f.updated_at,
  'owner', {owner},
  'vendor', (SELECT json_build_object('id', {vendor_id}, 'name', v.name) FROM vendors v
              WHERE v.tenant_id = $1 AND v.id = f.vendor_id),
  'document', (SELECT json_build_object('id', {document_id}, 'title', d.title) FROM documents d
                WHERE d.tenant_id = $1 AND d.id = f.document_id),
  'actions', (SELECT coalesce(json_agg(json_build_object(
                'id', {action_id}, 'description', a.description, 'dueDate', a.due_date,
                'status', a.status, 'completedAt', a.completed_at, 'owner', {action_owner})
                ORDER BY a.created_at, a.id), '[]'::json)
                FROM remediation_actions a
               WHERE a.tenant_id = $1 AND a.finding_id = f.id),
  'availableTransitions', {states}::json -> f.status -> 'availableTransitions',
  'viewerCan', json_build_object(
    'update', ({states}::json -> f.status -> 'viewerCan' ->> 'update')::boolean,
    'transition', ({states}::json -> f.status -> 'viewerCan' ->> 'transition')::boolean,
    'plan', ({states}::json -> f.status -> 'viewerCan' ->> 'plan')::boolean),
  -- the exception a finding raised from a report names in its source key
  'exception', (SELECT json_build_object('id', {exception_id}, 'page', e.page,
                                          'controlId', e.control_id)
                  FROM soc_reports r
                  JOIN soc_exceptions e ON e.tenant_id = r.tenant_id AND e.report_id = r.id
                 WHERE f.source_key ~ '^[0-9a-f-]{{36}}:exception:'
                   AND r.tenant_id = $1
                   AND r.document_id = split_part(f.source_key, ':', 1)::uuid
                   AND e.item_key = substr(f.source_key, 48)),
  'report', (SELECT json_build_object('id', {report_id}, 'periodEnd', r.period_end)
               FROM soc_reports r WHERE r.tenant_id = $1 AND r.document_id = f.document_id))"""

_FINDING_COUNTS = """json_build_object(
  'total', coalesce(sum(n), 0), 'open', coalesce(sum(n) FILTER (WHERE status IN {open}), 0),
  'overdue', coalesce(sum(late), 0),
  'byStatus', (SELECT json_agg(json_build_object('status', s, 'count',
                 coalesce((SELECT sum(c.n) FROM counts c WHERE c.status = s), 0)) ORDER BY i)
                 FROM unnest(ARRAY['OPEN','IN_REMEDIATION','RESOLVED','RISK_ACCEPTED'])
                      WITH ORDINALITY AS t(s, i)),
  'bySeverity', (SELECT json_agg(json_build_object('severity', s, 'count',
                   coalesce((SELECT sum(c.n) FROM counts c WHERE c.severity = s), 0)) ORDER BY i)
                   FROM unnest(ARRAY['CRITICAL','HIGH','MEDIUM','LOW']) WITH ORDINALITY AS t(s, i)),
  'openBySeverity', (SELECT json_agg(json_build_object('severity', s, 'count',
                       coalesce((SELECT sum(c.n) FROM counts c
                                  WHERE c.severity = s AND c.status IN {open}), 0)) ORDER BY i)
                       FROM unnest(ARRAY['CRITICAL','HIGH','MEDIUM','LOW'])
                            WITH ORDINALITY AS t(s, i)))""".replace("{open}", _OPEN)


def findings_board(actor: Actor, variables: dict[str, Any]) -> tuple[str, list[Any]]:
    """FindingsBoard: the page and the board's counts; the page's total is the counts'."""
    add = Parameters()
    where = finding_conditions(variables.get("filter") or {}, add)
    order_by = variables.get("orderBy") or {}
    field_name = order_by.get("field") or "CREATED_AT"
    descending = order_by.get("direction", "DESC") == "DESC" if order_by else True
    key, tag = _FINDING_ORDERS[field_name]
    direction = "DESC" if descending else "ASC"
    first = page_size(variables)
    order = f"findings:{field_name}:{int(descending)}"
    row = FINDING_ROW.format(
        id=gid("Finding", "f.id"),
        owner=member_of("f.owner_id"),
        vendor_id=gid("Vendor", "v.id"),
        document_id=gid("Document", "d.id"),
        action_id=gid("RemediationAction", "a.id"),
        action_owner=member_of("a.owner_id"),
        exception_id=gid("SocException", "e.id"),
        report_id=gid("SocReport", "r.id"),
        states=add(finding_states(actor).decode()),
    )
    statement = f"""
WITH counts AS (
  SELECT f.status, f.severity, count(*) AS n,
         count(*) FILTER (WHERE f.status IN {_OPEN} AND f.due_date < {add(today())}) AS late
    FROM findings f WHERE {where} GROUP BY f.status, f.severity),
page AS (
  SELECT f.*, {key} AS sort_key,
         row_number() OVER (ORDER BY {key} {direction}, f.id {direction}) AS rn
    FROM findings f WHERE {where}
   ORDER BY {key} {direction}, f.id {direction} LIMIT {add(first + 1)})
SELECT json_build_object(
  'findings', (SELECT json_build_object(
                 'totalCount', (SELECT coalesce(sum(n), 0) FROM counts),
                 {connection_json("node", first)})
                 FROM (SELECT {row} AS node,
                              {cursor(order, [(tag, "f.sort_key"), ("uuid", "f.id")])} AS cursor,
                              f.rn
                         FROM page f) p),
  'findingCounts', (SELECT {_FINDING_COUNTS} FROM counts))::text
"""
    return statement, add.values
