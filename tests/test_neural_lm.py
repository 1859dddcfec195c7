"""Neural next-word models on tiny texts: the packaged code equals lesson 02's inline
derivations."""

import math

import pytest
import torch
import torch.nn.functional as F

from helpers.neural_lm import (
    BigramNet,
    MLPLanguageModel,
    WordVocabulary,
    bigram_count_probs,
    bigram_counts,
    bigram_loss,
    bits_per_word,
    context_windows,
    nearest_words,
    train_bigram_net,
    train_lm,
)
from helpers.ngram import NgramModel, word_tokens

TINY = "the cat sat . the cat ran . the dog sat . a dog ran ."


@pytest.fixture
def tiny():
    tokens = word_tokens(TINY)
    vocab = WordVocabulary.from_tokens(tokens, size=6)
    return tokens, vocab


def test_vocabulary_keeps_the_most_frequent_words_and_maps_the_rest_to_unk(tiny):
    tokens, vocab = tiny
    # counts: . 4, the 3, cat 2, dog 2, ran 2, sat 2, a 1 -> 'a' is cut (ties alphabetical)
    assert vocab.words == ["<unk>", ".", "the", "cat", "dog", "ran", "sat"]
    assert vocab.encode(["a", "dog"]) == [0, 4]
    assert vocab.decode([4, 0]) == ["dog", "<unk>"]
    assert vocab.restrict(["a", "dog"]) == ["<unk>", "dog"]
    with pytest.raises(ValueError, match="repeated"):
        WordVocabulary(["a", "a"])


def test_context_windows_pad_like_the_counting_model(tiny):
    tokens, vocab = tiny
    ids = vocab.encode(tokens)
    X, Y = context_windows(ids, context=2, pad=vocab.ids["."])
    counting = NgramModel(vocab.restrict(tokens), n=3)
    for i in range(len(tokens)):
        assert vocab.decode(X[i].tolist()) == list(
            counting.context_of(vocab.restrict(tokens)[:i], 3)
        )
    assert Y.tolist() == ids
    with pytest.raises(ValueError, match="at least 1"):
        context_windows(ids, context=0, pad=1)


def test_counted_bigram_table_matches_the_ngram_model(tiny):
    tokens, vocab = tiny
    restricted = vocab.restrict(tokens)
    table = bigram_count_probs(vocab.encode(restricted), len(vocab))
    counting = NgramModel(restricted, n=2)
    for previous in ["the", "dog", ".", "<unk>"]:
        for word in vocab.words:
            expected = counting.probability([previous], word, n=2)
            assert table[vocab.ids[previous], vocab.ids[word]].item() == pytest.approx(
                expected
            )
    smoothed = bigram_count_probs(vocab.encode(restricted), len(vocab), k=0.5)
    assert torch.allclose(smoothed.sum(dim=1), torch.ones(len(vocab)))


def test_bigram_net_is_a_one_hot_matmul(tiny):
    # Lesson 02 writes the forward pass as one_hot(previous) @ W; the package looks the row up.
    _, vocab = tiny
    net = BigramNet(len(vocab))
    with torch.no_grad():
        net.W.copy_(
            torch.randn(
                len(vocab), len(vocab), generator=torch.Generator().manual_seed(0)
            )
        )
    previous = torch.tensor([1, 4, 4, 0])
    inline = F.one_hot(previous, len(vocab)).float() @ net.W  # (4, V)
    assert torch.allclose(net(previous[:, None]), inline)


def test_bigram_loss_from_counts_is_the_mean_loss_over_all_pairs(tiny):
    # Lesson 02 trains on counts; that is the same number as the cross-entropy over
    # every token pair.
    tokens, vocab = tiny
    ids = vocab.encode(tokens)
    X, Y = context_windows(ids, context=1, pad=vocab.ids["."])
    net = BigramNet(len(vocab))
    with torch.no_grad():
        net.W.copy_(
            torch.randn(
                len(vocab), len(vocab), generator=torch.Generator().manual_seed(1)
            )
        )
    per_token = F.cross_entropy(net(X), Y)
    assert bigram_loss(
        net, bigram_counts(ids, len(vocab), pad=vocab.ids["."])
    ).item() == pytest.approx(per_token.item())


