"""The hand-written answer of the vendor page (VendorPage, frontend-contract/operations/
vendors.graphql): one statement that returns its whole `data` as JSON written by PostgreSQL
(see benchmarks.house_baseline): the vendor, its related rows by key, its counts, its
latest report, its next review, its follow-ups and its first pages of documents and
findings. What the viewer may do is decided in Python by the domain's own rules for each
state a row can be in, and passed as parameters the statement looks each row's state up in.
"""

# Statements are put together from this module's own text; every value is a parameter.
# ruff: noqa: S608

from typing import Any

import orjson

from benchmarks.house_lists import Parameters, Unsupported, today, uuid_of
from benchmarks.house_sql import (
    connection_json,
    cursor,
    gid,
    member_of,
    member_of_user,
)
from domain.findings import follow_ups
from domain.findings.models import FindingStatus, FollowUpStatus
from domain.findings.rules import Severity
from domain.reviews.models import OPEN_STATUSES as OPEN_REVIEWS
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.policy import Permission
from domain.vendors import onboarding
from domain.vendors import service as vendors
from domain.vendors.models import VendorStatus
from parsers.soc2.result import SOC_REPORT_KINDS

_OPEN_FINDINGS = "('OPEN', 'IN_REMEDIATION')"


def _sql_list(values: Any) -> str:
    """An SQL list of the enum values (of this module's own enums, never of a request)."""
    return "(" + ", ".join(f"'{getattr(v, 'value', v)}'" for v in values) + ")"


def vendor_states(actor: Actor) -> bytes:
    """What the viewer may do to a vendor in each status (Vendor.availableTransitions and
    Vendor.viewerCan): the domain's own decisions."""
    may_write = policy.allows(actor, Permission.VENDOR_WRITE)
    states = {}
    for status in VendorStatus:
        moves = vendors.available_moves(actor, status)
        states[status.value] = {
            "availableTransitions": [m.value for m in moves],
            "viewerCan": {
                "update": may_write,
                "transition": bool(moves),
                "overrideTier": policy.allows(actor, Permission.TIER_OVERRIDE),
                "upload": policy.allows(actor, Permission.DOCUMENT_UPLOAD),
                "manageContacts": may_write,
                "manageFourthParties": may_write,
                "fileOnboardingRequest": policy.allows(actor, Permission.ONBOARDING_REQUEST)
                and status == VendorStatus.PROSPECT,
            },
        }
    return orjson.dumps(states)


def follow_up_states(actor: Actor) -> bytes:
    """FindingFollowUp.viewerCan of a follow-up in each status (follow_ups.can_settle)."""
    states = {}
    for status in FollowUpStatus:
        may = follow_ups.can_settle(actor, status)
        states[status.value] = {"receive": may, "cancel": may}
    return orjson.dumps(states)


# -- the vendor's own row ------------------------------------------------------------------

# A stored profile was validated (and normalised) when it was written; the defaults are
# DataAccessProfile's for a key it lacks.
_DATA_ACCESS = """json_build_object(
  'dataCategories', coalesce(v.data_access -> 'data_categories', '[]'::jsonb),
  'accessLevel', coalesce(v.data_access ->> 'access_level', 'NONE'),
  'connectsToProduction', coalesce((v.data_access ->> 'connects_to_production')::boolean, false),
  'businessCriticality', coalesce(v.data_access ->> 'business_criticality', 'LOW'),
  'hostingRegions', coalesce(v.data_access -> 'hosting_regions', '[]'::jsonb))"""

_TIER = """
  'tierReasons', (SELECT coalesce(json_agg(json_build_object(
                    'factor', x ->> 'factor', 'points', (x ->> 'points')::int,
                    'reason', x ->> 'reason') ORDER BY n), '[]'::json)
                    FROM jsonb_array_elements(v.tier_reasons) WITH ORDINALITY AS t(x, n)),
  'tierOverride', CASE WHEN v.tier_override IS NOT NULL AND v.tier_override_at IS NOT NULL
                       THEN json_build_object(
                         'tier', v.tier_override,
                         'justification', coalesce(v.tier_override_justification, ''),
                         'at', v.tier_override_at, 'by', {override_by}) END"""


