"""What a generative model costs, from its size: FLOPs, memory, GPUs, time and money.

Handles: training and inference compute from parameters and tokens (6 N D, 2 N),
memory for weights by dtype, Adam training state, activations and the key/value cache
(with grouped-query attention as an option), the GPUs needed to host or train a
model, training time, GPU-hours, implied MFU, energy and money from stated
assumptions, and a hosting plan. Every formula says where it comes from. Sizes are in
bytes; GB means 10^9 bytes, as GPU makers quote memory (an "80 GB" card holds 80 GiB
= 85.9e9 bytes, which changes none of the answers in lesson 09). Beside it:
`helpers.cost.published` (figures that papers and data sheets report, and our
formulas beside them) and the command line (`__main__.py`):

    python -m helpers.cost train-flops --params 175e9 --tokens 300e9

Leaves out: FLOPs per token of one of our GPTs (`helpers.flops`), measuring on this
machine (`helpers.measure`), communication time between GPUs, pipeline bubbles,
optimizer sharding (ZeRO) and serving schedulers; lesson 09 says where they matter.
"""

import math
import numbers

# ---------------------------------------------------------------- data types

DTYPE_BYTES = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0, "int8": 1.0, "int4": 0.5}
DTYPE_ALIASES = {
    "float32": "fp32",
    "float": "fp32",
    "bfloat16": "bf16",
    "float16": "fp16",
    "half": "fp16",
}


def bytes_per_parameter(dtype):
    """Bytes one number takes in `dtype`.

    Example: bytes_per_parameter('bf16') -> 2.0; bytes_per_parameter('int4') -> 0.5
    """
    key = DTYPE_ALIASES.get(str(dtype).lower(), str(dtype).lower())
    if key not in DTYPE_BYTES:
        raise ValueError(
            f"unknown dtype {dtype!r}; use one of {', '.join(DTYPE_BYTES)}"
        )
    return DTYPE_BYTES[key]


def _check_positive(**values):
    """Raise ValueError naming the first value that is not a finite number > 0.

    Example: _check_positive(params=-1) -> ValueError: params must be a positive number
    """
    for name, value in values.items():
        if (
            not isinstance(value, numbers.Real)
            or isinstance(value, bool)
            or not math.isfinite(value)
            or value <= 0
        ):
            raise ValueError(f"{name} must be a positive number, got {value!r}")


# ---------------------------------------------------------------- FLOPs from N and D


def training_flops(params, tokens):
    """Total training compute, C = 6 N D (Kaplan et al. 2020, section 2.1).

    Example: training_flops(175e9, 300e9) -> 3.15e23   (GPT-3; its paper says 3.14e23)
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
    """Tokens served until inference compute equals training compute: 6 N D / 2 N = 3 D.

    Example: breakeven_tokens(300e9) -> 9e11   (GPT-3: after 900 billion served tokens)
    """
    _check_positive(training_tokens=training_tokens)
    return 3.0 * training_tokens


def chinchilla_tokens(params, tokens_per_parameter=20.0):
    """Compute-optimal training tokens, about 20 per parameter (Hoffmann et al. 2022).

    Example: chinchilla_tokens(70e9) -> 1.4e12   (Chinchilla: 70 B parameters, 1.4 T)
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


# Bytes per parameter while training with Adam (Rajbhandari et al. 2020, ZeRO, 3.1), the
# same 16 either way: mixed precision keeps bf16/fp16 weights and gradients (2 + 2) plus
# fp32 master weights, momentum and variance (4 + 4 + 4); plain fp32 keeps weights,
# gradients, momentum and variance (4 x 4).
ADAM_BYTES_PER_PARAMETER = 16


def training_state_bytes(params):
    """Weights + gradients + Adam state: 16 bytes per parameter (ZeRO, section 3.1).

    Activations come on top (`activation_bytes`).
    Example: training_state_bytes(7e9) -> 1.12e11
    """
    _check_positive(params=params)
    return params * ADAM_BYTES_PER_PARAMETER


