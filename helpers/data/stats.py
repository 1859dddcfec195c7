"""Counting words, and Zipf's law: the figures lesson 01 draws from the corpus; and the
labels hidden in "unlabeled" text, which lesson 06 counts.

Handles: word counting with one simple rule (lowercase runs of letters, digits and
apostrophes), the rank-frequency arrays, and their log-log plot; counting the lines of a
text that pair a review with its verdict (`label_like_lines`), and taking those reviews
out as labeled examples (`rated_reviews`).
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


# Review pages state their verdict in these forms; each is a label in all but name.
LABEL_LIKE = {
    "Review: ... Sentiment: positive/negative": re.compile(
        r"^Review: .+ Sentiment: (?:positive|negative)$", re.MULTILINE
    ),
    "... positive or negative? ... then (A:) Positive./Negative.": re.compile(
        r"positive or negative\?.*\n(?:A: )?(?:Positive|Negative)\.$", re.MULTILINE
    ),
    "Rating: N out of 5.": re.compile(r"Rating: [1-5] out of 5\.", re.MULTILINE),
    "One star. ... Five stars.": re.compile(
        r"\b(?:One star|(?:Two|Three|Four|Five) stars)\.", re.MULTILINE
    ),
    "This review is positive./negative.": re.compile(
        r"This review is (?:positive|negative)\."
    ),
    "Overall, it was great./good./bad./terrible.": re.compile(
        r"Overall, it was (?:great|good|bad|terrible)\."
    ),
    "In short: great./terrible.": re.compile(r"In short: (?:great|terrible)\."),
}


def label_like_lines(text):
    """How often each verdict form of LABEL_LIKE occurs in `text`.

    Example: label_like_lines("Review: Cold soup. Sentiment: negative\nTwo stars.")
        -> {"Review: ... Sentiment: positive/negative": 1, ..., "One star. ... Five stars.": 1}
    """
    return {form: len(pattern.findall(text)) for form, pattern in LABEL_LIKE.items()}


# A review's closing verdict, one of the LABEL_LIKE forms, and the side it takes.
CLOSING_VERDICT = re.compile(
    r" ?(?:Rating: (?P<rating>[1-5]) out of 5|(?P<stars>One star|Two stars|Three stars"
    r"|Four stars|Five stars)|This review is (?P<is>positive|negative)"
    r"|Overall, it was (?P<overall>great|good|bad|terrible)"
    r"|In short: (?P<short>great|terrible))\.$"
)
POSITIVE_VERDICTS = {"4", "5", "Four stars", "Five stars", "positive", "great", "good"}
NEUTRAL_VERDICTS = {"3", "Three stars"}


def rated_reviews(text):
    """[(label, review)] of every line of `text` that ends with a closing verdict
    (CLOSING_VERDICT), the verdict cut off: what a model could learn about sentiment
    from the "unlabeled" text's hidden labels. Three-star reviews are left out.

    Example: rated_reviews("Title\nCold soup. Two stars.\n\nFine. Rating: 3 out of 5.")
        -> [('negative', 'Cold soup.')]
    """
    rows = []
    for line in text.splitlines():
        match = CLOSING_VERDICT.search(line)
        review = line[: match.start()].strip() if match else ""
        verdict = next(v for v in match.groupdict().values() if v) if review else ""
        if review and verdict not in NEUTRAL_VERDICTS:
            label = "positive" if verdict in POSITIVE_VERDICTS else "negative"
            rows.append((label, review))
    return rows


# What `drop_verdicts` removes, by how much of the labeling it takes away: "pairs" the
# prompt-format pairs of the first two LABEL_LIKE forms (the review itself stays), "all" every
# LABEL_LIKE form: also ratings, star counts and the verdict sentences that end reviews.
VERDICT_EDITS = {
    "pairs": [
        (
            re.compile(
                r"^(Review: .+) Sentiment: (?:positive|negative)$", re.MULTILINE
            ),
            r"\1",
        ),
        (
            re.compile(
                r"^(?:Q: )?(?:Is the following review|Does this review sound) "
                r"positive or negative\? ",
                re.MULTILINE,
            ),
            "",
        ),
        (re.compile(r"^(?:A: )?(?:Positive|Negative)\.\n", re.MULTILINE), ""),
    ],
    "all": [
        (re.compile(r" ?Rating: [1-5] out of 5\."), ""),
        (re.compile(r" ?\b(?:One star|(?:Two|Three|Four|Five) stars)\."), ""),
        (re.compile(r" ?This review is (?:positive|negative)\."), ""),
        (re.compile(r" ?Overall, it was (?:great|good|bad|terrible)\."), ""),
        (re.compile(r" ?In short: (?:great|terrible)\."), ""),
    ],
}


def drop_verdicts(text, which="pairs"):
    """`text` without its verdict forms (LABEL_LIKE): "pairs" drops the prompt-format
    pairs' labels and questions (the reviews stay), "all" every LABEL_LIKE form.

    Example: drop_verdicts("Review: Cold soup. Sentiment: negative\nTwo stars.", "all")
        -> "Review: Cold soup.\n"
    """
    if which not in VERDICT_EDITS:
        raise ValueError(f"which must be one of {sorted(VERDICT_EDITS)}, got {which!r}")
    edits = VERDICT_EDITS["pairs"] + (VERDICT_EDITS["all"] if which == "all" else [])
    for pattern, replacement in edits:
        text = pattern.sub(replacement, text)
    return text


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
