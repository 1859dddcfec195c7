"""Lesson 11's checks accept the instructors' solutions and reject typical mistakes."""

import pytest
import torch

from helpers.exercises import lesson11


def test_checks_accept_the_solutions(capsys, solutions):
    found = solutions("11")
    assert lesson11.guided_logits(found.guided_logits)
    assert lesson11.nearest_distance(found.nearest_distance)
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda w, wo, g: None, "not yet"),
        (lambda w, wo, g: wo + g * (w - wo), "start from those with it"),
        (lambda w, wo, g: w + (w - wo), "expected"),  # ignores guidance
        (lambda w, wo, g: g * (w - wo), "unchanged"),  # loses the caption at guidance 0
        (lambda w, wo, g: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_guidance_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson11.guided_logits(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda a, b: None, "not yet"),
        (lambda a, b: (torch.cdist(a, b) ** 2).min(1).values, "squared distances"),
        (lambda a, b: torch.cdist(a, b).max(1).values, "expected"),
        (lambda a, b: torch.cdist(a, b).min(0).values, "expected"),  # wrong axis
    ],
)
def test_distance_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson11.nearest_distance(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
