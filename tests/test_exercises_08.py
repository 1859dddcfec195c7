"""Lessons 08 and 08b's checks accept the instructors' solutions and reject typical
mistakes."""

import math

import pytest

from helpers.exercises import lesson08, lesson08b
from helpers.prompting import few_shot_prompt as reference_prompt
from helpers.sweeps import labels_needed
from helpers.tuning import LABELS


def test_checks_accept_the_solutions(capsys, solutions):
    answers = solutions("08")
    assert lesson08.few_shot_prompt(answers.few_shot_prompt)
    assert lesson08.calibrate(answers.calibrate)
    answers_b = solutions("08b")
    assert lesson08b.prompt_worth(answers_b.prompt_worth)
    assert lesson08b.break_even(answers_b.break_even)
    assert capsys.readouterr().out.count("✓") == 4


def test_the_checks_agree_with_the_package():
    for (template, demos, review), want in lesson08._PROMPT_CASES:
        assert reference_prompt(template, demos, review) == want
    for (ks, prompt_curve, head_curve, k), want in lesson08b._WORTH_CASES:
        needed = labels_needed(ks, head_curve, prompt_curve[ks.index(k)])
        assert (needed is None and want is None) or math.isclose(
            needed - k, want, abs_tol=0.1
        )


def _join(template, parts):
    return template.demo_separator.join(parts)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda t, d, r: None, "not yet"),
        (
            lambda t, d, r: _join(t, [t.prompt(x) for _, x in d] + [t.prompt(r)]),
            "lost their answers",
        ),
        (
            lambda t, d, r: _join(
                t,
                [t.prompt(x) + t.words[1 - LABELS.index(y)] for y, x in d]
                + [t.prompt(r)],
            ),
            "swapped",
        ),
        (
            lambda t, d, r: _join(
                t,
                [t.prompt(r)] + [t.prompt(x) + t.words[LABELS.index(y)] for y, x in d],
            ),
            "come last",
        ),
        (
            lambda t, d, r: "".join(
                [t.prompt(x) + t.words[LABELS.index(y)] for y, x in d] + [t.prompt(r)]
            ),
            "demo_separator",
        ),
        (lambda t, d, r: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_prompt_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson08.few_shot_prompt(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda p, b: None, "not yet"),
        (lambda p, b: p[:, 1], "bias was not used"),
        (lambda p, b: (p * b / (p * b).sum(-1, keepdim=True))[:, 1], "do not multiply"),
        (lambda p, b: (p / b)[:, 1], "renormalise"),
        (lambda p, b: (p / b / (p / b).sum(-1, keepdim=True))[:, 0], "P(negative)"),
        (lambda p, b: "0.5", "per row"),
        (lambda p, b: p[:, :1] * 0 + 0.5, "should be"),
    ],
)
def test_calibration_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson08.calibrate(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def _linear_needed(ks, scores, target):
    for k0, s0, k1, s1 in zip(ks, scores, ks[1:], scores[1:]):
        if s0 < target <= s1:
            return k0 + (target - s0) / (s1 - s0) * (k1 - k0)
    return float(ks[0]) if scores[0] >= target else None


def _worth_with(needed_of):
    def worth(ks, prompt_curve, head_curve, k):
        needed = needed_of(ks, head_curve, prompt_curve[ks.index(k)])
        return None if needed is None else needed - k

    return worth


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda ks, p, h, k: None, "not yet"),
        (lambda ks, p, h, k: labels_needed(ks, h, p[ks.index(k)]), "minus the"),
        (_worth_with(_linear_needed), "log scale"),
        (
            lambda ks, p, h, k: (labels_needed(ks, p, h[ks.index(k)]) or 0) - k,
            "swapped",
        ),
        (lambda ks, p, h, k: 0.0, "the prompt is worth"),
    ],
)
def test_worth_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson08b.prompt_worth(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def test_the_worth_hint_for_none_names_the_k_it_failed_on(capsys):
    assert not lesson08b.prompt_worth(lambda ks, p, h, k: None)
    out = capsys.readouterr().out
    assert "returned None for k=8, where the head does reach" in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda t, p, q: None, "not yet"),
        (lambda t, p, q: t / p, "SAVES"),
        (lambda t, p, q: t / (q - p), "sign is swapped"),
        (lambda t, p, q: (p - q) / t, "upside down"),
        (lambda t, p, q: t / (p - q), "never pays"),  # no None when nothing is saved
        (lambda t, p, q: "many", "Return a number"),
        (lambda t, p, q: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_break_even_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson08b.break_even(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
