"""The command that runs lesson 10's fuller experiments and writes their results as JSON:

    python -m helpers.trust memorisation   # runs/results/trust_memorisation.json
    python -m helpers.trust bias --out runs/mine.json
    python -m helpers.trust all            # every part, one file each
    python -m helpers.trust toxicity --out data/results/trust_toxicity.json --force

Handles: choosing the part, the --out / --force options every writing command shares (a
refused --out fails before any work), one thread count, and the time and foundation
checkpoint each result was made with (the lesson refuses results of another checkpoint).
Leaves out: the experiments themselves (helpers.trust.<part>.run_<part>).
"""

import argparse
import importlib
import json
import time

import torch

from helpers.safe_output import add_output_options, check_output_option

PARTS = ("memorisation", "membership", "bias", "toxicity", "calibration")


def default_out(part):
    """Where a part's results go unless --out says otherwise.
    Example: default_out("bias") -> 'runs/results/trust_bias.json'"""
    return f"runs/results/trust_{part}.json"


def run_part(part, quick=False):
    """One part's results, stamped with the foundation checkpoint and the seconds it took.
    Example: run_part("memorisation", quick=True)["seconds"] -> 3.1"""
    from helpers.sweeps import checkpoint_sha256

    start = time.perf_counter()
    module = importlib.import_module(f"helpers.trust.{part}")
    results = getattr(module, f"run_{part}")(quick=quick)
    results["checkpoint_sha256"] = checkpoint_sha256()
    results["seconds"] = round(time.perf_counter() - start, 1)
    return results


def build_parser():
    p = argparse.ArgumentParser(
        prog="python -m helpers.trust",
        description="Run lesson 10's trust experiments and write their results as JSON.",
    )
    p.add_argument("part", choices=PARTS + ("all",), help="which experiment to run")
    add_output_options(p, "runs/results/trust_PART.json", "JSON file (not with all)")
    p.add_argument(
        "--quick", action="store_true", help="a tiny run that checks the plumbing"
    )
    p.add_argument("--threads", type=int, default=2, help="CPU threads (default 2)")
    return p


def main(argv=None):
    p = build_parser()
    args = p.parse_args(argv)
    if args.threads < 1:
        p.error(f"--threads must be at least 1, got {args.threads}")
    parts = PARTS if args.part == "all" else (args.part,)
    custom_out = args.out != "runs/results/trust_PART.json"
    if args.part == "all" and custom_out:
        p.error("--out names one file; with 'all' each part goes to its default file")
    outs = {part: args.out if custom_out else default_out(part) for part in parts}
    for part in parts:  # every output is checked before any work starts
        args_for_part = argparse.Namespace(out=outs[part], force=args.force)
        check_output_option(p, args_for_part, kind="file")
    torch.set_num_threads(args.threads)
    from helpers.data.store import write_results

    for part in parts:
        results = run_part(part, quick=args.quick)
        out = write_results(outs[part], results, force=args.force)
        print(
            json.dumps({"part": part, "out": str(out), "seconds": results["seconds"]})
        )


if __name__ == "__main__":
    main()
