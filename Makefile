# virt-apigen.  `make generate` and `make test` each install what they need:
# Debian packages through apt-get when run as root, and a venv in .venv/.
# The venv's interpreter: Debian's own python3 where there is one (3.11.2 on
# Debian 12, what the README's users have), so that the tests run on it and
# not on another python3 that PATH may put first (pyenv's): CPython before
# 3.11.5 matches some regular expressions differently.  PYTHON=... overrides.
PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)
VENV ?= .venv
PY := $(VENV)/bin/python
LIBVIRT_VERSION := 9.0.0
CACHE := .cache
LIBVIRT_TREE := $(CACHE)/libvirt-$(LIBVIRT_VERSION)
export PYTHONPATH := $(CURDIR)

.PHONY: generate test lint check-generated bench fetch-libvirt golden clean

$(VENV)/.installed: pyproject.toml
	@sh tools/system-deps.sh generate
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

# libvirt-python 9.0.0 is what the generated bindings are compared against; it
# compiles against libvirt-dev, so it is installed only for the tests.
$(VENV)/.libvirt-python: $(VENV)/.installed
	$(PY) -m pip install -q libvirt-python==9.0.0 && touch $@

## Regenerate generated/ from the embedded sample tree.
generate: $(VENV)/.installed
	$(PY) -m generator generate -o generated

## Lint, type-check, check generated/ is fresh and run every test (libvirt 9.0.0 pieces are fetched first).
test: $(VENV)/.installed
	@sh tools/system-deps.sh test
	-@$(MAKE) --no-print-directory fetch-libvirt
	-@$(MAKE) --no-print-directory $(VENV)/.libvirt-python
	$(VENV)/bin/ruff check generator tests tools
	$(VENV)/bin/mypy --strict generator
	@$(MAKE) --no-print-directory check-generated
	$(PY) -m pytest -ra -q tests

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check generator tests tools
	$(VENV)/bin/mypy --strict generator

## Regenerate into a temporary folder and compare with the committed generated/.
check-generated: $(VENV)/.installed
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PY) -m generator generate -o "$$tmp" && \
	diff -r -x .virt-apigen-stamp.json -x __pycache__ -x .ruff_cache -x .mypy_cache -x .pytest_cache generated "$$tmp" && echo "check-generated: generated/ is up to date"

## Fetch the libvirt 9.0.0 source tree into .cache/ (apt-get source), and an
## older (7.0.0) and a newer (11.3.0) release from Debian's archive.
fetch-libvirt:
	@sh tools/fetch-libvirt.sh $(LIBVIRT_VERSION) $(CACHE)
	@sh tools/fetch-libvirt-other.sh $(CACHE)

## Our pipeline vs the libvirt tools it replaces, same input, same run.
bench: $(VENV)/.installed fetch-libvirt
	@sh tools/system-deps.sh test
	$(PY) tools/bench.py --tree $(LIBVIRT_TREE)

## Rewrite what the golden tests compare with: the expected/ folders and the check and diff cases' expected.txt (every test file that honours UPDATE_GOLDEN).
golden: $(VENV)/.installed
	UPDATE_GOLDEN=1 $(PY) -m pytest -q $$(grep -l UPDATE_GOLDEN tests/test_*.py)

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache
