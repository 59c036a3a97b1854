# Every target sets up its own virtual environment first (once, and again when pyproject.toml changes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)  ## open the app on your default portfolio (first run guides you through setup)
	$(BIN)/promo-planner $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy promo_planner
	$(BIN)/lint-imports --no-cache

test: lint  ## lint, type-check and run the whole test suite
	$(BIN)/pytest -n 2

bench: $(STAMP)  ## speed and memory against baselines measured in the same run
	# Bytecode as an installed package has it (PYTHONDONTWRITEBYTECODE would otherwise make every
	# run recompile our modules while the baseline's packages are precompiled).
	$(BIN)/python -m compileall -q promo_planner
	$(BIN)/python benchmarks/run.py --write

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
