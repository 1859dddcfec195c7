"""Counting words, and Zipf's law: the figures lesson 01 draws from the corpus.

Handles: word counting with one simple rule (lowercase runs of letters, digits and
apostrophes), the rank-frequency arrays, and their log-log plot.
Leaves out: tokenizers (lesson 03 builds those); plotting beyond one axes; the data
card's sizes and label counts (`python -m datagen stats` prints those).
"""

import re
from collections import Counter

import numpy as np

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words_of(text):
    """Lowercase words. Example: words_of("Don't stop, Anna!") -> ["don't", 'stop', 'anna']"""
    return WORD.findall(text.lower())


def zipf_ranks(text):
    """Rank and count of every word, most frequent first, as two integer arrays.

    Example: zipf_ranks('a b a c a b') -> (array([1, 2, 3]), array([3, 2, 1]))
    """
    counts = sorted(Counter(words_of(text)).values(), reverse=True)
    return np.arange(1, len(counts) + 1), np.array(counts, dtype=np.int64)


def plot_zipf(text, ax=None, label="our corpus"):
    """Log-log plot of count against rank, with the ideal 1/rank line for comparison."""
    import matplotlib.pyplot as plt

    ranks, counts = zipf_ranks(text)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    ax.loglog(ranks, counts, ".", markersize=3, label=label)
    ax.loglog(ranks, counts[0] / ranks, "--", linewidth=1, label="count ∝ 1 / rank")
    ax.set_xlabel("rank of word (1 = most frequent)")
    ax.set_ylabel("count")
    ax.set_title("Zipf's law")
    ax.legend()
    return ax
