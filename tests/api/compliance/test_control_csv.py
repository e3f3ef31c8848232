"""The tenant's controls in and out as CSV: GET /controls.csv writes them by reference in the
columns importControls reads; an import creates new references and updates known ones, all
rows or none, every problem named by row and column; an export imports back unchanged."""

import csv
import io
from datetime import date, timedelta

from domain.shared.roles import Role
from tests.factories import gql, gql_upload, make_member, make_tenant, tenant_state

IMPORT = """mutation($input: ImportControlsInput!) { importControls(input: $input) {
  report { created updated unchanged warnings } errors { code field message } } }"""
CREATE = """mutation($i: CreateControlInput!) { createControl(input: $i) {
  control { id } errors { code field message } } }"""
CONTROLS = """{ controls { nodes { ref title description status lastTestedOn
  criteria { id } owner { user { email } } } } }"""
HEADER = "ref,title,description,owner_email,criteria,status,last_tested_on"


async def _import(client, token: str, content: bytes) -> dict:
    body = await gql_upload(
        client, IMPORT, {"input": {"file": None}}, "variables.input.file", content, token,
        filename="controls.csv",
    )  # fmt: skip
    return body


def _payload(body: dict) -> dict:
    return body["data"]["importControls"]


async def _export(client, token: str):
    return await client.get("/controls.csv", headers={"Authorization": f"Bearer {token}"})


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def _create(client, token: str, **fields) -> str:
    body = await gql(client, CREATE, {"i": fields}, token=token)
    assert body["data"]["createControl"]["errors"] == []
    return body["data"]["createControl"]["control"]["id"]


async def _controls(client, token: str) -> list[dict]:
    return (await gql(client, CONTROLS, token=token))["data"]["controls"]["nodes"]


async def _audit_actions(client, token: str) -> list[str]:
    body = await gql(
        client, "{ auditEvents(first: 100) { nodes { action changes } } }", token=token
    )
    return body["data"]["auditEvents"]["nodes"]


async def test_the_export_lists_the_controls_by_reference_in_the_import_s_columns(client, db):
    acme = await make_tenant(db)
    await _create(client, acme.token, ref="CM-01", title="Changes reviewed", criteria=["CC8.1"])
    await _create(
        client, acme.token, ref="AC-01", title="Access reviewed quarterly",
        description="Each quarter, owners confirm who has access.\nLeavers go at once.",
        ownerId=acme.global_id, criteria=["CC6.3", "CC6.2"], status="OPERATING",
        lastTestedOn="2025-03-31",
    )  # fmt: skip
    await _create(client, acme.token, ref="AC-02", title="=HYPERLINK(evil)", description="-x")

    response = await _export(client, acme.token)

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="controls-')
    assert response.text.splitlines()[0] == HEADER
    rows = _rows(response.text)
    assert [r["ref"] for r in rows] == ["AC-01", "AC-02", "CM-01"]
    assert rows[0] == {
        "ref": "AC-01",
        "title": "Access reviewed quarterly",
        "description": "Each quarter, owners confirm who has access.\nLeavers go at once.",
        "owner_email": "admin@acme.example",
        "criteria": "CC6.2 CC6.3",
        "status": "OPERATING",
        "last_tested_on": "2025-03-31",
    }
    # never a live formula in a spreadsheet, the same guard as the vendors' export
    assert (rows[1]["title"], rows[1]["description"]) == ("'=HYPERLINK(evil)", "'-x")
    assert rows[2]["owner_email"] == rows[2]["last_tested_on"] == ""
    assert rows[2]["status"] == "DESIGNED"


