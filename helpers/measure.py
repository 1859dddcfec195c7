"""Measuring a model on this machine: counted FLOPs, bytes, seconds and memory.

Handles: the FLOPs PyTorch counts for a forward (and backward) pass
(`counted_flops`), the activation bytes autograd saves for the backward pass
(`saved_activation_bytes`), a module's size as torch.save writes it
(`serialized_bytes`), the float32 matmul peak that MFU is a share of
(`measure_matmul_peak`), the best wall time of a call (`best_seconds`), seconds per
generated token and per generation (`per_token_seconds`, `generation_seconds`), the
least a decoding step can take, reading every weight once (`weight_reading_seconds`), and
peak memory (`peak_memory_mib` for one call, `peak_rss_mib` for the process), and
an untrained GPT of any shape to time (`model_of_shape`).
Lesson 09 puts these beside the formulas of `helpers.flops` and `helpers.cost`.
Leaves out: training speed (`helpers.train.training_tokens_per_second` runs the
trainer), GPU timing (nothing here synchronises CUDA) and averages: a timing is the
best of a few repeats, because other programs only ever slow a run down.
"""

import io
import resource
import sys
import time

import torch
from torch.utils import flop_counter

from helpers.gpt import GPT, GPTConfig

# ---------------------------------------------------------------- FLOPs and bytes


def _cpu_attention_flop_formulas():
    """FLOP formulas for PyTorch's fused CPU attention kernels, which the counter does
    not list (it knows the GPU ones): its own GPU formulas, as the arithmetic is alike.
    """
    aten = torch.ops.aten

    def forward(query_shape, key_shape, value_shape, *args, out_shape=None, **kwargs):
        return flop_counter.sdpa_flop_count(query_shape, key_shape, value_shape)

    def backward(
        grad_out_shape,
        query_shape,
        key_shape,
        value_shape,
        *args,
        out_shape=None,
        **kwargs,
    ):
        return flop_counter.sdpa_backward_flop_count(
            grad_out_shape, query_shape, key_shape, value_shape
        )

    mapping = {}
    if hasattr(aten, "_scaled_dot_product_flash_attention_for_cpu"):
        mapping[aten._scaled_dot_product_flash_attention_for_cpu] = forward
    if hasattr(aten, "_scaled_dot_product_flash_attention_for_cpu_backward"):
        mapping[aten._scaled_dot_product_flash_attention_for_cpu_backward] = backward
    return mapping


def counted_flops(model, idx, targets=None, backward=False):
    """FLOPs PyTorch counts (`torch.utils.flop_counter.FlopCounterMode`) for one forward
    pass of `model` on idx (B, T), and the backward pass too if `backward`.

    Example: counted_flops(GPT(config), torch.zeros(1, 64, dtype=torch.long))
    """
    formulas = _cpu_attention_flop_formulas()
    with flop_counter.FlopCounterMode(
        display=False, custom_mapping=formulas
    ) as counter:
        if backward:
            _, loss = model(idx, idx if targets is None else targets)
            loss.backward()
        else:
            with torch.no_grad():
                model(idx)
    return counter.get_total_flops()


def saved_activation_bytes(model, idx, targets=None):
    """Bytes of float tensors autograd saves for the backward pass (parameters left
    out), measured with `torch.autograd.graph.saved_tensors_hooks` on one forward pass.

    Example: saved_activation_bytes(GPT(config), idx)  # see cost.activation_bytes
    """
    params = {p.untyped_storage().data_ptr() for p in model.parameters()}
    seen = {}

    def pack(t):
        storage = t.untyped_storage()
        if t.is_floating_point() and storage.data_ptr() not in params:
            seen[storage.data_ptr()] = storage.nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        model(idx, idx if targets is None else targets)
    return sum(seen.values())


def serialized_bytes(module):
    """Bytes of a module's state_dict written with torch.save to memory: the size on
    disk of models safetensors cannot store (quantized ones).

    Example: serialized_bytes(torch.nn.Linear(100, 100)) -> 42213 (40,400 of numbers)
    """
    buffer = io.BytesIO()
    torch.save(module.state_dict(), buffer)
    return buffer.tell()


# ---------------------------------------------------------------- seconds


def measure_matmul_peak(
    sizes=(512, 1024, 1536), repeats=5, seconds_per_try=0.15, dtype=torch.float32
):
    """Best GFLOP/s of square `dtype` matmuls at the current torch thread count.

    Each size is timed `repeats` times (each try ~`seconds_per_try`); the best
    try wins. This is the "100%" that MFU is measured against.
    Example: measure_matmul_peak() -> 131.7   (2 cores of a cloud AMD EPYC)
             measure_matmul_peak(dtype=torch.bfloat16) -> 415   (2 Zen 4 cores)
    """
    best = 0.0
    for n in sizes:
        a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
        out = torch.empty(n, n, dtype=dtype)
        flops = 2 * n**3
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


