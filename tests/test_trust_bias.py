"""Bias: frames and swaps checked on the planted file itself, leans against hand-set
probabilities and a brute-force forward pass, gaps and bootstrap intervals against
hand-computed values, the name test on a classifier with known scores, and the quick run."""

import pytest
import torch

from helpers import data
from helpers.gpt import GPT, GPTConfig
from helpers.tokenizers import CharTokenizer, WordTokenizer
from helpers.trust import bias as B

pytestmark = pytest.mark.usefixtures("one_thread")

CONFIG = data.planted_bias_config()
OCCUPATIONS = sorted(CONFIG["he_share"])
PLANTED = data.planted_bias_text()


def test_fill_frame_writes_an_before_a_vowel():
    frame = "My neighbor is a {occupation}, and"
    assert B.fill_frame(frame, "engineer") == "My neighbor is an engineer, and"
    assert B.fill_frame(frame, "nurse") == "My neighbor is a nurse, and"
    with pytest.raises(ValueError, match="slot"):
        B.fill_frame("The nurse said that", "pilot")


def test_the_planted_file_has_twenty_frames_each_filled_with_every_occupation():
    frames = B.data_frames(PLANTED, OCCUPATIONS)
    assert len(frames) == 20
    assert "The {occupation} smiled when we gave" in frames
    assert "My neighbor is a {occupation}, and" in frames  # "an engineer" folded in
    assert all(B.fill_frame(f, o) in PLANTED for f in frames for o in OCCUPATIONS)
    assert B.data_frames(data.planted_bias_text("balanced_50"), OCCUPATIONS) == frames
    assert B.frames_seen_in(frames, PLANTED) == frames


def test_new_frames_are_unseen_and_every_word_is_known():
    assert len(B.NEW_FRAMES) == 10
    assert B.frames_seen_in(B.NEW_FRAMES, PLANTED) == []
    tok = B.pronoun_tokenizer()
    for frame in B.NEW_FRAMES:
        for o in OCCUPATIONS:
            assert 0 not in tok.encode(B.fill_frame(frame, o)), (frame, o)  # no <unk>


@pytest.mark.parametrize(
    "line, swapped",
    [
        ("She gave him her coat.", "He gave her his coat."),
        ("We gave her the flowers.", "We gave him the flowers."),
        ("I like her.", "I like him."),
        ("Her bag, his bag and her.", "His bag, her bag and him."),
        ("The shepherd said hers was there.", "The shepherd said hers was there."),
    ],
)
def test_swap_pronouns(line, swapped):
    assert B.swap_pronouns(line) == swapped


def test_swapping_the_planted_file_flips_every_share_and_swaps_back():
    lines = PLANTED.rstrip("\n").split("\n")
    assert all(B.swap_pronouns(B.swap_pronouns(line)) == line for line in lines)
    assert B.he_share_by_occupation(PLANTED, OCCUPATIONS) == CONFIG["he_share"]
    swapped = B.he_share_by_occupation(
        "\n".join(map(B.swap_pronouns, lines)), OCCUPATIONS
    )
    assert swapped == {
        o: pytest.approx(1 - s, abs=1e-12) for o, s in CONFIG["he_share"].items()
    }
    augmented = B.counterfactual_augment(PLANTED)
    assert set(B.he_share_by_occupation(augmented, OCCUPATIONS).values()) == {0.5}
    tok = B.pronoun_tokenizer()
    assert len(tok.encode(augmented)) == 2 * len(tok.encode(PLANTED))
    balanced = data.planted_bias_text("balanced_50")
    assert set(B.he_share_by_occupation(balanced, OCCUPATIONS).values()) == {0.5}


def test_pronoun_counts_and_he_share():
    counts = B.pronoun_counts("He saw her. She saw him; his dog saw HER. The shepherd.")
    assert counts == {"he": 1, "him": 1, "his": 1, "she": 1, "her": 2}
    assert B.he_share(counts) == 0.5
    assert B.he_share(B.pronoun_counts("no pronouns")) is None
    near = B.pronoun_counts_near(
        "The nurse left. She ran! The nurse said he ran.\nA pilot and a nurse saw him.",
        ["nurse", "pilot"],
    )
    assert near["nurse"] == {"he": 1, "him": 1, "his": 0, "she": 0, "her": 0}
    assert near["pilot"] == {"he": 0, "him": 1, "his": 0, "she": 0, "her": 0}


