"""Neural next-word models over word tokens: the bigram as a network, and a small MLP.

Handles: a fixed word vocabulary with <unk> (`WordVocabulary`), (context, next word)
training pairs (`context_windows`), counted bigram probabilities in the same vocabulary
(`bigram_counts`, `bigram_count_probs`), the one-layer bigram network (`BigramNet`) and its
full-batch training from pair counts (`bigram_loss`, `train_bigram_net`), the MLP language model
of Bengio et al. 2003 (`MLPLanguageModel`), a minibatch training loop (`train_lm`), held-out
bits per word (`bits_per_word`) and nearest neighbours in embedding space (`nearest_words`).
Leaves out: subword tokens (lesson 03), attention and transformers (lessons 04-05),
learning-rate schedules, dropout and checkpoints (`helpers.train` has those).
"""

import math
from collections import Counter

import torch
import torch.nn as nn
import torch.nn.functional as F

UNKNOWN = (
    "<unk>"  # the same spelling as helpers.ngram, so the two can share token lists
)
PAD_WORD = (
    "."  # contexts before the first word are padded with "." (as in helpers.ngram)
)


class WordVocabulary:
    """A fixed list of words; id 0 is <unk>, and every word not in the list maps to it.

    Example:
        >>> vocab = WordVocabulary.from_tokens("the cat sat . the dog sat .".split(), size=3)
        >>> vocab.words
        ['<unk>', '.', 'sat', 'the']
        >>> vocab.encode(["the", "cat"]), vocab.restrict(["the", "cat"])
        ([3, 0], ['the', '<unk>'])
    """

    def __init__(self, words):
        words = [w for w in words if w != UNKNOWN]
        if len(set(words)) != len(words):
            raise ValueError("WordVocabulary got a repeated word; pass each word once")
        self.words = [UNKNOWN] + words
        self.ids = {w: i for i, w in enumerate(self.words)}

    @classmethod
    def from_tokens(cls, tokens, size):
        """The `size` most frequent tokens (ties alphabetical), plus <unk> in front."""
        if size < 1:
            raise ValueError(f"size must be at least 1 word, got {size}; try 2000")
        counts = Counter(tokens)
        ranked = sorted(
            (w for w in counts if w != UNKNOWN), key=lambda w: (-counts[w], w)
        )
        return cls(ranked[:size])

    def __len__(self):
        return len(self.words)

    def __contains__(self, word):
        return word in self.ids

    def encode(self, tokens):
        """Token strings -> ids, unknown words -> 0. Example: encode(['the', 'zebra']) -> [3, 0]"""
        return [self.ids.get(w, 0) for w in tokens]

    def decode(self, ids):
        """Ids -> token strings. Example: decode([3, 0]) -> ['the', '<unk>']"""
        return [self.words[int(i)] for i in ids]

    def restrict(self, tokens):
        """Replace every word outside the vocabulary by '<unk>', so counting models and neural
        models see exactly the same tokens.
        Example: restrict(['the', 'zebra']) -> ['the', '<unk>']"""
        return [w if w in self.ids else UNKNOWN for w in tokens]


def context_windows(ids, context, pad):
    """Every position's previous `context` ids, padded on the left with `pad`, and its own id.

    Use the id of "." as `pad`: a text starts as if a sentence had just ended, exactly as
    `helpers.ngram.NgramModel.context_of` pads, so every token is scored the same way.
    Example: context_windows([5, 6, 7], context=2, pad=1)
        -> (tensor([[1, 1], [1, 5], [5, 6]]), tensor([5, 6, 7]))
    """
    if context < 1:
        raise ValueError(
            f"context must be at least 1 word, got {context}; a bigram uses 1"
        )
    ids = torch.as_tensor(ids, dtype=torch.long)  # (N,)
    padded = torch.cat(
        [torch.full((context,), pad, dtype=torch.long), ids]
    )  # (context + N,)
    X = padded.unfold(0, context, 1)[:-1]  # (N, context)
    return X.contiguous(), ids


