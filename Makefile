# Ferry's front door: every target calls the `ferry` CLI (packages/pipeline) or the test runner.
ENV ?= staging
IMAGE_TAG ?=
TO ?=
FERRY := node packages/pipeline/dist/cli.js
BASE_IMAGE ?= ferry/node-base:local
ROUTER_IMAGE ?= ferry/router:local
export FERRY_BASE_IMAGE ?= $(BASE_IMAGE)
# environments/*.yaml take router/image from it (nothing can be pulled here)
export FERRY_ROUTER_IMAGE ?= $(ROUTER_IMAGE)
TURBO ?= pnpm exec turbo

# A target prints its command's output alone: no recipe echo, no "Entering directory", and a quiet build.
.SILENT:
MAKEFLAGS += --no-print-directory

.PHONY: setup build demo deploy deploy-staging deploy-canary deploy-production rollback deploy-status deploy-logs history unlock repair config-check test bench \
        validate-deployment migration-safe backups restore-db image scan loadtest report
.PHONY: demo-down remove base-image router-image router-takeover
.PHONY: promote abort

setup: ## install dependencies and build
	pnpm install --frozen-lockfile
	pnpm build

build: ## quiet: prints nothing when the build is fresh or succeeds, turbo's error log when it fails (pnpm build shows everything)
	log=$$($(TURBO) run build --output-logs=errors-only 2>&1) || { printf '%s\n' "$$log" >&2; exit 1; }

base-image: build ## a local base image from this host's node (nothing can be pulled here)
	node packages/pipeline/dist/dev/build-base-image.js $(BASE_IMAGE)

router-image: build ## a local router image from this host's nginx, for router.runtime: container (nothing can be pulled here)
	node packages/pipeline/dist/dev/build-base-image.js --router $(ROUTER_IMAGE)

demo: setup base-image router-image ## deploy the demo app v1 then v2, blue-green, on the local engine, behind a router container
	$(FERRY) deploy --env local --tag v1 --yes || { code=$$?; [ $$code -ne 2 ] || echo "make demo: if the message above names ferry router takeover, the demo still runs on the host nginx router of an older checkout: move it once with make router-takeover ENV=local YES=1 (about 1 s of refused connections), or remove it with make demo-down; then make demo again" >&2; exit $$code; }
	$(FERRY) deploy --env local --tag v2 --yes
	$(FERRY) status --env local
	curl -s http://127.0.0.1:8080/version; echo

router-takeover: build router-image ## one-time move of ENV from the host nginx router to its router container: make router-takeover ENV=local [YES=1]
	$(FERRY) router takeover --env $(ENV) $(if $(YES),--yes)

demo-down: build ## remove what make demo left: the local environment's containers, router container and network, state dir and its unused images
	$(FERRY) remove --env local --purge --yes

deploy: build ## NO_SWITCH=1: stop after the health gate, staged (then make promote or make abort)
	@test -n "$(IMAGE_TAG)" || { echo "IMAGE_TAG is required, e.g. make deploy ENV=staging IMAGE_TAG=v1.2.3" >&2; exit 2; }
	$(FERRY) deploy --env $(ENV) --tag $(IMAGE_TAG) $(if $(NO_SWITCH),--no-switch) $(FERRY_FLAGS)

promote: build ## switch ENV to its staged release (deploy NO_SWITCH=1): make promote ENV=staging [YES=1]
	$(FERRY) promote --env $(ENV) $(if $(YES),--yes)

abort: build ## remove ENV's staged release, traffic untouched: make abort ENV=staging [YES=1]
	$(FERRY) abort --env $(ENV) $(if $(YES),--yes)

deploy-staging:
	$(MAKE) deploy ENV=staging IMAGE_TAG=$(IMAGE_TAG)

deploy-canary: ## strategy canary for this deploy (steps and analysis from ENV's file): make deploy-canary ENV=staging IMAGE_TAG=v1.2.3
	$(MAKE) deploy ENV=$(ENV) IMAGE_TAG=$(IMAGE_TAG) FERRY_FLAGS="--strategy canary $(FERRY_FLAGS)"

