"""Next-word prediction by counting: n-gram language models over word tokens.

Handles: word tokens, n-gram counts, next-word distributions, add-k smoothing,
interpolated backoff, sampling with temperature, held-out cross-entropy and perplexity,
which sayings a model finishes (`completes`), and a command line for the classroom
(`python -m helpers.ngram "no use crying over spilled"`).
Leaves out: Kneser-Ney and other refined smoothing (lesson 01 says where to read about them).
"""

import argparse
import json
import math
import random
import re
import sys
from collections import defaultdict

import numpy as np

from helpers.sampling import apply_temperature, check_temperature

UNKNOWN = "<unk>"
DEFAULT_ORDER = 5  # the command line's n: four words of context, fewer where unseen
SENTENCE_END = {".", "!", "?"}
# A word is a run of letters (any script: "café" stays "café") or digits, with an
# optional 's, 't, ...
_WORD = re.compile(r"[^\W_]+(?:'[^\W\d_]+)?|[.,!?;:]")


def word_tokens(text):
    """Lowercase words and punctuation marks, in order; other symbols (emoji, dashes,
    quotes) are skipped.

    Example: word_tokens("No use crying, they said.")
        -> ['no', 'use', 'crying', ',', 'they', 'said', '.']
             word_tokens("Café naïve") -> ['café', 'naïve']
    """
    return _WORD.findall(text.lower())


def count_ngrams(tokens, n):
    """Count each n-word sequence, grouped by its first n-1 words (the context).

    Example: count_ngrams(['a', 'b', 'a', 'b', 'c'], 2)
    -> {('a',): {'b': 2}, ('b',): {'a': 1, 'c': 1}}
    """
    return count_all_orders(tokens, n)[n]