def activation_bytes(config, batch_size, context=None, bytes_per_value=4):
    """Activations our GPT saves for the backward pass, in bytes (float32 by default).

    Per token: L * (16 C + n_head + 4) + 2 C + 2 + V numbers. Per block: the LayerNorm
    inputs and outputs (4 C) and their statistics (4), q, k, v (3 C), attention's output
    and its input to the projection (2 C) and softmax statistics (n_head), the MLP's
    4C-wide input and output of GELU (8 C); then the final LayerNorm (2 C + 2) and the
    logits (V). Counted with `helpers.measure.saved_activation_bytes` on PyTorch's
    fused CPU attention. Korthikanti et al. 2022 (eq. 1) give the general form,
    34 s b h + 5 a s^2 b bytes per layer in fp16 with dropout and no fused attention.
    Example: activation_bytes(GPTConfig(vocab_size=65), batch_size=12) -> 26256384
    """
    T = config.block_size if context is None else context
    _check_positive(batch_size=batch_size, bytes_per_value=bytes_per_value, context=T)
    L, C, H, V = config.n_layer, config.n_embd, config.n_head, config.vocab_size
    per_token = L * (16 * C + H + 4) + 2 * C + 2 + V
    return batch_size * T * per_token * bytes_per_value


def kv_cache_bytes(
    n_layer, n_embd, context, batch_size=1, dtype="bf16", n_head=None, n_kv_head=None
):
    """Key/value cache bytes: layers x 2 (k and v) x context x width x bytes x batch.

    With grouped-query attention (Ainslie et al. 2023) only `n_kv_head` of the `n_head`
    heads keep keys and values, so the width shrinks by n_kv_head / n_head.
    Example: kv_cache_bytes(80, 8192, 4096, dtype='bf16', n_head=64, n_kv_head=8)
             -> 1342177280   (Llama 2 70B, one 4096-token sequence: 1.3 GB)
    """
    _check_positive(
        n_layer=n_layer, n_embd=n_embd, context=context, batch_size=batch_size
    )
    width = n_embd
    if n_head is not None:
        _check_positive(n_head=n_head)
        if n_embd % n_head:
            raise ValueError(
                f"n_embd ({n_embd}) must be a multiple of n_head ({n_head}); "
                f"e.g. 8192 and 64"
            )
    if n_kv_head is not None:
        if n_head is None:
            raise ValueError(
                "n_kv_head needs n_head too (e.g. n_head=64, n_kv_head=8 for "
                "Llama 2 70B)"
            )
        _check_positive(n_kv_head=n_kv_head)
        if n_head % n_kv_head:
            raise ValueError(
                f"n_head ({n_head}) must be a multiple of n_kv_head ({n_kv_head})"
            )
        width = n_embd * n_kv_head // n_head
    return n_layer * 2 * context * width * bytes_per_parameter(dtype) * batch_size


# ------------------------------------------------------------ GPUs, time, energy, money


def _check_overhead(overhead):
    """An overhead multiplies the memory, so below 1 it would hide part of it.

    Example: _check_overhead(0.5) -> ValueError: overhead must be at least 1 ...
    """
    _check_positive(overhead=overhead)
    if overhead < 1:
        raise ValueError(
            f"overhead must be at least 1 (it multiplies the memory; 1.0 is none), "
            f"got {overhead!r}; e.g. 1.2 for a 20% margin"
        )


def gpus_to_host(params, dtype="bf16", gpu_mem_gb=80, overhead=1.0):
    """GPUs needed just to hold the weights: ceil(params x bytes x overhead / memory).

    overhead 1.0 means weights only; add the KV cache and activations explicitly, or
    pass e.g. 1.2 for a rough 20% margin. GB = 1e9 bytes.
    Example: gpus_to_host(70e9, 'bf16', 80) -> 2;  gpus_to_host(175e9, 'bf16', 80) -> 5
    """
    _check_positive(gpu_mem_gb=gpu_mem_gb)
    _check_overhead(overhead)
    return math.ceil(weight_bytes(params, dtype) * overhead / (gpu_mem_gb * 1e9))


