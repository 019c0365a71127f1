# Lakou — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
MO_STAMP := $(VENV)/.messages-compiled
PO_FILES := $(shell find infra accounts marketplace calls scheduling media search extensions -path '*/LC_MESSAGES/*.po' 2>/dev/null)
# The slowest tests of each pass are listed at its end: where the time goes, run after run.
PYTEST_FLAGS ?= -q -p no:cacheprovider --durations=15
# Each pass prints its wall and CPU seconds (children included) when it ends: CPU seconds compare
# across runs on a shared, loaded machine where wall times do not.
PASS_TIME = TIMEFORMAT="pass $@: %R s wall, %U s user, %S s sys"; time
# Inside the checkout (var/ is ignored): two checkouts testing at once never share it.
PYTEST_TMP ?= $(CURDIR)/var/pytest
# The SQLite pass runs beside the PostgreSQL one (database 15 by default): its own Redis database.
SQLITE_PASS_REDIS_URL ?= redis://127.0.0.1:6379/14
# The slow pass (real server processes, browser journeys) runs beside both: its own PostgreSQL
# and Redis databases.
TEST_POSTGRES_URL := $(or $(LAKOU_TEST_POSTGRES_URL),postgresql://postgres@127.0.0.1:5432/lakou_test)
SLOW_PASS_POSTGRES_URL ?= $(TEST_POSTGRES_URL)_slow
SLOW_PASS_REDIS_URL ?= redis://127.0.0.1:6379/13

.PHONY: run test lint format pytest pytest-sqlite pytest-slow install messages clean bench-media bench-search bench-market bench-cold-start bench-i18n bench-mail bench-documents bench-markets bench-relay bench-idle bench-indicators bench-screeners bench-load bench-partner-api bench-licensing docs

run: install ## Run Lakou on its embedded default at http://127.0.0.1:8000
	@bash infra/scripts/ensure_system.sh run
	$(BIN)/lakou serve

test: install ## Install what the tests need, then lint, type-check and run the suite (PostgreSQL and SQLite, side by side)
	@bash infra/scripts/ensure_system.sh test
	@bash infra/scripts/ensure_services.sh
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory -j3 --output-sync=target pytest pytest-sqlite pytest-slow

install: $(STAMP) $(NODE_STAMP) $(MO_STAMP)

# Compiled gettext catalogues (.mo) are built here, never committed.
$(MO_STAMP): $(STAMP) $(PO_FILES)
	$(BIN)/lakou messages compile
	touch $(MO_STAMP)

messages: install ## Extract every module's messages and update its catalogues (pybabel)
	$(BIN)/lakou messages extract
	$(BIN)/lakou messages compile

$(STAMP): pyproject.toml
	@bash infra/scripts/ensure_system.sh venv
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Browser dependencies (hls.js), pinned by package-lock.json and served by Lakou itself.
$(NODE_STAMP): package.json package-lock.json
	@bash infra/scripts/ensure_system.sh node
	npm ci --omit=dev --no-audit --no-fund
	touch $(NODE_STAMP)

lint:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy lakou infra accounts marketplace calls scheduling media search workers extensions
	$(BIN)/lint-imports --no-cache
	$(BIN)/lakou docs --check

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# pytest exits 5 when it collects nothing; that is not a failure of this target.
# `make test` runs three passes at once (-j3, each one's output printed whole when it ends):
# - `pytest`: the suite on PostgreSQL, but for the slow tests;
# - `pytest-sqlite`: again on SQLite, only the tests that open the database (the others would
#   give the same answer twice);
# - `pytest-slow`: the tests that start real server processes and the browser journeys, on
#   PostgreSQL (the journeys drive `lakou serve` on its embedded default whatever the pass);
#   each journey runs in one language, the four in turn across journeys (tests/browser/conftest.py;
#   `--every-language` in PYTEST_FLAGS runs all four everywhere).
# The passes wait on servers, browsers and ffmpeg much of the time, so two cores run the three in
# about the time of the longest. Each has its own databases and temporary folder.
pytest:
	mkdir -p "$(PYTEST_TMP)"
	$(PASS_TIME) ($(BIN)/python -m pytest $(PYTEST_FLAGS) --basetemp="$(PYTEST_TMP)/postgres" \
		-m "not slow" || [ $$? -eq 5 ])

pytest-sqlite:
	mkdir -p "$(PYTEST_TMP)"
	$(PASS_TIME) (LAKOU_TEST_DATABASE=sqlite LAKOU_TEST_REDIS_URL="$(SQLITE_PASS_REDIS_URL)" \
		$(BIN)/python -m pytest $(PYTEST_FLAGS) --basetemp="$(PYTEST_TMP)/sqlite" -m "not slow" \
		--database-tests-only || [ $$? -eq 5 ])

pytest-slow:
	mkdir -p "$(PYTEST_TMP)"
	$(PASS_TIME) (LAKOU_TEST_POSTGRES_URL="$(SLOW_PASS_POSTGRES_URL)" \
		LAKOU_TEST_REDIS_URL="$(SLOW_PASS_REDIS_URL)" \
		$(BIN)/python -m pytest $(PYTEST_FLAGS) --basetemp="$(PYTEST_TMP)/slow" -m slow \
		|| [ $$? -eq 5 ])

bench-media: install ## Transcoding overhead, one-process ladder, upload memory (see docs/benchmarks.md)
	@bash infra/scripts/ensure_system.sh run
	$(BIN)/python bench/run_media.py

bench-search: install ## Search: indexing, query latency (service vs engine), publish lag, reindex
	$(BIN)/python bench/search_bench.py

bench-market: install ## Payments: Stripe webhook throughput and p99, checkout to entitlement (localstripe)
	$(BIN)/python bench/market_bench.py

bench-cold-start: install ## `lakou serve` from launch to /ready, against a bare litestar app
	$(BIN)/python bench/cold_start.py

bench-i18n: install ## Translation costs: gettext lookups, CLDR money, a page in French and Creole
	$(BIN)/python bench/i18n_bench.py

bench-mail: install ## Notifications: queueing a mail, delivering the queue to a real SMTP server
	$(BIN)/python bench/mail_bench.py

bench-partner-api: install ## Partner API: webhooks fanned out to a loopback receiver, signed and logged
	$(BIN)/python bench/partner_api_bench.py

bench-relay: install ## Events: what delivery receipts cost the relay and each handled message
	$(BIN)/python bench/relay_bench.py

bench-idle: install ## Workers: an idle worker's CPU, thread by thread (the prompt queue's poll against a plain one)
	$(BIN)/python bench/idle_workers.py

bench-indicators: install ## Indicators: fold over 1,000,000 events, rebuild from the log, live latency (Redis), dashboard read
	$(BIN)/python bench/indicators_bench.py

bench-licensing: install ## Licensing: availability of one work and a catalogue search over 100,000 works; a 300 MB deliverable completed from its parts
	PYTHONPATH=. $(BIN)/python bench/licensing_bench.py
	PYTHONPATH=. $(BIN)/python bench/licensing_deliverables_bench.py

bench-documents: install ## PDF receipts: WeasyPrint against the same HTML from Jinja alone, issuing
	@bash infra/scripts/ensure_system.sh run
	$(BIN)/python bench/documents_bench.py

bench-markets: install ## Hosted-buyer scheduler (200 x 300 x 13) and 32 clients booking slots at once
	$(BIN)/python bench/markets_bench.py

bench-screeners: install ## Screeners: A/B marked renditions vs the ladder, mark PSNR, tracing leaks
	$(BIN)/python bench/screeners_bench.py

bench-load: install ## Load: 50 locust users for 10 minutes on PostgreSQL, Redis and separate API, worker and relay processes
	@bash infra/scripts/ensure_system.sh run
	$(BIN)/python bench/load_bench.py

docs: install ## Regenerate docs/architecture.md and docs/events.md from the module specs
	$(BIN)/lakou docs

clean:
	rm -rf $(VENV) var node_modules .mypy_cache .ruff_cache
