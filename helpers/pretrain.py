"""Pretraining the series' foundation model: one GPT, no labels, the corpus, two sets of
web pages and broad everyday English.

Handles: the recipe (byte-level BPE of 4,096 tokens learned on the pretraining text,
PRETRAIN_FILES: the corpus, a review website, a directory of names and broad English; a
6-layer GPT of width 256 and context 256 from helpers.gpt, AdamW with warmup and cosine
decay for a fixed number of steps, matrix products in bfloat16), the best device
available, several processes under `torchrun` (DistributedDataParallel: each process draws
its own batches, gradients are averaged), and a checkpoint folder with a model card.
`load_foundation()` loads the shipped checkpoint after checking its sha256 against
data/manifest.json.

    python -m helpers.pretrain --out runs/foundation  # about 55 min on 2 idle cores (Zen 4)
    python -m helpers.pretrain --out runs/foundation --device cuda
    torchrun --nproc_per_node 4 -m helpers.pretrain --out runs/foundation
    # replace the shipped one (and its manifest lines)
    python -m helpers.pretrain --out data/foundation --force

--out is checked before any work: a path under data/, or a folder holding other files,
needs --force. The folder is written all at once (helpers.safe_output); Ctrl-C during
training saves the model so far there, marked "interrupted" with the step reached in
config.json, and exits with status 130. Given a seed, a run on the same kind of device
and the same number of threads and processes repeats exactly. bfloat16 products are fast
on a GPU and on CPUs with native bfloat16 (AVX512-BF16 or AMX): float32 took 1.7 times as
long on the same cores. Elsewhere bfloat16 is emulated, and far slower (with oneDNN held
to AVX2 on the same CPU, about 17 times float32's time or more): use `--precision
float32` there (a slightly different model). Leaves out: resuming a stopped run (the CPU
run is short).
"""

import argparse
import json
import os
import sys
import time

import torch

from helpers.data import store
from helpers.data.stats import drop_verdicts
from helpers.environment import pick_device, thread_budget
from helpers.flops import training_flops_per_token
from helpers.gpt import GPT, GPTConfig
from helpers.safe_output import (
    OutputRefused,
    add_output_options,
    check_output,
    counting_optimizer_steps,
)
from helpers.train import (
    PRECISIONS,
    check_settings,
    entry_json,
    loss_to_bits_per_byte,
    mean_loss,
    native_bfloat16,
    setting_type,
    train,
)

CHECKPOINT_FILES = (
    "model.safetensors",
    "config.json",
    "tokenizer.json",
    "MODEL_CARD.md",
)
SHIPPED = "foundation"  # the shipped checkpoint's folder under data/

# The foundation model's shape (lesson 09 measures its costs). tests/test_cost.py checks
# that the shipped checkpoint, data/foundation, has exactly this shape.
FOUNDATION_SHAPE = dict(
    vocab_size=4096, block_size=256, n_layer=6, n_head=4, n_embd=256
)
# A shape for smoke runs and tests: seconds, not minutes, same code path.
TINY_SHAPE = dict(vocab_size=300, block_size=32, n_layer=1, n_head=2, n_embd=32)
SHAPES = {"foundation": FOUNDATION_SHAPE, "tiny": TINY_SHAPE}

# The recipe. Steps x batch x context = 16.4 M tokens, about 7 passes over the 2.3 M-token
# text. 8,000 steps, not 2,400 or 4,000: the first length that moved the dev set of everyday
# reviews (benchmarks/NOTES.md, "Twice the steps"); bfloat16 makes it fit the CPU hour.
RECIPE = dict(
    steps=8000,
    batch_size=8,
    lr=3e-3,
    min_lr=3e-4,
    warmup_steps=100,
    weight_decay=0.1,
    grad_clip=1.0,
    eval_every=250,
    eval_tokens=32_768,
    seed=0,
    precision="bfloat16",
)