def _own_fields(states: str) -> str:
    """The vendor row's own columns, its tier and what the viewer may do to it."""
    return f"""
  'id', {gid("Vendor", "v.id")}, 'name', v.name, 'domain', v.domain, 'status', v.status,
  'tier', v.tier, 'category', v.category, 'legalName', v.legal_name, 'website', v.website,
  'description', v.description, 'servicesProvided', v.services_provided,
  'department', v.department, 'contractStart', v.contract_start,
  'contractEnd', v.contract_end, 'annualSpend', v.annual_spend::text, 'currency', v.currency,
  'tags', to_json(v.tags), 'computedTier', v.computed_tier, 'tierScore', v.tier_score,
  {_TIER.format(override_by=member_of_user("v.tier_override_by"))},
  'dataAccess', {_DATA_ACCESS},
  'businessOwner', {member_of("v.business_owner_id")},
  'availableTransitions', {states}::json -> v.status -> 'availableTransitions',
  'viewerCan', {states}::json -> v.status -> 'viewerCan'"""


# -- what hangs off the vendor by its key --------------------------------------------------


def _relations() -> str:
    """Contacts, fourth parties, their counts, and the status history, oldest first."""
    linked = f"""(SELECT json_build_object('id', {gid("Vendor", "l.id")}, 'name', l.name)
                    FROM vendors l WHERE l.tenant_id = $1 AND l.id = p.linked_vendor_id)"""
    return f"""
  'contactsCount', (SELECT count(*) FROM vendor_contacts c
                     WHERE c.tenant_id = $1 AND c.vendor_id = v.id),
  'fourthPartiesCount', (SELECT count(*) FROM vendor_fourth_parties p
                          WHERE p.tenant_id = $1 AND p.vendor_id = v.id),
  'contacts', (SELECT coalesce(json_agg(json_build_object(
                 'id', {gid("VendorContact", "c.id")}, 'name', c.name, 'email', c.email,
                 'role', c.role, 'phone', c.phone) ORDER BY c.created_at, c.id), '[]'::json)
                 FROM vendor_contacts c WHERE c.tenant_id = $1 AND c.vendor_id = v.id),
  'fourthParties', (SELECT coalesce(json_agg(json_build_object(
                      'id', {gid("FourthParty", "p.id")}, 'name', p.name, 'service', p.service,
                      'linkedVendor', {linked}) ORDER BY p.created_at, p.id), '[]'::json)
                      FROM vendor_fourth_parties p
                     WHERE p.tenant_id = $1 AND p.vendor_id = v.id),
  'statusHistory', (SELECT coalesce(json_agg(json_build_object(
                      'fromStatus', h.from_status, 'toStatus', h.to_status,
                      'reason', h.reason, 'changedAt', h.changed_at,
                      'changedBy', {member_of_user("h.changed_by")})
                      ORDER BY h.changed_at, h.id), '[]'::json)
                      FROM vendor_status_changes h
                     WHERE h.tenant_id = $1 AND h.vendor_id = v.id)"""


def _onboarding(may_decide: str, me: str) -> str:
    """The latest onboarding request (newest first, then by id) with its checklist."""
    checklist = f"""(SELECT coalesce(json_agg(json_build_object(
        'id', {gid("OnboardingRequirement", "q.id")}, 'kind', q.kind, 'status', q.status,
        'note', q.note, 'resolvedAt', q.resolved_at,
        'resolvedBy', {member_of_user("q.resolved_by")}) ORDER BY q.kind), '[]'::json)
        FROM onboarding_requirements q WHERE q.tenant_id = $1 AND q.request_id = o.id)"""
    decide = f"(o.status = 'PENDING' AND {may_decide} AND o.requested_by IS DISTINCT FROM {me})"
    return f"""
  'currentOnboardingRequest', (SELECT json_build_object(
      'id', {gid("OnboardingRequest", "o.id")}, 'status', o.status, 'purpose', o.purpose,
      'neededBy', o.needed_by, 'tierAtRequest', o.tier_at_request, 'createdAt', o.created_at,
      'decidedAt', o.decided_at, 'decisionReason', o.decision_reason,
      'requestedBy', {member_of_user("o.requested_by")},
      'decidedBy', {member_of_user("o.decided_by")},
      'checklist', {checklist},
      'viewerCan', json_build_object('decide', {decide}, 'resolveRequirements', {decide}))
      FROM onboarding_requests o WHERE o.tenant_id = $1 AND o.vendor_id = v.id
     ORDER BY o.created_at DESC, o.id LIMIT 1)"""


