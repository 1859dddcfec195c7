"""Lesson 11b's checks accept the instructors' solutions and reject typical mistakes."""

import numpy as np
import pytest

from helpers import inspection
from helpers.exercises import close_to, lesson11b


def test_checks_accept_the_solutions(capsys, solutions):
    found = solutions("11b")
    assert lesson11b.defect_score(found.defect_score)
    assert lesson11b.auroc(found.auroc)
    assert capsys.readouterr().out.count("✓") == 2


def test_defect_score_cases_agree_with_the_helper():
    for (rows, top), expected in lesson11b._SCORE_CASES:
        got = inspection.defect_score(np.array(rows), top)
        assert len(got) == len(expected)
        assert all(close_to(g, e) for g, e in zip(got, expected))


def test_auroc_cases_agree_with_the_helper():
    for args, expected, _ in lesson11b._AUROC_CASES:
        assert close_to(inspection.auroc(*args), expected)


def smallest(surprisals, top):  # the least surprising pixels
    return np.sort(surprisals, axis=1)[:, :top].sum(1)


def mean_of_top(surprisals, top):
    return np.sort(surprisals, axis=1)[:, -top:].mean(1)


def down_the_columns(surprisals, top):  # sorts each pixel across the parts
    return np.sort(surprisals, axis=0)[::-1][:, :top].sum(1)


def unsorted(surprisals, top):  # the first `top` pixels, not the largest
    return surprisals[:, :top].sum(1)


def whole_array(surprisals, top):  # one number for all the parts
    return float(np.sort(surprisals, axis=None)[-top:].sum())


def per_pixel(surprisals, top):  # sums down the columns: one number per pixel
    return np.sort(surprisals, axis=1)[:, -top:].sum(0)


def distinct_values(surprisals, top):  # np.unique drops ties
    return np.array([np.unique(row)[-top:].sum() for row in surprisals])


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda s, t: None, "not yet"),
        (smallest, "smallest values"),
        (mean_of_top, "That is their mean"),
        (lambda s, t: s.mean(1), "mean of each whole row"),
        (down_the_columns, "axis=0 sorts down the columns"),
        (unsorted, "first `top` values"),
        (whole_array, "one number for the whole array"),
        (per_pixel, "should return 3 scores, one per part"),
        (distinct_values, "should be [6, 1.5]"),
        (lambda s, t: np.sort(s, axis=1)[:, -t:], "should return 3 numbers"),
    ],
)
def test_defect_score_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson11b.defect_score(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def pairs(scores, is_defect):
    scores, is_defect = np.asarray(scores, dtype=float), np.asarray(is_defect) == 1
    return scores[is_defect][:, None], scores[~is_defect][None, :]


def ties_as_nothing(scores, is_defect):
    bad, good = pairs(scores, is_defect)
    return float(np.mean(bad > good))


def ties_as_wins(scores, is_defect):
    bad, good = pairs(scores, is_defect)
    return float(np.mean(bad >= good))


def good_higher(scores, is_defect):  # the share the good part wins
    bad, good = pairs(scores, is_defect)
    return float(np.mean((good > bad) + 0.5 * (bad == good)))


def accuracy_at_the_mean(scores, is_defect):  # flags parts above the mean score
    scores = np.asarray(scores, dtype=float)
    return float(np.mean((scores > scores.mean()) == np.asarray(is_defect)))


def every_pair(scores, is_defect):  # good-good and defective-defective pairs too
    scores, is_defect = np.asarray(scores, dtype=float), np.asarray(is_defect)
    i, j = np.triu_indices(len(scores), 1)
    return float(np.mean((scores[i] - scores[j]) * (is_defect[i] - is_defect[j]) > 0))


def lists_as_arrays(scores, is_defect):  # fails on plain lists
    bad, good = scores[is_defect == 1], scores[is_defect == 0]
    return float(np.mean(bad[:, None] > good[None, :]))


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda s, d: None, "not yet"),
        (ties_as_nothing, "counts half"),
        (ties_as_wins, "counts half"),
        (good_higher, "the good part scores higher"),
        (accuracy_at_the_mean, "only pairs of one defective and one good part"),
        (every_pair, "only pairs of one defective and one good part"),
        (lists_as_arrays, "np.asarray"),
    ],
)
def test_auroc_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson11b.auroc(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
