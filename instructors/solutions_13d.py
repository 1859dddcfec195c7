"""Solutions to lesson 13d's exercises."""

import math


def idf(pages, pages_with_word):
    # 0.5 on both counts keeps a word in no page finite; 1 + keeps a common word above 0
    return math.log(1 + (pages - pages_with_word + 0.5) / (pages_with_word + 0.5))


def fuse(first, second, k=60):
    score = {}
    for ranking in (first, second):
        for rank, page in enumerate(ranking, start=1):  # the best page has rank 1
            score[page] = score.get(page, 0) + 1 / (k + rank)
    return sorted(score, key=lambda page: (-score[page], page))  # ties: lower id first
