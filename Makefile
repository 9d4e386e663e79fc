# The two commands a newcomer needs (each sets up what it needs, idempotently):
#   make demo   crawl the bundled demo sites, process, index, print what was flagged
#   make test   the guard rails (lint, types, layers), the dependency audit and then the whole test suite
# Day to day: make check (guard rails alone), make test-fast (pytest -m "not slow", under two minutes),
# make audit (the pinned requirements against PyPI's known vulnerabilities: fails on one that has a fix).
.PHONY: demo test test-fast check audit bench venv

PACKAGES = core crawlers store index classifiers claims pipeline cli web alerts scheduler tools demosites

venv:
	@scripts/bootstrap.sh runtime

demo: venv
	.venv/bin/satark demo

check:
	@scripts/bootstrap.sh test
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	.venv/bin/mypy $(PACKAGES)

audit:
	@scripts/audit.sh

test: check audit
	.venv/bin/python -m pytest -n 2 --no-loadscope-reorder

test-fast:
	@scripts/bootstrap.sh test
	.venv/bin/python -m pytest -n 2 --no-loadscope-reorder -m "not slow"

# Every benchmark, then one table of their figures beside reference tools (written to docs/performance.md).
bench:
	@scripts/bootstrap.sh bench
	.venv/bin/python bench/run_all.py
