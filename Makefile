# Teixit — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/teixit_test
APPS := $(sort $(dir $(wildcard teixit/*/apps.py)))

.PHONY: run test test-postgres lint messages check-messages setup setup-test system-deps browser clean bench help

help:
	@echo "make run            set everything up and serve http://$(HOST):$(PORT) on SQLite"
	@echo "make test           set up and run the whole test suite (SQLite)"
	@echo "make test-postgres  the suite against DATABASE_URL (default $(PG_URL))"
	@echo "make lint           ruff, djlint, migrations and translation checks"
	@echo "make messages       update and compile the translation catalogues"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(BIN)/pip install -q -e ".[dev]"
	@touch $(STAMP)

# System packages: gettext (catalogues), fonts and Pango (PDF reports).
system-deps:
	@bash scripts/system-deps.sh

compile-messages: $(STAMP)
	@$(PY) scripts/messages.py compile

setup: $(STAMP) system-deps compile-messages
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py setup_demo

run: setup
	@echo ""
	@echo "Teixit is running at http://$(HOST):$(PORT)/  (log in with one of the accounts above; Ctrl+C stops it)"
	@echo "The admin (back office) is at http://$(HOST):$(PORT)/admin/"
	@echo "Background tasks (imports, e-mails) run in a worker started beside the server."
	@bash scripts/run.sh $(PY) $(HOST):$(PORT)

browser:
	@bash scripts/browser.sh

setup-test: $(STAMP) system-deps browser compile-messages

# The scale-out test (teixit/core/tests/test_scale_out.py) also needs PostgreSQL.
test: setup-test
	@TEIXIT_TEST_POSTGRES_URL="$(PG_URL)" $(BIN)/pytest -p no:randomly $(PYTEST_ARGS)

test-postgres: setup-test
	@bash scripts/ensure-postgres.sh "$(or $(DATABASE_URL),$(PG_URL))"
	@DATABASE_URL="$(or $(DATABASE_URL),$(PG_URL))" $(BIN)/pytest --create-db $(PYTEST_ARGS)

lint: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --lint teixit --quiet
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/messages.py check

messages: $(STAMP) system-deps
	$(PY) scripts/messages.py update
	$(PY) scripts/messages.py compile

bench: setup
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) staticfiles .test-media
