# A fresh machine needs two commands (README): `make run` and `make test`.
# Every install step is idempotent and skipped when already done: the virtual environment
# in .venv, Python packages (the versions of requirements-dev.lock, a stamp keyed on its
# hash), Debian packages (checked with dpkg -s, installed with apt-get only when we are root).
# pyproject.toml lists the dependencies; `make lock` pins them in the lock files, and every
# install fails while those were made from another pyproject.toml.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PYTHON ?= $(shell command -v python3.11 || command -v python3)
PY := $(VENV)/bin/python
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
PIP_STAMP := $(VENV)/.installed-$(shell sha256sum $(DEV_LOCK) | cut -c1-16)
# What the lock files are made from: pyproject.toml's Python and dependency lists (not its
# tool settings). `make lock` writes this hash into them; `make deps` compares.
DEPS_HASH = $(PY) -c 'import hashlib, json, tomllib; \
	project = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	made_from = [project.get(key) for key in ("requires-python", "dependencies", \
	                                           "optional-dependencies")]; \
	print(hashlib.sha256(json.dumps(made_from).encode()).hexdigest()[:16])'
LOCK_HEADER := \# made from pyproject.toml's dependencies, sha256
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Worker and beat talk to Redis; the web app too once CELERY_BROKER_URL is exported.
LOCAL_BROKER ?= redis://127.0.0.1:6379/0
# The links in notices and messages follow the address served unless PUBLIC_BASE_URL is set
# (core/links.py): requests use their own host and port, the worker's jobs this.
SERVED_ENV = SERVED_BASE_URL=http://$(HOST):$(PORT)
# `make run` runs beat's jobs (the 3-day notices, reminders, the December report jobs)
# without Redis: one worker with its beat inside, on a broker that is a folder (kombu's
# filesystem transport), beside the development server, which runs its own tasks in-process.
EMBEDDED_DIR ?= var/celery
EMBEDDED_ENV = CELERY_BROKER_URL=filesystem:// CELERY_BROKER_FOLDER=$(EMBEDDED_DIR) $(SERVED_ENV)
EMBEDDED_WORKER_ARGS = worker --beat --pool=solo --schedule=$(EMBEDDED_DIR)/celerybeat-schedule \
	--without-gossip --without-mingle --without-heartbeat --loglevel=INFO

# `make run MOCK_OIDC=1`: the unified identity's local stand-in (accounts/mock_oidc.py) beside
# the server, which signs in through it (OIDC_SIGN_IN); the demo's logins are linked to it.
MOCK_OIDC ?=
MOCK_OIDC_PORT ?= 9200
MOCK_OIDC_ENV = $(if $(MOCK_OIDC),OIDC_SIGN_IN=true OIDC_ISSUER=http://127.0.0.1:$(MOCK_OIDC_PORT))

# `make run WECOM_MOCK=1`: 粤政易's local stand-in (python -m wecom.mock, its log beside the
# worker's) serves on WECOM_MOCK_PORT, and the server and the worker sign in and send text
# cards through it exactly as through the real one (only the addresses and secrets differ).
WECOM_MOCK ?=
WECOM_MOCK_PORT ?= 9100
ifneq ($(WECOM_MOCK),)
WECOM_BASE := http://127.0.0.1:$(WECOM_MOCK_PORT)
WECOM_ENV = WECOM_SIGN_IN=true WECOM_MESSAGES=true WECOM_CORP_ID=wwmockcorp0000000001 \
	WECOM_AGENT_ID=1000002 WECOM_SECRET=mock-secret-not-real WECOM_API_BASE=$(WECOM_BASE) \
	WECOM_AUTHORIZE_URL=$(WECOM_BASE)/connect/oauth2/authorize \
	WECOM_WEB_LOGIN_URL=$(WECOM_BASE)/wwlogin/sso/login
endif

RUN_PACKAGES := fonts-wqy-microhei poppler-utils
TEST_PACKAGES := $(RUN_PACKAGES) chromium zbar-tools

# A realistic production environment for `check --deploy` (nothing here is a real secret).
DEPLOY_CHECK_ENV = \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))')" \
	ALLOWED_HOSTS=wyjsq.gzzx.example.cn \
	DATABASE_URL=postgres://cppcc:change-me@db:5432/cppcc \
	CELERY_BROKER_URL=redis://redis:6379/0 \
	CACHE_URL=redis://redis:6379/1 \
	FIELD_ENCRYPTION_KEY="$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
	FIELD_HASH_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(40))')" \
	TRUST_X_FORWARDED_PROTO=true \
	TRUSTED_PROXY_COUNT=1

