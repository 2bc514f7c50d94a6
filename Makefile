# Quick start:  make report   (sets up .venv if missing, runs the monthly report pack on the demo city)
#               make test     (sets up .venv if missing, runs the whole test suite)
# The `gx` commands themselves need no shell: `gx report --period 2023-04` works from any prompt.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PERIOD ?= 2023-04

.PHONY: report test bench setup clean-venv

$(BIN)/python:
	$(PYTHON) tools/bootstrap_venv.py $(VENV)

$(BIN)/gx: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[dev]"
	$(BIN)/python -m compileall -q gxanalysis
	touch $(BIN)/gx

setup: $(BIN)/gx

report: $(BIN)/gx
	$(BIN)/gx report --period $(PERIOD)

test: $(BIN)/gx
	$(BIN)/ruff check gxanalysis tests benchmarks tools
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider

bench: $(BIN)/gx
	$(BIN)/python benchmarks/run_all.py

clean-venv:
	rm -rf $(VENV)
