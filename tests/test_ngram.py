"""Counting models on tiny texts, checked against values worked out by hand."""

import json
import math
import subprocess
import sys

import pytest

from helpers.ngram import (
    DEFAULT_ORDER,
    NgramModel,
    completes,
    count_ngrams,
    perplexity,
    word_tokens,
)
from helpers.sampling import apply_temperature

TINY = "the cat sat . the cat ran . the dog sat ."


@pytest.fixture
def model():
    return NgramModel(word_tokens(TINY), n=3)


def test_word_tokens_split_punctuation_and_lowercase():
    assert word_tokens("No use crying, they said. Don't!") == [
        "no",
        "use",
        "crying",
        ",",
        "they",
        "said",
        ".",
        "don't",
        "!",
    ]


def test_bigram_counts():
    table = count_ngrams(word_tokens(TINY), 2)
    assert table[("the",)] == {"cat": 2, "dog": 1}
    assert table[("sat",)] == {".": 2}
    assert sum(sum(c.values()) for c in table.values()) == len(word_tokens(TINY)) - 1


def test_next_word_probabilities_are_counts_over_totals(model):
    assert model.next_word_probs("the", n=2) == pytest.approx(
        {"cat": 2 / 3, "dog": 1 / 3}
    )
    assert model.next_word_probs("the cat", n=3) == pytest.approx(
        {"sat": 0.5, "ran": 0.5}
    )
    assert sum(model.next_word_probs("", n=1).values()) == pytest.approx(1.0)


def test_unseen_context_backs_off_to_a_shorter_one(model):
    assert model.backed_off_order(word_tokens("a purple cat")) == 2
    assert model.next_word_probs("a purple cat") == pytest.approx(
        {"sat": 0.5, "ran": 0.5}
    )
    assert model.backed_off_order(word_tokens("purple")) == 1


def test_add_k_smoothing_by_hand(model):
    # vocabulary: the cat sat . ran dog -> 6 words + <unk> = 7
    assert model.vocab_size() == 7
    assert model.probability(["the"], "cat", n=2, k=1) == pytest.approx(
        (2 + 1) / (3 + 7)
    )
    assert model.probability(["the"], "ran", n=2, k=1) == pytest.approx(1 / 10)
    assert model.probability(["the"], "ran", n=2, k=0) == 0.0
    total = sum(
        model.probability(["the"], w, n=2, k=0.5) for w in model.vocab + ["<unk>"]
    )
    assert total == pytest.approx(1.0)


def test_interpolation_sums_to_one_and_reaches_unseen_words(model):
    lambdas = [0.2, 0.3, 0.5]
    for context in (["the", "cat"], ["purple", "cat"], ["zebra", "zebra"]):
        total = sum(
            model.probability(context, w, lambdas=lambdas)
            for w in model.vocab + ["<unk>"]
        )
        assert total == pytest.approx(1.0)
    assert model.probability(["the", "cat"], "dog", lambdas=lambdas) > 0


def test_cross_entropy_by_hand(model):
    held_out = word_tokens("the cat sat")
    # unigram MLE: P(the)=3/12, P(cat)=2/12, P(sat)=2/12
    expected = -(math.log2(3 / 12) + math.log2(2 / 12) + math.log2(2 / 12)) / 3
    assert model.cross_entropy(held_out, n=1) == pytest.approx(expected)
    assert perplexity(model.cross_entropy(held_out, n=1)) == pytest.approx(2**expected)


def test_unseen_bigram_makes_cross_entropy_infinite_until_smoothed(model):
    held_out = word_tokens("the dog ran")
    assert model.cross_entropy(held_out, n=2) == math.inf
    assert model.zero_probability_rate(held_out, n=2) == pytest.approx(1 / 3)
    assert math.isfinite(model.cross_entropy(held_out, n=2, k=0.1))


def test_temperature():
    assert apply_temperature({"a": 0.8, "b": 0.2}, 0.5) == pytest.approx(
        {"a": 0.64 / 0.68, "b": 0.04 / 0.68}
    )
    assert apply_temperature({"a": 0.8, "b": 0.2}, 1.0) == {"a": 0.8, "b": 0.2}
    with pytest.raises(ValueError, match="temperature must be > 0"):
        apply_temperature({"a": 1.0}, 0)


