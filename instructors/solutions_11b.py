"""Solutions to lesson 11b's exercises."""

import numpy as np


def defect_score(surprisals, top):
    largest = np.sort(np.asarray(surprisals, dtype=float), axis=1)[:, -top:]
    return largest.sum(axis=1)


def auroc(scores, is_defect):
    scores, is_defect = np.asarray(scores, dtype=float), np.asarray(is_defect) == 1
    bad, good = scores[is_defect][:, None], scores[~is_defect][None, :]  # every pair
    return float(np.mean((bad > good) + 0.5 * (bad == good)))
