"""The hand-written answer of the app shell (Viewer, frontend-contract/operations/
session.graphql): who is signed in, in which tenant, with which role. Every screen of a
front end starts with it, and it reads almost nothing: measured beside the others, it shows
what a request costs each server before any screen's own work (see benchmarks.house_pages).
"""

# Statements are put together from this module's own text; every value is a parameter.
# ruff: noqa: S608

from typing import Any

import orjson

from benchmarks.house_lists import Parameters, Unsupported
from benchmarks.house_sql import gid
from domain.shared.actor import Actor
from domain.tenancy.settings import TenantSettings
from tests.operations import front_end_document

# The settings the shell asks for, by GraphQL name and stored key (all whole numbers).
_SETTINGS = {
    "reviewMonthsCritical": "review_months_critical",
    "reviewMonthsHigh": "review_months_high",
    "reviewMonthsMedium": "review_months_medium",
    "reviewMonthsLow": "review_months_low",
    "staleReportMonths": "stale_report_months",
    "bridgeLetterGapMonths": "bridge_letter_gap_months",
}
assert all(f"{name} " in front_end_document("Viewer") for name in _SETTINGS)


def viewer(actor: Actor, variables: dict[str, Any]) -> tuple[str, list[Any]]:
    """Viewer: the token's member, user, role and tenant; the tenant's settings are its
    stored ones over the defaults, as tprm validates them."""
    if actor.user_id is None or actor.membership_id is None:
        raise Unsupported("a token that is not a member's")
    add = Parameters()
    defaults = add(orjson.dumps(TenantSettings().model_dump(mode="json")).decode())
    settings = ", ".join(
        f"'{name}', (s.merged ->> '{key}')::int" for name, key in _SETTINGS.items()
    )
    statement = f"""
SELECT json_build_object('viewer', json_build_object(
  'role', {add(actor.role.value)}::text,
  'user', (SELECT json_build_object('id', {gid("User", "u.id")}, 'email', u.email)
             FROM users u WHERE u.id = {add(actor.user_id)}),
  'tenant', (SELECT json_build_object('id', {gid("Tenant", "t.id")}, 'name', t.name,
                                      'settings', json_build_object({settings}))
               FROM tenants t, LATERAL (SELECT {defaults}::jsonb || t.settings AS merged) s
              WHERE t.id = $1),
  'member', (SELECT json_build_object('id', {gid("Member", "m.id")},
                                      'displayName', m.display_name)
               FROM memberships m WHERE m.tenant_id = $1 AND m.id = {add(actor.membership_id)})
))::text"""
    return statement, add.values