def distributed_rank():
    """(rank, world size) under torchrun, (0, 1) otherwise; joins the process group when needed."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1:
        return 0, 1
    import torch.distributed as dist

    if not dist.is_initialized():
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    return dist.get_rank(), world


# Broad everyday English (about 24,000 kinds of word): `--without-broad` leaves it out, the
# recipe of the series' first foundation models.
BROAD_FILE = "corpus/broad.txt"
PRETRAIN_FILES = (
    "corpus/train.txt",
    "corpus/reviews.txt",
    "corpus/directory.txt",
    BROAD_FILE,
)
PRETRAIN_FILE_ROLES = {
    "corpus/train.txt": "the corpus of lessons 01-05",
    "corpus/reviews.txt": "pages of a review website",
    "corpus/directory.txt": "pages full of invented names (news, notices, staff lists)",
    BROAD_FILE: "broad everyday English: notes, dialogues, reviews and sayings in "
    "about 24,000 kinds of word",
}


def data_list(hashes):
    """The card's list of pretraining files.
    Example: data_list({'corpus/train.txt': 'ab12...'}) -> '`data/corpus/train.txt` (...)'"""
    return ", ".join(
        f"`data/{name}` (sha256 `{sha[:16]}...`), {PRETRAIN_FILE_ROLES[name]}"
        for name, sha in hashes.items()
    )


def verdict_note(data):
    """The card's sentence on removed verdicts, or "" for the text as shipped."""
    dropped = data.get("verdicts_dropped", "none")
    if dropped == "none":
        return ""
    return (
        f" Verdicts removed from the training text ({dropped!r}, "
        "helpers.data.stats.drop_verdicts): an ablation, not the series' model."
    )


def model_card(meta):
    """The MODEL_CARD.md text for a finished run, from the figures in `meta`."""
    m = meta
    c, data = m["config"], m["data"]
    passes = m["tokens_seen"] / data["train_tokens"]
    notes = verdict_note(data)
    labels = (
        ', but its review pages state their own verdicts ("Review: ...\n'
        'Sentiment: negative"; lesson 06 counts them)'
        if not notes
        else ""
    )
    bf = ", matrix products in bfloat16" if m.get("precision") == "bfloat16" else ""
    words = (
        "about 24,000 kinds of word"
        if BROAD_FILE in data["sha256"]
        else "a few thousand words"
    )
    return f"""# Model card: the series' foundation model

**What it is.** A {m["parameters"] / 1e6:.2f} M-parameter GPT (helpers.gpt: {c["n_layer"]} layers,
{c["n_head"]} heads, width {c["n_embd"]}, context {c["block_size"]} tokens) with a byte-level BPE
tokenizer of {c["vocab_size"]:,} tokens, pretrained to predict the next token of unlabeled text.
No labels were added for any task{labels}. Lessons 06-10 reuse it.

**Data.** {data_list(data["sha256"])}:
{data["train_tokens"]:,} tokens in all, written by this project's generator (see data/README.md).
Held-out text: `data/{data["valid"]}`. The BPE merges were learned on the training text only.{notes}

**Training.** {m["steps"]:,} steps of {m["batch_size"]} x {c["block_size"]} tokens on
{m["world_size"]} process(es): {m["tokens_seen"]:,} tokens seen ({passes:.1f} passes). AdamW,
lr {m["lr"]} warming up for {m["warmup_steps"]} steps then cosine to {m["min_lr"]}, weight decay
{m["weight_decay"]}, gradient clipping {m["grad_clip"]}, seed {m["seed"]}{bf}. Training compute
{m["training_flops"]:.3g} FLOPs (6 N + attention per token, helpers.flops.training_flops_per_token).
Wall time {m["wall_seconds"] / 60:.1f} min on {m["device"]} ({m["threads"]} threads),
torch {m["torch"]}.

**Held-out loss.** {m["val_loss"]:.4f} nats per token = {m["val_bits_per_byte"]:.4f} bits per
byte on the whole validation text.

**Command.** `{m["command"]}`

**Limits.** It knows only the generated text: {words}, invented towns and people,
simple facts. It has absorbed that text's patterns, including a planted occupational bias only in
lesson 10's variant corpus (not in this one). Do not use it for anything but learning.
"""


