"""Toxicity (lesson 10): cores and kinds, the split by core, the word list, scores with a
bootstrap over cores, the planted corpus and its filters, small generators."""

import math

import pytest
import torch

from datagen.trust import HARD_NEGATIVES, TOXIC_IMPLICIT
from helpers import data
from helpers import tuning as T
from helpers.gpt import GPT, GPTConfig
from helpers.tokenizers import BPETokenizer, CharTokenizer
from helpers.train import mean_loss
from helpers.trust import toxicity as X

pytestmark = pytest.mark.usefixtures("one_thread")

EXAMPLES = data.toxicity_examples()
TOY = [
    ("toxic", "you are a jerk"),
    ("toxic", "hey, you are an idiot!!"),
    ("toxic", "nobody wants you here"),
    ("ok", "the clown at the party made the children laugh."),
    ("ok", "the soup is ready"),
    ("ok", "look, the soup is ready?"),
]


@pytest.fixture(scope="module")
def tok():
    return BPETokenizer.train(" ".join(t for _, t in EXAMPLES[:200]), 300)


def tiny_gpt(tok, seed=0):
    torch.manual_seed(seed)
    config = GPTConfig(
        vocab_size=tok.vocab_size, block_size=64, n_layer=1, n_head=2, n_embd=32
    )
    return GPT(config)


def test_core_drops_opener_and_punctuation_and_slots_the_insult():
    assert X.sentence_of("hey, you are an idiot!!") == "you are an idiot"
    assert X.core_of("hey, you are an idiot!!") == "you are {a} {i}"
    assert X.core_of("you are a jerk?") == "you are {a} {i}"
    assert X.core_of("wow, get lost, bozo.") == "get lost, {i}"
    assert X.core_of("seriously, I hope you fail") == "I hope you fail"
    # an opener word inside a sentence stays
    assert (
        X.sentence_of("look at the dog, hey, it runs")
        == "look at the dog, hey, it runs"
    )


def test_kinds_agree_with_the_generators_lists_line_by_line():
    # The reference reads the generator's sentences directly, without core_of's slots.
    implicit, hard = set(TOXIC_IMPLICIT), set(HARD_NEGATIVES)
    for label, text in EXAMPLES:
        sentence = X.sentence_of(text)
        if label == "toxic":
            expected = "implicit" if sentence in implicit else "explicit"
        else:
            expected = "hard negative" if sentence in hard else "plain"
        assert X.kind_of(label, text) == expected, text
    assert X.composition(EXAMPLES) == {
        "explicit": 254,
        "implicit": 76,
        "hard negative": 112,
        "plain": 218,
    }
    with pytest.raises(ValueError, match="label must be one of"):
        X.kind_of("rude", "hi")


def test_split_by_core_keeps_every_core_on_one_side_and_every_kind_in_the_test():
    train, test = X.split_by_core(EXAMPLES, 0.5, seed=0)
    assert sorted(train + test) == sorted(EXAMPLES)
    assert not {X.core_of(t) for _, t in train} & {X.core_of(t) for _, t in test}
    assert X.shared_cores(train, test) == 0.0
    share = {k: X.composition(test)[k] / n for k, n in X.composition(EXAMPLES).items()}
    assert all(0.4 < s < 0.65 for s in share.values()), share
    assert X.split_by_core(EXAMPLES, 0.5, seed=0) == (train, test)
    assert X.split_by_core(EXAMPLES, 0.5, seed=1) != (train, test)
    with pytest.raises(ValueError, match="test_share"):
        X.split_by_core(EXAMPLES, 1.5)


def test_random_halves_share_most_cores():
    train, test = X.split_at_random(EXAMPLES, 0.5, seed=0)
    assert (len(train), len(test)) == (330, 330)
    seen = {X.core_of(t) for _, t in train}
    assert (
        X.shared_cores(train, test) == sum(X.core_of(t) in seen for _, t in test) / 330
    )
    assert X.shared_cores(train, test) == 249 / 330


def test_word_list_reads_whole_words_and_misses_implicit_toxicity():
    assert X.word_list_labels(["an idiot-proof guide", "nobody wants you here"]) == [
        "toxic",
        "ok",
    ]
    assert X.word_list_labels(["April fools day", "You IDIOT"]) == ["ok", "toxic"]
    assert X.word_list_labels([t for _, t in TOY]) == [
        "toxic",
        "toxic",
        "ok",
        "toxic",
        "ok",
        "ok",
    ]


