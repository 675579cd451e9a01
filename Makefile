# Two commands on a fresh machine: `make run` (build the graph from the bundled corpus and serve
# it) and `make test` (the whole test suite). Each creates its own virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test build clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

build: $(VENV)/.installed
	$(BIN)/cafcass-kg build

run: build
	$(BIN)/cafcass-kg serve

test: $(VENV)/.installed
	$(BIN)/pytest

clean:
	rm -rf $(VENV) kg.oxigraph kg.trig build *.egg-info .pytest_cache
