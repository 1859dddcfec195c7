"""Lesson 14's checks accept the instructors' solutions and reject typical mistakes."""

import math

import pytest

from helpers.exercises import lesson14
from helpers.sweeps import labels_needed


def test_checks_accept_the_solutions(capsys, solutions):
    answers = solutions("14")
    assert lesson14.mean_at(answers.mean_at)
    assert lesson14.times_fewer_labels(answers.times_fewer_labels)
    assert lesson14.shared_checkpoint(answers.shared_checkpoint)
    assert capsys.readouterr().out.count("✓") == 3


def test_the_reference_ratio_reads_the_curves_as_the_lesson_does():
    # tuned: 8 * 2**0.75 = 13.5 labels; other: 32 * 2**0.75 = 53.8 labels
    ks, tuned, other, target = lesson14._FEWER_CASES[0]
    assert labels_needed(ks, tuned, target) == 13.5
    assert labels_needed(ks, other, target) == 53.8
    assert lesson14._fewer_expected(ks, tuned, other, target) == 53.8 / 13.5
    assert lesson14._fewer_expected(*lesson14._FEWER_CASES[1]) == math.inf
    assert lesson14._fewer_expected(*lesson14._FEWER_CASES[2]) is None


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda ks, rows, k: None, "not yet"),
        (lambda ks, rows, k: rows[ks.index(k)][0], "first seed only"),
        (lambda ks, rows, k: sum(rows[k]) / len(rows[k]), "ks.index(k)"),
        (lambda ks, rows, k: sum(rows[ks.index(k)]) / 3, "the mean is"),
    ],
)
def test_mean_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson14.mean_at(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def fewer_subtracting(ks, tuned, other, target):
    """Labels saved, not a ratio."""
    mine, theirs = labels_needed(ks, tuned, target), labels_needed(ks, other, target)
    if mine is None:
        return None
    return math.inf if theirs is None else theirs - mine


def fewer_upside_down(ks, tuned, other, target):
    mine, theirs = labels_needed(ks, tuned, target), labels_needed(ks, other, target)
    if mine is None:
        return None
    return math.inf if theirs is None else mine / theirs


def fewer_without_never(ks, tuned, other, target):
    """Crashes, or gives None, when a curve never reaches the target."""
    mine, theirs = labels_needed(ks, tuned, target), labels_needed(ks, other, target)
    return None if theirs is None or mine is None else theirs / mine


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda ks, tuned, other, target: None, "not yet"),
        (fewer_subtracting, "do not subtract"),
        (fewer_upside_down, "Upside down"),
        (fewer_without_never, "return math.inf"),
        (lambda ks, tuned, other, target: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_fewer_labels_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson14.times_fewer_labels(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def shared_first(results):
    """Trusts the first result."""
    return results[0]["checkpoint_sha256"] if results else None


def shared_unless_empty(results):
    """Fails when there are no results."""
    first = results[0].get("checkpoint_sha256")
    return first if all(r.get("checkpoint_sha256") == first for r in results) else None


def shared_by_key(results):
    """Fails on a result without the key."""
    shas = {result["checkpoint_sha256"] for result in results}
    return shas.pop() if len(shas) == 1 else None


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda results: None, "not yet"),
        (shared_first, "when any two results differ"),
        (shared_by_key, "dict.get"),
        (shared_unless_empty, "With no results"),
    ],
)
def test_shared_checkpoint_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson14.shared_checkpoint(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