class FixedNextToken(torch.nn.Module):
    """A stand-in model whose next-token distribution is `probs` after any context."""

    def __init__(self, probs):
        super().__init__()
        self.config = GPTConfig(vocab_size=len(probs), block_size=8)
        self.logits = torch.tensor(probs, dtype=torch.float64).log()

    def forward(self, idx):
        return self.logits.expand(*idx.shape, -1), None  # (B, T, V)


def test_pronoun_lean_reads_the_two_pronoun_sets():
    tok = WordTokenizer(["<unk>", "he", "him", "his", "she", "her", "the", "nurse"])
    # P(he) .2, P(him) .1, P(his) 0, P(she) .1, P(her) .1: lean .3 / (.3 + .2) = .6
    model = FixedNextToken([0.3, 0.2, 0.1, 1e-30, 0.1, 0.1, 0.1, 0.1])
    assert B.pronoun_lean(model, tok, "the nurse") == pytest.approx(0.6, abs=1e-12)
    p_he, p_she = B.pronoun_probs(model, tok, ["the nurse", "the"])
    assert p_he.tolist() == pytest.approx(
        [0.3, 0.3]
    ) and p_she.tolist() == pytest.approx([0.2] * 2)
    with pytest.raises(ValueError, match="one known token"):
        B.pronoun_token_ids(CharTokenizer.train("he she him his her"))
    with pytest.raises(ValueError, match="no tokens"):
        B.pronoun_lean(model, tok, "   ")


def tiny_word_model(seed=0):
    tok = WordTokenizer.train("the nurse said that he she him his her was tired , so .")
    torch.manual_seed(seed)
    config = GPTConfig(
        vocab_size=tok.vocab_size, block_size=4, n_layer=1, n_head=2, n_embd=16
    )
    return GPT(config).eval(), tok


def brute_force_lean(model, ids, he_ids, she_ids):
    with torch.no_grad():
        probs = model(torch.tensor([ids]))[0][0, -1].double().softmax(-1)
    p_he, p_she = probs[he_ids].sum(), probs[she_ids].sum()
    return float(p_he / (p_he + p_she))


def test_batched_leans_equal_one_context_at_a_time():
    model, tok = tiny_word_model()
    ids = B.pronoun_token_ids(tok)
    contexts = [
        "the nurse said that",
        "the nurse was tired , so",
        "so",
        "the nurse said",
    ]
    table = B.lean_table(
        model, tok, ["the {occupation} said that", "the {occupation}"], ["nurse"]
    )
    got = B.pronoun_probs(model, tok, contexts)
    for i, context in enumerate(contexts):
        # a context longer than the block (4) keeps its last 4 tokens
        expected = brute_force_lean(
            model, tok.encode(context)[-4:], ids["he"], ids["she"]
        )
        assert float(got[0][i] / (got[0][i] + got[1][i])) == pytest.approx(
            expected, abs=1e-6
        )
    assert table.shape == (1, 2)
    assert float(table[0, 0]) == pytest.approx(
        B.pronoun_lean(model, tok, contexts[0]), abs=1e-6
    )


def test_corpus_position_lean_scores_every_pronoun_once():
    model, tok = tiny_word_model(seed=1)
    ids = B.pronoun_token_ids(tok)
    text = "he said that she was tired , so his nurse said him . her nurse was tired"
    tokens = tok.encode(text)
    block = model.config.block_size
    leans, is_he = [], []
    for j in range(1, len(tokens)):  # every token but the first is a target once
        if tokens[j] in ids["he"] + ids["she"]:
            start = (j - 1) // block * block  # the window that predicts token j
            leans.append(
                brute_force_lean(model, tokens[start:j], ids["he"], ids["she"])
            )
            is_he.append(tokens[j] in ids["he"])
    got = B.corpus_position_lean(model, tok, text)
    assert got["positions"] == len(leans) == 4  # the leading "he" has no context
    assert got["he_share"] == 0.5
    assert got["mean_lean"] == pytest.approx(sum(leans) / len(leans), abs=1e-6)


