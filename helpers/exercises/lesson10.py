"""Checks for lesson 10 (trust: what a model remembers and what it knows)."""

import math

from helpers.exercises import call_safely, close_to, verdict

# (secret log-probability, reference log-probabilities) -> exposure by rank, in bits
_EXPOSURE_CASES = [
    ((-5.0, [-30.0, -28.0, -33.0]), 2.0),
    ((-31.0, [-30.0, -28.0, -33.0]), math.log2(4 / 3)),
    ((-40.0, [-30.0, -28.0, -33.0]), 0.0),
    ((-28.0, [-30.0, -28.0, -33.0]), 1.0),  # a tie counts against the secret
    ((-1.0, [-9.0] * 7), 3.0),
]

# (member scores, non-member scores) -> AUC
_AUC_CASES = [
    (([3.0, 4.0], [1.0, 2.0]), 1.0),
    (([1.0, 2.0], [3.0, 4.0]), 0.0),
    (([1.0, 3.0], [2.0]), 0.5),
    (([2.0], [2.0]), 0.5),  # a tie counts half
    (([5.0, 1.0, 4.0], [2.0, 3.0]), 4 / 6),
]


def exposure_by_rank(function):
    """Check function(secret_logprob, reference_logprobs) -> log2(n + 1) - log2(beaten + 1)."""
    for args, expected in _EXPOSURE_CASES:
        got, error = call_safely(function, *args)
        if error:
            return verdict(False, f"exposure_by_rank {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Count the references at least as "
                "likely as the secret, then take log2(n + 1) - log2(count + 1).",
            )
        if not close_to(got, expected):
            hint = ""
            if args == _EXPOSURE_CASES[3][0]:
                hint = " A reference exactly as likely as the secret counts as beating it (>=)."
            return verdict(
                False,
                f"secret {args[0]} among {args[1]}: expected {expected:.3f} bits, your "
                f"function gave {got!r}.{hint}",
            )
    return verdict(
        True, "exposure_by_rank is right: 7 references beaten give log2(8) = 3 bits"
    )


def auc(function):
    """Check function(member_scores, nonmember_scores) -> the share of (member, non-member)
    pairs in which the member scores higher, a tie counting half."""
    for args, expected in _AUC_CASES:
        got, error = call_safely(function, *args)
        if error:
            return verdict(False, f"auc {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Compare every member with every "
                "non-member; count 1 when the member scores higher, 0.5 for a tie.",
            )
        if not close_to(got, expected):
            hint = " A tie counts half a pair." if expected == 0.5 else ""
            return verdict(
                False,
                f"members {args[0]}, non-members {args[1]}: expected {expected:.3f}, your "
                f"function gave {got!r}.{hint}",
            )
    return verdict(
        True, "auc is right: 0.5 is a coin toss, 1.0 tells every member apart"
    )
