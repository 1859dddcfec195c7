"""Solutions to lesson 01's exercises."""

import math
from collections import Counter


def bigram_probability(tokens, previous, word):
    pairs = Counter(zip(tokens, tokens[1:]))
    as_context = sum(count for (first, _), count in pairs.items() if first == previous)
    return pairs[(previous, word)] / as_context if as_context else 0.0


def perplexity_of(probabilities):
    bits = -sum(math.log2(p) for p in probabilities) / len(probabilities)
    return 2.0**bits
