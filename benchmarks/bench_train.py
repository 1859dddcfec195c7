"""Benchmark: how fast and how well `python -m helpers.train` trains on this machine.

Measures, in one run:
  1. the float32 matmul peak (GFLOP/s) at the chosen thread count;
  2. our trainer at nanoGPT's documented CPU recipe (4 layers, 4 heads, width 128,
     context 64, batch 12, char tokens, dropout 0, float32): tokens/s, MFU, val loss;
  3. our trainer at its own defaults: val loss after the same time budget.
Each training runs in its own subprocess (so its peak memory is its own, read
with wait4's ru_maxrss). MFU uses the HIGHEST peak seen in this run (ours and
each subprocess measure one), so it errs low, never high.

    python benchmarks/bench_train.py [--seconds 100] [--json] [--text FILE]

Uses data/corpus/train.txt when present, else --text. Not a timed test: it prints
figures (a table, then one JSON line).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REFERENCE = [
    "--tokenizer",
    "char",
    "--n-layer",
    "4",
    "--n-head",
    "4",
    "--n-embd",
    "128",
    "--block-size",
    "64",
    "--batch-size",
    "12",
    "--dropout",
    "0",
]


def run_training(text, seconds, threads, extra):
    """Run the CLI in a subprocess; return (summary dict, history list, peak RSS MiB from wait4)."""
    cmd = [
        sys.executable,
        "-m",
        "helpers.train",
        "--text",
        str(text),
        "--max-seconds",
        str(seconds),
        "--threads",
        str(threads),
        *extra,
    ]
    with tempfile.TemporaryFile(mode="w+") as err:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True
        )
        out = proc.stdout.read()
        _, status, usage = os.wait4(
            proc.pid, 0
        )  # reap it ourselves: wait4 gives this child's rusage
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"training failed ({' '.join(cmd)}):\n{err.read()}")
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    summary = lines[-1]
    return summary, lines[:-1], usage.ru_maxrss / 1024  # Linux: KiB


def main(argv=None):
    import torch

    from helpers.environment import thread_budget
    from helpers.flops import mfu, training_flops_per_token
    from helpers.gpt import GPTConfig
    from helpers.measure import measure_matmul_peak
    from helpers.train import setting_type
    from helpers.train.__main__ import DEFAULTS

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--seconds",
        type=setting_type("max_seconds"),
        default=100.0,
        help="training time budget of each run",
    )
    p.add_argument(
        "--text", default=None, help="text file (default: data/corpus/train.txt)"
    )
    p.add_argument(
        "--threads",
        type=setting_type("threads"),
        default=None,
        help="torch threads (default 2, or fewer cores)",
    )
    p.add_argument("--json", action="store_true", help="print only the JSON line")
    args = p.parse_args(argv)
    text = Path(args.text) if args.text else ROOT / "data" / "corpus" / "train.txt"
    if not text.is_file():
        p.error(f"{text} not found; pass --text FILE.txt")
    threads = thread_budget(args.threads)
    torch.set_num_threads(threads)

    t0 = time.perf_counter()
    peak = measure_matmul_peak()
    ref, ref_hist, ref_rss = run_training(text, args.seconds, threads, REFERENCE)
    ours, ours_hist, ours_rss = run_training(text, args.seconds, threads, [])
    peak_end = measure_matmul_peak()
    best_peak = max(
        p
        for p in (peak, peak_end, ref["matmul_peak_gflops"], ours["matmul_peak_gflops"])
        if p
    )

    def row(name, s, rss):
        config = GPTConfig(**s["config"])
        fpt = training_flops_per_token(config)
        return {
            "run": name,
            "config": f"L{config.n_layer} H{config.n_head} C{config.n_embd} T{config.block_size} "
            f"B{s['batch_size']} {s['tokenizer']}",
            "parameters": s["parameters"],
            "steps": s["steps"],
            "tokens_per_s": round(s["tokens_per_s"]),
            "model_gflops": round(fpt * s["tokens_per_s"] / 1e9, 1),
            "mfu": round(mfu(config, s["tokens_per_s"], best_peak), 3),
            "final_val_loss": round(s["final_val_loss"], 4),
            "val_bits_per_byte": round(s["val_bits_per_byte"], 4),
            "peak_rss_mib": round(rss),
        }

    rows = [
        row("reference config (nanoGPT CPU recipe)", ref, ref_rss),
        row("our defaults", ours, ours_rss),
    ]
    result = {
        "seconds_budget": args.seconds,
        "threads": threads,
        "torch": torch.__version__,
        "matmul_peak_gflops": round(best_peak, 1),
        "matmul_peak_each": [
            round(x, 1)
            for x in (
                peak,
                ref["matmul_peak_gflops"],
                ours["matmul_peak_gflops"],
                peak_end,
            )
        ],
        "defaults": {k: v for k, v in DEFAULTS.items()},
        "runs": rows,
        "wall_seconds": round(time.perf_counter() - t0, 1),
    }
    if not args.json:
        print(
            f"float32 matmul peak: {best_peak:.1f} GFLOP/s ({threads} threads, best of this run)"
        )
        cols = [
            "run",
            "config",
            "parameters",
            "steps",
            "tokens_per_s",
            "model_gflops",
            "mfu",
            "final_val_loss",
            "val_bits_per_byte",
            "peak_rss_mib",
        ]
        widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in cols]
        print("  ".join(c.ljust(w) for c, w in zip(cols, widths)))
        for r in rows:
            print("  ".join(str(r[c]).ljust(w) for c, w in zip(cols, widths)))
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