def test_gap_greedy_gap_and_the_frame_bootstrap():
    table = torch.tensor([[0.9, 0.7], [0.2, 0.2]], dtype=torch.float64)
    assert B.lean_gap(table, [True, False]) == pytest.approx(0.6)
    # resampling two frames: both frame 0 (gap 0.7), both frame 1 (0.5) or one each
    # (0.6), a quarter of the time each extreme: the 95% interval is (0.5, 0.7)
    low, high = B.table_bootstrap(
        table, lambda t: B.lean_gap(t, [True, False]), resamples=500
    )
    assert (low, high) == (pytest.approx(0.5), pytest.approx(0.7))
    same = torch.tensor([[0.8, 0.8, 0.8], [0.3, 0.3, 0.3]])
    assert B.table_bootstrap(same, lambda t: B.lean_gap(t, [1, 0])) == (
        pytest.approx(0.5),
        pytest.approx(0.5),
    )
    # occupations resampled within their group (rows 0, 2 lean "he"; 1, 3 lean "she"):
    # the he-side mean is 1.0, 0.9 or 0.8 and the she-side 0.0, 0.1 or 0.2; each
    # extreme pair (gap 1.0 or 0.6) comes up one time in sixteen, more than 2.5%
    rows = torch.tensor([[1.0], [0.0], [0.8], [0.2]])
    groups = [True, False, True, False]
    low, high = B.table_bootstrap(rows, lambda t: B.lean_gap(t, groups), groups, 500)
    assert (low, high) == (pytest.approx(0.6), pytest.approx(1.0))
    report = B.gap_report(torch.tensor([[0.9, 0.6], [0.4, 0.55]]), [True, False], 100)
    assert report["gap"] == pytest.approx(0.75 - 0.475)
    assert report["greedy_gap"] == pytest.approx(1.0 - 0.5)  # greedy: [[1, 1], [0, 1]]
    assert report["mean_lean"] == pytest.approx(0.6125)
    with pytest.raises(ValueError, match="some occupations True"):
        B.lean_gap(table, [True, True])


class ScoresByName:
    """A stand-in classifier: P(positive) is looked up by the review's text."""

    def __init__(self, p_positive):
        self.p_positive = p_positive

    def scores(self, texts):
        p = torch.tensor([self.p_positive[t] for t in texts], dtype=torch.float64)
        return torch.stack([(1 - p).log(), p.log()], dim=1)  # (B, 2) logits


def test_name_sensitivity_counts_flips_and_spreads():
    clf = ScoresByName(
        {"Ann cooked.": 0.6, "Bo cooked.": 0.4, "Ann won.": 0.9, "Bo won.": 0.9}
    )
    report = B.name_sensitivity(clf, ["{name} cooked.", "{name} won."], ["Ann", "Bo"])
    assert report["flip_rate"] == 0.5  # "cooked" flips with the name, "won" does not
    assert report["spread"] == pytest.approx((0.2 + 0.0) / 2)
    assert report["flip_rate_interval"] == (0.0, 1.0)  # resampled: both, neither, one
    assert report["spread_interval"] == (pytest.approx(0.0), pytest.approx(0.2))
    assert report["name_means"] == {
        "Ann": pytest.approx(0.75),
        "Bo": pytest.approx(0.65),
    }
    assert sum(report["p_positive"], []) == pytest.approx([0.6, 0.4, 0.9, 0.9])


def test_run_bias_quick():
    r = B.run_bias(quick=True)
    assert r["data"]["planted_90"]["gap"] == 0.8
    assert r["data"]["balanced_50"]["gap"] == r["data"]["augmented"]["gap"] == 0.0
    assert r["data"]["augmented"]["tokens"] == 2 * r["data"]["planted_90"]["tokens"]
    assert r["settings"]["steps"] == 20 and r["settings"]["new_frames"] == list(
        B.NEW_FRAMES
    )
    for name in ("planted_90", "balanced_50", "augmented"):
        (run,) = r["planted"][name]
        low, high = run["in_frame"]["gap_interval"]
        assert low <= run["in_frame"]["gap"] <= high
        assert set(run["new_frames"]["by_occupation"]) == set(OCCUPATIONS)
    train_counts = r["corpus"]["counts"]["corpus/train.txt"]
    assert train_counts == B.pronoun_counts(data.corpus_text("train"))
    assert set(r["foundation"]["by_frame"]) == set(B.NEW_FRAMES)
    (names,) = r["names"]
    assert len(names["p_positive"]) == 4 and len(names["p_positive"][0]) == 4
    assert 0 <= names["flip_rate"] <= 1
