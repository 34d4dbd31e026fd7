# Akhbar: `make crawl` collects today's articles into data/akhbar.db; `make test` runs every check.
# Both create the virtual environment (.venv) and install the project into it on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install crawl demo test lint typecheck unit bench-extract bench bench-search bench-distributed clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# pywb (the replay test, tests/integration/test_warc_replay.py) in an environment of its own: it pins
	# redis 2.10.6, which the crawler's scrapy-redis (redis >= 4.2) cannot share.
	$(PYTHON) -m venv $(VENV)/pywb
	$(VENV)/pywb/bin/python -m pip install --quiet 'pywb>=2.8'
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

unit: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck unit

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
