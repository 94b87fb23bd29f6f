# Teixit — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
# The lock (scripts/lock.sh): exact versions and hashes of everything `make` installs.
LOCK := requirements/dev.txt
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/teixit_test
APPS := $(sort $(dir $(wildcard teixit/*/apps.py)))

.PHONY: run test test-postgres test-newest-python lint audit lock upgrade messages check-messages setup setup-test system-deps browser clean bench help

help:
	@echo "make run            set everything up and serve http://$(HOST):$(PORT) on SQLite"
	@echo "make test           set up and run the whole test suite (SQLite, on every core)"
	@echo "make test-postgres  the suite against DATABASE_URL (default $(PG_URL))"
	@echo "make bench          the quick benchmarks (LARGE=1: the network-scale ones too)"
	@echo "make lint           ruff, djlint, migrations and translation checks"
	@echo "make messages       update and compile the translation catalogues"
	@echo "make audit          check the locked dependencies for known vulnerabilities"
	@echo "make lock           regenerate requirements/*.txt after a change to pyproject.toml"
	@echo "make upgrade        move the lock to the newest versions pyproject.toml allows, then test"
	@echo "make test-newest-python  the SQLite suite (no browser tests) on the newest Python"

$(PY):
	@$(PYTHON) -m venv $(VENV)

# Quiet: what is installed and how long it took; pip's full output goes to $(VENV)/install.log.
$(STAMP): $(LOCK) pyproject.toml | $(PY)
	@bash scripts/install.sh $(VENV) $(LOCK)
	@touch $(STAMP)

# After changing the dependencies in pyproject.toml (or merging a branch that did).
lock: | $(PY)
	@PY=$(PY) bash scripts/lock.sh

upgrade: | $(PY)
	@PY=$(PY) bash scripts/lock.sh --upgrade
	@git diff -U0 -- $(LOCK) | grep -E '^[-+][A-Za-z0-9]' || echo "No package moved."
	@$(MAKE) --no-print-directory test audit

audit: $(STAMP)
	@$(PY) scripts/audit.py $(LOCK)

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

# The suite runs on every core (pytest-xdist): one worker per core, each with its own
# test database, live server and Chromium; each test file stays on one worker
# (--dist loadfile), so a module's servers (core's gunicorn tests) start once.
# PYTEST_WORKERS=2 sets how many; PYTEST_WORKERS=0 runs in this one process (--pdb, -s).
PYTEST_WORKERS ?= auto
XDIST = $(if $(filter 0,$(PYTEST_WORKERS)),-n 0,-n $(PYTEST_WORKERS) --dist loadfile)

# The scale-out test (teixit/core/tests/test_scale_out.py) also needs PostgreSQL.
test: setup-test
	@TEIXIT_TEST_POSTGRES_URL="$(PG_URL)" $(BIN)/pytest -p no:randomly $(XDIST) $(PYTEST_ARGS)

# CI's second Python: the SQLite suite in its own virtualenv (.venv-pyX.Y), on every core
# like `make test`, without the browser tests. Its purpose is that an install still works
# next year, on the newest Python: what a new Python changes — the language, the standard
# library, compiled wheels — the rest of the suite covers (every view is still requested,
# by the permission matrix among others); the browser tests drive the same Chromium through
# the same views, and already ran on the default Python. NEWEST_PYTEST_ARGS= runs everything.
NEWEST_PYTEST_ARGS ?= -m "not browser"
test-newest-python:
	@python=$$(bash scripts/newest-python.sh); \
	version=$$("$${python:-$(PYTHON)}" -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	if [ -z "$$python" ] || [ "$$version" = "$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')" ]; then \
	  echo "No Python newer than $(PYTHON) on this machine: the second run of the suite is skipped."; \
	else \
	  echo "The suite on Python $$version ($$python):"; \
	  $(MAKE) --no-print-directory test PYTHON="$$python" VENV=.venv-py$$version PYTEST_ARGS='$(NEWEST_PYTEST_ARGS)'; \
	fi

test-postgres: setup-test
	@bash scripts/ensure-postgres.sh "$(or $(DATABASE_URL),$(PG_URL))"
	@DATABASE_URL="$(or $(DATABASE_URL),$(PG_URL))" $(BIN)/pytest --create-db $(XDIST) $(PYTEST_ARGS)

lint: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --lint teixit --quiet
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/messages.py check

messages: $(STAMP) system-deps
	$(PY) scripts/messages.py update
	$(PY) scripts/messages.py compile

# The large benchmarks build a site at network scale (minutes to an hour each):
# `make bench LARGE=1` runs them too.
BENCH_LARGE := bench/bench_crawl.py bench/bench_api_vs_datasette.py bench/bench_map_browser.py
bench: setup
	@for script in $(filter-out $(BENCH_LARGE),$(wildcard bench/bench_*.py)) \
	  $(if $(LARGE),$(wildcard $(BENCH_LARGE))); do \
	  echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) .venv-py* staticfiles .test-media
