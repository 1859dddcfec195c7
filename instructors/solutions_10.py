"""Solutions to lesson 10's exercises."""

import math


def exposure_by_rank(secret_logprob, reference_logprobs):
    beaten = sum(r >= secret_logprob for r in reference_logprobs)
    return math.log2(len(reference_logprobs) + 1) - math.log2(beaten + 1)


def auc(member_scores, nonmember_scores):
    wins = sum(
        1.0 if m > n else 0.5 if m == n else 0.0
        for m in member_scores
        for n in nonmember_scores
    )
    return wins / (len(member_scores) * len(nonmember_scores))
