"""Checks for lesson 09b (from our model to big ones: sharding, GPUs and the bill)."""

from helpers.exercises import call_safely, verdict

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
