# The book and its package in a few commands. Run `make help` for the list.
#
# Everything runs inside .venv, created on first use from requirements.txt (the one place
# versions are pinned). The install is redone only when requirements.txt or pyproject.toml
# change, so a second `make book` takes seconds.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BENCH_VENV  := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed
NB ?= book/*.ipynb
HTML := _build/html

.PHONY: help book test lint unit nbval build-strict browser notebooks lab bench clean

help:
	@echo "make book       build the HTML book into $(HTML) (from the notebooks' stored outputs)"
	@echo "make test       lint, unit tests, strict nbval, strict book build, browser check"
	@echo "make notebooks  re-execute every notebook in place (NB=book/02_derivatives.ipynb for one)"
	@echo "make lab        open JupyterLab in the book's environment"
	@echo "make bench      run the benchmarks and write book/appendix/benchmarks.md"
	@echo "make clean      remove the build, caches and virtual environments"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# --retries 1: where PyTorch's index (named in requirements.txt) is out of reach, pip
	@# moves on at once instead of backing off for 7 s on every package.
	$(BIN)/python -m pip install --quiet --retries 1 -r requirements.txt
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

# One build for reading and for make test: every warning fails it (-W -n), and
# --keep-going lists all of them in one run.
book: build-strict
	@echo "The book is built: open $(CURDIR)/$(HTML)/index.html"

test: lint unit nbval build-strict browser
	@echo "All checks passed."

lint: $(STAMP)
	$(BIN)/ruff check mlcalc tests bench book
	$(BIN)/ruff format --check mlcalc tests bench book/_ext book/*.ipynb
	$(BIN)/mypy

# The unit tests, and every example in mlcalc's docstrings (the API page shows them), side by
# side on every core (pytest-xdist): the suite has over two thousand tests.
unit: $(STAMP)
	$(BIN)/python -m pytest tests --doctest-modules mlcalc -n auto

# Strict nbval: every text output a notebook stores must be what the code prints today, on
# any reader's machine (issue 8). NumPy and PyTorch pick their exp/log/tanh/power kernels by
# CPU (SSE, AVX2, AVX-512, NEON) and the C library behind `math` differs between systems, so
# the last bits differ: a printed or glued value at rounding level would pass here and fail
# on the next machine. Hence three runs (tests/nbval_portability/README.md):
#   native  this machine as it is;
#   simd    the kernels of an older CPU: run.py sets NPY_DISABLE_CPU_FEATURES to NumPy's
#           dispatch targets this CPU has (computed at run time; NumPy refuses to disable
#           its baseline) and ATEN_CPU_CAPABILITY=default, for that run only;
#   ulp     every elementary function of NumPy, math and torch moved by one ulp in a seeded
#           random direction: a stand-in for any other machine, whatever this CPU is.
# All three run even if one fails, so one pass lists everything to fix. pytest-xdist runs
# the notebooks side by side; --dist loadfile keeps each notebook in one kernel, in order.
# One notebook, one layer: make nbval NB=book/02_derivatives.ipynb NBVAL_LAYERS=ulp
NBVAL_LAYERS ?= native simd ulp
# One worker per CPU; none (-n 0) for a single notebook, where workers only cost start-up.
NBVAL_JOBS ?= $(if $(word 2,$(wildcard $(NB))),auto,0)
nbval: $(STAMP)
	@status=0; for layer in $(NBVAL_LAYERS); do \
	    $(BIN)/python tests/nbval_portability/run.py $$layer $(NB) -n $(NBVAL_JOBS) --dist loadfile \
	        || status=1; \
	done; exit $$status

build-strict: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going

browser: $(STAMP)
	$(BIN)/python tests/browser_check.py $(HTML)

notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace $(NB)

lab: $(STAMP)
	$(BIN)/jupyter lab

# The benchmark's reference packages stay out of the book's environment: .venv-bench
# holds only them and sees .venv's packages through a .pth file.
$(BENCH_STAMP): requirements-bench.txt $(STAMP)
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	@# Each venv's python names its own site-packages; the .pth file holds .venv's.
	bench_site=$$($(BENCH_VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))') && \
	book_site=$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))') && \
	echo "$$book_site" > "$$bench_site/book-env.pth"
	$(BENCH_VENV)/bin/python -m pip install --quiet -r requirements-bench.txt
	@touch $@

bench: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python -m bench.run book/appendix/benchmarks.md
	@echo "Results written to book/appendix/benchmarks.md; run 'make book' to see them in the book."

clean:
	rm -rf _build $(VENV) $(BENCH_VENV) .pytest_cache .hypothesis .ruff_cache .mypy_cache mlcalc.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
