"""ADMINs rename the tenant and tune its settings, within bounds."""

from tests.factories import gql, make_tenant, tenant_state

UPDATE = "mutation($i: UpdateTenantSettingsInput!) { updateTenantSettings(input: $i) { tenant { name settings { reviewMonthsMedium staleReportMonths bridgeLetterGapMonths } } errors { code field message } } }"


async def test_new_tenants_start_with_sensible_defaults(client, db):
    acme = await make_tenant(db)

    body = await gql(
        client,
        "{ viewer { tenant { settings { reviewMonthsMedium staleReportMonths bridgeLetterGapMonths } } } }",
        token=acme.token,
    )

    assert body["data"]["viewer"]["tenant"]["settings"] == {
        "reviewMonthsMedium": 24,
        "staleReportMonths": 12,
        "bridgeLetterGapMonths": 3,
    }


async def test_admin_changes_only_the_given_settings(client, db):
    acme = await make_tenant(db)

    body = await gql(
        client, UPDATE, {"i": {"name": "Acme Inc.", "staleReportMonths": 18}}, token=acme.token
    )

    assert body["data"]["updateTenantSettings"]["tenant"] == {
        "name": "Acme Inc.",
        "settings": {
            "reviewMonthsMedium": 24,
            "staleReportMonths": 18,
            "bridgeLetterGapMonths": 3,
        },
    }


async def test_out_of_range_settings_are_refused_and_change_nothing(client, db):
    acme = await make_tenant(db)
    before = await tenant_state(db, acme.tenant_id)

    body = await gql(
        client, UPDATE, {"i": {"name": "Renamed", "reviewMonthsMedium": 0}}, token=acme.token
    )

    [error] = body["data"]["updateTenantSettings"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID", ["reviewMonthsMedium"])
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_blank_name_is_refused(client, db):
    acme = await make_tenant(db)

    body = await gql(client, UPDATE, {"i": {"name": "   "}}, token=acme.token)

    assert body["data"]["updateTenantSettings"]["errors"][0]["field"] == ["name"]
