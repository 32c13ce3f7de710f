# Two commands set up a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Debian packages WeasyPrint needs: Pango, HarfBuzz's subset library (without it
# WeasyPrint subsets fonts with fontTools, about 6x slower) and a font with Times New
# Roman's metrics.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core
# The tests also open our DOCX files in LibreOffice, a real reader, read them with pandoc
# (docx -> Markdown: are the headings headings?), and drive the web page in Chromium.
TEST_PACKAGES := libreoffice-writer-nogui chromium pandoc nodejs

# Install missing Debian packages when root; otherwise print the command to run and
# stop ($(2) = 1) or go on ($(2) = 0: the tests that need them are skipped).
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
	  echo "Install these with your system's package manager:$$missing"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "Missing system packages. Run:  sudo apt-get install -y$$missing"; exit $(2); \
	fi
endef

.PHONY: demo test bench catalogs screenshots system-deps test-deps venv reference-docx clean

demo: venv
	$(BIN)/drafter packet --from jurisdictions/senders/elm-harbor-coalition.yaml --out out
	$(BIN)/drafter status jurisdictions/elm-harbor-city.yaml --image out/city-of-elm-harbor-scorecard.png
	$(BIN)/drafter draft resolution -j jurisdictions/juniper-county.yaml --out out
	$(BIN)/drafter draft department-order -j jurisdictions/juniper-county.yaml --out out
	$(BIN)/drafter packet -j jurisdictions/pecan-springs-city.yaml --format pdf --out out/texas
	$(BIN)/drafter draft petition --lang es --from jurisdictions/senders/elm-harbor-coalition.yaml --out out/es
	@echo "Open out/city-of-elm-harbor-packet.pdf -- drafting help, not legal advice."
	@echo "Juniper County's sheriff is elected: its resolution urges the sheriff, and"
	@echo "out/juniper-county-department-order.pdf is the sheriff's own general order."
	@echo "Texas law restricts these rules: out/texas/city-of-pecan-springs-packet.pdf opens"
	@echo "with the state-law memo (page 2) that the warning above points to."
	@echo "out/es/city-of-elm-harbor-petition-es.pdf is the petition in Spanish (--lang es)."

test: venv test-deps
	$(BIN)/python -m pytest -q

# drafter against docxtpl + LibreOffice (installed with the test packages), side by side
# (5-10 minutes; BENCH_QUICK=1 for a short run); writes benchmarks/results.{json,md} and
# README.md's table.
# benchmarks/where_time_goes.py shows where the time goes before you change anything.
bench: venv test-deps
	$(BIN)/python benchmarks/bench.py

# After changing a message in the code, a clause file or an outline: the template
# (locale/drafter.pot) from Babel's extractors (babel.cfg), then every language's catalog
# updated to it; translate what `drafter list languages` shows as missing.
catalogs: venv
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-by-file --width 88 \
	  --project drafter --copyright-holder "drafter contributors" \
	  --msgid-bugs-address "the issues of drafter (see README.md)" -o locale/drafter.pot .
	$(BIN)/pybabel update -i locale/drafter.pot -d locale -D drafter --width 88 \
	  --no-fuzzy-matching --ignore-obsolete

# README's pictures of the web page (docs/screenshots/), from a real server in Chromium.
screenshots: venv test-deps
	$(BIN)/python tools/screenshots.py

system-deps:
	$(call apt_install,$(SYSTEM_PACKAGES),1)

# axe-core (MPL-2.0), the accessibility checker the browser tests run in the page.
AXE := .cache/npm/node_modules/axe-core/axe.min.js

test-deps:
	$(call apt_install,$(TEST_PACKAGES),0)
	@test -f $(AXE) || ! command -v npm >/dev/null || \
	  npm install --silent --no-audit --no-fund --prefix .cache/npm axe-core@4.11.1

venv: system-deps $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

# Rebuild the Word reference document after changing tools/build_reference_docx.py.
reference-docx: venv
	$(BIN)/python tools/build_reference_docx.py templates/base/reference.docx

clean:
	rm -rf $(VENV) out build dist *.egg-info
