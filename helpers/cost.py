"""What a generative model costs: parameters, FLOPs, memory, GPUs, time, energy and money.

Handles: formulas for a GPT's parameters and FLOPs per token (forward and
training), memory for weights by dtype, Adam training state, activations and
the key/value cache (with grouped-query attention as an option), the GPUs
needed to host or train a model, training time, GPU-hours, implied MFU,
energy and money from stated assumptions; the published figures of a few
well-known models (`PUBLISHED`, `GPUS`); measuring our own models on this
machine (FLOPs counted by PyTorch, activation bytes saved for backward,
generation latency); and a command line:

    python -m helpers.cost train-flops --params 175e9 --tokens 300e9
    python -m helpers.cost gpus-to-host --params 70e9 --dtype bf16 --gpu-mem-gb 80
    python -m helpers.cost kv-cache --layers 80 --width 8192 --heads 64 --kv-heads 8 --context 4096 --dtype bf16
    (add --json for one machine-readable line)

Every formula says where it comes from. Sizes are in bytes; GB means 10^9
bytes, as GPU makers quote memory (an "80 GB" card holds 80 GiB = 85.9e9
bytes, which changes none of the answers in lesson 09).
Leaves out: communication time between GPUs, pipeline bubbles, optimizer
sharding (ZeRO) and serving schedulers; the lesson says where they matter.
"""
import argparse
import io
import json
import math
import numbers
import sys
import time

# ---------------------------------------------------------------- data types

DTYPE_BYTES = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0, "int8": 1.0, "int4": 0.5}
_DTYPE_ALIASES = {"float32": "fp32", "float": "fp32", "bfloat16": "bf16", "float16": "fp16", "half": "fp16"}


def bytes_per_parameter(dtype):
    """Bytes one number takes in `dtype`. Example: bytes_per_parameter('bf16') -> 2.0, ('int4') -> 0.5"""
    key = _DTYPE_ALIASES.get(str(dtype).lower(), str(dtype).lower())
    if key not in DTYPE_BYTES:
        raise ValueError(f"unknown dtype {dtype!r}; use one of {', '.join(DTYPE_BYTES)}")
    return DTYPE_BYTES[key]


def _check_positive(**values):
    for name, value in values.items():
        if not isinstance(value, numbers.Real) or isinstance(value, bool) or not math.isfinite(value) \
                or value <= 0:
            raise ValueError(f"{name} must be a positive number, got {value!r}")


# ---------------------------------------------------------------- parameters

def parameters(config, include_position=True):
    """Parameters of `GPT(config)`; equals `GPT(config).num_parameters()` exactly.

    Formula (GPT-2 architecture, biases on): V*C + T*C (embeddings) + L * (12 C^2 + 13 C)
    + 2 C (final LayerNorm). Delegates to `helpers.gpt.parameter_count`, the one implementation.
    Example: parameters(GPTConfig(vocab_size=65)) -> 809856
    """
    from helpers.gpt import parameter_count

    return parameter_count(config, include_position=include_position)


def matmul_parameters(config):
    """Weights that take part in matrix multiplications, the ones FLOP counters see.

    L * 12 C^2 (q, k, v, output projection, MLP 4C up and down) + V * C (the output
    layer, which shares the token embedding). Biases, LayerNorms and the
    position table are left out: they are additions and lookups.
    Example: matmul_parameters(GPTConfig(vocab_size=65)) -> 794752
    """
    L, C, V = config.n_layer, config.n_embd, config.vocab_size
    return L * 12 * C * C + V * C


# ---------------------------------------------------------------- FLOPs

def attention_flops_per_token(config, context=None):
    """Forward FLOPs per token of attention's two T x T matmuls, summed over layers: 4 * L * C * T.

    Q K^T and (weights) V each cost 2 * T * C multiply-adds per token and layer.
    Counted as the PaLM paper does (Chowdhery et al. 2022, appendix B), without the causal
    mask's saving, which is also how `torch.utils.flop_counter` counts it. `context`: the
    tokens attended to (default block_size).
    Example: attention_flops_per_token(GPTConfig(vocab_size=65)) -> 131072
    """
    T = config.block_size if context is None else context
    _check_positive(context=T)
    return 4 * config.n_layer * config.n_embd * T


