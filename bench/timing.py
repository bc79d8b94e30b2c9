"""The one timing method of every benchmark section.

A time is the **CPU time of the process** (``time.process_time``) of one run, with
Python's **garbage collector on**; the contenders take **turns** (in each round, each contender has
a few untimed warm-up runs and then its timed runs, starting from a collected heap); the
figure reported is the **median** of a contender's timed runs.

Why this and not another:

- CPU time rather than wall-clock time: the machines that run the benchmarks are often
  shared, and other processes stretch wall-clock times but not this process's CPU time.
  (Threads of this process do count: the benchmarks keep their products on one thread.)
- The collector on rather than off (as ``timeit`` has it): a library whose graphs leave
  reference cycles pays for collecting them in a real training loop, and a benchmark with
  the collector off would hide that cost. Starting each turn from a collected heap makes
  each contender pay for its own garbage, not for the other's.
- Turns rather than one contender after the other: a change in the machine's load then
  hits all contenders alike.
- The median rather than the minimum: it is what a user sees on a typical run, and one
  run that a burst of other work slowed down (or a lucky one) does not move it.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable

METHOD = (
    "CPU time of the process (`time.process_time`), garbage collector on, the contenders "
    "taking turns from a collected heap, median of the timed runs (`bench/timing.py` says "
    "why)"
)


def cpu_times(
    contenders: dict[str, Callable[[], object]], *, rounds: int, runs: int, warmup: int = 1
) -> dict[str, list[float]]:
    """CPU seconds of every timed run of each contender: ``rounds`` turns each, a turn being
    ``warmup`` untimed runs and then ``runs`` timed ones."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, run_once in contenders.items():
            gc.collect()
            for _ in range(warmup):
                run_once()
            for _ in range(runs):
                start = time.process_time()
                run_once()
                times[name].append(time.process_time() - start)
    return times


def median_times(
    contenders: dict[str, Callable[[], object]], *, rounds: int, runs: int = 1, warmup: int = 1
) -> dict[str, float]:
    """The median of :func:`cpu_times` for each contender, in seconds."""
    times = cpu_times(contenders, rounds=rounds, runs=runs, warmup=warmup)
    return {name: statistics.median(values) for name, values in times.items()}
