"""Training a GPT on token ids: the loop, the loss over a split, the settings' ranges.

Handles: the training loop (`train`: AdamW, warmup + cosine learning rate, periodic
evaluation, a step or time budget, a stop when the loss or the weights turn NaN), the
mean loss over every token of a split (`mean_loss`) and that loss in bits per byte
(`loss_to_bits_per_byte`), the range of every setting, one table for the function and
the commands' flags (`SETTINGS`, `check_settings`, `setting_type`), and training
speed (`training_tokens_per_second`), and a fresh small GPT trained in one call
(`train_new_gpt`). `train` also accepts a model wrapped in
DistributedDataParallel and a model on CUDA (helpers.pretrain uses both). The
command line (`__main__.py`) trains on a text file and writes a checkpoint:

    python -m helpers.train --text data/corpus/train.txt --out runs/tiny

The loop is kept fast by doing less, not by changing the arithmetic: one gather per 64
batches from a contiguous tensor, fused AdamW (one kernel instead of ~10 per
parameter), no `.item()` per step, grads set to None, no dropout calls at p = 0,
PyTorch's fused attention (benchmarks/NOTES.md has the profile behind this).
`precision="bfloat16"` is a faster path a student opts into: the matrix products run in
bfloat16 under autocast (about twice float32's speed on a CPU with native bfloat16, such
as AVX512-BF16 or AMX), the weights, the optimizer and the attention stay float32. It
changes the numbers, so float32 stays the default and every stored output uses it.
Leaves out: gradient accumulation, resuming from a checkpoint, and torch.compile
(compiling outlasts a 100 s budget on 2 cores).
"""

import argparse
import json
import math
import numbers
import time

import torch

# ---------------------------------------------------------------- evaluating


def as_ids_tensor(ids, name="ids"):
    """Token ids (list, NumPy array or tensor) as one contiguous int64 tensor."""
    t = torch.as_tensor(ids, dtype=torch.long).reshape(-1).contiguous()
    if t.numel() < 2:
        raise ValueError(
            f"{name} has {t.numel()} tokens; need at least 2 (an input and a target)"
        )
    return t


@torch.no_grad()
def mean_loss(model, ids, block_size=None, batch_size=64):
    """Mean loss (nats per token) over EVERY token of `ids`, in non-overlapping windows.

    The ids are cut into windows of `block_size` (the model's, by default) and
    the last, shorter window is scored too, so all len(ids) - 1 predictions count.
    Example: mean_loss(model, val_ids) -> 1.61
    """
    data = as_ids_tensor(ids).to(next(model.parameters()).device)
    block_size = block_size or model.config.block_size
    was_training = model.training
    model.eval()
    n_pred = data.numel() - 1
    n_full = n_pred // block_size
    total = 0.0
    x = data[: n_full * block_size].view(n_full, block_size)  # (n_full, T)
    y = data[1 : n_full * block_size + 1].view(n_full, block_size)  # (n_full, T)
    for i in range(0, n_full, batch_size):
        _, loss = model(x[i : i + batch_size], y[i : i + batch_size])
        total += loss.item() * y[i : i + batch_size].numel()
    rest = n_pred - n_full * block_size
    if rest:
        xs = data[n_full * block_size : n_pred].unsqueeze(0)  # (1, rest)
        ys = data[n_full * block_size + 1 :].unsqueeze(0)  # (1, rest)
        total += model(xs, ys)[1].item() * rest
    model.train(was_training)
    return total / n_pred


def loss_to_bits_per_byte(loss, n_tokens, n_bytes):
    """A `mean_loss` over `n_tokens` ids, in bits per byte of the text they encode.

    The first token has no context and is not predicted, so its share of the text's
    `n_bytes` is left out too: n_tokens - 1 predictions over n_bytes * (n_tokens - 1) /
    n_tokens bytes; ln 2 turns nats into bits. (helpers.ladder.bits_per_byte divides a
    total of bits by the bytes instead.)
    Example: loss_to_bits_per_byte(1.0, n_tokens=101, n_bytes=404) -> 0.3607
             (= 100 / 400 / ln 2)
    """
    n_pred = n_tokens - 1
    predicted_bytes = n_bytes * n_pred / n_tokens
    return loss * n_pred / (predicted_bytes * math.log(2))


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
            raise ValueError(
                f"training split has {data.numel()} tokens, fewer than block_size + 1 "
                f"= {block_size + 1}; use more text or a smaller block_size"
            )
        self.data, self.B, self.T, self.gen, self.chunk = (
            data,
            batch_size,
            block_size,
            generator,
            chunk,
        )
        self.offsets = torch.arange(block_size + 1, device=data.device)  # (T + 1,)
        self.i, self.buf = chunk, None

    def next(self):
        if self.i == self.chunk:
            starts = torch.randint(
                self.data.numel() - self.T, (self.chunk, self.B), generator=self.gen
            )
            starts = starts.to(
                self.data.device
            )  # drawn on the CPU generator, so every device draws the same
            self.buf = self.data[
                starts.unsqueeze(-1) + self.offsets
            ]  # (chunk, B, T + 1)
            self.i = 0
        window = self.buf[self.i]  # (B, T + 1)
        self.i += 1
        return window[:, :-1], window[:, 1:]  # inputs (B, T), targets (B, T)


