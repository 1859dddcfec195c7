"""Figures about the data: sizes, vocabulary, repetition, label balance, and Zipf's law.

Handles: `python -m helpers.data stats` (table or JSON), word counting with one simple
rule (lowercase runs of letters, digits and apostrophes), distinct sentences and 4-grams,
and the rank-frequency arrays and log-log plot that lesson 01 shows.
Leaves out: tokenizers (lesson 03 builds those); plotting beyond one axes.
"""
import json
import re
from collections import Counter

import numpy as np

from helpers.data import store

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")

SETS = {
    "corpus": ["corpus/train.txt", "corpus/valid.txt"],
    "sentiment": ["sentiment/train.tsv", "sentiment/valid.tsv", "sentiment/test.tsv"],
    "entities": ["entities/train.jsonl", "entities/valid.jsonl", "entities/test.jsonl"],
    "trust": ["trust/planted_bias_90.txt", "trust/balanced_50.txt", "trust/toxicity.tsv", "trust/corpus_with_canaries.txt"],
}


def normalise(text):
    """Lowercase, punctuation stripped, spaces squeezed. Example: normalise("Don't  stop!") -> 'dont stop'"""
    text = re.sub(r"[^\w\s]", "", text.lower())
    return " ".join(text.split())


def words_of(text):
    """Lowercase words. Example: words_of("Don't stop, Anna!") -> ["don't", 'stop', 'anna']"""
    return WORD.findall(text.lower())


def sentences_of(text):
    """Sentences split at . ! ? and line breaks. Example: sentences_of('Hi. Go!\\nNo') -> ['Hi.', 'Go!', 'No']"""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


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


def text_stats(text):
    """Words, distinct words, distinct sentences and 4-grams of a text."""
    tokens = words_of(text)
    sentences = sentences_of(text)
    fourgrams = set(zip(tokens, tokens[1:], tokens[2:], tokens[3:]))
    return {
        "bytes": len(text.encode("utf-8")),
        "words": len(tokens),
        "distinct_words": len(set(tokens)),
        "type_token_ratio": round(len(set(tokens)) / max(1, len(tokens)), 4),
        "sentences": len(sentences),
        "distinct_sentences_pct": round(100 * len(set(sentences)) / max(1, len(sentences)), 1),
        "distinct_4grams": len(fourgrams),
    }


def labeled_stats(name, text):
    """Rows and label counts of a .tsv (label<TAB>text) or .jsonl (entity spans) file."""
    if name.endswith(".tsv"):
        rows = [line.split("\t") for line in text.splitlines() if line]
        labels = Counter(row[0] for row in rows)
        body = " ".join(row[-1] for row in rows)
    else:
        rows = [json.loads(line) for line in text.splitlines() if line]
        labels = Counter(span["label"] for row in rows for span in row["spans"])
        body = " ".join(row["text"] for row in rows)
    tokens = words_of(body)
    return {"bytes": len(text.encode("utf-8")), "rows": len(rows), "words": len(tokens),
            "distinct_words": len(set(tokens)), "labels": dict(sorted(labels.items()))}


def all_stats():
    """{set: {file: figures}} for every shipped file that exists."""
    known = store.read_manifest()
    figures = {}
    for set_name, names in SETS.items():
        for name in names:
            if name not in known:
                continue
            text = store.read_text(name)
            figures.setdefault(set_name, {})[name] = text_stats(text) if name.endswith(".txt") else labeled_stats(name, text)
    return figures


def format_table(figures):
    """The figures as aligned text, one line per file."""
    lines = []
    for set_name, files in figures.items():
        lines.append(f"== {set_name}")
        for name, f in files.items():
            extra = ""
            if "distinct_sentences_pct" in f:
                extra = f"  distinct sentences {f['distinct_sentences_pct']:5.1f}%  4-grams {f['distinct_4grams']:>7,}  type/token {f['type_token_ratio']:.3f}"
            if "labels" in f:
                extra = f"  rows {f['rows']:>6,}  labels {f['labels']}"
            lines.append(f"{name:32s} {f['bytes']:>10,} B  {f['words']:>8,} words  {f['distinct_words']:>6,} distinct{extra}")
    return "\n".join(lines)
