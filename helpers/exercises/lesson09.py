"""Checks for lesson 09 (what generative models cost)."""

import math

from helpers.exercises import call_safely, verdict

# (n_layer, n_embd, context, batch_size, bytes_per_value) -> bytes
_KV_CASES = [
    ((1, 4, 3, 1, 2), 48),
    ((3, 64, 32, 5, 4), 245760),
    ((80, 8192, 4096, 1, 2), 10737418240),
    ((32, 4096, 4096, 8, 2), 17179869184),
]
# (params, bytes_per_param, gpu_mem_gb) -> GPUs
_HOST_CASES = [
    ((70e9, 2, 80), 2),
    ((175e9, 2, 80), 5),
    ((7e9, 2, 80), 1),
    ((40e9, 2, 80), 1),
    ((80e9, 1, 40), 2),
    ((175e9, 0.5, 80), 2),
    ((1e9, 4, 24), 1),
]


def kv_cache_bytes(function):
    """Check function(n_layer, n_embd, context, batch_size, bytes_per_value) -> bytes of
    the KV cache."""
    for args, expected in _KV_CASES:
        got, error = call_safely(function, *args)
        if error:
            return verdict(False, f"kv_cache_bytes {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Multiply layers, 2 (keys and values), "
                "context, width, batch size and bytes per number.",
            )
        if not isinstance(got, (int, float)) or not math.isclose(
            got, expected, rel_tol=1e-9
        ):
            hint = ""
            if isinstance(got, (int, float)) and got:
                ratio = expected / got
                if math.isclose(ratio, 2):
                    hint = " Off by a factor 2: the cache keeps keys AND values."
                elif math.isclose(ratio, args[0]):
                    hint = " Every layer keeps its own keys and values: multiply by n_layer."
                elif math.isclose(ratio, args[3]):
                    hint = " Each sequence in the batch has its own cache: multiply by batch_size."
            return verdict(
                False,
                f"for n_layer, n_embd, context, batch, bytes = {args} the cache takes "
                f"{expected:,} bytes, your function gave {got!r}.{hint}",
            )
    return verdict(
        True,
        "kv_cache_bytes is right: Llama 2 70B without grouped-query attention would need "
        "10.7 GB for one 4096-token conversation",
    )


def gpus_to_host(function):
    """Check function(params, bytes_per_param, gpu_mem_gb) -> how many GPUs hold the weights."""
    for args, expected in _HOST_CASES:
        got, error = call_safely(function, *args)
        if error:
            return verdict(False, f"gpus_to_host {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Divide the bytes of the weights by "
                "one GPU's bytes (GB = 1e9 bytes), and round UP.",
            )
        if got != expected:
            hint = ""
            if isinstance(got, (int, float)) and got == expected - 1:
                hint = (
                    " A GPU cannot hold part of a model's share and spill the rest: "
                    "round up (math.ceil)."
                )
            return verdict(
                False,
                f"{args[0]:.3g} parameters x {args[1]} bytes on {args[2]} GB GPUs needs "
                f"{expected} GPU(s), your function gave {got!r}.{hint}",
            )
    return verdict(
        True,
        "gpus_to_host is right: GPT-3 at bf16 needs 5 GPUs of 80 GB just to sit in memory",
    )
