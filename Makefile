# The two commands a newcomer needs: `make run` and `make test` (see README.md); the rest
# are for developers (CONTRIBUTING.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ledger_bench
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ledger_load
LOADTEST_ARGS ?=
# Test processes (pytest-xdist): one per core by default; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

.PHONY: run live test fast lint setup bench loadtest

setup: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Ledger of Reasons needs Python 3.12 or newer (3.13 recommended); found: $$("$(PYTHON)" --version 2>&1 || echo none)."; \
		echo "Install Python 3.13 (for example 'pyenv install 3.13') or run: make run PYTHON=/path/to/python3.13"; \
		exit 1; \
	fi
	"$(PYTHON)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,serve]'
	touch $@

# One background worker (big imports and exports, arguments/jobs/) runs beside the server,
# in a process group of its own that is stopped whenever the server stops (Ctrl-C, a kill,
# or the server failing to start), so none is left behind.
run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	@setsid $(BIN)/python manage.py db_worker & worker=$$!; \
	stop_worker() { kill -- -$$worker 2>/dev/null; wait $$worker 2>/dev/null; }; \
	trap 'stop_worker; exit 130' INT TERM; trap stop_worker EXIT; \
	$(BIN)/python manage.py runserver $(HOST)

# The same site under the ASGI server, so pages update live (server-sent events, arguments/live/),
# with one background worker beside it as `make run` has:
# gunicorn with uvicorn workers. More than one worker needs Redis for the events between them
# (LIVE_REDIS_URL or CACHE_URL); without it, one worker and its in-process bus.
LIVE_WORKERS ?= 1
live: setup
	$(BIN)/python -m pip install --quiet -e '.[live]'
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	@setsid $(BIN)/python manage.py db_worker & worker=$$!; \
	stop_worker() { kill -- -$$worker 2>/dev/null; wait $$worker 2>/dev/null; }; \
	trap 'stop_worker; exit 130' INT TERM; trap stop_worker EXIT; \
	$(BIN)/gunicorn config.asgi:application -k uvicorn_worker.UvicornWorker \
		--workers $(LIVE_WORKERS) --bind $(HOST) --graceful-timeout 5

test: lint
	$(PYTEST)

# While working: SQLite, no browser tests, the fuzzers on their recorded examples only.
fast: lint
	env -u DATABASE_URL HYPOTHESIS_PROFILE=examples $(PYTEST) -q --ignore=tests/browser

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The benchmark runs on PostgreSQL (a database of its own) and rewrites docs/benchmarks.md.
bench: setup
	createdb -h 127.0.0.1 -U postgres ledger_bench 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --noinput
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py load_seed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py benchmark --output docs/benchmarks.md

# The load test (a command, not CI): 200 simulated users against gunicorn on PostgreSQL, in
# a fresh database of its own; writes its section of docs/loadtest.md. Faults, e.g.:
#   make loadtest LOADTEST_ARGS="--duration 40 --restart-postgres-at 15"
loadtest: setup
	dropdb -h 127.0.0.1 -U postgres --if-exists ledger_load
	createdb -h 127.0.0.1 -U postgres ledger_load
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python manage.py load_seed
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python manage.py loadtest --output docs/loadtest.md $(LOADTEST_ARGS)
