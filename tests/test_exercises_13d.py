"""Lesson 13d's checks accept the instructors' solutions and reject typical mistakes."""

import math
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest

from helpers import search
from helpers.exercises import lesson13d


def test_checks_accept_the_solutions(capsys, solutions):
    found = solutions("13d")
    assert lesson13d.idf(found.idf)
    assert lesson13d.fuse(found.fuse)
    assert capsys.readouterr().out.count("✓") == 2


def test_idf_is_the_one_bm25_computes(solutions):
    """On the lesson's 480 pages: BM25's idf of each word, from the pages holding it."""
    texts = [page["text"] for page in search.pages()]
    index = search.BM25(texts)
    pages_with = Counter(w for text in texts for w in set(search.words(text)))
    found = solutions("13d")
    for word, column in index.vocab.items():
        assert math.isclose(
            index.idf[column], found.idf(len(texts), pages_with[word]), abs_tol=1e-12
        )
        assert math.isclose(
            index.idf[column],
            float(search.idf(len(texts), pages_with[word])),
            abs_tol=1e-12,
        )


def test_idf_cases_are_every_case_up_to_500_pages():
    cases = set(lesson13d._IDF_CASES)
    assert all(1 <= pages <= 500 and 0 <= n <= pages for pages, n in cases)
    assert len(cases) == sum(pages + 1 for pages in range(1, 501))
    assert lesson13d._IDF_CASES[:4] == [(480, 1), (480, 40), (480, 240), (480, 480)]


def test_solution_agrees_with_fuse_ranks_on_the_cases(solutions):
    found = solutions("13d")
    assert found.fuse([0, 1, 2], [2, 0, 1]) == [0, 2, 1]
    for first, second, k in lesson13d._FUSE_CASES:
        wanted = search.fuse_ranks([first], [second], k=k)[0].tolist()
        assert found.fuse(list(first), list(second), k) == wanted


def exact_order(first, second, k):
    """The fused order with scores as exact fractions, ties to the lower id."""
    score = Counter()
    for ranking in (first, second):
        for rank, page in enumerate(ranking, start=1):
            score[page] += Fraction(1, k + rank)
    return sorted(score, key=lambda page: (-score[page], page))


def test_fuse_cases_cover_sizes_ks_and_ties():
    """Random rankings of 2 to 50 pages with k = 60, 1 and 0; a case only the tie rule
    decides; and on every case float scores order the pages as exact ones do, so no
    right way of adding them up is rejected for its rounding."""
    cases = lesson13d._FUSE_CASES
    sizes_and_ks = {(len(first), k) for first, _, k in cases}
    assert {(n, k) for n in range(2, 51) for k in (60, 1, 0)} <= sizes_and_ks
    for first, second, k in cases:
        assert sorted(first) == sorted(second) == list(range(len(first)))
        wanted = search.fuse_ranks([first], [second], k=k)[0].tolist()
        assert exact_order(first, second, k) == wanted
    first, second, k = cases[1]
    score = lesson13d._rrf(first, second, k)
    assert len(set(score.values())) == 1 and first != sorted(first)
    ties = sum(
        len(set(lesson13d._rrf(*case).values())) < len(case[0]) for case in cases
    )
    assert ties > 20


def test_each_idf_mistake_differs_from_the_answer_and_from_the_others():
    """A hint can fire: its mistake is wrong somewhere, and no other hint's mistake
    gives the same outputs."""
    cases = lesson13d._IDF_CASES
    expected = [float(search.idf(*case)) for case in cases]
    seen = set()
    for wrong, _ in lesson13d._IDF_MISTAKES:
        got = [wrong(*case) if case[1] else None for case in cases]  # none: classic
        assert any(
            g is not None and not math.isclose(g, e) for g, e in zip(got, expected)
        )
        seen.add(tuple(g if g is None else round(g, 9) for g in got))
    assert len(seen) == len(lesson13d._IDF_MISTAKES)


def canonical(scores, cases, key=lambda page, score: (-score[page], page)):
    """What a function that sorts by `scores` gives on the cases, as call_safely
    reports it."""
    outputs = []
    for case in cases:
        try:
            score = scores(*case)
        except ZeroDivisionError as error:
            outputs.append((None, f"raised ZeroDivisionError: {error}"))
            continue
        outputs.append((sorted(score, key=lambda page: key(page, score)), None))
    return outputs


