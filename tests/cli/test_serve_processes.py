"""`tprm serve --workers 2`: two API processes on one port, one job worker beside them, the
demo token printed once, and nothing one process keeps to itself that the other must know
(the brake on guessing tokens is counted in the database, app/security.py)."""

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tests.processes import command_line, process_serving, processes_marked

TPRM = [sys.executable, "-m", "app.cli"]
VIEWER = json.dumps({"query": "{ viewer { role } }"}).encode()
GUESSER = "203.0.113.9"  # a client behind the trusted proxy (X-Forwarded-For)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ask(port: int, token: str, api: list[int], client: str | None = None) -> tuple[int, str, int]:
    """POST { viewer { role } } on a connection of its own: the status, the body, and which
    API process answered it (found while the connection is still open)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.connect()
        assert connection.sock is not None
        client_port = connection.sock.getsockname()[1]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        if client is not None:
            headers["X-Forwarded-For"] = client
        connection.request("POST", "/graphql", body=VIEWER, headers=headers)
        response = connection.getresponse()
        body = response.read().decode()
        pid = process_serving(port, client_port, api)
        assert pid is not None, "no API process holds the connection"
        return response.status, body, pid
    finally:
        connection.close()


def started(log: Path, serve: subprocess.Popen, mark: str) -> tuple[list[int], list[int]]:
    """Wait until both API processes have started: (API processes, job workers)."""
    for _ in range(1800):
        assert serve.poll() is None, log.read_text()
        if log.read_text().count("Application startup complete") >= 2:
            break
        time.sleep(0.05)
    assert log.read_text().count("Application startup complete") == 2, log.read_text()
    marked = {pid: command_line(pid) for pid in processes_marked(mark)}
    api = [pid for pid, line in marked.items() if "--multiprocessing-fork" in line]
    workers = [pid for pid, line in marked.items() if "app.cli worker" in line]
    return api, workers


async def test_two_api_processes_answer_alike_and_hold_one_brake_between_them(
    database_url, db, tmp_path
):
    mark = uuid.uuid4().hex
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url.replace("+asyncpg", ""),
        "TPRM_DATA_DIR": str(tmp_path / "data"),
        "TPRM_DEMO": "true",
        "TPRM_AUTH_FAILURES_PER_MINUTE": "3",
        "TPRM_TEST_MARK": mark,
        "TPRM_PORT": str(port),
    }
    log = tmp_path / "serve.log"
    with (
        log.open("w") as output,
        subprocess.Popen(
            [*TPRM, "serve", "--workers", "2"], env=env, stdout=output, stderr=output
        ) as serve,
    ):
        try:
            api, workers = started(log, serve, mark)
            printed = log.read_text()
            [token] = [
                line.split()[1] for line in printed.splitlines() if line.startswith("Token:")
            ]

            # Given two API processes, when a member asks on connections of their own until
            # both have answered, then each answers the same, from the one database.
            answers = []
            while {pid for _, _, pid in answers} != set(api) and len(answers) < 200:
                answers.append(ask(port, token, api))

            # And when a client guesses tokens until both have refused it, then the first
            # three failures (the limit) are counted wherever they land, and every process
            # refuses the client from then on.
            guesses = []
            while len({pid for status, _, pid in guesses if status == 429}) < 2 and (
                len(guesses) < 200
            ):
                guesses.append(ask(port, f"tprm_guess{len(guesses)}", api, GUESSER))
            with_its_token_now = ask(port, token, api, GUESSER)
        finally:
            serve.send_signal(signal.SIGTERM)
            code = serve.wait(timeout=60)
    for _ in range(200):
        if not processes_marked(mark):
            break
        time.sleep(0.05)

    assert len(api) == 2 and len(workers) == 1  # one job worker, however many API processes
    assert printed.count("GraphiQL:") == 1 and printed.count("Token:") == 1
    assert {pid for _, _, pid in answers} == set(api)
    assert all(
        status == 200 and json.loads(body) == {"data": {"viewer": {"role": "ADMIN"}}}
        for status, body, _ in answers
    )
    statuses = [status for status, _, _ in guesses]
    assert statuses[:3] == [401, 401, 401]
    assert set(statuses[3:]) == {429}
    assert {pid for status, _, pid in guesses if status == 429} == set(api)
    assert with_its_token_now[0] == 429  # the address is braked, whatever it sends
    assert code == 0
    assert processes_marked(mark) == []
