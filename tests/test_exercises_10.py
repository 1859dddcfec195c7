"""Lessons 10 and 10b's checks accept the instructors' solutions and reject typical mistakes."""

import math

import pytest

from helpers.exercises import lesson10, lesson10b


def test_checks_accept_the_solutions(capsys, solutions):
    found = solutions("10")
    assert lesson10.exposure_by_rank(found.exposure_by_rank)
    assert lesson10.auc(found.auc)
    assert lesson10b.toxic_f1(solutions("10b").toxic_f1)
    assert capsys.readouterr().out.count("✓") == 3


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda s, refs: None, "not yet"),
        (
            lambda s, refs: (
                math.log2(len(refs) + 1) - math.log2(sum(r > s for r in refs) + 1)
            ),
            "counts as beating it",
        ),
        (
            lambda s, refs: (
                math.log2(len(refs)) - math.log2(sum(r >= s for r in refs) + 1)
            ),
            "expected 2.000 bits",
        ),
        (lambda s, refs: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_exposure_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson10.exposure_by_rank(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def strict_auc(members, nonmembers):  # forgets that a tie counts half
    wins = sum(m > n for m in members for n in nonmembers)
    return wins / (len(members) * len(nonmembers))


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda m, n: None, "not yet"),
        (strict_auc, "A tie counts half"),
        (lambda m, n: sum(m) / len(m) > sum(n) / len(n), "expected"),
    ],
)
def test_auc_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson10.auc(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def accuracy_not_f1(predicted, gold):
    share = sum(p == g for p, g in zip(predicted, gold)) / len(gold)
    return share, share, share


def f1_that_divides_by_zero(predicted, gold):
    tp = sum(p == g == "toxic" for p, g in zip(predicted, gold))
    precision, recall = tp / predicted.count("toxic"), tp / gold.count("toxic")
    return precision, recall, 2 * precision * recall / (precision + recall)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda p, g: None, "not yet"),
        (accuracy_not_f1, "expected (0.333, 1.000, 0.500)"),
        (f1_that_divides_by_zero, "ZeroDivisionError"),
    ],
)
def test_f1_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson10b.toxic_f1(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
