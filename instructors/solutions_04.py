"""Solutions to lesson 04's exercises."""

import math

import torch


def causal_attention_weights(q, k):
    T, d = q.shape
    scores = q @ k.T / math.sqrt(d)  # (T, T)
    future = torch.ones(T, T, dtype=torch.bool).triu(
        diagonal=1
    )  # True above the diagonal
    return torch.softmax(scores.masked_fill(future, float("-inf")), dim=-1)


def split_heads(x, n_head):
    T, C = x.shape
    return x.view(T, n_head, C // n_head).transpose(0, 1)  # (n_head, T, hs)
