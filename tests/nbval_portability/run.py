"""Strict nbval under one portability layer (see README.md in this folder).

Usage: python tests/nbval_portability/run.py LAYER [pytest arguments, notebooks]

LAYER is one of
  native  this machine as it is;
  simd    NumPy without its SIMD kernels above the build's baseline (NPY_DISABLE_CPU_FEATURES
          lists the ones this CPU has) and PyTorch at its default level
          (ATEN_CPU_CAPABILITY=default): the kernels a reader's older CPU would run;
  ulp     every elementary function of NumPy, math and torch returns its result moved by one
          ulp in a seeded random direction (one_ulp.py): a stand-in for any other machine.
Without notebooks, every book/*.ipynb is checked. Example:
  python tests/nbval_portability/run.py ulp book/02_derivatives.ipynb
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LAYERS = ("native", "simd", "ulp")


def higher_numpy_features() -> list[str]:
    """NumPy's dispatch targets above its baseline that this CPU has (NumPy refuses to
    disable baseline features, and names a CPU lacks are an error)."""
    for name in ("NPY_DISABLE_CPU_FEATURES", "NPY_ENABLE_CPU_FEATURES"):
        os.environ.pop(name, None)  # detect what the CPU has, not what was switched off
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [feature for feature in __cpu_dispatch__ if __cpu_features__.get(feature)]


def nbval_command(arguments: list[str]) -> list[str]:
    if not any(argument.endswith(".ipynb") for argument in arguments):
        arguments = [*arguments, *sorted(str(path) for path in REPO.glob("book/*.ipynb"))]
    sanitize = REPO / "tests" / "nbval_sanitize.cfg"
    return [sys.executable, "-m", "pytest", "--nbval", "--nbval-sanitize-with", str(sanitize),
            "-p", "no:cacheprovider", *arguments]  # fmt: skip


def run(layer: str, arguments: list[str]) -> int:
    environment = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="nbval-ipython-") as ipython_dir:
        if layer == "simd":
            features = higher_numpy_features()
            environment["NPY_DISABLE_CPU_FEATURES"] = " ".join(features)
            environment["ATEN_CPU_CAPABILITY"] = "default"
            print(f"nbval, simd layer: NPY_DISABLE_CPU_FEATURES={' '.join(features) or '(none)'}"
                  " ATEN_CPU_CAPABILITY=default", flush=True)  # fmt: skip
        elif layer == "ulp":
            # A copy, so that IPython's history and security files stay out of the repository.
            shutil.copytree(HERE / "ipython", ipython_dir, dirs_exist_ok=True)
            environment["IPYTHONDIR"] = ipython_dir
            environment["NBVAL_ONE_ULP"] = str(HERE / "one_ulp.py")
            seed = environment.setdefault("NBVAL_ONE_ULP_SEED", "0")
            print(f"nbval, ulp layer: elementary functions moved by one ulp (seed {seed})",
                  flush=True)  # fmt: skip
        else:
            print("nbval, native layer: this machine as it is", flush=True)
        return subprocess.call(nbval_command(arguments), env=environment)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in LAYERS:
        print(__doc__, file=sys.stderr)
        return 2
    return run(argv[0], argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
