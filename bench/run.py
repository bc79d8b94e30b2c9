"""Run every benchmark in one process and write the results page of the book.

Usage: ``python -m bench.run book/appendix/benchmarks.md`` (what ``make bench`` does).

Each module in ``SECTIONS`` has a ``run() -> str`` that measures mlcalc beside the
references its issue names and returns a Markdown section. This script adds the machine,
the versions and the date, so every ratio on the page can be traced to where it was
measured.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.metadata
import os
import platform
import sys
from pathlib import Path

SECTIONS = ("bench.derivatives", "bench.autodiff", "bench.optim", "bench.nn", "bench.integrate")
PACKAGES = (
    "mlcalc", "numpy", "torch", "scipy", "numdifftools", "micrograd", "mpmath", "threadpoolctl",
)  # fmt: skip


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def header() -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    return "\n".join(
        [
            "# Benchmark results",
            "",
            "Written by `make bench` (`bench/run.py`); every number on this page comes from",
            "that one run, with mlcalc and the references measured side by side in the same",
            "process. Times are medians of repeated runs; ratios compare runs on the same",
            "machine and are the figures to read, since absolute times depend on the machine.",
            "",
            f"- **Date:** {now}",
            f"- **Machine:** {_cpu_name()}, {os.cpu_count()} logical cores, "
            f"{platform.system()} {platform.release()}",
            f"- **Python:** {platform.python_version()}",
            f"- **Packages:** {versions}",
            "",
        ]
    )


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else None
    parts = [header()]
    for name in SECTIONS:
        print(f"running {name} ...", flush=True)
        parts.append(importlib.import_module(name).run().strip() + "\n")
    page = "\n".join(parts)
    if out is None:
        print(page)
    else:
        out.write_text(page)
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