def bigram_counts(ids, vocab_size, pad=None):
    """Count every (previous id, next id) pair into a (V, V) tensor; with `pad`, the first
    token is counted after the padding id too (as `context_windows` does).

    Example: bigram_counts([0, 1, 0, 1], 2) -> tensor([[0., 2.], [1., 0.]])
    """
    ids = torch.as_tensor(ids, dtype=torch.long)
    if pad is not None:
        ids = torch.cat([torch.tensor([pad]), ids])
    counts = torch.zeros(vocab_size, vocab_size)  # (V, V)
    counts.index_put_((ids[:-1], ids[1:]), torch.ones(len(ids) - 1), accumulate=True)
    return counts


def bigram_count_probs(ids, vocab_size, k=0.0, pad=None):
    """Counted P(next | previous) as a (V, V) tensor, add-k smoothed.

    Row a holds (count(a, b) + k) / (count(a, .) + k V). A row never seen as a context is
    uniform when k > 0 and all zeros when k = 0.
    Example: bigram_count_probs([0, 1, 0, 1], 2) -> tensor([[0., 1.], [1., 0.]])
    """
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}; k=0 is plain counting")
    counts = bigram_counts(ids, vocab_size, pad)  # (V, V)
    totals = counts.sum(dim=1, keepdim=True) + k * vocab_size  # (V, 1)
    return torch.where(
        totals > 0, (counts + k) / totals.clamp_min(1e-30), torch.zeros(())
    )


class BigramNet(nn.Module):
    """The bigram model as a one-layer network: one-hot(previous word) @ W = logits, W is (V, V).

    Multiplying a one-hot vector by W picks one row of W, so `forward` looks the row up instead.
    softmax(W) row by row is the model's next-word table; training pushes it towards the counts.
    Example:
        >>> net = BigramNet(vocab_size=5)
        >>> net(torch.tensor([[2], [4]])).shape      # a batch of two one-word contexts
        torch.Size([2, 5])
    """

    def __init__(self, vocab_size):
        super().__init__()
        self.W = nn.Parameter(
            torch.zeros(vocab_size, vocab_size)
        )  # start uniform: every logit 0

    def forward(self, contexts):
        previous = contexts[:, -1]  # (B,) the last word only
        return self.W[previous]  # (B, V) = one_hot(previous) @ W

    def table(self):
        """The learned next-word table softmax(W), one row per previous word, shape (V, V)."""
        return torch.softmax(self.W.detach(), dim=1)


def bigram_loss(net, counts):
    """The bigram net's mean cross-entropy (nats) over ALL training pairs, from their counts.

    Every occurrence of the pair (a, b) adds the same term -log softmax(W[a])[b], so the mean
    over N pairs is -sum(counts * log_softmax(W)) / N: exact, and one (V, V) softmax per step.
    Example: bigram_loss(BigramNet(4), torch.ones(4, 4)) -> log(4) = 1.386
    """
    log_probs = torch.log_softmax(net.W, dim=1)  # (V, V)
    return -(counts * log_probs).sum() / counts.sum()


def train_bigram_net(net, counts, steps=100, lr=0.1):
    """Full-batch gradient descent (Adam) on `bigram_loss`; returns the loss of each step in nats.

    Example: losses = train_bigram_net(BigramNet(V), bigram_counts(ids, V), steps=100)
    """
    if steps < 1:
        raise ValueError(f"steps must be positive, got {steps}; try 100")
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        loss = bigram_loss(net, counts)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


