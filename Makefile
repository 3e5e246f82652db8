# Stillpoint: `make run` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run test test-fast print-apps install lock check-locks audio-deps lint migrate demo bench clean

# The project's own packages, checked by mypy (import-linter reads its list from pyproject.toml).
APPS := accounts course guidance homework outcomes notifications privacy teach config

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# requirements*.txt are the hand-edited direct dependencies; the .lock files are what gets
# installed: every package pinned, with hashes. Reinstall only when a lock file changes.
$(STAMP): requirements.lock requirements-dev.lock | $(PY) check-locks
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	@touch $(STAMP)

install: $(STAMP)

# Re-resolve the lock files after editing a requirements*.txt. Versions already in a lock are kept
# where they still fit; `make lock UPGRADE=1` moves every transitive package to its newest release.
# The dev and audio locks are constrained by the ones below them, so the three always agree.
UV := $(VENV)/bin/uv
COMPILE = $(UV) pip compile --quiet --generate-hashes --python-version 3.11 --strip-extras $(if $(UPGRADE),--upgrade)
lock: | $(PY)
	@test -x $(UV) || $(PIP) install --quiet "$$(grep '^uv==' requirements-dev.txt)"
	$(COMPILE) -o requirements.lock requirements.txt
	$(COMPILE) -c requirements.lock -o requirements-dev.lock requirements-dev.txt
	$(COMPILE) -c requirements-dev.lock -o requirements-audio.lock requirements-audio.txt

# Offline and quick: every pin in a requirements*.txt must be the version its lock holds, so an
# edited pin without `make lock` stops the install instead of being silently ignored.
check-locks:
	@for pair in requirements.txt:requirements.lock requirements-dev.txt:requirements-dev.lock \
	            requirements-audio.txt:requirements-audio.lock; do \
	  src=$${pair%%:*}; lock=$${pair##*:}; \
	  for pin in $$(awk -F'==' '/^[A-Za-z0-9]/ && /==/ { n = tolower($$1); sub(/\[.*/, "", n); \
	                 gsub(/[_.]+/, "-", n); split($$2, v, /[ ;#]/); print n "==" v[1] }' $$src); do \
	    grep -q "^$$pin " $$lock || { echo "$$src pins $$pin but $$lock does not: run make lock"; exit 1; }; \
	  done; \
	done

# Optional: Piper and its voice, for synthesising guided-practice audio, into the same venv.
audio-deps: install requirements-audio.lock
	$(PIP) install --quiet --require-hashes -r requirements-audio.lock
	$(PIP) check

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_curriculum
	$(PY) manage.py load_instruments
	$(PY) manage.py seed_demo

run: install audio-deps
	@$(PY) manage.py check_redis
	@mkdir -p var
	$(MAKE) --no-print-directory demo
	@bin/dev

# The whole suite: what CI runs, and what must pass before anything lands.
test: install audio-deps
	$(PY) -m pytest

# The edit-run loop: everything but the browser tests, the real-worker tests (one of which kills
# a worker mid-batch) and the DST sweep. Quick enough to run after every change; run `make test`
# before committing.
test-fast: install
	$(PY) -m pytest -m "not browser and not worker and not slow"

# Figures, not pass/fail, each beside its floor (needs PostgreSQL and Redis; takes minutes):
# pages through gunicorn, practice-log writes, 10,000 weekly summaries through a real worker.
# `make bench QUICK=1` is a smoke run. Not part of `make test`.
BENCH_TARGETS := var/bench-targets.jsonl
bench: install
	@mkdir -p var && rm -f $(BENCH_TARGETS)
	$(PY) bench/pages.py --results $(BENCH_TARGETS) $(if $(QUICK),--quick)
	$(PY) bench/writes.py --results $(BENCH_TARGETS) $(if $(QUICK),--quick)
	$(PY) bench/summary_fanout.py --results $(BENCH_TARGETS) $(if $(QUICK),--n 500)
	@$(PY) bench/summary.py $(BENCH_TARGETS)

lint: install
	$(PIP) check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy $(APPS)
	$(PY) manage.py makemigrations --check --dry-run

print-apps:
	@echo $(APPS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# Spoken guidance and timer tracks (optional extra: Piper runs as a separate process).
.PHONY: audio
audio: audio-deps
	$(PY) manage.py make_audio --all