deploy-production: ## behind the approval gate: a TTY prompt, or YES=1 in CI
	$(MAKE) deploy ENV=production IMAGE_TAG=$(IMAGE_TAG) $(if $(YES),FERRY_FLAGS=--yes)
 
rollback: build
	$(FERRY) rollback --env $(ENV) $(if $(TO),--to $(TO)) $(if $(YES),--yes) $(if $(ALLOW_SCHEMA_CROSSING),--allow-schema-crossing)

# No build prerequisite: stdout carries only the release=<id> line (CI appends it to $GITHUB_OUTPUT; run make build first).
.PHONY: serving-release
serving-release: ## release=<id or tag> ENV serves now (empty when none), for CI's exact rollback
	@$(FERRY) status --env $(ENV) --json | node scripts/serving-release.mjs

deploy-status: build
	$(FERRY) status --env $(ENV)

deploy-logs: build
	$(FERRY) logs --env $(ENV) $(if $(REPLICA),--replica $(REPLICA))

history: build
	$(FERRY) history --env $(ENV)

unlock: build
	$(FERRY) unlock --env $(ENV)

repair: build ## rewrite ENV's router config from what serves (after status reports drift), confirmed by probe
	$(FERRY) repair --env $(ENV)

remove: build ## tear ENV down: make remove ENV=staging [PURGE=1] [YES=1] (asks in a terminal unless YES=1)
	$(FERRY) remove --env $(ENV) $(if $(PURGE),--purge) $(if $(YES),--yes)

config-check: build
	$(FERRY) config check --env $(ENV)

test: ## the whole suite (needs a Docker engine and nginx: see .ci/run)
	pnpm test

bench: build base-image
	pnpm bench

migration-safe: build ## backup → migrate → verify with IMAGE_TAG's image; traffic untouched
	@test -n "$(IMAGE_TAG)" || { echo "IMAGE_TAG is required, e.g. make migration-safe ENV=staging IMAGE_TAG=v1.2.3" >&2; exit 2; }
	$(FERRY) migrate --env $(ENV) --tag $(IMAGE_TAG) $(if $(YES),--yes) $(FERRY_FLAGS)

backups: build
	$(FERRY) backups --env $(ENV)

restore-db: build ## restore a database backup: make restore-db ENV=staging BACKUP=<id> (asks, or YES=1)
	@test -n "$(BACKUP)" || { echo "BACKUP is required: list them with make backups ENV=$(ENV)" >&2; exit 2; }
	$(FERRY) restore --env $(ENV) --backup $(BACKUP) $(if $(YES),--yes)

scan: build ## trivy gate on a local image: make scan ENV=staging IMAGE_TAG=v1.2.3 (exit 1 when it blocks)
	@test -n "$(IMAGE_TAG)" || { echo "IMAGE_TAG is required, e.g. make scan ENV=staging IMAGE_TAG=v1.2.3" >&2; exit 2; }
	$(FERRY) scan --env $(ENV) --tag $(IMAGE_TAG)

loadtest: build ## a k6 scenario (or the Node fallback) through the router: make loadtest ENV=staging SCENARIO=smoke
	$(FERRY) loadtest --env $(ENV) $(if $(SCENARIO),--scenario $(SCENARIO))

report: build ## the latest deploy report of ENV (ID=<release id> for another)
	$(FERRY) report --env $(ENV) $(if $(ID),--id $(ID))

image: build ## only build the image: make image ENV=staging IMAGE_TAG=v1.2.3 (then make scan)
	@test -n "$(IMAGE_TAG)" || { echo "IMAGE_TAG is required, e.g. make image ENV=staging IMAGE_TAG=v1.2.3" >&2; exit 2; }
	$(FERRY) build --env $(ENV) --tag $(IMAGE_TAG)

validate-deployment: build ## the live-deployment suites against ENV (PREVIEW=1: its staged release); JUnit in reports/junit/ (exit 1 on failure)
	$(FERRY) validate --env $(ENV) $(if $(PREVIEW),--preview)