def forward_flops_per_token(config, context=None):
    """Forward-pass FLOPs per token: 2 N + 4 L C T (Kaplan et al. 2020, Table 1; PaLM, appendix B).

    N is the parameter count without the position table (a lookup): every weight is
    used once per token in one multiply-add, 2 FLOPs. Biases and LayerNorms are in
    N but are not matmuls, so this is 1-2% above what a FLOP counter finds.
    Example: forward_flops_per_token(GPTConfig(vocab_size=65)) -> 1734400
    """
    return 2 * parameters(config, include_position=False) + attention_flops_per_token(config, context)


def training_flops_per_token(config, context=None):
    """Training FLOPs per token, forward + backward: 6 N + 12 L C T (Kaplan et al. 2020; PaLM).

    The backward pass costs twice the forward (gradients for the inputs and for the
    weights), so training is 3 x the forward. Same as `helpers.train.flops_per_token`.
    Example: training_flops_per_token(GPTConfig(vocab_size=65)) -> 5203200
    """
    return 3 * forward_flops_per_token(config, context)


def training_flops(params, tokens):
    """Total training compute, C = 6 N D (Kaplan et al. 2020, section 2.1).

    Example: training_flops(175e9, 300e9) -> 3.15e23   (GPT-3; Brown et al. 2020 report 3.14e23)
    """
    _check_positive(params=params, tokens=tokens)
    return 6.0 * params * tokens


def inference_flops(params, tokens=1):
    """Forward compute to process or generate `tokens` tokens, about 2 N per token.

    Example: inference_flops(7e9, 1000) -> 1.4e13
    """
    _check_positive(params=params, tokens=tokens)
    return 2.0 * params * tokens


def breakeven_tokens(training_tokens):
    """Tokens served after which inference compute equals training compute: 6 N D / 2 N = 3 D.

    Example: breakeven_tokens(300e9) -> 9e11   (GPT-3: after 900 billion served tokens)
    """
    _check_positive(training_tokens=training_tokens)
    return 3.0 * training_tokens


def chinchilla_tokens(params, tokens_per_parameter=20.0):
    """Compute-optimal training tokens, about 20 per parameter (Hoffmann et al. 2022).

    Example: chinchilla_tokens(70e9) -> 1.4e12   (Chinchilla itself: 70 B parameters, 1.4 T tokens)
    """
    _check_positive(params=params, tokens_per_parameter=tokens_per_parameter)
    return tokens_per_parameter * params


# ---------------------------------------------------------------- memory

def weight_bytes(params, dtype="bf16"):
    """Bytes to store the weights: params x bytes per number.

    Example: weight_bytes(70e9, 'bf16') -> 1.4e11   (140 GB)
    """
    _check_positive(params=params)
    return params * bytes_per_parameter(dtype)


# Bytes per parameter while training with Adam (Rajbhandari et al. 2020, ZeRO, section 3.1):
# mixed precision keeps bf16/fp16 weights (2) and gradients (2) plus fp32 master weights,
# momentum and variance (4 + 4 + 4); plain fp32 keeps weights, gradients, momentum, variance (4 x 4).
ADAM_BYTES_PER_PARAMETER = {"mixed": 16, "fp32": 16}


def training_state_bytes(params, mixed_precision=True):
    """Weights + gradients + Adam state, 16 bytes per parameter either way (ZeRO, section 3.1).

    Activations come on top (`activation_bytes`). Example: training_state_bytes(7e9) -> 1.12e11
    """
    _check_positive(params=params)
    return params * ADAM_BYTES_PER_PARAMETER["mixed" if mixed_precision else "fp32"]


