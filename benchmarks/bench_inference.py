"""Inference (and training) speed of our GPTs on this machine, against its own matmul peak.

Usage: python benchmarks/bench_inference.py [--quick] [--json-out benchmarks/results/inference.json]
Prints tables, then one JSON line. The baseline, the float32 matmul peak, is measured in the
same run, so the figures can be compared across machines as ratios (MFU, speed-ups).
Measures: per-token decode latency against model size, context length (with and without the
KV cache) and batch size; the KV cache's speed-up for 256 generated tokens on the foundation
shape (the shipped foundation model when data/foundation has one, else an untrained model of
its shape: the cost is the same), the median of per-repeat ratios with cached and recomputed
runs alternating, so a background load slows both alike; the floor under a cached step
(its weights' matrix-vector products alone, `measure.weight_reading_seconds`); the same
model with int8 linear layers, taking turns with float32; training tokens/s
and MFU at a few sizes; the peak memory of each run above the process's start.
Timings are the best of a few repeats; on a shared machine rerun and compare ratios.
"""

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import measure  # noqa: E402
from helpers.flops import forward_flops_per_token, mfu  # noqa: E402
from helpers.gpt import GPT, GPTConfig  # noqa: E402
from helpers.pretrain import FOUNDATION_SHAPE  # noqa: E402
from helpers.train import setting_type, training_tokens_per_second  # noqa: E402

SIZES = [
    (2, 128, 4),
    (4, 192, 4),
    (6, 256, 4),
    (6, 384, 6),
    (8, 512, 8),
]  # (n_layer, n_embd, n_head)


def model_of(n_layer, n_embd, n_head, seed=0):
    torch.manual_seed(seed)
    config = GPTConfig(
        **{**FOUNDATION_SHAPE, "n_layer": n_layer, "n_embd": n_embd, "n_head": n_head}
    )
    return GPT(config).eval()


def foundation_model():
    """(model, what it is): the shipped foundation model when data/foundation holds one, else an
    untrained model of its shape (decoding costs the same whatever the weights have learned)."""
    root = Path(__file__).resolve().parents[1]
    if (root / "data" / "foundation" / "model.safetensors").exists():
        from helpers.data.store import DataFileError

        try:
            from helpers.pretrain import load_foundation

            return load_foundation()[0].eval(), "the shipped foundation model"
        except (ImportError, DataFileError) as error:
            print(
                f"(data/foundation is not loadable, so an untrained model of its shape: {error})"
            )
    shape = FOUNDATION_SHAPE
    return model_of(
        shape["n_layer"], shape["n_embd"], shape["n_head"]
    ), "an untrained model of the foundation shape"


