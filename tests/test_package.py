"""The package as a whole: its public names, its version, and what importing it costs."""

import importlib.resources
import json
import subprocess
import sys

import mlcalc


def test_every_public_name_resolves():
    for name in mlcalc.__all__:
        assert getattr(mlcalc, name) is not None, name


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