def activation_bytes(config, batch_size, context=None, bytes_per_value=4):
    """Activations our GPT saves for the backward pass, in bytes (float32 by default).

    Per token: L * (16 C + n_head + 4) + 2 C + 2 + V numbers. Per block: the LayerNorm
    inputs and outputs (4 C) and their statistics (4), q, k, v (3 C), attention's output
    and its input to the projection (2 C) and softmax statistics (n_head), the MLP's
    4C-wide input and output of GELU (8 C); then the final LayerNorm (2 C + 2) and the
    logits (V). Counted with `saved_activation_bytes` on PyTorch's fused CPU attention.
    Korthikanti et al. 2022 (eq. 1) give the general form, 34 s b h + 5 a s^2 b bytes per
    layer in fp16 with dropout and without fused attention.
    Example: activation_bytes(GPTConfig(vocab_size=65), batch_size=12) -> 26256384   (26 MB)
    """
    T = config.block_size if context is None else context
    _check_positive(batch_size=batch_size, bytes_per_value=bytes_per_value, context=T)
    L, C, H, V = config.n_layer, config.n_embd, config.n_head, config.vocab_size
    per_token = L * (16 * C + H + 4) + 2 * C + 2 + V
    return batch_size * T * per_token * bytes_per_value


def kv_cache_bytes(n_layer, n_embd, context, batch_size=1, dtype="bf16", n_head=None, n_kv_head=None):
    """Bytes of the key/value cache: layers x 2 (k and v) x context x width x bytes x batch.

    With grouped-query attention (Ainslie et al. 2023) only `n_kv_head` of the `n_head`
    heads keep keys and values, so the width shrinks by n_kv_head / n_head.
    Example: kv_cache_bytes(80, 8192, 4096, dtype='bf16', n_head=64, n_kv_head=8) -> 1342177280
             (Llama 2 70B, one 4096-token sequence: 1.3 GB)
    """
    _check_positive(n_layer=n_layer, n_embd=n_embd, context=context, batch_size=batch_size)
    width = n_embd
    if n_head is not None:
        _check_positive(n_head=n_head)
        if n_embd % n_head:
            raise ValueError(f"n_embd ({n_embd}) must be a multiple of n_head ({n_head}); e.g. 8192 and 64")
    if n_kv_head is not None:
        if n_head is None:
            raise ValueError("n_kv_head needs n_head too (e.g. n_head=64, n_kv_head=8 for Llama 2 70B)")
        _check_positive(n_kv_head=n_kv_head)
        if n_head % n_kv_head:
            raise ValueError(f"n_head ({n_head}) must be a multiple of n_kv_head ({n_kv_head})")
        width = n_embd * n_kv_head // n_head
    return n_layer * 2 * context * width * bytes_per_parameter(dtype) * batch_size


# ---------------------------------------------------------------- GPUs, time, energy, money

def _check_overhead(overhead):
    """An overhead multiplies the memory, so below 1 it would hide part of it. Example: _check_overhead(1.2) -> None"""
    _check_positive(overhead=overhead)
    if overhead < 1:
        raise ValueError(f"overhead must be at least 1 (it multiplies the memory; 1.0 is none), got {overhead!r}; "
                         f"e.g. 1.2 for a 20% margin")


def gpus_to_host(params, dtype="bf16", gpu_mem_gb=80, overhead=1.0):
    """GPUs needed just to hold the weights: ceil(params x bytes x overhead / GPU memory).

    overhead 1.0 means weights only; add the KV cache and activations explicitly, or
    pass e.g. 1.2 for a rough 20% margin. GB = 1e9 bytes.
    Example: gpus_to_host(70e9, 'bf16', 80) -> 2;  gpus_to_host(175e9, 'bf16', 80) -> 5
    """
    _check_positive(gpu_mem_gb=gpu_mem_gb)
    _check_overhead(overhead)
    return math.ceil(weight_bytes(params, dtype) * overhead / (gpu_mem_gb * 1e9))


def gpus_to_train(params, gpu_mem_gb=80, bytes_per_param=16, overhead=1.0):
    """GPUs whose memory holds the training state (16 bytes per parameter with Adam), sharded
    across them as ZeRO stage 3 does; activations need more (overhead > 1).

    Example: gpus_to_train(175e9, 80) -> 35
    """
    _check_positive(params=params, gpu_mem_gb=gpu_mem_gb, bytes_per_param=bytes_per_param)
    _check_overhead(overhead)
    return math.ceil(params * bytes_per_param * overhead / (gpu_mem_gb * 1e9))