async def test_an_import_creates_new_references_and_updates_the_ones_there_are(client, db):
    acme = await make_tenant(db)
    reviewer = await make_member(db, acme.tenant_id, "rita@acme.example", Role.REVIEWER)
    await _create(client, acme.token, ref="AC-01", title="Access reviewed", criteria=["CC6.1"])
    await _create(client, acme.token, ref="CM-01", title="Changes reviewed", criteria=["CC8.1"])
    sheet = (
        f"{HEADER}\n"
        "AC-01,Access reviewed quarterly,,rita@acme.example,cc6.3 CC6.2,OPERATING,2025-03-31\n"
        "CM-01,Changes reviewed,,,CC8.1,DESIGNED,\n"
        'BC-01,Backups restored yearly,"Restore tested, end to end.",,A1.2;A1.3,IMPLEMENTED,\n'
    )

    body = await _import(client, reviewer.token, sheet.encode())

    assert _payload(body) == {
        "report": {"created": 1, "updated": 1, "unchanged": 1, "warnings": []},
        "errors": [],
    }
    controls = {c["ref"]: c for c in await _controls(client, acme.token)}
    assert controls["AC-01"] == {
        "ref": "AC-01",
        "title": "Access reviewed quarterly",
        "description": "",
        "status": "OPERATING",
        "lastTestedOn": "2025-03-31",
        "criteria": [{"id": "CC6.2"}, {"id": "CC6.3"}],
        "owner": {"user": {"email": "rita@acme.example"}},
    }
    assert controls["BC-01"]["description"] == "Restore tested, end to end."
    assert controls["BC-01"]["criteria"] == [{"id": "A1.2"}, {"id": "A1.3"}]
    events = await _audit_actions(client, acme.token)
    actions = [e["action"] for e in events]
    assert actions.count("control.updated") == 1  # AC-01 only: CM-01 was as the file has it
    assert actions.count("control.created") == 3  # two by hand, BC-01 by the file
    [imported] = [e for e in events if e["action"] == "control.imported"]
    assert imported["changes"] == {
        "created": {"before": None, "after": 1},
        "updated": {"before": None, "after": 1},
        "unchanged": {"before": None, "after": 1},
    }


async def test_an_export_imports_back_changing_nothing(client, db):
    acme = await make_tenant(db)
    await make_member(db, acme.tenant_id, "rita@acme.example", Role.REVIEWER)
    await _create(
        client, acme.token, ref="AC-01", title="Access reviewed quarterly",
        description='Owners confirm access, "in writing";\nleavers, at once.',
        ownerId=acme.global_id, criteria=["CC6.2", "CC6.3"], status="OPERATING",
        lastTestedOn="2025-03-31",
    )  # fmt: skip
    await _create(client, acme.token, ref="=1+1", title="@SUM(A1)", description="+ careful")
    await _create(client, acme.token, ref="PI-01", title="Inputs checked", criteria=["PI1.2"])
    exported = await _export(client, acme.token)
    before = await tenant_state(db, acme.tenant_id)

    body = await _import(client, acme.token, exported.content)

    assert _payload(body) == {
        "report": {"created": 0, "updated": 0, "unchanged": 3, "warnings": []},
        "errors": [],
    }
    after = await tenant_state(db, acme.tenant_id)
    assert after["controls"] == before["controls"]
    assert (await _export(client, acme.token)).content == exported.content


