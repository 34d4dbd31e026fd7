# Akhbar: `make crawl` collects today's articles into data/akhbar.db; `make test` runs every check.
# Both create the virtual environment (.venv) and install the project into it on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# pywb (the archive replay test) pins redis 2.10, scrapy-redis needs redis >= 4.2: pywb gets a venv of its own.
PYWB := $(VENV)/pywb

.PHONY: install browser screenshots crawl demo test lint typecheck unit bench-extract bench bench-search bench-distributed clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(PYTHON) -m venv $(PYWB)
	$(PYWB)/bin/python -m pip install --quiet 'pywb>=2.8' 'setuptools<82'
	touch $(STAMP)

crawl: install
	$(BIN)/akhbar crawl $(ARGS)

demo: install
	$(BIN)/akhbar demo

lint: install
	$(BIN)/ruff check crawler spiders pipelines settings tests benchmarks
	$(BIN)/ruff format --check crawler spiders pipelines settings tests benchmarks

typecheck: install
	$(BIN)/mypy

# Browser tests drive Debian's chromium (tests/browser.py); installed here when missing (as root, or by sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

unit: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck unit

# Rewrite the README's screenshots (tests/screenshots/) from the browser tests.
screenshots: install browser
	AKHBAR_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/integration/test_web_browser.py tests/integration/test_report_html.py

# Extraction quality and speed against plain trafilatura on ../shared/corpus (CORPUS=dir to change).
bench-extract: install
	$(BIN)/python -m benchmarks.extract_bench $(if $(CORPUS),--corpus $(CORPUS)) $(BENCH_ARGS)

# Crawl throughput end to end against a loopback outlet, beside trafilatura (BENCH_ARGS="--articles 10000").
bench: install
	$(BIN)/python -m benchmarks.throughput $(BENCH_ARGS)

# Search quality (judged queries over the demo outlets) and latency on 100,000 generated articles
# (BENCH_ARGS="--articles 20000"; CORPUS=dir adds a folder of articles to the clitic recall).
bench-search: install
	$(BIN)/python -m benchmarks.search_bench $(if $(CORPUS),--corpus $(CORPUS)) $(BENCH_ARGS)

# The shared crawl: 200 loopback outlets crawled by 1, 2 and 4 workers through the local Redis and PostgreSQL
# (BENCH_ARGS="--outlets 400 --articles 8000 --workers 1,2,4").
bench-distributed: install
	$(BIN)/python -m benchmarks.distributed_bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
