"""Solutions to lesson 09b's exercises."""

import math


def gpus_to_host(params, bytes_per_param, gpu_mem_gb):
    return math.ceil(params * bytes_per_param / (gpu_mem_gb * 1e9))