.PHONY: help run test lint check worker beat deps lock locked system-run system-test redis \
	migrate messages

help:
	@echo "make run     install, migrate, load the demo, serve http://$(HOST):$(PORT),"
	@echo "             run the scheduled jobs (a worker and beat, no Redis)"
	@echo "make test    install and run the whole test suite (browser and worker tests too)"
	@echo "make lint    ruff"
	@echo "make check   lint, app dependencies (no cycles), Django checks, migrations,"
	@echo "             docker-compose.yml, check --deploy"
	@echo "make worker  a Celery worker   (CELERY_BROKER_URL, default $(LOCAL_BROKER))"
	@echo "make beat    Celery beat, exactly one (its schedule: config/celery.py)"
	@echo "make lock    pin pyproject.toml's dependencies again (needs PyPI), after editing them"
	@echo "make messages  compile locale/*.po (after editing them; the .mo files are committed)"

# The worker (and its beat) stops with the server: Ctrl-C reaches both, and the trap ends it
# whichever way the server ends. Its log: $(EMBEDDED_DIR)/worker.log. With CELERY_BROKER_URL
# exported the web app queues to that broker instead, and `make worker` and `make beat` run
# the jobs (one beat only: a second would fire every job twice).
run: system-run deps migrate
	$(PY) manage.py load_demo --url http://$(HOST):$(PORT)
	@mocks=; if [ -n "$(MOCK_OIDC)" ]; then \
		mkdir -p var; \
		$(PY) -m accounts.mock_oidc --port $(MOCK_OIDC_PORT) >var/mock_oidc.log 2>&1 & mocks="$$mocks $$!"; \
		echo "Unified identity stand-in: http://127.0.0.1:$(MOCK_OIDC_PORT) (log: var/mock_oidc.log)"; \
	fi; \
	if [ -n "$(WECOM_MOCK)" ]; then \
		mkdir -p $(EMBEDDED_DIR); \
		$(PY) -m wecom.mock --port $(WECOM_MOCK_PORT) >$(EMBEDDED_DIR)/wecom-mock.log 2>&1 & mocks="$$mocks $$!"; \
		echo "粤政易 stand-in: $(WECOM_BASE) (log: $(EMBEDDED_DIR)/wecom-mock.log)"; \
	fi; \
	trap 'kill $$mocks 2>/dev/null' EXIT; \
	if [ -n "$$CELERY_BROKER_URL" ]; then \
		echo "CELERY_BROKER_URL is set: run make worker and make beat for the scheduled jobs."; \
	else \
		mkdir -p $(EMBEDDED_DIR); \
		$(WECOM_ENV) $(EMBEDDED_ENV) $(VENV)/bin/celery -A config $(EMBEDDED_WORKER_ARGS) \
			>$(EMBEDDED_DIR)/worker.log 2>&1 & worker=$$!; \
		trap 'kill $$worker $$mocks 2>/dev/null; wait $$worker' EXIT; \
		echo "Scheduled jobs: a Celery worker with beat, no Redis (log: $(EMBEDDED_DIR)/worker.log)"; \
	fi; \
	$(WECOM_ENV) $(SERVED_ENV) $(MOCK_OIDC_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# pytest's exit code 5 (no test collected) is a failure too, said in words.
test: system-test deps redis
	@DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "FAILED: pytest collected no tests." >&2; fi; exit $$status

lint: deps
	$(VENV)/bin/ruff check .

# The apps' imports must match the table in tests/test_app_dependencies.py, without a cycle.
check: deps lint
	$(VENV)/bin/pytest -p no:cacheprovider -q tests/test_app_dependencies.py
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
	$(DEPLOY_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING \
		--settings=config.settings.production

worker: deps
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(LOCAL_BROKER)} \
		$(VENV)/bin/celery -A config worker --loglevel=INFO

# Beat keeps when each job last ran in celerybeat-schedule (in the checkout, not committed).
beat: deps
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(LOCAL_BROKER)} \
		$(VENV)/bin/celery -A config beat --loglevel=INFO