def gpu_hours(flops, peak_flops_per_gpu, mfu=0.4):
    """GPU-hours to do `flops` of work: flops / (peak x MFU) / 3600.

    MFU, model FLOPs utilisation, is the share of the peak the model's own FLOPs
    achieve (Chowdhery et al. 2022, PaLM, section 4.1 and appendix B).
    Example: gpu_hours(8.4e22, 312e12, 0.4) -> 186965   (Llama 2 7B on A100s; published 184,320)
    """
    _check_positive(flops=flops, peak_flops_per_gpu=peak_flops_per_gpu, mfu=mfu)
    if mfu > 1:
        raise ValueError(f"mfu is a fraction of the peak, got {mfu}; use e.g. 0.4 for 40%")
    return flops / (peak_flops_per_gpu * mfu) / 3600


def training_days(flops, n_gpus, peak_flops_per_gpu, mfu=0.4):
    """Wall-clock days on `n_gpus` GPUs, assuming perfect scaling across them.

    Example: training_days(3.14e23, 1024, 312e12, 0.4) -> 28.4
    """
    _check_positive(n_gpus=n_gpus)
    return gpu_hours(flops, peak_flops_per_gpu, mfu) / n_gpus / 24


def implied_mfu(flops, hours, peak_flops_per_gpu):
    """The MFU a published GPU-hour figure implies: flops / (GPU-hours x 3600 x peak).

    Example: implied_mfu(6 * 7e9 * 2e12, 184320, 312e12) -> 0.406   (Llama 2 7B)
    """
    _check_positive(flops=flops, hours=hours, peak_flops_per_gpu=peak_flops_per_gpu)
    return flops / (hours * 3600 * peak_flops_per_gpu)


def energy_kwh(hours, watts_per_gpu=400, pue=1.1):
    """Electricity in kWh: GPU-hours x watts / 1000 x PUE (data-centre overhead, an assumption).

    Example: energy_kwh(184320, 400, 1.0) -> 73728.0   (Llama 2 7B's GPUs at 400 W)
    """
    _check_positive(hours=hours, watts_per_gpu=watts_per_gpu, pue=pue)
    return hours * watts_per_gpu / 1000 * pue


def dollars(hours, price_per_gpu_hour=2.0):
    """Rental cost: GPU-hours x price. The default $2 per A100-hour is an assumption; edit it.

    Example: dollars(184320) -> 368640.0
    """
    _check_positive(hours=hours, price_per_gpu_hour=price_per_gpu_hour)
    return hours * price_per_gpu_hour


def typical_shape(params, width_per_layer=128):
    """A plausible (n_layer, n_embd) for a GPT of `params` parameters: N = 12 L d^2 with
    d = 128 L, the ratio GPT-3 175B (96 layers, width 12288) and Llama 2 7B (32, 4096) use.
    Example: typical_shape(175e9) -> (96, 12288)
    """
    _check_positive(params=params, width_per_layer=width_per_layer)
    n_layer = max(1, round((params / (12 * width_per_layer ** 2)) ** (1 / 3)))
    return n_layer, n_layer * width_per_layer


def hosting_plan(params, dtype="bf16", gpu_mem_gb=80, users=1, context=4096, kv_dtype="bf16"):
    """GB of weights and of KV cache (for `users` conversations of `context` tokens, on a
    `typical_shape` without grouped-query attention), and the GPUs that hold both.

    Example: hosting_plan(70e9, 'bf16', 80, users=1)['gpus'] -> 2
    """
    _check_positive(users=users, context=context)
    n_layer, n_embd = typical_shape(params)
    weights = weight_bytes(params, dtype) / 1e9
    kv = kv_cache_bytes(n_layer, n_embd, context, users, kv_dtype) / 1e9
    return {"params": params, "dtype": dtype, "gpu_mem_gb": gpu_mem_gb, "n_layer": n_layer, "n_embd": n_embd,
            "weights_gb": weights, "kv_cache_gb": kv, "gpus_weights_only": gpus_to_host(params, dtype, gpu_mem_gb),
            "gpus": math.ceil((weights + kv) / gpu_mem_gb)}


# ---------------------------------------------------------------- published figures

# Dense (no sparsity) peak tensor-core FLOP/s per GPU at bf16/fp16, from NVIDIA's data sheets.
GPUS = {
    "V100": {"peak_flops": 125e12, "memory_gb": 32, "source": "NVIDIA V100 data sheet (fp16 tensor core)"},
    "A100": {"peak_flops": 312e12, "memory_gb": 80, "source": "NVIDIA A100 data sheet (bf16 tensor core, dense)"},
    "H100": {"peak_flops": 989e12, "memory_gb": 80, "source": "NVIDIA H100 SXM data sheet (bf16, dense)"},
}

