"""Checks for lesson 05 (a tiny transformer)."""

import math

from helpers.exercises import call_safely, verdict


def gpt_parameter_count(function):
    """Check function(vocab_size, block_size, n_layer, n_embd) -> parameters of
    GPT(GPTConfig(...)) (biases on)."""
    from helpers.gpt import GPTConfig, parameter_count

    cases = [(65, 64, 4, 128), (1024, 64, 2, 128), (10, 8, 1, 4), (300, 32, 3, 64)]
    for V, T, L, C in cases:
        want = parameter_count(
            GPTConfig(vocab_size=V, block_size=T, n_layer=L, n_head=1, n_embd=C)
        )
        got, error = call_safely(function, V, T, L, C)
        if error:
            return verdict(False, f"gpt_parameter_count {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Add the token and position embeddings, "
                "n_layer blocks (two LayerNorms, attention, MLP) and the final LayerNorm.",
            )
        if got == want:
            continue
        if got == want + V * C:
            hint = (
                "you counted the output layer, but it shares its weights with the "
                "token embedding (weight tying)."
            )
        elif got == want - (2 * L + 1) * 2 * C:
            hint = (
                "the LayerNorms are missing: each has a gain and a bias of size n_embd "
                "(two per block, one at the end)."
            )
        elif got == want - T * C:
            hint = "the position embedding (block_size x n_embd) is missing."
        else:
            hint = (
                f"off by {got - want:+,}. Per block: 2 LayerNorms (2C each), q/k/v "
                "(3C^2 + 3C), projection (C^2 + C), MLP (8C^2 + 5C)."
            )
        return verdict(
            False,
            f"for vocab_size={V}, block_size={T}, n_layer={L}, n_embd={C} the model has {want:,} "
            f"parameters, your function gave {got!r}: {hint}",
        )
    return verdict(True, "gpt_parameter_count matches the model exactly")


def to_bits_per_byte(function):
    """Check function(mean_nats_per_token, n_tokens, text) -> bits per UTF-8 byte of `text`."""
    cases = [(1.0, 100, "abcd" * 100), (2.0, 10, "café" * 5), (0.5, 3, "naïve 🍞")]
    for nats, tokens, text in cases:
        want = nats * tokens / math.log(2) / len(text.encode("utf-8"))
        got, error = call_safely(function, nats, tokens, text)
        if error:
            return verdict(False, f"to_bits_per_byte {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Total nats = mean x tokens; "
                "divide by ln 2 for bits; divide by the number of UTF-8 bytes.",
            )
        if not isinstance(got, (int, float)) or not math.isclose(
            got, want, rel_tol=1e-9
        ):
            if isinstance(got, (int, float)) and math.isclose(
                got, nats * tokens / math.log(2) / len(text), rel_tol=1e-9
            ):
                hint = (
                    " You divided by characters: 'é' and '🍞' take more than one byte; "
                    "use len(text.encode('utf-8'))."
                )
            elif isinstance(got, (int, float)) and math.isclose(
                got, nats * tokens / len(text.encode("utf-8")), rel_tol=1e-9
            ):
                hint = " Those are nats per byte: divide by ln 2 (math.log(2)) to get bits."
            else:
                hint = ""
            return verdict(
                False,
                f"{nats} nats per token over {tokens} tokens of {text!r} is {want:.4f} "
                "bits per byte, "
                f"your function gave {got!r}.{hint}",
            )
    return verdict(
        True, "to_bits_per_byte converts any tokenizer's loss to the same yardstick"
    )
