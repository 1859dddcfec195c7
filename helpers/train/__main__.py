"""The command line of `helpers.train`: train a GPT on a text file, write a checkpoint.

    python -m helpers.train --text data/corpus/train.txt --out runs/tiny

Handles: the 90/10 split of the file, a char or BPE tokenizer, the model's shape and
every setting of `train` as flags, one JSON line per evaluation and a summary line
(held-out loss and bits per byte, tokens/s, MFU against the matmul peak it measures
first, peak memory). --out is checked before training: under data/, or a folder of
other files, it needs --force; Ctrl-C saves the model so far there, marked
"interrupted", and exits with status 130.
Leaves out: GPUs and several processes (`python -m helpers.pretrain` has --device and
runs under torchrun).
"""

import argparse
import json
import os
import sys

import torch

from helpers.environment import setup, thread_budget
from helpers.flops import mfu, training_flops_per_token
from helpers.gpt import GPT, GPTConfig
from helpers.measure import measure_matmul_peak, peak_rss_mib
from helpers.safe_output import (
    FORCE_HELP,
    check_output_option,
    counting_optimizer_steps,
)
from helpers.train import (
    PRECISIONS,
    entry_json,
    loss_to_bits_per_byte,
    mean_loss,
    setting_type,
    train,
)

# Defaults: the best held-out bits per byte after 100 s of training on 2 CPU cores,
# among the settings in benchmarks/NOTES.md (a shallow BPE model that reads more won).
DEFAULTS = dict(
    tokenizer="bpe",
    vocab_size=1024,
    n_layer=2,
    n_head=4,
    n_embd=128,
    block_size=64,
    batch_size=16,
    max_seconds=100.0,
    lr=4e-3,
    min_lr=None,
    warmup_steps=50,
    weight_decay=0.1,
    grad_clip=1.0,
    dropout=0.0,
    eval_every=200,
    eval_tokens=32_768,
)


def build_parser():
    p = argparse.ArgumentParser(
        prog="python -m helpers.train",
        description="Train a GPT on a UTF-8 text file: the first 90%% of its characters for "
        "training, the last 10%% for validation. Prints one JSON line per evaluation "
        "and a summary JSON line; writes a checkpoint to --out.",
    )
    d = DEFAULTS
    p.add_argument("--text", required=True, help="UTF-8 text file to train on")
    p.add_argument(
        "--out",
        default=None,
        help="checkpoint folder to write (default: none written); a path under data/ needs --force",
    )
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.add_argument("--tokenizer", choices=["char", "bpe"], default=d["tokenizer"])
    p.add_argument(
        "--vocab-size",
        type=int,
        default=d["vocab_size"],
        help="BPE vocabulary size (bpe only)",
    )
    p.add_argument("--n-layer", type=int, default=d["n_layer"])
    p.add_argument("--n-head", type=int, default=d["n_head"])
    p.add_argument("--n-embd", type=int, default=d["n_embd"])
    p.add_argument("--block-size", type=int, default=d["block_size"])
    p.add_argument(
        "--batch-size", type=setting_type("batch_size"), default=d["batch_size"]
    )
    p.add_argument(
        "--max-seconds",
        type=setting_type("max_seconds"),
        default=d["max_seconds"],
        help="training time budget, evaluations not counted",
    )
    p.add_argument(
        "--steps",
        type=setting_type("steps"),
        default=None,
        help="step budget (optional; whichever ends first)",
    )
    p.add_argument(
        "--lr", type=setting_type("lr"), default=d["lr"], help="peak learning rate"
    )
    p.add_argument(
        "--min-lr",
        type=setting_type("min_lr"),
        default=d["min_lr"],
        help="final learning rate (default lr/10)",
    )
    p.add_argument(
        "--warmup-steps", type=setting_type("warmup_steps"), default=d["warmup_steps"]
    )
    p.add_argument(
        "--weight-decay", type=setting_type("weight_decay"), default=d["weight_decay"]
    )
    p.add_argument(
        "--grad-clip",
        type=setting_type("grad_clip"),
        default=d["grad_clip"],
        help="0 switches clipping off",
    )
    p.add_argument("--dropout", type=float, default=d["dropout"])
    p.add_argument(
        "--eval-every",
        type=setting_type("eval_every"),
        default=d["eval_every"],
        help="steps between evaluations",
    )
    p.add_argument(
        "--eval-tokens",
        type=setting_type("eval_tokens"),
        default=d["eval_tokens"],
        help="validation tokens used by the periodic evaluations (the final one uses all)",
    )
    p.add_argument("--seed", type=setting_type("seed"), default=0)
    p.add_argument(
        "--threads",
        type=setting_type("threads"),
        default=None,
        help="torch threads (default: 2, or fewer cores)",
    )
    p.add_argument(
        "--precision",
        choices=PRECISIONS,
        default=PRECISIONS[0],
        help="number format of the matrix products: bfloat16 is faster on a CPU with "
        "native bfloat16 (AVX512-BF16, AMX) and changes the numbers (weights, optimizer "
        "and attention stay float32)",
    )
    p.add_argument(
        "--no-peak",
        action="store_true",
        help="skip measuring the matmul peak (MFU not reported)",
    )
    p.add_argument(
        "--progress", action="store_true", help="show a progress bar on stderr"
    )
    return p


