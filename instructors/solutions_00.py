"""Solution to lesson 00's warm-up exercise."""

from collections import Counter


def most_common_word(words):
    return Counter(words).most_common(1)[0][0]
