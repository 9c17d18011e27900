# Gefest developer commands. Everything runs from the project's .venv, created on first use.
# Configuration comes from the environment and from `.env` (read by the `gefest` command).

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The first interpreter found that is Python >= 3.11 (override: make PYTHON=/path/to/python3)
PYTHON ?= $(shell for candidate in python3.13 python3.12 python3.11 python3; do \
	if command -v $$candidate >/dev/null 2>&1 && \
	$$candidate -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	echo $$candidate; break; fi; done)

.PHONY: help venv run serve migrate demo test lint format bench soak fuzz clean

help:
	@echo "make run      start PostgreSQL (embedded unless DATABASE_URL), migrate, serve on HOST:PORT"
	@echo "make test     run the test suite (TEST_DATABASE_URL, else Docker, else embedded PostgreSQL)"
	@echo "make lint     ruff check, ruff format --check, import-linter contracts"
	@echo "make format   ruff format and ruff check --fix"
	@echo "make migrate  apply the migrations to DATABASE_URL (else the embedded PostgreSQL)"
	@echo "make demo     load demo data into the make-run database (DEMO_ARGS='--candidates N --seed S')"
	@echo "make bench    run the benchmarks"
	@echo "make soak     5-minute mixed read/write load: p50/p99, errors, RSS per worker (SOAK_ARGS=...)"
	@echo "make fuzz     schemathesis over every API operation on a fresh demo database (~10 min)"
	@echo "make venv     create .venv and install the project (re-installs when pyproject.toml changes)"
	@echo "make clean    remove .venv and caches (keeps .data, the local database)"

venv: $(STAMP)

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python >= 3.11 is needed (python3.11, python3.12, python3.13 or python3)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "cannot create $(VENV): on Debian/Ubuntu install python3-venv" >&2; exit 1; }

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

run: venv
	$(BIN)/gefest run

serve: venv
	$(BIN)/gefest serve

migrate: venv
	$(BIN)/gefest migrate

test: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

demo: venv
	$(BIN)/gefest demo-data $(DEMO_ARGS)

bench: venv
	$(BIN)/python -m bench $(BENCH_ARGS)
	$(BIN)/python -m bench.webhooks

soak: venv
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

fuzz: venv
	$(BIN)/python tools/fuzz.py $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