# Figures as the papers state them. Parameter counts are the nominal sizes.
PUBLISHED = {
    "GPT-3 175B": {"params": 175e9, "tokens": 300e9, "train_flops": 3.14e23, "gpu": "V100",
                   "source": "Brown et al. 2020, Language Models are Few-Shot Learners, Table D.1"},
    "Chinchilla 70B": {"params": 70e9, "tokens": 1.4e12, "gpu": None,
                       "source": "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models"},
    "Llama 2 7B": {"params": 7e9, "tokens": 2e12, "gpu_hours": 184_320, "gpu": "A100", "watts": 400,
                   "source": "Touvron et al. 2023, Llama 2, Table 2 (A100-80GB)"},
    "Llama 2 70B": {"params": 70e9, "tokens": 2e12, "gpu_hours": 1_720_320, "gpu": "A100", "watts": 400,
                    "source": "Touvron et al. 2023, Llama 2, Table 2 (A100-80GB)"},
}


def model_costs(name, params, tokens, reported_flops=None, reported_gpu_hours=None, gpu=None, gpu_mem_gb=80,
                n_gpus=1024, mfu=0.4):
    """One model's costs by our formulas, beside the figures its authors report.

    Returns a dict: model, params, tokens, tokens_per_param, train_flops (6 N D), published_flops
    and published_gpu_hours (as reported, or None), gpu, GB to host at bf16/int8/int4 and 80 GB
    GPUs needed for each, GPUs to hold the Adam training state, and, when the GPU is known,
    implied_mfu (from the reported GPU-hours) and the days the training would take on
    `n_gpus` of that GPU at `mfu`.
    Example: model_costs('ours', 5.85e6, 2.46e6)['train_flops'] -> 8.63e13   (our 5.85 M-parameter GPT on 2.46 M tokens)
    """
    flops = training_flops(params, tokens)
    row = {"model": name, "params": params, "tokens": tokens, "tokens_per_param": tokens / params,
           "train_flops": flops, "published_flops": reported_flops, "published_gpu_hours": reported_gpu_hours,
           "gpu": gpu}
    for dtype in ("bf16", "int8", "int4"):
        row[f"gb_{dtype}"] = weight_bytes(params, dtype) / 1e9
        row[f"gpus_{dtype}"] = gpus_to_host(params, dtype, gpu_mem_gb)
    row["gpus_to_train"] = gpus_to_train(params, gpu_mem_gb)
    if gpu:
        if gpu not in GPUS:
            raise ValueError(f"unknown GPU {gpu!r}; choose from {', '.join(GPUS)}")
        peak = GPUS[gpu]["peak_flops"]
        row["implied_mfu"] = implied_mfu(flops, reported_gpu_hours, peak) if reported_gpu_hours else None
        row["days_on_cluster"] = training_days(flops, n_gpus, peak, mfu)
    else:
        row["implied_mfu"] = row["days_on_cluster"] = None
    return row


def published_model_costs(name, gpu_mem_gb=80, n_gpus=1024, mfu=0.4):
    """`model_costs` for one of the PUBLISHED models, with the figures its paper gives.

    Example: published_model_costs('GPT-3 175B')['gpus_bf16'] -> 5
    """
    if name not in PUBLISHED:
        raise ValueError(f"unknown model {name!r}; choose from {', '.join(PUBLISHED)}")
    m = PUBLISHED[name]
    return model_costs(name, m["params"], m["tokens"], m.get("train_flops"), m.get("gpu_hours"), m["gpu"],
                       gpu_mem_gb, n_gpus, mfu)


# ---------------------------------------------------------------- measuring our models

