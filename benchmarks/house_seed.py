"""The rest of the house at a large customer's scale, beside benchmarks.vendors' vendors.

In the 100,000-vendor tenant ("Bench Co"): members to own things, 20,000 SOC reports (a
document each, parsed, with exceptions, CUECs, subservice organizations and CSOCs, some
needing review), other documents, 500,000 findings (one per exception, the rest raised by
other rules or by hand; open, worked, closed; some overdue, many owned, some with a
remediation plan or a follow-up), reviews, questionnaires sent from templates (with their
links, their `questionnaire.sent` events and those events' deliveries), controls and
risks (scored, owned, some accepted, linked to controls and findings). The two other
tenants get the same at a tenth of the size, so that every page reads beside other
tenants' rows, as it would in production.

One vendor, the showcase (`SHOWCASE_DOMAIN`), is what the single-vendor screens open: it
has three yearly reports, the latest with ten exceptions and a comparison with the one
before, several hundred findings, follow-ups, documents and its next review.

Everything is written by INSERT ... SELECT over generate_series, in one transaction per
tenant, as the owner role (row-level security does not apply to it); values vary by a hash
of the row's number, so a reseed gives the same shape. `seed_house` does nothing when the
tenant already has its findings: run it after benchmarks.vendors' seed, as often as you
like.
"""

# Statements are put together from this module's own text; every value is a parameter.
# ruff: noqa: S608

import json
import sys
import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg

from domain.questionnaires.starter import STARTER
from domain.questionnaires.template_json import to_json

# The vendor the single-vendor screens open (a vendor of benchmarks.vendors' seed: its
# domains are deterministic, its ids are not).
SHOWCASE_DOMAIN = "globexcloud1.example"


@dataclass(frozen=True)
class HouseSize:
    """How much of each thing one tenant gets."""

    reports: int
    other_documents: int
    findings: int
    reviews: int
    questionnaires: int
    risks: int
    members: int = 25
    controls: int = 60

    def scaled(self, fraction: float) -> "HouseSize":
        return HouseSize(
            reports=max(10, int(self.reports * fraction)),
            other_documents=max(10, int(self.other_documents * fraction)),
            findings=max(100, int(self.findings * fraction)),
            reviews=max(10, int(self.reviews * fraction)),
            questionnaires=max(10, int(self.questionnaires * fraction)),
            risks=max(10, int(self.risks * fraction)),
            members=self.members,
            controls=self.controls,
        )


# The large customer.
LARGE = HouseSize(
    reports=20_000,
    other_documents=10_000,
    findings=500_000,
    reviews=30_000,
    questionnaires=50_000,
    risks=20_000,
)

# Each statement takes $1 = the tenant's id; the sizes are further parameters. The temp
# tables number the tenant's vendors, members and findings, so that a row's number picks
# one by a hash of it.
NUMBERED = """
DROP TABLE IF EXISTS seed_vendors, seed_members, seed_findings;
CREATE TEMP TABLE seed_vendors AS
  SELECT row_number() OVER (ORDER BY id) AS n, id, name, tier FROM vendors WHERE tenant_id = '{tenant}';
CREATE UNIQUE INDEX ON seed_vendors (n);
CREATE TEMP TABLE seed_members AS
  SELECT row_number() OVER (ORDER BY id) AS n, id, user_id FROM memberships
   WHERE tenant_id = '{tenant}' AND removed_at IS NULL;
CREATE UNIQUE INDEX ON seed_members (n);
"""

MEMBERS = [
    # $2: how many, $3: the e-mail domain
    """INSERT INTO users (id, email)
       SELECT gen_random_uuid(), 'member' || i || '@' || $3 FROM generate_series(1, $2) i
        WHERE $1::uuid IS NOT NULL
       ON CONFLICT (email) DO NOTHING""",
    """INSERT INTO memberships (tenant_id, id, user_id, display_name, role, created_at, updated_at)
       SELECT $1, gen_random_uuid(), u.id,
              (ARRAY['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','Ken','Radia',
                     'Leslie'])[1 + i % 10] || ' ' ||
              (ARRAY['Lovelace','Hopper','Turing','Dijkstra','Liskov','Knuth','Allen',
                     'Thompson','Perlman','Lamport'])[1 + (i / 10) % 10],
              (ARRAY['REVIEWER','REVIEWER','PROCUREMENT','VIEWER','ADMIN'])[1 + i % 5],
              now() - interval '400 days', now() - interval '400 days'
         FROM generate_series(1, $2) i
         JOIN users u ON u.email = 'member' || i || '@' || $3""",
]