# The number formats `train` can multiply matrices in; the first is the default.
PRECISIONS = ("float32", "bfloat16")


def native_bfloat16():
    """True when this CPU multiplies bfloat16 matrices in hardware (AVX512-BF16 or AMX),
    where `precision="bfloat16"` is fast; elsewhere it is emulated and slower than float32.

    Example: native_bfloat16() -> True on an AMD Zen 4 or Intel Sapphire Rapids CPU
    """
    return bool(torch.backends.mkldnn.is_available()) and bool(
        torch.ops.mkldnn._is_mkldnn_bf16_supported()
    )


def precision_context(precision, device):
    """The context a forward pass runs in: bfloat16 autocast, or nothing for float32.

    Example: with precision_context("bfloat16", torch.device("cpu")): model(x, y)
    """
    if precision not in PRECISIONS:
        raise ValueError(
            f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}"
        )
    return torch.autocast(
        device.type, dtype=torch.bfloat16, enabled=precision == "bfloat16"
    )


def make_optimizer(model, lr, weight_decay, betas):
    """AdamW with weight decay on matrices only (not on biases and LayerNorm gains).

    Uses PyTorch's fused implementation (one kernel for all parameters) when available.
    """
    decay = [p for p in model.parameters() if p.requires_grad and p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.requires_grad and p.dim() < 2]
    groups = [
        {"params": decay, "weight_decay": weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    try:
        return torch.optim.AdamW(groups, lr=lr, betas=betas, fused=True)
    except (RuntimeError, TypeError):
        return torch.optim.AdamW(groups, lr=lr, betas=betas, foreach=True)


# What each number `train` and the training commands take may be: (lowest value,
# lowest allowed?, whole number?, a suggestion). One table serves the function
# (`check_settings`) and the flags of the train, pretrain and scaling commands and of
# the benchmarks (`setting_type`).
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
    "seed": (0, True, True, "e.g. 0"),
    "threads": (1, True, True, "e.g. 2"),
    "workers": (1, True, True, "e.g. 2"),
}


def setting_problem(name, value):
    """What is wrong with `value` for the setting `name` (SETTINGS), or None if nothing.

    Example: setting_problem("lr", float("nan"))
        -> 'must be a finite number > 0, got nan; e.g. 4e-3'
    """
    low, inclusive, whole, hint = SETTINGS[name]
    kind = numbers.Integral if whole else numbers.Real
    ok = (
        isinstance(value, kind)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and (value >= low if inclusive else value > low)
    )
    what = "a whole number" if whole else "a finite number"
    return (
        None
        if ok
        else f"must be {what} {'>=' if inclusive else '>'} {low}, got {value!r}; {hint}"
    )


def check_settings(**settings):
    """Raise ValueError for the first setting of `train` out of its range (None means not set).

    Example: check_settings(lr=float("nan"))
        -> ValueError: lr must be a finite number > 0, got nan; e.g. 4e-3
    """
    for name, value in settings.items():
        problem = None if value is None else setting_problem(name, value)
        if problem:
            raise ValueError(f"{name} {problem}")


def setting_type(name):
    """An argparse `type` for the setting `name` (SETTINGS): a bad value is reported as
    `argument --lr: must be a finite number > 0, got nan; e.g. 4e-3`.

    Example: p.add_argument("--lr", type=setting_type("lr"))
    """
    whole, hint = SETTINGS[name][2:]

    def parse(text):
        try:
            value = int(text) if whole else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not {'a whole number' if whole else 'a number'}; {hint}"
            ) from None
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
    bad = [
        (k, entry[k])
        for k in ("train_loss", "val_loss")
        if entry[k] is not None and not math.isfinite(entry[k])
    ]
    if (
        not bad
        and params
        and not bool(torch.stack([p.isfinite().all() for p in params]).all())
    ):
        bad = [("weights", "not finite")]
    if bad:
        what, value = bad[0]
        raise FloatingPointError(
            f"training diverged between step {since} and step {entry['step']}: {what} "
            f"{value}; lower the "
            f"learning rate (lr={lr:g}, --lr) or clip the gradients "
            f"(grad_clip={grad_clip}, --grad-clip; 1.0 is usual)"
        )


