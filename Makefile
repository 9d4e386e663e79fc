# The two commands a newcomer needs (each sets up what it needs, idempotently):
#   make demo   crawl the bundled demo sites, process, index, print what was flagged
#   make test   run the whole test suite
.PHONY: demo test bench venv

venv:
	@scripts/bootstrap.sh runtime

demo: venv
	.venv/bin/satark demo

test:
	@scripts/bootstrap.sh test
	.venv/bin/python -m pytest

bench: venv
	.venv/bin/python bench/run_all.py