def test_bigram_net_learns_the_counted_table(tiny):
    tokens, vocab = tiny
    ids = vocab.encode(tokens)
    X, Y = context_windows(ids, context=1, pad=vocab.ids["."])
    counts = bigram_counts(ids, len(vocab), pad=vocab.ids["."])
    net = BigramNet(len(vocab))
    losses = train_bigram_net(net, counts, steps=1500, lr=0.02)
    counted = bigram_count_probs(ids, len(vocab), pad=vocab.ids["."])
    total_variation = 0.5 * (net.table() - counted).abs().sum(dim=1)
    assert (
        total_variation.max() < 0.03
    )  # Adam hovers close to the optimum, not exactly on it
    counted_bits = -torch.log2(counted[X[:, 0], Y]).mean().item()
    assert bits_per_word(net, X, Y) == pytest.approx(counted_bits, abs=0.02)
    assert losses[-1] / math.log(2) == pytest.approx(bits_per_word(net, X, Y), abs=0.02)


def test_mlp_is_concatenated_embeddings_then_tanh_then_logits():
    torch.manual_seed(0)
    model = MLPLanguageModel(vocab_size=11, context=3, embed_dim=4, hidden=5)
    X = torch.tensor([[1, 2, 3], [0, 0, 10]])
    C, W1, b1, W2, b2 = (
        model.embed.weight,
        model.hidden.weight.T,
        model.hidden.bias,
        model.out.weight.T,
        model.out.bias,
    )
    emb = C[X]  # (B, 3, d), as lesson 02 writes it
    h = torch.tanh(emb.view(len(X), -1) @ W1 + b1)  # (B, hidden)
    inline = h @ W2 + b2  # (B, V)
    assert torch.allclose(model(X), inline, atol=1e-6)
    with pytest.raises(ValueError, match="context=3"):
        model(torch.zeros(2, 2, dtype=torch.long))


def test_bits_per_word_of_an_untrained_bigram_net_is_log2_v():
    net = BigramNet(vocab_size=16)
    X, Y = context_windows([1, 2, 3, 4, 5], context=1, pad=0)
    assert bits_per_word(net, X, Y, batch_size=2) == pytest.approx(4.0)


def test_training_repeats_exactly_and_lowers_the_loss(tiny):
    tokens, vocab = tiny
    X, Y = context_windows(vocab.encode(tokens), context=3, pad=vocab.ids["."])
    runs = []
    for _ in range(2):
        torch.manual_seed(0)
        model = MLPLanguageModel(len(vocab), context=3, embed_dim=4, hidden=8)
        runs.append(train_lm(model, X, Y, steps=50, batch_size=8, lr=0.01, seed=3))
    assert runs[0] == runs[1]
    assert sum(runs[0][-10:]) / 10 < sum(runs[0][:10]) / 10
    with pytest.raises(ValueError, match="positive"):
        train_lm(model, X, Y, steps=0)


def test_nearest_words_use_cosine_similarity(tiny):
    _, vocab = tiny
    embeddings = torch.full((len(vocab), 2), -1.0)
    embeddings[vocab.ids["cat"]] = torch.tensor([1.0, 0.0])
    embeddings[vocab.ids["dog"]] = torch.tensor([2.0, 0.1])
    embeddings[vocab.ids["sat"]] = torch.tensor([0.0, 1.0])
    embeddings[0] = torch.tensor([1.0, 0.0])  # <unk> is never a neighbour
    best = nearest_words(embeddings, vocab, "cat", k=2)
    assert [w for w, _ in best] == ["dog", "sat"]
    assert best[0][1] == pytest.approx(2 / math.hypot(2, 0.1), abs=1e-4)
    with pytest.raises(ValueError, match="not in the vocabulary"):
        nearest_words(embeddings, vocab, "zebra")
