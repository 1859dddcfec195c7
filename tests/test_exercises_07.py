"""Lesson 07's checks accept the instructors' solutions and reject typical mistakes."""

import pytest

from helpers.entity_tagging import spans_from_tags
from helpers.exercises import lesson07


def test_checks_accept_the_solutions(capsys, solutions):
    answers = solutions("07")
    assert lesson07.spans(answers.spans)
    assert lesson07.fewest_labels(answers.fewest_labels)
    assert capsys.readouterr().out.count("✓") == 2


def test_the_check_agrees_with_the_library():
    for tags, expected in lesson07._SPAN_CASES:
        assert spans_from_tags(tags) == expected


def spans_closing_late(tags):
    """Forgets the span that runs to the end."""
    found, start, kind = set(), None, None
    for i, tag in enumerate(tags):
        prefix, _, name = tag.partition("-")
        if start is not None and (prefix != "I" or name != kind):
            found.add((start, i, kind))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, name
    return found


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda tags: None, "not yet"),
        (spans_closing_late, "closed too"),
        (
            lambda tags: {(a, b - 1, t) for a, b, t in spans_from_tags(tags)},
            "one short",
        ),
        (lambda tags: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_spans_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson07.spans(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda ks, s, t: next((k for k, x in zip(ks, s) if x > t), None), "(>=)"),
        (
            lambda ks, s, t: next((k for k, x in zip(ks, s) if x >= t), ks[-1]),
            "return None",
        ),
        (lambda ks, s, t: None, "the answer is"),
    ],
)
def test_fewest_labels_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson07.fewest_labels(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
