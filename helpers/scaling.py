"""A small scaling study: how held-out loss falls as a model gets wider and reads more tokens.

Handles: training a grid of small GPTs (2 layers, context 64, a BPE tokenizer of 1,024 tokens
learned on data/corpus/train.txt) at four widths and four token budgets, each from a fixed seed
for a fixed number of steps; measuring each on the WHOLE validation text (nats per token and
bits per byte); fitting power laws by least squares in log space (loss against parameters at the
largest budget, against tokens at the largest width, and against compute along the compute
frontier); and writing everything, with the machine it ran on, as JSON:

    python -m helpers.scaling        # 16 runs, 2 processes; writes runs/results/scaling.json
    python -m helpers.scaling --out data/results/scaling.json --force   # replace the shipped one

Time: the shipped run took 17.5 min on 2 cores shared with other jobs
(benchmarks/NOTES.md). Each run uses one torch thread, so its numbers do not depend on
the core count, and the command shares the runs among processes.
`run_point(width, tokens)` re-measures one point of the grid with the same code, so a lesson can
check a shipped number live in seconds: with the same torch build it gives the same loss.

Leaves out: an irreducible-loss term (L = E + A / N^a, as Hoffmann et al. 2022 fit), a learning
rate tuned for each size, and anything a laptop cannot train in minutes. With so small a range
the fitted exponents describe THIS grid; they are not the published ones.
"""

import argparse
import functools
import json
import math
import os
import platform
import sys
import time

import torch

from helpers.environment import thread_budget
from helpers.flops import training_flops_per_token
from helpers.gpt import GPT, GPTConfig
from helpers.safe_output import add_output_options, check_output_option
from helpers.train import (
    check_settings,
    loss_to_bits_per_byte,
    mean_loss,
    setting_type,
    train,
)

SHIPPED = "results/scaling.json"  # the shipped results, under data/

# One recipe for every point; only the width and the number of steps change.
STUDY = dict(
    vocab_size=1024,  # BPE tokens, learned on the training text (lesson 03)
    n_layer=2,  # shallow models learn most per second (benchmarks/NOTES.md)
    n_head=4,  # so every width must be a multiple of 4
    block_size=64,  # tokens of context
    batch_size=8,  # 8 x 64 = 512 tokens per step: small runs learn more from more, smaller steps
    lr=4e-3,  # the same peak learning rate at every width; cosine down to lr / 10
    warmup_share=0.05,  # warm up for 5% of the steps, so short and long runs have the same shape
    weight_decay=0.1,
    grad_clip=1.0,
)
TOKENS_PER_STEP = STUDY["batch_size"] * STUDY["block_size"]
# Each run uses ONE torch thread, so its numbers do not depend on the machine's core count (a sum
# split over two threads rounds differently); the command runs several runs side by side instead.
THREADS_PER_RUN = 1
WIDTHS = (32, 64, 96, 128)  # 60 k to 536 k parameters (about 9x)
TOKEN_BUDGETS = (65_536, 131_072, 262_144, 524_288)  # 128 to 1,024 steps (8x)


# ---------------------------------------------------------------- fitting


