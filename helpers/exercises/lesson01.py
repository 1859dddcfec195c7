"""Checks for lesson 01 (next word by counting)."""

import math

from helpers.exercises import call_safely, verdict

_TOKENS = "the cat sat . the cat ran . the dog sat .".split()
_CASES = [
    ("the", "cat", 2 / 3),
    ("the", "dog", 1 / 3),
    ("cat", "sat", 1 / 2),
    ("sat", "ran", 0.0),
    ("dog", "sat", 1.0),
]


def bigram_probability(function):
    """Check function(tokens, previous, word) -> P(word | previous), counted."""
    for previous, word, expected in _CASES:
        got, error = call_safely(function, _TOKENS, previous, word)
        if error:
            return verdict(False, f"bigram_probability {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Count how often `previous` is followed "
                "by `word`, and divide by how often `previous` is followed by anything.",
            )
        if not isinstance(got, (int, float)) or not math.isclose(
            got, expected, abs_tol=1e-9
        ):
            hint = (
                " Divide by the count of `previous` as a context (followed by a word), "
                "not by the number of tokens."
                if isinstance(got, (int, float)) and got > 0
                else ""
            )
            return verdict(
                False,
                f"on {' '.join(_TOKENS)!r}, P({word!r} | {previous!r}) should be {expected:.3f}, "
                f"your function gave {got!r}.{hint}",
            )
    return verdict(True, "bigram_probability counts correctly on every case")


def perplexity_of(function):
    """Check function(probabilities) -> perplexity of a model that gave those
    probabilities to held-out words."""
    cases = [([0.5, 0.5], 2.0), ([0.25] * 4, 4.0), ([0.5, 0.125], 4.0), ([1.0], 1.0)]
    for probs, expected in cases:
        got, error = call_safely(function, probs)
        if error:
            return verdict(False, f"perplexity_of {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Average -log2(p) over the words, "
                "then raise 2 to that power.",
            )
        if not isinstance(got, (int, float)) or not math.isclose(
            got, expected, rel_tol=1e-9
        ):
            return verdict(
                False,
                f"for probabilities {probs} the perplexity is {expected}, your "
                f"function gave {got!r}. "
                "Perplexity is 2 ** (average bits per word), a geometric mean, not an "
                "arithmetic one.",
            )
    return verdict(
        True,
        "perplexity_of is right: a model that gives every word p=1/4 is as unsure as a 4-sided die",
    )