migrate: deps
	$(PY) manage.py migrate --noinput -v0

# The Chinese of texts that Django and the packages leave in English (locale/*.po). The
# compiled .mo files are committed, so that nothing else needs gettext installed.
messages:
	@$(call apt_install,gettext)
	for po in locale/*/LC_MESSAGES/*.po; do msgfmt --check-format -o "$${po%.po}.mo" "$$po"; done

# ---- installation ---------------------------------------------------------------------

deps: $(PIP_STAMP)

$(PY):
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { $(call apt_install,python3-venv); }
	@echo "Creating $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV)

$(PIP_STAMP): $(DEV_LOCK) | $(PY) locked
	@echo "Installing Python packages from $(DEV_LOCK) into $(VENV) ..."
	@set -o pipefail; $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r $(DEV_LOCK) 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
	@rm -f $(VENV)/.installed-*
	@touch $@

# Fails when pyproject.toml's dependencies changed after the lock files were made.
locked: | $(PY)
	@hash=$$($(DEPS_HASH)) && for lock in $(LOCK) $(DEV_LOCK); do \
		head -1 $$lock | grep -qxF "$(LOCK_HEADER) $$hash" || { \
		echo "FAILED: $$lock was not made from pyproject.toml as it is now: run make lock." >&2; \
		exit 1; }; done

# Pins every package (the newest that pyproject.toml allows, or the one already pinned) with
# its hashes: the runtime packages (the Dockerfile) and, at the same versions, those of the
# tests and tools (make run, make test). `make lock UPGRADE=--upgrade` takes the newest of all.
lock: | $(PY)
	@$(PY) -m pip install --quiet --disable-pip-version-check "pip-tools>=7.4,<8" 2>&1 \
		| { grep -v "is ignored: it is neither a file nor a directory" || true; }
	$(PIP_COMPILE) $(UPGRADE) --extra dev --output-file $(DEV_LOCK) pyproject.toml
	$(PIP_COMPILE) --constraint $(DEV_LOCK) --output-file $(LOCK) pyproject.toml
	@hash=$$($(DEPS_HASH)) && for lock in $(LOCK) $(DEV_LOCK); do \
		sed -i "1i $(LOCK_HEADER) $$hash" $$lock; done

system-run:
	@$(call apt_install,$(RUN_PACKAGES))

system-test:
	@$(call apt_install,$(TEST_PACKAGES))

# Starts a throwaway local Redis for the real-worker tests if one is installed and none
# answers; without Redis those tests skip with the reason (and fail under CI=true).
redis: deps
	@$(PY) -c 'import redis; redis.Redis(socket_connect_timeout=1).ping()' 2>/dev/null \
	|| { command -v redis-server >/dev/null \
	     && redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" \
	        --appendonly no >/dev/null && echo "Started redis-server on 127.0.0.1:6379"; } \
	|| echo "No Redis: the real-worker tests will be skipped (apt-get install redis-server)."

# $(call apt_install,packages): install the Debian packages that dpkg does not know yet.
define apt_install
missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
    echo "Installing Debian packages:$$missing"; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends $$missing >/dev/null; \
  else \
    echo "WARNING: missing Debian packages:$$missing (as root: apt-get install$$missing)"; \
  fi; \
fi
endef
