"""Plots the lessons share, drawn with matplotlib onto an axis you may pass in.

Handles: next-word bar charts, log-scale growth charts, label-efficiency curves, grids of
8 x 8 pictures.
Leaves out: styling beyond `helpers.setup()`'s defaults.
"""

import matplotlib.pyplot as plt
import numpy as np


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
        ax.annotate(
            word,
            (x, y),
            fontsize=9,
            color=colours[group],
            xytext=(3, 2),
            textcoords="offset points",
        )
    if groups is not None:
        for group, colour in colours.items():
            ax.scatter([], [], color=colour, label=group)
        ax.legend(fontsize=8, loc="best")
    if title:
        ax.set_title(title)
    return ax


def plot_attention_map(weights, tokens, ax=None, title=None, every=1, fontsize=11):
    """One attention map as a heat map: row i shows how much token i looked at each token j.

    `weights` is (T, T) (rows sum to 1; above the diagonal is 0 for a causal model), `tokens`
    the T token strings; `every` names only every so many tokens, for a small map of a long
    sentence. Text is at least `fontsize` points, readable on a projector.
    Example: plot_attention_map(maps[0][0, 1], ["the", " cat", " sat"])
    """
    import numpy as np

    weights = np.asarray(
        weights.detach().cpu() if hasattr(weights, "detach") else weights, dtype=float
    )
    if ax is None:
        size = 1.2 + 0.32 * len(tokens) / every
        _, ax = plt.subplots(figsize=(size, size))
    ax.imshow(weights, cmap="Blues", vmin=0, vmax=1)
    labels = [repr(t)[1:-1] for t in tokens]  # show spaces and newlines
    named = range(0, len(labels), every)
    ax.set_xticks(named, [labels[i] for i in named], rotation=90, fontsize=fontsize)
    ax.set_yticks(named, [labels[i] for i in named], fontsize=fontsize)
    ax.set_xlabel("looked at (key)", fontsize=fontsize)
    ax.set_ylabel("token (query)", fontsize=fontsize)
    ax.grid(False)
    if title:
        ax.set_title(title, fontsize=fontsize + 2)
    return ax


def plot_ladder(results, ax=None, title="held-out bits per byte (lower is better)"):
    """Horizontal bars, one per model, of held-out bits per byte; the best is drawn darker.

    Example: plot_ladder({"trigram": 0.96, "MLP": 0.99, "transformer": 0.76})
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.5 * len(results) + 1.2))
    names = list(results)[::-1]
    values = [results[n] for n in names]
    best = min(values)
    ax.barh(
        names, values, color=["tab:blue" if v == best else "tab:gray" for v in values]
    )
    for i, v in enumerate(values):
        ax.text(v, i, f" {v:.3f}", va="center", fontsize=9)
    ax.set_xlim(0, max(values) * 1.18)
    ax.set_xlabel("bits per byte of the validation text")
    if title:
        ax.set_title(title)
    return ax


def plot_label_efficiency(
    ks, curves, ax=None, target=None, ylabel="test accuracy", title=None
):
    """Score against the number of labels (log scale): one line per method at the mean over seeds,
    with a band from the worst to the best seed. `curves`: {name: [[score per seed] per k]}.

    Example:
        curves = {"tuned": [[.8, .9], [.9, .9], [.95, .96]]}
        plot_label_efficiency([8, 16, 32], curves, target=0.85)
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    for name, rows in curves.items():
        means = [sum(r) / len(r) for r in rows]
        (line,) = ax.plot(ks, means, marker="o", label=name)
        ax.fill_between(
            ks,
            [min(r) for r in rows],
            [max(r) for r in rows],
            color=line.get_color(),
            alpha=0.15,
        )
    if target is not None:
        ax.axhline(target, color="black", linestyle=":", linewidth=1)
        ax.text(ks[0], target, f" target {target:.0%}", va="bottom", fontsize=8)
    ax.set_xscale("log", base=2)
    ax.set_xticks(ks, [str(k) for k in ks])
    ax.set_xlabel("labeled examples (k)")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def plot_pictures(images, n_cols=10, titles=None, size=0.8, suptitle=None):
    """8 x 8 grey pictures (N, 64) in a grid of n_cols columns, white background and
    black ink as load_digits' 0..16; optional title above each. Returns the figure.

    Example: plot_pictures(train_x[:20], n_cols=10, titles=list(train_y[:20]))
    """
    images = np.asarray(images).reshape(-1, 8, 8)  # (N, 8, 8)
    n_rows = -(-len(images) // n_cols)
    fig, axes = plt.subplots(
        n_rows, n_cols, figsize=(n_cols * size, n_rows * size * 1.15), squeeze=False
    )
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < len(images):
            ax.imshow(images[i], cmap="gray_r", vmin=0, vmax=16)
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=9, pad=2)
    if suptitle:
        fig.suptitle(suptitle)
    return fig


