"""Every exercise check accepts the instructors' solution and rejects typical mistakes."""
import importlib.util
import math
from pathlib import Path

import pytest

from helpers.exercises import lesson01

SOLUTIONS = Path(__file__).resolve().parents[1] / "instructors"


def solutions(lesson):
    spec = importlib.util.spec_from_file_location(f"solutions_{lesson}", SOLUTIONS / f"solutions_{lesson}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lesson01_checks_accept_the_solutions(capsys):
    answers = solutions("01")
    assert lesson01.bigram_probability(answers.bigram_probability)
    assert lesson01.perplexity_of(answers.perplexity_of)
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize("wrong", [
    lambda tokens, previous, word: None,
    lambda tokens, previous, word: tokens.count(word) / len(tokens),        # unigram, ignores `previous`
    lambda tokens, previous, word: 1 / 0,
])
def test_lesson01_bigram_check_rejects_mistakes(wrong, capsys):
    assert not lesson01.bigram_probability(wrong)
    assert "✗" in capsys.readouterr().out


@pytest.mark.parametrize("wrong", [
    lambda probs: None,
    lambda probs: 1 / (sum(probs) / len(probs)),                              # arithmetic mean
    lambda probs: -sum(math.log2(p) for p in probs) / len(probs),            # bits, not perplexity
])
def test_lesson01_perplexity_check_rejects_mistakes(wrong, capsys):
    assert not lesson01.perplexity_of(wrong)
    assert "✗" in capsys.readouterr().out
