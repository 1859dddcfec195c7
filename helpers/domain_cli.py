"""The command line every domain model shares: `pretrain` writes a model folder,
`measure` writes a JSON file of results measured on it.

Lessons 11-13 (`helpers.images`, `helpers.molecules`, `helpers.forecasting`,
`helpers.assistant`, `helpers.automation`, `helpers.code_completion`, `helpers.search`)
each pretrain or tune a small model and measure it; the options, their checks, the thread
setting, the record of a run (`run_record`, `save_pretrained`), the progress lines (`say`)
and the end of a `measure` run (`write_study`) are the same for all of them, so they live
here once.

Example:
    p, pre, measure = domain_parser(
        "helpers.molecules", "molecules", "molecules.json", "...", "...", "..."
    )
    args = parse_domain_args(p, ["measure", "--seeds", "2"])
"""

import argparse
import json
import time

import torch

from helpers.safe_output import add_output_options, check_output_option


def domain_parser(
    module,
    name,
    results,
    description,
    pretrain_help,
    measure_help,
    first="pretrain",
    pretrained=True,
):
    """(parser, `first` subparser, measure subparser) for `python -m module`: `first`
    ("pretrain", or "tune" where a command only tunes) writes a model folder, measure a
    JSON file; --out/--force on both (runs/NAME and runs/results/RESULTS by default),
    --seeds and, with `pretrained`, --pretrained on measure, --threads on both; add a
    command's own options to the subparsers.
    Example: domain_parser("helpers.images", "pictures", "pictures.json", ...)"""
    p = argparse.ArgumentParser(prog=f"python -m {module}", description=description)
    sub = p.add_subparsers(dest="command", required=True)
    pre = sub.add_parser(
        first,
        help=pretrain_help,
        description=f"{pretrain_help[0].upper()}{pretrain_help[1:]}; "
        f"`--out data/{name} --force` replaces the shipped one.",
    )
    add_output_options(pre, f"runs/{name}", "folder")
    measure = sub.add_parser(
        "measure",
        help=measure_help,
        description=f"{measure_help[0].upper()}{measure_help[1:]}; "
        f"`--out data/results/{results} --force` replaces the shipped results.",
    )
    add_output_options(measure, f"runs/results/{results}", "JSON file")
    if pretrained:
        measure.add_argument(
            "--pretrained",
            default=None,
            help=f"a folder written by `{first}` (default: the shipped data/{name})",
        )
    measure.add_argument(
        "--seeds", type=int, default=3, help="repeats, seeds 0, 1, ..."
    )
    for sp in (pre, measure):
        sp.add_argument(
            "--threads", type=int, default=2, help="CPU threads (default 2)"
        )
    return p, pre, measure


def parse_domain_args(parser, argv=None):
    """Parsed arguments, checked before any work: --threads and --seeds at least 1, --out
    allowed (a path under data/ or someone else's needs --force); torch set to --threads.
    Exits with status 2 and the reason otherwise.
    Example: parse_domain_args(p, ["pretrain", "--out", "runs/x"]).command -> "pretrain"
    """
    args = parser.parse_args(argv)
    if args.threads < 1 or getattr(args, "seeds", 1) < 1:
        parser.error("--threads and --seeds must be at least 1")
    kind = "file" if args.command == "measure" else "folder"
    check_output_option(parser, args, kind=kind)
    torch.set_num_threads(args.threads)
    return args


def run_record(args, recipe, loss, seconds):
    """What a `pretrain` run records in its config.json beside the weights.
    Example: run_record(args, RECIPE, 3.59651, 580.43)["loss"] -> 3.5965"""
    return {
        "recipe": recipe,
        "loss": round(loss, 4),
        "seconds": round(seconds, 1),
        "threads": args.threads,
        "torch": torch.__version__,
    }


def save_pretrained(args, model, tokenizer, extra, card, shipped, files):
    """Save a `pretrain` run to args.out (its MODEL_CARD.md `card` beside it); when that
    is the shipped folder data/<shipped>, refresh the manifest lines of its `files`.
    Prints {"out", "loss", "seconds"} as JSON.
    Example: save_pretrained(args, model, None, extra, card, "forecaster", FILES)"""
    from helpers.checkpoints import save_checkpoint
    from helpers.data import store

    files_written = {"MODEL_CARD.md": card}
    save_checkpoint(args.out, model, tokenizer, extra, files_written, args.force)
    store.record_if_shipped(args.out, shipped, files)
    print(json.dumps({"out": str(args.out), "loss": extra["loss"],
                      "seconds": extra["seconds"]}))  # fmt: skip


def say(message):
    """Print one line of a command's progress at once. Example: say("seed 0: 0.91")"""
    print(message, flush=True)


def write_study(args, results, start):
    """Finish a `measure` run: add the seconds since `start` (a time.perf_counter()) to
    `results`, write them to --out (refused under data/ without --force, see
    helpers.data.store.write_results) and print where they went and how long they took.
    Returns the path written.
    Example: write_study(args, {"seeds": [0, 1]}, start)
        prints {"out": "runs/molecules.json", "seconds": 812.4}
    """
    from helpers.data import store

    results["seconds"] = round(time.perf_counter() - start, 1)
    out = store.write_results(args.out, results, force=args.force)
    print(json.dumps({"out": str(out), "seconds": results["seconds"]}))
    return out
