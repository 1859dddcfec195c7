"""Solutions to lesson 09's exercises (lesson 09b's are in solutions_09b.py)."""


def kv_cache_bytes(n_layer, n_embd, context, batch_size, bytes_per_value):
    return n_layer * 2 * context * n_embd * batch_size * bytes_per_value
