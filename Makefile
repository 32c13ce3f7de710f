# Two commands set up a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Debian packages WeasyPrint and the tests need: Pango, HarfBuzz's subset library
# (without it WeasyPrint subsets fonts with fontTools, about 6x slower), a font with
# Times New Roman's metrics, and poppler's pdftotext for reading PDFs back.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 poppler-utils

.PHONY: demo test bench system-deps venv reference-docx clean

demo: venv
	$(BIN)/drafter draft ordinance --out out
	$(BIN)/drafter draft resolution --out out
	@echo "Open the files in out/ -- drafting help, not legal advice."

test: venv
	$(BIN)/python -m pytest -q

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
	  echo "Install these system libraries with your package manager:$$missing"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "Missing system packages. Run:  sudo apt-get install -y$$missing"; exit 1; \
	fi

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
