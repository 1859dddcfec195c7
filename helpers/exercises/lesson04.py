"""Checks for lesson 04 (attention)."""

import math

import torch

from helpers.exercises import call_safely, verdict


def _reference_weights(q, k):
    T, d = q.shape
    scores = q @ k.T / math.sqrt(d)  # (T, T)
    scores = scores.masked_fill(
        ~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf")
    )
    return torch.softmax(scores, dim=-1)  # (T, T)


def causal_attention_weights(function):
    """Check function(q, k) -> the (T, T) causal attention weights softmax(mask(q k^T /
    sqrt(d)))."""
    g = torch.Generator().manual_seed(4)
    for T, d in [(3, 2), (5, 4), (6, 8)]:
        q, k = torch.randn(T, d, generator=g) * 2, torch.randn(T, d, generator=g) * 2
        got, error = call_safely(function, q.clone(), k.clone())
        if error:
            return verdict(False, f"causal_attention_weights {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Scores are q @ k.T / sqrt(d); hide the "
                "future with -inf above the diagonal; softmax each row.",
            )
        want = _reference_weights(q, k)
        if not torch.is_tensor(got) or tuple(got.shape) != (T, T):
            return verdict(
                False,
                f"for {T} tokens the weights should be a ({T}, {T}) tensor, got "
                f"{tuple(got.shape) if torch.is_tensor(got) else type(got).__name__}",
            )
        if torch.allclose(got, want, atol=1e-5):
            continue
        if got.triu(1).abs().sum() > 1e-6:
            hint = (
                "a token is looking at later tokens: set the scores above the diagonal "
                "to -inf before the softmax."
            )
        elif not torch.allclose(got.sum(-1), torch.ones(T), atol=1e-4):
            hint = (
                "the rows do not sum to 1: take the softmax over the last dimension "
                "(each query's row)."
            )
        else:
            hint = (
                "close, but not equal: did you divide the scores by sqrt(d), the size "
                "of each vector?"
            )
        return verdict(False, f"on {T} tokens of size {d}: {hint}")
    return verdict(
        True,
        "causal_attention_weights matches softmax(q k^T / sqrt(d)) with the future masked",
    )


def split_heads(function):
    """Check function(x, n_head) -> (n_head, T, C // n_head): head h holds columns h*hs
    .. (h+1)*hs - 1."""
    for T, C, nh in [(3, 4, 2), (5, 12, 3)]:
        x = torch.arange(T * C, dtype=torch.float32).view(T, C)
        got, error = call_safely(function, x.clone(), nh)
        if error:
            return verdict(False, f"split_heads {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Reshape (T, C) to (T, n_head, C // n_head), "
                "then swap the first two dimensions.",
            )
        want = x.view(T, nh, C // nh).transpose(0, 1)
        if not torch.is_tensor(got) or tuple(got.shape) != tuple(want.shape):
            return verdict(
                False,
                f"for x of shape ({T}, {C}) and {nh} heads the result should have shape "
                f"{tuple(want.shape)}, got "
                f"{tuple(got.shape) if torch.is_tensor(got) else type(got).__name__}",
            )
        if not torch.equal(got, want):
            hint = (
                " It looks like x.view(n_head, T, hs): that cuts the rows (tokens) "
                "into groups instead of the "
                "columns (features). View as (T, n_head, hs) first, then transpose."
                if torch.equal(got, x.reshape(nh, T, C // nh))
                else ""
            )
            return verdict(
                False,
                f"head 0 should hold the first {C // nh} columns of every token.{hint}",
            )
    return verdict(
        True, "split_heads gives each head its own slice of every token's vector"
    )