def test_each_fuse_mistake_is_told_apart():
    """A hint can fire: each mistake's order is wrong somewhere, no other mistake's
    scores give it, and neither do the right scores (which would mean a tie hint)."""
    cases = lesson13d._FUSE_CASES
    expected = [search.fuse_ranks([f], [s], k=k)[0].tolist() for f, s, k in cases]
    for scores, hint in lesson13d._FUSE_MISTAKES:
        outputs = canonical(scores, cases)
        assert [got for got, _ in outputs] != expected
        hints = {
            h
            for s, h in lesson13d._FUSE_MISTAKES
            if lesson13d._follows(outputs, s, cases)
        }
        assert hints == {hint}
        assert not lesson13d._follows(outputs, lesson13d._rrf, cases)
    other_ties = canonical(
        lesson13d._rrf, cases, key=lambda page, score: (-score[page], -page)
    )
    assert not any(
        lesson13d._follows(other_ties, s, cases) for s, _ in lesson13d._FUSE_MISTAKES
    )
    assert lesson13d._follows(other_ties, lesson13d._rrf, cases)


# -------------------------------------------------------------------- idf mistakes


def classic(pages, pages_with_word):
    return math.log(pages / pages_with_word)


def classic_guarded(pages, pages_with_word):  # no division by zero, still classic
    if pages_with_word == 0:
        return 0.0
    return math.log(pages / pages_with_word)


def without_the_one(pages, pages_with_word):
    return math.log((pages - pages_with_word + 0.5) / (pages_with_word + 0.5))


def base_10(pages, pages_with_word):
    return math.log10(1 + (pages - pages_with_word + 0.5) / (pages_with_word + 0.5))


def base_2(pages, pages_with_word):
    return np.log2(1 + (pages - pages_with_word + 0.5) / (pages_with_word + 0.5))


def over_pages_with_word(pages, pages_with_word):  # top and bottom over it: 1 / 0
    top = pages / pages_with_word - 1 + 0.5 / pages_with_word
    return math.log(1 + top / (1 + 0.5 / pages_with_word))