def _cpu_attention_flop_formulas():
    """FLOP formulas for PyTorch's fused CPU attention kernels, which the counter does not list
    (it knows the GPU ones): we reuse its own GPU formulas, since the arithmetic is the same."""
    import torch
    from torch.utils import flop_counter

    aten = torch.ops.aten

    def forward(query_shape, key_shape, value_shape, *args, out_shape=None, **kwargs):
        return flop_counter.sdpa_flop_count(query_shape, key_shape, value_shape)

    def backward(grad_out_shape, query_shape, key_shape, value_shape, *args, out_shape=None, **kwargs):
        return flop_counter.sdpa_backward_flop_count(grad_out_shape, query_shape, key_shape, value_shape)

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
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    with FlopCounterMode(display=False, custom_mapping=_cpu_attention_flop_formulas()) as counter:
        if backward:
            _, loss = model(idx, idx if targets is None else targets)
            loss.backward()
        else:
            with torch.no_grad():
                model(idx)
    return counter.get_total_flops()


def saved_activation_bytes(model, idx, targets=None):
    """Bytes of float tensors autograd saves for the backward pass (parameters excluded),
    measured with `torch.autograd.graph.saved_tensors_hooks` on one forward pass.

    Example: saved_activation_bytes(GPT(config), idx)  # compare with activation_bytes(config, B)
    """
    import torch

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
    """Bytes of a module's state_dict written with torch.save to memory: the size on disk
    for models safetensors cannot store (quantized ones). Example: serialized_bytes(model)"""
    import torch

    buffer = io.BytesIO()
    torch.save(module.state_dict(), buffer)
    return buffer.tell()


def best_seconds(fn, repeats=3, warmup=1):
    """The fastest of `repeats` timed calls of fn() after `warmup` untimed ones (min, not mean:
    other programs only ever slow a run down). Example: best_seconds(lambda: model(idx))"""
    for _ in range(warmup):
        fn()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


# The foundation model's shape: helpers.pretrain trains it (lesson 06) and lesson 09 measures it.
# tests/test_cost.py checks that the shipped checkpoint (data/foundation) has exactly this shape.
FOUNDATION_SHAPE = dict(vocab_size=4096, block_size=256, n_layer=6, n_head=4, n_embd=256)


def peak_memory_mib(fn):
    """Run fn(); return (its result, the peak resident memory above the start, in MiB).

    Linux only (it resets the kernel's high-water mark through /proc/self/clear_refs);
    elsewhere the memory is None. Example: _, mib = peak_memory_mib(lambda: model(idx))
    """
    def status(field):
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith(field)) / 1024

    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        before = status("VmRSS")
    except OSError:
        return fn(), None
    result = fn()
    return result, max(status("VmHWM") - before, 0.0)


def per_token_seconds(model, context, new_tokens=16, batch_size=1, use_kv_cache=True, repeats=3):
    """Seconds per generated token (per step, for the whole batch) after a prompt of `context`
    tokens: the time to generate 1 + new_tokens minus the time to generate 1 (the prompt's
    own pass), divided by new_tokens; each the best of `repeats`.
    Example: per_token_seconds(model, context=128)   # about 2 ms for 6 M parameters on 2 cores
    """
    import torch

    if context + new_tokens > model.config.block_size:
        raise ValueError(f"context + new_tokens = {context + new_tokens} is more than block_size "
                         f"{model.config.block_size}")
    prompt = torch.randint(0, model.config.vocab_size, (batch_size, context),
                           generator=torch.Generator().manual_seed(0))

    def run(n):
        return best_seconds(lambda: model.generate(prompt, n, top_k=1, use_kv_cache=use_kv_cache),
                            repeats=repeats, warmup=1)

    with_prompt = run(1 + new_tokens)
    difference = with_prompt - run(1)
    # Timer noise can make the difference vanish on a busy machine; then fall back to the plain
    # average, which counts the prompt's pass too and so errs on the slow side.
    return difference / new_tokens if difference > 0 else with_prompt / (1 + new_tokens)


def training_tokens_per_second(model, batch_size=12, steps=20, seed=0):
    """Tokens per second of `helpers.train.train` on random ids (the speed does not depend on
    the text). Example: training_tokens_per_second(GPT(GPTConfig(vocab_size=65)))"""
    import torch

    from helpers.train import train

    ids = torch.randint(0, model.config.vocab_size, (50_000,), generator=torch.Generator().manual_seed(seed))
    history = train(model, ids, steps=steps, batch_size=batch_size, eval_every=10 ** 9, progress=False,
                    warmup_steps=1, seed=seed)
    return history[-1]["tokens_per_s"]


