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

# Figures, not pass/fail: 10,000 weekly summaries through a real worker (needs PostgreSQL).
bench: install
	$(PY) bench/summary_fanout.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy accounts course homework notifications config
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
