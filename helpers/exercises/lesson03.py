"""Checks for lesson 03 (tokens)."""

import math

from helpers.exercises import call_safely, verdict
from helpers.tokenizers import BPETokenizer, CharTokenizer


def bytes_per_token(function):
    """Check function(tokenizer, text) -> UTF-8 bytes of text / number of tokens."""
    chars = CharTokenizer.train("héllo wörld, hello world")
    bpe = BPETokenizer.train("hello hello hello world", vocab_size=262)
    cases = [
        (chars, "hello", 1.0),
        (chars, "héllo", 6 / 5),
        (chars, "wörld", 6 / 5),
        (bpe, "hello world", 11 / len(bpe.encode("hello world"))),
        (bpe, "🍞", 1.0),
    ]
    for tok, text, expected in cases:
        got, error = call_safely(function, tok, text)
        if error:
            return verdict(False, f"bytes_per_token {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Encode the text, then divide the number "
                "of UTF-8 bytes (len(text.encode('utf-8'))) by the number of tokens.",
            )
        if not isinstance(got, (int, float)) or not math.isclose(
            got, expected, rel_tol=1e-9
        ):
            hint = ""
            if (
                isinstance(got, (int, float))
                and got
                and math.isclose(got, 1 / expected, rel_tol=1e-9)
            ):
                hint = " You divided tokens by bytes; it is bytes per token."
            elif isinstance(got, (int, float)) and math.isclose(
                got, len(text) / len(tok.encode(text)), rel_tol=1e-9
            ):
                hint = (
                    " You counted characters; 'é' is one character but two UTF-8 "
                    "bytes. Use len(text.encode('utf-8'))."
                )
            return verdict(
                False,
                f"for {text!r} with a {type(tok).__name__} the answer is {expected:.3f}, "
                f"your function gave {got!r}.{hint}",
            )
    return verdict(
        True, "bytes_per_token measures compression in bytes, as the lesson does"
    )


def most_frequent_pair(function):
    """Check function(ids) -> the adjacent pair BPE merges next (most frequent; ties:
    the smallest pair)."""
    cases = [
        ([1, 2, 3, 1, 2], (1, 2)),
        ([5, 5, 5, 7], (5, 5)),
        ([3, 4, 9, 1, 2], (1, 2)),
        ([104, 101, 108, 108, 111, 32, 104, 101], (104, 101)),
    ]
    for ids, expected in cases:
        got, error = call_safely(function, list(ids))
        if error:
            return verdict(False, f"most_frequent_pair {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Count zip(ids, ids[1:]) and return the "
                "pair with the highest count (ties: the smallest pair, as BPETokenizer does).",
            )
        if isinstance(got, list):
            got = tuple(got)
        if got != expected:
            hint = ""
            if isinstance(got, int):
                hint = " Return the pair itself, e.g. (1, 2), not its count."
            elif ids == [3, 4, 9, 1, 2]:
                hint = (
                    " Every pair occurs once here: break ties by taking the smallest "
                    "pair, min over (-count, pair)."
                )
            return verdict(
                False,
                f"for ids {ids} the pair to merge is {expected}, your function gave {got!r}.{hint}",
            )
    return verdict(
        True, "most_frequent_pair picks the same pair BPETokenizer.train would merge"
    )
