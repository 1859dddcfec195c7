"""Checks for lesson 09 (what generative models cost). Lesson 09b's are in lesson09b."""

import math

from helpers.exercises import call_safely, verdict

# (n_layer, n_embd, context, batch_size, bytes_per_value) -> bytes
_KV_CASES = [
    ((1, 4, 3, 1, 2), 48),
    ((3, 64, 32, 5, 4), 245760),
    ((80, 8192, 4096, 1, 2), 10737418240),
    ((32, 4096, 4096, 8, 2), 17179869184),
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