def not_written(pages, pages_with_word):
    raise NotImplementedError


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda pages, n: None, "not yet"),
        (not_written, "not written yet"),
        (classic, "That is the classic idf"),
        (classic, "which divides by zero for a word in no page"),
        (classic_guarded, "That is the classic idf"),
        (without_the_one, "it goes negative for a word in more than half the pages"),
        (without_the_one, "as Lucene's BM25 does"),
        (base_10, "logarithm to base 10"),
        (base_2, "logarithm to base 2"),
        (over_pages_with_word, "the 0.5 added to it keeps the division safe"),
        (
            lambda pages, n: 2 * base_10(pages, n),
            "should be 5.7704, your function gave",
        ),
        (lambda pages, n: "5.77", "your function gave '5.77'"),
    ],
)
def test_idf_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson13d.idf(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def test_idf_check_gives_no_hint_for_a_mixed_mistake(capsys):
    """Without the 1 + up to 100 pages, base 10 above: neither mistake's outputs on
    every case, so neither hint."""
    assert not lesson13d.idf(
        lambda pages, n: (
            without_the_one(pages, n) if pages <= 100 else base_10(pages, n)
        )
    )
    out = capsys.readouterr().out
    assert "should be" in out and "1 +" not in out and "base 10" not in out


def idf_with_numpy(pages, pages_with_word):
    return np.log(1 + (pages - pages_with_word + 0.5) / (pages_with_word + 0.5))


def idf_with_log1p(pages, pages_with_word):
    return math.log1p((pages - pages_with_word + 0.5) / (pages_with_word + 0.5))


def idf_as_one_fraction(pages, pages_with_word):  # 1 + a / b = (b + a) / b
    return math.log((pages + 1) / (pages_with_word + 0.5))


@pytest.mark.parametrize("right", [idf_with_numpy, idf_with_log1p, idf_as_one_fraction])
def test_idf_check_accepts_other_right_ways(right, capsys):
    assert lesson13d.idf(right)
    assert "✓" in capsys.readouterr().out


# -------------------------------------------------------------------- fuse mistakes


def scores_of(first, second, k, start=1):
    score = {}
    for ranking in (first, second):
        for rank, page in enumerate(ranking, start=start):
            score[page] = score.get(page, 0) + 1 / (k + rank)
    return score


def best_first(score):
    return sorted(score, key=lambda page: (-score[page], page))


def ranks_from_zero(first, second, k=60):
    return best_first(scores_of(first, second, k, start=0))


def ranks_from_zero_numpy(first, second, k=60):  # 1 / 0 is inf here, not an error
    n = len(first)
    with np.errstate(divide="ignore"):
        weight = 1 / (k + np.arange(n))
    score = np.zeros(n)
    score[first] += weight
    score[second] += weight
    return np.argsort(-score, kind="stable")


def borda(first, second, k=60):
    return sorted(
        first, key=lambda page: (first.index(page) + second.index(page), page)
    )


def no_k(first, second, k=60):
    return best_first(scores_of(first, second, 0))


def k_always_60(first, second, k=60):
    return best_first(scores_of(first, second, 60))


def the_scores(first, second, k=60):
    return sorted(scores_of(first, second, k).values(), reverse=True)


def the_dict_of_scores(first, second, k=60):
    return scores_of(first, second, k)


def ties_to_the_higher_id(first, second, k=60):
    score = scores_of(first, second, k)
    return sorted(score, key=lambda page: (score[page], page), reverse=True)


def ties_in_the_first_rankings_order(first, second, k=60):
    score = scores_of(first, second, k)
    return sorted(score, key=score.get, reverse=True)


def worst_first(first, second, k=60):
    return best_first(scores_of(first, second, k))[::-1]


def drops_the_last(first, second, k=60):
    return best_first(scores_of(first, second, k))[:-1]


def not_written_fuse(first, second, k=60):
    raise NotImplementedError


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda first, second, k=60: None, "not yet"),
        (not_written_fuse, "not written yet"),
        (ranks_from_zero, "That counts ranks from 0"),
        (ranks_from_zero, "k=0) raised ZeroDivisionError"),
        (ranks_from_zero_numpy, "That counts ranks from 0"),
        (borda, "a Borda count"),
        (no_k, "the same order whatever k is"),
        (k_always_60, "the same order whatever k is"),
        (the_scores, "Those are the pages' scores"),
        (the_dict_of_scores, "Those are the pages' scores"),
        (ties_to_the_higher_id, "Pages 1 and 0 score the same here"),
        (ties_to_the_higher_id, "a tie goes to the lower page id, so page 0"),
        (ties_in_the_first_rankings_order, "a tie goes to the lower page id"),
        (worst_first, "That is worst first"),
        (drops_the_last, "should hold each of the 3 page ids once"),
        (lambda first, second, k=60: first, "should be [0, 2, 1], your function gave"),
        (lambda first, second, k=60: first[0] / 0, "raised ZeroDivisionError"),
        (lambda first, second: first, "def fuse(first, second, k=60)"),
    ],
)
def test_fuse_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson13d.fuse(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def test_fuse_check_gives_no_hint_for_a_mixed_mistake(capsys):
    """Right up to 12 pages, a Borda count above: not a Borda count on every case, so
    no hint, and a long case shows the first place that differs."""
    assert not lesson13d.fuse(
        lambda first, second, k=60: (
            borda(first, second)
            if len(first) > 12
            else best_first(scores_of(first, second, k))
        )
    )
    out = capsys.readouterr().out
    assert "should have page" in out and "pages" in out and "Borda" not in out


def with_numpy(first, second, k=60):
    n = len(first)
    score = np.zeros(n)
    score[first] += 1 / (k + np.arange(1, n + 1))
    score[second] += 1 / (k + np.arange(1, n + 1))
    return np.argsort(-score, kind="stable")  # an array of numpy ints


def with_fractions(first, second, k=60):
    score = {page: Fraction(0) for page in first}
    for ranking in (first, second):
        for rank, page in enumerate(ranking, start=1):
            score[page] += Fraction(1, k + rank)
    return tuple(sorted(score, key=lambda page: (-score[page], page)))


def as_one_fraction(first, second, k=60):  # 1 / a + 1 / b = (a + b) / (a * b)
    a = {page: k + rank for rank, page in enumerate(first, start=1)}
    b = {page: k + rank for rank, page in enumerate(second, start=1)}
    score = {page: (a[page] + b[page]) / (a[page] * b[page]) for page in a}
    return [np.int64(page) for page in best_first(score)]


def uses_up_its_inputs(first, second, k=60):  # the check passes copies
    fused = best_first(scores_of(first, second, k))
    first.clear()
    second.reverse()
    return fused


def with_the_helper(first, second, k=60):
    return search.fuse_ranks([first], [second], k=k)[0]


@pytest.mark.parametrize(
    "right",
    [with_numpy, with_fractions, as_one_fraction, uses_up_its_inputs, with_the_helper],
)
def test_fuse_check_accepts_other_right_ways(right, capsys):
    assert lesson13d.fuse(right)
    assert "✓" in capsys.readouterr().out
