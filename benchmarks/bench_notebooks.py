"""Execute each notebook in its own process; print wall time and the kernel's peak memory.

Usage: python benchmarks/bench_notebooks.py [notebooks/01_*.ipynb ...] [--json]
Prints a table, then one JSON line. Budgets (DESIGN.md): 120 s and 2 GiB per notebook
(goals 60 s and 1 GiB). The notebooks are executed as nbval does, from a fresh kernel;
nothing is written back to them.
"""
import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_SECONDS, BUDGET_GIB = 120, 2.0
CELL_TIMEOUT = 300  # a stalled cell fails fast and is named, rather than hanging the run

RUN_ONE = r"""
import json, sys, time, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, timeout=int(sys.argv[2]), kernel_name="python3", resources={"metadata": {"path": sys.argv[3]}})
start = time.perf_counter()
with client.setup_kernel():
    pid = client.km.provisioner.process.pid
    for index, cell in enumerate(nb.cells):
        client.execute_cell(cell, index)
    seconds = time.perf_counter() - start
    status = open(f"/proc/{pid}/status").read()
    peak_kib = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024}))
"""


def run_notebook(path):
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", RUN_ONE, str(path), str(CELL_TIMEOUT), str(path.parent)],
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        return {"notebook": path.name, "ok": False, "error": result.stderr.strip().splitlines()[-1:],
                "wall_s": round(time.perf_counter() - started, 1)}
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return {"notebook": path.name, "ok": True, "seconds": round(figures["seconds"], 1),
            "peak_mib": round(figures["peak_mib"]), "wall_s": round(time.perf_counter() - started, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: every notebook in notebooks/")
    args = parser.parse_args()
    paths = [Path(p).resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    rows = []
    print(f"{'notebook':<40} {'cells s':>8} {'peak MiB':>9}  within budget")
    for path in paths:
        row = run_notebook(path)
        if row["ok"]:
            row["within_budget"] = row["seconds"] <= BUDGET_SECONDS and row["peak_mib"] <= BUDGET_GIB * 1024
            print(f"{row['notebook']:<40} {row['seconds']:>8.1f} {row['peak_mib']:>9}  {'yes' if row['within_budget'] else 'NO'}")
        else:
            print(f"{row['notebook']:<40} FAILED: {row['error']}")
        rows.append(row)
    total = sum(r.get("seconds", 0) for r in rows)
    print(f"{'all notebooks':<40} {total:>8.1f}")
    print(json.dumps({"notebooks": rows, "total_seconds": round(total, 1),
                      "budget": {"seconds": BUDGET_SECONDS, "gib": BUDGET_GIB}}))
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
