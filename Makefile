# Every target bootstraps what it needs: uv (pinned) into .uv/, the locked dependencies into .venv/.
# `make run` serves the API; `make test` runs everything CI checks.

PYTHON ?= python3.11
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

export UV_PYTHON_DOWNLOADS := never
UV := .uv/bin/uv
VENV := .venv/bin
SYNCED := .venv/.synced
# Debian's packages, for targets that need one (Chromium, PgBouncer, nginx): installed when
# missing, waiting for another installation's lock rather than failing on it.
APT_INSTALL := apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300

.PHONY: run serve bench test lint-spec breaking docs review chromium pgbouncer nginx sdk sdk-ts fuzz fuzz-long fuzz-documents migrate generate check try-spec convert-spec production-specs production-fuzz new-service new-services mock validate-spec lint format

# One process for development: DATABASE_URL's schema is brought to the latest migration first
# (the SQLite default, or PostgreSQL), then served.
run: $(SYNCED)
	$(VENV)/python -m service.db.migrate
	$(VENV)/uvicorn service.main:app --host $(HOST) --port $(PORT)

# The production command, as the Dockerfile runs it (settings: gunicorn.conf.py).
serve: $(SYNCED)
	HOST=$(HOST) PORT=$(PORT) $(VENV)/gunicorn --config gunicorn.conf.py

test: validate-spec lint-spec check lint
	$(VENV)/pytest --junitxml=reports/pytest.junit.xml
	$(MAKE) production-specs
	$(MAKE) production-fuzz
	$(MAKE) new-services
	$(MAKE) breaking BASE=HEAD~1
	$(MAKE) fuzz

# The service against plain FastAPI references, side by side (bench/run.py; not in make test).
# The servers run from the production dependencies only, as the Dockerfile installs them.
BENCH_VENV := .venv-bench
bench: $(SYNCED)
	UV_PROJECT_ENVIRONMENT=$(BENCH_VENV) $(UV) sync --frozen --no-dev --python $(PYTHON)
	BENCH_SERVER_BIN=$(BENCH_VENV)/bin $(VENV)/python -m bench.run

# Schemathesis against the live service (settings: schemathesis.toml), on each database, and at
# scale: two Gunicorn instances behind one transaction-pooling PgBouncer, each fuzzed at once.
# Seeded, so a run is reproducible; FUZZ_EXAMPLES is the examples per operation and phase.
FUZZ_EXAMPLES ?= 100
FUZZ_SEED ?= 1
fuzz: $(SYNCED)
	$(VENV)/python -m tests.fuzz.live --database sqlite --max-examples $(FUZZ_EXAMPLES) --seed $(FUZZ_SEED)
	$(VENV)/python -m tests.fuzz.live --database postgresql --max-examples $(FUZZ_EXAMPLES) --seed $(FUZZ_SEED)
	$(VENV)/python -m tests.fuzz.live --database pgbouncer --max-examples $(FUZZ_EXAMPLES) --seed $(FUZZ_SEED)

fuzz-long:
	$(MAKE) fuzz FUZZ_EXAMPLES=500

# The generator on mutated specs (tests/specfirst/test_mutated_documents.py): 2,000 in make
# test, ten times as many here (a nightly-sized run).
fuzz-documents: $(SYNCED)
	MUTATED_DOCUMENTS=20000 $(VENV)/pytest tests/specfirst/test_mutated_documents.py

# Bring DATABASE_URL's schema to the latest migration (the SQLite default also does so on start).
migrate: $(SYNCED)
	$(VENV)/python -m service.db.migrate

# Our own spec is held to --strict: every status the binding can answer is declared.
generate: $(SYNCED)
	$(VENV)/python -m specfirst generate --strict --spec openapi.yaml --package service.generated

check: $(SYNCED)
	$(VENV)/python -m specfirst check --strict --spec openapi.yaml --package service.generated
	$(VENV)/python -m clients.sdk check

# Does the generator take a spec (any team's)? Generates it into a scratch package, type-checks
# that with mypy --strict, prints a summary; exit status 0 only when accepted and type-clean.
SPEC ?=
try-spec: $(SYNCED)
	$(if $(SPEC),,$(error give the spec: make try-spec SPEC=path/to/spec.yaml))
	$(VENV)/python -m specfirst try --spec $(SPEC)

# Node tools (tools/package.json, locked), installed into tools/node_modules by the targets.
NODE_TOOLS := tools/node_modules/.installed
NODE_BIN := tools/node_modules/.bin

# The generator on published specs of production APIs (tests/specfirst/production/SOURCES.md),
# installed from the npm registry at the versions its lock file pins: each must stay accepted
# and type-clean and its mock must start (or stay refused for its listed reason).
PRODUCTION_SPECS := tests/specfirst/production/node_modules/.installed
$(PRODUCTION_SPECS): tests/specfirst/production/package.json tests/specfirst/production/package-lock.json
	cd tests/specfirst/production && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The Swagger 2.0 ones are converted (convert-spec) by the Node tools: installed here, once, not
# by each conversion as the specs are tried side by side (npm ci racing itself).
production-specs: $(PRODUCTION_SPECS) $(NODE_TOOLS) $(SYNCED)
	$(VENV)/python -m tests.specfirst.production.run

