"""Checks for lesson 07 (tuning)."""

from helpers.exercises import call_safely, verdict

# BIO tags -> spans (start, end, type), end one past the last word
_SPAN_CASES = [
    (["O", "O"], set()),
    (["B-PERSON", "I-PERSON", "O", "B-PLACE"], {(0, 2, "PERSON"), (3, 4, "PLACE")}),
    (["B-PLACE", "B-PLACE"], {(0, 1, "PLACE"), (1, 2, "PLACE")}),
    (
        ["O", "B-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION"],
        {(1, 4, "ORGANIZATION")},
    ),
    (["B-PERSON", "I-PLACE", "O"], {(0, 1, "PERSON"), (1, 2, "PLACE")}),
    (["I-PERSON", "I-PERSON"], {(0, 2, "PERSON")}),
]
# (ks, scores, target) -> smallest k reaching target, or None
_FEWEST_CASES = [
    (([8, 16, 32], [0.6, 0.7, 0.9], 0.8), 32),
    (([8, 16, 32], [0.86, 0.9, 0.95], 0.85), 8),
    (([8, 16, 32], [0.5, 0.6, 0.7], 0.85), None),
    (([8, 16, 32, 64], [0.5, 0.85, 0.8, 0.9], 0.85), 16),
    (([8, 16], [0.5, 0.85], 0.85), 16),
]


def spans(function):
    """Check function(tags) -> set of (start, end, type)."""
    for tags, expected in _SPAN_CASES:
        got, error = call_safely(function, tags)
        if error:
            return verdict(False, f"spans {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Walk the tags; close the open span "
                "when a tag does not continue it, and at the end.",
            )
        if set(got) != expected:
            hint = ""
            if (
                expected
                and got
                and all(len(s) == 3 for s in got)
                and {(a, b - 1, t) for a, b, t in expected} == set(got)
            ):
                hint = " Your ends are one short: end is one PAST the last word."
            elif tags and tags[-1] != "O" and len(set(got)) == len(expected) - 1:
                hint = " A span that runs to the last word must be closed too."
            return verdict(
                False,
                f"for {tags} the spans are {sorted(expected)}, your function gave "
                f"{sorted(got) if isinstance(got, (set, list)) else got!r}.{hint}",
            )
    return verdict(
        True,
        "spans is right: F1 compares these sets, so a span counts only if its words "
        "and type are both right",
    )


def fewest_labels(function):
    """Check function(ks, scores, target) -> smallest k whose score reaches target, or None."""
    for args, expected in _FEWEST_CASES:
        got, error = call_safely(function, *args)
        if error:
            return verdict(False, f"fewest_labels {error}")
        if got != expected:
            hint = ""
            if expected is None:
                hint = " When no score reaches the target, return None."
            elif args[1][args[0].index(expected)] == args[2]:
                hint = " Reaching the target exactly counts (>=)."
            return verdict(
                False,
                f"for ks={args[0]}, scores={args[1]}, target={args[2]} the answer is "
                f"{expected}, your function gave {got!r}.{hint}",
            )
    return verdict(
        True,
        "fewest_labels is right: read a label-efficiency curve horizontally to get productivity",
    )