def _finding_counts(on: str) -> str:
    """Vendor.findingCounts: every status and severity listed (in the API's order), zeros
    included; aggregates over the vendor's findings grouped by status and severity."""
    by_status = ", ".join(
        f"json_build_object('status', '{s.value}', "
        f"'count', coalesce(sum(n) FILTER (WHERE status = '{s.value}'), 0))"
        for s in FindingStatus
    )
    open_by_severity = ", ".join(
        f"json_build_object('severity', '{s.value}', 'count', coalesce(sum(n) "
        f"FILTER (WHERE severity = '{s.value}' AND status IN {_OPEN_FINDINGS}), 0))"
        for s in reversed(Severity)
    )
    return f"""
  'findingCounts', (SELECT json_build_object(
      'total', coalesce(sum(n), 0),
      'open', coalesce(sum(n) FILTER (WHERE status IN {_OPEN_FINDINGS}), 0),
      'overdue', coalesce(sum(late), 0),
      'byStatus', json_build_array({by_status}),
      'openBySeverity', json_build_array({open_by_severity}))
      FROM (SELECT f.status, f.severity, count(*) AS n,
                   count(*) FILTER (WHERE f.status IN {_OPEN_FINDINGS}
                                      AND f.due_date < {on}) AS late
              FROM findings f WHERE f.tenant_id = $1 AND f.vendor_id = v.id
             GROUP BY f.status, f.severity) counts)"""


def _latest_report() -> str:
    """The latest read SOC report (soc2 queries' read_reports and latest_first)."""
    return f"""
  'latestSocReport', (SELECT json_build_object(
      'id', {gid("SocReport", "r.id")}, 'kind', r.kind, 'reportType', r.report_type,
      'periodStart', r.period_start, 'periodEnd', r.period_end, 'asOf', r.as_of,
      'opinion', r.opinion, 'serviceAuditor', r.service_auditor,
      'confirmedAt', r.confirmed_at, 'review', json_build_object('needed', r.review_needed))
      FROM soc_reports r
      JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
     WHERE r.tenant_id = $1 AND r.vendor_id = v.id
       AND r.kind IN {_sql_list(SOC_REPORT_KINDS)} AND d.parse_status = 'PARSED'
     ORDER BY coalesce(r.period_end, r.as_of) DESC NULLS LAST, r.parsed_at DESC, r.id DESC
     LIMIT 1)"""


def _review_and_offboarding(on: str) -> str:
    """The next review (the one being worked, else the scheduled one) and the
    offboarding checklist. tprm leaves the order among equally ranked open reviews to the
    database; a vendor has one at a time, and the due date then the id break ties here."""
    document = f"""(SELECT json_build_object('id', {gid("Document", "d.id")}, 'title', d.title)
                      FROM documents d WHERE d.tenant_id = $1 AND d.id = x.document_id)"""
    return f"""
  'nextReview', (SELECT json_build_object(
      'id', {gid("Review", "w.id")}, 'status', w.status, 'dueDate', w.due_date,
      'dueReason', w.due_reason, 'overdue', w.due_date < {on},
      'preparer', {member_of("w.preparer_id")})
      FROM vendor_reviews w
     WHERE w.tenant_id = $1 AND w.vendor_id = v.id AND w.status IN {_sql_list(OPEN_REVIEWS)}
     ORDER BY CASE w.status WHEN 'PENDING_APPROVAL' THEN 0 WHEN 'IN_PROGRESS' THEN 1 ELSE 2 END,
              w.due_date, w.id
     LIMIT 1),
  'offboardingChecklist', (SELECT coalesce(json_agg(json_build_object(
      'id', {gid("OffboardingItem", "x.id")}, 'kind', x.kind, 'status', x.status,
      'note', x.note, 'document', {document}, 'resolvedBy', {member_of("x.resolved_by_id")})
      ORDER BY x.created_at, x.kind), '[]'::json)
      FROM offboarding_items x WHERE x.tenant_id = $1 AND x.vendor_id = v.id)"""


def _follow_ups(statuses: str, states: str, on: str) -> str:
    """The follow-ups in any of the statuses asked for, soonest due first."""
    finding = f"""(SELECT json_build_object('id', {gid("Finding", "f.id")}, 'title', f.title,
                                           'severity', f.severity, 'status', f.status)
                     FROM findings f WHERE f.tenant_id = $1 AND f.id = u.finding_id)"""
    received = f"""(SELECT json_build_object('id', {gid("Document", "d.id")}, 'title', d.title)
                      FROM documents d WHERE d.tenant_id = $1 AND d.id = u.received_document_id)"""
    return f"""
  'followUps', (SELECT coalesce(json_agg(json_build_object(
      'id', {gid("FindingFollowUp", "u.id")}, 'kind', u.kind, 'dueOn', u.due_on,
      'note', u.note, 'status', u.status, 'overdue', u.status = 'EXPECTED' AND u.due_on < {on},
      'statusReason', u.status_reason, 'receivedAt', u.received_at, 'finding', {finding},
      'receivedDocument', {received}, 'createdBy', {member_of("u.created_by_id")},
      'viewerCan', {states}::json -> u.status) ORDER BY u.due_on, u.created_at, u.id),
      '[]'::json)
      FROM finding_follow_ups u
     WHERE u.tenant_id = $1 AND u.vendor_id = v.id AND u.status = ANY({statuses}::text[]))"""


