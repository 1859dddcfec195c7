"""Run lessons under nbval in a separate process, as `make test` does, optionally behind a prefix.

Used by the offline test (prefix: a network namespace with loopback only) and the repeat test.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBVAL = [
    "-m",
    "pytest",
    "--nbval-lax",
    "--nbval-current-env",
    "--nbval-cell-timeout=300",
    "-p",
    "no:cacheprovider",
    "-q",
]


def lesson(number):
    """The notebook of a lesson.
    Example: lesson("01") -> .../notebooks/01_next_word_by_counting.ipynb"""
    (path,) = (ROOT / "notebooks").glob(f"{number}_*.ipynb")
    return path


def run_nbval(notebooks, prefix=(), env=None):
    """Execute `notebooks` from fresh kernels and compare their checked cells with the
    stored outputs. `env`: variables to set for the run and its kernels.

    Returns the CompletedProcess; its returncode is 0 when every compared output matched.
    Example: run_nbval([lesson("01")], env={"PYTHONHASHSEED": "1"}).returncode -> 0
    """
    return subprocess.run(
        [*prefix, sys.executable, *NBVAL, *map(str, notebooks)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=None if env is None else {**os.environ, **env},
    )


def run_command(args, prefix=()):
    """Run `python -m ...` args from the repository root.
    Example: run_command(["-m", "helpers.ngram", "spilled"])"""
    return subprocess.run(
        [*prefix, sys.executable, *args], capture_output=True, text=True, cwd=ROOT
    )
