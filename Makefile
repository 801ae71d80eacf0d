# Two commands do all the set-up: `make lab` and `make test`.
# Both create .venv (with python3's venv) when it is missing and install nnlib with its test tools,
# at exactly the versions in constraints.txt: the ones the stored notebook outputs were made with.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST := $(BIN)/python -m pytest
# test processes run side by side (pytest-xdist); `make test JOBS=1` runs one at a time.
# nbval keeps each notebook in one process (--dist loadfile): its cells share one kernel.
JOBS   ?= 2
NBVAL  := $(PYTEST) --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
          -p no:cacheprovider -n $(JOBS) --dist loadfile notebooks
# JupyterLab refuses to run as root without --allow-root (containers, cloud machines, CI);
# extra options, e.g. `make lab LAB_ARGS="--ip=0.0.0.0 --no-browser"` inside a container
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
LAB_ARGS   ?=
# `make test-floors`: the oldest versions pyproject.toml allows, in a separate environment
FLOORS_PYTHON ?= python3.11
FLOORS_VENV   := .venv-floors

.PHONY: lab test unit lint nbval browser notebooks site bench bench-browser env mnist test-floors lock links clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "The lessons need Python 3.11 or newer; '$(PYTHON)' is older or missing." \
	         "Run: make $(or $(MAKECMDGOALS),env) PYTHON=python3.11 (or python3.12, ...)" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $(STAMP)

env: $(STAMP)

# the MNIST files: NNLIB_MNIST_DIR when it holds them, else data/mnist/ (downloaded once);
# without them and without a network, one message and a stop before anything runs
mnist: $(STAMP)
	@$(BIN)/python scripts/check_mnist.py

lab: $(STAMP)
	@echo "Starting JupyterLab on the lessons. If no browser opens, open the address it prints"
	@echo "below (http://127.0.0.1:...lab?token=...) in one. Ctrl+C, then y, stops it."
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ALLOW_ROOT) $(LAB_ARGS)

test: mnist lint
	$(PYTEST) -n $(JOBS) tests
	$(NBVAL)

unit: mnist lint
	$(PYTEST) -n $(JOBS) tests -m "not browser"

# lint, format and types (configured in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check nnlib tests benchmarks scripts
	$(BIN)/ruff format --check nnlib tests benchmarks scripts  # less [tool.ruff.format] exclude
	$(BIN)/python -m mypy

nbval: mnist
	$(NBVAL)

browser: mnist
	$(PYTEST) -n $(JOBS) tests -m browser

# The unit tests on the floors of pyproject.toml, installed exactly, in a fresh .venv-floors.
# Tests marked `locked` compare pictures pixel by pixel and hold only for constraints.txt.
# (--disable-warnings: the old releases' own deprecation warnings fill pages and say nothing.)
test-floors:
	rm -rf $(FLOORS_VENV)
	$(FLOORS_PYTHON) -m venv $(FLOORS_VENV)
	$(FLOORS_VENV)/bin/python scripts/floors.py > $(FLOORS_VENV)/floors.txt
	$(FLOORS_VENV)/bin/python -m pip install --quiet -r $(FLOORS_VENV)/floors.txt -e '.[test]'
	$(FLOORS_VENV)/bin/python scripts/floors.py --verify
	@$(FLOORS_VENV)/bin/python scripts/check_mnist.py
	$(FLOORS_VENV)/bin/python -m pytest -n $(JOBS) -p no:cacheprovider --disable-warnings \
	  -m "not browser and not locked" tests

notebooks: mnist
	$(BIN)/python scripts/execute_notebooks.py
	$(BIN)/python scripts/readme_pictures.py

site: $(STAMP)
	$(BIN)/python scripts/build_site.py

# the README's Binder badge, per-lesson links and JupyterHub link, from [tool.nnlib-lessons]
links: $(STAMP)
	$(BIN)/python scripts/lesson_links.py --readme

# newest releases -> constraints.txt and environment.yml (needs PyPI); then `make notebooks`
lock:
	$(PYTHON) scripts/lock.py

bench: mnist
	$(BIN)/python benchmarks/train_mnist.py
	$(BIN)/python benchmarks/fit_overhead.py
	$(BIN)/python benchmarks/load_mnist.py
	$(BIN)/python benchmarks/widgets.py
	$(BIN)/python benchmarks/widget_extremes.py
	$(BIN)/python benchmarks/playground.py

bench-browser: mnist
	$(BIN)/python benchmarks/browser_latency.py

clean:
	rm -rf $(VENV) $(FLOORS_VENV) build site screenshots .pytest_cache