def _documents(first: int) -> str:
    """documents(first:): the vendor's newest documents."""
    node = f"""json_build_object(
        'id', {gid("Document", "d.id")}, 'kind', d.kind, 'title', d.title,
        'parseStatus', d.parse_status, 'createdAt', d.created_at,
        'uploadedBy', {member_of_user("d.uploaded_by")})"""
    return f"""
  'documents', (SELECT json_build_object(
      'totalCount', (SELECT count(*) FROM documents d
                      WHERE d.tenant_id = $1 AND d.vendor_id = v.id),
      {connection_json("node", first)})
      FROM (SELECT {node} AS node,
                   {cursor("documents", [("dt", "d.created_at"), ("uuid", "d.id")])} AS cursor,
                   d.rn
              FROM (SELECT d.*, row_number() OVER (ORDER BY d.created_at DESC, d.id DESC) AS rn
                      FROM documents d WHERE d.tenant_id = $1 AND d.vendor_id = v.id
                     ORDER BY d.created_at DESC, d.id DESC LIMIT {first + 1}) d) p)"""


_SEVERITY_RANK = (
    "CASE f.severity "
    + " ".join(f"WHEN '{s.value}' THEN {s.rank}" for s in Severity)
    + " ELSE 0 END"
)


def _findings(statuses: str | None, first: int) -> str:
    """findings(filter: {status}, orderBy: SEVERITY DESC, first:): the worst first."""
    where = "f.tenant_id = $1 AND f.vendor_id = v.id"
    if statuses is not None:
        where += f" AND f.status = ANY({statuses}::text[])"
    node = f"""json_build_object(
        'id', {gid("Finding", "f.id")}, 'kind', f.kind, 'severity', f.severity,
        'status', f.status, 'title', f.title, 'dueDate', f.due_date,
        'owner', {member_of("f.owner_id")})"""
    keys = [("", "f.sort_key"), ("uuid", "f.id")]
    return f"""
  'findings', (SELECT json_build_object(
      'totalCount', (SELECT count(*) FROM findings f WHERE {where}),
      {connection_json("node", first)})
      FROM (SELECT {node} AS node, {cursor("findings:SEVERITY:1", keys)} AS cursor, f.rn
              FROM (SELECT f.*, {_SEVERITY_RANK} AS sort_key,
                           row_number() OVER (ORDER BY {_SEVERITY_RANK} DESC, f.id DESC) AS rn
                      FROM findings f WHERE {where}
                     ORDER BY {_SEVERITY_RANK} DESC, f.id DESC LIMIT {first + 1}) f) p)"""


def vendor_page(actor: Actor, variables: dict[str, Any]) -> tuple[str, list[Any]]:
    """VendorPage: the vendor and everything its page shows, or null when it is not here."""
    add = Parameters()
    vendor_id = add(uuid_of(variables["id"], "Vendor"))
    on = add(today())
    finding_statuses = variables.get("findingStatus")
    first = variables.get("findingsFirst", 20)
    if first is None or first < 0:
        raise Unsupported("findingsFirst")
    wanted = variables.get("followUpStatus", ["EXPECTED", "RECEIVED"])
    fields = ",".join(
        [
            _own_fields(add(vendor_states(actor).decode())),
            _relations(),
            _onboarding(add(onboarding.may_decide(actor)), add(actor.user_id)),
            _finding_counts(on),
            _latest_report(),
            _review_and_offboarding(on),
            _follow_ups(
                add(list(dict.fromkeys(wanted or [s.value for s in FollowUpStatus]))),
                add(follow_up_states(actor).decode()),
                on,
            ),
            _documents(10),
            _findings(add(list(finding_statuses)) if finding_statuses else None, int(first)),
        ]
    )
    statement = f"""
SELECT json_build_object('vendor', (SELECT json_build_object({fields})
                                      FROM vendors v WHERE v.tenant_id = $1 AND v.id = {vendor_id})
                         )::text
"""
    return statement, add.values
