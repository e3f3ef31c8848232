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


def _socket_inodes(server_port: int, client_port: int) -> set[str]:
    """Inodes of the server's end of the TCP connection from `client_port` (Linux
    /proc/net/tcp and tcp6: local and remote address as hex `ADDRESS:PORT`, inode tenth)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if (
                int(local.rsplit(":", 1)[1], 16) == server_port
                and int(remote.rsplit(":", 1)[1], 16) == client_port
            ):
                found.add(inode)
    return found


def process_serving(server_port: int, client_port: int, candidates: list[int]) -> int | None:
    """Which of `candidates` holds the server's end of the connection from `client_port`
    (the kernel's own record: an open file `socket:[inode]` of that process)."""
    inodes = {f"socket:[{inode}]" for inode in _socket_inodes(server_port, client_port)}
    for pid in candidates:
        try:
            descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if str(descriptor.readlink()) in inodes:
                    return pid
            except OSError:
                continue
    return None


def command_line(pid: int) -> str:
    """A process's command line, its arguments joined by spaces ("" once it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
