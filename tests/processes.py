"""The processes a test started, found by a mark in their environment (Linux /proc)."""

from collections.abc import Iterable
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


LISTEN = "0A"  # a socket's state in /proc/net/tcp


def _socket_files(local_port: int, remote_port: int | None, state: str | None) -> set[str]:
    """The open-file names (`socket:[inode]`) of the TCP sockets on `local_port`, connected
    from `remote_port` or in `state` (Linux /proc/net/tcp and tcp6: local and remote address
    as hex `ADDRESS:PORT`, the state fourth, the inode tenth)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if int(local.rsplit(":", 1)[1], 16) != local_port:
                continue
            if remote_port is not None and int(remote.rsplit(":", 1)[1], 16) != remote_port:
                continue
            if state is not None and fields[3] != state:
                continue
            found.add(f"socket:[{inode}]")
    return found


def _holding(files: set[str], candidates: Iterable[int]) -> list[int]:
    """Which of `candidates` hold any of the open files `files` (the kernel's own record)."""
    holders = []
    for pid in candidates:
        try:
            descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if str(descriptor.readlink()) in files:
                    holders.append(pid)
                    break
            except OSError:
                continue
    return holders


def process_serving(server_port: int, client_port: int, candidates: list[int]) -> int | None:
    """Which of `candidates` holds the server's end of the connection from `client_port`."""
    holders = _holding(_socket_files(server_port, client_port, None), candidates)
    return holders[0] if holders else None


def processes_listening(port: int) -> list[int]:
    """Every process holding the socket that listens on `port` (a server of several
    processes shares it with its children), lowest pid first."""
    every = sorted(int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit())
    return _holding(_socket_files(port, None, LISTEN), every)


def command_line(pid: int) -> str:
    """A process's command line, its arguments joined by spaces ("" once it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""
