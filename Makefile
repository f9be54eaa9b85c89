# Two commands do everything on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

# Test processes for `make test` (pytest-xdist): its tests mostly wait on workers and servers, so
# three share two cores well (docs/PERFORMANCE.md, "The test suite"). PYTEST_WORKERS=0 runs it in
# one process.
PYTEST_WORKERS ?= 3

.PHONY: install demo test lint typecheck unit clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The demo needs Tailor alone, not the test and lint tools of `install`.
demo: $(VENV)/.installed-base
	$(BIN)/tailor demo

$(VENV)/.installed-base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope --no-loadscope-reorder

unit: install
	$(BIN)/pytest tests/unit

clean:
	rm -rf $(VENV) .tailor .mypy_cache .ruff_cache .pytest_cache
