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


def plot_word_map(points, words, groups=None, ax=None, title=None):
    """Words placed at 2-D points (e.g. embeddings projected on two principal directions),
    coloured by group if `groups` (one label per word) is given.

    Example: plot_word_map([[0, 1], [1, 0]], ["tea", "coffee"], groups=["drink", "drink"])
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5))
    points = [tuple(float(v) for v in p) for p in points]
    labels = groups if groups is not None else [None] * len(words)
    colours = {g: f"C{i % 10}" for i, g in enumerate(dict.fromkeys(labels))}
    for (x, y), word, group in zip(points, words, labels):
        ax.scatter(x, y, color=colours[group], s=12)
        ax.annotate(word, (x, y), fontsize=9, color=colours[group], xytext=(3, 2), textcoords="offset points")
    if groups is not None:
        for group, colour in colours.items():
            ax.scatter([], [], color=colour, label=group)
        ax.legend(fontsize=8, loc="best")
    if title:
        ax.set_title(title)
    return ax
