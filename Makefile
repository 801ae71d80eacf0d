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

.PHONY: lab test unit lint nbval browser notebooks site bench env clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

env: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

test: $(STAMP)
	$(PYTEST) -n $(JOBS) tests
	$(NBVAL)

unit: $(STAMP) lint
	$(PYTEST) -n $(JOBS) tests -m "not browser"

# lint and types (configured in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check nnlib tests benchmarks scripts
	$(BIN)/python -m mypy

nbval: $(STAMP)
	$(NBVAL)

browser: $(STAMP)
	$(PYTEST) -n $(JOBS) tests -m browser

notebooks: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py
	$(BIN)/python scripts/readme_pictures.py

site: $(STAMP)
	$(BIN)/python scripts/build_site.py

bench: $(STAMP)
	$(BIN)/python benchmarks/train_mnist.py
	$(BIN)/python benchmarks/load_mnist.py
	$(BIN)/python benchmarks/widgets.py

clean:
	rm -rf $(VENV) build site screenshots .pytest_cache
