"""The hand-written answers of the list pages: the findings board, the review queue, the
questionnaire list, the risk register and the two document lists (see
benchmarks.house_baseline). Each is one statement returning the operation's `data` as JSON:
the page (one row more than asked, to know whether there is a next), its rows' related
rows by their keys, its total, and what the viewer may do to each row (decided in Python
by the domain's own rules for each state a row can be in, and passed as a parameter that
the statement looks each row's state up in).
"""

# Statements are put together from this module's own text; every value is a parameter.
# ruff: noqa: S608

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import orjson

from benchmarks.house_sql import connection_json, cursor, gid, member_of
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


# -- review queue --------------------------------------------------------------------

_REVIEWS_OPEN = "('SCHEDULED', 'IN_PROGRESS', 'PENDING_APPROVAL')"


def review_states(actor: Actor) -> bytes:
    """What the viewer may do to a review in each status, prepared by them or not."""
    may_write = policy.allows(actor, Permission.REVIEW_WRITE)
    states = {}
    for status in ReviewStatus:
        for own in (True, False):
            preparer = actor.membership_id if own else None
            moves = reviews.available_moves(
                actor, VendorReview(status=status.value, preparer_id=preparer)
            )
            states[f"{status.value}:{str(own).lower()}"] = {
                "availableTransitions": [m.value for m in moves],
                "viewerCan": {
                    "update": may_write and status == ReviewStatus.IN_PROGRESS,
                    "transition": bool(moves),
                    "signOff": ReviewStatus.COMPLETED in moves,
                },
            }
    return orjson.dumps(states)


def review_conditions(criteria: dict[str, Any], add: Parameters) -> str:
    where = ["r.tenant_id = $1"]
    for key, value in criteria.items():
        if value is None:
            continue
        if key == "status":
            where.append(f"r.status = ANY({add(list(value))}::text[])")
        elif key == "overdue":
            late = f"(r.status IN {_REVIEWS_OPEN} AND r.due_date < {add(today())})"
            where.append(late if value else f"NOT {late}")
        else:
            raise Unsupported(f"filter.{key}")
    return " AND ".join(where)


REVIEW_ROW = """json_build_object(
  'id', {id}, 'status', r.status, 'dueDate', r.due_date, 'dueReason', r.due_reason,
  'overdue', r.status IN {open} AND r.due_date < {today},
  'vendor', (SELECT json_build_object('id', {vendor_id}, 'name', v.name, 'tier', v.tier)
               FROM vendors v WHERE v.tenant_id = $1 AND v.id = r.vendor_id),
  'preparer', {preparer}, 'approver', {approver},
  'decision', r.decision, 'residualRisk', r.residual_risk,
  'availableTransitions', {states}::json -> r.state -> 'availableTransitions',
  'viewerCan', {states}::json -> r.state -> 'viewerCan')"""


def review_queue(actor: Actor, variables: dict[str, Any]) -> tuple[str, list[Any]]:
    """ReviewQueue: the page (soonest due first unless asked otherwise) and the counts."""
    add = Parameters()
    where = review_conditions(variables.get("filter") or {}, add)
    if variables.get("orderBy"):
        raise Unsupported("orderBy")
    first = page_size(variables)
    on = add(today())
    row = REVIEW_ROW.format(
        id=gid("Review", "r.id"),
        open=_REVIEWS_OPEN,
        today=on,
        vendor_id=gid("Vendor", "v.id"),
        preparer=member_of("r.preparer_id"),
        approver=member_of("r.approver_id"),
        states=add(review_states(actor).decode()),
    )
    me = add(actor.membership_id)
    statement = f"""
WITH counts AS (
  SELECT r.status, count(*) AS n,
         count(*) FILTER (WHERE r.status IN {_REVIEWS_OPEN} AND r.due_date < {on}) AS late
    FROM vendor_reviews r WHERE {where} GROUP BY r.status),
page AS (
  SELECT r.*, r.status || ':' || coalesce(r.preparer_id = {me}, false)::text AS state,
         row_number() OVER (ORDER BY r.due_date, r.id) AS rn
    FROM vendor_reviews r WHERE {where}
   ORDER BY r.due_date, r.id LIMIT {add(first + 1)})
SELECT json_build_object(
  'reviews', (SELECT json_build_object(
                'totalCount', (SELECT coalesce(sum(n), 0) FROM counts),
                {connection_json("node", first)})
                FROM (SELECT {row} AS node,
                             {cursor("reviews:DUE_DATE:0", [("d", "r.due_date"), ("uuid", "r.id")])}
                               AS cursor, r.rn
                        FROM page r) p),
  'reviewCounts', (SELECT json_build_object(
                     'total', coalesce(sum(n), 0), 'overdue', coalesce(sum(late), 0),
                     'byStatus', (SELECT json_agg(json_build_object('status', s, 'count',
                                    coalesce((SELECT c.n FROM counts c WHERE c.status = s), 0))
                                    ORDER BY i)
                                    FROM unnest({add([s.value for s in ReviewStatus])}::text[])
                                         WITH ORDINALITY AS t(s, i)))
                     FROM counts))::text
"""
    return statement, add.values


