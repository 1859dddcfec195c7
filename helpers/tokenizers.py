"""Tokenizers: turn text into integer ids and back, three ways.

Handles: characters (`CharTokenizer`), lowercase words with an `<unk>` token
(`WordTokenizer`), and byte-level byte-pair encoding trained from scratch
(`BPETokenizer`); saving any of them to JSON and loading it back
(`load_tokenizer`). All three share one interface:

    tok.encode("hi!")        -> list[int]
    tok.decode([...])        -> str
    tok.vocab_size           -> int
    tok.token_strings([...]) -> list[str], one readable string per id
    tok.save(path); load_tokenizer(path)

Leaves out: special tokens beyond `<unk>`, normalisation (NFC/NFKC), and the
tricks production tokenizers use to train on gigabytes (lesson 03 explains why
a few megabytes suffice here).
"""

import heapq
import json
import operator
import re
from collections import Counter
from pathlib import Path

# How BPE (and the word tokenizer) cut text into chunks before counting.
# A chunk is: an English contraction ending, or an optional space followed by
# letters, or by digits, or by punctuation (underscore included); or a run of
# whitespace; anything else (e.g. '²') is a chunk of one character. Merges never
# cross a chunk boundary, so "dog." and "dog!" share the token " dog".
# `[^\W\d_]` is "a letter" in Python's `re` (any script, accents included).
CHUNK_PATTERN = (
    r"'(?:[sdmt]|ll|ve|re)| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+|."
)

# Words are lowercase runs of letters/digits/apostrophes; punctuation marks are tokens of their own.
WORD_PATTERN = r"[\w']+|[^\w\s]"


def _check_text(text):
    """encode() takes one string.
    Example: _check_text(["hi"]) -> TypeError: encode() takes one string ..."""
    if not isinstance(text, str):
        raise TypeError(
            f"encode() takes one string, got {type(text).__name__}; "
            f"for several texts use [tok.encode(t) for t in texts]"
        )


class Tokenizer:
    """What every tokenizer here shares: save/load as JSON and readable token strings."""

    kind = "base"  # written to JSON as "type" so `load_tokenizer` can pick the class

    @property
    def vocab_size(self):
        raise NotImplementedError

    def encode(self, text):
        raise NotImplementedError

    def decode(self, ids):
        raise NotImplementedError

    def token_strings(self, ids):
        """One readable string per id, for display. Example (char): [7, 8] -> ['h', 'i']"""
        return [self.decode([i]) for i in ids]

    def to_dict(self):
        raise NotImplementedError

    def save(self, path):
        """Write the tokenizer to a JSON file (with a "type" field).
        Example: tok.save("tok.json")"""
        data = {"type": self.kind, **self.to_dict()}
        Path(path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path):
        """Read a tokenizer saved with `save`. Example: CharTokenizer.load("tok.json")"""
        tok = load_tokenizer(path)
        if not isinstance(tok, cls):
            raise ValueError(
                f"{path} holds a {type(tok).__name__}, not a {cls.__name__}; "
                f"use load_tokenizer(path) to get whichever kind it is"
            )
        return tok

    def _check_ids(self, ids):
        if (
            isinstance(ids, (str, bytes))
            or getattr(ids, "ndim", 1) != 1
            or not hasattr(ids, "__iter__")
        ):
            shape = (
                f" of shape {tuple(ids.shape)}; decode one row at a time"
                if hasattr(ids, "shape")
                else ""
            )
            raise TypeError(
                f"ids must be a flat list of token ids, e.g. tok.decode([5, 9]); "
                f"got {type(ids).__name__}{shape}"
            )
        try:
            ids = [
                operator.index(i) for i in ids
            ]  # whole numbers only: 65.7 is not an id
        except TypeError:
            raise TypeError(
                f"token ids must be whole numbers, got {list(ids)[:5]}; "
                f"pass the ids that encode() returned"
            ) from None
        bad = [i for i in ids if not 0 <= i < self.vocab_size]
        if bad:
            raise ValueError(
                f"token id {bad[0]} is outside this tokenizer's vocabulary "
                f"(0..{self.vocab_size - 1}); were these ids made by a different tokenizer?"
            )
        return ids

    def __repr__(self):
        return f"{type(self).__name__}(vocab_size={self.vocab_size})"


class CharTokenizer(Tokenizer):
    """One token per character, the vocabulary being the characters seen in training text.

    Example:
        >>> tok = CharTokenizer.train("hello")
        >>> tok.chars, tok.encode("hell"), tok.decode([1, 0])
        (['e', 'h', 'l', 'o'], [1, 0, 2, 2], 'he')
    """

    kind = "char"

    def __init__(self, chars):
        self.chars = list(chars)
        if len(set(self.chars)) != len(self.chars):
            raise ValueError(
                "CharTokenizer got a repeated character; pass each character once"
            )
        self.stoi = {c: i for i, c in enumerate(self.chars)}

    @classmethod
    def train(cls, text):
        """The sorted set of characters in `text`.
        Example: train("abca").chars -> ['a', 'b', 'c']"""
        if not text:
            raise ValueError(
                "cannot build a character vocabulary from empty text; pass some text"
            )
        return cls(sorted(set(text)))

    @property
    def vocab_size(self):
        return len(self.chars)

    def encode(self, text):
        _check_text(text)
        try:
            return [self.stoi[c] for c in text]
        except KeyError as err:
            raise ValueError(
                f"character {err.args[0]!r} is not in this tokenizer's vocabulary; "
                f"train it on text that contains it, or use BPETokenizer, "
                f"which encodes any text"
            ) from None

    def decode(self, ids):
        return "".join(self.chars[i] for i in self._check_ids(ids))

    def to_dict(self):
        return {"chars": self.chars}


