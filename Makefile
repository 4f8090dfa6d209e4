# sayso: the commands developers use. `make run` and `make test` are the README's quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

ROLE ?= admin

.PHONY: install frontend run staff-token consolidate load test test-fast test-unit test-api test-e2e test-fuzz test-infra api-docs lint format bench clean cdk-cli synth deploy destroy

$(STAMP): requirements.txt requirements-dev.txt
	@bash scripts/bootstrap-venv.sh "$(PYTHON)" "$(VENV)"
	@bash scripts/ensure-chromium.sh
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

frontend: install      ## the served tree: npm libraries into frontend/vendor/, generated data into frontend/generated/, bundles into frontend/assets/, the pages' HTML
	@[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error
	@rm -rf frontend/vendor && mkdir -p frontend/vendor/lit-html frontend/vendor/leaflet
	@cp node_modules/lit-html/*.js frontend/vendor/lit-html/
	@cp -R node_modules/lit-html/directives frontend/vendor/lit-html/ && rm -f frontend/vendor/lit-html/directives/*.map
	@cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css frontend/vendor/leaflet/
	@cp -R node_modules/leaflet/dist/images frontend/vendor/leaflet/
	@cp node_modules/lit-html/LICENSE frontend/vendor/lit-html/ && cp node_modules/leaflet/LICENSE frontend/vendor/leaflet/
	@$(BIN)/python scripts/build_frontend_data.py
	@node scripts/bundle.mjs
	@$(BIN)/python scripts/build_html.py

run: install frontend  ## the whole stack locally: API :8000, pages :8080, embedded AWS :5005
	$(BIN)/python -m chalicelib.local

staff-token: install   ## a local staff token: make staff-token ROLE=moderator
	@$(BIN)/python -m chalicelib.cli staff-token --role $(ROLE)

CONSULTATION ?= demo

consolidate: install   ## the report bundle now, on the local stack: make consolidate CONSULTATION=demo
	@$(BIN)/python -m chalicelib.cli --local consolidate $(CONSULTATION)

test: install lint frontend ## everything CI runs
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: install     ## unit + API tests only (seconds)
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "unit or api"

test-unit: install
	$(BIN)/python -m pytest -m unit

test-api: install
	$(BIN)/python -m pytest -m api

test-e2e: install frontend
	$(BIN)/python -m pytest -m e2e

FUZZ_SEED ?= 7

test-fuzz: install     ## not CI: schemathesis with another seed at 5x (>= 10,000 cases); FUZZ_SEED=n
	FUZZ_SEED=$(FUZZ_SEED) FUZZ_SCALE=5 $(BIN)/python -m pytest tests/api/test_fuzz.py

api-docs: install      ## rewrite the README's API tables from the route table
	$(BIN)/python -m chalicelib.api.readme_tables
	$(BIN)/python -m chalicelib.api.schemathesis_config

test-infra: install cdk-cli ## the deployment stack: synthesised once, checked offline (cdk-nag, cfn-lint, the CDK CLI)
	$(BIN)/python -m pytest -m infra

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install         ## benchmarks (not tests), figures in docs/benchmarks.md; 1M: bench/consolidate.py --n 1000000
	$(BIN)/pip install -q -r requirements-bench.txt
	$(BIN)/python bench/cold_start.py
	$(BIN)/python bench/submit.py
	$(BIN)/python bench/consolidate.py --n 100000

LOAD_USERS ?= 20
LOAD_SECONDS ?= 30
LOAD_REQUESTS ?= 4000

load: install frontend ## not CI: Locust against a local stack of its own, then the checks; figures in docs/benchmarks.md
	$(BIN)/pip install -q -r requirements-load.txt
	$(BIN)/python -m bench.load.run --users $(LOAD_USERS) --run-time $(LOAD_SECONDS) --max-requests $(LOAD_REQUESTS)

# ---- deploying: one stack per consultation (docs/deploy.md) ----------------------------------
# Settings (all optional): ALARM_EMAIL=ops@agency.example WAF_RATE_LIMIT=1500 (requests per
# 5 minutes per IP; the default; off removes the rule) REPORT_STORAGE_MB=2048 STAFF_MFA=1
# ADVANCED_SECURITY=1 MAIL_SENDER=outcomes@agency.example (a domain verified in SES)
CDK        := node_modules/.bin/cdk
CDK_OUT    := infra/cdk.out
STACK       = sayso-$(CONSULTATION)
# A value in single quotes for the shell (a tile URL has `&`, an attribution spaces).
shell_quote = '$(subst ','\'',$(1))'
CDK_CONTEXT = consultation=$(CONSULTATION) alarm_email=$(ALARM_EMAIL) \
              waf_rate_limit=$(WAF_RATE_LIMIT) report_storage_mb=$(REPORT_STORAGE_MB) \
              staff_mfa=$(STAFF_MFA) advanced_security=$(ADVANCED_SECURITY) \
              tile_url=$(call shell_quote,$(TILE_URL)) \
              tile_attribution=$(call shell_quote,$(TILE_ATTRIBUTION)) \
              mail_sender=$(MAIL_SENDER)

$(CDK): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $(CDK)

cdk-cli: $(CDK)        ## the pinned CDK CLI, into node_modules/ (never global)

synth: install         ## the stack's template, offline, no AWS account: make synth CONSULTATION=demo
	@$(BIN)/python -m infra.app $(CDK_CONTEXT)

deploy: install $(CDK) ## create or update stack sayso-$(CONSULTATION) in the current AWS account
	@$(BIN)/python -m infra.app $(CDK_CONTEXT)
	$(CDK) deploy --app $(CDK_OUT) $(STACK) --require-approval broadening

# Keeps the tables, buckets, user pool and token key (residents' words) unless FORCE=1, which
# first redeploys with retain_data=false so CloudFormation deletes them with the stack.
destroy: install $(CDK) ## remove stack sayso-$(CONSULTATION); FORCE=1 also deletes its data
ifeq ($(FORCE),1)
	@$(BIN)/python -m infra.app $(CDK_CONTEXT) retain_data=false
	$(CDK) deploy --app $(CDK_OUT) $(STACK) --require-approval never
else
	@$(BIN)/python -m infra.app $(CDK_CONTEXT)
endif
	$(CDK) destroy --app $(CDK_OUT) $(STACK) --force

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache chalice.out $(CDK_OUT)
