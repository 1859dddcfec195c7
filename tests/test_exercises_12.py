"""Lesson 12's checks accept the instructors' solutions and reject typical mistakes."""

import pytest

from helpers.exercises import lesson12


def test_checks_accept_the_solutions(capsys, solutions):
    found = solutions("12")
    assert lesson12.balanced(found.balanced)
    assert lesson12.unique_and_novel(found.unique_and_novel)
    assert capsys.readouterr().out.count("✓") == 2


def counts_only(smiles):  # forgets order and brackets
    digits = [c for c in smiles if c.isdigit()]
    return smiles.count("(") == smiles.count(")") and all(
        digits.count(d) % 2 == 0 for d in set(digits)
    )


def ignores_brackets(smiles):  # keeps order but counts the 3 of [NH3+]
    depth = 0
    for c in smiles:
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return False
    digits = [c for c in smiles if c.isdigit()]
    return depth == 0 and all(digits.count(d) % 2 == 0 for d in set(digits))


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda s: None, "not yet"),
        (counts_only, "before its ("),
        (ignores_brackets, "inside [...]"),
        (lambda s: True, "should be False"),
    ],
)
def test_balanced_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson12.balanced(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda v, t: None, "not yet"),
        (  # novel counted over every sample, not distinct ones
            lambda v, t: (len(set(v)) / len(v), sum(s not in t for s in v) / len(v)),
            "Novel counts distinct",
        ),
    ],
)
def test_novelty_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson12.unique_and_novel(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
