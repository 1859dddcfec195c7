"""Solutions to lesson 09's exercises."""

import math


def kv_cache_bytes(n_layer, n_embd, context, batch_size, bytes_per_value):
    return n_layer * 2 * context * n_embd * batch_size * bytes_per_value


def gpus_to_host(params, bytes_per_param, gpu_mem_gb):
    return math.ceil(params * bytes_per_param / (gpu_mem_gb * 1e9))