def test_precision_recall_f1_by_hand():
    # 2 flagged, 1 right; 3 toxic in gold
    got = X.precision_recall_f1(
        ["toxic", "toxic", "ok", "ok"], ["toxic", "ok", "toxic", "toxic"]
    )
    assert got == {"precision": 0.5, "recall": 1 / 3, "f1": 2 * 1 / (2 + 3)}
    assert X.precision_recall_f1(["ok"], ["ok"]) == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
    }
    with pytest.raises(ValueError, match="one prediction per gold label"):
        X.precision_recall_f1(["ok"], [])


def test_bootstrap_over_cores_averages_seeds_and_brackets_the_estimate():
    gold = [label for label, _ in TOY]
    groups = [X.core_of(t) for _, t in TOY]
    right = list(gold)
    wrong = ["ok" if g == "toxic" else "toxic" for g in gold]
    assert X.bootstrap_scores([(right, gold, groups)], 200)["f1"] == [1.0, 1.0, 1.0]
    both = X.bootstrap_scores([(right, gold, groups), (wrong, gold, groups)], 200)
    assert both["f1"] == [0.5, 0.5, 0.5]  # every draw: the mean of 1.0 and 0.0
    word_list = X.word_list_labels([t for _, t in TOY])
    scores = X.bootstrap_scores([(word_list, gold, groups)], 300, seed=0)
    assert scores["precision"][0] == 2 / 3 and scores["recall"][0] == 2 / 3
    for estimate, low, high in scores.values():
        assert low <= estimate <= high and low < high
    assert scores == X.bootstrap_scores([(word_list, gold, groups)], 300, seed=0)


def test_accuracy_by_kind_pools_runs():
    toxic, ok = ("toxic", "I hope you fail"), ("ok", "the soup is ready")
    runs = [(["toxic", "toxic"], [toxic, ok]), (["ok"], [toxic])]
    assert X.accuracy_by_kind(runs) == {
        "explicit": None,
        "implicit": 0.5,
        "hard negative": None,
        "plain": 0.0,
    }


def test_bootstrap_ratio_by_hand():
    assert X.bootstrap_ratio([3, 3, 3], [1, 1, 1]) == [3.0, 3.0, 3.0]
    estimate, low, high = X.bootstrap_ratio([1, 0, 0, 1], [1, 1, 1, 1], 500)
    assert estimate == 0.5 and low <= 0.25 and high >= 0.75
    # a loss per token weights sentences by their tokens
    assert X.bootstrap_ratio([10.0, 2.0], [4, 1])[0] == 12.0 / 5
    with pytest.raises(ValueError, match="as many numerators"):
        X.bootstrap_ratio([1], [])


def test_predict_labels_matches_predict_in_input_order(tok):
    steps = {"min_steps": 5, "max_steps": 5}
    clf = T.tune_sentiment(TOY, "full", tiny_gpt(tok), tok, 0, steps, labels=X.LABELS)
    texts = [t for _, t in EXAMPLES[:40]]
    labels = X.predict_labels(clf, texts, batch_size=8)
    assert labels == clf.predict(texts) and set(labels) == {"ok", "toxic"}


def test_tune_sentiment_takes_other_label_names_and_keeps_its_default():
    clf = T.tune_sentiment(TOY, "bow", seed=0, labels=X.LABELS)
    assert clf.labels == ("ok", "toxic")
    assert clf.predict(["you are a jerk", "the soup is ready"]) == ["toxic", "ok"]
    sentiment = [("positive", "lovely soup"), ("negative", "awful soup")]
    assert T.tune_sentiment(sentiment, "bow").predict(["lovely"]) == ["positive"]
    with pytest.raises(ValueError, match="unknown label 'toxic'"):
        T.tune_sentiment(TOY, "bow")


def test_planted_corpus_labels_every_line_and_the_report_counts_by_hand():
    corpus = X.planted_corpus(TOY, ["the bus is late", "a fool and his money"], seed=0)
    kinds = sorted(kind for kind, _ in corpus)
    assert kinds == ["hard negative"] + ["harmless"] * 4 + ["toxic"] * 3
    removed = [kind != "harmless" or "fool" in line for kind, line in corpus]
    report = X.filter_report(corpus, removed)
    assert report == {
        "lines": 8,
        "toxic_lines": 3,
        "toxic_left": 0.0,
        "harmless_removed": 2 / 5,
        "harmless_removed_lines": 2,
        "with_insult_words": 2,  # the clown line and the fool line
        "with_insult_words_removed": 1.0,
        "words_removed": (9 + 5) / 2,  # the clown line and the fool line
        "words_kept": (4 + 4 + 5) / 3,  # the bus line and the two soup lines
    }
    with pytest.raises(ValueError, match="one decision per line"):
        X.filter_report(corpus, [])