# -- questionnaire list --------------------------------------------------------------

QUESTIONNAIRE_ROW = """json_build_object(
  'id', {id}, 'status', q.status, 'dueDate', q.due_date, 'sentAt', q.sent_at,
  'submittedAt', q.submitted_at, 'score', q.score, 'contactName', q.contact_name,
  'contactEmail', q.contact_email,
  'vendor', (SELECT json_build_object('id', {vendor_id}, 'name', v.name) FROM vendors v
              WHERE v.tenant_id = $1 AND v.id = q.vendor_id),
  'template', (SELECT json_build_object('id', {template_id}, 'name', t.name,
                                         'version', t.version)
                 FROM questionnaire_templates t WHERE t.tenant_id = $1 AND t.id = q.template_id),
  'delivery', json_build_object(
    'status', CASE
      WHEN q.status IN ('COMPLETED', 'CANCELLED') THEN 'CLOSED'
      WHEN link.expires_at IS NULL OR link.expires_at <= now() THEN 'LINK_EXPIRED'
      WHEN 'SUCCEEDED' = ANY(sent.statuses) THEN 'DELIVERED'
      WHEN 'PENDING' = ANY(sent.statuses) THEN 'PENDING'
      WHEN cardinality(sent.statuses) > 0 THEN 'FAILED'
      ELSE 'NO_RECEIVER' END,
    'lastSentAt', sent.occurred_at, 'linkExpiresAt', link.expires_at))"""

# The link that works longest, and the last event that carried a link with its deliveries
# to the endpoints that list questionnaire events by name (the tenant's mailer).
QUESTIONNAIRE_DELIVERY = """
  LEFT JOIN LATERAL (SELECT max(l.expires_at) AS expires_at FROM respondent_links l
                      WHERE l.tenant_id = $1 AND l.questionnaire_id = q.id
                        AND l.revoked_at IS NULL) link ON true
  LEFT JOIN LATERAL (
    SELECT e.occurred_at,
           array(SELECT w.status FROM webhook_deliveries w
                   JOIN webhook_endpoints x ON x.tenant_id = w.tenant_id AND x.id = w.endpoint_id
                  WHERE w.tenant_id = $1 AND w.event_id = e.id
                    AND cardinality(x.event_types) > 0) AS statuses
      FROM outbox_events e
     WHERE e.tenant_id = $1 AND e.subject_type = 'Questionnaire' AND e.subject_id = q.id
       AND e.type IN ('questionnaire.sent', 'questionnaire.returned', 'questionnaire.due_soon',
                      'questionnaire.overdue')
     ORDER BY e.occurred_at DESC LIMIT 1) sent ON true"""


def questionnaire_list(actor: Actor, variables: dict[str, Any]) -> tuple[str, list[Any]]:
    """QuestionnaireList: the newest sent first, with each one's delivery."""
    add = Parameters()
    where = ["q.tenant_id = $1"]
    if variables.get("vendorId") is not None:
        raise Unsupported("vendorId")
    if variables.get("status"):
        where.append(f"q.status = ANY({add(list(variables['status']))}::text[])")
    first = page_size(variables)
    row = QUESTIONNAIRE_ROW.format(
        id=gid("Questionnaire", "q.id"),
        vendor_id=gid("Vendor", "v.id"),
        template_id=gid("QuestionnaireTemplate", "t.id"),
    )
    conditions = " AND ".join(where)
    statement = f"""
WITH page AS (
  SELECT q.*, row_number() OVER (ORDER BY q.sent_at DESC, q.id DESC) AS rn
    FROM questionnaires q WHERE {conditions}
   ORDER BY q.sent_at DESC, q.id DESC LIMIT {add(first + 1)})
SELECT json_build_object('questionnaires', json_build_object(
  'totalCount', (SELECT count(*) FROM questionnaires q WHERE {conditions}),
  {connection_json("node", first)}))::text
  FROM (SELECT {row} AS node,
               {cursor("questionnaires", [("dt", "q.sent_at"), ("uuid", "q.id")])} AS cursor,
               q.rn
          FROM page q {QUESTIONNAIRE_DELIVERY}) p
"""
    return statement, add.values