# SOC reports: documents, then one report per document. $2: reports; $3: the showcase
# vendor's id (it gets three more, one a year).
REPORT_DOCUMENTS = """
INSERT INTO documents (tenant_id, id, vendor_id, kind, title, filename, content_type,
                       size_bytes, sha256, issued_on, period_start, period_end, parse_status,
                       parse_attempts, parsed_at, uploaded_by, created_at, updated_at)
SELECT $1, gen_random_uuid(), d.vendor_id, d.kind,
       CASE d.kind WHEN 'SOC1_REPORT' THEN 'SOC 1' ELSE 'SOC 2' END || ' Type II report '
         || extract(year FROM d.period_end),
       lower(replace(d.kind, '_REPORT', '')) || '-type2-' || extract(year FROM d.period_end)
         || '.pdf',
       'application/pdf', 400000 + abs(hashtext(d.i || 'size')) % 4000000,
       encode(sha256(convert_to($1::uuid::text || d.i || 'report', 'UTF8')), 'hex'),
       d.period_end + 45, d.period_end - 364, d.period_end, 'PARSED', 1,
       d.created_at + interval '2 minutes', m.user_id, d.created_at, d.created_at
  FROM (SELECT i, v.id AS vendor_id,
               CASE WHEN abs(hashtext(i || 'kind')) % 10 = 0 THEN 'SOC1_REPORT'
                    ELSE 'SOC2_REPORT' END AS kind,
               (date '2026-09-30' - abs(hashtext(i || 'period')) % 540) AS period_end,
               now() - (abs(hashtext(i || 'uploaded')) % 500) * interval '1 day'
                     - i * interval '1 second' AS created_at
          FROM generate_series(1, $2) i
          JOIN seed_vendors v ON v.n = 1 + (i * 4) % (SELECT count(*) FROM seed_vendors)
        UNION ALL
        SELECT 1000000 + y, $3::uuid, 'SOC2_REPORT', make_date(2023 + y, 6, 30),
               make_date(2023 + y, 8, 14)::timestamptz
          FROM generate_series(1, 3) y) d
  JOIN seed_members m ON m.n = 1 + abs(hashtext(d.i || 'uploader')) % (SELECT count(*) FROM seed_members)
"""

REPORTS = """
INSERT INTO soc_reports (tenant_id, id, document_id, vendor_id, kind, report_type,
                         service_organization, service_auditor, period_start, period_end,
                         report_date, opinion, opinion_basis, categories, pages, parsed,
                         warnings, sources, review_needed, review_reasons, parsed_at,
                         updated_at)
SELECT d.tenant_id, gen_random_uuid(), d.id, d.vendor_id,
       CASE d.kind WHEN 'SOC1_REPORT' THEN 'SOC1' ELSE 'SOC2' END, 'TYPE2',
       v.name || ' Inc.', a.auditor, d.period_start, d.period_end, d.period_end + 40,
       o.opinion,
       CASE WHEN o.opinion = 'QUALIFIED' THEN 'Controls over logical access were not '
            'suitably designed to provide reasonable assurance.' END,
       ARRAY['SECURITY', 'AVAILABILITY', 'CONFIDENTIALITY']::varchar[],
       60 + abs(hashtext(d.id::text || 'pages')) % 180,
       jsonb_build_object('kind', CASE d.kind WHEN 'SOC1_REPORT' THEN 'SOC1' ELSE 'SOC2' END,
                          'type', 'TYPE2', 'opinion', o.opinion,
                          'service_auditor', a.auditor,
                          'period_start', d.period_start, 'period_end', d.period_end),
       CASE WHEN r.needed THEN '["Opinion page is an image: read by OCR."]'::jsonb
            ELSE '[]'::jsonb END,
       jsonb_build_object(
         'kind', jsonb_build_object('page', 1, 'quote', 'SOC 2 Type II Report'),
         'type', jsonb_build_object('page', 1, 'quote', 'Type II'),
         'service_organization', jsonb_build_object('page', 1, 'quote', v.name || ' Inc.'),
         'service_auditor', jsonb_build_object('page', 4, 'quote', a.auditor || ' LLP'),
         'period_start', jsonb_build_object('page', 1, 'quote',
                                            to_char(d.period_start, 'FMMonth FMDD, YYYY')),
         'period_end', jsonb_build_object('page', 1, 'quote',
                                          to_char(d.period_end, 'FMMonth FMDD, YYYY')),
         'report_date', jsonb_build_object('page', 5, 'quote',
                                           to_char(d.period_end + 40, 'FMMonth FMDD, YYYY')),
         'opinion', jsonb_build_object('page', 5, 'quote',
           'In our opinion, in all material respects, the controls were suitably designed '
           'and operated effectively.'),
         'trust_services_categories', jsonb_build_object('page', 12, 'quote',
           'Security, Availability and Confidentiality')),
       r.needed,
       CASE WHEN r.needed THEN jsonb_build_array(
         jsonb_build_object('field', 'opinion', 'page', 5, 'reason', 'IMAGE_ONLY',
                            'text', 'pages 5-6'),
         jsonb_build_object('field', 'exceptions', 'page', 48, 'reason', 'UNCERTAIN_RESULT',
                            'text', 'Deviation noted in one of 25 samples; see response.'))
            ELSE '[]'::jsonb END,
       d.parsed_at, d.parsed_at
  FROM documents d
  JOIN vendors v ON v.tenant_id = d.tenant_id AND v.id = d.vendor_id
  CROSS JOIN LATERAL (SELECT (ARRAY['Schellman','A-LIGN','Coalfire','KPMG','Deloitte'])
                             [1 + abs(hashtext(d.id::text || 'auditor')) % 5] AS auditor) a
  CROSS JOIN LATERAL (SELECT CASE WHEN abs(hashtext(d.id::text || 'opinion')) % 12 = 0
                                  THEN 'QUALIFIED' ELSE 'UNQUALIFIED' END AS opinion) o
  CROSS JOIN LATERAL (SELECT abs(hashtext(d.id::text || 'review')) % 10 = 0 AS needed) r
 WHERE d.tenant_id = $1 AND d.kind IN ('SOC1_REPORT', 'SOC2_REPORT')
"""

