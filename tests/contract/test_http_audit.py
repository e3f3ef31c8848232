"""A running `tprm serve` passes the GraphQL-over-HTTP audit of graphql-http (serverAudits):
every audit, the MAYs too (frontend-contract/http-audit.mjs; by hand: its header).

The rules themselves are in app/api/graphql_http.py; test_graphql_over_http.py checks each one
against the ASGI app, and the cases the audit leaves out."""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.contract.frontend import ROOT, run_node
from tests.factories import make_tenant


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(database_url: str, log: Path) -> Iterator[str]:
    """`tprm serve --no-worker` on a free port of localhost, until the block ends; its URL."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url.replace("+asyncpg", ""),
        "TPRM_DEMO": "false",
        "TPRM_LOG_LEVEL": "warning",
    }
    with (
        log.open("w") as output,
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--no-worker", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=output,
        ) as server,
    ):
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{url}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert server.poll() is None, "tprm serve exited:\n" + log.read_text()[-3000:]
                assert time.monotonic() < deadline, "tprm serve did not come up in 60 s"
                time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=15)


def _described(result: dict) -> str:
    response = result.get("response", {})
    return (
        f"{result['id']} {result['status'].upper()} {result['name']}: {result.get('reason')} "
        f"(got {response.get('status')} {response.get('contentType')}: "
        f"{str(response.get('body'))[:300]})"
    )


async def test_the_graphql_over_http_audit_passes_every_audit(
    node_packages, database_url, db, tmp_path
):
    acme = await make_tenant(db)

    with serving(database_url, tmp_path / "server.log") as url:
        audit = run_node(
            "http-audit.mjs", f"{url}/graphql", env={**os.environ, "TPRM_TOKEN": acme.token}
        )

    assert audit.stdout.strip(), audit.stderr[-3000:]
    results = json.loads(audit.stdout)
    assert len(results) > 50, results  # the whole audit ran
    # an error is a MUST failed, a warning a SHOULD, a notice a MAY: tprm does them all
    failing = [_described(r) for r in results if r["status"] != "ok"]
    assert failing == [], "\n".join([audit.stderr.strip(), *failing])