def pretrain(
    out,
    steps=RECIPE["steps"],
    batch_size=RECIPE["batch_size"],
    lr=RECIPE["lr"],
    min_lr=RECIPE["min_lr"],
    warmup_steps=RECIPE["warmup_steps"],
    weight_decay=RECIPE["weight_decay"],
    grad_clip=RECIPE["grad_clip"],
    eval_every=RECIPE["eval_every"],
    seed=RECIPE["seed"],
    device="auto",
    shape=None,
    max_chars=None,
    log=print,
    command=None,
    force=False,
    without_verdicts=None,
    precision=RECIPE["precision"],
    without_broad=False,
):
    """Pretrain the foundation model and write its checkpoint folder to `out`; return
    the card's figures.

    `out` is checked first (helpers.safe_output.check_output): under data/, or a folder
    of other files, it is refused unless force=True. On Ctrl-C the model so far is saved
    to `out`, marked interrupted. `without_verdicts` ("pairs" or "all", see
    helpers.data.stats.drop_verdicts) trains on the text with its verdicts removed: the
    ablation that shows how much of prompting comes from them. `precision="bfloat16"`
    multiplies matrices in bfloat16 (helpers.train.train), as the shipped model did.
    `without_broad=True` leaves corpus/broad.txt (BROAD_FILE) out.
    Example (a 20-step smoke run, a few minutes on a CPU for the tokenizer):
        >>> meta = pretrain("runs/smoke", steps=20)
        >>> sorted(meta)[:3]
        ['batch_size', 'command', 'config']
    """
    from helpers.checkpoints import save_checkpoint, save_interrupted
    from helpers.data.store import data_path, sha256_of
    from helpers.tokenizers import BPETokenizer

    check_settings(
        steps=steps,
        batch_size=batch_size,
        lr=lr,
        min_lr=min_lr,
        warmup_steps=warmup_steps,
        weight_decay=weight_decay,
        grad_clip=grad_clip,
        eval_every=eval_every,
        seed=seed,
    )  # before any slow work
    out = check_output(
        out, force=force
    )  # before any work: a refused or unwritable --out fails at once
    command = command or "helpers.pretrain.pretrain(...)"
    start = time.perf_counter()
    rank, world = distributed_rank()
    device = pick_device(device)
    if device.type == "cuda" and world > 1:
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
        torch.cuda.set_device(device)
    shape = dict(FOUNDATION_SHAPE if shape is None else shape)
    valid_path = data_path("corpus/valid.txt")
    # max_chars (smoke runs and tests): the start of each file is enough; None keeps all
    files = tuple(f for f in PRETRAIN_FILES if not (without_broad and f == BROAD_FILE))
    share = max_chars // len(files) if max_chars else None  # the start of each file
    train_text = "\n".join(
        data_path(name).read_text(encoding="utf-8")[:share] for name in files
    )
    if without_verdicts:
        train_text = drop_verdicts(train_text, without_verdicts)
    valid_text = valid_path.read_text(encoding="utf-8")[
        : max_chars // 10 if max_chars else None
    ]

    tok = BPETokenizer.train(
        train_text, shape["vocab_size"]
    )  # deterministic: every process learns the same
    train_ids = torch.tensor(tok.encode(train_text), dtype=torch.long)  # (N_train,)
    val_ids = torch.tensor(tok.encode(valid_text), dtype=torch.long)  # (N_valid,)
    log(
        json.dumps(
            {
                "tokenizer_seconds": round(time.perf_counter() - start, 1),
                "train_tokens": train_ids.numel(),
                "valid_tokens": val_ids.numel(),
            }
        )
    )

    torch.manual_seed(seed)  # same initial weights in every process
    config = GPTConfig(**shape)
    model = GPT(config).to(device)
    wrapped = model
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel

        wrapped = DistributedDataParallel(
            model, device_ids=[device.index] if device.type == "cuda" else None
        )

    def report(entry):
        if rank == 0:
            log(entry_json(entry))

    try:
        with counting_optimizer_steps() as done:
            history = train(
                wrapped,
                train_ids,
                val_ids,
                steps=steps,
                batch_size=batch_size,
                lr=lr,
                min_lr=min_lr,
                warmup_steps=warmup_steps,
                weight_decay=weight_decay,
                grad_clip=grad_clip,
                eval_every=eval_every,
                eval_tokens=RECIPE["eval_tokens"],
                callback=report,
                progress=False,
                seed=seed + rank,
                precision=precision,
            )  # each process draws different batches
        val_loss = mean_loss(model, val_ids)
    except KeyboardInterrupt:
        if rank == 0:
            print(
                save_interrupted(
                    out,
                    model.cpu(),
                    tok,
                    done.steps,
                    extra={"command": command},
                    force=force,
                ),
                file=sys.stderr,
                flush=True,
            )
        raise
    tokens_seen = steps * batch_size * config.block_size * world
    meta = {
        "config": config.to_dict(),
        "parameters": model.num_parameters(),
        "data": {
            "train": " + ".join(files),
            "valid": "corpus/valid.txt",
            "sha256": {name: sha256_of(data_path(name)) for name in files},
            "train_tokens": train_ids.numel(),
            "valid_tokens": val_ids.numel(),
            "verdicts_dropped": without_verdicts or "none",
        },
        "steps": steps,
        "batch_size": batch_size,
        "world_size": world,
        "tokens_seen": tokens_seen,
        "training_flops": training_flops_per_token(config) * tokens_seen,
        "lr": lr,
        "min_lr": min_lr,
        "warmup_steps": warmup_steps,
        "weight_decay": weight_decay,
        "grad_clip": grad_clip,
        "seed": seed,
        # the shipped cards predate the option and are float32: only another is recorded
        **({} if precision == "float32" else {"precision": precision}),
        "val_loss": val_loss,
        "val_bits_per_byte": loss_to_bits_per_byte(
            val_loss, val_ids.numel(), len(valid_text.encode("utf-8"))
        ),
        "history": history,
        "wall_seconds": round(time.perf_counter() - start, 1),
        "device": device.type
        if device.type == "cpu"
        else torch.cuda.get_device_name(device),
        "threads": torch.get_num_threads(),
        "torch": torch.__version__.split("+")[0],
        "command": command,
    }
    if rank == 0:
        save_checkpoint(
            out,
            model.cpu(),
            tok,
            extra=meta,
            files={"MODEL_CARD.md": model_card(meta)},
            force=force,
        )
        if force:
            store.record_if_shipped(out, SHIPPED, CHECKPOINT_FILES)
    if world > 1:
        torch.distributed.barrier()
        torch.distributed.destroy_process_group()
    return meta


