"""Solutions to lesson 03's exercises."""

from collections import Counter


def bytes_per_token(tokenizer, text):
    return len(text.encode("utf-8")) / len(tokenizer.encode(text))


def most_frequent_pair(ids):
    counts = Counter(zip(ids, ids[1:]))
    return min(counts, key=lambda pair: (-counts[pair], pair))