def count_all_orders(tokens, n):
    """Tables of counts for every order from 1 to n: {order: {context: {next word: count}}}.

    Does what `Counter(zip(tokens, tokens[1:], ...))` does, about ten times faster: words become
    integer ids, and each n-gram gets one integer (the rank of its first n-1 words among all
    (n-1)-grams, times the vocabulary size, plus its last word), which NumPy counts in one sort.
    Example: count_all_orders(['a', 'b', 'a'], 2)[1] -> {(): {'a': 2, 'b': 1}}
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}; n=1 counts single words")
    index = {}
    ids = np.fromiter(
        (index.setdefault(w, len(index)) for w in tokens),
        dtype=np.int64,
        count=len(tokens),
    )
    words, size = list(index), len(index)
    tables, grams, ranks = (
        {},
        [()],
        np.zeros(len(ids), dtype=np.int64),
    )  # the 0-gram: one empty context
    for order in range(1, n + 1):
        length = len(ids) - order + 1
        if length <= 0:
            tables[order] = {}
            continue
        keys = ranks[:length] * size + ids[order - 1 : order - 1 + length]  # (length,)
        unique, ranks, counts = np.unique(keys, return_inverse=True, return_counts=True)
        table = defaultdict(dict)
        new_grams = []
        for context_rank, word_id, count in zip(
            (unique // size).tolist(), (unique % size).tolist(), counts.tolist()
        ):
            context, word = grams[context_rank], words[word_id]
            table[context][word] = count
            new_grams.append(context + (word,))
        tables[order], grams = dict(table), new_grams
    return tables


class NgramModel:
    """Counts of every order from 1 to n, and the probabilities they imply.

    Example:
        model = NgramModel(word_tokens("the cat sat . the cat ran ."), n=2)
        model.next_word_probs("the") -> {'cat': 1.0}
    """

    def __init__(self, tokens, n=3):
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        if not tokens:
            raise ValueError(
                "cannot count an empty text; pass the word tokens of a corpus"
            )
        self.n = n
        self.tables = count_all_orders(tokens, n)
        self.vocab = sorted(self.tables[1][()])
        self.known = set(self.vocab)
        self.totals = {
            order: {ctx: sum(c.values()) for ctx, c in table.items()}
            for order, table in self.tables.items()
        }

    # -- reading the table ---------------------------------------------------
    def vocab_size(self):
        """Distinct training words, plus one slot for every unknown word (<unk>)."""
        return len(self.vocab) + 1

    def table_size(self, order):
        """How many distinct n-grams of this order were seen (the rows we must store)."""
        return sum(len(c) for c in self.tables[order].values())

    def context_of(self, words, order):
        """The last order-1 words, unknown words replaced by <unk>, padded on the left with
        "." (a text starts as if a sentence had just ended).

        Example: model.context_of(['cat'], 3) -> ('.', 'cat')
        """
        if order == 1:
            return ()
        words = ["."] * (order - 1) + [w if w in self.known else UNKNOWN for w in words]
        return tuple(words[-(order - 1) :])

    def next_word_probs(self, prefix, n=None, temperature=1.0, top=None):
        """Maximum-likelihood next-word distribution after a prefix, most likely first.

        Uses the last n-1 words; if that context was never seen it backs off to a
        shorter one (see `backed_off_order`). An empty prefix gives the words that open sentences.
        Example: model.next_word_probs("no use crying over spilled", n=3) -> {'milk': 0.9, ...}
        """
        if top is not None and (not isinstance(top, int) or top < 1):
            raise ValueError(
                f"top must be a whole number >= 1, got {top!r}; use None to keep every word"
            )
        words = word_tokens(prefix) if isinstance(prefix, str) else list(prefix)
        order = self.backed_off_order(words, n)
        counts = self.tables[order][self.context_of(words, order)]
        probs = apply_temperature(
            {
                w: c / self.totals[order][self.context_of(words, order)]
                for w, c in counts.items()
            },
            temperature,
        )
        ranked = sorted(probs.items(), key=lambda item: (-item[1], item[0]))
        return dict(ranked[:top] if top else ranked)

    def backed_off_order(self, words, n=None):
        """The highest order <= n whose context (last order-1 words) was seen in training."""
        n = self._check_order(n)
        for order in range(n, 0, -1):
            if self.context_of(words, order) in self.tables[order]:
                return order
        return 1

    # -- probabilities of a given next word ------------------------------------
    def probability(self, context, word, n=None, k=0.0, lambdas=None):
        """P(word | context) under maximum likelihood (k=0), add-k smoothing (k>0),
        or interpolation of all orders (`lambdas`, one weight per order from 1 to n, summing to 1).

        Example: model.probability(('over', 'spilled'), 'milk', n=3) -> 0.9
        """
        n = self._check_order(n)
        if k < 0:
            raise ValueError(
                f"k must be >= 0, got {k}; k=0 is plain counting, k=1 is add-one"
            )
        word = word if word in self.known else UNKNOWN
        if lambdas is None:
            return self._smoothed(context, word, n, k)
        if len(lambdas) != n or abs(sum(lambdas) - 1) > 1e-9 or min(lambdas) < 0:
            raise ValueError(
                f"lambdas must be {n} non-negative weights summing to 1, got {lambdas}"
            )
        # Orders whose context was never seen drop out and the other weights are renormalised;
        # the unigram term is add-k smoothed (k at least 1e-3) so no word gets probability zero.
        seen = [
            (order, lam)
            for order, lam in zip(range(1, n + 1), lambdas)
            if order == 1 or self.context_of(context, order) in self.tables[order]
        ]
        weight = sum(lam for _, lam in seen)
        if weight == 0:  # all weight sat on orders whose context is unseen
            return self._smoothed(context, word, 1, max(k, 1e-3))
        return sum(
            lam
            / weight
            * self._smoothed(context, word, order, max(k, 1e-3) if order == 1 else 0.0)
            for order, lam in seen
        )

    def _smoothed(self, context, word, order, k):
        ctx = self.context_of(context, order)
        count = self.tables[order].get(ctx, {}).get(word, 0)
        total = self.totals[order].get(ctx, 0)
        denominator = total + k * self.vocab_size()
        return (count + k) / denominator if denominator > 0 else 0.0

    def cross_entropy(self, tokens, n=None, k=0.0, lambdas=None):
        """Average bits per word on held-out tokens: -mean(log2 P(word | previous words)).

        Returns math.inf when some word gets probability zero (an unseen n-gram, k=0).
        Example: model.cross_entropy(word_tokens(held_out_text), n=2, k=0.1) -> 7.9
        """
        n = self._check_order(n)
        total = 0.0
        for i, word in enumerate(tokens):
            p = self.probability(
                tokens[max(0, i - n + 1) : i], word, n=n, k=k, lambdas=lambdas
            )
            if p == 0.0:
                return math.inf
            total -= math.log2(p)
        return total / len(tokens)

    def zero_probability_rate(self, tokens, n=None):
        """Share of held-out words whose n-gram was never counted (probability 0 without
        smoothing)."""
        n = self._check_order(n)
        zeros = sum(
            self._smoothed(
                tokens[max(0, i - n + 1) : i], w if w in self.known else UNKNOWN, n, 0.0
            )
            == 0.0
            for i, w in enumerate(tokens)
        )
        return zeros / len(tokens)

    # -- generating ------------------------------------------------------------
    def sample(self, prefix="", n=None, temperature=1.0, max_words=30, seed=0):
        """Continue a prefix word by word until a sentence ends (or max_words).

        Example: model.sample("as my grandmother", n=3, seed=0)
            -> 'as my grandmother used to say , ...'
        """
        if not isinstance(max_words, int) or max_words < 0:
            raise ValueError(
                f"max_words must be a whole number >= 0, got {max_words!r}; e.g. 30"
            )
        rng = random.Random(seed)
        words = word_tokens(prefix)
        for _ in range(max_words):
            probs = self.next_word_probs(words, n=n, temperature=temperature)
            word = rng.choices(list(probs), weights=list(probs.values()))[0]
            words.append(word)
            if word in SENTENCE_END:
                break
        return " ".join(words)

    def _check_order(self, n):
        n = self.n if n is None else n
        if not 1 <= n <= self.n:
            raise ValueError(
                f"n must be between 1 and {self.n} for this model, got {n}; build "
                f"NgramModel(tokens, n={n}) for more"
            )
        return n


def completes(model, sayings, n=None):
    """For each saying, whether the model finishes it: True where the most likely next word
    after all but its last word is that last word. Sayings the corpus holds come back with
    enough context; a saying it never held comes back only by luck.

    Example: completes(model, ["no use crying over spilled milk"], n=3) -> [True]
    """
    hits = []
    for saying in sayings:
        words = word_tokens(saying)
        if len(words) < 2:
            raise ValueError(
                f"the saying {saying!r} needs at least two words: a start and a last word"
            )
        best = next(iter(model.next_word_probs(words[:-1], n=n, top=1)))
        hits.append(best == words[-1])
    return hits


def perplexity(bits_per_word):
    """Perplexity from cross-entropy in bits: 2 ** H. Example: perplexity(3.0) -> 8.0"""
    return 2.0**bits_per_word


def _main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m helpers.ngram",
        description="Top next words after a prefix, counted on the series' corpus.",
    )
    parser.add_argument(
        "prefix", help='the start of a sentence, e.g. "no use crying over spilled"'
    )
    parser.add_argument(
        "--n",
        type=int,
        default=DEFAULT_ORDER,
        help="order: 1 ignores the prefix, 3 uses its last two words; backs off to fewer "
        f"words where they were never seen together (default {DEFAULT_ORDER})",
    )
    parser.add_argument(
        "--top", type=int, default=5, help="how many next words to show (default 5)"
    )
    parser.add_argument(
        "--temperature",
        type=float,
        default=1.0,
        help="reshape the probabilities (default 1.0)",
    )
    parser.add_argument(
        "--text", help="count this UTF-8 text file instead of the series' corpus"
    )
    parser.add_argument(
        "--json", action="store_true", help="print JSON instead of a table"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.n <= 6:
        parser.error(f"--n must be between 1 and 6, got {args.n}")
    if args.top < 1:
        parser.error(f"--top must be at least 1, got {args.top}")
    try:
        check_temperature(args.temperature, "use 1.0 for the counted probabilities")
    except ValueError as err:
        parser.error(f"--{err}")
    words = word_tokens(args.prefix)
    if not words:
        parser.error(
            f"the prefix {args.prefix!r} holds no words; give the start of a sentence, "
            f'e.g. "no use crying over spilled"'
        )
    try:
        text = _read_text(args.text)
    except (OSError, UnicodeDecodeError) as error:
        parser.error(f"cannot read --text {args.text}: {error}")
    tokens = word_tokens(text)
    if not tokens:
        parser.error(
            f"--text {args.text} holds no words to count; pass a UTF-8 text file with "
            "some sentences"
        )
    model = NgramModel(tokens, n=args.n)
    skipped = _WORD.sub(
        " ", args.prefix.lower()
    ).split()  # what is neither a word nor . , ! ? ; :
    unknown = [w for w in words if w not in model.known]
    order = model.backed_off_order(words)
    probs = model.next_word_probs(words, temperature=args.temperature, top=args.top)
    result = {
        "prefix": args.prefix,
        "n": args.n,
        "order_used": order,
        "context": list(model.context_of(words, order)),
        "unknown_words": unknown,
        "skipped": skipped,
        "next_words": [
            {"word": w, "probability": round(p, 4)} for w, p in probs.items()
        ],
    }
    if args.json:
        print(json.dumps(result))
        return 0
    if skipped:
        print(f"skipped (neither words nor . , ! ? ; :): {' '.join(skipped)}")
    if unknown:
        print(f"not in the corpus (counted as {UNKNOWN}): {', '.join(unknown)}")
    if order < args.n:
        print(
            f"the last {args.n - 1} words were never seen together; backed off to n={order}"
            f" (context: {' '.join(result['context']) or 'none'})"
        )
    for item in result["next_words"]:
        print(
            f"{item['word']:>15}  {item['probability']:.3f}  "
            f"{'#' * round(40 * item['probability'])}"
        )
    return 0


def _read_text(path):
    if path:
        with open(path, encoding="utf-8") as f:
            return f.read()
    from helpers.data import corpus_text

    return corpus_text("train")


if __name__ == "__main__":
    sys.exit(_main())