def best_seconds(fn, repeats=3, warmup=1):
    """The fastest of `repeats` timed calls of fn() after `warmup` untimed ones (min,
    not mean: other programs only ever slow a run down).

    Example: best_seconds(lambda: model(idx))
    """
    for _ in range(warmup):
        fn()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def model_of_shape(config, n_layer, n_embd, n_head, seed=0, **changes):
    """A fresh, untrained GPT (eval mode): `config` with another depth, width and number
    of heads, and any other `changes`. Speed and memory depend on the shape, not on what
    the weights learned, so it stands in for a trained model of that shape.
    Example: model_of_shape(GPTConfig(vocab_size=4096), 2, 128, 4).num_parameters()
             -> 929280
    """
    torch.manual_seed(seed)
    shape = {"n_layer": n_layer, "n_embd": n_embd, "n_head": n_head, **changes}
    return GPT(GPTConfig(**{**config.to_dict(), **shape})).eval()


def per_token_seconds(
    model, context, new_tokens=16, batch_size=1, use_kv_cache=True, repeats=3
):
    """Seconds per generated token (per step, for the whole batch) after a prompt of
    `context` tokens: the time to generate 1 + new_tokens minus the time to generate 1
    (the prompt's own pass), divided by new_tokens; each the best of `repeats`.
    Example: per_token_seconds(model, context=128)  # ~2 ms for 6 M parameters, 2 cores
    """
    if context + new_tokens > model.config.block_size:
        raise ValueError(
            f"context + new_tokens = {context + new_tokens} is more than "
            f"block_size {model.config.block_size}"
        )
    prompt = torch.randint(
        0,
        model.config.vocab_size,
        (batch_size, context),
        generator=torch.Generator().manual_seed(0),
    )  # (B, context)

    def run(n):
        return best_seconds(
            lambda: model.generate(prompt, n, top_k=1, use_kv_cache=use_kv_cache),
            repeats=repeats,
            warmup=1,
        )

    with_prompt = run(1 + new_tokens)
    difference = with_prompt - run(1)
    # Timer noise can make the difference vanish on a busy machine; then fall back to
    # the plain average, which counts the prompt's pass too: it errs on the slow side.
    return difference / new_tokens if difference > 0 else with_prompt / (1 + new_tokens)


def generation_seconds(
    model, new_tokens, batch_size=1, prompt_tokens=1, use_kv_cache=True, repeats=2
):
    """Best wall time to generate `new_tokens` greedily for a batch of prompts.

    Example: generation_seconds(model, 64, use_kv_cache=False)
    """
    if prompt_tokens + new_tokens - 1 > model.config.block_size:
        raise ValueError(
            f"prompt_tokens + new_tokens - 1 = {prompt_tokens + new_tokens - 1}"
            f" is more than block_size {model.config.block_size}; the cache "
            f"only helps within the context"
        )
    gen = torch.Generator().manual_seed(0)
    prompt = torch.randint(
        0, model.config.vocab_size, (batch_size, prompt_tokens), generator=gen
    )  # (B, prompt_tokens)
    return best_seconds(
        lambda: model.generate(prompt, new_tokens, top_k=1, use_kv_cache=use_kv_cache),
        repeats=repeats,
        warmup=0,
    )


def weight_reading_seconds(model, repeats=10):
    """What a batch-1 decoding step cannot beat: the best seconds of one pass over every
    linear layer of `model` (each block's four and the output layer, in the step's order)
    for a single token on one thread, and nothing else. Returns (seconds, bytes of
    weights read). The rest of a step (attention, GELU, LayerNorm, sampling) only adds
    to it. Each weight is used once per token, so the pass is as fast as memory
    delivers the weights: from the caches when they fit, else from main memory.

    Example: weight_reading_seconds(foundation)
        -> (0.0029, 23_417_856)   # 2-core AMD EPYC: 23 MB a token at about 8 GB/s
    """
    layers = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    if not layers:
        raise ValueError("the model has no linear layers to read")
    rows = [torch.zeros(1, layer.in_features) for layer in layers]  # one (1, C_in) each
    weight_bytes = sum(
        p.numel() * p.element_size() for layer in layers for p in layer.parameters()
    )

    def one_pass():
        for layer, row in zip(layers, rows):
            layer(row)  # (1, C_out)

    threads = torch.get_num_threads()
    torch.set_num_threads(
        1
    )  # as a decoding step runs (helpers.gpt.SERIAL_STEP_MAX_ROWS)
    try:
        with torch.inference_mode():
            seconds = best_seconds(one_pass, repeats=repeats, warmup=2)
    finally:
        torch.set_num_threads(threads)
    return seconds, weight_bytes


# ---------------------------------------------------------------- memory


def peak_memory_mib(fn):
    """Run fn(); return (its result, the peak resident memory above the start, in MiB).

    Linux only (it resets the kernel's high-water mark through /proc/self/clear_refs);
    elsewhere the memory is None. Example: _, mib = peak_memory_mib(lambda: model(idx))
    """

    def status(field):
        with open("/proc/self/status") as f:
            kib = next(int(line.split()[1]) for line in f if line.startswith(field))
            return kib / 1024

    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        before = status("VmRSS")
    except OSError:
        return fn(), None
    result = fn()
    return result, max(status("VmHWM") - before, 0.0)


def peak_rss_mib():
    """Peak resident memory of this process so far, in MiB (Linux: KiB, macOS: bytes).

    Example: peak_rss_mib() -> 412.3
    """
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024
