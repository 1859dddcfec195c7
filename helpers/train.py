"""Training a GPT on token ids, measuring it, and a command line that does both.

Handles: the training loop (`train`: AdamW, warmup + cosine learning rate,
periodic evaluation, a step or time budget), the loss over a whole split
(`evaluate`), bits per byte, the machine's float32 matmul peak
(`measure_matmul_peak`) and model FLOPs utilisation (`flops_per_token`, `mfu`).
Run as a command it trains on a text file and writes a checkpoint:

    python -m helpers.train --text data/corpus/train.txt --out runs/tiny

(--out is checked before training: under data/, or a folder of other files, it needs --force;
Ctrl-C saves the model so far there, marked "interrupted", and exits with status 130.)

`train` also accepts a model wrapped in DistributedDataParallel and a model on
CUDA (helpers.pretrain uses both). Leaves out: gradient accumulation, mixed
precision and resuming from a checkpoint.

Speed notes (torch.profiler, 4 layers x 128 wide, batch 12 x 64 tokens, 2 threads):
about 55% of a step is matmuls (addmm/mm, forward and backward), 15% the
attention kernel, 9% exact GELU, the rest LayerNorm, bias sums, copies, the
optimizer and Python. The loop is kept fast by doing less, not by changing the
arithmetic: one gather per 64 batches from a contiguous tensor, fused AdamW
(one kernel instead of ~10 per parameter), no `.item()` per step, grads set to
None, no dropout calls at p = 0, PyTorch's fused attention. torch.compile was
left out: compiling took longer than the 100 s budget on 2 busy cores.
"""
import argparse
import json
import math
import numbers
import os
import resource
import sys
import time

import torch

from helpers.gpt import GPT, GPTConfig
from helpers.safe_output import FORCE_HELP, check_output_option, counting_optimizer_steps


# ---------------------------------------------------------------- measuring

def measure_matmul_peak(sizes=(512, 1024, 1536), repeats=5, seconds_per_try=0.15):
    """Best float32 GFLOP/s of square matmuls at the current torch thread count.

    Each size is timed `repeats` times (each try ~`seconds_per_try`); the best
    try wins. This is the "100%" that MFU is measured against.
    Example: measure_matmul_peak() -> 131.7   (2 cores of a cloud AMD EPYC)
    """
    best = 0.0
    for n in sizes:
        a, b = torch.randn(n, n), torch.randn(n, n)
        out = torch.empty(n, n)
        flops = 2 * n ** 3
        torch.mm(a, b, out=out)  # warm-up
        t0 = time.perf_counter()
        torch.mm(a, b, out=out)
        reps = max(1, int(seconds_per_try / max(time.perf_counter() - t0, 1e-6)))
        for _ in range(repeats):
            t0 = time.perf_counter()
            for _ in range(reps):
                torch.mm(a, b, out=out)
            best = max(best, flops * reps / (time.perf_counter() - t0) / 1e9)
    return best


def flops_per_token(config):
    """Training FLOPs per token, as nanoGPT and the PaLM paper count them.

    6 N for the matmuls with the weights (2 forward + 4 backward per parameter),
    where N is the parameter count WITHOUT the position embedding (a lookup,
    not a matmul; the tied token embedding is counted because it is the output
    layer), plus 12 * n_layer * n_embd * block_size for attention's two
    T x T matmuls, forward and backward.
    Example: flops_per_token(GPTConfig(vocab_size=65)) -> 5203200
    """
    from helpers.gpt import parameter_count

    n = parameter_count(config, include_position=False)
    return 6 * n + 12 * config.n_layer * config.n_embd * config.block_size


def mfu(config, tokens_per_s, peak_gflops):
    """Model FLOPs utilisation: model FLOPs per second as a fraction of the measured peak.

    Example: mfu(GPTConfig(vocab_size=65), 12000, 130.0) -> 0.48
    """
    return flops_per_token(config) * tokens_per_s / (peak_gflops * 1e9)


