# Stillpoint: `make run` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run test install lint migrate demo bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the requirement files change.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_curriculum
	$(PY) manage.py seed_demo

run: install
	@$(PY) manage.py check_redis
	@mkdir -p var
	$(MAKE) --no-print-directory demo
	@bin/dev

test: install
	$(PY) -m pytest

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
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy accounts course homework notifications config
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
