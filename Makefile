# CivDesk developer tasks. `make run` and `make test` work on a fresh machine with python3 ≥ 3.11.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_HOME ?= demo-home

.PHONY: run test test-fast lint bench venv dist clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

venv: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# Opens CivDesk on a demo home (created once, with demo users, sites and inspections).
run: venv
	@test -f $(DEMO_HOME)/civdesk.db || $(BIN)/civdesk --home $(DEMO_HOME) demo
	$(BIN)/civdesk --home $(DEMO_HOME)

test: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

# Lint and types (pyproject.toml: [tool.ruff], [tool.mypy]); CI runs it before the tests.
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Everything but the GUI and the slow crash loop.
test-fast: venv
	$(BIN)/pytest -m "not gui and not slow"

bench: venv
	$(BIN)/python -m benchmarks

# One-folder app for station PCs (no Python needed there): dist/civdesk/civdesk
dist: venv
	$(BIN)/pip install --quiet "pyinstaller>=6.10,<7"
	$(BIN)/pyinstaller --noconfirm --log-level WARN build.spec
	@du -sh dist/civdesk

clean:
	rm -rf $(VENV) build dist *.egg-info
