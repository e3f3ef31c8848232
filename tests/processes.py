"""The processes a test started, found by a mark in their environment (Linux /proc)."""

from pathlib import Path


def processes_marked(mark: str) -> list[int]:
    """Processes whose environment holds TPRM_TEST_MARK=mark: a process and all it started
    (they inherit the environment), wherever they were re-parented."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue  # gone, or not ours to read
        if f"TPRM_TEST_MARK={mark}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found
