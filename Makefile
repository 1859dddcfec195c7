# Two commands do all set-up on a fresh machine:
#   make lab    open the series in JupyterLab (http://127.0.0.1:8888, token kept on)
#   make test   run every test: ruff, unit tests and every notebook executed by nbval
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
# The torch release the stored notebook outputs were recorded with (a CPU build is enough).
TORCH_SPEC ?= torch==2.13.0
PYTEST_FLAGS ?=
# `make test` runs in TEST_WORKERS processes (pytest-xdist), each on one torch thread: two
# one-thread processes get more done on two cores than one two-thread process
# (benchmarks/NOTES.md). `--dist loadfile` keeps each notebook's cells, which share one kernel,
# in order on one process. TEST_WORKERS=1 runs them one after another. `make test-portable`
# stays in one process: its settings choose thread counts, and more threads than cores wait
# on each other (two processes of two threads on two cores ran more than twice as slow).
TEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print(min(4, os.cpu_count() or 1))")

# `make test-portable`: the lessons again under other CPU kernel paths, one setting per run, as
# other students' CPUs would compute them. Each setting moves float results on an x86 CPU
# (measured with torch 2.13): ATEN_CPU_CAPABILITY picks torch's vector kernels (softmax,
# attention, GELU...), MKL_CBWR=COMPATIBLE MKL's matmul path, ONEDNN_MAX_CPU_ISA oneDNN's
# (GELU), HELPERS_THREADS how sums are split. A compared output must pass under all of them.
# `make test` runs the lessons on one thread; "HELPERS_THREADS=2" is the lessons' own default.
PORTABLE_SETTINGS ?= "HELPERS_THREADS=2" \
                     "ATEN_CPU_CAPABILITY=avx2 MKL_CBWR=COMPATIBLE ONEDNN_MAX_CPU_ISA=AVX2" \
                     "ATEN_CPU_CAPABILITY=default HELPERS_THREADS=1" \
                     "HELPERS_THREADS=4"
NBVAL_FLAGS := --nbval-lax --nbval-current-env --nbval-cell-timeout=300 -p no:cacheprovider

# `make lab` opens the lessons as shipped; `make my-copy` then `make lab LESSONS=mywork` opens
# your own copies (git ignores mywork/, so Run All never dirties the tracked lessons and
# `git pull` never conflicts with your work).
LESSONS ?= notebooks
MYWORK ?= mywork


.PHONY: install lab my-copy site slides test lint test-portable bench-notebooks bench-train data clean

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

install: $(VENV)/.installed $(LAB_SETTINGS)/overrides.json

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "$(TORCH_SPEC)"
	$(PY) -m pip install --quiet -e ".[browser,dev,teach]"
	touch $@

# The series' JupyterLab defaults (no news pop-up over lesson 00), for this environment only.
$(LAB_SETTINGS)/overrides.json: jupyter/overrides.json $(VENV)/.installed
	mkdir -p $(@D)
	cp $< $@

# Trusting the lessons (a signature in your own Jupyter data folder, not in the repo) lets
# JupyterLab draw their stored widgets and HTML before anything runs.
lab: install
	$(VENV)/bin/jupyter trust $(LESSONS)/*.ipynb
	$(VENV)/bin/jupyter lab --notebook-dir=$(LESSONS) --ServerApp.ip=127.0.0.1 --no-browser $(if $(filter 0,$(shell id -u)),--allow-root,)

# Copies the lessons (and their figures and glossary) into $(MYWORK)/; a file you already
# have there is never overwritten, so running it again only adds lessons that are new.
my-copy:
	mkdir -p $(MYWORK)
	cp -Rn notebooks/. $(MYWORK)/
	@echo "your own copies are in $(MYWORK)/: open them with make lab LESSONS=$(MYWORK)"

# The series without a kernel: every lesson as a page and as slides, with the glossary and
# an index, in runs/site/ (open runs/site/index.html; nothing is fetched from the network).
site: install
	$(PY) -m publish site

slides: site
	@echo "slides: runs/site/NN_name.slides.html (arrow keys; ?all shows every slide)"

test: install lint
	HELPERS_THREADS=1 $(PY) -m pytest tests notebooks -n $(TEST_WORKERS) --dist loadfile \
	  $(NBVAL_FLAGS) $(PYTEST_FLAGS)

# Lint and format check of the package, tests, benchmarks and the lessons' code cells.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-portable: install
	@failed=""; for setting in $(PORTABLE_SETTINGS); do \
	  echo "== notebooks with $$setting"; \
	  env $$setting $(PY) -m pytest notebooks $(NBVAL_FLAGS) -q $(PYTEST_FLAGS) || failed="$$failed [$$setting]"; \
	done; \
	if [ -n "$$failed" ]; then echo "compared outputs changed under:$$failed"; exit 1; fi

bench-notebooks: install
	$(PY) benchmarks/bench_notebooks.py

bench-train: install
	$(PY) benchmarks/bench_train.py

# `make data` regenerates data/ from its seed and overwrites any file that differs (--force);
# `python -m datagen build` alone refuses and names the first such file.
data: install
	$(PY) -m datagen build --force

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