class WordTokenizer(Tokenizer):
    """Lowercase words and punctuation marks; anything unseen becomes `<unk>` (id 0).

    Decoding is lossy on purpose: case and exact spacing are gone, which is what
    lesson 03 uses to motivate subword tokens.

    Example:
        >>> tok = WordTokenizer.train("The cat sat. The dog sat!")
        >>> tok.words
        ['<unk>', 'sat', 'the', '!', '.', 'cat', 'dog']
        >>> tok.encode("the cat ran.")
        [2, 5, 0, 4]
        >>> tok.decode(tok.encode("the cat ran."))
        'the cat <unk>.'
    """

    kind = "word"
    UNK = "<unk>"

    def __init__(self, words):
        words = list(words)
        if not words or words[0] != self.UNK:
            words = [self.UNK] + [w for w in words if w != self.UNK]
        self.words = words
        self.stoi = {w: i for i, w in enumerate(words)}

    @staticmethod
    def split(text):
        """Example: split("Don't panic!") -> ["don't", 'panic', '!']"""
        return re.findall(WORD_PATTERN, text.lower())

    @classmethod
    def train(cls, text, max_vocab=None, min_count=1):
        """Keep words seen at least `min_count` times, most frequent first (ties alphabetical),
        at most `max_vocab` entries including `<unk>`."""
        counts = Counter(cls.split(text))
        if not counts:
            raise ValueError("found no words in the text; pass some text")
        ranked = sorted(
            (w for w, n in counts.items() if n >= min_count),
            key=lambda w: (-counts[w], w),
        )
        if max_vocab is not None:
            if max_vocab < 2:
                raise ValueError(
                    f"max_vocab must be at least 2 (<unk> and one word), got {max_vocab}"
                )
            ranked = ranked[: max_vocab - 1]
        return cls([cls.UNK] + ranked)

    @property
    def vocab_size(self):
        return len(self.words)

    def encode(self, text):
        _check_text(text)
        return [self.stoi.get(w, 0) for w in self.split(text)]

    def decode(self, ids):
        out = ""
        for w in (self.words[i] for i in self._check_ids(ids)):
            glue = out == "" or (len(w) == 1 and not w.isalnum() and w not in "(\"'")
            out += w if glue else " " + w
        return out

    def token_strings(self, ids):
        return [self.words[i] for i in self._check_ids(ids)]

    def to_dict(self):
        return {"words": self.words}


def split_chunks(text, regex):
    """Cut text into chunks with `regex`, keeping any text the regex skips as chunks too,
    so that joining the chunks always gives the text back.
    Example: split_chunks("Hi, you", re.compile(CHUNK_PATTERN)) -> ['Hi', ',', ' you']"""
    chunks = regex.findall(text)
    if sum(map(len, chunks)) == len(text):
        return chunks
    chunks, end = [], 0
    for m in regex.finditer(text):
        if m.start() > end:
            chunks.append(text[end : m.start()])
        if m.end() > m.start():
            chunks.append(m.group())
        end = m.end()
    if end < len(text):
        chunks.append(text[end:])
    return chunks


def pair_counts(ids, counts=None, weight=1):
    """Count adjacent pairs.
    Example: pair_counts([1, 2, 3, 1, 2]) -> {(1, 2): 2, (2, 3): 1, (3, 1): 1}"""
    counts = {} if counts is None else counts
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + weight
    return counts


def merge_pair(ids, pair, new_id):
    """Replace every occurrence of `pair` by `new_id`, left to right.
    Example: merge_pair([1, 2, 3, 1, 2], (1, 2), 9) -> [9, 3, 9]"""
    out, i, n = [], 0, len(ids)
    a, b = pair
    while i < n:
        if i < n - 1 and ids[i] == a and ids[i + 1] == b:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


