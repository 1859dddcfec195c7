"""Calibration: ECE and reliability by hand and against a direct count, abstention, the two
quizzes checked against the pretraining text, choice probabilities against
helpers.prompting.label_log_probs."""

import random

import pytest
import torch

from helpers import data
from helpers import reliability as R
from helpers.gpt import GPT, GPTConfig
from helpers.prompting import label_log_probs
from helpers.tokenizers import BPETokenizer
from helpers.trust import calibration as C

pytestmark = pytest.mark.usefixtures("one_thread")


def direct_ece(confidence, correct, n_bins):
    """ECE written out: every bin [k/n, (k+1)/n) (the last one closed), empty bins skipped."""
    total, n = 0.0, len(confidence)
    for k in range(n_bins):
        low, high = k / n_bins, (k + 1) / n_bins
        inside = [
            i
            for i, c in enumerate(confidence)
            if low <= c < high or (k == n_bins - 1 and c == 1.0)
        ]
        if inside:
            accuracy = sum(correct[i] for i in inside) / len(inside)
            mean_confidence = sum(confidence[i] for i in inside) / len(inside)
            total += len(inside) / n * abs(accuracy - mean_confidence)
    return total


def test_ece_by_hand():
    # bin [0.9, 1]: |1/2 - 0.9| x 2/5 = 0.16; bin [0.6, 0.7): |2/3 - 0.6| x 3/5 = 0.04
    assert R.expected_calibration_error(
        [0.9, 0.9, 0.6, 0.6, 0.6], [1, 0, 1, 1, 0]
    ) == pytest.approx(0.2, abs=1e-12)
    assert R.expected_calibration_error([0.75] * 4, [1, 1, 1, 0]) == 0.0  # calibrated
    assert R.expected_calibration_error([1.0, 0.95], [1, 0]) == pytest.approx(0.475)
    assert R.expected_calibration_error([0.3], [1], n_bins=1) == pytest.approx(0.7)
    # confidence 1.0 sits in the last bin, 0.5 starts the [0.5, 0.6) bin
    assert R.expected_calibration_error([1.0, 0.5], [0, 1]) == pytest.approx(0.75)


@pytest.mark.parametrize("n_bins", [1, 5, 10, 15])
def test_ece_matches_a_direct_count(n_bins):
    rng = random.Random(n_bins)
    confidence = [rng.choice([rng.random(), 0.3, 0.5, 1.0]) for _ in range(300)]
    correct = [int(rng.random() < c) for c in confidence]
    got = R.expected_calibration_error(confidence, correct, n_bins)
    assert got == pytest.approx(direct_ece(confidence, correct, n_bins), abs=1e-12)


def test_ece_refuses_what_is_not_a_probability():
    with pytest.raises(ValueError, match="probabilities"):
        R.expected_calibration_error([1.2], [1])
    with pytest.raises(ValueError, match="same length"):
        R.expected_calibration_error([0.5, 0.6], [1])


def test_reliability_table_by_hand():
    table = R.reliability_table([0.92, 0.95, 0.3], [1, 0, 0], n_bins=10)
    assert [(r["low"], r["high"], r["count"], r["accuracy"]) for r in table] == [
        (0.3, 0.4, 1, 0.0),
        (0.9, 1.0, 2, 0.5),
    ]
    assert table[1]["confidence"] == pytest.approx(0.935)


def test_abstention_by_hand():
    report = C.abstention_report([0.9, 0.8, 0.4, 0.3], [1, 1, 0, 1], 0.5)
    assert report == {
        "threshold": 0.5,
        "answered": 2,
        "coverage": 0.5,
        "accuracy": 1.0,
        "wrong_avoided": 1,
        "right_lost": 1,
        "accuracy_all": 0.75,
    }
    # answer all: 2 - 2 = 0; from 0.4: 2 - 1 = 1; from 0.8: 2 - 0 = 2; from 0.9: 1
    assert C.choose_threshold([0.9, 0.8, 0.4, 0.3], [1, 1, 0, 0]) == 0.8
    assert C.choose_threshold([0.9, 0.8], [1, 1]) == 0.8  # nothing to avoid: answer all
    assert C.choose_threshold([-4.0, -1.5, -2.0], [0, 1, 1]) == -2.0  # any score works
    # a wrong answer that costs 3: answering 3 right and 1 wrong scores 0 < 2 right
    assert C.choose_threshold([0.9, 0.8, 0.7, 0.6], [1, 1, 0, 1], wrong_cost=3) == 0.8


