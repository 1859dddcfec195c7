"""Turning next-token probabilities into a choice: temperature, top-k and top-p.

Handles: checking a temperature (`check_temperature`), reshaping a distribution by it
(`apply_temperature`, on a dict of probabilities as lesson 01 counts them), and drawing
one token per row of logits after temperature, top-k and top-p filtering
(`sample_next`, which `GPT.generate` calls). Dividing logits by T before the softmax, as
the GPT does, is the same reshaping: softmax(z / T) = p^(1/T), renormalised.
Leaves out: beam search, repetition penalties and other decoding tricks.
"""

import math
import numbers

import torch


def check_temperature(
    temperature, hint="use 1.0 to keep the probabilities as they are"
):
    """Raise ValueError unless `temperature` is a finite number above 0.

    Example: check_temperature(0.0) -> ValueError: temperature must be > 0 and finite,
             got 0.0; use 1.0 to keep the probabilities as they are
    """
    ok = isinstance(temperature, numbers.Real) and not isinstance(temperature, bool)
    if not ok or not 0 < temperature < math.inf:
        raise ValueError(
            f"temperature must be > 0 and finite, got {temperature}; {hint}"
        )


def apply_temperature(probs, temperature):
    """Reshape a distribution: p_i^(1/T), renormalised. T < 1 sharpens, T > 1 flattens.

    Example: apply_temperature({'a': 0.8, 'b': 0.2}, 0.5)
             -> {'a': 0.941..., 'b': 0.058...}
    """
    check_temperature(temperature, "use 1.0 for the counted probabilities")
    if temperature == 1.0:
        return dict(probs)
    weights = {w: p ** (1.0 / temperature) for w, p in probs.items()}
    total = sum(weights.values())
    return {w: x / total for w, x in weights.items()}


def sample_next(logits, top_k=None, top_p=None, generator=None):
    """Sample one id per row from logits (B, V) -> (B, 1), after top-k and top-p filtering.

    Divide the logits by the temperature first. top_k=1 is greedy; top_p keeps the
    smallest set of tokens whose probabilities add up to top_p.
    Example: sample_next(torch.tensor([[0.0, 5.0, 1.0]]), top_k=1) -> tensor([[1]])
    """
    if top_k == 1:  # greedy: the first highest logit; no softmax, no randomness
        return logits.argmax(dim=-1, keepdim=True)
    if top_k is not None and top_k < logits.size(-1):
        kth = torch.topk(logits, top_k, dim=-1).values[:, -1:]  # (B, 1)
        logits = logits.masked_fill(logits < kth, float("-inf"))
    probs = torch.softmax(logits, dim=-1)  # (B, V)
    if top_p is not None and top_p < 1.0:
        sorted_p, order = torch.sort(probs, dim=-1, descending=True)  # (B, V)
        before = sorted_p.cumsum(dim=-1) - sorted_p  # (B, V): mass ranked above
        sorted_p = sorted_p.masked_fill(before >= top_p, 0.0)  # keeps the top token
        probs = torch.zeros_like(probs).scatter(-1, order, sorted_p)  # (B, V)
    return torch.multinomial(probs, 1, generator=generator)  # (B, 1)