# Schemathesis against the mocks of those under 100 operations (part of make test).
production-fuzz: $(PRODUCTION_SPECS) $(NODE_TOOLS) $(SYNCED)
	$(VENV)/python -m tests.specfirst.production.run --fuzz

# specfirst's wheel, as other teams install it (`specfirst new` writes it into their project).
SPECFIRST_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' specfirst/pyproject.toml)
SPECFIRST_WHEEL := specfirst/dist/specfirst-$(SPECFIRST_VERSION)-py3-none-any.whl
$(SPECFIRST_WHEEL): specfirst/pyproject.toml specfirst/README.md $(shell find specfirst/src -type f -not -path '*/__pycache__/*') | $(UV)
	cd specfirst && ../$(UV) build --wheel --out-dir dist --quiet

# A new project serving SPEC in DIR (`specfirst new`), installing specfirst from its wheel.
new-service: $(SPECFIRST_WHEEL) $(SYNCED)
	$(if $(SPEC),,$(error give the spec and the directory: make new-service SPEC=spec.yaml DIR=dir))
	$(if $(DIR),,$(error give the directory: make new-service SPEC=$(SPEC) DIR=dir))
	$(VENV)/python -m specfirst new --spec $(SPEC) $(DIR) --specfirst $(SPECFIRST_WHEEL)

# `new` from the wheel in a fresh environment, on the corpus and five public specs: in each
# project `make test` passes and `make run` serves (tests/specfirst/new_services.py).
new-services: $(SPECFIRST_WHEEL) $(PRODUCTION_SPECS) $(SYNCED)
	$(VENV)/python -m tests.specfirst.new_services $(SPECFIRST_WHEEL)

# Serve any accepted spec through its generated binding, every operation answering its first
# declared success from the spec's examples (or from its schemas), on HOST:PORT.
mock: $(SYNCED)
	$(if $(SPEC),,$(error give the spec: make mock SPEC=path/to/spec.yaml))
	$(VENV)/python -m specfirst mock --spec $(SPEC) --host $(HOST) --port $(PORT)

$(NODE_TOOLS): tools/package.json tools/package-lock.json
	cd tools && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# A Swagger 2.0 document converted to OpenAPI 3.0 (swagger2openapi, locked in tools/), for
# try-spec or generate, which refuse 2.0 naming this command. External `$ref`s are kept as they
# are, not fetched: write OUT beside SPEC so that relative ones still resolve. YAML aliases are
# refused. CONVERT_FLAGS=--patch lets the converter mend the small errors it knows how to.
OUT ?=
CONVERT_FLAGS ?=
convert-spec: $(NODE_TOOLS)
	$(if $(SPEC),,$(error give the spec: make convert-spec SPEC=in.yaml OUT=out.yaml))
	$(if $(OUT),,$(error give the output: make convert-spec SPEC=in.yaml OUT=out.yaml))
	$(NODE_BIN)/swagger2openapi $(CONVERT_FLAGS) --outfile $(OUT) $(SPEC)

# Spectral (its OpenAPI rules and the OWASP ruleset: .spectral.yaml), then Redocly's linter
# (redocly.yaml) for the rules Spectral lacks. Any error or warning fails.
lint-spec: $(NODE_TOOLS) $(SYNCED)
	$(VENV)/python -m review.lint

# lint-spec, breaking and docs together, summed up in Markdown for a pull request.
review: $(NODE_TOOLS) $(SYNCED)
	$(VENV)/python -m review $(if $(BASE),--base $(BASE))

# What changed in openapi.yaml since BASE (default: the merge base with main, or the previous
# commit on main), each change marked breaking or not; fails on a breaking change without a
# major version bump.
BASE ?=
breaking: $(NODE_TOOLS) $(SYNCED)
	$(VENV)/python -m review.breaking $(if $(BASE),--base $(BASE))

# A self-contained static HTML reference of the API, for reviewers.
docs: $(NODE_TOOLS) $(SYNCED)
	$(VENV)/python -m review.docs reports/api-reference.html

# Debian's Chromium, for the tests that render the docs pages (installed when missing).
chromium:
	command -v chromium >/dev/null || $(APT_INSTALL) chromium || (apt-get update && $(APT_INSTALL) chromium)

# Debian's PgBouncer, for the tests and the benchmark that run the service behind one in
# transaction pooling mode (installed when missing; started by them, never as a system service).
pgbouncer:
	command -v pgbouncer >/dev/null || $(APT_INSTALL) pgbouncer || (apt-get update && $(APT_INSTALL) pgbouncer)

# Debian's nginx, for the test of two instances behind a reverse proxy (installed when missing).
nginx:
	command -v nginx >/dev/null || $(APT_INSTALL) nginx || (apt-get update && $(APT_INSTALL) nginx)

# TypeScript types from the spec (openapi-typescript), and a consumer type-checked against them.
sdk-ts: $(NODE_TOOLS)
	$(NODE_BIN)/openapi-typescript openapi.yaml --output clients/typescript/api.d.ts
	$(NODE_BIN)/tsc --project clients/typescript/tsconfig.json

# The typed Python client (openapi-python-client), committed in clients/python/.
sdk: $(SYNCED)
	$(VENV)/python -m clients.sdk generate

validate-spec: $(SYNCED)
	$(VENV)/openapi-spec-validator openapi.yaml

lint: $(SYNCED)
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/mypy

format: $(SYNCED)
	$(VENV)/ruff check --fix .
	$(VENV)/ruff format .

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@
