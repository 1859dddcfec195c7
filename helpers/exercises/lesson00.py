"""Checks for lesson 00 (start here): one warm-up exercise that shows how checks work."""

from helpers.exercises import call_safely, verdict


def most_common_word(function):
    """Check function(words) -> the word that occurs most often (ties: the first to
    reach the top count)."""
    cases = [
        (["milk", "tea", "milk"], "milk"),
        (["a", "b", "b", "a", "b"], "b"),
        (["spilled"], "spilled"),
    ]
    for words, expected in cases:
        got, error = call_safely(function, words)
        if error:
            return verdict(False, f"most_common_word {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Hint: "
                "collections.Counter(words).most_common(1)",
            )
        if got != expected:
            return verdict(
                False,
                f"for {words} the most common word is {expected!r}, your function gave {got!r}",
            )
    return verdict(
        True, "most_common_word works: this is what a passing check looks like"
    )