# -- risk register -------------------------------------------------------------------


def risk_states(actor: Actor) -> bytes:
    """What the viewer may do to a risk in each status, owned by them, by another or by
    nobody (RiskViewerCan's rule, with the domain's moves)."""
    may_write = policy.allows(actor, Permission.RISK_WRITE)
    may_accept = policy.allows(actor, Permission.RISK_ACCEPT) and not actor.delegated
    states = {}
    for status in RiskStatus:
        moves = [s.value for s in RiskStatus if s in RISK_MOVES[status]] if may_write else []
        for owner in ("mine", "other", "none"):
            states[f"{status.value}:{owner}"] = {
                "availableTransitions": moves,
                "viewerCan": {
                    "update": may_write,
                    "accept": may_accept
                    and status == RiskStatus.OPEN
                    and owner == "other"
                    and actor.membership_id is not None,
                },
            }
    return orjson.dumps(states)


def _band(score: str, bands: str) -> str:
    return (
        f"CASE WHEN {score} >= ({bands} ->> 0)::int THEN 'CRITICAL' "
        f"WHEN {score} >= ({bands} ->> 1)::int THEN 'HIGH' "
        f"WHEN {score} >= ({bands} ->> 2)::int THEN 'MEDIUM' ELSE 'LOW' END"
    )


def _rating(likelihood: str, impact: str, bands: str) -> str:
    score = f"({likelihood} * {impact})"
    return f"json_build_object('score', {score}, 'band', {_band(score, bands)})"


RISK_ROW = """json_build_object(
  'id', {id}, 'title', k.title, 'category', k.category, 'status', k.status,
  'treatment', k.treatment, 'reviewOn', k.review_on, 'proposed', k.proposal_key IS NOT NULL,
  'overdue', k.status = 'OPEN' AND (coalesce(k.acceptance_expires_on < {today}, false)
                                    OR coalesce(k.review_on < {today}, false)),
  'inherent', {inherent},
  'residual', CASE WHEN k.residual_likelihood IS NOT NULL AND k.residual_impact IS NOT NULL
                   THEN {residual} END,
  'current', {current},
  'owner', {owner},
  'vendor', (SELECT json_build_object('id', {vendor_id}, 'name', v.name) FROM vendors v
              WHERE v.tenant_id = $1 AND v.id = k.vendor_id),
  'mitigatingControls', (SELECT coalesce(json_agg(json_build_object('id', {control_id},
                                                                    'ref', c.ref)
                                                  ORDER BY c.ref, c.id), '[]'::json)
                           FROM risk_controls rc
                           JOIN controls c ON c.tenant_id = rc.tenant_id AND c.id = rc.control_id
                          WHERE rc.tenant_id = $1 AND rc.risk_id = k.id),
  'findings', (SELECT coalesce(json_agg(json_build_object('id', {finding_id}, 'title', f.title)
                                        ORDER BY rf.created_at DESC, f.id), '[]'::json)
                 FROM risk_findings rf
                 JOIN findings f ON f.tenant_id = rf.tenant_id AND f.id = rf.finding_id
                WHERE rf.tenant_id = $1 AND rf.risk_id = k.id),
  'acceptance', CASE WHEN k.accepted_at IS NOT NULL AND k.acceptance_expires_on IS NOT NULL
                     THEN json_build_object('approvedAt', k.accepted_at,
                                            'expiresOn', k.acceptance_expires_on,
                                            'approvedBy', {approver}) END,
  'availableTransitions', {states}::json -> k.state -> 'availableTransitions',
  'viewerCan', {states}::json -> k.state -> 'viewerCan')"""


