"""The portability layers of strict nbval (tests/nbval_portability) can fail.

A throwaway notebook prints a raw rounding-level value, the summed relative error of
``np.exp`` against a 40-digit ``decimal`` reference, with its output stored as this
machine computes it. Strict nbval must pass it as it is and fail it under the one-ulp layer
and (where this CPU has kernels above NumPy's baseline that change ``np.exp``) under the
lowered-SIMD layer. The wrapper itself is checked in a fresh interpreter, since it replaces
functions of the numpy module for the rest of the process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
RUN = HERE / "nbval_portability" / "run.py"

ROUNDING_LEVEL_CELL = """\
from decimal import Decimal, getcontext

import numpy as np

getcontext().prec = 40
x = np.linspace(0.1, 5.0, 400)
total = sum(abs(Decimal(float(v)) / Decimal(float(u)).exp() - 1) for u, v in zip(x, np.exp(x)))
print(f"summed relative error of np.exp: {float(total):.6e}")
"""


def _printed_output(environment: dict[str, str] | None = None) -> str:
    """What the cell prints, computed by a fresh interpreter (as the kernel would)."""
    code = ROUNDING_LEVEL_CELL
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    return result.stdout


@pytest.fixture(scope="module")
def notebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "id": "rounding-level",
        "metadata": {},
        "outputs": [{"output_type": "stream", "name": "stdout", "text": _printed_output()}],
        "source": ROUNDING_LEVEL_CELL,
    }
    document = {
        "cells": [cell],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path_factory.mktemp("portability") / "rounding_level.ipynb"
    path.write_text(json.dumps(document))
    return path


def _lowered_simd_features() -> list[str]:
    sys.path.insert(0, str(RUN.parent))
    try:
        from run import higher_numpy_features
    finally:
        sys.path.pop(0)
    return higher_numpy_features()


@pytest.fixture(scope="module")
def nbval_runs(notebook: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """Strict nbval of the notebook under each layer, the three runs side by side."""
    runs = {
        layer: subprocess.Popen(
            [sys.executable, str(RUN), layer, str(notebook), "-q", "-p", "no:xdist"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for layer in ("native", "simd", "ulp")
    }
    results = {}
    for layer, process in runs.items():
        stdout, stderr = process.communicate(timeout=300)
        results[layer] = subprocess.CompletedProcess(
            process.args, process.returncode, stdout, stderr
        )
    return results


def test_the_stored_output_passes_strict_nbval_as_it_is(nbval_runs: dict) -> None:
    result = nbval_runs["native"]
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_one_ulp_layer_fails_a_printed_rounding_level_value(nbval_runs: dict) -> None:
    result = nbval_runs["ulp"]
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Cell outputs differ" in result.stdout, result.stdout


def test_the_lowered_simd_layer_fails_a_printed_rounding_level_value(nbval_runs: dict) -> None:
    features = _lowered_simd_features()
    lowered = dict(os.environ, NPY_DISABLE_CPU_FEATURES=" ".join(features))
    if _printed_output(lowered) == _printed_output():
        pytest.skip(
            "np.exp gives the same bits with NumPy's kernels above its baseline disabled "
            f"({' '.join(features) or 'this CPU has none'}), so this layer cannot differ here"
        )
    result = nbval_runs["simd"]
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Cell outputs differ" in result.stdout, result.stdout


WRAPPER_CHECKS = """
import math, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import one_ulp

x = np.linspace(0.1, 3.0, 50)
before = {"exp": np.exp(x), "complex": np.exp(x + 1e-20j), "math": math.tanh(0.3)}
one_ulp.install(seed=0)
import torch  # after install: patched on import

ulps = (np.exp(x) - before["exp"]) / np.spacing(before["exp"])
assert set(ulps) == {-1.0, 1.0}, ulps  # every element moved, both directions occur
assert abs(math.tanh(0.3) - before["math"]) == math.ulp(before["math"])
assert np.exp(0.0) == 1.0 and np.log(1.0) == 0.0 and np.tanh(40.0) == 1.0  # exact results
assert np.array_equal(np.power(x, 2), x * x) and np.sqrt(2.0) == math.sqrt(2.0)
assert np.exp(np.float32(0.5)).dtype == np.float32 and type(np.exp(1.0)) is np.float64
assert np.exp.__name__ == "exp" and np.exp.nout == 1

z = np.exp(x + 1e-20j)  # the complex step: both parts move, nothing breaks
assert np.all(z.real != before["complex"].real) and np.all(z.imag != before["complex"].imag)

out = np.zeros_like(x)
assert np.exp(x, out=out) is out and np.all(out != before["exp"])
masked = np.zeros_like(x)
np.exp(x, out=masked, where=x > 1.0)
assert np.all(masked[x <= 1.0] == 0.0)

t = torch.linspace(0.1, 3.0, 50, dtype=torch.float64, requires_grad=True)
y = torch.exp(t)
assert not torch.equal(y.detach(), torch.from_numpy(before["exp"]))
assert torch.exp(t[0]).shape == ()  # a 0-d tensor stays 0-d
jvp = torch.func.jvp(torch.sin, (t.detach()[:1],), (torch.ones(1, dtype=torch.float64),))
assert torch.allclose(jvp[1], torch.cos(t.detach()[:1]))  # TorchScript still compiles
(y.sum() + t.tanh().sum() + torch.sigmoid(t).sum()).backward()  # autograd still works
s = torch.sigmoid(t.detach())
assert torch.allclose(t.grad, y.detach() + (1 - t.detach().tanh() ** 2) + s * (1 - s))
np.random.seed(1)
first = np.random.random()
np.random.seed(1)
np.exp(x)
assert np.random.random() == first  # the program's own random numbers are untouched
print("ok")
"""


def test_the_one_ulp_wrapper_moves_inexact_results_and_keeps_everything_working() -> None:
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER_CHECKS, str(RUN.parent)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "ok", result.stdout + result.stderr
