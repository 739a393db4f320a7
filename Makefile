# newskg — two commands: `make run` (install, build the sample, query it) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test install install-dev lint bench clean screenshots

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $(STAMP)

$(DEVSTAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e ".[dev,notebook]"
	touch $(STAMP) $(DEVSTAMP)

install: $(STAMP)
install-dev: $(DEVSTAMP)

run: $(STAMP)
	$(BIN)/kg build data/samples --out out
	@echo
	@echo "== Who met whom (queries/who-met-whom.rq) =="
	$(BIN)/kg query out --file queries/who-met-whom.rq
	@echo
	@echo "The HTML view: out/graph.html (open it in a browser; it works offline)"

test: $(DEVSTAMP)
	$(BIN)/python -m pytest -q

lint: $(DEVSTAMP)
	$(BIN)/ruff check kg tests scripts benchmarks
	$(BIN)/ruff format --check kg tests scripts benchmarks
	$(BIN)/mypy

bench: $(DEVSTAMP)
	@if [ -f ../shared/bench/ar-news.jsonl.gz ] && [ -f ../shared/bench/en-news.jsonl.gz ]; then \
		$(BIN)/python benchmarks/run.py $(BENCH_ARGS); \
	else echo "make bench: ../shared/bench/ar-news.jsonl.gz and en-news.jsonl.gz not found: skipped"; fi

screenshots: $(DEVSTAMP)  # after `make run`; needs Debian chromium and fonts-noto-core
	$(BIN)/python scripts/screenshot_views.py out/graph.graphml docs/img --ego "خليفة حفتر"

clean:
	rm -rf out .pytest_cache
