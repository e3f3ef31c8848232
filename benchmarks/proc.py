"""What the kernel says of a process (Linux /proc): its children, resident memory and CPU
time; and a sampler of peak memory over a tree of processes. Used by benchmarks.workers and
benchmarks.api_processes."""

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.processes import command_line

TICKS = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The processes `pid` started that still run (the kernel's list, every thread's)."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, children first."""
    below: list[int] = []
    stack = children(pid)
    while stack:
        child = stack.pop()
        below.append(child)
        stack.extend(children(child))
    return below


def memory_kb(pid: int) -> tuple[int, int] | None:
    """(VmRSS, VmHWM) in KiB: resident now, and the most it has been resident; None once
    the process is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    values = {}
    for line in lines:
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(value.split()[0])
    if len(values) < 2:
        return None  # a zombie has no memory left to tell of
    return values["VmRSS"], values["VmHWM"]


def cpu_seconds(pid: int, reaped: bool = False) -> float:
    """User and system CPU seconds of `pid` so far; with `reaped`, also those of the children
    it has waited for (a server's finished connections, say). 0 once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # the command name, in parentheses, may hold spaces: the fields start after its ')'
    fields = stat.rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + ((cutime + cstime) if reaped else 0)) / TICKS


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of `pid` and every live descendant, with the children each has reaped
    (a reaped child's time is its parent's then, and only its parent's)."""
    return sum(cpu_seconds(p, reaped=True) for p in (pid, *descendants(pid)))


def parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


def open_files(pid: int) -> list[Path]:
    """The files `pid` holds open (sockets, pipes and the like left out)."""
    found = []
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return found
    for descriptor in descriptors:
        try:
            target = descriptor.readlink()
        except OSError:
            continue
        if target.is_absolute():
            found.append(target)
    return found


def private_kb(pid: int) -> int | None:
    """KiB resident in `pid` alone (private pages, clean or dirty): what it costs beyond the
    pages it shares, as a process forked from a server shares that server's. None once gone."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return None
    total = 0
    for line in lines:
        name, _, value = line.partition(":")
        if name in ("Private_Clean", "Private_Dirty"):
            total += int(value.split()[0])
    return total


def busy_seconds() -> float:
    """CPU seconds every core of the machine spent on anything but idling, so far."""
    first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in first[:8])
    return (user + nice + system + irq + softirq + steal) / TICKS


@dataclass
class Peak:
    """The most a process was seen resident, in KiB, what it was, and the root of its tree."""

    command: str
    root: int
    parent: int
    hwm_kb: int = 0
    rss_kb: int = 0
    private_kb: int = 0  # the most seen private (PeakMemory.private), else 0
    note: str | None = None  # what `PeakMemory.describe` said of it


@dataclass
class PeakMemory:
    """Samples every process of the trees under `roots` every `interval` seconds, on a
    thread, until stopped: each one's peak (VmHWM, which the kernel keeps; sampled, so a
    process's growth in its last `interval` before it exits can be missed)."""

    roots: list[int]
    interval: float = 0.01
    # said of a process, once, while it says None (which file it reads, say)
    describe: Callable[[int], str | None] | None = None
    # also sample the private memory of the processes below the roots' children (it costs
    # the kernel a walk of the process's mappings each time)
    private: bool = False
    peaks: dict[int, Peak] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> "PeakMemory":
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        for root in self.roots:
            for pid in (root, *descendants(root)):
                memory = memory_kb(pid)
                if memory is None:
                    continue
                peak = self.peaks.get(pid)
                if peak is None:
                    peak = self.peaks[pid] = Peak(command_line(pid), root, parent(pid))
                peak.rss_kb = max(peak.rss_kb, memory[0])
                peak.hwm_kb = max(peak.hwm_kb, memory[1])
                if self.private and pid != root and peak.parent != root:
                    peak.private_kb = max(peak.private_kb, private_kb(pid) or 0)
                if peak.note is None and self.describe is not None and pid != root:
                    peak.note = self.describe(pid)

    def under(self, root: int) -> dict[int, Peak]:
        """The peaks of `root`'s tree as sampled (processes gone since included)."""
        return {pid: peak for pid, peak in self.peaks.items() if peak.root == root}


def mb(kib: float) -> str:
    return f"{kib / 1024:.0f} MB"
