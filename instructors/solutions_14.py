"""Solutions to lesson 14's exercises."""

import math

from helpers.sweeps import labels_needed


def mean_at(ks, rows, k):
    row = rows[ks.index(k)]
    return sum(row) / len(row)


def times_fewer_labels(ks, tuned, other, target):
    mine, theirs = labels_needed(ks, tuned, target), labels_needed(ks, other, target)
    if mine is None:
        return None
    return math.inf if theirs is None else theirs / mine


def shared_checkpoint(results):
    shas = {result.get("checkpoint_sha256") for result in results}
    return shas.pop() if len(shas) == 1 else None
