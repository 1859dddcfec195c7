# Two commands do all set-up on a fresh machine:
#   make lab    open the series in JupyterLab (http://127.0.0.1:8888, token kept on)
#   make test   run every test: unit tests and every notebook executed by nbval
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
# The torch release the stored notebook outputs were recorded with (a CPU build is enough).
TORCH_SPEC ?= torch==2.13.0
PYTEST_FLAGS ?=

.PHONY: install lab test bench-notebooks bench-train data clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "$(TORCH_SPEC)"
	$(PY) -m pip install --quiet -e ".[browser]"
	touch $@

lab: install
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 --no-browser $(if $(filter 0,$(shell id -u)),--allow-root,)

test: install
	$(PY) -m pytest tests notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=300 -p no:cacheprovider $(PYTEST_FLAGS)

bench-notebooks: install
	$(PY) benchmarks/bench_notebooks.py

bench-train: install
	$(PY) benchmarks/bench_train.py

data: install
	$(PY) -m helpers.data build

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