# Items of every report: a handful of each; the showcase vendor's latest report has ten
# exceptions. {table} and {columns} name the item table and its own columns.
ITEMS = {
    "soc_exceptions": """
INSERT INTO soc_exceptions (tenant_id, id, report_id, item_key, position, origin, parsed, page,
                            control_id, criteria, control, test, result, management_response,
                            recurrence)
SELECT r.tenant_id, gen_random_uuid(), r.id, md5(r.id::text || 'exception' || k), k, 'PARSER',
       jsonb_build_object('control_id', 'CC6.' || k, 'criteria', jsonb_build_array('CC6.' || k),
                          'control', x.control, 'test', x.test, 'result', x.result,
                          'management_response', x.response, 'page', 40 + k),
       40 + k, 'CC6.' || k, ARRAY['CC6.' || k]::varchar[], x.control, x.test, x.result,
       x.response, CASE WHEN k % 3 = 0 THEN 'RECURRING' WHEN k % 3 = 1 THEN 'NEW' END
  FROM soc_reports r
  JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
  CROSS JOIN LATERAL generate_series(1,
    CASE WHEN r.vendor_id = $2 AND d.period_end = date '2026-06-30' THEN 10
         ELSE abs(hashtext(r.id::text || 'exceptions')) % 4 END) k
  CROSS JOIN LATERAL (SELECT
    'Logical access to production systems is removed within one business day of termination.'
      AS control,
    'Inspected a sample of 25 terminated users and their access removal tickets.' AS test,
    'For ' || (1 + k % 4) || ' of 25 terminated users sampled, access was removed between '
      || (3 + k) || ' and ' || (9 + k) || '   business days after termination.' AS result,
    'Management has   automated deprovisioning through the HR system as of ' ||
      to_char(d.period_end + 30, 'FMMonth YYYY') || '.' AS response) x
 WHERE r.tenant_id = $1
""",
    "soc_cuecs": """
INSERT INTO soc_cuecs (tenant_id, id, report_id, item_key, position, origin, parsed, page, text,
                       criteria)
SELECT r.tenant_id, gen_random_uuid(), r.id, md5(r.id::text || 'cuec' || k), k, 'PARSER',
       jsonb_build_object('text', x.text, 'criteria', jsonb_build_array('CC6.' || k),
                          'page', 30 + k),
       30 + k, x.text, ARRAY['CC6.' || k]::varchar[]
  FROM soc_reports r
  CROSS JOIN LATERAL generate_series(1, 3 + abs(hashtext(r.id::text || 'cuecs')) % 4) k
  CROSS JOIN LATERAL (SELECT (ARRAY[
    'User entities are responsible for   removing access of their own terminated users.',
    'User entities are responsible for reviewing the access of their users quarterly.',
    'User entities are responsible for protecting the credentials issued to them.',
    'User entities are responsible for notifying the service organization of incidents.',
    'User entities are responsible for configuring multi-factor authentication.',
    'User entities are responsible for the accuracy of the data they submit.'])[k] AS text) x
 WHERE r.tenant_id = $1
""",
    "soc_subservice_organizations": """
INSERT INTO soc_subservice_organizations (tenant_id, id, report_id, item_key, position, origin,
                                          parsed, page, name, services, method)
SELECT r.tenant_id, gen_random_uuid(), r.id, md5(r.id::text || 'subservice' || k), k, 'PARSER',
       jsonb_build_object('name', x.name, 'services', x.services, 'method', 'CARVE_OUT',
                          'page', 20 + k),
       20 + k, x.name, x.services, 'CARVE_OUT'
  FROM soc_reports r
  CROSS JOIN LATERAL generate_series(1, 1 + abs(hashtext(r.id::text || 'subs')) % 3) k
  CROSS JOIN LATERAL (SELECT
    (ARRAY['Amazon Web Services', 'Okta, Inc.', 'Snowflake Inc.'])[k] AS name,
    (ARRAY['Infrastructure hosting', 'Identity provider', 'Data warehousing'])[k] AS services) x
 WHERE r.tenant_id = $1
""",
    "soc_csocs": """
INSERT INTO soc_csocs (tenant_id, id, report_id, item_key, position, origin, parsed, page, text,
                       subservice_organization, criteria)
SELECT r.tenant_id, gen_random_uuid(), r.id, md5(r.id::text || 'csoc' || k), k, 'PARSER',
       jsonb_build_object('text', x.text, 'subservice_organization', 'Amazon Web Services',
                          'criteria', jsonb_build_array('CC6.4'), 'page', 25 + k),
       25 + k, x.text, 'Amazon Web Services', ARRAY['CC6.4']::varchar[]
  FROM soc_reports r
  CROSS JOIN LATERAL generate_series(1, 2 + abs(hashtext(r.id::text || 'csocs')) % 3) k
  CROSS JOIN LATERAL (SELECT (ARRAY[
    'Physical access to data centers is restricted to authorized personnel.',
    'Environmental protections are maintained in data centers.',
    'Media is destroyed securely when decommissioned.',
    'Changes to the network infrastructure are authorized and tested.'])[k] AS text) x
 WHERE r.tenant_id = $1
""",
}

# The showcase's latest report against the one before (domain/soc2/comparison.py's shape).
COMPARISON = """
UPDATE soc_reports r
   SET previous_report_id = p.id,
       comparison = jsonb_build_object(
         'previous_report_id', p.id, 'opinion_from', p.opinion, 'opinion_to', r.opinion,
         'opinion_changed', p.opinion IS DISTINCT FROM r.opinion, 'conclusive', true,
         'categories_added', '[]'::jsonb, 'categories_dropped', '[]'::jsonb,
         'subservices_added', '["Snowflake Inc."]'::jsonb, 'subservices_dropped', '[]'::jsonb,
         'resolved_exceptions', jsonb_build_array(
           jsonb_build_object('control_id', 'CC7.2', 'criteria', '["CC7.2"]'::jsonb,
                              'control', 'Security events are monitored.',
                              'result', 'Alerts were not reviewed for 2 of 40 days.')))
  FROM soc_reports p
 WHERE r.tenant_id = $1 AND p.tenant_id = $1 AND r.vendor_id = $2 AND p.vendor_id = $2
   AND r.period_end = date '2026-06-30' AND p.period_end = date '2025-06-30'
"""

# $2: how many; $3: the showcase vendor's id, which gets a dozen (one an hour apart).
OTHER_DOCUMENTS = """
INSERT INTO documents (tenant_id, id, vendor_id, kind, title, filename, content_type,
                       size_bytes, sha256, issued_on, expires_on, parse_attempts, uploaded_by,
                       created_at, updated_at)
SELECT $1, gen_random_uuid(), d.vendor_id, k.kind, k.title || ' ' || d.i, k.filename,
       'application/pdf', 50000 + abs(hashtext(d.i || 'size')) % 900000,
       encode(sha256(convert_to($1::uuid::text || d.i || 'other', 'UTF8')), 'hex'),
       current_date - abs(hashtext(d.i || 'issued')) % 700,
       CASE WHEN k.kind = 'INSURANCE' THEN current_date + 200 END, 0, m.user_id,
       d.created_at, d.created_at
  FROM (SELECT i, v.id AS vendor_id,
               now() - (abs(hashtext(i || 'uploaded')) % 700) * interval '1 day' AS created_at
          FROM generate_series(1, $2) i
          JOIN seed_vendors v ON v.n = 1 + (i * 7) % (SELECT count(*) FROM seed_vendors)
        UNION ALL
        SELECT 2000000 + j, $3::uuid, now() - j * interval '1 hour' FROM generate_series(1, 12) j) d
  CROSS JOIN LATERAL (SELECT
    (ARRAY['CONTRACT', 'INSURANCE', 'PENTEST', 'QUESTIONNAIRE_EVIDENCE', 'OTHER'])
      [1 + abs(hashtext(d.i || 'kind')) % 5] AS kind) c
  CROSS JOIN LATERAL (SELECT c.kind,
    (ARRAY['Master services agreement', 'Certificate of insurance', 'Penetration test summary',
           'Security policy', 'Data processing addendum'])
      [1 + abs(hashtext(d.i || 'kind')) % 5] AS title,
    lower(c.kind) || '-' || d.i || '.pdf' AS filename) k
  JOIN seed_members m ON m.n = 1 + abs(hashtext(d.i || 'uploader')) % (SELECT count(*) FROM seed_members)
"""

# Findings: one per exception (as raising does, by its source key), then the rest.
# Status, severity, owner and due date vary by a hash of the finding's number.
_FINDING_VALUES = """
       (ARRAY['OPEN','OPEN','OPEN','IN_REMEDIATION','IN_REMEDIATION','RESOLVED','RESOLVED',
              'RESOLVED','RESOLVED','RISK_ACCEPTED'])[1 + abs(hashtext(f.i || 'status')) % 10]
         AS status,
       (ARRAY['LOW','MEDIUM','MEDIUM','HIGH','HIGH','CRITICAL'])
         [1 + abs(hashtext(f.i || 'severity')) % 6] AS severity,
       CASE WHEN abs(hashtext(f.i || 'owned')) % 10 < 7 THEN
         (SELECT id FROM seed_members
           WHERE n = 1 + abs(hashtext(f.i || 'owner')) % (SELECT count(*) FROM seed_members))
       END AS owner_id,
       CASE WHEN abs(hashtext(f.i || 'dated')) % 10 < 9 THEN
         current_date + (abs(hashtext(f.i || 'due')) % 240) - 60 END AS due_date
"""

EXCEPTION_FINDINGS = f"""
INSERT INTO findings (tenant_id, id, vendor_id, document_id, source_key, kind, severity, status,
                      title, description, owner_id, due_date, status_reason, closed_at, grade,
                      created_at, updated_at)
SELECT $1, gen_random_uuid(), f.vendor_id, f.document_id, f.source_key, 'CONTROL_EXCEPTION',
       s.severity, s.status, 'Control exception: ' || f.control_id,
       f.vendor_name || '''s auditor found a deviation in ' || f.control_id || ': ' || f.result,
       s.owner_id, s.due_date,
       CASE WHEN s.status = 'RISK_ACCEPTED' THEN 'Compensating controls at our side.' END,
       CASE WHEN s.status IN ('RESOLVED', 'RISK_ACCEPTED') THEN f.created_at + interval '20 days'
       END,
       'CONTROL_DEFICIENCY', f.created_at, f.created_at + interval '1 day'
  FROM (SELECT row_number() OVER (ORDER BY e.id) AS i, r.vendor_id, r.document_id,
               r.document_id || ':exception:' || e.item_key AS source_key, e.control_id,
               e.result, v.name AS vendor_name, r.parsed_at + interval '5 minutes' AS created_at
          FROM soc_exceptions e
          JOIN soc_reports r ON r.tenant_id = e.tenant_id AND r.id = e.report_id
          JOIN vendors v ON v.tenant_id = r.tenant_id AND v.id = r.vendor_id
         WHERE e.tenant_id = $1) f
  CROSS JOIN LATERAL (SELECT {_FINDING_VALUES}) s
"""