def generation_seconds(model, new_tokens, batch_size=1, prompt_tokens=1, use_kv_cache=True, repeats=2):
    """Best wall time to generate `new_tokens` greedily for a batch of prompts.

    Example: generation_seconds(model, 64, use_kv_cache=False) / generation_seconds(model, 64)
    """
    import torch

    if prompt_tokens + new_tokens - 1 > model.config.block_size:
        raise ValueError(f"prompt_tokens + new_tokens - 1 = {prompt_tokens + new_tokens - 1} is more than "
                         f"block_size {model.config.block_size}; the cache only helps within the context")
    gen = torch.Generator().manual_seed(0)
    prompt = torch.randint(0, model.config.vocab_size, (batch_size, prompt_tokens), generator=gen)
    return best_seconds(lambda: model.generate(prompt, new_tokens, top_k=1, use_kv_cache=use_kv_cache),
                        repeats=repeats, warmup=0)


# ---------------------------------------------------------------- command line

def _number(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number; write e.g. 70e9") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be a positive number")
    return value


def _whole(text):
    value = _number(text)
    if value != int(value):
        raise argparse.ArgumentTypeError(f"{text} must be a whole number")
    return int(value)


def _multiplier(text):
    value = _number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1 (it multiplies the memory; 1.0 is none), "
                                         f"e.g. 1.2 for a 20% margin")
    return value


def _fraction(text):
    value = _number(text)
    if value > 1:
        raise argparse.ArgumentTypeError(f"{text} must be a fraction in (0, 1], e.g. 0.4 for 40%")
    return value


def build_parser():
    p = argparse.ArgumentParser(prog="python -m helpers.cost",
                                description="What a generative model costs, by the formulas of lesson 09.")
    sub = p.add_subparsers(dest="command", required=True)
    dtypes = list(DTYPE_BYTES) + list(_DTYPE_ALIASES)

    t = sub.add_parser("train-flops", help="training compute 6 N D, and time and GPU-hours on a cluster")
    t.add_argument("--params", type=_number, required=True, help="parameters, e.g. 175e9")
    t.add_argument("--tokens", type=_number, required=True, help="training tokens, e.g. 300e9")
    t.add_argument("--gpu", choices=list(GPUS), default="A100", help="GPU kind (sets the peak)")
    t.add_argument("--gpus", type=_whole, default=1024, help="GPUs in the cluster")
    t.add_argument("--mfu", type=_fraction, default=0.4, help="model FLOPs utilisation, e.g. 0.4")
    t.add_argument("--price", type=_number, default=2.0, help="dollars per GPU-hour (an assumption)")

    h = sub.add_parser("gpus-to-host", help="GPUs needed just to hold the weights")
    h.add_argument("--params", type=_number, required=True)
    h.add_argument("--dtype", choices=dtypes, default="bf16")
    h.add_argument("--gpu-mem-gb", type=_number, default=80)
    h.add_argument("--overhead", type=_multiplier, default=1.0, help="multiplier on the weights (1.0: weights only)")

    g = sub.add_parser("gpus-to-train", help="GPUs needed to hold weights, gradients and Adam state")
    g.add_argument("--params", type=_number, required=True)
    g.add_argument("--gpu-mem-gb", type=_number, default=80)
    g.add_argument("--overhead", type=_multiplier, default=1.0, help="multiplier on the state (1.0: none)")

    k = sub.add_parser("kv-cache", help="bytes of the key/value cache")
    k.add_argument("--layers", type=_whole, required=True)
    k.add_argument("--width", type=_whole, required=True, help="model width (d_model)")
    k.add_argument("--context", type=_whole, required=True, help="tokens kept per sequence")
    k.add_argument("--batch", type=_whole, default=1, help="sequences served at once")
    k.add_argument("--dtype", choices=dtypes, default="bf16")
    k.add_argument("--heads", type=_whole, default=None, help="attention heads (with --kv-heads)")
    k.add_argument("--kv-heads", type=_whole, default=None, help="key/value heads, for grouped-query attention")

    for s in (t, h, g, k):
        s.add_argument("--json", action="store_true", help="print one JSON line instead of text")
    return p


