# Constellation: `make run` to try it, `make test` to check it. Both start from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
VENDOR := app/static/vendor
# The front-end files the pages load, copied from node_modules (never committed).
# d3 (its geo part), a composite projection with Alaska, Hawaii and Puerto Rico, and
# us-atlas's state outlines draw the Geography view; loaded only when it is chosen.
VENDOR_FILES := $(VENDOR)/cytoscape.min.js $(VENDOR)/d3.min.js \
	$(VENDOR)/d3-composite-projections.min.js $(VENDOR)/topojson-client.min.js \
	$(VENDOR)/us-states-10m.json
# Each static file's gzip and brotli copies (never committed), made again when a file
# changes; the site sends the smallest one the browser takes (app/static_files.py).
STATIC_SOURCES = $(shell find app/static -type f ! -name '*.gz' ! -name '*.br' ! -path '$(VENDOR)/*')
COMPRESSED := build/static-compressed
# Compiled message catalogues (never committed): one per language in app/translations/.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard app/translations/*/LC_MESSAGES/messages.po))
POSTGRES_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PORT ?= 5000
# pytest-xdist's worker processes: one per core ("auto"); PYTEST_WORKERS=0 runs in this one.
PYTEST_WORKERS ?= auto

.PHONY: run admin test test-postgres bench screenshots install install-dev vendor translations translations-new db reset lint clean

run: db
	@echo "Serving on http://127.0.0.1:$(PORT). To sign in, create an admin in another terminal:"
	@echo "  make admin EMAIL=you@example.org"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# The first admin of the database `make run` uses (DATABASE_URL, if set, says which); the
# password is asked for twice, or read from CONSTELLATION_PASSWORD.
admin: db
	@test -n "$(EMAIL)" || (echo "Say whose account: make admin EMAIL=you@example.org"; exit 2)
	$(FLASK) users create "$(EMAIL)" --role admin

test: install-dev lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: install-dev
	TEST_DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Not part of `make test`: builds networks of up to 10,000 organizations (reused later)
# and times the app against a bare Flask; see bench/README.md. BENCH_SIZES=100,1000 for less.
bench: install-dev
	$(BIN)/python -m bench.run

# The README's pictures (docs/*.png), taken of the demo on a throwaway database by headless
# Chromium (tools/screenshots.py): run after a change that shows on them, and commit them.
screenshots: install-dev
	$(BIN)/python -m tools.screenshots

# What serving needs; the test tools (pytest, Playwright, ruff, …) come with install-dev.
install: $(VENV)/.installed vendor $(CATALOGUES) $(COMPRESSED)

install-dev: install $(VENV)/.installed-dev

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Constellation needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

vendor: $(VENDOR_FILES)

$(VENDOR)/cytoscape.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/cytoscape/dist/cytoscape.min.js $@

$(VENDOR)/d3.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/d3/dist/d3.min.js $@

$(VENDOR)/d3-composite-projections.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/d3-composite-projections/d3-composite-projections.min.js $@

$(VENDOR)/topojson-client.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/topojson-client/dist/topojson-client.min.js $@

$(VENDOR)/us-states-10m.json: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/us-atlas/states-10m.json $@

$(COMPRESSED): $(VENV)/.installed $(VENDOR_FILES) $(STATIC_SOURCES)
	$(BIN)/python -m whitenoise.compress --quiet app/static
	mkdir -p $(@D)
	touch $@

# Message catalogues: compiled at install; `make translations` extracts every marked
# message again and updates each language's catalogue (then translate what is new, and
# `make install` compiles it); `make translations-new NEW_LANGUAGE=fr` starts a language.
%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile -i $< -o $@

translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output \
		--project Constellation -o app/translations/messages.pot app
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

translations-new: $(VENV)/.installed
	$(BIN)/pybabel init -i app/translations/messages.pot -d app/translations -l $(NEW_LANGUAGE)

db: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty

# Start the demo over: empties the database DATABASE_URL names (by default the SQLite
# file in instance/), rebuilds it from the migrations and loads the demo data again.
reset: install
	$(FLASK) db downgrade base
	$(FLASK) db upgrade
	$(FLASK) seed-demo

# Every check a change must pass (pre-commit runs it too): lint and format, functions no
# more complex than tools/complexity.py allows, the import contracts of pyproject.toml, and
# mypy on app/ at the strictness its [tool.mypy] says; ESLint's recommended rules for the
# site's scripts (eslint.config.js).
lint: install-dev node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/complexity.py app bench
	$(BIN)/lint-imports
	$(BIN)/mypy
	npx --no-install eslint .

clean:
	rm -rf $(VENV) node_modules $(VENDOR) $(COMPRESSED) .pytest_cache .ruff_cache *.egg-info
	find app/static \( -name '*.gz' -o -name '*.br' \) -delete
