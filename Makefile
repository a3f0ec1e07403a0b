# lsgrisk — newcomer commands: `make demo` and `make test`.
# Uses the active virtualenv when there is one; otherwise creates .venv here.

VENV ?= .venv
ifdef VIRTUAL_ENV
PY := python
BOOTSTRAP :=
else
PY := $(VENV)/bin/python
BOOTSTRAP := $(VENV)/bin/python
endif
DEMO_DIR ?= demo-output
BENCH_ARGS ?=

.PHONY: help install install-dev demo test lint bench templates example-xlsx clean

help:
	@echo "make demo       run the whole pipeline on the example municipality (writes $(DEMO_DIR)/)"
	@echo "make test       install the test extras and run the test suite"
	@echo "make lint       ruff and mypy"
	@echo "make bench      benchmarks (BENCH_ARGS=--quick for small sizes)"
	@echo "make templates  rebuild the docx templates from code"

$(VENV)/bin/python:
	python3 -m venv $(VENV)

# runtime dependencies only: what `lsgrisk` needs to run (make demo, make templates)
install: $(BOOTSTRAP)
	@echo "== Installing lsgrisk and its runtime dependencies into $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV),$(VENV)) (pip install -e .); the first time takes a few minutes"
	$(PY) -m pip install --quiet --disable-pip-version-check -e .

# plus the test and lint tools (pytest, hypothesis, ruff, mypy): make test, make lint
install-dev: $(BOOTSTRAP)
	@echo "== Installing lsgrisk with the test and lint tools (pip install -e .[dev])"
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"

demo: install
	@echo "== Running the whole pipeline on the example municipality into $(DEMO_DIR)/"
	$(PY) -m lsgrisk demo -o $(DEMO_DIR)

test: install-dev
	$(PY) -m pytest -q

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: install-dev
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(PY) $$f $(BENCH_ARGS) || exit $$?; done

templates: install
	$(PY) -m policy_templates.build

example-xlsx: install
	$(PY) -m lsgrisk convert examples/primjer/inventory.yaml -o examples/primjer/inventory.xlsx

clean:
	rm -rf $(DEMO_DIR) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
