"""The hand-written answer of the SOC report review screen (SocReportReview,
frontend-contract/operations/documents.graphql): one statement that returns its whole
`data` as JSON written by PostgreSQL (see benchmarks.house_baseline), and issues the
document's link as tprm does (an audit row, in the same statement).

What tprm computes in Python from stored JSON (the parser's sources and review reasons,
each item's source and parser values, a correction's typed values, the comparison with the
previous report) is written here in SQL by the same rules: a page that is not a page, a
quote that is not text, a code this API does not know read as null or OTHER.

The one part that is not SQL is the link itself: it is signed (itsdangerous, as tprm's
LinkSigner does) with the key the statement reads, after the statement, and put in the
place the statement left for it.
"""

# Statements are put together from this module's own text; every value is a parameter.
# ruff: noqa: S608

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import asyncpg
import orjson
from starlette.requests import Request

from app.settings import Settings
from benchmarks.house_lists import DOCUMENT_ROW, Parameters, Unsupported, report_review, uuid_of
from benchmarks.house_sql import gid, member_of, member_of_user, quote_of
from domain.documents.links import Disposition, DocumentLink, LinkSigner
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.policy import Permission
from domain.soc2.models import ReportField

# Where the statement leaves the document's link, to be signed after it (a JSON string no
# stored value can be: the document's JSON is written by this module).
LINK_PLACE = '"(the document link)"'

_SETTINGS = Settings()
_LIFETIME = timedelta(seconds=_SETTINGS.link_seconds)
_signers: dict[bytes, LinkSigner] = {}


def _page(value: str) -> str:
    """A JSON value `value` as GraphQL's Int page (1 to 2**31 - 1), else null; a number
    written with a fraction or an exponent is not an int to tprm either."""
    return (
        f"CASE WHEN jsonb_typeof({value}) = 'number' AND ({value} #>> '{{}}') ~ '^[0-9]+$' "
        f"AND ({value} #>> '{{}}')::numeric BETWEEN 1 AND 2147483647 "
        f"THEN ({value} #>> '{{}}')::int END"
    )


def fact_source(raw: str) -> str:
    """FactSource.from_json of the JSON `raw`: a page and a quote, else null."""
    page = _page(f"{raw} -> 'page'")
    return (
        f"CASE WHEN jsonb_typeof({raw}) = 'object' AND jsonb_typeof({raw} -> 'quote') = 'string' "
        f"AND {page} IS NOT NULL "
        f"THEN json_build_object('page', {page}, 'quote', {raw} ->> 'quote') END"
    )


# SocReportSources' fields: (GraphQL name, the parser's key)
_SOURCED = [
    ("kind", "kind"),
    ("type", "type"),
    ("serviceOrganization", "service_organization"),
    ("serviceAuditor", "service_auditor"),
    ("periodStart", "period_start"),
    ("periodEnd", "period_end"),
    ("asOf", "as_of"),
    ("reportDate", "report_date"),
    ("opinion", "opinion"),
    ("opinionBasis", "opinion_basis"),
    ("trustServicesCategories", "trust_services_categories"),
]


def sources() -> str:
    """SocReportSources of the report `r`: each fact's source, null where none."""
    pairs = ", ".join(f"'{name}', {fact_source(f'r.sources -> {key!r}')}" for name, key in _SOURCED)
    return f"json_build_object({pairs})"


# -- items -------------------------------------------------------------------------------


def _parsed(alias: str) -> str:
    """Whether the item has parser values (tprm: `if row.parsed`, a non-empty object)."""
    return f"(jsonb_typeof({alias}.parsed) = 'object' AND {alias}.parsed <> '{{}}'::jsonb)"


def item_source(alias: str, words: str) -> str:
    """item_source: the parsed page, and the item's main words as printed (whitespace
    collapsed, at most 300 characters); null for an item read without a page."""
    parsed = f"coalesce({alias}.parsed, '{{}}'::jsonb)"
    page = _page(f"{parsed} -> 'page'")
    text = f"coalesce({parsed} ->> '{words}', '')"
    return (
        f"CASE WHEN {page} IS NOT NULL "
        f"THEN json_build_object('page', {page}, 'quote', {quote_of(text)}) END"
    )


def item_review(alias: str) -> str:
    return (
        f"json_build_object('origin', {alias}.origin, 'correctedAt', {alias}.corrected_at, "
        f"'dismissedAt', {alias}.dismissed_at, 'dismissReason', {alias}.dismiss_reason)"
    )