# What the training commands print of each history entry, one JSON line per evaluation.
LOGGED = ("step", "seconds", "train_loss", "val_loss", "tokens_per_s")


def entry_json(entry):
    """A history entry as the one JSON line the commands print.

    Example: entry_json({"step": 200, "seconds": 9.5, "train_loss": 2.1, "val_loss": 2.3,
                         "tokens_per_s": 21000.0, "lr": 0.004})
             -> '{"step": 200, "seconds": 9.5, "train_loss": 2.1, "val_loss": 2.3,
                  "tokens_per_s": 21000.0}'
    """
    return json.dumps({k: entry[k] for k in LOGGED})


def _progress_at(step, seconds, steps, max_seconds):
    """What `train`'s progress line shows: (done, seconds, note), in steps when there is
    a step budget, else in seconds of the time budget.

    Example: _progress_at(400, 8.0, 800, None) -> (400, 8.0, "")
             _progress_at(812, 62.0, None, 100) -> (62.0, 62.0, "812 steps")
    """
    if steps is not None:
        return step, seconds, ""
    return min(seconds, max_seconds), seconds, f"{step} steps"


def train(
    model,
    train_ids,
    val_ids=None,
    steps=None,
    max_seconds=None,
    batch_size=12,
    lr=1e-3,
    min_lr=None,
    warmup_steps=50,
    weight_decay=0.1,
    betas=(0.9, 0.99),
    grad_clip=1.0,
    eval_every=200,
    eval_tokens=32_768,
    callback=None,
    progress=True,
    seed=0,
    precision="float32",
):
    """Train `model` on random windows of `train_ids`; return the history, a list of dicts.

    Budget: `steps`, or `max_seconds` of training time (evaluations not counted),
    or both (whichever ends first). The learning rate warms up for
    `warmup_steps`, then follows a cosine to `min_lr` (lr / 10 by default)
    over the budget. Every `eval_every` steps, and at the end, a history entry
    records: step, seconds (training time so far), train_loss (mean over the
    steps since the last entry), val_loss (on the first `eval_tokens` of
    `val_ids`; use `mean_loss` for the whole split), tokens_per_s, lr.
    `callback(entry)` is called with each entry; return True from it to stop.
    `eval_every=None` evaluates only at the end. The model is left in eval mode.
    `progress=True` shows a progress line (`helpers.progress`): in a notebook its final
    state stays as the cell's output, e.g. "|████...| 800/800 steps, 16 s".
    `precision="bfloat16"` multiplies matrices in bfloat16 (`PRECISIONS`; faster where
    `native_bfloat16()`, different numbers); evaluations stay float32.
    Settings out of range raise ValueError (`SETTINGS`); a run whose loss or weights
    become NaN or infinite stops with FloatingPointError (`check_diverged`).

    Example:
        >>> history = train(model, train_ids, val_ids, max_seconds=60)
        >>> history[-1]["val_loss"]
    """
    if steps is None and max_seconds is None:
        raise ValueError("give a budget: steps=..., max_seconds=..., or both")
    check_settings(
        steps=steps,
        max_seconds=max_seconds,
        batch_size=batch_size,
        lr=lr,
        min_lr=min_lr,
        warmup_steps=warmup_steps,
        weight_decay=weight_decay,
        grad_clip=grad_clip,
        eval_every=eval_every,
        eval_tokens=eval_tokens,
        seed=seed,
    )
    core = getattr(
        model, "module", model
    )  # the GPT itself, also when wrapped in DistributedDataParallel
    config = core.config
    device = next(model.parameters()).device
    forward_context = precision_context(precision, device)
    data = as_ids_tensor(train_ids, "train_ids").to(device)
    val = (
        None
        if val_ids is None
        else as_ids_tensor(val_ids, "val_ids")[: eval_tokens + 1]
    )
    low, high = int(data.min()), int(data.max())
    if low < 0 or high >= config.vocab_size:
        raise ValueError(
            f"train_ids contain id {low if low < 0 else high} but the model reads ids "
            f"0..{config.vocab_size - 1}; build GPTConfig(vocab_size=tok.vocab_size) and encode "
            f"with that tokenizer"
        )
    min_lr = lr / 10 if min_lr is None else min_lr
    gen = torch.Generator().manual_seed(seed)
    sampler = BatchSampler(data, batch_size, config.block_size, gen)
    optimizer = make_optimizer(model, lr, weight_decay, betas)
    params = [p for p in model.parameters() if p.requires_grad]
    tokens_per_step = batch_size * config.block_size

    bar = None
    if progress:  # reads step and time only: the run's numbers do not depend on it
        from helpers.progress import Progress

        bar = Progress(
            steps if steps is not None else float(max_seconds),
            "steps" if steps is not None else "s",
        )

    history = []
    model.train()
    loss_sum = torch.zeros(
        (), device=device
    )  # summed on the tensor side: no .item() (and no sync) per step
    losses_since = 0
    train_seconds = 0.0
    step = 0
    lr_now = lr
    t_start = time.perf_counter()
    while True:
        elapsed = train_seconds + (time.perf_counter() - t_start)
        frac_steps = step / steps if steps is not None else 0.0
        frac_time = elapsed / max_seconds if max_seconds is not None else 0.0
        done = (steps is not None and step >= steps) or (
            max_seconds is not None and elapsed >= max_seconds
        )
        if done or (eval_every and step > 0 and step % eval_every == 0):
            train_seconds = elapsed
            entry = {
                "step": step,
                "seconds": round(train_seconds, 3),
                "train_loss": loss_sum.item() / losses_since if losses_since else None,
                "val_loss": mean_loss(core, val, config.block_size)
                if val is not None
                else None,
                "tokens_per_s": step * tokens_per_step / train_seconds
                if train_seconds > 0
                else 0.0,
                "lr": lr_now,
            }
            check_diverged(
                entry, history[-1]["step"] if history else 0, params, lr, grad_clip
            )
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
        with forward_context:
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
            bar.update(*_progress_at(step, elapsed, steps, max_seconds))
    if bar is not None:
        # the seconds the history reports, so a summary printed from it agrees
        bar.close(*_progress_at(step, history[-1]["seconds"], steps, max_seconds))
    model.eval()
    return history