def risk_register(actor: Actor, variables: dict[str, Any]) -> tuple[str, list[Any]]:
    """RiskRegister: the largest current score first, then the newest."""
    add = Parameters()
    where = ["k.tenant_id = $1"]
    for key, value in (variables.get("filter") or {}).items():
        if value is None:
            continue
        if key in ("status", "category", "treatment"):
            where.append(f"k.{key} = ANY({add(list(value))}::text[])")
        else:
            raise Unsupported(f"filter.{key}")
    if variables.get("order", "SCORE") != "SCORE":
        raise Unsupported("order")
    first = page_size(variables)
    defaults = TenantSettings()
    # the tenant's band thresholds, critical first, its settings over the defaults
    bands = f"""(SELECT json_build_array(
      coalesce((t.settings ->> 'risk_critical_min_score')::int, {defaults.risk_critical_min_score}),
      coalesce((t.settings ->> 'risk_high_min_score')::int, {defaults.risk_high_min_score}),
      coalesce((t.settings ->> 'risk_medium_min_score')::int, {defaults.risk_medium_min_score}))
      FROM tenants t WHERE t.id = $1)"""
    on = add(today())
    row = RISK_ROW.format(
        id=gid("Risk", "k.id"),
        today=on,
        inherent=_rating("k.inherent_likelihood", "k.inherent_impact", "b.bands"),
        residual=_rating("k.residual_likelihood", "k.residual_impact", "b.bands"),
        current=_rating(
            "coalesce(k.residual_likelihood, k.inherent_likelihood)",
            "coalesce(k.residual_impact, k.inherent_impact)",
            "b.bands",
        ),
        owner=member_of("k.owner_id"),
        vendor_id=gid("Vendor", "v.id"),
        control_id=gid("Control", "c.id"),
        finding_id=gid("Finding", "f.id"),
        approver=member_of("k.accepted_by_id"),
        states=add(risk_states(actor).decode()),
    )
    me = add(actor.membership_id)
    score = "coalesce(k.residual_likelihood, k.inherent_likelihood) * " + (
        "coalesce(k.residual_impact, k.inherent_impact)"
    )
    conditions = " AND ".join(where)
    statement = f"""
WITH page AS (
  SELECT k.*, {score} AS score,
         k.status || ':' || CASE WHEN k.owner_id IS NULL THEN 'none'
                                 WHEN k.owner_id = {me} THEN 'mine' ELSE 'other' END AS state,
         row_number() OVER (ORDER BY {score} DESC, k.created_at DESC, k.id DESC) AS rn
    FROM risks k WHERE {conditions}
   ORDER BY {score} DESC, k.created_at DESC, k.id DESC LIMIT {add(first + 1)}),
b AS (SELECT {bands} AS bands)
SELECT json_build_object('risks', json_build_object(
  'totalCount', (SELECT count(*) FROM risks k WHERE {conditions}),
  {connection_json("node", first)}))::text
  FROM (SELECT {row} AS node,
               {cursor("risks:SCORE", [("", "k.score"), ("dt", "k.created_at"), ("uuid", "k.id")])}
                 AS cursor, k.rn
          FROM page k CROSS JOIN b) p
"""
    return statement, add.values


# -- documents -----------------------------------------------------------------------

DOCUMENT_ROW = """
  'id', {id}, 'kind', d.kind, 'title', d.title, 'filename', d.filename,
  'contentType', d.content_type, 'sizeBytes', d.size_bytes, 'parseStatus', d.parse_status,
  'parseError', d.parse_error, 'createdAt', d.created_at,
  'downloadUrl', '/documents/' || {id} || '/content',
  'uploadedBy', (SELECT json_build_object('user', json_build_object('email', u.email))
                   FROM memberships m JOIN users u ON u.id = m.user_id
                  WHERE m.tenant_id = $1 AND m.user_id = d.uploaded_by)"""

REPORT_REVIEW = """json_build_object(
  'needed', r.review_needed,
  'reasons', (SELECT coalesce(json_agg(json_build_object(
                'field', CASE WHEN x ->> 'field' IN ({fields}) THEN upper(x ->> 'field')
                              ELSE 'OTHER' END,
                'page', CASE WHEN jsonb_typeof(x -> 'page') = 'number'
                              AND (x ->> 'page')::numeric BETWEEN 1 AND 2147483647
                              AND (x ->> 'page')::numeric = trunc((x ->> 'page')::numeric)
                             THEN (x ->> 'page')::int END,
                'reason', CASE WHEN x ->> 'reason' IN ({reasons}) THEN x ->> 'reason'
                               ELSE 'OTHER' END,
                'text', CASE WHEN jsonb_typeof(x -> 'text') = 'string' THEN x ->> 'text' END)
                ORDER BY n), '[]'::json)
                FROM jsonb_array_elements(r.review_reasons) WITH ORDINALITY AS t(x, n)
               WHERE jsonb_typeof(x) = 'object'),
  'clearedAt', r.review_cleared_at,
  'clearedBy', (SELECT json_build_object('user', json_build_object('email', u.email))
                  FROM memberships m JOIN users u ON u.id = m.user_id
                 WHERE m.tenant_id = $1 AND m.user_id = r.review_cleared_by))"""