def _text(value: str) -> str:
    """A JSON value that is a string, as text; else null."""
    return f"CASE WHEN jsonb_typeof({value}) = 'string' THEN {value} #>> '{{}}' END"


def _uuid(value: str) -> str:
    """A JSON string that is a UUID written 8-4-4-4-12, as a uuid; else null."""
    pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    return f"CASE WHEN ({_text(value)}) ~ '{pattern}' THEN ({value} #>> '{{}}')::uuid END"


def _text_of(alias: str, key: str) -> str:
    """A parser value read `or ""` (a value that is not text is empty)."""
    value = f"{alias}.parsed -> '{key}'"
    return f"coalesce({_text(value)}, '')"


def _items(table: str, alias: str, node: str) -> str:
    """The report's items of one kind, in report order (dismissed ones too)."""
    return (
        f"(SELECT coalesce(json_agg({node} ORDER BY {alias}.position, {alias}.id), '[]'::json) "
        f"FROM {table} {alias} WHERE {alias}.tenant_id = $1 AND {alias}.report_id = r.id)"
    )


def exceptions() -> str:
    """Exceptions with their parser values and the finding each raised (by its source key:
    the report's document, the exception rule, the item's key)."""
    finding = f"""(SELECT json_build_object('id', {gid("Finding", "f.id")}, 'status', f.status,
                                           'severity', f.severity, 'dueDate', f.due_date,
                                           'owner', {member_of("f.owner_id")})
                     FROM findings f
                    WHERE f.tenant_id = $1
                      AND f.source_key = r.document_id::text || ':exception:' || e.item_key)"""
    node = f"""json_build_object(
      'id', {gid("SocException", "e.id")}, 'controlId', e.control_id,
      'criteria', to_json(e.criteria), 'control', e.control, 'test', e.test,
      'result', e.result, 'managementResponse', e.management_response, 'page', e.page,
      'recurrence', e.recurrence, 'source', {item_source("e", "result")},
      'review', {item_review("e")},
      'parserValues', CASE WHEN {_parsed("e")} THEN json_build_object(
        'result', {_text_of("e", "result")},
        'managementResponse', {_text("e.parsed -> 'management_response'")},
        'page', {_page("(e.parsed -> 'page')")}) END,
      'finding', {finding})"""
    return _items("soc_exceptions", "e", node)


def cuecs() -> str:
    node = f"""json_build_object(
      'id', {gid("Cuec", "c.id")}, 'text', c.text, 'criteria', to_json(c.criteria),
      'page', c.page, 'source', {item_source("c", "text")}, 'review', {item_review("c")},
      'parserValues', CASE WHEN {_parsed("c")}
                           THEN json_build_object('text', {_text_of("c", "text")}) END)"""
    return _items("soc_cuecs", "c", node)


def subservice_organizations() -> str:
    node = f"""json_build_object(
      'id', {gid("SubserviceOrganization", "s.id")}, 'name', s.name, 'services', s.services,
      'method', s.method, 'page', s.page, 'source', {item_source("s", "name")},
      'review', {item_review("s")},
      'parserValues', CASE WHEN {_parsed("s")} THEN json_build_object(
        'name', {_text_of("s", "name")}, 'method', nullif(s.parsed ->> 'method', '')) END)"""
    return _items("soc_subservice_organizations", "s", node)


def csocs() -> str:
    node = f"""json_build_object(
      'id', {gid("Csoc", "o.id")}, 'text', o.text,
      'subserviceOrganization', o.subservice_organization, 'criteria', to_json(o.criteria),
      'page', o.page, 'source', {item_source("o", "text")}, 'review', {item_review("o")},
      'parserValues', CASE WHEN {_parsed("o")}
                           THEN json_build_object('text', {_text_of("o", "text")}) END)"""
    return _items("soc_csocs", "o", node)


# -- corrections and comparison ------------------------------------------------------------

_TEXT_FIELDS = [
    f.value
    for f in ReportField
    if f
    not in (
        ReportField.KIND,
        ReportField.REPORT_TYPE,
        ReportField.OPINION,
        ReportField.CATEGORIES,
        ReportField.PERIOD_START,
        ReportField.PERIOD_END,
        ReportField.AS_OF,
        ReportField.REPORT_DATE,
    )
]
_DATE_FIELDS = ["period_start", "period_end", "as_of", "report_date"]