def test_sampling_is_seeded_and_ends_a_sentence(model):
    first = model.sample("the", n=2, seed=3)
    assert first == model.sample("the", n=2, seed=3)
    assert first.startswith("the ") and first.endswith(".")


def test_completes_reads_the_most_likely_last_word(model):
    # after "the cat": sat 1, ran 1 -> the tie goes to the first word in order, "ran"
    assert completes(model, ["the cat ran", "the cat sat", "the dog sat"], n=3) == [
        True,
        False,
        True,
    ]
    assert completes(model, ["the dog sat"], n=1) == [False]  # n=1 says "."
    with pytest.raises(ValueError, match="at least two words"):
        completes(model, ["cat"])


def test_the_command_line_order_completes_the_sayings_the_corpus_holds():
    """The proverb target: given all but its last word, the command line's model names the
    last word of nearly every saying in the training text, and of almost none held out."""
    from helpers.data import corpus_text, proverbs

    model = NgramModel(word_tokens(corpus_text("train")), n=DEFAULT_ORDER)
    read, held_out = proverbs("train"), proverbs("heldout")
    assert len(read) >= 100 and len(held_out) >= 10
    finished = sum(completes(model, read))
    assert finished >= 0.95 * len(read)
    assert sum(completes(model, read, n=3)) < finished - 0.1 * len(read)
    assert sum(completes(model, held_out)) <= 0.1 * len(held_out)


def test_bad_orders_and_k_are_refused(model):
    with pytest.raises(ValueError, match="between 1 and 3"):
        model.next_word_probs("the", n=4)
    with pytest.raises(ValueError, match="k must be >= 0"):
        model.probability(["the"], "cat", n=2, k=-1)
    with pytest.raises(ValueError, match="empty text"):
        NgramModel([], n=2)


def test_table_grows_with_order(model):
    assert [model.table_size(order) for order in (1, 2, 3)] == [6, 8, 10]


def _cli(*args, text):
    return subprocess.run(
        [sys.executable, "-m", "helpers.ngram", *args, "--text", str(text)],
        capture_output=True,
        text=True,
    )


def test_command_line_json(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text(TINY)
    result = _cli("the", "--n", "2", "--json", text=path)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["next_words"][0] == {"word": "cat", "probability": 0.6667}
    assert answer["order_used"] == 2


def test_command_line_unknown_words_and_bad_options(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text(TINY)
    result = _cli("zebra", "--n", "2", text=path)
    assert (
        result.returncode == 0
        and "not in the corpus" in result.stdout
        and "backed off" in result.stdout
    )
    result = _cli("the", "--temperature", "0", text=path)
    assert (
        result.returncode == 2
        and "temperature must be > 0" in result.stderr
        and "Traceback" not in result.stderr
    )
    result = _cli("the", text=tmp_path / "missing.txt")
    assert (
        result.returncode == 2
        and "cannot read" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_fast_counting_equals_counter_over_zip():
    import random
    from collections import Counter

    from helpers.ngram import count_all_orders

    rng = random.Random(0)
    tokens = [rng.choice("abcdefg") for _ in range(3000)]
    tables = count_all_orders(tokens, 4)
    for n in range(1, 5):
        reference = Counter(zip(*(tokens[i:] for i in range(n))))
        ours = {
            context + (word,): count
            for context, row in tables[n].items()
            for word, count in row.items()
        }
        assert ours == dict(reference)
    assert count_all_orders(["a", "b"], 3)[3] == {}


def test_counted_and_neural_temperature_are_one_reshaping():
    """Lesson 01 reshapes counted probabilities by p^(1/T); the GPT divides its logits by T
    before the softmax. The two are the same distribution."""
    import torch

    logits = torch.tensor([2.0, 0.5, -1.0, 0.0], dtype=torch.float64)
    probs = dict(enumerate(torch.softmax(logits, -1).tolist()))
    for temperature in (0.5, 1.3, 3.0):
        reshaped = apply_temperature(probs, temperature)
        neural = torch.softmax(logits / temperature, -1).tolist()
        assert [reshaped[i] for i in range(4)] == pytest.approx(neural, rel=1e-12)
