"""FLOPs: the arithmetic a GPT does per token, and how much of the peak it uses.

Handles: the weights that take part in matrix multiplications (`matmul_parameters`),
the forward and training FLOPs per token of a `GPTConfig` (2 N and 6 N for the
weights, plus attention's two T x T products; Kaplan et al. 2020, the PaLM paper),
and model FLOPs utilisation (`mfu`). `helpers.train` reports MFU with them,
`helpers.scaling` and `helpers.pretrain` total a run's compute, and lesson 09 checks
them against PyTorch's own FLOP counter (`helpers.measure.counted_flops`). The
parameter count itself is `helpers.gpt.parameter_count`.
Leaves out: totals for models known only by their size (6 N D: `helpers.cost`), the
causal mask's saving (counted without it, as the FLOP counter does) and work that is
not a matmul (LayerNorm, GELU, softmax: 1-2% of the total).
"""

import math
import numbers

from helpers.gpt import parameter_count


def matmul_parameters(config):
    """Weights that take part in matrix multiplications, the ones FLOP counters see.

    L * 12 C^2 (q, k, v, output projection, MLP 4C up and down) + V * C (the output
    layer, which shares the token embedding). Biases, LayerNorms and the
    position table are left out: they are additions and lookups.
    Example: matmul_parameters(GPTConfig(vocab_size=65)) -> 794752
    """
    L, C, V = config.n_layer, config.n_embd, config.vocab_size
    return L * 12 * C * C + V * C


def attention_flops_per_token(config, context=None):
    """Forward FLOPs per token of attention's two T x T matmuls in all layers: 4 L C T.

    Q K^T and (weights) V each cost 2 * T * C multiply-adds per token and layer.
    Counted as the PaLM paper does (Chowdhery et al. 2022, appendix B), without the
    causal mask's saving, which is also how `torch.utils.flop_counter` counts it.
    `context`: the tokens attended to (default block_size).
    Example: attention_flops_per_token(GPTConfig(vocab_size=65)) -> 131072
    """
    T = config.block_size if context is None else context
    if isinstance(T, bool) or not isinstance(T, numbers.Real) or not 0 < T < math.inf:
        raise ValueError(f"context must be a positive number, got {T!r}; e.g. 256")
    return 4 * config.n_layer * config.n_embd * T


def forward_flops_per_token(config, context=None):
    """Forward-pass FLOPs per token: 2 N + 4 L C T (Kaplan et al. 2020, Table 1; PaLM).

    N is the parameter count without the position table (a lookup): every weight is
    used once per token in one multiply-add, 2 FLOPs. Biases and LayerNorms are in
    N but are not matmuls, so this is 1-2% above what a FLOP counter finds.
    Example: forward_flops_per_token(GPTConfig(vocab_size=65)) -> 1734400
    """
    n = parameter_count(config, include_position=False)
    return 2 * n + attention_flops_per_token(config, context)


def training_flops_per_token(config, context=None):
    """Training FLOPs per token: 6 N + 12 L C T (Kaplan et al. 2020; PaLM).

    The backward pass costs twice the forward (gradients for the inputs and for the
    weights), so training is 3 x the forward. A run's compute is this times the tokens
    it reads. Example: training_flops_per_token(GPTConfig(vocab_size=65)) -> 5203200
    """
    return 3 * forward_flops_per_token(config, context)


def mfu(config, tokens_per_s, peak_gflops):
    """Model FLOPs utilisation (PaLM, section 4.1): the training FLOPs per second of
    `tokens_per_s` as a share of a measured peak in GFLOP/s (`measure_matmul_peak`).

    Example: mfu(GPTConfig(vocab_size=65), 12000, 130.0) -> 0.48
    """
    return training_flops_per_token(config) * tokens_per_s / (peak_gflops * 1e9)
