"""The command line of lesson 09's cost formulas (`helpers.cost`):

    python -m helpers.cost train-flops --params 175e9 --tokens 300e9
    python -m helpers.cost gpus-to-host --params 70e9 --dtype bf16 --gpu-mem-gb 80
    python -m helpers.cost gpus-to-train --params 175e9
    python -m helpers.cost kv-cache --layers 80 --width 8192 --heads 64 --kv-heads 8 \\
        --context 4096 --dtype bf16
    (add --json for one machine-readable line)

Handles: parsing and checking the options (a bad one gets one `error:` line in the
option's own name), computing the figures, printing them as text or JSON.
Leaves out: the formulas themselves (`helpers.cost`) and the published models' table
(`helpers.cost.published`, shown in lesson 09b).
"""

import argparse
import json
import math
import sys

from helpers.cost import (
    DTYPE_ALIASES,
    DTYPE_BYTES,
    dollars,
    gpu_hours,
    gpus_to_host,
    gpus_to_train,
    kv_cache_bytes,
    training_days,
    training_flops,
    training_state_bytes,
    weight_bytes,
)
from helpers.cost.published import GPUS


def _number(text):
    """A positive finite number. Example: _number('70e9') -> 70000000000.0"""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number; write e.g. 70e9"
        ) from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be a positive number")
    return value


def _whole(text):
    """A positive whole number. Example: _whole('80') -> 80"""
    value = _number(text)
    if value != int(value):
        raise argparse.ArgumentTypeError(f"{text} must be a whole number")
    return int(value)


def _multiplier(text):
    """A number >= 1 that multiplies a memory. Example: _multiplier('1.2') -> 1.2"""
    value = _number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{text} must be at least 1 (it multiplies the memory; "
            f"1.0 is none), e.g. 1.2 for a 20% margin"
        )
    return value


def _fraction(text):
    """A share in (0, 1]. Example: _fraction('0.4') -> 0.4"""
    value = _number(text)
    if value > 1:
        raise argparse.ArgumentTypeError(
            f"{text} must be a fraction in (0, 1], e.g. 0.4 for 40%"
        )
    return value


