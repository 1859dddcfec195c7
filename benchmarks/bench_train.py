"""Benchmark: how fast and how well `python -m helpers.train` trains on this machine.

Measures, in one run:
  1. the float32 and bfloat16 matmul peaks (GFLOP/s) at the chosen thread count;
  2. interleaved in one process: our `train` against a loop that does per step what
     nanoGPT's train.py does on a CPU (float32), at nanoGPT's CPU recipe, the two taking
     turns every --turn steps (so a background load slows both alike): tokens/s, MFU, the
     ratio; once with our trainer in float32 (the default), once in bfloat16 (opt-in);
  3. our trainer at nanoGPT's documented CPU recipe (4 layers, 4 heads, width 128,
     context 64, batch 12, char tokens, dropout 0, float32): tokens/s, MFU, val loss;
  4. our trainer at its own defaults, in float32 and in bfloat16: val loss after the same
     time budget.
Each training of 3 and 4 runs in its own subprocess (so its peak memory is its own,
read with wait4's ru_maxrss). MFU uses the HIGHEST peak of its number format seen in
this run (ours and each subprocess measure one), so it errs low, never high.

    python benchmarks/bench_train.py [--seconds 100] [--steps 600] [--turn 50] [--json]
                                     [--text FILE]

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


RECIPE = dict(n_layer=4, n_head=4, n_embd=128, block_size=64, batch_size=12, lr=1e-3)


def reference_steps(model, optimizer, data, steps, generator, lr=RECIPE["lr"]):
    """`steps` steps done the way nanoGPT's train.py does them on a CPU (float32, no
    gradient accumulation): a fresh batch per step, stacked from random windows; forward;
    backward; gradients clipped to norm 1; AdamW's default (non-fused) step; gradients set
    to None. Returns the seconds they took.

    Example: reference_steps(model, torch.optim.AdamW(model.parameters()), ids, 10, gen)
    """
    import torch

    B, T = RECIPE["batch_size"], model.config.block_size
    t0 = time.perf_counter()
    for _ in range(steps):
        starts = torch.randint(len(data) - T, (B,), generator=generator)  # (B,)
        x = torch.stack([data[i : i + T] for i in starts])  # (B, T)
        y = torch.stack([data[i + 1 : i + 1 + T] for i in starts])  # (B, T)
        for group in optimizer.param_groups:  # nanoGPT sets the lr every step
            group["lr"] = lr
        _, loss = model(x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    return time.perf_counter() - t0


def interleaved(text, steps, turn, precision="float32"):
    """Our `train` (in `precision`) and `reference_steps` (float32, as nanoGPT on a CPU) on
    the same char-level text at nanoGPT's CPU recipe, taking turns every `turn` steps in
    this process; returns tokens/s of each.

    Our trainer runs with `eval_every=turn` and no validation text: its callback runs the
    reference's turn, and `train` does not count time spent in a callback.
    Example: interleaved(Path("data/corpus/train.txt"), steps=200, turn=50)
    """
    import torch

    from helpers.gpt import GPT, GPTConfig
    from helpers.tokenizers import CharTokenizer
    from helpers.train import train

    raw = text.read_text(encoding="utf-8")
    tok = CharTokenizer.train(raw)
    data = torch.tensor(tok.encode(raw))  # (N,)
    shape = {k: RECIPE[k] for k in ("n_layer", "n_head", "n_embd", "block_size")}
    config = GPTConfig(vocab_size=tok.vocab_size, dropout=0.0, **shape)
    torch.manual_seed(0)
    ours, reference = GPT(config), GPT(config)
    reference.load_state_dict(ours.state_dict())
    decay = [p for p in reference.parameters() if p.dim() >= 2]
    no_decay = [p for p in reference.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": 0.1},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=RECIPE["lr"],
        betas=(0.9, 0.99),
    )
    generator = torch.Generator().manual_seed(1)
    reference.train()
    reference_steps(reference, optimizer, data, 5, generator)  # warm-up, not timed
    spent = []

    def reference_turn(entry):
        spent.append(reference_steps(reference, optimizer, data, turn, generator))
        return False

    history = train(
        ours,
        data,
        steps=steps,
        batch_size=RECIPE["batch_size"],
        lr=RECIPE["lr"],
        eval_every=turn,
        callback=reference_turn,
        progress=False,
        precision=precision,
    )
    reference_steps_done = turn * len(spent)
    tokens = RECIPE["batch_size"] * config.block_size
    return {
        "config": config,
        "ours_tokens_per_s": history[-1]["tokens_per_s"],
        "reference_tokens_per_s": reference_steps_done * tokens / sum(spent),
        "ours_steps": history[-1]["step"],
        "reference_steps": reference_steps_done,
    }


def main(argv=None):
    import torch

    from helpers.environment import thread_budget
    from helpers.flops import mfu, training_flops_per_token
    from helpers.gpt import GPTConfig
    from helpers.measure import measure_matmul_peak
    from helpers.train import PRECISIONS, native_bfloat16, setting_type
    from helpers.train.__main__ import DEFAULTS

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--seconds",
        type=setting_type("max_seconds"),
        default=100.0,
        help="training time budget of each run",
    )
    p.add_argument(
        "--steps",
        type=setting_type("steps"),
        default=600,
        help="steps of each trainer in the interleaved comparison",
    )
    p.add_argument(
        "--turn",
        type=setting_type("steps"),
        default=50,
        help="steps each trainer takes before the other's turn",
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
    if args.turn > args.steps:
        p.error(
            f"--turn ({args.turn}) is more than --steps ({args.steps}); e.g. --turn 50"
        )
    text = Path(args.text) if args.text else ROOT / "data" / "corpus" / "train.txt"
    if not text.is_file():
        p.error(f"{text} not found; pass --text FILE.txt")
    threads = thread_budget(args.threads)
    torch.set_num_threads(threads)

    t0 = time.perf_counter()
    # Matmul peaks in both formats, at the start, between the parts and at the end; MFU
    # uses the best of each format, so it errs low, never high.
    peaks = {precision: [] for precision in PRECISIONS}

    def measure_peaks():
        for precision in PRECISIONS:
            peaks[precision].append(
                measure_matmul_peak(dtype=getattr(torch, precision))
            )

    measure_peaks()
    side_by_side = {}
    for precision in PRECISIONS:
        side_by_side[precision] = interleaved(text, args.steps, args.turn, precision)
        measure_peaks()
    runs = [
        ("reference config (nanoGPT CPU recipe)", REFERENCE),
        ("our defaults", []),
        ("our defaults, bfloat16", ["--precision", "bfloat16"]),
    ]
    trained = []
    for name, extra in runs:
        summary, _, rss = run_training(text, args.seconds, threads, extra)
        peaks[summary["precision"]].append(summary["matmul_peak_gflops"])
        trained.append((name, summary, rss))
    measure_peaks()
    best_peak = {precision: max(filter(None, peaks[precision])) for precision in peaks}

    def row(name, s, rss):
        config = GPTConfig(**s["config"])
        fpt = training_flops_per_token(config)
        return {
            "run": name,
            "config": f"L{config.n_layer} H{config.n_head} C{config.n_embd} "
            f"T{config.block_size} B{s['batch_size']} {s['tokenizer']}",
            "parameters": s["parameters"],
            "steps": s["steps"],
            "tokens_per_s": round(s["tokens_per_s"]),
            "model_gflops": round(fpt * s["tokens_per_s"] / 1e9, 1),
            "mfu": round(mfu(config, s["tokens_per_s"], best_peak[s["precision"]]), 3),
            "final_val_loss": round(s["final_val_loss"], 4),
            "val_bits_per_byte": round(s["val_bits_per_byte"], 4),
            "peak_rss_mib": round(rss),
        }

    rows = [row(*run) for run in trained]

    def turns(precision):
        side = side_by_side[precision]
        config, ours, ref = (
            side["config"],
            side["ours_tokens_per_s"],
            side["reference_tokens_per_s"],
        )
        return {
            "ours_steps": side["ours_steps"],
            "reference_steps": side["reference_steps"],
            "ours_tokens_per_s": round(ours),
            "reference_tokens_per_s": round(ref),
            "ratio": round(ours / ref, 3),
            # each against the peak of the format its matrix products run in
            "ours_mfu": round(mfu(config, ours, best_peak[precision]), 3),
            "reference_mfu": round(mfu(config, ref, best_peak["float32"]), 3),
        }

    result = {
        "interleaved": {
            "recipe": RECIPE,
            "turn": args.turn,
            **{precision: turns(precision) for precision in PRECISIONS},
        },
        "native_bfloat16": native_bfloat16(),
        "seconds_budget": args.seconds,
        "threads": threads,
        "torch": torch.__version__,
        "matmul_peak_gflops": {k: round(v, 1) for k, v in best_peak.items()},
        "matmul_peak_each": {
            k: [round(x, 1) for x in v if x] for k, v in peaks.items()
        },
        "defaults": {k: v for k, v in DEFAULTS.items()},
        "runs": rows,
        "wall_seconds": round(time.perf_counter() - t0, 1),
    }
    if not args.json:
        print(
            f"matmul peak ({threads} threads, best of this run): float32 "
            f"{best_peak['float32']:.1f} GFLOP/s, bfloat16 {best_peak['bfloat16']:.1f} "
            f"GFLOP/s (native bfloat16: {'yes' if native_bfloat16() else 'no, emulated'})"
        )
        print(
            f"interleaved, nanoGPT's CPU recipe (its loop in float32), turns of "
            f"{args.turn} steps:"
        )
        for precision in PRECISIONS:
            side = result["interleaved"][precision]
            print(
                f"  ours in {precision}: {side['ours_tokens_per_s']:,} tokens/s (MFU "
                f"{side['ours_mfu']:.0%} of the {precision} peak), nanoGPT's loop "
                f"{side['reference_tokens_per_s']:,} tokens/s (MFU "
                f"{side['reference_mfu']:.0%}): {side['ratio']:.2f}x"
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