def train_new_gpt(text, tok, run, seed=0, progress=False, warmup_steps=50):
    """A fresh GPT of `run`'s shape, seeded, trained on `text` for `run`'s steps; returns
    (model, history). `run` names block_size, n_layer, n_head, n_embd, steps, batch_size and
    lr; the trust lessons' small models (lesson 10's canaries, 10b's pronouns) come from here.

    Example: model, history = train_new_gpt(text, tok, {"block_size": 64, "n_layer": 2,
             "n_head": 4, "n_embd": 64, "steps": 300, "batch_size": 16, "lr": 3e-3})
    """
    from helpers.gpt import GPT, GPTConfig

    torch.manual_seed(seed)
    config = GPTConfig(
        vocab_size=tok.vocab_size,
        block_size=run["block_size"],
        n_layer=run["n_layer"],
        n_head=run["n_head"],
        n_embd=run["n_embd"],
    )
    model = GPT(config)
    history = train(
        model,
        tok.encode(text),
        steps=run["steps"],
        batch_size=run["batch_size"],
        lr=run["lr"],
        warmup_steps=warmup_steps,
        eval_every=None,
        progress=progress,
        seed=seed,
    )
    return model, history


def training_tokens_per_second(model, batch_size=12, steps=20, seed=0):
    """Tokens per second of `train` on random ids (its speed does not depend on the text).

    Example: training_tokens_per_second(GPT(GPTConfig(vocab_size=65)), steps=8)
    """
    ids = torch.randint(
        0,
        model.config.vocab_size,
        (50_000,),
        generator=torch.Generator().manual_seed(seed),
    )  # (50000,)
    history = train(
        model,
        ids,
        steps=steps,
        batch_size=batch_size,
        eval_every=10**9,
        progress=False,
        warmup_steps=1,
        seed=seed,
    )
    return history[-1]["tokens_per_s"]