# $2: how many; $3: the showcase vendor's id (the first 400 are its own).
OTHER_FINDINGS = f"""
INSERT INTO findings (tenant_id, id, vendor_id, source_key, kind, severity, status, title,
                      description, owner_id, due_date, status_reason, closed_at, root_cause,
                      created_at, updated_at)
SELECT $1, gen_random_uuid(), f.vendor_id, 'seed:' || f.i, k.kind, s.severity, s.status,
       k.title || ' (' || f.i || ')',
       k.title || ': found during the vendor''s review; see the evidence attached to it.',
       s.owner_id, s.due_date,
       CASE WHEN s.status = 'RISK_ACCEPTED' THEN 'Accepted until the next report.' END,
       CASE WHEN s.status IN ('RESOLVED', 'RISK_ACCEPTED') THEN f.created_at + interval '30 days'
       END,
       CASE WHEN abs(hashtext(f.i || 'cause')) % 3 = 0 THEN 'PROCESS' END,
       f.created_at, f.created_at + (abs(hashtext(f.i || 'updated')) % 30) * interval '1 day'
  FROM (SELECT i, CASE WHEN i <= 400 THEN $3::uuid ELSE v.id END AS vendor_id,
               now() - (abs(hashtext(i || 'created')) % 730) * interval '1 day'
                     - i * interval '1 second' AS created_at
          FROM generate_series(1, $2) i
          JOIN seed_vendors v ON v.n = 1 + abs(hashtext(i || 'vendor')) % (SELECT count(*) FROM seed_vendors)) f
  CROSS JOIN LATERAL (SELECT
    (ARRAY['STALE_REPORT','RAISED_BY_HAND','QUESTIONNAIRE_ANSWER','CUEC_GAP',
           'CATEGORY_NOT_COVERED','MODIFIED_OPINION','BRIDGE_LETTER_MISSING'])
      [1 + abs(hashtext(f.i || 'kind')) % 7] AS kind) c
  CROSS JOIN LATERAL (SELECT c.kind, CASE c.kind
      WHEN 'STALE_REPORT' THEN 'The SOC report is more than a year old'
      WHEN 'RAISED_BY_HAND' THEN 'Encryption at rest not evidenced'
      WHEN 'QUESTIONNAIRE_ANSWER' THEN 'No multi-factor authentication for administrators'
      WHEN 'CUEC_GAP' THEN 'A CUEC is not covered by our controls'
      WHEN 'CATEGORY_NOT_COVERED' THEN 'Availability is not covered by the report'
      WHEN 'MODIFIED_OPINION' THEN 'The auditor qualified the opinion'
      ELSE 'No bridge letter for the gap since the period ended' END AS title) k
  CROSS JOIN LATERAL (SELECT {_FINDING_VALUES}) s
"""

NUMBERED_FINDINGS = """
CREATE TEMP TABLE seed_findings AS
  SELECT row_number() OVER (ORDER BY id) AS n, id, vendor_id, status FROM findings
   WHERE tenant_id = '{tenant}';
CREATE UNIQUE INDEX ON seed_findings (n);
"""

# A remediation plan for findings being worked (one to three steps), and a follow-up for
# one open finding in twenty (every one of the showcase's open findings).
ACTIONS = """
INSERT INTO remediation_actions (tenant_id, id, finding_id, description, owner_id, due_date,
                                 status, completed_at, created_at, updated_at)
SELECT $1, gen_random_uuid(), f.id,
       (ARRAY['Ask the vendor for its remediation plan', 'Review the evidence of the fix',
              'Confirm in the next report'])[k],
       CASE WHEN k < 3 THEN (SELECT id FROM seed_members
                              WHERE n = 1 + (f.n + k) % (SELECT count(*) FROM seed_members)) END,
       current_date + k * 20 - 30, (ARRAY['DONE', 'IN_PROGRESS', 'OPEN'])[k],
       CASE WHEN k = 1 THEN now() - interval '3 days' END,
       now() - (4 - k) * interval '10 days', now() - (4 - k) * interval '10 days'
  FROM seed_findings f
  CROSS JOIN LATERAL generate_series(1, 1 + (f.n % 3)::int) k
 WHERE f.status = 'IN_REMEDIATION'
"""

FOLLOW_UPS = """
INSERT INTO finding_follow_ups (tenant_id, id, finding_id, vendor_id, kind, due_on, note, status,
                                created_by_id, created_at, updated_at)
SELECT $1, gen_random_uuid(), f.id, f.vendor_id,
       (ARRAY['NEXT_SOC_REPORT', 'BRIDGE_LETTER'])[1 + f.n % 2],
       current_date + (f.n % 120)::int - 20, 'The fix, as the next report will show it.', 'EXPECTED',
       (SELECT id FROM seed_members WHERE n = 1 + f.n % (SELECT count(*) FROM seed_members)),
       now() - interval '10 days', now() - interval '10 days'
  FROM seed_findings f
 WHERE f.status IN ('OPEN', 'IN_REMEDIATION') AND (f.n % 20 = 0 OR f.vendor_id = $2)
"""

