"""Documents in S3-compatible storage: a real S3 server on localhost (moto's server mode)."""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest

from app.jobs.worker import Worker
from app.main import create_app
from domain.shared.roles import Role
from tests.factories import global_id, gql, make_member, make_tenant, make_vendor
from tests.parsers.soc2.generator.build import DocSpec, generate

BUCKET = "tprm-documents"


@pytest.fixture
def s3_endpoint(monkeypatch) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [shutil.which("moto_server") or "moto_server", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(endpoint, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        for name, value in {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_REGION": "us-east-1",
            "AWS_ALLOW_HTTP": "true",
        }.items():
            monkeypatch.setenv(name, value)
        boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


async def test_documents_are_stored_once_read_and_served_from_s3(
    db, settings, database_url, s3_endpoint, tmp_path: Path
):
    on_s3 = settings.model_copy(update={"storage_url": f"s3://{BUCKET}/tprm"})
    app = create_app(on_s3, database_url=database_url)
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex Cloud")
    pdf = tmp_path / "report.pdf"
    generate(DocSpec("s3", style="aligned", n_exceptions=2), str(pdf))
    auth = {"Authorization": f"Bearer {reviewer.token}"}
    params = {"vendorId": global_id("Vendor", vendor.id), "kind": "SOC2_REPORT"}

    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://tprm.test"
        ) as http:
            first = await http.post(
                "/documents", params=params, content=pdf.read_bytes(), headers=auth
            )
            second = await http.post(
                "/documents", params=params, content=pdf.read_bytes(), headers=auth
            )
            document_id = first.json()["document"]["id"]
            await Worker(on_s3, database_url).run(drain=True)
            read = await gql(
                http,
                "query($id: ID!) { document(id: $id) { parseStatus report { kind } } }",
                {"id": document_id},
                token=reviewer.token,
            )
            download = await http.get(f"/documents/{document_id}/content", headers=auth)
    finally:
        await app.state.database.dispose()

    objects = boto3.client("s3", endpoint_url=s3_endpoint).list_objects_v2(Bucket=BUCKET)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["document"]["duplicate"] is True
    assert [o["Key"] for o in objects["Contents"]] == [
        f"tprm/tenants/{acme.tenant_id}/sha256/{first.json()['document']['sha256'][:2]}/"
        f"{first.json()['document']['sha256']}"
    ]
    assert read["data"]["document"] == {"parseStatus": "PARSED", "report": {"kind": "SOC2"}}
    assert download.content == pdf.read_bytes()
