"""The front-end contract's node tools (frontend-contract/), run from the suite."""

import fcntl
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend-contract"


def node() -> str:
    found = shutil.which("node")
    assert found and shutil.which("npm"), "the front-end contract needs node (20 or later) and npm"
    return found


def install_node_packages() -> None:
    """`npm ci` from frontend-contract/package-lock.json, unless node_modules already holds
    exactly that install (frontend-contract/install.mjs keeps a stamp of it)."""
    lock_dir = ROOT / ".tprm"
    lock_dir.mkdir(exist_ok=True)
    # pytest-xdist workers install one at a time: npm ci empties node_modules first
    with open(lock_dir / "node-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = subprocess.run(
            [node(), "install.mjs"],
            cwd=FRONTEND,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    assert result.returncode == 0, (
        "npm ci failed:\n" + result.stdout[-3000:] + result.stderr[-3000:]
    )


def run_node(script: str, *args: str, env: dict[str, str] | None = None, timeout: float = 300):
    """A node script of frontend-contract/ (installed packages), its output captured."""
    return subprocess.run(
        [node(), script, *args],
        cwd=FRONTEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