def load_foundation(device="cpu"):
    """The shipped foundation model: (GPT in eval mode, tokenizer, meta), each file
    checked by sha256.

    Example:
        >>> model, tok, meta = load_foundation()
        >>> meta["parameters"]
        5853184
    """
    from helpers.checkpoints import load_checkpoint
    from helpers.data.store import data_path

    for name in CHECKPOINT_FILES:
        data_path(
            f"{SHIPPED}/{name}"
        )  # raises DataFileError with a how-to if missing or altered
    return load_checkpoint(data_path(f"{SHIPPED}/config.json").parent, device=device)


def build_parser():
    p = argparse.ArgumentParser(
        prog="python -m helpers.pretrain",
        description="Pretrain the series' foundation model on data/corpus/train.txt and "
        "write a checkpoint folder (weights, config, tokenizer, model card).",
    )
    add_output_options(p, "runs/foundation", "checkpoint folder")
    p.add_argument("--steps", type=setting_type("steps"), default=RECIPE["steps"])
    p.add_argument(
        "--shape",
        choices=sorted(SHAPES),
        default="foundation",
        help="model shape: the foundation model, or 'tiny' for a smoke run in seconds",
    )
    p.add_argument(
        "--batch-size",
        type=setting_type("batch_size"),
        default=RECIPE["batch_size"],
        help="sequences per step per process",
    )
    p.add_argument("--lr", type=setting_type("lr"), default=RECIPE["lr"])
    p.add_argument("--seed", type=setting_type("seed"), default=RECIPE["seed"])
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument(
        "--threads",
        type=setting_type("threads"),
        default=None,
        help="CPU threads (default 2, the series' budget machine)",
    )
    p.add_argument(
        "--without-verdicts",
        choices=["pairs", "all"],
        default=None,
        help="train on the text without its review verdicts: 'pairs' drops the "
        "prompt-format pairs (Review: ... Sentiment: x, positive or negative? ... x.), "
        "'all' every verdict form: also ratings, star counts and closing verdicts "
        "('This review is x.', 'Overall, it was x.', 'In short: x.'); an ablation, see "
        "helpers.data.stats",
    )
    p.add_argument(
        "--precision",
        choices=PRECISIONS,
        default=RECIPE["precision"],
        help="number format of the matrix products (default %(default)s, as the "
        "shipped model): bfloat16 is fast on a GPU or a CPU with native bfloat16; "
        "float32 gives a slightly different model",
    )
    p.add_argument(
        "--without-broad",
        action="store_true",
        help=f"leave out {BROAD_FILE}, broad everyday English (about 24,000 kinds of "
        "word), as the series' first foundation models did",
    )
    p.add_argument(
        "--max-chars",
        type=int,
        default=None,
        help="use only N characters of the text, the start of each file (smoke runs; "
        "validation keeps N/10)",
    )
    return p