# One review per vendor, for $2 vendors; the showcase's is scheduled.
REVIEWS = """
INSERT INTO vendor_reviews (tenant_id, id, vendor_id, status, due_date, due_reason, preparer_id,
                            approver_id, decision, residual_risk, rationale, started_at,
                            submitted_at, completed_at, cancelled_at, cancel_reason, created_at,
                            updated_at)
SELECT $1, gen_random_uuid(), r.vendor_id, r.status,
       current_date + (abs(hashtext(r.n || 'due')) % 300) - 75,
       CASE WHEN r.n % 3 = 0 THEN 'The SOC report stops being current.'
            ELSE 'Every 12 months for a ' || lower(r.tier) || ' vendor.' END,
       CASE WHEN r.status <> 'SCHEDULED' THEN r.preparer END,
       CASE WHEN r.status IN ('PENDING_APPROVAL', 'COMPLETED') THEN r.approver END,
       CASE WHEN r.status IN ('PENDING_APPROVAL', 'COMPLETED') THEN
         (ARRAY['APPROVED', 'APPROVED_WITH_CONDITIONS', 'REJECTED'])[1 + r.n % 3] END,
       CASE WHEN r.status IN ('PENDING_APPROVAL', 'COMPLETED') THEN r.tier END,
       CASE WHEN r.status IN ('PENDING_APPROVAL', 'COMPLETED') THEN
         'The report is clean apart from the exceptions tracked as findings.' END,
       CASE WHEN r.status NOT IN ('SCHEDULED', 'CANCELLED') THEN now() - interval '20 days' END,
       CASE WHEN r.status IN ('PENDING_APPROVAL', 'COMPLETED') THEN now() - interval '5 days'
       END,
       CASE WHEN r.status = 'COMPLETED' THEN now() - interval '2 days' END,
       CASE WHEN r.status = 'CANCELLED' THEN now() - interval '2 days' END,
       CASE WHEN r.status = 'CANCELLED' THEN 'The vendor is being offboarded.' END,
       now() - (abs(hashtext(r.n || 'created')) % 300) * interval '1 day',
       now() - (abs(hashtext(r.n || 'created')) % 30) * interval '1 day'
  FROM (SELECT v.n, v.id AS vendor_id, v.tier,
               CASE WHEN v.id = $3 THEN 'SCHEDULED' ELSE
                 (ARRAY['SCHEDULED','SCHEDULED','SCHEDULED','SCHEDULED','IN_PROGRESS',
                        'IN_PROGRESS','PENDING_APPROVAL','COMPLETED','COMPLETED','CANCELLED'])
                   [1 + abs(hashtext(v.n || 'status')) % 10] END AS status,
               (SELECT id FROM seed_members
                 WHERE n = 1 + v.n % (SELECT count(*) FROM seed_members)) AS preparer,
               (SELECT id FROM seed_members
                 WHERE n = 1 + (v.n + 1) % (SELECT count(*) FROM seed_members)) AS approver
          FROM seed_vendors v WHERE v.n <= $2 OR v.id = $3) r
"""

# Two template families, each in two versions ($2: the starter template's definition,
# $3: its question count); questionnaires from the current versions.
TEMPLATES = """
INSERT INTO questionnaire_templates (tenant_id, id, family_id, version, name, description,
                                     definition, question_count, change_note, created_by_id,
                                     created_at)
SELECT $1, gen_random_uuid(), f.family_id, v, f.name, 'Asked of every vendor we onboard.',
       $2::jsonb, $3, CASE WHEN v = 2 THEN 'Added the logging questions.' END,
       (SELECT id FROM seed_members WHERE n = 1), now() - (3 - v) * interval '100 days'
  FROM (SELECT gen_random_uuid() AS family_id, name
          FROM unnest(ARRAY['Security review (standard)', 'Security review (light)']) name) f
  CROSS JOIN generate_series(1, 2) v
"""

# $2: how many.
QUESTIONNAIRES = """
INSERT INTO questionnaires (tenant_id, id, vendor_id, template_id, contact_name, contact_email,
                            due_date, status, score, sent_by_id, sent_at, submitted_at,
                            completed_by_id, completed_at, updated_at)
SELECT $1, gen_random_uuid(), v.id, t.id, 'Pat Respondent',
       'security@' || lower(replace(v.name, ' ', '')) || '.example', q.sent_at::date + 30,
       q.status,
       CASE WHEN q.status IN ('SUBMITTED', 'COMPLETED') THEN 40 + q.i % 60 END,
       (SELECT id FROM seed_members WHERE n = 1 + q.i % (SELECT count(*) FROM seed_members)),
       q.sent_at,
       CASE WHEN q.status IN ('SUBMITTED', 'COMPLETED') THEN q.sent_at + interval '12 days' END,
       CASE WHEN q.status = 'COMPLETED' THEN
         (SELECT id FROM seed_members WHERE n = 1 + (q.i + 3) % (SELECT count(*) FROM seed_members))
       END,
       CASE WHEN q.status = 'COMPLETED' THEN q.sent_at + interval '20 days' END,
       q.sent_at + interval '1 day'
  FROM (SELECT i,
               (ARRAY['SENT','SENT','IN_PROGRESS','IN_PROGRESS','SUBMITTED','RETURNED',
                      'COMPLETED','COMPLETED','COMPLETED','CANCELLED'])
                 [1 + abs(hashtext(i || 'status')) % 10] AS status,
               now() - (abs(hashtext(i || 'sent')) % 200) * interval '1 day'
                     - i * interval '1 second' AS sent_at
          FROM generate_series(1, $2) i) q
  JOIN seed_vendors v ON v.n = 1 + (q.i * 2) % (SELECT count(*) FROM seed_vendors)
  JOIN LATERAL (SELECT id FROM questionnaire_templates
                 WHERE tenant_id = $1 AND version = 2
                 ORDER BY name OFFSET q.i % 2 LIMIT 1) t ON true
"""

