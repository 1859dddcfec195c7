"""Every exercise check accepts the instructors' solution and rejects typical mistakes."""

import math

import pytest

from helpers.exercises import lesson00, lesson01


def test_lesson01_checks_accept_the_solutions(capsys, solutions):
    answers = solutions("01")
    assert lesson01.bigram_probability(answers.bigram_probability)
    assert lesson01.perplexity_of(answers.perplexity_of)
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize(
    "wrong",
    [
        lambda tokens, previous, word: None,
        lambda tokens, previous, word: (
            tokens.count(word) / len(tokens)
        ),  # unigram, ignores `previous`
        lambda tokens, previous, word: 1 / 0,
    ],
)
def test_lesson01_bigram_check_rejects_mistakes(wrong, capsys):
    assert not lesson01.bigram_probability(wrong)
    assert "✗" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong",
    [
        lambda probs: None,
        lambda probs: 1 / (sum(probs) / len(probs)),  # arithmetic mean
        lambda probs: (
            -sum(math.log2(p) for p in probs) / len(probs)
        ),  # bits, not perplexity
    ],
)
def test_lesson01_perplexity_check_rejects_mistakes(wrong, capsys):
    assert not lesson01.perplexity_of(wrong)
    assert "✗" in capsys.readouterr().out


def test_lesson00_check_accepts_the_solution_and_rejects_a_wrong_answer(
    capsys, solutions
):
    assert lesson00.most_common_word(solutions("00").most_common_word)
    assert not lesson00.most_common_word(lambda words: words[0])
    assert not lesson00.most_common_word(lambda words: None)
    out = capsys.readouterr().out
    assert out.count("✓") == 1 and out.count("✗") == 2


def test_a_verdict_shows_nothing_more_as_a_cells_value(capsys, solutions):
    result = lesson00.most_common_word(solutions("00").most_common_word)
    assert result._ipython_display_() is None and repr(result).startswith("✓")
