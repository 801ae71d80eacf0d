# Two commands do all the set-up: `make lab` and `make test`.
# Both create .venv (with python3's venv) when it is missing and install nnlib with its test tools.

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

.PHONY: lab test unit nbval browser notebooks site bench env mnist clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
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

test: mnist
	$(PYTEST) -n $(JOBS) tests
	$(NBVAL)

unit: mnist
	$(PYTEST) -n $(JOBS) tests -m "not browser"

nbval: mnist
	$(NBVAL)

browser: mnist
	$(PYTEST) -n $(JOBS) tests -m browser

notebooks: mnist
	$(BIN)/python scripts/execute_notebooks.py
	$(BIN)/python scripts/readme_pictures.py

site: $(STAMP)
	$(BIN)/python scripts/build_site.py

bench: mnist
	$(BIN)/python benchmarks/train_mnist.py
	$(BIN)/python benchmarks/load_mnist.py
	$(BIN)/python benchmarks/widgets.py

clean:
	rm -rf $(VENV) build site screenshots .pytest_cache
