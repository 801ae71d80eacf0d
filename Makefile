# Two commands do all the set-up: `make lab` and `make test`.
# Both create .venv (with python3's venv) when it is missing and install nnlib with its test tools.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST := $(BIN)/python -m pytest

.PHONY: lab test unit nbval browser notebooks site bench env clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

env: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

test: $(STAMP)
	$(PYTEST) tests
	$(PYTEST) --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks

unit: $(STAMP)
	$(PYTEST) tests -m "not browser"

nbval: $(STAMP)
	$(PYTEST) --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks

browser: $(STAMP)
	$(PYTEST) tests -m browser

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