def precision_note(precision, device):
    """A warning for a CPU that would emulate the recipe's bfloat16 products, or None.

    Example: precision_note("float32", torch.device("cpu")) -> None
    """
    if precision != "bfloat16" or device.type != "cpu" or native_bfloat16():
        return None
    return (
        "note: this CPU has no native bfloat16, so the recipe's bfloat16 products are "
        "emulated, which can be many times slower than --precision float32 (which "
        "trains a slightly different model from the shipped one)"
    )


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.max_chars is not None and args.max_chars < 10_000:
        parser.error(f"--max-chars must be at least 10000, got {args.max_chars}")
    try:
        device = pick_device(args.device)
    except ValueError as err:
        parser.error(str(err))
    if device.type == "cpu":
        torch.set_num_threads(thread_budget(args.threads))
    note = precision_note(args.precision, device)
    if note:
        print(note, file=sys.stderr, flush=True)
    command = "python -m helpers.pretrain " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    try:
        meta = pretrain(
            args.out,
            steps=args.steps,
            batch_size=args.batch_size,
            lr=args.lr,
            seed=args.seed,
            device=args.device,
            shape=SHAPES[args.shape],
            max_chars=args.max_chars,
            without_verdicts=args.without_verdicts,
            precision=args.precision,
            without_broad=args.without_broad,
            log=lambda line: print(line, flush=True),
            command=command,
            force=args.force,
        )
    except (
        OutputRefused,
        FloatingPointError,
    ) as err:  # a refused --out, or a run that diverged
        parser.error(str(err))
    except KeyboardInterrupt:
        sys.exit(
            130
        )  # the usual status for Ctrl-C; pretrain() has said where the model so far is
    if int(os.environ.get("RANK", "0")) != 0:
        return
    print(
        json.dumps(
            {
                k: meta[k]
                for k in (
                    "parameters",
                    "steps",
                    "tokens_seen",
                    "training_flops",
                    "val_loss",
                    "val_bits_per_byte",
                    "wall_seconds",
                    "device",
                )
            }
            | {"out": args.out}
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