def int8_copy(model):
    """A copy of `model` whose linear layers keep int8 weights (PyTorch's dynamic
    quantization, as lesson 09 section 7 does); `model` is unchanged."""
    import warnings

    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch suggests its newer torchao package
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def kv_cache_speedup(model, new_tokens=256, repeats=3):
    """Seconds to generate `new_tokens` greedily from a 1-token prompt with and without
    the KV cache, the two alternating `repeats` times after a short warm-up of each.
    Returns the median seconds of each and the median of the per-repeat ratios
    (recomputed / cached)."""
    measure.generation_seconds(
        model, 16, use_kv_cache=True, repeats=1
    )  # warm-up: threads, allocator
    measure.generation_seconds(model, 16, use_kv_cache=False, repeats=1)
    cached, recomputed = [], []
    for _ in range(repeats):
        cached.append(
            measure.generation_seconds(model, new_tokens, use_kv_cache=True, repeats=1)
        )
        recomputed.append(
            measure.generation_seconds(model, new_tokens, use_kv_cache=False, repeats=1)
        )
    ratios = [r / c for r, c in zip(recomputed, cached)]
    return {
        "new_tokens": new_tokens,
        "cached_s": statistics.median(cached),
        "recomputed_s": statistics.median(recomputed),
        "speedup": statistics.median(ratios),
        "speedups": [round(r, 2) for r in ratios],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer points and repeats (about half the time)",
    )
    parser.add_argument("--threads", type=setting_type("threads"), default=2)
    parser.add_argument(
        "--json-out", default=None, help="also write the JSON to this file"
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    repeats = 2 if args.quick else 3
    started = time.perf_counter()

    peak = measure.measure_matmul_peak()
    out = {
        "machine": platform.processor() or platform.machine(),
        "threads": args.threads,
        "torch": torch.__version__,
        "matmul_peak_gflops": round(peak, 1),
    }
    print(
        f"float32 matmul peak: {peak:.1f} GFLOP/s on {args.threads} threads (the baseline)\n"
    )

    # 1. per-token latency against model size (KV cache, batch 1, 128 tokens of context)
    sizes = SIZES[:4] if args.quick else SIZES
    print(
        f"{'model':<22} {'params':>8} {'ms/token':>9} {'GFLOP/s':>8} {'% peak':>7} {'peak MiB':>9}"
    )
    rows = []
    for n_layer, n_embd, n_head in sizes:
        model = model_of(n_layer, n_embd, n_head)
        seconds, mib = measure.peak_memory_mib(
            lambda: measure.per_token_seconds(model, 128, 16, repeats=repeats)
        )
        flops = forward_flops_per_token(model.config, context=128 + 8)
        row = {
            "n_layer": n_layer,
            "n_embd": n_embd,
            "params": model.num_parameters(),
            "ms_per_token": seconds * 1e3,
            "gflops": flops / seconds / 1e9,
            "peak_mib": mib,
        }
        rows.append(row)
        print(
            f"{n_layer} layers, width {n_embd:<5} {row['params'] / 1e6:>7.1f}M "
            f"{row['ms_per_token']:>9.2f} "
            f"{row['gflops']:>8.1f} {row['gflops'] / peak:>7.1%} {mib or 0:>9.0f}"
        )
    out["latency_vs_size"] = rows

    # 2. per-token latency against context, foundation shape, with and without the cache
    model = model_of(
        FOUNDATION_SHAPE["n_layer"],
        FOUNDATION_SHAPE["n_embd"],
        FOUNDATION_SHAPE["n_head"],
    )
    contexts = [16, 96, 224] if args.quick else [16, 64, 128, 192, 240]
    print(
        f"\nfoundation shape ({model.num_parameters() / 1e6:.1f}M): ms per token against context"
    )
    print(f"{'context':>8} {'cached':>9} {'recomputed':>11} {'ratio':>6}")
    rows = []
    for context in contexts:
        new = min(16, model.config.block_size - context)
        cached = measure.per_token_seconds(model, context, new, repeats=repeats)
        full = measure.per_token_seconds(
            model, context, new, use_kv_cache=False, repeats=repeats
        )
        rows.append(
            {"context": context, "cached_ms": cached * 1e3, "recomputed_ms": full * 1e3}
        )
        print(
            f"{context:>8} {cached * 1e3:>9.2f} {full * 1e3:>11.2f} {full / cached:>6.1f}"
        )
    out["latency_vs_context"] = rows

    # 3. batch size: one step serves B sequences
    batches = [1, 4, 16] if args.quick else [1, 4, 16, 64]
    print(
        f"\n{'batch':>6} {'ms/step':>8} {'tokens/s':>9} {'peak MiB':>9}   (context 128, cached)"
    )
    rows = []
    for b in batches:
        seconds, mib = measure.peak_memory_mib(
            lambda: measure.per_token_seconds(
                model, 128, 16, batch_size=b, repeats=repeats
            )
        )
        rows.append(
            {
                "batch": b,
                "ms_per_step": seconds * 1e3,
                "tokens_per_s": b / seconds,
                "peak_mib": mib,
            }
        )
        print(f"{b:>6} {seconds * 1e3:>8.2f} {b / seconds:>9.0f} {mib or 0:>9.0f}")
    out["throughput_vs_batch"] = rows

    # 4. the KV cache's speed-up for 256 generated tokens (1-token prompt, batch 1)
    foundation, what = foundation_model()
    kv = kv_cache_speedup(foundation, 256, repeats=repeats)
    for key, use_kv_cache in (
        ("cached_peak_mib", True),
        ("recomputed_peak_mib", False),
    ):
        _, kv[key] = measure.peak_memory_mib(
            lambda: measure.generation_seconds(
                foundation, 256, use_kv_cache=use_kv_cache, repeats=1
            )
        )
    out["kv_cache_256"] = {**kv, "model": what}
    print(
        f"\n256 tokens, {what}: {kv['cached_s']:.2f} s with the KV cache, "
        f"{kv['recomputed_s']:.2f} s "
        f"without: {kv['speedup']:.1f}x faster (median of alternating repeats: "
        f"{', '.join(f'{r:.1f}x' for r in kv['speedups'])})"
    )
    # 4b. the floor under a cached step: reading every weight once per token
    floor_s, weight_bytes = measure.weight_reading_seconds(foundation)
    cached_per_token = kv["cached_s"] / kv["new_tokens"]
    out["weight_reading"] = {
        "weight_bytes": weight_bytes,
        "floor_ms": floor_s * 1e3,
        "gb_per_s": weight_bytes / floor_s / 1e9,
        "cached_ms_per_token": cached_per_token * 1e3,
        "cached_over_floor": cached_per_token / floor_s,
    }
    print(
        f"a cached step reads {weight_bytes / 1e6:.1f} MB of weights; its matrix-vector "
        f"products alone take {floor_s * 1e3:.2f} ms ({weight_bytes / floor_s / 1e9:.1f} "
        f"GB/s, one thread), the floor; cached decoding took "
        f"{cached_per_token * 1e3:.2f} ms/token, {cached_per_token / floor_s:.2f}x that floor"
    )
    # 4c. fewer bytes per weight: the same model with int8 linear layers (lesson 09,
    # section 7), taking turns with float32 on 256 cached tokens
    int8 = int8_copy(foundation)
    float32_s, int8_s = [], []
    for _ in range(repeats):
        for times, m in ((float32_s, foundation), (int8_s, int8)):
            times.append(measure.generation_seconds(m, 256, repeats=1) / 256)
    out["int8_decoding"] = {
        "float32_ms_per_token": min(float32_s) * 1e3,
        "int8_ms_per_token": min(int8_s) * 1e3,
        "speedup": min(float32_s) / min(int8_s),
    }
    print(
        f"int8 linear layers (weights about a quarter of the bytes): "
        f"{min(int8_s) * 1e3:.2f} ms/token cached against {min(float32_s) * 1e3:.2f} in "
        f"float32, {min(float32_s) / min(int8_s):.2f}x faster (other tokens: int8 changes "
        "the numbers)"
    )

    # 5. training tokens/s and MFU at a few sizes (batch 12, the model's 256-token context)
    print(f"\n{'model':<22} {'params':>8} {'train tok/s':>12} {'MFU':>6}")
    rows = []
    for n_layer, n_embd, n_head in SIZES[: 2 if args.quick else 3]:
        m = model_of(n_layer, n_embd, n_head)
        tps = training_tokens_per_second(m, batch_size=8, steps=6 if args.quick else 10)
        share = mfu(m.config, tps, peak)
        rows.append(
            {
                "n_layer": n_layer,
                "n_embd": n_embd,
                "params": m.num_parameters(),
                "tokens_per_s": tps,
                "mfu": share,
            }
        )
        print(
            f"{n_layer} layers, width {n_embd:<5} {m.num_parameters() / 1e6:>7.1f}M "
            f"{tps:>12.0f} {share:>6.1%}"
        )
    out["training"] = rows
    out["seconds"] = round(time.perf_counter() - started, 1)
    line = json.dumps(out)
    print(f"\n(total {out['seconds']} s)\n{line}")
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(
            json.dumps(out, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
