# Kabar: `make serve` and `make test` do all the set-up on a machine with Python 3.11 and pip.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
export KABAR_DATA_DIR ?= $(CURDIR)/var

.PHONY: serve test lint install install-dev browser webcheck lighthouse load-tool migrate demo bench bench-smoke messages clean varnish

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

# The build tools (requirements/build.lock) are not in the runtime lock: installed here, from their own
# lock with hashes, for the editable install of kabar itself.
$(STAMP): $(BIN)/python requirements/base.lock requirements/build.lock pyproject.toml
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements/build.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): $(STAMP) requirements/dev.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	touch $@

install: $(STAMP)
install-dev: $(DEV_STAMP)

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null; }

# axe-core and the Nu HTML Checker (vnu.jar) for tests/browser/test_accessibility.py, from tools/webcheck's
# npm lock (--ignore-scripts: vnu-jar's own install script would download a Java; Debian's runs vnu.jar).
WEBCHECK_STAMP := tools/webcheck/node_modules/.installed
webcheck: $(WEBCHECK_STAMP)

$(WEBCHECK_STAMP): tools/webcheck/package-lock.json
	@{ command -v java >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || { \
	  echo "Installing Debian's Java and npm for the accessibility and HTML checks..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless npm >/dev/null; }
	npm ci --prefix tools/webcheck --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Lighthouse for `make bench`'s lighthouse part (bench/parts/lighthouse.py), from bench/lighthouse's npm lock.
LIGHTHOUSE_STAMP := bench/lighthouse/node_modules/.installed
lighthouse: $(LIGHTHOUSE_STAMP)

$(LIGHTHOUSE_STAMP): bench/lighthouse/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's npm for Lighthouse..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Varnish with the xkey module for tests/caching/test_varnish.py (deploy/varnish/kabar.vcl).
varnish:
	@{ command -v varnishd >/dev/null 2>&1 && dpkg -s varnish-modules >/dev/null 2>&1; } || { \
	  echo "Installing Debian's varnish and varnish-modules for the caching tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules >/dev/null; }

# For developers after editing strings (needs GNU gettext): the compiled .mo is committed,
# so `make serve` works on a machine without gettext.
messages: $(STAMP)
	cd kabar && ../$(BIN)/kabar makemessages -l id --no-obsolete -v0 && ../$(BIN)/kabar compilemessages -v0

migrate: $(STAMP)
	mkdir -p $(KABAR_DATA_DIR)
	$(BIN)/kabar migrate --noinput -v0
	$(BIN)/kabar collectstatic --noinput -v0

demo: migrate
	$(BIN)/kabar demo --if-empty

serve: demo
	$(BIN)/python -m kabar.operations.supervisor --host $(HOST) --port $(PORT)

# mypy: tools/mypy_ratchet.py fails when a file has more errors than tools/mypy_baseline.txt allows.
lint: $(DEV_STAMP)
	$(BIN)/ruff check kabar tests bench tools
	$(BIN)/ruff format --check kabar tests bench tools
	$(BIN)/lint-imports --no-cache
	$(BIN)/python tools/check_dependencies.py
	KABAR_TESTING=1 $(BIN)/kabar makemigrations --check --dry-run -v0
	$(BIN)/python tools/mypy_ratchet.py

test: $(DEV_STAMP) browser webcheck varnish lint
	KABAR_TESTING=1 $(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# wrk from Debian's packages drives the load (loopback only); nginx serves the cached article's bytes
# from a file, the ceiling the page caches are compared with (bench/parts/cached.py).
load-tool:
	@{ command -v wrk >/dev/null 2>&1 && { command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; }; } || { \
	  echo "Installing Debian's wrk and nginx-light for the benchmarks..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null; }

# Parts and options: docs/benchmarks.md (e.g. make bench BENCH_ARGS="--parts render --data-dir /srv/kabar").
bench: $(DEV_STAMP) load-tool varnish browser lighthouse
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-smoke: $(DEV_STAMP) load-tool varnish browser lighthouse
	$(BIN)/python -m bench.run --smoke

clean:
	rm -rf $(VENV) var test-artifacts tools/webcheck/node_modules bench/lighthouse/node_modules
