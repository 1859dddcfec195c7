"""Published figures: a few well-known models and GPUs, and our formulas beside them.

Handles: the peak FLOP/s and memory of three NVIDIA GPUs (`GPUS`), the sizes,
tokens, compute and GPU-hours four papers report (`PUBLISHED`), and one row of costs
for any model by the formulas of `helpers.cost` next to the figures its authors give
(`model_costs`, `published_model_costs`), as lesson 09b's tables show them.
Leaves out: models whose papers do not state their training compute or GPU-hours, and
prices (a GPU-hour's price is an assumption: `helpers.cost.dollars`).
"""

from helpers.cost import (
    gpus_to_host,
    gpus_to_train,
    implied_mfu,
    training_days,
    training_flops,
    weight_bytes,
)

# Dense (no sparsity) peak tensor-core FLOP/s per GPU at bf16/fp16, from NVIDIA's data
# sheets.
GPUS = {
    "V100": {
        "peak_flops": 125e12,
        "memory_gb": 32,
        "source": "NVIDIA V100 data sheet (fp16 tensor core)",
    },
    "A100": {
        "peak_flops": 312e12,
        "memory_gb": 80,
        "source": "NVIDIA A100 data sheet (bf16 tensor core, dense)",
    },
    "H100": {
        "peak_flops": 989e12,
        "memory_gb": 80,
        "source": "NVIDIA H100 SXM data sheet (bf16, dense)",
    },
}

# Figures as the papers state them. Parameter counts are the nominal sizes.
PUBLISHED = {
    "GPT-3 175B": {
        "params": 175e9,
        "tokens": 300e9,
        "train_flops": 3.14e23,
        "gpu": "V100",
        "source": "Brown et al. 2020, Language Models are Few-Shot Learners, Table D.1",
    },
    "Chinchilla 70B": {
        "params": 70e9,
        "tokens": 1.4e12,
        "gpu": None,
        "source": "Hoffmann et al. 2022, Training Compute-Optimal Large "
        "Language Models",
    },
    "Llama 2 7B": {
        "params": 7e9,
        "tokens": 2e12,
        "gpu_hours": 184_320,
        "gpu": "A100",
        "watts": 400,
        "source": "Touvron et al. 2023, Llama 2, Table 2 (A100-80GB)",
    },
    "Llama 2 70B": {
        "params": 70e9,
        "tokens": 2e12,
        "gpu_hours": 1_720_320,
        "gpu": "A100",
        "watts": 400,
        "source": "Touvron et al. 2023, Llama 2, Table 2 (A100-80GB)",
    },
}


def model_costs(
    name,
    params,
    tokens,
    reported_flops=None,
    reported_gpu_hours=None,
    gpu=None,
    gpu_mem_gb=80,
    n_gpus=1024,
    mfu=0.4,
):
    """One model's costs by our formulas, beside the figures its authors report.

    Returns a dict: model, params, tokens, tokens_per_param, train_flops (6 N D),
    published_flops and published_gpu_hours (as reported, or None), gpu, GB to host at
    bf16/int8/int4 and 80 GB GPUs needed for each, GPUs to hold the Adam training state,
    and, when the GPU is known, implied_mfu (from the reported GPU-hours) and the days
    the training would take on `n_gpus` of that GPU at `mfu`.
    Example: model_costs('ours', 5.85e6, 2.46e6)['train_flops'] -> 8.63e13
             (our 5.85 M-parameter GPT on 2.46 M tokens)
    """
    flops = training_flops(params, tokens)
    row = {
        "model": name,
        "params": params,
        "tokens": tokens,
        "tokens_per_param": tokens / params,
        "train_flops": flops,
        "published_flops": reported_flops,
        "published_gpu_hours": reported_gpu_hours,
        "gpu": gpu,
    }
    for dtype in ("bf16", "int8", "int4"):
        row[f"gb_{dtype}"] = weight_bytes(params, dtype) / 1e9
        row[f"gpus_{dtype}"] = gpus_to_host(params, dtype, gpu_mem_gb)
    row["gpus_to_train"] = gpus_to_train(params, gpu_mem_gb)
    if gpu:
        if gpu not in GPUS:
            raise ValueError(f"unknown GPU {gpu!r}; choose from {', '.join(GPUS)}")
        peak = GPUS[gpu]["peak_flops"]
        row["implied_mfu"] = (
            implied_mfu(flops, reported_gpu_hours, peak) if reported_gpu_hours else None
        )
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
    return model_costs(
        name,
        m["params"],
        m["tokens"],
        m.get("train_flops"),
        m.get("gpu_hours"),
        m["gpu"],
        gpu_mem_gb,
        n_gpus,
        mfu,
    )
