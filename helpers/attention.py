"""Self-attention: every token looks back at earlier tokens and mixes in what it finds.

Handles: attention written out by hand (`self_attention`, the formula
softmax(Q K^T / sqrt(d)) V with a causal mask), multi-head causal
self-attention as a layer (`CausalSelfAttention`) with a fast path through
PyTorch's fused kernel, optional attention maps for plotting, and a key/value
cache for generation (`KVCache`).
Leaves out: relative/rotary positions, grouped-query attention, sliding windows
(the GPT in `helpers.gpt` adds learned absolute positions before attention).
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def self_attention(q, k, v, causal=True, return_weights=False):
    """Scaled dot-product attention, written out: softmax(q @ k^T / sqrt(d)) @ v.

    q: (..., Tq, d), k and v: (..., Tk, d). With `causal=True`, query i sees
    keys 0..i only (when Tq < Tk the queries are the LAST Tq positions, as when
    generating with a cache). Returns out (..., Tq, d), and the weights
    (..., Tq, Tk) too if `return_weights`.

    Example:
        >>> q = k = v = torch.eye(2).unsqueeze(0)   # (1, 2, 2): two tokens, d = 2
        >>> self_attention(q, k, v)[0, 0]           # token 0 can only see itself
        tensor([1., 0.])
    """
    Tq, Tk, d = q.size(-2), k.size(-2), q.size(-1)
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)  # (..., Tq, Tk)
    if causal:
        # Query i (at absolute position Tk - Tq + i) may see key j only if j <= that position.
        allowed = torch.ones(Tq, Tk, dtype=torch.bool, device=q.device).tril(
            diagonal=Tk - Tq
        )
        scores = scores.masked_fill(~allowed, float("-inf"))  # (..., Tq, Tk)
    weights = torch.softmax(scores, dim=-1)  # (..., Tq, Tk), each row sums to 1
    out = weights @ v  # (..., Tq, d)
    return (out, weights) if return_weights else out


class KVCache:
    """Keys and values of the tokens seen so far, for one attention layer.

    Generation appends one token at a time; without the cache every step would
    recompute keys and values for the whole context. Storage is allocated once
    for `max_len` positions: (B, n_head, max_len, head_size) each for k and v,
    and each step writes its new positions in place (no torch.cat, no copying
    of what is already there). Positions not yet written are never read.
    """

    def __init__(
        self, batch_size, n_head, max_len, head_size, dtype=torch.float32, device="cpu"
    ):
        self.k = torch.empty(
            batch_size, n_head, max_len, head_size, dtype=dtype, device=device
        )
        self.v = torch.empty_like(self.k)
        self.length = 0  # positions filled so far

    def append(self, k, v):
        """Store new keys/values (B, nh, T, hs); return all of them so far, (B, nh, length, hs)."""
        start, T = self.length, k.size(2)
        if start + T > self.k.size(2):
            raise ValueError(
                f"KV cache holds {self.k.size(2)} positions and is full; "
                f"start a new cache (the model's context is block_size tokens)"
            )
        self.k.narrow(2, start, T).copy_(k)  # (B, nh, T, hs) written in place
        self.v.narrow(2, start, T).copy_(v)
        self.length = start + T
        return self.k.narrow(2, 0, self.length), self.v.narrow(2, 0, self.length)


class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention: n_head heads of size n_embd // n_head, in parallel.

    One linear layer makes queries, keys and values for all heads at once; the
    heads' outputs are concatenated and mixed by an output projection.

    Example:
        >>> attn = CausalSelfAttention(n_embd=8, n_head=2)
        >>> y, w = attn(torch.randn(1, 5, 8), return_weights=True)
        >>> y.shape, w.shape                       # w: one (5 x 5) map per head
        (torch.Size([1, 5, 8]), torch.Size([1, 2, 5, 5]))
    """

    def __init__(self, n_embd, n_head, dropout=0.0, bias=True):
        super().__init__()
        if n_embd % n_head != 0:
            raise ValueError(
                f"n_embd ({n_embd}) must be divisible by n_head ({n_head}); "
                f"e.g. n_embd=128 with n_head=4"
            )
        self.n_head, self.n_embd, self.dropout = n_head, n_embd, dropout
        self.c_attn = nn.Linear(n_embd, 3 * n_embd, bias=bias)  # q, k, v for all heads
        self.c_proj = nn.Linear(n_embd, n_embd, bias=bias)  # mixes the heads' outputs

    def forward(self, x, return_weights=False, cache=None):
        """x: (B, T, C) -> (B, T, C); with `return_weights`, also the maps (B, nh, T, T_seen).

        With a `KVCache`, the new tokens' keys/values are appended and x attends
        to everything cached so far.
        """
        B, T, C = x.shape
        nh, hs = self.n_head, C // self.n_head
        q, k, v = self.c_attn(x).split(C, dim=2)  # 3 x (B, T, C)
        q = q.view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        if cache is not None:
            k, v = cache.append(k, v)  # (B, nh, T_seen, hs), T_seen = cached + T
        weights = None
        if return_weights:
            # The by-hand formula, so the maps are exactly what produced the output.
            y, weights = self_attention(
                q, k, v, causal=True, return_weights=True
            )  # (B, nh, T, hs)
            if self.training and self.dropout > 0:
                y = F.dropout(weights, self.dropout) @ v  # (B, nh, T, hs)
        elif T == k.size(2) or T == 1:
            # Fast path: PyTorch's fused kernel computes the same formula. A single
            # new token (T == 1) may see every cached position, so it needs no mask.
            drop = self.dropout if self.training else 0.0
            # Under bfloat16 autocast (helpers.train's opt-in precision) the CPU's fused
            # attention is slower in bfloat16 than in float32: its backward took 4x as
            # long (benchmarks/NOTES.md). So there it stays float32.
            if q.device.type == "cpu" and torch.is_autocast_enabled("cpu"):
                with torch.autocast("cpu", enabled=False):
                    y = F.scaled_dot_product_attention(
                        q.float(), k.float(), v.float(), dropout_p=drop, is_causal=T > 1
                    )  # (B, nh, T, hs)
            else:
                y = F.scaled_dot_product_attention(
                    q, k, v, dropout_p=drop, is_causal=T > 1
                )  # (B, nh, T, hs)
        else:
            # New queries after a cache: the last T of T_seen positions.
            y = self_attention(q, k, v, causal=True)  # (B, nh, T, hs)
        y = y.transpose(1, 2).reshape(B, T, C)  # (B, T, C): heads side by side
        y = self.c_proj(y)  # (B, T, C)
        if self.training and self.dropout > 0:
            y = F.dropout(y, self.dropout)
        return (y, weights) if return_weights else y
