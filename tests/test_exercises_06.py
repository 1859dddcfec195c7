"""Lesson 06 and 06b exercise checks accept the instructors' solutions and reject typical
mistakes."""

import math

import pytest
import torch

from helpers import scaling
from helpers.exercises import lesson06, lesson06b


def test_lesson06b_checks_accept_the_solutions(capsys, solutions):
    answers = solutions("06b")
    assert lesson06b.fit_exponent(answers.fit_exponent)
    assert lesson06b.compute_multiplier(answers.compute_multiplier)
    assert lesson06b.compute_frontier(answers.compute_frontier)
    assert capsys.readouterr().out.count("✓") == 3


def test_lesson06b_solutions_agree_with_helpers_scaling(solutions):
    answers = solutions("06b")
    x, y = [1e5, 3e5, 1e6], [4.1, 3.7, 3.2]
    assert math.isclose(
        answers.fit_exponent(x, y), scaling.fit_power_law(x, y)[1], rel_tol=1e-12
    )
    assert math.isclose(
        answers.compute_multiplier(-0.07, 0.85), scaling.compute_multiplier(-0.07, 0.85)
    )
    points = [
        {"flops": f, "val_loss": loss}
        for f, loss in [(3, 2.0), (1, 3.0), (2, 2.5), (5, 2.2), (8, 1.9)]
    ]
    assert answers.compute_frontier(points) == scaling.compute_frontier(points)


def _linear_slope(x, y):
    mx, my = sum(x) / len(x), sum(y) / len(y)
    return sum((a - mx) * (b - my) for a, b in zip(x, y)) / sum(
        (a - mx) ** 2 for a in x
    )


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda x, y: None, "not yet"),
        (_linear_slope, "LOG axes"),
        (
            lambda x, y: (
                -_linear_slope([math.log(v) for v in x], [math.log(v) for v in y])
            ),
            "sign",
        ),
        (
            lambda x, y: _linear_slope(
                [math.log(v) for v in y], [math.log(v) for v in x]
            ),
            "regress log y",
        ),
        (lambda x, y: math.log(y[-1] / y[0]), "exponent is"),
        (lambda x, y: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_lesson06b_fit_exponent_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson06b.fit_exponent(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda k, r: None, "not yet"),
        (lambda k, r: r**k, "inverse"),
        (lambda k, r: r ** (-1 / k), "MORE compute"),
        (lambda k, r: (1 - r) ** (1 / k), "not the cut"),
        (lambda k, r: "lots", "needs"),
    ],
)
def test_lesson06b_compute_multiplier_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson06b.compute_multiplier(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def _unsorted(points):
    frontier, best = [], math.inf
    for p in points:
        if p["val_loss"] < best:
            frontier.append(p)
            best = p["val_loss"]
    return frontier


def _not_strict(points):
    frontier, best = [], math.inf
    for p in sorted(points, key=lambda p: (p["flops"], p["val_loss"])):
        if p["val_loss"] <= best:
            frontier.append(p)
            best = p["val_loss"]
    return frontier


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda points: None, "not yet"),
        (_unsorted, "sort"),
        (_not_strict, "STRICTLY"),
        (lambda points: [p["val_loss"] for p in points], "point dicts"),
        (
            lambda points: sorted(
                scaling.compute_frontier(points), key=lambda p: -p["flops"]
            ),
            "cheapest first",
        ),
    ],
)
def test_lesson06b_frontier_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson06b.compute_frontier(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def test_lesson06_check_accepts_the_solution(capsys, solutions):
    assert lesson06.last_token_logits(solutions("06").last_token_logits)
    assert capsys.readouterr().out.count("✓") == 1


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda logits, lengths: None, "not yet"),
        (lambda logits, lengths: logits[:, -1], "padding"),
        (
            lambda logits, lengths: logits[torch.arange(len(lengths)), lengths],
            "One position too far",
        ),
        (lambda logits, lengths: logits[:, lengths - 1], "(B, B, V)"),
        (lambda logits, lengths: logits[:, -1].tolist(), "return a tensor"),
        (lambda logits, lengths: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_lesson06_last_token_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson06.last_token_logits(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
