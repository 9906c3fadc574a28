"""Peak memory of a benchmark's child process."""

from __future__ import annotations


def peak_resident_mb() -> float:
    """The most this process has held in memory, in MB: ``VmHWM`` of /proc/self/status (Linux).

    Not ``ru_maxrss``: Linux carries that over from the parent into a child it forks and
    executes, so a child started by a benchmark holding a big project reports at least the
    benchmark's own size.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise OSError("/proc/self/status gives no VmHWM")