def test_halves_split_every_group():
    tune, test = C.halves([4, 2], seed=0)
    assert (tune, test) == ([0, 2, 4], [1, 3, 5])
    tune, test = C.halves([68, 67], seed=3)
    assert sorted(tune + test) == list(range(135))
    assert sum(i < 68 for i in tune) == 34 and sum(i >= 68 for i in tune) == 33


def test_sentences_stating():
    text = C.text_sentences(
        "Question: What do cows eat? Answer: Grass.\nTwo bicycles. A bicycle has two wheels."
    )
    assert text == (
        "question: what do cows eat? answer: grass.\ntwo bicycles.\na bicycle has two wheels."
    )
    assert C.sentences_stating(text, "cows", "Grass") == 1
    assert C.sentences_stating(text, "bicycle", "Two") == 2
    assert C.sentences_stating(text, "bicycle+wheel", "Two") == 1
    assert C.sentences_stating(text, "horse", "Four") == 0


def test_quizzes_are_well_formed():
    read, never = C.quiz("read"), C.quiz("never_read")
    assert (len(read), len(never)) == (68, 67)
    for item in read + never:
        assert len(set(item["choices"])) == 4 and item["choices"][0] == item["answer"]
    assert [(i["question"], i["answer"]) for i in read[:48]] == data.questions()
    with pytest.raises(ValueError, match="never_read"):
        C.quiz("unseen")


def test_an_answer_counts_as_a_whole_word_and_a_key_as_part_of_one():
    # a sentence of broad.txt: "ten" sits inside "potential", which states nothing
    assert (
        C.sentences_stating("does her potential crab our phones?", "crab", "Ten") == 0
    )
    assert C.sentences_stating("a crab has ten legs.\nten.", "crab", "Ten") == 1
    assert C.sentences_stating("bicycles have two wheels.", "bicycle+wheel", "Two") == 1


def test_the_text_states_every_read_answer_and_no_never_read_answer():
    text = C.pretraining_sentences()
    read = [C.sentences_stating(text, i["key"], i["answer"]) for i in C.quiz("read")]
    never = [
        C.sentences_stating(text, i["key"], i["answer"]) for i in C.quiz("never_read")
    ]
    assert min(read) >= 1
    assert max(never) == 0


def test_choice_probabilities_equal_label_log_probs_renormalised():
    text = "Question: What do cows eat? Answer: Grass. Cows eat grass and hay."
    tok = BPETokenizer.train(text * 3, 290)
    torch.manual_seed(0)
    model = GPT(
        GPTConfig(
            vocab_size=tok.vocab_size, block_size=64, n_layer=1, n_head=2, n_embd=32
        )
    )
    items = [
        {"question": "What do cows eat?", "choices": ["Grass", "Hay", "Cows eat hay"]},
        {"question": "What eats grass?", "choices": ["Cows", "A cow", "Hay"]},
    ]
    got = C.choice_probabilities(
        model, tok, items, batch_size=4
    )  # batches cut questions
    for row, item in zip(got, items):
        prompt = C.PROMPT.format(q=item["question"])
        words = [f" {c}." for c in item["choices"]]
        want = label_log_probs(model, tok, [prompt], words).softmax(-1)[0]
        assert row.tolist() == pytest.approx(want.tolist(), abs=1e-6)


def test_run_calibration_quick():
    out = C.run_calibration(quick=True)
    found = out["formats"][C.PROMPT]
    for which in ("read", "never_read", "both"):
        summary = found[which]
        low, high = summary["ece_interval"]
        assert 0 <= summary["accuracy"] <= 1 and low <= summary["ece"] <= high
    assert found["both"]["questions"] == 12
    assert min(out["stated"]["read"]) >= 1 and max(out["stated"]["never_read"]) == 0
