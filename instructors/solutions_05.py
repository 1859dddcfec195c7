"""Solutions to lesson 05's exercises."""

import math


def gpt_parameter_count(vocab_size, block_size, n_layer, n_embd):
    C = n_embd
    embeddings = (
        vocab_size * C + block_size * C
    )  # token + position (the output layer is tied)
    layer_norm = 2 * C  # gain and bias
    attention = (C * 3 * C + 3 * C) + (C * C + C)  # q, k, v together; output projection
    mlp = (C * 4 * C + 4 * C) + (4 * C * C + C)  # widen to 4C, back to C
    block = 2 * layer_norm + attention + mlp
    return embeddings + n_layer * block + layer_norm  # final LayerNorm


def to_bits_per_byte(mean_nats_per_token, n_tokens, text):
    total_bits = mean_nats_per_token * n_tokens / math.log(2)
    return total_bits / len(text.encode("utf-8"))
