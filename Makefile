PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install run test test-fast lint fmt migrate conformance bench soak clean lock image-check docs

# The virtualenv is brought up to date whenever the project or its locks change: the service
# alone for `make run`, with the test and lint tools for everything else. Every package comes
# from a lock, at its exact version, its hash checked (`make lock` renews them); pip check
# fails the install if a lock misses a dependency.
$(BIN)/.runtime: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $@

$(BIN)/.installed: $(BIN)/.runtime requirements-dev.lock
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/python -m pip check
	touch $@

install: $(BIN)/.installed

run: $(BIN)/.runtime  ## serve on http://$${HOST:-127.0.0.1}:$${PORT:-8000} (docs at /docs)
	$(BIN)/folio serve

test: install  ## everything: architecture contracts, unit, use cases, contract suite on every backend
	$(BIN)/lint-imports
	$(BIN)/pytest

test-fast: install  ## domain and use cases only, no database server needed
	$(BIN)/pytest tests/unit tests/application tests/test_architecture.py

docs: install  ## the documentation site in site/, strict: a broken link or anchor fails
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy domain application adapters entrypoints tests bench
	$(BIN)/lint-imports

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The official RealWorld suite against a live server on a fresh database (BACKEND=memory,
# sqlite or postgres; proxy: nginx in front of two instances and a worker on PostgreSQL). Needs node and npm; the suite comes from REALWORLD_SUITE or a
# shared/conformance folder beside this checkout or one of its parents.
# The suite's runner (the Bruno CLI) is installed by npm once, with its dependencies as
# published before NPM_BEFORE: a babel release published in pieces (7.29.16, November 2026)
# left a dependency no published version satisfied, and a fixed date keeps installs repeatable.
BACKEND ?= sqlite
NPM_BEFORE ?= 2026-11-15
conformance: install
	npm_config_before=$(NPM_BEFORE) $(BIN)/python -m tests.conformance --backend $(BACKEND)

# Folio against a hand-written FastAPI + asyncpg reference on PostgreSQL (TEST_POSTGRES_URL's
# server), loaded by wrk. BENCH_ARGS="--posts 1000000" for the scale run.
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)
	$(BIN)/python -m bench.outbox
	$(BIN)/python -m bench.rejection
	$(BIN)/python -m bench.live
	$(BIN)/python -m bench.sustained $(SUSTAINED_ARGS)

# Two instances and a worker behind nginx, on a PostgreSQL and a Redis of its own, under mixed
# load for SOAK_MINUTES while an instance, PostgreSQL, the worker, Redis and the mail server
# fail in turn (bench/soak). Needs nginx (nginx-light) and PostgreSQL's server programs.
SOAK_MINUTES ?= 10
soak: install
	SOAK_MINUTES=$(SOAK_MINUTES) $(BIN)/python -m bench.soak

# requirements.lock: the service's dependencies at exact versions with their hashes, for the
# image (Dockerfile) and every install; requirements-dev.lock adds the test and lint tools,
# the service's own pins unchanged. Run after changing pyproject.toml's dependencies; uv
# resolves for every platform and Python 3.11.
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet
lock: install
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --constraint requirements.lock $(LOCK_FLAGS) \
		-o requirements-dev.lock

# The Dockerfile built with buildah on a base made here from Debian's packages, then run: it
# serves, its HEALTHCHECK follows PORT, it is not root (tests/image_check.py says how). Root,
# buildah and debootstrap needed; `.ci/run` installs them.
image-check: install
	$(BIN)/python -m tests.image_check

migrate: install  ## bring DATABASE_URL's schema to the latest migration
	$(BIN)/folio migrate

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