def field_value(value: str) -> str:
    """ReportFieldValue.of(x.field, `value`): the member that fits the field, the others
    null; null for no value."""
    dates = ", ".join(f"'{f}'" for f in _DATE_FIELDS)
    texts = ", ".join(f"'{f}'" for f in _TEXT_FIELDS)
    scalar = f"({value} #>> '{{}}')"
    return f"""CASE WHEN {value} IS NOT NULL AND jsonb_typeof({value}) <> 'null'
      THEN json_build_object(
        'text', CASE WHEN x.field IN ({texts}) THEN {scalar} END,
        'date', CASE WHEN x.field IN ({dates}) THEN {scalar}::date END,
        'kind', CASE WHEN x.field = 'kind' THEN {scalar} END,
        'reportType', CASE WHEN x.field = 'report_type' THEN {scalar} END,
        'opinion', CASE WHEN x.field = 'opinion' THEN {scalar} END,
        'categories', CASE WHEN x.field = 'categories' THEN {value} END) END"""


def corrections() -> str:
    """Fields a reviewer corrected, by field: their value and the parser's."""
    return f"""(SELECT coalesce(json_agg(json_build_object(
      'field', upper(x.field), 'note', x.note, 'correctedAt', x.corrected_at,
      'correctedBy', {member_of_user("x.corrected_by")},
      'value', {field_value("x.value")},
      'parserValue', {field_value("(r.parsed -> x.field)")}) ORDER BY x.field, x.id), '[]'::json)
      FROM soc_report_corrections x WHERE x.tenant_id = $1 AND x.report_id = r.id)"""


def _list(value: str) -> str:
    """`raw.get(key) or []` of a JSON list."""
    return f"coalesce(nullif({value}, 'null'::jsonb), '[]'::jsonb)"


def comparison() -> str:
    """ReportComparison.from_json of the stored comparison; null when there is none."""
    c = "r.comparison"
    previous = f"""(SELECT json_build_object('id', {gid("SocReport", "p.id")},
                                            'periodEnd', p.period_end)
                      FROM soc_reports p
                     WHERE p.tenant_id = $1 AND p.id = {_uuid(f"{c} -> 'previous_report_id'")})"""
    resolved = f"""(SELECT coalesce(json_agg(json_build_object(
        'controlId', x ->> 'control_id', 'criteria', {_list("x -> 'criteria'")},
        'result', coalesce(x ->> 'result', '')) ORDER BY n), '[]'::json)
        FROM jsonb_array_elements({_list(f"{c} -> 'resolved_exceptions'")})
             WITH ORDINALITY AS t(x, n))"""
    return f"""CASE WHEN jsonb_typeof({c}) = 'object' AND {c} <> '{{}}'::jsonb
      THEN json_build_object(
        'previousReport', {previous},
        -- comparisons stored before reviews were kept say nothing: conclusive
        'conclusive', CASE WHEN coalesce(jsonb_typeof({c} -> 'conclusive'), 'null') = 'null'
                           THEN true ELSE coalesce({c} -> 'conclusive' = 'true', false) END,
        'opinionFrom', nullif({c} ->> 'opinion_from', ''),
        'opinionTo', nullif({c} ->> 'opinion_to', ''),
        'opinionChanged', coalesce({c} -> 'opinion_changed' = 'true', false),
        'categoriesAdded', {_list(f"{c} -> 'categories_added'")},
        'categoriesDropped', {_list(f"{c} -> 'categories_dropped'")},
        'subservicesAdded', {_list(f"{c} -> 'subservices_added'")},
        'subservicesDropped', {_list(f"{c} -> 'subservices_dropped'")},
        'resolvedExceptions', {resolved}) END"""


# -- the screen ----------------------------------------------------------------------------


