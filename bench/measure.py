"""Run a command as a child process and measure its whole process tree.

CPU-seconds come from ``getrusage(RUSAGE_CHILDREN)`` before and after the run: user +
system time of the child and of every descendant it waited for (workers, kernels,
papermill's and nbconvert's subprocesses). A psutil sampler walks the tree every
``interval`` seconds, summing the resident memory of all its processes (the peaks are
reported) and keeping each process's last seen CPU time, a lower bound that cross-checks
the rusage figure (a process missed by rusage would show up as sampled > rusage).

Memory is summed two ways: RSS counts a page shared by several processes once per process
(forked workers share most of their parent's memory, copy-on-write), PSS divides each
shared page among the processes that share it, so the sum is the memory the tree takes.
"""

from __future__ import annotations

import resource
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass

import psutil

INTERVAL = 0.075


@dataclass
class Measured:
    """Wall seconds, CPU-seconds and peak RSS bytes of one run of a process tree."""

    wall: float
    cpu: float
    sampled_cpu: float
    peak_rss: int
    returncode: int
    output: str
    peak_pss: int = 0

    def __add__(self, other: "Measured") -> "Measured":
        return Measured(self.wall + other.wall, self.cpu + other.cpu, self.sampled_cpu + other.sampled_cpu,
                        max(self.peak_rss, other.peak_rss), self.returncode or other.returncode,
                        self.output + other.output, max(self.peak_pss, other.peak_pss))


ZERO = Measured(0.0, 0.0, 0.0, 0, 0, "")


class _Sampler(threading.Thread):
    def __init__(self, root: psutil.Process, interval: float):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peak, self.peak_pss, self.cpu = 0, 0, {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(self.interval)

    def sample(self) -> None:
        try:
            tree = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        rss = pss = 0
        for proc in tree:
            try:
                with proc.oneshot():
                    memory = proc.memory_full_info()
                    rss, pss = rss + memory.rss, pss + memory.pss
                    times = proc.cpu_times()
                    self.cpu[(proc.pid, proc.create_time())] = times.user + times.system
            except psutil.Error:
                continue
        self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)


def run(command: list[str], *, env: dict[str, str], cwd, interval: float = INTERVAL) -> Measured:
    """Run ``command`` to its end and measure it (output kept, not shown)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as log:
        process = psutil.Popen(command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        sampler = _Sampler(process, interval)
        sampler.start()
        returncode = process.wait()
        wall = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        log.seek(0)
        output = log.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(wall, cpu, sum(sampler.cpu.values()), sampler.peak, returncode, output, sampler.peak_pss)
