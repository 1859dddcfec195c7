"""Membership inference: AUC against a pairwise count, bootstrap intervals, per-document
losses against helpers.train.mean_loss, the zlib reference, fair member/non-member sets."""

import itertools
import math
import zlib

import pytest
import torch

from helpers.gpt import GPT, GPTConfig
from helpers.tokenizers import CharTokenizer
from helpers.train import mean_loss
from helpers.trust import membership as M

pytestmark = pytest.mark.usefixtures("one_thread")


def pairwise_auc(members, others):
    """The brute-force definition: every (member, non-member) pair, ties count half."""
    wins = sum(
        1.0 if m > n else 0.5 if m == n else 0.0
        for m, n in itertools.product(members, others)
    )
    return wins / (len(members) * len(others))


def test_auc_by_hand():
    assert M.auc([3, 2, 1], [2, 0]) == 0.75
    assert M.auc([5, 6], [1, 2]) == 1.0
    assert M.auc([1, 2], [5, 6]) == 0.0
    assert M.auc([4, 4], [4, 4, 4]) == 0.5


@pytest.mark.parametrize("seed", range(5))
def test_auc_matches_the_pairwise_count_with_ties(seed):
    gen = torch.Generator().manual_seed(seed)
    members = torch.randint(0, 6, (37,), generator=gen).tolist()  # many ties
    others = torch.randint(0, 5, (23,), generator=gen).tolist()
    assert M.auc(members, others) == pytest.approx(
        pairwise_auc(members, others), abs=1e-12
    )


def test_auc_needs_both_sets():
    with pytest.raises(ValueError, match="at least one of each"):
        M.auc([], [1.0])


def test_bootstrap_interval_is_seeded_and_brackets_the_estimate():
    gen = torch.Generator().manual_seed(0)
    members = torch.randn(200, generator=gen) + 0.8
    others = torch.randn(200, generator=gen)
    first = M.bootstrap_interval(M.auc, members, others)
    assert first == M.bootstrap_interval(M.auc, members, others)  # fixed seed
    assert first != M.bootstrap_interval(M.auc, members, others, seed=1)
    low, high = first
    assert low < M.auc(members, others) < high
    assert 0.05 < high - low < 0.15  # about 2 x 1.96 x 0.02 for 200 vs 200 at AUC ~0.7


def test_bootstrap_interval_of_a_perfect_split_is_a_point():
    assert M.bootstrap_interval(M.auc, [5.0, 6.0, 7.0], [1.0, 2.0]) == (1.0, 1.0)


def test_bootstrap_interval_resamples_each_set_separately():
    # a statistic that reads the sizes: separate resampling keeps each sample's own size
    sizes = M.bootstrap_interval(
        lambda a, b: 100 * len(a) + len(b), [1.0] * 3, [2.0] * 5
    )
    assert sizes == (305.0, 305.0)


@pytest.fixture(scope="module")
def char_model():
    text = "the cat sat on the mat. a dog ran in the park.\n"
    tok = CharTokenizer.train(text)
    torch.manual_seed(0)
    model = GPT(
        GPTConfig(
            vocab_size=tok.vocab_size, block_size=8, n_layer=1, n_head=2, n_embd=16
        )
    )
    return model.eval(), tok


def test_document_losses_equal_mean_loss_document_by_document(char_model):
    model, tok = char_model
    docs = [
        "the cat sat on the mat.",
        "a dog ran.",
        "the dog sat on the cat in the park.",
    ]
    got = M.document_losses(
        model, tok, docs, batch_size=2
    )  # windows of 8, batches mixed
    want = [mean_loss(model, tok.encode(d)) for d in docs]
    assert got.tolist() == pytest.approx(want, abs=1e-5)


def test_document_losses_refuse_a_one_token_document(char_model):
    model, tok = char_model
    with pytest.raises(ValueError, match="at least two tokens"):
        M.document_losses(model, tok, ["the cat", "a"])


def test_zlib_bits_is_the_compressed_size():
    assert M.zlib_bits("abc" * 100) == 8 * len(zlib.compress(b"abc" * 100, 9)) == 120
    assert M.zlib_bits("") == 64  # header and checksum: why short documents are noisy


def test_zlib_ratio_scores_by_hand(char_model):
    _, tok = char_model
    doc = "the cat sat on the mat."  # 23 characters: 22 scored tokens
    loss = 0.5  # nats per token
    want = -(0.5 * 22 / math.log(2)) / (8 * len(zlib.compress(doc.encode(), 9)))
    got = M.zlib_ratio_scores(torch.tensor([loss]), [doc], tok)
    assert got.item() == pytest.approx(want, rel=1e-6)
    assert M.loss_scores([0.5, 2.0]).tolist() == [-0.5, -2.0]
    assert M.reference_scores([1.0, 2.0], [1.5, 2.0]).tolist() == [0.5, 0.0]
    assert M.loss_gap([1.0, 1.2], [1.5]) == pytest.approx(0.4)


def test_membership_sets_keep_copies_of_training_text_out_of_the_non_members():
    trained = ["a" * 20, "b" * 20, "b" * 20, "short"]
    held = ["b" * 20, "c" * 20, "d" * 20, "tiny"]
    members, others = M.membership_sets(trained, held, 2)
    assert sorted(members) == ["a" * 20, "b" * 20]  # distinct, long enough
    assert sorted(others) == ["c" * 20, "d" * 20]  # the copy of "b" * 20 is left out
    with pytest.raises(ValueError, match="ask for fewer"):
        M.membership_sets(trained, held, 3)


def test_run_membership_quick():
    out = M.run_membership(quick=True)
    small, found = out["small"][0], out["foundation"]
    for report in (small, found):
        for attack in ("loss", "zlib"):
            low, high = report[attack]["interval"]
            assert 0 <= low <= report[attack]["auc"] <= high <= 1
    assert "reference" in small
    assert found["parameters"] == 5853184
    assert found["members"] == found["nonmembers"]