async def test_every_problem_of_every_row_is_reported_and_nothing_is_saved(client, db):
    acme = await make_tenant(db)
    await _create(client, acme.token, ref="AC-01", title="Access reviewed", criteria=["CC6.1"])
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    sheet = (
        f"{HEADER}\n"
        "AC-01,Access reviewed quarterly,,admin@acme.example,CC6.2,OPERATING,2025-01-15\n"
        "AC-02,Leavers removed,,,CC6.2 CC10.1,DESIGNED,\n"
        "AC-03,Backups tested,,,A1.2,DONE,\n"
        f"AC-04,Keys rotated,,,CC6.1,IMPLEMENTED,{tomorrow}\n"
        "AC-05,Logs kept,,Nobody@acme.example,CC7.2,,\n"
        "AC-01,Access reviewed again,,,CC6.2,,\n"
        "AC-06,,,,CC8.1,,\n"
        "AC-07,Everything wrong at once,,ghost@acme.example,XX1,LATER,31/12/2024\n"
    )
    before = await tenant_state(db, acme.tenant_id)

    body = await _import(client, acme.token, sheet.encode())

    payload = _payload(body)
    assert payload["report"] is None
    assert {(e["code"], tuple(e["field"])) for e in payload["errors"]} == {("INVALID", ("file",))}
    assert [e["message"] for e in payload["errors"]] == [
        "row 3, criteria: 'CC10.1' is not a trust services criterion such as CC6.1.",
        "row 4, status: 'DONE' is not one of DESIGNED, IMPLEMENTED, OPERATING.",
        "row 5, last_tested_on: A control cannot have been tested in the future.",
        "row 6, owner_email: nobody@acme.example is not a member here.",
        "row 7, ref: 'AC-01' is also on row 2.",
        "row 8, title: must not be empty.",
        "row 9, owner_email: ghost@acme.example is not a member here.",
        "row 9, criteria: 'XX1' is not a trust services criterion such as CC6.1.",
        "row 9, status: 'LATER' is not one of DESIGNED, IMPLEMENTED, OPERATING.",
        "row 9, last_tested_on: expected a date as YYYY-MM-DD, got '31/12/2024'.",
    ]
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_file_without_a_required_column_is_refused_whole(client, db):
    acme = await make_tenant(db)

    no_title = await _import(client, acme.token, b"ref,criteria\nAC-01,CC6.1\n")
    empty = await _import(client, acme.token, b"")

    assert _payload(no_title)["errors"] == [
        {"code": "INVALID", "field": ["file"], "message": "The header has no title column."}
    ]
    assert _payload(empty)["errors"] == [
        {"code": "INVALID", "field": ["file"], "message": "The file is empty."}
    ]


async def test_an_oversize_file_and_one_of_too_many_rows_are_refused_unread(client, db):
    acme = await make_tenant(db)
    rows = "".join(f"AC-{n:04},Control {n}\n" for n in range(2_001))
    before = await tenant_state(db, acme.tenant_id)

    oversize = await _import(client, acme.token, b"ref,title\n" + b"x" * (5 * 1024 * 1024))
    too_long = await _import(client, acme.token, f"ref,title\n{rows}".encode())

    assert _payload(oversize)["errors"] == [
        {"code": "TOO_LARGE", "field": ["file"], "message": "The file is over the 5 MB limit."}
    ]
    assert _payload(too_long)["errors"] == [
        {"code": "INVALID", "field": ["file"], "message": "The file has more than 2,000 rows."}
    ]
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_utf8_file_with_a_byte_order_mark_is_read_and_another_encoding_refused(client, db):
    acme = await make_tenant(db)
    sheet = "ref,title\nAC-01,Zugriffsprüfung je Quartal\n"

    excel = await _import(client, acme.token, b"\xef\xbb\xbf" + sheet.encode())
    latin = await _import(client, acme.token, sheet.replace("01", "02").encode("latin-1"))

    assert _payload(excel)["report"]["created"] == 1
    assert [c["title"] for c in await _controls(client, acme.token)] == [
        "Zugriffsprüfung je Quartal"
    ]
    assert _payload(latin)["errors"] == [
        {
            "code": "INVALID",
            "field": ["file"],
            "message": "The file is not UTF-8 text (save it as CSV UTF-8).",
        }
    ]


async def test_headers_are_read_as_people_type_them_and_unknown_columns_ignored(client, db):
    acme = await make_tenant(db)
    sheet = b"Ref,Title,Last Tested On,Notes,Reviewer\nAC-01,Access reviewed,2025-01-15,x,y\n"

    body = await _import(client, acme.token, sheet)

    assert _payload(body)["report"] == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "warnings": ["Ignored columns: notes, reviewer."],
    }
    [control] = await _controls(client, acme.token)
    assert control["lastTestedOn"] == "2025-01-15"