def test_harmless_sentences_look_like_the_comments():
    sentences = X.harmless_sentences()
    assert len(sentences) == 2860
    assert sentences[1] == (
        "the swimming pool in brightfield will reopen on friday after a long repair"
    )
    assert all(s == s.lower() and not s.endswith(".") for s in sentences)


def test_the_toxic_sample_rule_matches_every_toxic_sentence_and_no_harmless_one():
    for label, text in EXAMPLES:
        assert X.is_toxic_sample(text) == (label == "toxic"), text
    assert X.is_toxic_sample("and then nobody asked you, bozo, so") is True
    assert X.is_toxic_sample("you are a total") is False


def test_sentence_nats_agree_with_mean_loss(tok):
    model = tiny_gpt(tok).eval()
    sentence = "the soup is ready"
    ids = tok.encode("\n" + sentence + "\n")
    [(nats, tokens)] = X.sentence_nats(model, tok, [sentence])
    assert tokens == len(ids) - 1
    assert math.isclose(nats, mean_loss(model, ids) * tokens, rel_tol=1e-5)


def test_sentence_nats_can_read_the_insult_word_alone():
    tok = CharTokenizer.train("\nafolsum ")
    torch.manual_seed(0)
    model = GPT(
        GPTConfig(
            vocab_size=tok.vocab_size, block_size=16, n_layer=1, n_head=2, n_embd=16
        )
    )
    ids = torch.tensor(tok.encode("\na fool\n"))  # "f o o l" are tokens 3 to 6
    with torch.no_grad():
        logp = torch.log_softmax(model(ids[None, :-1])[0][0], -1)  # (7, V)
    by_hand = -sum(float(logp[i - 1, ids[i]]) for i in range(3, 7))
    [(nats, tokens)] = X.sentence_nats(model, tok, ["a fool"], only_words=X.WORD_LIST)
    assert tokens == 4 and math.isclose(nats, by_hand, rel_tol=1e-5)
    assert X.sentence_nats(model, tok, ["a sum"], only_words=X.WORD_LIST) == [(0.0, 0)]


def test_a_generator_trains_and_samples_whole_lines():
    lines = ["the soup is ready", "nobody wants you here"] * 20
    tok = X.generator_tokenizer(lines, 270)
    assert tok.vocab_size == 270 and tok.decode(
        tok.encode("\n".join(lines))
    ) == "\n".join(lines)
    model = X.train_generator(lines, tok, steps=3, seed=0)
    assert model.config.n_layer == X.GENERATOR["n_layer"]
    sampled = X.sample_lines(model, tok, n_streams=4, n_tokens=30, seed=0)
    assert all("\n" not in s and s for s in sampled)
    assert sampled == X.sample_lines(model, tok, n_streams=4, n_tokens=30, seed=0)


def test_pretraining_text_holds_almost_none_of_the_insult_words():
    counts = X.pretraining_word_counts()
    assert set(counts) == set(X.WORD_LIST)
    # broad.txt, everyday English, brings most of them: 5 in the first three files
    assert counts["fool"] == 9 and counts["idiot"] == 0 and sum(counts.values()) == 46


def test_the_quick_run_has_every_part_and_the_exact_counts():
    results = X.run_toxicity(quick=True)
    assert results["split"]["shared_cores"] == {"random halves": 0.7545, "by core": 0.0}
    assert results["split"]["test"] == {
        "explicit": 132,
        "implicit": 41,
        "hard negative": 56,
        "plain": 111,
    }
    word_list = results["by_core"]["word list"]
    assert (
        word_list["by_kind"]["implicit"] == 0.0
        and word_list["by_kind"]["explicit"] == 1.0
    )
    filtered = results["filtering"]["word list"]
    assert filtered["toxic_left"] == round(41 / 173, 4)  # the implicit ones
    assert filtered["with_insult_words_removed"] == 1.0
    assert set(results["generators"]) == {
        "raw",
        "perfect filter",
        "word list",
        "tuned model",
    }
    assert all(
        g["loss_control_sentences"][0] > 0 for g in results["generators"].values()
    )
