"""Execute each notebook in its own process; print wall time and the kernel's peak memory.

Usage: python benchmarks/bench_notebooks.py [notebooks/01_*.ipynb ...] [--record]
Prints a table, then one JSON line. Budgets (DESIGN.md): 120 s and 2 GiB per notebook
(goals 60 s and 1 GiB). The notebooks are executed as nbval does, from a fresh kernel.
Nothing is written back unless --record: then, as a maintainer does on a quiet machine
before committing, each notebook stores its fresh outputs and TIMES_FILE its seconds,
which each lesson's "Time:" line and the README's table must state (tests/test_time_claims.py).
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from helpers.paths import lesson_paths

ROOT = Path(__file__).resolve().parents[1]
TIMES_FILE = ROOT / "benchmarks" / "notebook_times.json"
BUDGET_SECONDS, BUDGET_GIB = 120, 2.0
# A stalled cell fails fast and is named, rather than hanging the run.
CELL_TIMEOUT = 300

RUN_ONE = r"""
import json, sys, time, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, timeout=int(sys.argv[2]), kernel_name="python3", record_timing=False,
                        resources={"metadata": {"path": sys.argv[3]}})
start = time.perf_counter()
with client.setup_kernel():
    pid = client.km.provisioner.process.pid
    for index, cell in enumerate(nb.cells):
        client.execute_cell(cell, index)
    seconds = time.perf_counter() - start
    status = open(f"/proc/{pid}/status").read()
    peak_line = next(line for line in status.splitlines() if line.startswith("VmHWM"))
    peak_kib = int(peak_line.split()[1])
    # The widgets' state as this run left it, so a trusted notebook draws its stored widgets
    # (nbclient saves it only at the end of execute(); we run cell by cell to time the kernel).
    nb.metadata.pop("widgets", None)
    client.set_widgets_metadata()
if sys.argv[4] == "record":
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # wall-clock stamps: churn in every diff
    nbformat.write(nb, path)
print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024}))
"""


WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def time_phrase(seconds):
    """How a lesson's "Time:" line states its measured compute time.
    Example: time_phrase(100) -> 'about two minutes'"""
    minutes = round(seconds / 60)
    if seconds < 45:
        return "under a minute"
    if minutes <= 1:
        return "about a minute"
    return f"about {WORDS.get(minutes, minutes)} minutes"


def table_phrase(seconds):
    """The same for the README's table. Example: table_phrase(100) -> '~2 min'"""
    return "< 1 min" if seconds < 45 else f"~{max(1, round(seconds / 60))} min"


def run_notebook(path, record=False):
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            RUN_ONE,
            str(path),
            str(CELL_TIMEOUT),
            str(path.parent),
            "record" if record else "measure",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        return {
            "notebook": path.name,
            "ok": False,
            "error": result.stderr.strip().splitlines()[-1:],
            "wall_s": round(time.perf_counter() - started, 1),
        }
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "notebook": path.name,
        "ok": True,
        "seconds": round(figures["seconds"], 1),
        "peak_mib": round(figures["peak_mib"]),
        "wall_s": round(time.perf_counter() - started, 1),
    }


def record_times(rows):
    """Merge the measured seconds of the notebooks that ran into TIMES_FILE."""
    times = json.loads(TIMES_FILE.read_text()) if TIMES_FILE.exists() else {}
    times.update({r["notebook"]: r["seconds"] for r in rows if r["ok"]})
    TIMES_FILE.write_text(json.dumps(dict(sorted(times.items())), indent=1) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks", nargs="*", help="default: every notebook in notebooks/"
    )
    parser.add_argument(
        "--record",
        action="store_true",
        help=f"store each notebook's fresh outputs in it and its seconds in {TIMES_FILE.name}",
    )
    args = parser.parse_args()
    paths = [Path(p).resolve() for p in args.notebooks] or lesson_paths()
    rows = []
    print(f"{'notebook':<40} {'cells s':>8} {'peak MiB':>9}  within budget")
    for path in paths:
        row = run_notebook(path, record=args.record)
        if row["ok"]:
            row["within_budget"] = (
                row["seconds"] <= BUDGET_SECONDS
                and row["peak_mib"] <= BUDGET_GIB * 1024
            )
            print(
                f"{row['notebook']:<40} {row['seconds']:>8.1f} {row['peak_mib']:>9}  "
                f"{'yes' if row['within_budget'] else 'NO'}"
            )
        else:
            print(f"{row['notebook']:<40} FAILED: {row['error']}")
        rows.append(row)
    total = sum(r.get("seconds", 0) for r in rows)
    if args.record:
        record_times(rows)
    print(f"{'all notebooks':<40} {total:>8.1f}")
    print(
        json.dumps(
            {
                "notebooks": rows,
                "total_seconds": round(total, 1),
                "budget": {"seconds": BUDGET_SECONDS, "gib": BUDGET_GIB},
            }
        )
    )
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
