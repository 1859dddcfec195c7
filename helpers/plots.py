"""Plots the lessons share, drawn with matplotlib onto an axis you may pass in.

Handles: next-word bar charts, log-scale growth charts.
Leaves out: styling beyond `helpers.setup()`'s defaults.
"""
import matplotlib.pyplot as plt


def plot_next_word_probs(probs, ax=None, title=None):
    """Horizontal bars of next-word probabilities, most likely on top.

    Example: plot_next_word_probs({'milk': 0.9, 'water': 0.1}, title='after "spilled"')
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.35 * max(len(probs), 3) + 0.8))
    words = list(probs)[::-1]
    ax.barh(words, [probs[w] for w in words], color="tab:blue")
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability of the next word")
    if title:
        ax.set_title(title)
    return ax
