# Pasar TKM: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := marketplace:create_app
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2

AXE := tests/browser/vendor/node_modules/axe-core/axe.min.js

.PHONY: run test install install-dev axe translations messages migrate demo lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -f -d translations >/dev/null

## make messages: re-extract the message catalog template and update the translations
messages: install
	$(BIN)/python scripts/translate.py

install-dev: $(VENV)/.installed-dev translations

migrate: install
	$(BIN)/flask db upgrade

demo: migrate
	$(BIN)/flask demo load

## make run: install, migrate, load demo data, serve on http://127.0.0.1:5000, and deliver
## the outbox beside it (emails land in instance/mail as .eml files unless MAIL_SERVER is set)
run: demo
	@$(BIN)/flask outbox work & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - wsgi:app

# axe-core (npm registry) for the browser tests' accessibility checks; skipped without npm.
$(AXE): tests/browser/vendor/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --silent --no-audit --no-fund --prefix tests/browser/vendor && touch $@ \
	    || echo "npm ci failed: the accessibility checks will be skipped"; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

axe: $(AXE)

## make test: install what the tests need, lint, run the whole suite
test: install-dev axe
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/bandit -q -c pyproject.toml -ll -r marketplace wsgi.py
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make bench: large data set (built once), gunicorn + wrk + checkout driver; not part of `make test`
## BENCH_DATABASE_URL=postgresql+psycopg://… for PostgreSQL; BENCH_WORKERS, BENCH_DURATION, …
bench: install
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) .pytest_cache
