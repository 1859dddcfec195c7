"""Solutions to lesson 02's exercises."""

import math

import torch.nn.functional as F


def mlp_parameters(vocab_size, context, embed_dim, hidden):
    embedding = vocab_size * embed_dim
    hidden_layer = context * embed_dim * hidden + hidden
    output_layer = hidden * vocab_size + vocab_size
    return embedding + hidden_layer + output_layer


def bits_from_logits(logits, targets):
    return F.cross_entropy(logits, targets).item() / math.log(2)
