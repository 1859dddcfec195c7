"""Checks for lesson 02 (from counts to a neural net)."""

import math

import torch

from helpers.exercises import call_safely, verdict

_SETTINGS = [(2001, 3, 32, 128), (10, 1, 4, 5), (50, 4, 8, 16)]


def _expected_parameters(vocab_size, context, embed_dim, hidden):
    return (
        vocab_size * embed_dim
        + (context * embed_dim * hidden + hidden)
        + (hidden * vocab_size + vocab_size)
    )


def mlp_parameters(function):
    """Check function(vocab_size, context, embed_dim, hidden) -> parameter count of
    MLPLanguageModel."""
    for settings in _SETTINGS:
        got, error = call_safely(function, *settings)
        if error:
            return verdict(False, f"mlp_parameters {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Add up the embedding table (V x d), "
                "the hidden layer's weights and biases, and the output layer's weights and biases.",
            )
        expected = _expected_parameters(*settings)
        if got != expected:
            V, T, d, h = settings
            hint = ""
            if got == expected - h - V:
                hint = " You left out the biases (one per hidden unit, one per output word)."
            elif got == expected - (T - 1) * d * h:
                hint = (
                    " The hidden layer reads the CONCATENATED embeddings: context x "
                    "embed_dim inputs, not embed_dim."
                )
            elif got == expected - V * d:
                hint = " Don't forget the embedding table: one row of embed_dim numbers per word."
            return verdict(
                False,
                f"for vocab_size={V}, context={T}, embed_dim={d}, hidden={h} the model has "
                f"{expected:,} parameters, your function gave {got!r}.{hint}",
            )
    return verdict(
        True,
        "mlp_parameters counts every weight and bias (lesson 02's MLP has "
        f"{_expected_parameters(*_SETTINGS[0]):,})",
    )


def bits_from_logits(function):
    """Check function(logits (B, V), targets (B,)) -> mean cross-entropy in bits, as a float."""
    generator = torch.Generator().manual_seed(0)
    cases = [
        (torch.zeros(3, 4), torch.tensor([0, 1, 3]), 2.0),
        (torch.tensor([[math.log(3.0), 0.0]]), torch.tensor([0]), math.log2(4 / 3)),
    ]
    logits = torch.randn(5, 7, generator=generator)
    targets = torch.tensor([1, 0, 6, 2, 2])
    cases.append(
        (
            logits,
            targets,
            -torch.log_softmax(logits, dim=1)[range(5), targets].mean().item()
            / math.log(2),
        )
    )
    for logits, targets, expected in cases:
        got, error = call_safely(function, logits.clone(), targets.clone())
        if error:
            return verdict(False, f"bits_from_logits {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Softmax each row, take the probability "
                "of the target, average -log2 of it (or divide F.cross_entropy by ln 2).",
            )
        if isinstance(got, torch.Tensor) and got.numel() == 1:
            got = got.item()
        if not isinstance(got, (int, float)) or not math.isclose(
            got, expected, rel_tol=1e-5, abs_tol=1e-6
        ):
            hint = ""
            if isinstance(got, (int, float)) and math.isclose(
                got, expected * math.log(2), rel_tol=1e-5
            ):
                hint = " That is in nats (natural log); divide by ln 2 for bits."
            return verdict(
                False,
                f"for logits of shape {tuple(logits.shape)} the answer is {expected:.4f} bits, "
                f"your function gave {got!r}.{hint}",
            )
    return verdict(
        True,
        "bits_from_logits is right: all-zero logits over 4 words cost exactly 2 bits",
    )
