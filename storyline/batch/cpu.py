"""CPU seconds of this process and everything it started, split by kind of process.

In local mode the job is three kinds of process: this Python driver, the JVM (Spark's
scheduler, shuffles, Parquet and the Arrow hand-over) and the Python workers the JVM's
pyspark daemon forks (the stages). Which of the three a second of CPU went to says where a
step's cost is, which wall time on a shared machine cannot; `job._Clock` records the split
per step. Read from ``/proc`` (Linux); elsewhere, or on a cluster, only the driver's own.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

KINDS = ("driver", "jvm", "python workers")
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def tree_cpu(pid: int | None = None) -> dict[str, float]:
    """User + system CPU seconds of the driver (``pid``, default this process), of the JVM
    processes below it and of every other process below it (Python workers and the daemon),
    children they have reaped included."""
    pid = os.getpid() if pid is None else pid
    totals = dict.fromkeys(KINDS, 0.0)
    proc = Path("/proc")
    if not proc.is_dir():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        totals["driver"] = usage.ru_utime + usage.ru_stime
        return totals
    children: dict[int, list[int]] = {}
    stats: dict[int, tuple[str, list[str]]] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            head, tail = (entry / "stat").read_text().rsplit(")", 1)
        except (OSError, ValueError):
            continue
        fields = tail.split()
        stats[int(entry.name)] = (head.split("(", 1)[-1], fields)
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    todo = [(pid, "driver")]
    while todo:
        current, kind = todo.pop()
        found = stats.get(current)
        if found is not None:
            name, fields = found
            if current != pid:
                kind = "jvm" if name == "java" else "python workers"
            # utime stime cutime cstime: fields 14-17 of stat (11-14 after the state)
            totals[kind] += sum(int(f) for f in fields[11:15]) / _TICK
        todo.extend((child, kind) for child in children.get(current, ()))
    return totals


def difference(after: dict[str, float], before: dict[str, float]) -> dict[str, float]:
    """Per-kind CPU seconds between two `tree_cpu` readings, rounded."""
    return {k: round(after[k] - before.get(k, 0.0), 1) for k in after}