_FIELDS = (
    "kind type service_organization service_auditor period_start period_end as_of report_date "
    "opinion opinion_basis trust_services_categories exceptions cuecs "
    "subservice_organizations csocs pages"
).split()
_REASONS = (
    "UNCERTAIN_RESULT TESTS_NOT_READ NOT_FOUND ANNOUNCED_NOT_READ IMAGE_ONLY "
    "EXCEPTIONS_MISMATCH NOT_RECOGNISED"
).split()


def report_review(alias: str = "r") -> str:
    """SocReportReview { needed reasons { field page reason text } clearedAt clearedBy {
    user { email } } } of the report row `alias`: the parser's reasons, a code or field
    this API does not know as OTHER (app/api/soc2/parse_review)."""
    return REPORT_REVIEW.replace("r.", f"{alias}.").format(
        fields=", ".join(f"'{f}'" for f in _FIELDS), reasons=", ".join(f"'{r}'" for r in _REASONS)
    )


def uuid_of(global_id: str, type_name: str) -> UUID:
    """The UUID in a filter's global ID; another type's ID (or a malformed one) matches
    nothing, as in tprm's filters."""
    try:
        kind, _, value = base64.b64decode(global_id).decode().partition(":")
        return UUID(value) if kind == type_name else UUID(int=0)
    except ValueError:
        return UUID(int=0)


def _documents(
    variables: dict[str, Any], add: Parameters, needing_review: bool
) -> tuple[str, list[Any]]:
    """A page of documents, newest first; those needing review also show their vendor and
    their report's review."""
    where = ["d.tenant_id = $1"]
    if variables.get("vendorId") is not None:
        where.append(f"d.vendor_id = {add(uuid_of(variables['vendorId'], 'Vendor'))}")
    if needing_review:
        where.append(
            "EXISTS (SELECT FROM soc_reports r WHERE r.tenant_id = d.tenant_id "
            "AND r.document_id = d.id AND r.review_needed)"
        )
    first = page_size(variables)
    fields = DOCUMENT_ROW.format(id=gid("Document", "d.id"))
    if needing_review:
        fields += f""",
  'vendor', (SELECT json_build_object('id', {gid("Vendor", "v.id")}, 'name', v.name)
               FROM vendors v WHERE v.tenant_id = $1 AND v.id = d.vendor_id),
  'report', (SELECT json_build_object('id', {gid("SocReport", "r.id")}, 'review', {report_review()})
               FROM soc_reports r WHERE r.tenant_id = $1 AND r.document_id = d.id)"""
    conditions = " AND ".join(where)
    statement = f"""
WITH page AS (
  SELECT d.*, row_number() OVER (ORDER BY d.created_at DESC, d.id DESC) AS rn
    FROM documents d WHERE {conditions}
   ORDER BY d.created_at DESC, d.id DESC LIMIT {add(first + 1)})
SELECT json_build_object('documents', json_build_object(
  'totalCount', (SELECT count(*) FROM documents d WHERE {conditions}),
  {connection_json("node", first, nodes="edges")}))::text
  FROM (SELECT json_build_object({fields}) AS node,
               {cursor("documents", [("dt", "d.created_at"), ("uuid", "d.id")])} AS cursor, d.rn
          FROM page d) p
"""
    return statement, add.values


def vendor_documents(actor: Actor, variables: dict[str, Any]) -> tuple[str, list[Any]]:
    """VendorDocuments: a vendor's documents, newest first."""
    return _documents(variables, Parameters(), needing_review=False)


def documents_needing_review(actor: Actor, variables: dict[str, Any]) -> tuple[str, list[Any]]:
    """DocumentsNeedingReview: the documents whose report a person must check."""
    return _documents(variables, Parameters(), needing_review=True)
