"""The posture dashboard on a tenant whose every number is known: OPEN risks by heat-map
cell and band (drafts and closed ones left out), the overdue risks, reviews and findings,
CUEC coverage, the vendors in use by their current report, and exceptions by domain."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from domain.findings.rules import add_months
from domain.vendors.models import VendorStatus
from tests.factories import (
    SMALL_EXTRACTION,
    gql,
    make_read_report,
    make_tenant,
    make_vendor,
    uuid_of,
)

POSTURE = """query($top: Int) { posture(topRisks: $top) {
  openRisks overdueRisks overdueReviews openFindings overdueFindings
  topRisks { title current { score } }
  risksByBand { band count }
  current: riskHeatMap { likelihood impact score band count }
  inherent: riskHeatMap(rating: INHERENT) { likelihood impact count }
  cuecCoverage { total mapped notApplicable gaps percent }
  vendorReports { inUse modifiedOpinion stale withoutReport
    modifiedOpinionVendors { name } staleVendors { name } }
  exceptionsByDomain { vendorsWithReports domains { domain vendors exceptions } } } }"""
CREATE = (
    """mutation($i: CreateRiskInput!) { createRisk(input: $i) { risk { id } errors { code } } }"""
)
CONTROL = """mutation($i: CreateControlInput!) { createControl(input: $i) { control { id } } }"""
MAP = """mutation($i: MapCuecInput!) { mapCuecToControls(input: $i) { errors { code } } }"""
CUECS = """query { cuecCoverage(first: 10) { nodes { cuec { id } } } }"""


def _report(months_ago: int, **changes):
    end = add_months(datetime.now(UTC).date(), -months_ago)
    return {
        **SMALL_EXTRACTION,
        "period_start": add_months(end, -12).isoformat(),
        "period_end": end.isoformat(),
        **changes,
    }


async def _world(client, db):
    """Vendors in use: Alpha (a qualified report, last month), Bravo (a clean report that
    ended 20 months ago: stale), Charlie (no report); Delta, a prospect with a qualified
    report, and Echo, terminated, are not in use. Risks: three OPEN (5x5; 4x4 assessed
    2x2; 3x3 whose review date has passed), a DRAFT and a CLOSED one."""
    acme = await make_tenant(db)
    vendors = {}
    for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo"):
        status = VendorStatus.PROSPECT if name == "Delta" else VendorStatus.ACTIVE
        vendors[name] = await make_vendor(db, acme, name, status=status)
    async with db.owner_transaction() as session:  # on their way out, and gone
        for name, status in (("Charlie", "OFFBOARDING"), ("Echo", "TERMINATED")):
            await session.execute(
                text("UPDATE vendors SET status = :s WHERE id = :v"),
                {"s": status, "v": vendors[name].id},
            )
    qualified = {"opinion": "QUALIFIED", "opinion_basis": "Backups were not tested."}
    await make_read_report(db, acme, vendors["Alpha"].id, _report(1, **qualified))
    await make_read_report(db, acme, vendors["Bravo"].id, _report(20))
    await make_read_report(db, acme, vendors["Delta"].id, _report(1, **qualified))

    async def risk(title, likelihood, impact, **fields):
        body = await gql(
            client, CREATE,
            {"i": {"title": title, "category": "SECURITY", "inherentLikelihood": likelihood,
                   "inherentImpact": impact, **fields}},
            token=acme.token,
        )  # fmt: skip
        return body["data"]["createRisk"]["risk"]["id"]

    await risk("worst", 5, 5)
    await risk("assessed", 4, 4, residualLikelihood=2, residualImpact=2)
    late = await risk("late", 3, 3, reviewOn=(datetime.now(UTC).date()).isoformat())
    await risk("draft", 5, 5, status="DRAFT")
    closed = await risk("closed", 1, 1)
    await gql(
        client,
        """mutation($i: UpdateRiskInput!) { updateRisk(input: $i) { errors { code } } }""",
        {"i": {"riskId": closed, "status": "CLOSED"}},
        token=acme.token,
    )
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    async with db.owner_transaction() as session:
        # time passes: the late risk's review date, one finding's due date, Alpha's review
        # (and no other review is due for a while)
        await session.execute(
            text("UPDATE risks SET review_on = :d WHERE id = :r"),
            {"d": yesterday, "r": uuid_of(late)},
        )
        await session.execute(
            text(
                "UPDATE findings SET due_date = :d WHERE id = (SELECT id FROM findings "
                "WHERE vendor_id = :v AND kind = 'MODIFIED_OPINION')"
            ),
            {"d": yesterday, "v": vendors["Alpha"].id},
        )
        await session.execute(
            text(
                "UPDATE vendor_reviews SET due_date = CASE WHEN vendor_id = :v THEN CAST(:d AS date) "
                "ELSE CAST(:d AS date) + 300 END"
            ),
            {"d": yesterday, "v": vendors["Alpha"].id},
        )
    # one of the two current CUECs of the vendors in use... and Delta's: three in all
    control = await gql(
        client, CONTROL, {"i": {"ref": "AC-01", "title": "Access reviews"}}, token=acme.token
    )
    cuecs = await gql(client, CUECS, {}, token=acme.token)
    first = cuecs["data"]["cuecCoverage"]["nodes"][0]["cuec"]["id"]
    await gql(
        client, MAP,
        {"i": {"cuecId": first, "controlIds": [control["data"]["createControl"]["control"]["id"]]}},
        token=acme.token,
    )  # fmt: skip
    return acme, vendors


async def test_the_posture_of_a_tenant_whose_numbers_are_known(client, db):
    acme, _ = await _world(client, db)

    body = await gql(client, POSTURE, {"top": 2}, token=acme.token)

    assert "errors" not in body, body
    posture = body["data"]["posture"]
    assert (posture["openRisks"], posture["overdueRisks"]) == (3, 1)
    assert posture["topRisks"] == [
        {"title": "worst", "current": {"score": 25}},
        {"title": "late", "current": {"score": 9}},
    ]
    assert posture["risksByBand"] == [
        {"band": "LOW", "count": 1},  # assessed: 2 x 2
        {"band": "MEDIUM", "count": 1},  # late: 3 x 3
        {"band": "HIGH", "count": 0},
        {"band": "CRITICAL", "count": 1},  # worst: 5 x 5
    ]
    current = {(c["likelihood"], c["impact"]): c for c in posture["current"]}
    inherent = {(c["likelihood"], c["impact"]): c["count"] for c in posture["inherent"]}
    assert len(current) == 25 and posture["current"][0]["likelihood"] == 5
    assert {k: c["count"] for k, c in current.items() if c["count"]} == {
        (5, 5): 1,
        (2, 2): 1,
        (3, 3): 1,
    }
    assert current[(4, 5)] == {"likelihood": 4, "impact": 5, "score": 20, "band": "CRITICAL",
                               "count": 0}  # fmt: skip
    assert {k: n for k, n in inherent.items() if n} == {(5, 5): 1, (4, 4): 1, (3, 3): 1}
    # the work overdue: Alpha's review, Alpha's opinion finding; findings open: each
    # report's exception, Alpha's and Delta's opinions, Bravo's stale report
    assert posture["overdueReviews"] == 1
    assert (posture["openFindings"], posture["overdueFindings"]) == (6, 1)
    assert posture["cuecCoverage"] == {
        "total": 3,
        "mapped": 1,
        "notApplicable": 0,
        "gaps": 2,
        "percent": 33,
    }
    assert posture["vendorReports"] == {
        "inUse": 3,
        "modifiedOpinion": 1,
        "stale": 1,
        "withoutReport": 1,
        "modifiedOpinionVendors": [{"name": "Alpha"}],
        "staleVendors": [{"name": "Bravo"}],
    }
    assert posture["exceptionsByDomain"] == {
        "vendorsWithReports": 3,
        "domains": [{"domain": "ACCESS", "vendors": 3, "exceptions": 3}],
    }


async def test_the_number_of_top_risks_is_bounded(client, db):
    acme = await make_tenant(db)

    body = await gql(client, POSTURE, {"top": 21}, token=acme.token)

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == "topRisks must be between 0 and 20."
    assert body["data"] is None


async def test_another_tenant_s_posture_is_its_own(client, db):
    await _world(client, db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")

    body = await gql(client, POSTURE, {}, token=globex.token)

    posture = body["data"]["posture"]
    assert (posture["openRisks"], posture["openFindings"], posture["topRisks"]) == (0, 0, [])
    assert posture["vendorReports"]["inUse"] == 0
    assert posture["cuecCoverage"]["total"] == 0