def plot_fan(
    history, quantiles, actual=None, others=None, shown=60, ax=None, title=None
):
    """A fan chart: the last `shown` values of history, then the forecast's median and
    its 10-90% band (`quantiles` {0.1: ..., 0.5: ..., 0.9: ...}, as
    helpers.forecasting.forecast returns), the actual values when known and other
    forecasts {name: values} dashed. Returns the axes.

    Example: plot_fan(co2[:466], forecast(model, co2[:466]), actual=co2[466:478])
    """
    if ax is None:
        ax = plt.subplots(figsize=(7, 3.2))[1]
    start = len(history)
    past = np.arange(max(0, start - shown), start)
    ahead = np.arange(start, start + len(quantiles[0.5]))
    ax.plot(past, np.asarray(history)[past], color="black", lw=1, label="history")
    ax.fill_between(
        ahead, quantiles[0.1], quantiles[0.9], color="tab:blue", alpha=0.25,
        label="GPT 10-90%",
    )  # fmt: skip
    ax.plot(ahead, quantiles[0.5], color="tab:blue", lw=2, label="GPT median")
    colours = ["tab:orange", "tab:green", "tab:red", "tab:purple"]
    for (name, values), colour in zip((others or {}).items(), colours):
        ax.plot(ahead, values, ls="--", lw=1.5, color=colour, label=name)
    if actual is not None:
        ax.plot(ahead, actual, color="black", ls=":", lw=2, label="what happened")
    ax.axvline(start - 0.5, color="grey", lw=0.8)
    ax.set_xlabel("step")
    ax.legend(fontsize=8, loc="upper left")
    if title:
        ax.set_title(title)
    return ax


class LiveLossPlot:
    """A loss chart that redraws in place during training: pass it as `train(..., callback=live)`.

    Each history entry adds a point to the training and validation curves; the figure is
    re-displayed in the same output area, so the notebook keeps only the final chart.
    `reference` lines (name -> loss) are drawn dashed. Call `close()` at the end.
    Example:
        live = LiveLossPlot(reference={"at init, ln V": 6.93})
        train(..., callback=live)
        live.close()
    """

    def __init__(self, reference=None, ylabel="loss (nats per token)"):
        from IPython.display import display

        self.steps, self.train, self.val = [], [], []
        self.fig, self.ax = plt.subplots(figsize=(7, 3.5))
        self.reference, self.ylabel = reference or {}, ylabel
        self.handle = display(self.fig, display_id=True)

    def __call__(self, entry):
        self.steps.append(entry["step"])
        self.train.append(entry["train_loss"])
        self.val.append(entry["val_loss"])
        self.draw()
        self.handle.update(self.fig)
        return False  # never asks training to stop

    def draw(self):
        ax = self.ax
        ax.clear()
        pts = [(s, t) for s, t in zip(self.steps, self.train) if t is not None]
        if pts:
            ax.plot(*zip(*pts), marker=".", label="training (mean since last point)")
        vals = [(s, v) for s, v in zip(self.steps, self.val) if v is not None]
        if vals:
            ax.plot(*zip(*vals), marker=".", label="validation")
        for i, (name, value) in enumerate(self.reference.items()):
            ax.axhline(value, linestyle="--", color=f"C{i + 2}", label=name)
        ax.set_xlabel("step")
        ax.set_ylabel(self.ylabel)
        ax.legend(fontsize=8)

    def close(self):
        """Stop drawing; the last chart stays in the output."""
        plt.close(self.fig)