def main(argv=None):
    from helpers.tokenizers import BPETokenizer, CharTokenizer

    parser = build_parser()
    args = parser.parse_args(argv)
    if not os.path.isfile(args.text):
        parser.error(f"--text {args.text}: no such file; pass a UTF-8 text file")
    try:
        with open(args.text, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError as err:
        parser.error(
            f"--text {args.text} is not UTF-8 ({err.reason} at byte {err.start}); convert it first"
        )
    for name in ("n_layer", "n_head", "n_embd", "block_size"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error(
                f"--{name.replace('_', '-')} must be at least 1, got {getattr(args, name)}"
            )
    if args.n_embd % args.n_head:
        parser.error(
            f"--n-embd {args.n_embd} is not divisible by --n-head {args.n_head}; "
            f"e.g. --n-embd 128 --n-head 4"
        )
    if args.tokenizer == "bpe" and args.vocab_size < 257:
        parser.error(
            "--vocab-size must be above 256 for bpe (256 byte tokens + merges), got "
            f"{args.vocab_size}"
        )
    if not 0 <= args.dropout < 1:
        parser.error(f"--dropout must be in [0, 1), got {args.dropout}")

    cut = int(len(text) * 0.9)
    train_text, val_text = text[:cut], text[cut:]
    if len(train_text) < args.block_size + 1 or len(val_text) < 2:
        parser.error(
            f"--text {args.text} has {len(text)} characters; need enough for a 90/10 split with "
            f"at least block_size + 1 = {args.block_size + 1} training characters; "
            f"use a longer file or a smaller --block-size"
        )
    if args.out:
        check_output_option(
            parser, args
        )  # before any work: a refused or unwritable --out fails at once

    setup(seed=args.seed, threads=thread_budget(args.threads), quiet=True)
    # MFU is measured against the peak of the format the matrix products run in
    peak = (
        None
        if args.no_peak
        else measure_matmul_peak(dtype=getattr(torch, args.precision))
    )

    if args.tokenizer == "char":
        tok = CharTokenizer.train(
            text
        )  # every character of the file, so validation encodes too
    else:
        tok = BPETokenizer.train(
            train_text, args.vocab_size
        )  # merges learned on training text only
    train_ids = torch.tensor(tok.encode(train_text), dtype=torch.long)
    val_ids = torch.tensor(tok.encode(val_text), dtype=torch.long)
    if train_ids.numel() < args.block_size + 1:
        parser.error(
            f"training split is {train_ids.numel()} tokens, fewer than --block-size + 1; "
            f"use a longer file or a smaller --block-size"
        )

    config = GPTConfig(
        vocab_size=tok.vocab_size,
        block_size=args.block_size,
        n_layer=args.n_layer,
        n_head=args.n_head,
        n_embd=args.n_embd,
        dropout=args.dropout,
    )
    model = GPT(config)

    def report(entry):
        print(entry_json(entry), flush=True)

    notes = {
        "trained_on": os.path.basename(args.text),
        "command": "python -m helpers.train "
        + " ".join(sys.argv[1:] if argv is None else argv),
    }
    try:
        with counting_optimizer_steps() as done:
            history = train(
                model,
                train_ids,
                val_ids,
                steps=args.steps,
                max_seconds=args.max_seconds,
                batch_size=args.batch_size,
                lr=args.lr,
                min_lr=args.min_lr,
                warmup_steps=args.warmup_steps,
                weight_decay=args.weight_decay,
                grad_clip=args.grad_clip,
                eval_every=args.eval_every,
                eval_tokens=args.eval_tokens,
                callback=report,
                progress=args.progress,
                seed=args.seed,
                precision=args.precision,
            )
        val_loss = mean_loss(model, val_ids, config.block_size)
    except (
        FloatingPointError
    ) as err:  # the run diverged: nothing is saved, the error says what to change
        parser.error(str(err))
    except KeyboardInterrupt:
        if args.out:
            from helpers.checkpoints import save_interrupted

            print(
                save_interrupted(
                    args.out, model, tok, done.steps, extra=notes, force=args.force
                ),
                file=sys.stderr,
                flush=True,
            )
        else:
            print(
                f"interrupted at step {done.steps}; nothing saved (no --out given)",
                file=sys.stderr,
                flush=True,
            )
        sys.exit(130)  # the usual status for Ctrl-C
    last = history[-1]
    tps = last["tokens_per_s"]
    summary = {
        "summary": True,
        "final_val_loss": val_loss,  # nats per token over the WHOLE validation split
        "val_bits_per_byte": loss_to_bits_per_byte(
            val_loss, val_ids.numel(), len(val_text.encode("utf-8"))
        ),
        "parameters": model.num_parameters(),
        "steps": last["step"],
        "seconds": last["seconds"],
        "tokens_per_s": tps,
        "flops_per_token": training_flops_per_token(config),  # 6 N + 12 L C T
        "precision": args.precision,
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

        save_checkpoint(
            args.out,
            model,
            tok,
            extra={
                **notes,
                "val_loss": val_loss,
                "steps": last["step"],
                "seconds": last["seconds"],
            },
            force=args.force,
        )
        summary["out"] = str(args.out)
    print(json.dumps(summary), flush=True)
    return summary


if __name__ == "__main__":
    main()