def _report(viewer_can: str) -> str:
    """The report `r` as the screen shows it; its document's link left as LINK_PLACE."""
    document = f"""(SELECT json_build_object({DOCUMENT_ROW.format(id=gid("Document", "d.id"))},
                                           'link', {LINK_PLACE!r}::json)
                      FROM documents d WHERE d.tenant_id = $1 AND d.id = r.document_id)"""
    vendor = f"""(SELECT json_build_object('id', {gid("Vendor", "v.id")}, 'name', v.name,
                                          'tier', v.tier)
                    FROM vendors v WHERE v.tenant_id = $1 AND v.id = r.vendor_id)"""
    return f"""json_build_object(
  'id', {gid("SocReport", "r.id")}, 'kind', r.kind, 'reportType', r.report_type,
  'serviceOrganization', r.service_organization, 'serviceAuditor', r.service_auditor,
  'periodStart', r.period_start, 'periodEnd', r.period_end, 'asOf', r.as_of,
  'reportDate', r.report_date, 'opinion', r.opinion, 'opinionBasis', r.opinion_basis,
  'categories', to_json(r.categories), 'pages', r.pages,
  'warnings', jsonb_path_query_array(CASE WHEN jsonb_typeof(r.warnings) = 'array'
                                          THEN r.warnings ELSE '[]' END,
                                     'strict $[*] ? (@.type() == "string")'),
  'confirmedAt', r.confirmed_at, 'confirmedBy', {member_of_user("r.confirmed_by")},
  'viewerCan', {viewer_can}::json, 'document', {document}, 'vendor', {vendor},
  'review', {report_review("r")}, 'sources', {sources()}, 'corrections', {corrections()},
  'exceptions', {exceptions()}, 'cuecs', {cuecs()},
  'subserviceOrganizations', {subservice_organizations()}, 'csocs', {csocs()},
  'comparison', {comparison()})"""


def viewer_can(actor: Actor) -> bytes:
    """SocReport.viewerCan: the domain's permissions, as tprm decides them."""
    review = policy.allows(actor, Permission.SOC_REVIEW)
    return orjson.dumps(
        {
            "correct": review,
            "confirm": review and not actor.delegated,
            "reparse": policy.allows(actor, Permission.DOCUMENT_REPARSE),
        }
    )


def _link_issued(add: Parameters, actor: Actor) -> str:
    """The audit row of the link (documents.service.issue_link's record_fact), written
    when the report and its document are there; it returns the document's id."""
    expires_at = datetime.now(UTC) + _LIFETIME
    changes = {
        "disposition": {"before": None, "after": Disposition.INLINE.value},
        "expires_at": {"before": None, "after": expires_at.isoformat()},
    }
    return f"""
  INSERT INTO audit_events (tenant_id, id, actor_kind, actor_user_id, actor_token_id, action,
                            entity_type, entity_id, changes)
  SELECT $1, {add(uuid4())}, {add(actor.kind)}, {add(actor.user_id)}, {add(actor.token_id)},
         'document.link_issued', 'Document', d.id, {add(orjson.dumps(changes).decode())}::jsonb
    FROM report r JOIN documents d ON d.tenant_id = $1 AND d.id = r.document_id
  RETURNING entity_id"""


def soc_report_review(actor: Actor, variables: dict[str, Any]) -> tuple[str, list[Any]]:
    """SocReportReview: the report by its ID (null when it is not here), with the signing
    key and the document whose link is to be signed after the statement."""
    report_id = uuid_of(variables["id"], "SocReport")
    if report_id.int == 0:
        raise Unsupported("a node that is not a SocReport")
    if actor.membership_id is None or actor.token_id is None:
        raise Unsupported("links for a token that is not a member's")
    add = Parameters()
    report = add(report_id)
    statement = f"""
WITH report AS (SELECT * FROM soc_reports WHERE tenant_id = $1 AND id = {report}),
link AS ({_link_issued(add, actor)})
SELECT json_build_object('node', (SELECT {_report(add(viewer_can(actor).decode()))}
                                    FROM report r))::text AS data,
       (SELECT entity_id FROM link) AS document_id,
       (SELECT secret FROM server_secrets WHERE name = 'document_links') AS secret
"""
    return statement, add.values


def with_link(request: Request, actor: Actor, row: asyncpg.Record) -> str:
    """The statement's `data` with the document's link signed and put in its place (the
    statement wrote the rest): the link's token as tprm's LinkSigner issues it."""
    data: str = row["data"]
    if row["document_id"] is None:
        return data
    key = _SETTINGS.link_signing_key.encode() if _SETTINGS.link_signing_key else row["secret"]
    signer = _signers.get(key) or _signers.setdefault(key, LinkSigner(key, _LIFETIME))
    assert actor.membership_id is not None and actor.token_id is not None
    token, expires_at = signer.issue(
        DocumentLink(
            actor.tenant_id,
            row["document_id"],
            actor.membership_id,
            actor.token_id,
            Disposition.INLINE,
        )
    )
    link = {"url": f"{request.base_url}files/{token}", "expiresAt": expires_at.isoformat()}
    return data.replace(LINK_PLACE, orjson.dumps(link).decode(), 1)
