"""Checks for lesson 13d (search that answers)."""

import math
import numbers
import random
import reprlib

from helpers.exercises import call_safely, close_to, verdict

# ------------------------------------------------------------------ idf


_CLASSIC = (
    " That is the classic idf, log(pages / pages_with_word), which divides by zero "
    "for a word in no page. BM25 adds 0.5 to both counts and 1 inside the log: "
    "log(1 + (pages - pages_with_word + 0.5) / (pages_with_word + 0.5))."
)
_NO_ONE = (
    " That is log((pages - pages_with_word + 0.5) / (pages_with_word + 0.5)) without "
    "the 1 +: it goes negative for a word in more than half the pages, and then a page "
    "that holds a common query word scores lower than one without it. Adding 1 inside "
    "the log keeps it positive, as Lucene's BM25 does."
)
_BASE_10 = (
    " That is the logarithm to base 10 (math.log10): BM25 here uses the natural "
    "logarithm, math.log."
)
_BASE_2 = (
    " That is the logarithm to base 2 (math.log2): BM25 here uses the natural "
    "logarithm, math.log."
)
_NO_PAGE = (
    " A word in no page has pages_with_word = 0: the 0.5 added to it keeps the "
    "division safe."
)

# what typical mistakes give for (pages, pages_with_word), with their hints; a mistake
# that raises on a case (the classic idf for a word in no page) is not held to it
_IDF_MISTAKES = [
    (lambda N, n: math.log(N / n), _CLASSIC),
    (lambda N, n: math.log((N - n + 0.5) / (n + 0.5)), _NO_ONE),
    (lambda N, n: math.log10(1 + (N - n + 0.5) / (n + 0.5)), _BASE_10),
    (lambda N, n: math.log2(1 + (N - n + 0.5) / (n + 0.5)), _BASE_2),
]

# (pages, pages_with_word): the lesson's 480 pages first (a rare word, one in a town's
# worth of pages, one in half of them, one in all, one in none), then every case with
# up to 500 pages
_IDF_CASES = [(480, 1), (480, 40), (480, 240), (480, 480), (480, 0)] + [
    (N, n) for N in range(1, 501) for n in range(N + 1)
]


def _matches(outputs, wrong, cases):
    """Whether every output is close to what `wrong` gives, on the cases where `wrong`
    gives a number at all."""
    for (got, error), case in zip(outputs, cases):
        try:
            want = wrong(*case)
        except (ArithmeticError, ValueError):
            continue
        if error or not close_to(got, want):
            return False
    return True


def idf(function):
    """Check function(pages, pages_with_word) -> BM25's inverse document frequency,
    log(1 + (pages - pages_with_word + 0.5) / (pages_with_word + 0.5)), natural log
    (helpers.search.BM25's idf). Example: idf(480, 1) -> 5.7704, idf(480, 480) -> 0.0010
    """
    from helpers.search import idf as reference

    expected = [float(reference(*case)) for case in _IDF_CASES]
    outputs = [call_safely(function, *case) for case in _IDF_CASES]
    if all(got is None and not error for got, error in outputs):
        return verdict(
            False,
            "not yet: your function returned None. Return math.log(1 + (pages - "
            "pages_with_word + 0.5) / (pages_with_word + 0.5)): high for a word on few "
            "pages, near 0 for a word on all of them.",
        )
    for (pages, n), want, (got, error) in zip(_IDF_CASES, expected, outputs):
        if not error and close_to(got, want):
            continue
        call = f"idf(pages={pages}, pages_with_word={n})"
        hint = next(
            (h for wrong, h in _IDF_MISTAKES if _matches(outputs, wrong, _IDF_CASES)),
            "",
        )
        if error:
            if not hint and n == 0:
                hint = _NO_PAGE
            return verdict(False, f"{call} {error}.{hint}")
        return verdict(
            False, f"{call} should be {want:.4f}, your function gave {got!r}.{hint}"
        )
    return verdict(
        True,
        "idf is right: log(1 + (N - n + 0.5) / (n + 0.5)), high for a rare word and "
        "small, but never negative, for a word on every page",
    )


# ------------------------------------------------------------------ fuse


