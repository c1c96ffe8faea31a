"""A server process's memory, as Linux reports it in /proc/<pid>/status."""

import re
from pathlib import Path


def status_mib(pid: int, field: str) -> float:
    """A /proc/<pid>/status size field (VmRSS, VmHWM: the peak RSS), in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(rf"{field}:\s+(\d+) kB", status)
    if found is None:
        raise RuntimeError(f"no {field} in /proc/{pid}/status")
    return int(found.group(1)) / 1024


def reset_peak(pid: int) -> None:
    """Start the process's peak RSS (VmHWM) over from its current RSS (proc(5): clear_refs)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")