def run_command(args):
    """The figures one command computes, as a dict (what --json prints)."""
    if args.command == "train-flops":
        flops = training_flops(args.params, args.tokens)
        peak = GPUS[args.gpu]["peak_flops"]
        hours = gpu_hours(flops, peak, args.mfu)
        return {"params": args.params, "tokens": args.tokens, "train_flops": flops, "gpu": args.gpu,
                "gpus": args.gpus, "mfu": args.mfu, "gpu_hours": hours,
                "days": training_days(flops, args.gpus, peak, args.mfu),
                "dollars": dollars(hours, args.price)}
    if args.command == "gpus-to-host":
        return {"params": args.params, "dtype": args.dtype, "weights_gb": weight_bytes(args.params, args.dtype) / 1e9,
                "gpu_mem_gb": args.gpu_mem_gb, "overhead": args.overhead,
                "gpus": gpus_to_host(args.params, args.dtype, args.gpu_mem_gb, args.overhead)}
    if args.command == "gpus-to-train":
        return {"params": args.params, "state_gb": training_state_bytes(args.params) / 1e9,
                "gpu_mem_gb": args.gpu_mem_gb,
                "gpus": gpus_to_train(args.params, args.gpu_mem_gb, overhead=args.overhead)}
    if args.command == "kv-cache":
        n = kv_cache_bytes(args.layers, args.width, args.context, args.batch, args.dtype,
                           args.heads, args.kv_heads)
        return {"layers": args.layers, "width": args.width, "context": args.context, "batch": args.batch,
                "dtype": args.dtype, "heads": args.heads, "kv_heads": args.kv_heads, "bytes": n,
                "gb": n / 1e9, "bytes_per_token": n / (args.context * args.batch)}
    raise ValueError(f"unknown command {args.command!r}")


def format_result(command, r):
    """The figures of `run_command` as a few readable lines."""
    if command == "train-flops":
        return (f"training compute 6 N D = 6 x {r['params']:.3g} x {r['tokens']:.3g} = {r['train_flops']:.3g} FLOPs\n"
                f"on {r['gpu']}s at MFU {r['mfu']:.0%}: {r['gpu_hours']:,.0f} GPU-hours, "
                f"{r['days']:,.1f} days on {r['gpus']:,} GPUs, about ${r['dollars']:,.0f}")
    if command == "gpus-to-host":
        return (f"{r['params']:.3g} parameters at {r['dtype']}: {r['weights_gb']:,.1f} GB of weights "
                f"-> {r['gpus']} GPU(s) of {r['gpu_mem_gb']:g} GB (overhead x{r['overhead']:g})")
    if command == "gpus-to-train":
        return (f"{r['params']:.3g} parameters x 16 bytes (weights, gradients, Adam) = {r['state_gb']:,.1f} GB "
                f"-> {r['gpus']} GPU(s) of {r['gpu_mem_gb']:g} GB, before activations")
    return (f"KV cache: {r['bytes'] / 1e9:,.3f} GB ({r['bytes_per_token'] / 1e6:.3f} MB per token) for "
            f"{r['batch']} sequence(s) of {r['context']:,} tokens at {r['dtype']}")


def _join_negative_values(argv):
    """['--params', '-7e9'] -> ['--params=-7e9'], so argparse reports the bad number, not a missing one."""
    out = []
    for arg in argv:
        if out and out[-1].startswith("--") and "=" not in out[-1] and arg[:1] == "-" and arg[1:2].isdigit():
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def _kv_option_problem(args):
    """What is wrong with kv-cache's --width, --heads and --kv-heads, in the options' own names; None if nothing.

    Example: --width 10 --heads 3 -> '--width 10 must be a multiple of --heads 3, e.g. --width 8192 --heads 64'
    """
    if args.kv_heads is not None and args.heads is None:
        return "--kv-heads needs --heads too, e.g. --heads 64 --kv-heads 8 for Llama 2 70B"
    if args.heads is not None and args.width % args.heads:
        return f"--width {args.width} must be a multiple of --heads {args.heads}, e.g. --width 8192 --heads 64"
    if args.kv_heads is not None and args.heads % args.kv_heads:
        return f"--heads {args.heads} must be a multiple of --kv-heads {args.kv_heads}, e.g. --heads 64 --kv-heads 8"
    return None


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(_join_negative_values(sys.argv[1:] if argv is None else list(argv)))
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