def build_parser():
    p = argparse.ArgumentParser(
        prog="python -m helpers.cost",
        description="What a generative model costs, by the formulas of lesson 09.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    dtypes = list(DTYPE_BYTES) + list(DTYPE_ALIASES)

    t = sub.add_parser(
        "train-flops",
        help="training compute 6 N D, and time and GPU-hours on a cluster",
    )
    t.add_argument(
        "--params", type=_number, required=True, help="parameters, e.g. 175e9"
    )
    t.add_argument(
        "--tokens", type=_number, required=True, help="training tokens, e.g. 300e9"
    )
    t.add_argument(
        "--gpu", choices=list(GPUS), default="A100", help="GPU kind (sets the peak)"
    )
    t.add_argument("--gpus", type=_whole, default=1024, help="GPUs in the cluster")
    t.add_argument(
        "--mfu", type=_fraction, default=0.4, help="model FLOPs utilisation, e.g. 0.4"
    )
    t.add_argument(
        "--price",
        type=_number,
        default=2.0,
        help="dollars per GPU-hour (an assumption)",
    )

    h = sub.add_parser("gpus-to-host", help="GPUs needed just to hold the weights")
    h.add_argument("--params", type=_number, required=True)
    h.add_argument("--dtype", choices=dtypes, default="bf16")
    h.add_argument("--gpu-mem-gb", type=_number, default=80)
    h.add_argument(
        "--overhead",
        type=_multiplier,
        default=1.0,
        help="multiplier on the weights (1.0: weights only)",
    )

    g = sub.add_parser(
        "gpus-to-train", help="GPUs needed to hold weights, gradients and Adam state"
    )
    g.add_argument("--params", type=_number, required=True)
    g.add_argument("--gpu-mem-gb", type=_number, default=80)
    g.add_argument(
        "--overhead",
        type=_multiplier,
        default=1.0,
        help="multiplier on the state (1.0: none)",
    )

    k = sub.add_parser("kv-cache", help="bytes of the key/value cache")
    k.add_argument("--layers", type=_whole, required=True)
    k.add_argument("--width", type=_whole, required=True, help="model width (d_model)")
    k.add_argument(
        "--context", type=_whole, required=True, help="tokens kept per sequence"
    )
    k.add_argument("--batch", type=_whole, default=1, help="sequences served at once")
    k.add_argument("--dtype", choices=dtypes, default="bf16")
    k.add_argument(
        "--heads", type=_whole, default=None, help="attention heads (with --kv-heads)"
    )
    k.add_argument(
        "--kv-heads",
        type=_whole,
        default=None,
        help="key/value heads, for grouped-query attention",
    )

    for s in (t, h, g, k):
        s.add_argument(
            "--json", action="store_true", help="print one JSON line instead of text"
        )
    return p


def run_command(args):
    """The figures one command computes, as a dict (what --json prints)."""
    if args.command == "train-flops":
        flops = training_flops(args.params, args.tokens)
        peak = GPUS[args.gpu]["peak_flops"]
        hours = gpu_hours(flops, peak, args.mfu)
        return {
            "params": args.params,
            "tokens": args.tokens,
            "train_flops": flops,
            "gpu": args.gpu,
            "gpus": args.gpus,
            "mfu": args.mfu,
            "gpu_hours": hours,
            "days": training_days(flops, args.gpus, peak, args.mfu),
            "dollars": dollars(hours, args.price),
        }
    if args.command == "gpus-to-host":
        return {
            "params": args.params,
            "dtype": args.dtype,
            "weights_gb": weight_bytes(args.params, args.dtype) / 1e9,
            "gpu_mem_gb": args.gpu_mem_gb,
            "overhead": args.overhead,
            "gpus": gpus_to_host(
                args.params, args.dtype, args.gpu_mem_gb, args.overhead
            ),
        }
    if args.command == "gpus-to-train":
        return {
            "params": args.params,
            "state_gb": training_state_bytes(args.params) / 1e9,
            "gpu_mem_gb": args.gpu_mem_gb,
            "gpus": gpus_to_train(args.params, args.gpu_mem_gb, overhead=args.overhead),
        }
    if args.command == "kv-cache":
        n = kv_cache_bytes(
            args.layers,
            args.width,
            args.context,
            args.batch,
            args.dtype,
            args.heads,
            args.kv_heads,
        )
        return {
            "layers": args.layers,
            "width": args.width,
            "context": args.context,
            "batch": args.batch,
            "dtype": args.dtype,
            "heads": args.heads,
            "kv_heads": args.kv_heads,
            "bytes": n,
            "gb": n / 1e9,
            "bytes_per_token": n / (args.context * args.batch),
        }
    raise ValueError(f"unknown command {args.command!r}")


def format_result(command, r):
    """The figures of `run_command` as a few readable lines."""
    if command == "train-flops":
        return (
            f"training compute 6 N D = 6 x {r['params']:.3g} x {r['tokens']:.3g} = "
            f"{r['train_flops']:.3g} FLOPs\n"
            f"on {r['gpu']}s at MFU {r['mfu']:.0%}: {r['gpu_hours']:,.0f} GPU-hours, "
            f"{r['days']:,.1f} days on {r['gpus']:,} GPUs, about ${r['dollars']:,.0f}"
        )
    if command == "gpus-to-host":
        return (
            f"{r['params']:.3g} parameters at {r['dtype']}: "
            f"{r['weights_gb']:,.1f} GB of weights -> {r['gpus']} GPU(s) of "
            f"{r['gpu_mem_gb']:g} GB (overhead x{r['overhead']:g})"
        )
    if command == "gpus-to-train":
        return (
            f"{r['params']:.3g} parameters x 16 bytes (weights, gradients, Adam) = "
            f"{r['state_gb']:,.1f} GB -> {r['gpus']} GPU(s) of {r['gpu_mem_gb']:g} GB, "
            f"before activations"
        )
    return (
        f"KV cache: {r['bytes'] / 1e9:,.3f} GB "
        f"({r['bytes_per_token'] / 1e6:.3f} MB per token) for {r['batch']} "
        f"sequence(s) of {r['context']:,} tokens at {r['dtype']}"
    )


def _join_negative_values(argv):
    """['--params', '-7e9'] -> ['--params=-7e9'], so argparse reports the bad number,
    not a missing one."""
    out = []
    for arg in argv:
        if (
            out
            and out[-1].startswith("--")
            and "=" not in out[-1]
            and arg[:1] == "-"
            and arg[1:2].isdigit()
        ):
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def _kv_option_problem(args):
    """What is wrong with kv-cache's --width, --heads and --kv-heads, in the options'
    own names; None if nothing.

    Example: --width 10 --heads 3 -> '--width 10 must be a multiple of --heads 3, ...'
    """
    if args.kv_heads is not None and args.heads is None:
        return (
            "--kv-heads needs --heads too, e.g. --heads 64 --kv-heads 8 for Llama 2 70B"
        )
    if args.heads is not None and args.width % args.heads:
        return (
            f"--width {args.width} must be a multiple of --heads {args.heads}, "
            f"e.g. --width 8192 --heads 64"
        )
    if args.kv_heads is not None and args.heads % args.kv_heads:
        return (
            f"--heads {args.heads} must be a multiple of --kv-heads {args.kv_heads}, "
            f"e.g. --heads 64 --kv-heads 8"
        )
    return None


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(
        _join_negative_values(sys.argv[1:] if argv is None else list(argv))
    )
    problem = _kv_option_problem(args) if args.command == "kv-cache" else None
    if problem:
        parser.error(problem)
    try:
        result = run_command(args)
    except ValueError as err:
        parser.error(str(err))
    print(json.dumps(result) if args.json else format_result(args.command, result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