def _rrf(first, second, k):
    """Page id -> its reciprocal rank fusion score, ranks counted from 1.
    Example: _rrf([0, 1], [1, 0], 60) -> {0: 1/61 + 1/62, 1: 1/62 + 1/61}"""
    score = {}
    for ranking in (first, second):
        for rank, page in enumerate(ranking, start=1):
            score[page] = score.get(page, 0) + 1 / (k + rank)
    return score


def _from_zero(first, second, k):
    """The scores with ranks counted from 0: 1 / k for the best page."""
    return _rrf(first, second, k - 1)


def _borda(first, second, k):
    """Minus the sum of a page's ranks: the lower the sum, the better."""
    score = {}
    for ranking in (first, second):
        for rank, page in enumerate(ranking, start=1):
            score[page] = score.get(page, 0) - rank
    return score


_FROM_ZERO = (
    " That counts ranks from 0 (enumerate's default): the best page has rank 1, so "
    "count from 1, enumerate(ranking, start=1). From 0, k = 0 divides by zero and a "
    "small k gives another order."
)
_BORDA = (
    " That adds the ranks themselves (a Borda count): reciprocal rank fusion adds "
    "1 / (k + rank), so a page near the top of either ranking gains the most."
)
_NO_K = (
    " That gives the same order whatever k is: use the k passed in, 1 / (k + rank). "
    "A small k lets the top ranks count for much more than the rest; a large one "
    "evens them out."
)
_WORST_FIRST = (
    " That is worst first: sort by score from highest to lowest "
    "(sorted(..., reverse=True))."
)
_TAKE_K = " Let your function take k as well: def fuse(first, second, k=60)."
_SCORES = (
    " Those are the pages' scores: return the page ids instead, sorted by score, best "
    "first (sorted(scores, key=scores.get, reverse=True) for a dict of scores)."
)

# scores (higher is better) whose order typical mistakes follow, with their hints; a
# mistake that divides by zero on a case (ranks from 0 with k = 0) is not held to it
_FUSE_MISTAKES = [
    (_from_zero, _FROM_ZERO),
    (_borda, _BORDA),
    (lambda first, second, k: _rrf(first, second, 0), _NO_K),  # 1 / rank
    (lambda first, second, k: _rrf(first, second, 60), _NO_K),  # k stuck at 60
    (
        lambda first, second, k: {p: -s for p, s in _rrf(first, second, k).items()},
        _WORST_FIRST,
    ),
]


def _random_cases(seed=13):
    """Two random rankings of 2 to 50 pages, each with k = 60, 1 and 0. With this seed
    the float scores order every case as exact fractions would, so any right way of
    adding them up agrees with helpers.search.fuse_ranks."""
    rng, cases = random.Random(seed), []
    for size in range(2, 51):
        for k in (60, 1, 0):
            first, second = list(range(size)), list(range(size))
            rng.shuffle(first)
            rng.shuffle(second)
            cases.append((first, second, k))
    return cases


# (first, second, k): small cases by hand first, then random ones
_FUSE_CASES = [
    ([0, 1, 2], [2, 0, 1], 60),  # -> [0, 2, 1]
    ([1, 0], [0, 1], 60),  # a tie, and only the tie rule decides: -> [0, 1]
    ([0, 1, 2, 3, 4], [4, 1, 2, 3, 0], 60),  # a large k: second in both wins
    ([0, 1, 2, 3, 4], [4, 1, 2, 3, 0], 0),  # k = 0: the top of either wins, a tie
    ([0, 1, 2, 3], [3, 2, 1, 0], 60),  # two ties
] + _random_cases()

_brief = reprlib.Repr()
_brief.maxlist = _brief.maxtuple = _brief.maxdict = 12
_brief.maxother = 60


def _page_ids(got):
    """A list-like of ints (a list, a tuple, a numpy array) as a list of ints; None for
    anything else. Example: _page_ids(np.array([2, 0, 1])) -> [2, 0, 1]"""
    if got is None or isinstance(got, (str, bytes, dict)):
        return None
    try:
        ids = got.tolist() if hasattr(got, "tolist") else list(got)
    except TypeError:
        return None
    if not isinstance(ids, list):
        return None
    if any(isinstance(i, bool) or not isinstance(i, numbers.Integral) for i in ids):
        return None
    return [int(i) for i in ids]