def gpus_to_train(
    params, gpu_mem_gb=80, bytes_per_param=ADAM_BYTES_PER_PARAMETER, overhead=1.0
):
    """GPUs whose memory holds the training state (16 bytes per parameter with Adam),
    sharded across them as ZeRO stage 3 does; activations need more (overhead > 1).

    Example: gpus_to_train(175e9, 80) -> 35
    """
    _check_positive(
        params=params, gpu_mem_gb=gpu_mem_gb, bytes_per_param=bytes_per_param
    )
    _check_overhead(overhead)
    return math.ceil(params * bytes_per_param * overhead / (gpu_mem_gb * 1e9))


def gpu_hours(flops, peak_flops_per_gpu, mfu=0.4):
    """GPU-hours to do `flops` of work: flops / (peak x MFU) / 3600.

    MFU, model FLOPs utilisation, is the share of the peak the model's own FLOPs
    achieve (Chowdhery et al. 2022, PaLM, section 4.1 and appendix B).
    Example: gpu_hours(8.4e22, 312e12, 0.4) -> 186965   (Llama 2 7B; published 184,320)
    """
    _check_positive(flops=flops, peak_flops_per_gpu=peak_flops_per_gpu, mfu=mfu)
    if mfu > 1:
        raise ValueError(
            f"mfu is a fraction of the peak, got {mfu}; use e.g. 0.4 for 40%"
        )
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
    """Electricity in kWh: GPU-hours x watts / 1000 x PUE (data-centre overhead).

    Example: energy_kwh(184320, 400, 1.0) -> 73728.0   (Llama 2 7B's GPUs at 400 W)
    """
    _check_positive(hours=hours, watts_per_gpu=watts_per_gpu, pue=pue)
    return hours * watts_per_gpu / 1000 * pue


def dollars(hours, price_per_gpu_hour=2.0):
    """Rental cost: GPU-hours x price. The default $2 per A100-hour is an assumption.

    Example: dollars(184320) -> 368640.0
    """
    _check_positive(hours=hours, price_per_gpu_hour=price_per_gpu_hour)
    return hours * price_per_gpu_hour


# ---------------------------------------------------------------- hosting plan


def typical_shape(params, width_per_layer=128):
    """A plausible (n_layer, n_embd) for a GPT of `params` parameters: N = 12 L d^2
    with d = 128 L, the ratio of GPT-3 175B (96 layers, width 12288) and Llama 2 7B
    (32, 4096).
    Example: typical_shape(175e9) -> (96, 12288)
    """
    _check_positive(params=params, width_per_layer=width_per_layer)
    n_layer = max(1, round((params / (12 * width_per_layer**2)) ** (1 / 3)))
    return n_layer, n_layer * width_per_layer


def hosting_plan(
    params, dtype="bf16", gpu_mem_gb=80, users=1, context=4096, kv_dtype="bf16"
):
    """GB of weights and of KV cache (for `users` conversations of `context` tokens, on
    a `typical_shape` without grouped-query attention), and the GPUs that hold both.

    Example: hosting_plan(70e9, 'bf16', 80, users=1)['gpus'] -> 2
    """
    _check_positive(users=users, context=context)
    n_layer, n_embd = typical_shape(params)
    weights = weight_bytes(params, dtype) / 1e9
    kv = kv_cache_bytes(n_layer, n_embd, context, users, kv_dtype) / 1e9
    return {
        "params": params,
        "dtype": dtype,
        "gpu_mem_gb": gpu_mem_gb,
        "n_layer": n_layer,
        "n_embd": n_embd,
        "weights_gb": weights,
        "kv_cache_gb": kv,
        "gpus_weights_only": gpus_to_host(params, dtype, gpu_mem_gb),
        "gpus": math.ceil((weights + kv) / gpu_mem_gb),
    }
