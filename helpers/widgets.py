"""Interactive controls for the lessons: thin ipywidgets over pure functions.

Handles: building the controls and re-drawing on change.
Leaves out: the logic itself, which lives in the modules the widgets call (a notebook
also calls that function once with defaults, so readers without a live kernel see a result).
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt

from helpers.ngram import word_tokens
from helpers.plots import plot_next_word_probs


def show_next_words(model, prefix, n=3, temperature=1.0, top=8):
    """Draw the next-word distribution after `prefix` and print the top words.

    Example: show_next_words(model, "no use crying over spilled", n=3)
    prints: n=3 uses "over spilled": milk 0.97, ...
    Returns the probabilities shown.
    """
    probs = model.next_word_probs(prefix, n=n, temperature=temperature, top=top)
    words = word_tokens(prefix)
    order = model.backed_off_order(words, n)
    context = " ".join(model.context_of(words, order)) or "nothing"
    note = f" (backed off from n={n})" if order < n else ""
    print(f"n={order}{note} uses \"{context}\", T={temperature:g}: "
          + ", ".join(f"{w} {p:.2f}" for w, p in list(probs.items())[:4]))
    plot_next_word_probs(probs, title=f'next word after "{prefix}"')
    plt.show()
    return probs


def next_word_widget(model, prefix="no use crying over spilled"):
    """Type a prefix; choose n and the temperature; see the next-word bar chart update."""
    controls = dict(
        prefix=widgets.Text(value=prefix, description="prefix", continuous_update=False,
                            layout=widgets.Layout(width="420px")),
        n=widgets.IntSlider(value=min(3, model.n), min=1, max=model.n, description="n"),
        temperature=widgets.FloatSlider(value=1.0, min=0.2, max=3.0, step=0.1, description="temperature", style={"description_width": "initial"},
                                        continuous_update=False),
    )
    return widgets.interactive(lambda prefix, n, temperature: show_next_words(model, prefix, n, temperature),
                               **controls)


def show_neural_next_words(model, vocab, prefix, top=8):
    """Draw a neural model's next-word distribution after `prefix` and print the top words.

    Example: show_neural_next_words(mlp, vocab, "i would like a cup of")
    prints: context "a cup of": tea 0.52, coffee 0.31, ...
    Returns the probabilities shown.
    """
    from helpers.neural_lm import PAD_WORD, next_word_probs

    probs = next_word_probs(model, vocab, prefix, top=top)
    context = getattr(model, "context", 1)
    words = ([PAD_WORD] * context + vocab.restrict(word_tokens(prefix)))[-context:]
    print(f"context \"{' '.join(words)}\": " + ", ".join(f"{w} {p:.2f}" for w, p in list(probs.items())[:4]))
    plot_next_word_probs(probs, title=f'next word after "{prefix}"')
    plt.show()
    return probs


def neural_next_word_widget(model, vocab, prefix="i would like a cup of"):
    """Type a prefix; see the neural model's next-word bar chart update."""
    box = widgets.Text(value=prefix, description="prefix", continuous_update=False,
                       layout=widgets.Layout(width="420px"))
    return widgets.interactive(lambda prefix: show_neural_next_words(model, vocab, prefix), prefix=box)