class BPETokenizer(Tokenizer):
    """Byte-level byte-pair encoding: ids 0..255 are the raw bytes, each later id a learned merge.

    Because every byte has an id, ANY string encodes and decodes back exactly.
    Training repeatedly merges the most frequent adjacent pair (ties go to the
    smallest pair, so training is deterministic).

    Example:
        >>> tok = BPETokenizer.train("aaab aaab", vocab_size=258)
        # 'a' 'a' (4 times) -> 256; then 'a' 'b' and 256 'a' tie at 2: smaller pair wins
        >>> tok.merges
        [(97, 97), (97, 98)]
        >>> tok.encode("aaab"), tok.decode(tok.encode("aaab"))
        ([256, 257], 'aaab')
    """

    kind = "bpe"

    def __init__(self, merges=(), pattern=CHUNK_PATTERN):
        self.merges = [tuple(int(x) for x in m) for m in merges]
        self.pattern = pattern
        self._regex = re.compile(pattern, re.DOTALL)
        self.ranks = {
            pair: 256 + r for r, pair in enumerate(self.merges)
        }  # pair -> new id
        self.vocab = [bytes([i]) for i in range(256)]  # id -> the bytes it stands for
        for a, b in self.merges:
            self.vocab.append(self.vocab[a] + self.vocab[b])
        self._cache = {}

    @property
    def vocab_size(self):
        return 256 + len(self.merges)

    @classmethod
    def train(cls, text, vocab_size, pattern=CHUNK_PATTERN, verbose=False):
        """Learn `vocab_size - 256` merges from `text`.

        Works on the unique chunks (with their counts), and after each merge
        updates only the pair counts of the chunks that contained the pair, so
        a few MB with a few thousand merges takes seconds, not hours.
        Stops early (smaller vocabulary) if every chunk is already a single token.
        """
        if vocab_size < 256:
            raise ValueError(
                f"vocab_size must be at least 256 (one id per byte), got {vocab_size}"
            )
        chunk_counts = Counter(split_chunks(text, re.compile(pattern, re.DOTALL)))
        words = [
            list(chunk.encode("utf-8", errors="surrogatepass"))
            for chunk in chunk_counts
        ]
        freqs = list(chunk_counts.values())

        counts = {}  # pair -> weighted count over all chunks
        where = {}  # pair -> set of chunk indices that contain it
        for w, (ids, f) in enumerate(zip(words, freqs)):
            for pair in zip(ids, ids[1:]):
                counts[pair] = counts.get(pair, 0) + f
                where.setdefault(pair, set()).add(w)
        # Max-heap of (-count, pair); stale entries are skipped when popped.
        heap = [(-n, pair) for pair, n in counts.items()]
        heapq.heapify(heap)

        merges = []
        while len(merges) < vocab_size - 256 and heap:
            neg, pair = heapq.heappop(heap)
            if counts.get(pair, 0) != -neg or -neg <= 0:
                continue  # stale entry: this pair's count changed since it was pushed
            new_id = 256 + len(merges)
            merges.append(pair)
            changed = set()
            for w in where.pop(pair):
                ids, f = words[w], freqs[w]
                new = merge_pair(ids, pair, new_id)
                for p in zip(ids, ids[1:]):
                    counts[p] -= f
                    changed.add(p)
                for p in zip(new, new[1:]):
                    counts[p] = counts.get(p, 0) + f
                    where.setdefault(p, set()).add(w)
                    changed.add(p)
                words[w] = new
            counts.pop(pair, None)
            for p in changed:
                if p != pair and counts.get(p, 0) > 0:
                    heapq.heappush(heap, (-counts[p], p))
            if verbose and len(merges) % 500 == 0:
                print(f"{len(merges)} merges")
        return cls(merges, pattern)

    def _encode_chunk(self, chunk):
        ids = self._cache.get(chunk)
        if ids is not None:
            return ids
        ids = list(chunk.encode("utf-8", errors="surrogatepass"))
        ranks = self.ranks
        while len(ids) >= 2:
            # The pair that was merged earliest in training goes first.
            best = min(zip(ids, ids[1:]), key=lambda p: ranks.get(p, 1 << 30))
            if best not in ranks:
                break
            ids = merge_pair(ids, best, ranks[best])
        if len(self._cache) < 200_000:
            self._cache[chunk] = ids
        return ids

    def encode(self, text):
        _check_text(text)
        out = []
        for chunk in split_chunks(text, self._regex):
            out.extend(self._encode_chunk(chunk))
        return out

    def decode(self, ids):
        return b"".join(self.vocab[i] for i in self._check_ids(ids)).decode(
            "utf-8", errors="replace"
        )

    def token_strings(self, ids):
        """Each token's bytes as text; a token holding part of a character shows as '�'."""
        return [
            self.vocab[i].decode("utf-8", errors="replace")
            for i in self._check_ids(ids)
        ]

    def to_dict(self):
        return {"pattern": self.pattern, "merges": [list(m) for m in self.merges]}


_KINDS = {cls.kind: cls for cls in (CharTokenizer, WordTokenizer, BPETokenizer)}


def load_tokenizer(path):
    """Load whichever tokenizer `path` holds. Example: load_tokenizer("ckpt/tokenizer.json")"""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"no tokenizer file at {path}; save one with tok.save(path)"
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    kind = data.get("type")
    if kind == "char":
        return CharTokenizer(data["chars"])
    if kind == "word":
        return WordTokenizer(data["words"])
    if kind == "bpe":
        return BPETokenizer(data["merges"], data.get("pattern", CHUNK_PATTERN))
    raise ValueError(
        f"{path} has tokenizer type {kind!r}; expected one of {sorted(_KINDS)}"
    )