# What delivery reads: the link, the `questionnaire.sent` event, its delivery to the
# tenant's mailer (a webhook endpoint listing questionnaire events).
DELIVERY = [
    """INSERT INTO respondent_links (tenant_id, id, questionnaire_id, token_hash, expires_at,
                                     created_at)
       SELECT $1, gen_random_uuid(), q.id,
              encode(sha256(convert_to(q.id::text || 'link', 'UTF8')), 'hex'),
              q.sent_at + interval '45 days', q.sent_at
         FROM questionnaires q WHERE q.tenant_id = $1""",
    """INSERT INTO outbox_events (tenant_id, id, type, subject_type, subject_id, data, occurred_at)
       SELECT $1, gen_random_uuid(), 'questionnaire.sent', 'Questionnaire', q.id,
              jsonb_build_object('questionnaireId', q.id), q.sent_at
         FROM questionnaires q WHERE q.tenant_id = $1""",
    # disabled: nothing here delivers to it; what was delivered is on record
    """INSERT INTO webhook_endpoints (tenant_id, id, url, description, event_types, enabled,
                                      secret)
       VALUES ($1, gen_random_uuid(), 'https://mailer.bench.invalid/hooks', 'Mailer',
               ARRAY['questionnaire.sent', 'questionnaire.returned']::varchar[], false,
               'whsec_benchbenchbenchbenchbenchbench')""",
    """INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, status, attempts,
                                       last_attempt_at, succeeded_at, created_at, updated_at)
       SELECT $1, gen_random_uuid(), w.id, e.id, d.status, 1, e.occurred_at,
              CASE WHEN d.status = 'SUCCEEDED' THEN e.occurred_at END, e.occurred_at,
              e.occurred_at
         FROM outbox_events e
         CROSS JOIN (SELECT id FROM webhook_endpoints WHERE tenant_id = $1 LIMIT 1) w
         CROSS JOIN LATERAL (SELECT CASE WHEN abs(hashtext(e.id::text)) % 10 = 0
                                         THEN 'FAILED' ELSE 'SUCCEEDED' END AS status) d
        WHERE e.tenant_id = $1 AND e.type = 'questionnaire.sent'""",
]

CONTROLS = """
INSERT INTO controls (tenant_id, id, ref, title, description, owner_id, criteria, status,
                      created_at, updated_at)
SELECT $1, gen_random_uuid(), 'CTL-' || lpad(i::text, 3, '0'), 'Own control ' || i,
       'A control of our own, run by our security team.',
       (SELECT id FROM seed_members WHERE n = 1 + i % (SELECT count(*) FROM seed_members)),
       ARRAY['CC6.' || (1 + i % 8)]::varchar[], 'OPERATING', now() - interval '200 days',
       now() - interval '200 days'
  FROM generate_series(1, $2) i
"""

# $2: how many. A tenth are tprm's proposals (DRAFT, with a proposal key), a tenth accepted.
RISKS = """
INSERT INTO risks (tenant_id, id, title, description, category, owner_id, vendor_id,
                   inherent_likelihood, inherent_impact, residual_likelihood, residual_impact,
                   treatment, status, review_on, accepted_by_id, accepted_at,
                   acceptance_justification, acceptance_expires_on, proposal_key, closed_at,
                   created_at, updated_at)
SELECT $1, gen_random_uuid(),
       (ARRAY['Vendor data breach', 'Service outage at a critical vendor',
              'Unauthorized access through a vendor', 'Subprocessor without assurance',
              'Regulatory finding on vendor oversight'])[1 + r.i % 5] || ' #' || r.i,
       'What could happen, and what it would do to us.',
       (ARRAY['SECURITY','PRIVACY','THIRD_PARTY','OPERATIONAL','COMPLIANCE','FINANCIAL',
              'STRATEGIC','REPUTATIONAL'])[1 + abs(hashtext(r.i || 'category')) % 8],
       CASE WHEN r.i % 10 <> 0 THEN r.owner END,
       CASE WHEN r.i % 10 < 7 THEN
         (SELECT id FROM seed_vendors
           WHERE n = 1 + abs(hashtext(r.i || 'vendor')) % (SELECT count(*) FROM seed_vendors))
       END,
       1 + abs(hashtext(r.i || 'l')) % 5, 1 + abs(hashtext(r.i || 'm')) % 5,
       CASE WHEN r.i % 5 < 3 THEN 1 + abs(hashtext(r.i || 'rl')) % 3 END,
       CASE WHEN r.i % 5 < 3 THEN 1 + abs(hashtext(r.i || 'rm')) % 3 END,
       r.treatment, r.status,
       current_date + (abs(hashtext(r.i || 'review')) % 200) - 40,
       CASE WHEN r.treatment = 'ACCEPT' THEN r.approver END,
       CASE WHEN r.treatment = 'ACCEPT' THEN now() - interval '60 days' END,
       CASE WHEN r.treatment = 'ACCEPT' THEN 'Within appetite until the vendor is replaced.' END,
       CASE WHEN r.treatment = 'ACCEPT' THEN current_date + (r.i % 200) - 20 END,
       CASE WHEN r.status = 'DRAFT' THEN 'seed:' || r.i END,
       CASE WHEN r.status = 'CLOSED' THEN now() - interval '10 days' END,
       now() - (abs(hashtext(r.i || 'created')) % 400) * interval '1 day' - r.i * interval '1 second',
       now() - (abs(hashtext(r.i || 'created')) % 40) * interval '1 day'
  FROM (SELECT i,
               CASE WHEN i % 10 = 1 THEN 'DRAFT' WHEN i % 10 = 2 THEN 'CLOSED' ELSE 'OPEN' END
                 AS status,
               CASE WHEN i % 10 = 1 THEN NULL WHEN i % 10 = 3 THEN 'ACCEPT'
                    ELSE (ARRAY['MITIGATE','MITIGATE','TRANSFER','AVOID'])[1 + i % 4] END
                 AS treatment,
               (SELECT id FROM seed_members
                 WHERE n = 1 + i % (SELECT count(*) FROM seed_members)) AS owner,
               (SELECT id FROM seed_members
                 WHERE n = 1 + (i + 1) % (SELECT count(*) FROM seed_members)) AS approver
          FROM generate_series(1, $2) i) r
"""