def bits_per_byte(loss_nats_per_token, tokens, n_bytes):
    """Turn a loss in nats per token into bits per byte of text, comparable across tokenizers.

    Example: bits_per_byte(1.0, tokens=100, n_bytes=400) -> 0.3607 (= 1.0 * 100 / 400 / ln 2)
    """
    return loss_nats_per_token * tokens / (n_bytes * math.log(2))


def peak_rss_mib():
    """Peak resident memory of this process so far, in MiB (Linux reports KiB, macOS bytes)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


# ---------------------------------------------------------------- evaluating

def as_ids_tensor(ids, name="ids"):
    """Token ids (list, NumPy array or tensor) as one contiguous int64 tensor."""
    t = torch.as_tensor(ids, dtype=torch.long).reshape(-1).contiguous()
    if t.numel() < 2:
        raise ValueError(f"{name} has {t.numel()} tokens; need at least 2 (an input and a target)")
    return t


@torch.no_grad()
def evaluate(model, ids, block_size=None, batch_size=64):
    """Mean loss (nats per token) over EVERY token of `ids`, in non-overlapping windows.

    The ids are cut into windows of `block_size` (the model's, by default) and
    the last, shorter window is scored too, so all len(ids) - 1 predictions count.
    Example: evaluate(model, val_ids) -> 1.61
    """
    data = as_ids_tensor(ids).to(next(model.parameters()).device)
    block_size = block_size or model.config.block_size
    was_training = model.training
    model.eval()
    n_pred = data.numel() - 1
    n_full = n_pred // block_size
    total = 0.0
    x = data[: n_full * block_size].view(n_full, block_size)           # (n_full, T)
    y = data[1: n_full * block_size + 1].view(n_full, block_size)      # (n_full, T)
    for i in range(0, n_full, batch_size):
        _, loss = model(x[i:i + batch_size], y[i:i + batch_size])
        total += loss.item() * y[i:i + batch_size].numel()
    rest = n_pred - n_full * block_size
    if rest:
        xs = data[n_full * block_size: n_pred].unsqueeze(0)            # (1, rest)
        ys = data[n_full * block_size + 1:].unsqueeze(0)               # (1, rest)
        total += model(xs, ys)[1].item() * rest
    model.train(was_training)
    return total / n_pred


# ---------------------------------------------------------------- training

def lr_at(progress, step, lr, min_lr, warmup_steps):
    """Learning rate: linear warmup for `warmup_steps`, then cosine from lr down to min_lr
    as `progress` (fraction of the step or time budget used) goes 0 -> 1.

    Example: lr_at(0.5, 1000, 1e-3, 1e-4, 100) -> 0.00055
    """
    if step < warmup_steps:
        return lr * (step + 1) / warmup_steps
    progress = min(max(progress, 0.0), 1.0)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (lr - min_lr)


class BatchSampler:
    """Random windows of a token tensor, many batches per gather.

    Every `chunk` steps it draws (chunk, B) start offsets at once and gathers
    (chunk, B, T + 1) tokens in one indexing op; each step then takes a view.
    """

    def __init__(self, data, batch_size, block_size, generator, chunk=64):
        if data.numel() < block_size + 1:
            raise ValueError(f"training split has {data.numel()} tokens, fewer than block_size + 1 "
                             f"= {block_size + 1}; use more text or a smaller block_size")
        self.data, self.B, self.T, self.gen, self.chunk = data, batch_size, block_size, generator, chunk
        self.offsets = torch.arange(block_size + 1, device=data.device)  # (T + 1,)
        self.i, self.buf = chunk, None

    def next(self):
        if self.i == self.chunk:
            starts = torch.randint(self.data.numel() - self.T, (self.chunk, self.B), generator=self.gen)
            starts = starts.to(self.data.device)  # drawn on the CPU generator, so every device draws the same
            self.buf = self.data[starts.unsqueeze(-1) + self.offsets]  # (chunk, B, T + 1)
            self.i = 0
        window = self.buf[self.i]  # (B, T + 1)
        self.i += 1
        return window[:, :-1], window[:, 1:]  # inputs (B, T), targets (B, T)


def make_optimizer(model, lr, weight_decay, betas):
    """AdamW with weight decay on matrices only (not on biases and LayerNorm gains).

    Uses PyTorch's fused implementation (one kernel for all parameters) when available.
    """
    decay = [p for p in model.parameters() if p.requires_grad and p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.requires_grad and p.dim() < 2]
    groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    try:
        return torch.optim.AdamW(groups, lr=lr, betas=betas, fused=True)
    except (RuntimeError, TypeError):
        return torch.optim.AdamW(groups, lr=lr, betas=betas, foreach=True)


# What each number `train` takes may be: (lowest value, lowest allowed?, whole number?, a suggestion).
# One table serves the function (`check_settings`) and the command lines (`setting_type`).
SETTINGS = {
    "lr": (0, False, False, "e.g. 4e-3"),
    "min_lr": (0, True, False, "e.g. a tenth of lr"),
    "weight_decay": (0, True, False, "e.g. 0.1, or 0 for none"),
    "grad_clip": (0, True, False, "e.g. 1.0, or 0 to switch clipping off"),
    "max_seconds": (0, False, False, "e.g. 100"),
    "steps": (1, True, True, "e.g. 1000"),
    "batch_size": (1, True, True, "e.g. 16"),
    "warmup_steps": (0, True, True, "e.g. 50, or 0 for none"),
    "eval_every": (1, True, True, "e.g. 200"),
    "eval_tokens": (1, True, True, "e.g. 32768"),
}


def setting_problem(name, value):
    """What is wrong with `value` for train()'s setting `name`, or None when it is fine.

    Example: setting_problem("lr", float("nan")) -> 'must be a finite number > 0, got nan; e.g. 4e-3'
    """
    low, inclusive, whole, hint = SETTINGS[name]
    kind = numbers.Integral if whole else numbers.Real
    ok = (isinstance(value, kind) and not isinstance(value, bool) and math.isfinite(value)
          and (value >= low if inclusive else value > low))
    what = "a whole number" if whole else "a finite number"
    return None if ok else f"must be {what} {'>=' if inclusive else '>'} {low}, got {value!r}; {hint}"


def check_settings(**settings):
    """Raise ValueError for the first setting of `train` out of its range (None means not set).

    Example: check_settings(lr=float("nan")) -> ValueError: lr must be a finite number > 0, got nan; e.g. 4e-3
    """
    for name, value in settings.items():
        problem = None if value is None else setting_problem(name, value)
        if problem:
            raise ValueError(f"{name} {problem}")


def setting_type(name):
    """An argparse `type` for train()'s setting `name`: a bad value is reported as
    `argument --lr: must be a finite number > 0, got nan; e.g. 4e-3`.

    Example: p.add_argument("--lr", type=setting_type("lr"))
    """
    whole, hint = SETTINGS[name][2:]

    def parse(text):
        try:
            value = int(text) if whole else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {'a whole number' if whole else 'a number'}; "
                                             f"{hint}") from None
        problem = setting_problem(name, value)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return parse


def check_diverged(entry, since, params, lr, grad_clip):
    """Raise FloatingPointError when a history entry's losses or the weights are NaN or infinite.

    `train` calls it at each history entry, where the loop reads its numbers anyway: a NaN
    stays NaN in the summed training loss, and the weights show the last updates' damage
    before any loss does. So a run that diverged stops at most `eval_every` steps late,
    without a `.item()` (a device sync on CUDA) per step.
    Example: check_diverged({"step": 40, "train_loss": nan, ...}, 20, params, 4e-3, 1.0)
             -> FloatingPointError: training diverged between step 20 and step 40: ...
    """
    bad = [(k, entry[k]) for k in ("train_loss", "val_loss") if entry[k] is not None and not math.isfinite(entry[k])]
    if not bad and params and not bool(torch.stack([p.isfinite().all() for p in params]).all()):
        bad = [("weights", "not finite")]
    if bad:
        what, value = bad[0]
        raise FloatingPointError(
            f"training diverged between step {since} and step {entry['step']}: {what} {value}; lower the "
            f"learning rate (lr={lr:g}, --lr) or clip the gradients (grad_clip={grad_clip}, --grad-clip; 1.0 is usual)")


def train(model, train_ids, val_ids=None, steps=None, max_seconds=None, batch_size=12,
          lr=1e-3, min_lr=None, warmup_steps=50, weight_decay=0.1, betas=(0.9, 0.99), grad_clip=1.0,
          eval_every=200, eval_tokens=32_768, callback=None, progress=True, seed=0):
    """Train `model` on random windows of `train_ids`; return the history, a list of dicts.

    Budget: `steps`, or `max_seconds` of training time (evaluations not counted),
    or both (whichever ends first). The learning rate warms up for
    `warmup_steps`, then follows a cosine to `min_lr` (lr / 10 by default)
    over the budget. Every `eval_every` steps, and at the end, a history entry
    records: step, seconds (training time so far), train_loss (mean over the
    steps since the last entry), val_loss (on the first `eval_tokens` of
    `val_ids`; use `evaluate` for the whole split), tokens_per_s, lr.
    `callback(entry)` is called with each entry; return True from it to stop.
    `eval_every=None` evaluates only at the end. The model is left in eval mode.
    Settings out of range raise ValueError (`SETTINGS`); a run whose loss or weights
    become NaN or infinite stops with FloatingPointError (`check_diverged`).

    Example:
        >>> history = train(model, train_ids, val_ids, max_seconds=60)
        >>> history[-1]["val_loss"]
    """
    if steps is None and max_seconds is None:
        raise ValueError("give a budget: steps=..., max_seconds=..., or both")
    check_settings(steps=steps, max_seconds=max_seconds, batch_size=batch_size, lr=lr, min_lr=min_lr,
                   warmup_steps=warmup_steps, weight_decay=weight_decay, grad_clip=grad_clip,
                   eval_every=eval_every, eval_tokens=eval_tokens)
    core = getattr(model, "module", model)  # the GPT itself, also when wrapped in DistributedDataParallel
    config = core.config
    device = next(model.parameters()).device
    data = as_ids_tensor(train_ids, "train_ids").to(device)
    val = None if val_ids is None else as_ids_tensor(val_ids, "val_ids")[: eval_tokens + 1]
    low, high = int(data.min()), int(data.max())
    if low < 0 or high >= config.vocab_size:
        raise ValueError(f"train_ids contain id {low if low < 0 else high} but the model reads ids "
                         f"0..{config.vocab_size - 1}; build GPTConfig(vocab_size=tok.vocab_size) and encode "
                         f"with that tokenizer")
    min_lr = lr / 10 if min_lr is None else min_lr
    gen = torch.Generator().manual_seed(seed)
    sampler = BatchSampler(data, batch_size, config.block_size, gen)
    optimizer = make_optimizer(model, lr, weight_decay, betas)
    params = [p for p in model.parameters() if p.requires_grad]
    tokens_per_step = batch_size * config.block_size

    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=steps if steps is not None else float(max_seconds),
                   unit="step" if steps is not None else "s", leave=False,
                   bar_format="{l_bar}{bar}| {n:.0f}/{total:.0f} {unit} [{elapsed}<{remaining}]{postfix}")

    history = []
    model.train()
    loss_sum = torch.zeros((), device=device)  # summed on the tensor side: no .item() (and no sync) per step
    losses_since = 0
    train_seconds = 0.0
    step = 0
    t_start = time.perf_counter()
    while True:
        elapsed = train_seconds + (time.perf_counter() - t_start)
        frac_steps = step / steps if steps is not None else 0.0
        frac_time = elapsed / max_seconds if max_seconds is not None else 0.0
        done = (steps is not None and step >= steps) or (max_seconds is not None and elapsed >= max_seconds)
        if done or (eval_every and step > 0 and step % eval_every == 0):
            train_seconds = elapsed
            if bar is not None:
                bar.n = step if steps is not None else min(elapsed, max_seconds)
                bar.refresh()
            entry = {
                "step": step,
                "seconds": round(train_seconds, 3),
                "train_loss": loss_sum.item() / losses_since if losses_since else None,
                "val_loss": evaluate(core, val, config.block_size) if val is not None else None,
                "tokens_per_s": step * tokens_per_step / train_seconds if train_seconds > 0 else 0.0,
                "lr": lr_now if step else lr,
            }
            check_diverged(entry, history[-1]["step"] if history else 0, params, lr, grad_clip)
            history.append(entry)
            loss_sum.zero_()
            losses_since = 0
            stop = callback(entry) if callback is not None else False
            if done or stop:
                break
            model.train()
            t_start = time.perf_counter()  # evaluation time is not training time
        lr_now = lr_at(max(frac_steps, frac_time), step, lr, min_lr, warmup_steps)
        for group in optimizer.param_groups:
            group["lr"] = lr_now
        x, y = sampler.next()
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if grad_clip:
            torch.nn.utils.clip_grad_norm_(params, grad_clip, foreach=True)
        optimizer.step()
        loss_sum += loss.detach()
        losses_since += 1
        step += 1
        if bar is not None and step % 20 == 0:
            bar.n = step if steps is not None else min(elapsed, max_seconds)
            bar.refresh()
    if bar is not None:
        bar.close()
    model.eval()
    return history


# ---------------------------------------------------------------- command line

# Defaults: the best validation bits per byte (loss made comparable across tokenizers) found in a
# fixed 100 s of training on a 2-core CPU, on data/corpus/train.txt. Measured (nats per token over the
# whole validation split, then bits per byte): the nanoGPT CPU recipe (4 layers, width 128, batch 12,
# lr 1e-3, chars) 1.710 / 2.47; same at lr 2e-3 1.506 / 2.17, lr 4e-3 1.415 / 2.04; batch 24 lr 2e-3
# 1.618 / 2.33; context 128 1.953 / 2.82; 3 layers batch 16 lr 2e-3 1.347 / 1.94, lr 4e-3 1.244 / 1.79;
# 2 layers batch 16 lr 3e-3 1.165 / 1.68, lr 5e-3 1.143 / 1.65; BPE 512, 3 layers, lr 2e-3
# 1.709 / 1.18; BPE 512, 2 layers, lr 4e-3 1.228 / 0.85; BPE 1024, 2 layers, lr 4e-3 1.428 / 0.75 (best).
# In 100 s, a shallow model that sees more text beats a deeper one that sees less; BPE tokens carry
# ~2.7 bytes each, so the same compute covers more text and a longer context.
DEFAULTS = dict(tokenizer="bpe", vocab_size=1024, n_layer=2, n_head=4, n_embd=128, block_size=64,
                batch_size=16, max_seconds=100.0, lr=4e-3, min_lr=None, warmup_steps=50,
                weight_decay=0.1, grad_clip=1.0, dropout=0.0, eval_every=200, eval_tokens=32_768)


def build_parser():
    p = argparse.ArgumentParser(
        prog="python -m helpers.train",
        description="Train a GPT on a UTF-8 text file: the first 90%% of its characters for "
                    "training, the last 10%% for validation. Prints one JSON line per evaluation "
                    "and a summary JSON line; writes a checkpoint to --out.")
    d = DEFAULTS
    p.add_argument("--text", required=True, help="UTF-8 text file to train on")
    p.add_argument("--out", default=None,
                   help="checkpoint folder to write (default: none written); a path under data/ needs --force")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.add_argument("--tokenizer", choices=["char", "bpe"], default=d["tokenizer"])
    p.add_argument("--vocab-size", type=int, default=d["vocab_size"], help="BPE vocabulary size (bpe only)")
    p.add_argument("--n-layer", type=int, default=d["n_layer"])
    p.add_argument("--n-head", type=int, default=d["n_head"])
    p.add_argument("--n-embd", type=int, default=d["n_embd"])
    p.add_argument("--block-size", type=int, default=d["block_size"])
    p.add_argument("--batch-size", type=setting_type("batch_size"), default=d["batch_size"])
    p.add_argument("--max-seconds", type=setting_type("max_seconds"), default=d["max_seconds"],
                   help="training time budget, evaluations not counted")
    p.add_argument("--steps", type=setting_type("steps"), default=None,
                   help="step budget (optional; whichever ends first)")
    p.add_argument("--lr", type=setting_type("lr"), default=d["lr"], help="peak learning rate")
    p.add_argument("--min-lr", type=setting_type("min_lr"), default=d["min_lr"],
                   help="final learning rate (default lr/10)")
    p.add_argument("--warmup-steps", type=setting_type("warmup_steps"), default=d["warmup_steps"])
    p.add_argument("--weight-decay", type=setting_type("weight_decay"), default=d["weight_decay"])
    p.add_argument("--grad-clip", type=setting_type("grad_clip"), default=d["grad_clip"],
                   help="0 switches clipping off")
    p.add_argument("--dropout", type=float, default=d["dropout"])
    p.add_argument("--eval-every", type=setting_type("eval_every"), default=d["eval_every"],
                   help="steps between evaluations")
    p.add_argument("--eval-tokens", type=setting_type("eval_tokens"), default=d["eval_tokens"],
                   help="validation tokens used by the periodic evaluations (the final one uses all)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=None, help="torch threads (default: 2, or fewer cores)")
    p.add_argument("--no-peak", action="store_true", help="skip measuring the matmul peak (MFU not reported)")
    p.add_argument("--progress", action="store_true", help="show a progress bar on stderr")
    return p


def main(argv=None):
    from helpers.environment import DEFAULT_THREADS, setup
    from helpers.tokenizers import BPETokenizer, CharTokenizer

    parser = build_parser()
    args = parser.parse_args(argv)
    if not os.path.isfile(args.text):
        parser.error(f"--text {args.text}: no such file; pass a UTF-8 text file")
    try:
        with open(args.text, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError as err:
        parser.error(f"--text {args.text} is not UTF-8 ({err.reason} at byte {err.start}); convert it first")
    for name in ("n_layer", "n_head", "n_embd", "block_size", "threads"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1, got {getattr(args, name)}")
    if args.seed < 0:
        parser.error(f"--seed must be 0 or more, got {args.seed}")
    if args.n_embd % args.n_head:
        parser.error(f"--n-embd {args.n_embd} is not divisible by --n-head {args.n_head}; "
                     f"e.g. --n-embd 128 --n-head 4")
    if args.tokenizer == "bpe" and args.vocab_size < 257:
        parser.error(f"--vocab-size must be above 256 for bpe (256 byte tokens + merges), got {args.vocab_size}")
    if not 0 <= args.dropout < 1:
        parser.error(f"--dropout must be in [0, 1), got {args.dropout}")

    cut = int(len(text) * 0.9)
    train_text, val_text = text[:cut], text[cut:]
    if len(train_text) < args.block_size + 1 or len(val_text) < 2:
        parser.error(f"--text {args.text} has {len(text)} characters; need enough for a 90/10 split with "
                     f"at least block_size + 1 = {args.block_size + 1} training characters; "
                     f"use a longer file or a smaller --block-size")
    if args.out:
        check_output_option(parser, args)  # before any work: a refused or unwritable --out fails at once

    threads = args.threads or min(DEFAULT_THREADS, os.cpu_count() or DEFAULT_THREADS)
    setup(seed=args.seed, threads=threads, quiet=True)
    peak = None if args.no_peak else measure_matmul_peak()

    if args.tokenizer == "char":
        tok = CharTokenizer.train(text)  # every character of the file, so validation encodes too
    else:
        tok = BPETokenizer.train(train_text, args.vocab_size)  # merges learned on training text only
    train_ids = torch.tensor(tok.encode(train_text), dtype=torch.long)
    val_ids = torch.tensor(tok.encode(val_text), dtype=torch.long)
    if train_ids.numel() < args.block_size + 1:
        parser.error(f"training split is {train_ids.numel()} tokens, fewer than --block-size + 1; "
                     f"use a longer file or a smaller --block-size")

    config = GPTConfig(vocab_size=tok.vocab_size, block_size=args.block_size, n_layer=args.n_layer,
                       n_head=args.n_head, n_embd=args.n_embd, dropout=args.dropout)
    model = GPT(config)

    def report(entry):
        print(json.dumps({k: entry[k] for k in ("step", "seconds", "train_loss", "val_loss", "tokens_per_s")}),
              flush=True)

    notes = {"trained_on": os.path.basename(args.text),
             "command": "python -m helpers.train " + " ".join(sys.argv[1:] if argv is None else argv)}
    try:
        with counting_optimizer_steps() as done:
            history = train(model, train_ids, val_ids, steps=args.steps, max_seconds=args.max_seconds,
                            batch_size=args.batch_size, lr=args.lr, min_lr=args.min_lr,
                            warmup_steps=args.warmup_steps, weight_decay=args.weight_decay,
                            grad_clip=args.grad_clip, eval_every=args.eval_every, eval_tokens=args.eval_tokens,
                            callback=report, progress=args.progress, seed=args.seed)
        val_loss = evaluate(model, val_ids, config.block_size)
    except FloatingPointError as err:  # the run diverged: nothing is saved, the error says what to change
        parser.error(str(err))
    except KeyboardInterrupt:
        if args.out:
            from helpers.checkpoints import save_interrupted

            print(save_interrupted(args.out, model, tok, done.steps, extra=notes, force=args.force),
                  file=sys.stderr, flush=True)
        else:
            print(f"interrupted at step {done.steps}; nothing saved (no --out given)", file=sys.stderr, flush=True)
        sys.exit(130)  # the usual status for Ctrl-C
    last = history[-1]
    tps = last["tokens_per_s"]
    # The loss covers every token but the first; count that share of the bytes.
    n_pred, n_bytes = val_ids.numel() - 1, len(val_text.encode("utf-8"))
    summary = {
        "summary": True,
        "final_val_loss": val_loss,  # nats per token over the WHOLE validation split
        "val_bits_per_byte": bits_per_byte(val_loss, n_pred, n_bytes * n_pred / val_ids.numel()),
        "parameters": model.num_parameters(),
        "steps": last["step"],
        "seconds": last["seconds"],
        "tokens_per_s": tps,
        "flops_per_token": flops_per_token(config),  # 6 N (N without position embedding) + 12 L C T
        "matmul_peak_gflops": peak,
        "mfu": mfu(config, tps, peak) if peak else None,
        "peak_rss_mib": peak_rss_mib(),
        "threads": torch.get_num_threads(),
        "config": config.to_dict(),
        "tokenizer": args.tokenizer,
        "batch_size": args.batch_size,
        "lr": args.lr,
    }
    if args.out:
        from helpers.checkpoints import save_checkpoint

        save_checkpoint(args.out, model, tok, extra={**notes, "val_loss": val_loss, "steps": last["step"],
                                                     "seconds": last["seconds"]}, force=args.force)
        summary["out"] = str(args.out)
    print(json.dumps(summary), flush=True)
    return summary


if __name__ == "__main__":
    main()
