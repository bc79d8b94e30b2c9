"""The package as a whole: its public names, its version, and what importing it costs."""

import importlib
import importlib.resources
import json
import subprocess
import sys

import mlcalc

# The names the chapters may use, as the design's contract (the API page of the design
# documents, which lives outside this repository) lists them. Written out here rather than
# read from book/appendix/api.md, which is generated from the docstrings by autodoc and so
# can only say what the code has, not what it promised: a contract name that goes
# missing must fail this test. Names of chapters not yet written (mc.nn, mc.integrate,
# softmax, ...) join the list when they land.
CONTRACT = {
    "mlcalc": [
        "derivative", "gradient", "jacobian", "hessian", "check_grad",
        "Value", "Dual", "grad",
        "gradient_descent", "DescentResult", "DivergenceWarning",
        "sigmoid", "tanh", "relu", "sigmoid_prime", "tanh_prime", "relu_prime",
        "exp", "log", "sin", "cos",
        "mse", "mse_grad", "mae", "mae_grad",
        "binary_cross_entropy", "binary_cross_entropy_grad",
        "optim", "data", "plot",
    ],
    "mlcalc.optim": [
        "SGD", "Momentum", "Adam", "batches", "DivergenceWatch", "DivergenceWarning",
    ],
    "mlcalc.data": ["linear", "moons", "spirals", "xor"],
    "mlcalc.plot": [
        "function", "tangent", "contour", "contour_paths", "learning_rates",
        "loss_curves", "descent_animation", "animate", "graph",
    ],
}  # fmt: skip


def test_every_contract_name_resolves_and_is_exported():
    for module_name, names in CONTRACT.items():
        module = importlib.import_module(module_name)
        for name in names:
            assert getattr(module, name, None) is not None, f"{module_name}.{name} is missing"
            assert name in module.__all__, f"{module_name}.{name} is not in __all__"


def test_every_name_in_all_resolves():
    for module_name in CONTRACT:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            assert getattr(module, name) is not None, f"{module_name}.{name}"


def test_version_and_type_marker():
    major, minor, patch = (int(part) for part in mlcalc.__version__.split("."))
    assert (major, minor, patch) >= (0, 1, 0)
    assert importlib.resources.files("mlcalc").joinpath("py.typed").is_file()


def test_import_loads_neither_matplotlib_nor_torch():
    # A fresh interpreter, so that other tests' imports do not count.
    code = (
        "import sys, json, mlcalc; "
        "print(json.dumps(sorted(m for m in ('matplotlib', 'torch', 'scipy', 'IPython') "
        "if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