def _in_order(ids, score):
    """Whether the page ids go from the highest score to the lowest, ties either way."""
    return all(score[a] >= score[b] - 1e-12 for a, b in zip(ids, ids[1:]))


def _follows(outputs, scores, cases):
    """Whether every output lists all the pages in the order of `scores`, on the cases
    where `scores` gives them at all."""
    for (got, error), case in zip(outputs, cases):
        try:
            score = scores(*case)
        except (ArithmeticError, ValueError):
            continue
        ids = None if error else _page_ids(got)
        if ids is None or sorted(ids) != sorted(score) or not _in_order(ids, score):
            return False
    return True


def _fuse_hint(outputs, cases, at, want):
    """The hint for outputs that go wrong first on cases[at], whose answer is `want`."""
    for scores, hint in _FUSE_MISTAKES:
        if _follows(outputs, scores, cases):
            return hint
    if _follows(outputs, _rrf, cases):  # the right scores: only ties go the other way
        got = _page_ids(outputs[at][0])
        a, b = next((g, w) for g, w in zip(got, want) if g != w)
        return (
            f" Pages {a} and {b} score the same here: a tie goes to the lower page id, "
            f"so page {min(a, b)} comes first (sort by (-score, page id))."
        )
    return ""


def _looks_like_scores(got, score):
    """Whether `got` is a dict, or numbers that are the pages' scores in some order."""
    if isinstance(got, dict):
        return True
    try:
        values = sorted(float(v) for v in got)
    except (TypeError, ValueError):
        return False
    wanted = sorted(score.values())
    return len(values) == len(wanted) and all(map(close_to, values, wanted))


def fuse(function):
    """Check function(first, second, k=60) -> the page ids of two rankings (page ids,
    best first) fused by reciprocal rank: each page scores 1 / (k + its rank in first)
    + 1 / (k + its rank in second), ranks counted from 1, and the ids come best first,
    ties to the lower id (helpers.search.fuse_ranks).
    Example: fuse([0, 1, 2], [2, 0, 1]) -> [0, 2, 1]"""
    from helpers.search import fuse_ranks as reference

    cases = _FUSE_CASES
    expected = [reference([f], [s], k=k)[0].tolist() for f, s, k in cases]
    outputs = [call_safely(function, list(f), list(s), k) for f, s, k in cases]
    if all(got is None and not error for got, error in outputs):
        return verdict(
            False,
            "not yet: your function returned None. Give each page 1 / (k + its rank "
            "in first) + 1 / (k + its rank in second), ranks counted from 1, and "
            "return the page ids sorted by that score, best first, ties to the lower "
            "id.",
        )
    for at, ((first, second, k), want, (got, error)) in enumerate(
        zip(cases, expected, outputs)
    ):
        ids = None if error else _page_ids(got)
        if ids == want:
            continue
        if len(first) <= 12:
            call = f"fuse({first}, {second}, k={k})"
        else:
            call = f"fuse(first, second, k={k}) on two rankings of {len(first)} pages"
        if error:
            hint = _fuse_hint(outputs, cases, at, want)
            if "positional argument" in error:  # def fuse(first, second): no k
                hint = _TAKE_K
            return verdict(False, f"{call} {error}.{hint}")
        if ids is None:
            hint = _SCORES if _looks_like_scores(got, _rrf(first, second, k)) else ""
            return verdict(
                False,
                f"{call} should return a list of page ids (ints), best first, your "
                f"function gave {_brief.repr(got)}.{hint}",
            )
        if sorted(ids) != sorted(want):
            return verdict(
                False,
                f"{call} should hold each of the {len(want)} page ids once, your "
                f"function gave {_brief.repr(ids)}.",
            )
        hint = _fuse_hint(outputs, cases, at, want)
        if len(want) <= 12:
            wrong = f"should be {want}, your function gave {ids}"
        else:
            i = next(i for i, (g, w) in enumerate(zip(ids, want)) if g != w)
            wrong = (
                f"should have page {want[i]} at place {i + 1}, your function put "
                f"page {ids[i]} there"
            )
        return verdict(False, f"{call} {wrong}.{hint}")
    return verdict(
        True,
        "fuse is right: 1 / (k + rank) from each ranking added up, best first, ties to "
        "the lower page id",
    )