async def test_columns_the_file_lacks_and_a_blank_status_leave_a_control_as_it_is(client, db):
    acme = await make_tenant(db)
    await _create(
        client, acme.token, ref="AC-01", title="Access reviewed", description="Quarterly.",
        ownerId=acme.global_id, criteria=["CC6.2"], status="OPERATING", lastTestedOn="2025-01-15",
    )  # fmt: skip

    body = await _import(client, acme.token, b"ref,title,status\nAC-01,Access reviewed,\n")
    cleared = await _import(
        client, acme.token, b"ref,title,owner_email,last_tested_on\nAC-01,Access reviewed,,\n"
    )

    assert _payload(body)["report"]["unchanged"] == 1
    assert _payload(cleared)["report"]["updated"] == 1
    [control] = await _controls(client, acme.token)
    assert control == {
        "ref": "AC-01",
        "title": "Access reviewed",
        "description": "Quarterly.",
        "status": "OPERATING",
        "lastTestedOn": None,
        "criteria": [{"id": "CC6.2"}],
        "owner": None,
    }


async def test_a_control_whose_owner_left_exports_unowned_and_imports_back_unchanged(client, db):
    acme = await make_tenant(db)
    rita = await make_member(db, acme.tenant_id, "rita@acme.example", Role.REVIEWER)
    await _create(client, acme.token, ref="AC-01", title="Access", ownerId=rita.global_id)
    removed = await gql(
        client,
        "mutation($i: RemoveMemberInput!) { removeMember(input: $i) { errors { code } } }",
        {"i": {"memberId": rita.global_id}},
        token=acme.token,
    )

    exported = await _export(client, acme.token)
    again = await _import(client, acme.token, exported.content)

    assert removed["data"]["removeMember"]["errors"] == []
    assert _rows(exported.text)[0]["owner_email"] == ""
    assert _payload(again)["report"]["unchanged"] == 1


async def test_a_viewer_may_export_but_not_import_and_no_token_may_do_neither(client, db):
    acme = await make_tenant(db)
    viewer = await make_member(db, acme.tenant_id, "vic@acme.example", Role.VIEWER)
    procurement = await make_member(db, acme.tenant_id, "pat@acme.example", Role.PROCUREMENT)
    await _create(client, acme.token, ref="AC-01", title="Access reviewed")

    exported = await _export(client, viewer.token)
    imported = await _import(client, viewer.token, b"ref,title\nAC-02,Leavers removed\n")
    by_procurement = await _import(client, procurement.token, b"ref,title\nAC-02,Leavers\n")
    anonymous = await client.get("/controls.csv")

    assert exported.status_code == 200
    assert [r["ref"] for r in _rows(exported.text)] == ["AC-01"]
    for refused in (imported, by_procurement):
        assert refused["data"] is None or refused["data"]["importControls"] is None
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert anonymous.status_code == 401
    assert [c["ref"] for c in await _controls(client, acme.token)] == ["AC-01"]


async def test_another_tenant_never_sees_nor_changes_our_controls(client, db):
    acme = await make_tenant(db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    await _create(client, acme.token, ref="AC-01", title="Ours", criteria=["CC6.1"])
    await _create(client, globex.token, ref="GX-01", title="Theirs")

    theirs = await _export(client, globex.token)
    imported = await _import(
        client, globex.token, b"ref,title,owner_email\nAC-01,Taken over,admin@acme.example\n"
    )
    same_ref = await _import(client, globex.token, b"ref,title\nAC-01,Their own AC-01\n")

    assert [r["ref"] for r in _rows(theirs.text)] == ["GX-01"]
    # our member is no member of theirs, and our AC-01 is not theirs to update
    assert [e["message"] for e in _payload(imported)["errors"]] == [
        "row 2, owner_email: admin@acme.example is not a member here."
    ]
    assert _payload(same_ref)["report"]["created"] == 1
    [ours] = await _controls(client, acme.token)
    assert (ours["ref"], ours["title"]) == ("AC-01", "Ours")


async def test_a_file_wrong_on_every_row_lists_the_first_hundred_problems_and_counts_the_rest(
    client, db
):
    acme = await make_tenant(db)
    rows = "".join(f"AC-{n:03},Control {n},CC10.{n}\n" for n in range(150))

    body = await _import(client, acme.token, f"ref,title,criteria\n{rows}".encode())

    messages = [e["message"] for e in _payload(body)["errors"]]
    assert len(messages) == 101
    assert (
        messages[0] == "row 2, criteria: 'CC10.0' is not a trust services criterion such as CC6.1."
    )
    assert messages[-1] == "... and 50 more problems."
