"""The data card's figures: sizes, vocabulary, repetition and label balance of every
set.

Handles: `python -m datagen stats` (a table, or JSON with --json), read from the
shipped, verified files; words are counted as lesson 01 counts them
(`helpers.data.stats.words_of`).
Leaves out: Zipf's law (helpers.data.stats, lesson 01) and any figure the files alone
cannot give (how the generators chose them: see each generator's docstring).
"""

import json
from collections import Counter

from datagen.text import sentences_of
from helpers.data import store
from helpers.data.stats import words_of

SETS = {
    "corpus": ["corpus/train.txt", "corpus/valid.txt", "corpus/broad.txt"],
    "sentiment": ["sentiment/train.tsv", "sentiment/valid.tsv", "sentiment/test.tsv"],
    "entities": [
        "entities/train.jsonl",
        "entities/valid.jsonl",
        "entities/test.jsonl",
        "entities/unseen.jsonl",
    ],
    "trust": [
        "trust/planted_bias_90.txt",
        "trust/balanced_50.txt",
        "trust/toxicity.tsv",
        "trust/corpus_with_canaries.txt",
    ],
}


def text_stats(text):
    """Words, distinct words, distinct sentences and 4-grams of a text.

    Example: text_stats("Hi. Hi.")["distinct_sentences_pct"] -> 50.0
    """
    tokens = words_of(text)
    sentences = sentences_of(text)
    fourgrams = set(zip(tokens, tokens[1:], tokens[2:], tokens[3:]))
    distinct_pct = 100 * len(set(sentences)) / max(1, len(sentences))
    return {
        "bytes": len(text.encode("utf-8")),
        "words": len(tokens),
        "distinct_words": len(set(tokens)),
        "type_token_ratio": round(len(set(tokens)) / max(1, len(tokens)), 4),
        "sentences": len(sentences),
        "distinct_sentences_pct": round(distinct_pct, 1),
        "distinct_4grams": len(fourgrams),
    }


def labeled_stats(name, text):
    """Rows and label counts of a .tsv (label<TAB>text) or .jsonl (entity spans) file.

    Example: labeled_stats("a.tsv", "ok\\thi\\n")["labels"] -> {'ok': 1}
    """
    if name.endswith(".tsv"):
        rows = [line.split("\t") for line in text.splitlines() if line]
        labels = Counter(row[0] for row in rows)
        body = " ".join(row[-1] for row in rows)
    else:
        rows = [json.loads(line) for line in text.splitlines() if line]
        labels = Counter(span["label"] for row in rows for span in row["spans"])
        body = " ".join(row["text"] for row in rows)
    tokens = words_of(body)
    return {
        "bytes": len(text.encode("utf-8")),
        "rows": len(rows),
        "words": len(tokens),
        "distinct_words": len(set(tokens)),
        "labels": dict(sorted(labels.items())),
    }


def all_stats():
    """{set: {file: figures}} for every file of SETS that the manifest lists."""
    known = store.read_manifest()
    figures = {}
    for set_name, names in SETS.items():
        for name in names:
            if name not in known:
                continue
            text = store.read_text(name)
            if name.endswith(".txt"):
                found = text_stats(text)
            else:
                found = labeled_stats(name, text)
            figures.setdefault(set_name, {})[name] = found
    return figures


def format_table(figures):
    """The figures as aligned text, one line per file."""
    lines = []
    for set_name, files in figures.items():
        lines.append(f"== {set_name}")
        for name, f in files.items():
            extra = ""
            if "distinct_sentences_pct" in f:
                extra = (
                    f"  distinct sentences {f['distinct_sentences_pct']:5.1f}%"
                    f"  4-grams {f['distinct_4grams']:>7,}"
                    f"  type/token {f['type_token_ratio']:.3f}"
                )
            if "labels" in f:
                extra = f"  rows {f['rows']:>6,}  labels {f['labels']}"
            lines.append(
                f"{name:32s} {f['bytes']:>10,} B  {f['words']:>8,} words  "
                f"{f['distinct_words']:>6,} distinct{extra}"
            )
    return "\n".join(lines)