RISK_LINKS = [
    """INSERT INTO risk_controls (tenant_id, risk_id, control_id)
       SELECT DISTINCT $1, r.id, c.id
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM risks WHERE tenant_id = $1) r
         CROSS JOIN LATERAL generate_series(1, (r.n % 4)::int) k
         JOIN (SELECT id, row_number() OVER (ORDER BY ref) AS n FROM controls
                WHERE tenant_id = $1) c
           ON c.n = 1 + (r.n * 7 + k * 13) % (SELECT count(*) FROM controls WHERE tenant_id = $1)""",
    """INSERT INTO risk_findings (tenant_id, risk_id, finding_id, created_at)
       SELECT DISTINCT ON (r.id, f.id) $1, r.id, f.id, now() - k * interval '1 day'
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM risks WHERE tenant_id = $1) r
         CROSS JOIN LATERAL generate_series(1, (r.n % 3)::int) k
         JOIN seed_findings f
           ON f.n = 1 + abs(hashtext(r.n || 'finding' || k)) % (SELECT count(*) FROM seed_findings)""",
]


async def _showcase(connection: asyncpg.Connection, tenant_id: UUID) -> UUID:
    found = await connection.fetchval(
        "SELECT id FROM vendors WHERE tenant_id = $1 AND domain = $2", tenant_id, SHOWCASE_DOMAIN
    )
    if found is not None:
        return found  # type: ignore[no-any-return]
    # the other tenants' vendors have the same names: any vendor will do there
    return await connection.fetchval(  # type: ignore[no-any-return]
        "SELECT id FROM vendors WHERE tenant_id = $1 ORDER BY name, id LIMIT 1", tenant_id
    )


async def seed_tenant(
    connection: asyncpg.Connection, tenant_id: UUID, size: HouseSize, email_domain: str
) -> None:
    """The house of one tenant, in one transaction (see the module's docstring)."""
    definition = to_json(STARTER)
    questions = sum(len(section["questions"]) for section in definition["sections"])
    async with connection.transaction():
        showcase = await _showcase(connection, tenant_id)
        for statement in MEMBERS:
            await connection.execute(statement, tenant_id, size.members, email_domain)
        await connection.execute(NUMBERED.format(tenant=tenant_id))
        steps: list[tuple[str, str, tuple[Any, ...]]] = [
            ("report documents", REPORT_DOCUMENTS, (size.reports, showcase)),
            ("reports", REPORTS, ()),
            *(
                (table, statement, (showcase,) if table == "soc_exceptions" else ())
                for table, statement in ITEMS.items()
            ),
            ("comparison", COMPARISON, (showcase,)),
            ("other documents", OTHER_DOCUMENTS, (size.other_documents, showcase)),
            ("exception findings", EXCEPTION_FINDINGS, ()),
        ]
        for name, statement, arguments in steps:
            await _timed(connection, name, statement, tenant_id, *arguments)
        raised = await connection.fetchval(
            "SELECT count(*) FROM findings WHERE tenant_id = $1", tenant_id
        )
        await _timed(
            connection,
            "other findings",
            OTHER_FINDINGS,
            tenant_id,
            max(0, size.findings - raised),
            showcase,
        )
        await connection.execute(NUMBERED_FINDINGS.format(tenant=tenant_id))
        later: list[tuple[str, str, tuple[Any, ...]]] = [
            ("remediation actions", ACTIONS, ()),
            ("follow-ups", FOLLOW_UPS, (showcase,)),
            ("reviews", REVIEWS, (size.reviews, showcase)),
            ("templates", TEMPLATES, (json.dumps(definition), questions)),
            ("questionnaires", QUESTIONNAIRES, (size.questionnaires,)),
            *((f"delivery {i + 1}", statement, ()) for i, statement in enumerate(DELIVERY)),
            ("controls", CONTROLS, (size.controls,)),
            ("risks", RISKS, (size.risks,)),
            *((f"risk links {i + 1}", statement, ()) for i, statement in enumerate(RISK_LINKS)),
        ]
        for name, statement, arguments in later:
            await _timed(connection, name, statement, tenant_id, *arguments)


async def _timed(
    connection: asyncpg.Connection, name: str, statement: str, *arguments: Any
) -> None:
    started = time.perf_counter()
    status = await connection.execute(statement, *arguments)
    print(f"  {name}: {status} in {time.perf_counter() - started:.1f}s", file=sys.stderr)


async def seed_house(owner_url: str, size: HouseSize) -> None:
    """Seed every benchmark tenant's house unless the large one already has its findings
    (`owner_url`: the benchmark database's owner URL, asyncpg's form)."""
    connection = await asyncpg.connect(owner_url)
    try:
        tenants = await connection.fetch(
            "SELECT id, name FROM tenants WHERE name IN ('Bench Co', 'Other A', 'Other B') "
            "ORDER BY name = 'Bench Co' DESC, name"
        )
        large = tenants[0]["id"]
        findings = await connection.fetchval(
            "SELECT count(*) FROM findings WHERE tenant_id = $1", large
        )
        if findings >= size.findings:
            return
        if findings:
            raise SystemExit(
                f"Bench Co has {findings} findings, fewer than the {size.findings} asked for: "
                "delete .tprm/bench (or the tprm_bench database) and run again."
            )
        started = time.perf_counter()
        for tenant in tenants:
            print(f"seeding the house of {tenant['name']}", file=sys.stderr)
            own = size if tenant["id"] == large else size.scaled(0.1)
            domain = tenant["name"].lower().replace(" ", "-") + ".example"
            await seed_tenant(connection, tenant["id"], own, domain)
        await connection.execute("VACUUM ANALYZE")
        print(f"seeded the house in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    finally:
        await connection.close()