def fit_power_law(x, y):
    """Fit y = a * x**k by least squares on (log x, log y); return (a, k).

    A power law is a straight line on log-log axes: log y = log a + k log x. We fit that line
    by ordinary least squares, so each point counts by its RATIO to the line, not by its
    absolute distance. Needs two or more points, all positive, with at least two different x.

    Example: fit_power_law([1, 10, 100], [2.0, 1.0, 0.5]) -> (2.0, -0.301)   (rounded;
    every tenfold increase of x halves y, and log10(1/2) = -0.301)
    """
    xs, ys = list(x), list(y)
    if len(xs) != len(ys):
        raise ValueError(
            f"x and y must have the same length, got {len(xs)} and {len(ys)}"
        )
    if len(xs) < 2:
        raise ValueError(f"need at least 2 points to fit a line, got {len(xs)}")
    if min(xs) <= 0 or min(ys) <= 0:
        raise ValueError(
            "a power law is fitted in log space, so every x and y must be > 0; "
            f"got min(x) = {min(xs)}, min(y) = {min(ys)}"
        )
    lx, ly = [math.log(v) for v in xs], [math.log(v) for v in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    sxx = sum((a - mx) ** 2 for a in lx)
    if sxx == 0:
        raise ValueError(
            "all x are equal; a slope needs at least two different x values"
        )
    k = sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sxx
    return math.exp(my - k * mx), k


def compute_frontier(points, x="flops", y="val_loss"):
    """The points no cheaper point beats: sorted by `x`, keep each whose `y` is below
    every earlier one.

    Example: compute_frontier([{"flops": 1, "val_loss": 3}, {"flops": 2, "val_loss": 3.5},
                               {"flops": 4, "val_loss": 2}]) -> the first and the last point
    """
    frontier, best = [], math.inf
    for p in sorted(points, key=lambda p: (p[x], p[y])):
        if p[y] < best:
            frontier.append(p)
            best = p[y]
    return frontier


def compute_multiplier(exponent, loss_ratio):
    """How many times more compute multiplies the loss by `loss_ratio`, if L = a * C**exponent.

    From L2 / L1 = (C2 / C1)**exponent: C2 / C1 = (L2 / L1)**(1 / exponent).
    Example: compute_multiplier(-0.05, 0.9) -> 8.2   (a 10% lower loss costs 8.2x the compute)
    """
    if exponent >= 0:
        raise ValueError(
            f"exponent must be < 0 (loss falling with compute), got {exponent}"
        )
    if not 0 < loss_ratio:
        raise ValueError(
            f"loss_ratio must be > 0 (e.g. 0.9 for a 10% lower loss), got {loss_ratio}"
        )
    return loss_ratio ** (1 / exponent)


# ---------------------------------------------------------------- training one point


@functools.lru_cache(maxsize=1)
def study_data():
    """(tokenizer, train ids, valid ids, valid bytes) for the study; built once per
    process (~3 s)."""
    from helpers.data import corpus_text
    from helpers.tokenizers import BPETokenizer

    train_text, valid_text = corpus_text("train"), corpus_text("valid")
    tok = BPETokenizer.train(
        train_text, STUDY["vocab_size"]
    )  # merges learned on training text only
    train_ids = torch.tensor(tok.encode(train_text), dtype=torch.long)  # (N_train,)
    valid_ids = torch.tensor(tok.encode(valid_text), dtype=torch.long)  # (N_valid,)
    return tok, train_ids, valid_ids, len(valid_text.encode("utf-8"))


def study_config(width):
    """The GPTConfig of the study at this width. Example: study_config(64).n_embd -> 64"""
    if isinstance(width, bool) or not isinstance(width, int):
        raise TypeError(
            f"width must be an int, got {type(width).__name__}; e.g. run_point(64, 131_072)"
        )
    if width < STUDY["n_head"] or width % STUDY["n_head"]:
        raise ValueError(
            f"width must be a positive multiple of {STUDY['n_head']} (the number of heads), "
            f"got {width}; the study uses {WIDTHS}"
        )
    return GPTConfig(
        vocab_size=STUDY["vocab_size"],
        block_size=STUDY["block_size"],
        n_layer=STUDY["n_layer"],
        n_head=STUDY["n_head"],
        n_embd=width,
    )


def steps_to_read(tokens):
    """Training steps that read exactly `tokens` tokens.

    Example: steps_to_read(131_072) -> 256   (512 tokens per step)
    """
    if isinstance(tokens, bool) or not isinstance(tokens, int):
        raise TypeError(
            f"tokens must be an int, got {type(tokens).__name__}; e.g. run_point(64, 131_072)"
        )
    if tokens < TOKENS_PER_STEP or tokens % TOKENS_PER_STEP:
        raise ValueError(
            f"tokens must be a positive multiple of {TOKENS_PER_STEP:,} (batch "
            f"{STUDY['batch_size']} x context {STUDY['block_size']} per step), got {tokens:,}; "
            f"the study uses {', '.join(f'{t:,}' for t in TOKEN_BUDGETS)}"
        )
    return tokens // TOKENS_PER_STEP


def run_point(width, tokens, seed=0):
    """Train one model of the study from scratch and measure it; return its figures as a dict.

    The model has `width` (n_embd) and reads `tokens` training tokens; its weights and batches
    come from `seed`. It runs on one torch thread (THREADS_PER_RUN) whatever the caller set, so the
    same seed gives the same loss, to the last digit, with the same torch build and CPU kind.
    Example (about 3 s, plus ~3 s the first time for the tokenizer):
        >>> round(run_point(32, 65_536)["val_loss"], 2)
        5.41
    """
    config = study_config(width)
    steps = steps_to_read(tokens)
    check_settings(seed=seed)
    tok, train_ids, valid_ids, valid_bytes = study_data()
    threads_before = torch.get_num_threads()
    torch.set_num_threads(
        THREADS_PER_RUN
    )  # the same sums in the same order, whatever the core count
    try:
        torch.manual_seed(seed)
        model = GPT(config)
        start = time.perf_counter()
        train(
            model,
            train_ids,
            None,
            steps=steps,
            batch_size=STUDY["batch_size"],
            lr=STUDY["lr"],
            min_lr=STUDY["lr"] / 10,
            warmup_steps=max(1, round(STUDY["warmup_share"] * steps)),
            weight_decay=STUDY["weight_decay"],
            grad_clip=STUDY["grad_clip"],
            eval_every=None,
            progress=False,
            seed=seed,
        )
        seconds = time.perf_counter() - start
        val_loss = mean_loss(model, valid_ids)  # every token of the validation text
    finally:
        torch.set_num_threads(threads_before)
    return {
        "width": width,
        "n_params": model.num_parameters(),
        "tokens": tokens,
        "steps": steps,
        "flops": training_flops_per_token(config) * tokens,  # 6 N + attention
        "val_loss": val_loss,  # nats per token, whole validation split
        "val_bits_per_byte": loss_to_bits_per_byte(
            val_loss, valid_ids.numel(), valid_bytes
        ),
        "seconds": round(seconds, 2),
        "seed": seed,
    }


# ---------------------------------------------------------------- the whole study


def fit_study(points):
    """The three power-law fits of a grid of points (dicts as `run_point` returns them)."""
    widths = sorted({p["width"] for p in points})
    budgets = sorted({p["tokens"] for p in points})
    at_budget = sorted(
        (p for p in points if p["tokens"] == budgets[-1]), key=lambda p: p["n_params"]
    )
    at_width = sorted(
        (p for p in points if p["width"] == widths[-1]), key=lambda p: p["tokens"]
    )
    frontier = compute_frontier(points)
    fits = {}
    for name, rows, key, fixed in (
        ("loss_vs_params", at_budget, "n_params", {"tokens": budgets[-1]}),
        ("loss_vs_tokens", at_width, "tokens", {"width": widths[-1]}),
        ("loss_vs_compute", frontier, "flops", {"frontier": True}),
    ):
        if len(rows) < 2 or len({r[key] for r in rows}) < 2:
            continue  # a grid with one width (or one budget) has nothing to fit along that axis
        a, k = fit_power_law([r[key] for r in rows], [r["val_loss"] for r in rows])
        fits[name] = {
            "x": key,
            "coefficient": a,
            "exponent": k,
            **fixed,
            "points": [[r["width"], r["tokens"]] for r in rows],
        }
    return fits


def machine(workers):
    """Where the numbers were measured: enough to know whether yours should match."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "workers": workers,
        "threads_per_run": THREADS_PER_RUN,
        "torch": torch.__version__,
        "python": platform.python_version(),
    }


def _init_worker():
    torch.set_num_threads(THREADS_PER_RUN)
    study_data()  # each worker process learns the same tokenizer once


def run_study(widths=WIDTHS, token_budgets=TOKEN_BUDGETS, seed=0, workers=1, log=print):
    """Train every (width, tokens) point of the grid; return the results dict that the
    command writes.

    With `workers` > 1 the runs are shared among that many processes (one thread each), most
    expensive first; every run is the same as when it runs alone.
    """
    start = time.perf_counter()
    grid = sorted(
        ((w, t) for w in widths for t in token_budgets),  # longest runs first
        key=lambda wt: -training_flops_per_token(study_config(wt[0])) * wt[1],
    )
    done = {}

    def record(point):
        done[point["width"], point["tokens"]] = point
        log(
            json.dumps(
                {
                    k: point[k]
                    for k in ("width", "n_params", "tokens", "val_loss", "seconds")
                }
            )
        )

    if workers == 1:
        for width, tokens in grid:
            record(run_point(width, tokens, seed=seed))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # "spawn": fresh processes, because OpenMP thread pools do not survive fork() safely
        with ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
        ) as pool:
            futures = [
                pool.submit(run_point, width, tokens, seed) for width, tokens in grid
            ]
            for future in as_completed(futures):
                record(future.result())
    points = [
        done[w, t] for w in widths for t in token_budgets
    ]  # in grid order, whatever finished first
    return {
        "study": dict(STUDY, tokens_per_step=TOKENS_PER_STEP, seed=seed),
        "widths": list(widths),
        "token_budgets": list(token_budgets),
        "points": points,
        "fits": fit_study(points),
        "machine": machine(workers),
        "seconds": round(time.perf_counter() - start, 1),
    }


def load_results():
    """The shipped results (data/results/scaling.json), checked against data/manifest.json."""
    from helpers.data.store import data_path

    return json.loads(data_path(SHIPPED).read_text(encoding="utf-8"))


def _int_list(text):
    try:
        values = [int(v.replace("_", "")) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected whole numbers separated by commas, e.g. 32,64; got {text!r}"
        )
    if not values:
        raise argparse.ArgumentTypeError("expected at least one number")
    return values


def build_parser():
    p = argparse.ArgumentParser(
        prog="python -m helpers.scaling",
        description="Train a grid of small GPTs (widths x token budgets), measure each on "
        "the whole validation text, fit power laws, write JSON.",
    )
    add_output_options(p, "runs/results/scaling.json", "JSON file")
    p.add_argument(
        "--widths",
        type=_int_list,
        default=list(WIDTHS),
        help="comma-separated, multiples of 4",
    )
    p.add_argument(
        "--tokens",
        type=_int_list,
        default=list(TOKEN_BUDGETS),
        help=f"comma-separated training tokens per run, multiples of {TOKENS_PER_STEP}",
    )
    p.add_argument("--seed", type=setting_type("seed"), default=0)
    p.add_argument(
        "--workers",
        type=setting_type("workers"),
        default=None,
        help=(
            "runs side by side, one thread each (default 2, the series' budget "
            "machine, or fewer cores)"
        ),
    )
    return p


def main(argv=None):
    from helpers.data import store

    parser = build_parser()
    args = parser.parse_args(argv)
    for width in args.widths:
        try:
            study_config(width)
        except ValueError as err:
            parser.error(f"--widths: {err}")
    for tokens in args.tokens:
        try:
            steps_to_read(tokens)
        except ValueError as err:
            parser.error(f"--tokens: {err}")
    check_output_option(
        parser, args, kind="file"
    )  # before the study: a refused or unwritable --out fails at once
    workers = thread_budget(args.workers)  # one thread per worker
    results = run_study(
        args.widths,
        args.tokens,
        seed=args.seed,
        workers=workers,
        log=lambda line: print(line, flush=True),
    )
    results["command"] = "python -m helpers.scaling " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    out = store.write_results(args.out, results, force=args.force)
    summary = {name: round(fit["exponent"], 4) for name, fit in results["fits"].items()}
    print(
        json.dumps(
            {"out": str(out), "seconds": results["seconds"], "exponents": summary}
        ),
        flush=True,
    )
    return results


if __name__ == "__main__":
    main()
