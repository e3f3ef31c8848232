"""The README's respondent flow, run as written with curl and jq against a live `tprm serve`:
the reviewer sends, the vendor answers through its link and submits, the reviewer completes."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.factories import global_id, make_contact, make_template, make_tenant, make_vendor

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def _flow() -> str:
    section = README.read_text().split("### Answering as a vendor, with curl", 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_the_readme_s_curl_flow_runs_from_sending_to_completion(database_url, db, tmp_path):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Supplier Inc")
    contact = await make_contact(db, acme, vendor.id)
    template = await make_template(db, acme)  # mfa, and mfa_how when yes
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url.replace("+asyncpg", ""),
        "TPRM_DEMO": "false",
        "TPRM_LOG_LEVEL": "warning",
    }
    with (
        (tmp_path / "server.log").open("w") as log,
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--no-worker", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=log,
        ) as server,
    ):
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.3)
            run = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", _flow()],
                env={
                    "PATH": os.environ["PATH"],
                    "TPRM": f"http://127.0.0.1:{port}",
                    "TOKEN": acme.token,
                    "VENDOR": global_id("Vendor", vendor.id),
                    "TEMPLATE": global_id("QuestionnaireTemplate", template.id),
                    "CONTACT": global_id("VendorContact", contact.id),
                },
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)

    assert run.returncode == 0, run.stderr + run.stdout
    out = run.stdout
    assert '"missingRequired":["mfa"]' in out.replace(" ", "").replace("\n", "")
    assert '"status":"SUBMITTED"' in out.replace(" ", "")
    assert out.rstrip().endswith(
        '{"data":{"completeQuestionnaire":{"questionnaire":{"status":"COMPLETED","score":100},'
        '"errors":[]}}}'
    )