class MLPLanguageModel(nn.Module):
    """Bengio et al. (2003): embed the last `context` words, concatenate, a tanh hidden
    layer, logits.

    Example:
        >>> model = MLPLanguageModel(vocab_size=50, context=3, embed_dim=8, hidden=16)
        >>> model(torch.zeros(4, 3, dtype=torch.long)).shape
        torch.Size([4, 50])
    """

    def __init__(self, vocab_size, context=3, embed_dim=32, hidden=256):
        super().__init__()
        self.context = context
        self.embed = nn.Embedding(vocab_size, embed_dim)  # (V, d): one row per word
        self.hidden = nn.Linear(context * embed_dim, hidden)
        self.out = nn.Linear(hidden, vocab_size)

    def forward(self, contexts):
        if contexts.shape[1] != self.context:
            raise ValueError(
                f"this model reads {self.context} words of context, got {contexts.shape[1]}; "
                f"build the windows with context={self.context}"
            )
        e = self.embed(contexts)  # (B, T, d)
        h = torch.tanh(self.hidden(e.flatten(1)))  # (B, hidden)
        return self.out(h)  # (B, V)


def train_lm(model, X, Y, steps, batch_size=512, lr=1e-2, weight_decay=0.0, seed=0):
    """Minibatch training with AdamW on (context, next id) pairs; returns the loss of
    each step (nats).

    Batches are drawn with their own seeded generator, so a run repeats exactly.
    Example: losses = train_lm(MLPLanguageModel(V), X, Y, steps=1000)
    """
    if steps < 1 or batch_size < 1:
        raise ValueError(
            f"steps and batch_size must be positive, got {steps} and {batch_size}"
        )
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    model.train()
    losses = []
    for _ in range(steps):
        batch = torch.randint(len(Y), (batch_size,), generator=generator)  # (B,)
        loss = F.cross_entropy(model(X[batch]), Y[batch])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    return losses


@torch.no_grad()
def bits_per_word(model, X, Y, batch_size=4096):
    """Held-out cross-entropy in bits per word: -mean(log2 P(next | context)), the
    metric of lesson 01.

    Example: bits_per_word(model, X_valid, Y_valid) -> 6.3
    """
    total = 0.0
    for start in range(0, len(Y), batch_size):
        logits = model(X[start : start + batch_size])  # (B, V)
        total += F.cross_entropy(
            logits, Y[start : start + batch_size], reduction="sum"
        ).item()
    return total / len(Y) / math.log(2)


@torch.no_grad()
def nearest_words(embeddings, vocab, word, k=5):
    """The k words whose embedding rows are closest in cosine similarity to `word`'s.

    Example: nearest_words(model.embed.weight, vocab, "tea", k=3) -> [('coffee', 0.81), ...]
    """
    if word not in vocab:
        raise ValueError(
            f"{word!r} is not in the vocabulary of {len(vocab)} words; try a common "
            "word such as 'the'"
        )
    unit = F.normalize(embeddings.detach(), dim=1)  # (V, d)
    similarity = unit @ unit[vocab.ids[word]]  # (V,)
    similarity[vocab.ids[word]] = -2.0  # not the word itself
    similarity[0] = -2.0  # nor <unk>
    values, ids = similarity.topk(k)
    return [
        (vocab.words[i], round(v, 4)) for i, v in zip(ids.tolist(), values.tolist())
    ]


@torch.no_grad()
def next_word_probs(model, vocab, prefix, top=8):
    """A trained model's next-word distribution after a prefix, most likely first.

    The prefix is cut with `helpers.ngram.word_tokens`; unknown words become <unk> and a short
    prefix is padded with "." as in training. Works for any model here (a bigram net reads only
    the last word).
    Example: next_word_probs(mlp, vocab, "i would like a cup of", top=3) -> {'tea': 0.6, ...}
    """
    from helpers.ngram import word_tokens

    context = getattr(model, "context", 1)
    words = vocab.restrict(
        word_tokens(prefix) if isinstance(prefix, str) else list(prefix)
    )
    words = [PAD_WORD] * context + words
    if PAD_WORD not in vocab:
        raise ValueError(
            f"the vocabulary has no {PAD_WORD!r} to pad short prefixes with; build it "
            "from word tokens"
        )
    ids = torch.tensor([vocab.encode(words[-context:])])  # (1, context)
    probs = torch.softmax(model(ids)[0], dim=0)  # (V,)
    values, indices = probs.topk(min(top, len(vocab)))
    return {vocab.words[i]: p for i, p in zip(indices.tolist(), values.tolist())}
