"""Memorised secrets: exposure against hand-computed values, log-probabilities against a
brute-force product, extraction by a model that did and did not read a code, deduplication,
and the command's refusals."""

import math
import re

import pytest
import torch

from helpers import data
from helpers.gpt import GPT, GPTConfig
from helpers.tokenizers import CharTokenizer
from helpers.train import train
from helpers.trust import __main__ as trust_command
from helpers.trust import memorisation as M

pytestmark = pytest.mark.usefixtures("one_thread")


def test_code_space_and_random_codes():
    assert M.code_space_bits() == pytest.approx(math.log2(10**8 * 26**3))
    codes = M.random_codes(50, seed=3)
    assert codes == M.random_codes(50, seed=3) != M.random_codes(50, seed=4)
    assert all(re.fullmatch(r"\d{4}-[A-Z]{3}-\d{4}", c) for c in codes)
    assert all(
        re.fullmatch(r"\d{4}-[A-Z]{3}-\d{4}", c["code"]) for c in data.canaries()
    )


def test_exposure_by_rank_and_by_a_normal_fit():
    refs = torch.tensor([-30.0, -28.0, -33.0])
    # no reference beats the secret: rank 1 of 4, log2(4) - log2(1) = 2 bits
    assert M.exposure(-5.0, refs, 40.0)["by_rank"] == 2.0
    # two of three references are at least as likely: log2(4) - log2(3)
    assert M.exposure(-31.0, refs, 40.0)["by_rank"] == pytest.approx(math.log2(4 / 3))
    # mean 0, sample std sqrt(2); a secret 1.6449 std above the mean has a 5% upper tail
    e = M.exposure(1.6449 * math.sqrt(2), torch.tensor([-1.0, 1.0]), 40.0)
    assert e["by_fit"] == pytest.approx(math.log2(20), abs=1e-3)
    assert M.exposure(1e6, torch.tensor([-1.0, 1.0]), 40.0)["by_fit"] == 40.0  # capped


def tiny_model(vocab, seed=0):
    torch.manual_seed(seed)
    config = GPTConfig(vocab_size=vocab, block_size=32, n_layer=1, n_head=2, n_embd=32)
    return GPT(config).eval()


def test_continuation_logprobs_equal_the_product_of_next_character_probabilities():
    tok = CharTokenizer.train(
        "the secret code is 0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    )
    model = tiny_model(tok.vocab_size)
    prefix, codes = "the secret code is ", ["1268-MCY-3165", "0000-AAA-0000"]
    got = M.continuation_logprobs(model, tok, prefix, codes)
    for code, value in zip(codes, got.tolist()):
        ids = tok.encode(prefix + code)
        expected = 0.0
        with torch.no_grad():
            for t in range(len(tok.encode(prefix)), len(ids)):
                logits, _ = model(torch.tensor([ids[:t]]))  # (1, t, V)
                expected += torch.log_softmax(logits[0, -1], -1)[ids[t]].item()
        assert value == pytest.approx(expected, abs=1e-4)
    with pytest.raises(ValueError, match="same number of tokens"):
        M.continuation_logprobs(model, tok, prefix, ["12", "123"])


def test_a_model_that_read_a_code_often_gives_it_back_and_one_it_never_read_stays_hidden():
    text = "the secret code is 1111-ABC-2222.\nwe went home.\n" * 60
    tok = CharTokenizer.train(text + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    model = tiny_model(tok.vocab_size)
    train(model, tok.encode(text), steps=120, batch_size=16, lr=1e-2, progress=False)
    read = {"code": "1111-ABC-2222", "count": 60}
    never = {"code": "9876-XYZ-5432", "count": 0}
    report = M.extraction_report(model, tok, [read, never], known=(0, 5))
    assert report[0]["extracted"] == {0: True, 5: True}
    assert report[1]["extracted"] == {0: False, 5: False}
    assert (
        M.greedy_continuation(model, tok, "the secret code is ", 13) == "1111-ABC-2222"
    )
    found = M.canary_exposures(model, tok, [read, never], n_references=200)
    assert found[0]["by_rank"] == pytest.approx(
        math.log2(201)
    )  # beats all 200 references
    assert found[0]["by_fit"] > 20 > found[1]["by_rank"]


def test_deduplication_cuts_repeats_and_keeps_each_canary_once():
    assert M.deduplicate_spans("abcdef-abcdef", min_chars=4) == ("abcdef-", 6 / 13)
    assert M.deduplicate_spans("no repeats here", min_chars=4) == (
        "no repeats here",
        0.0,
    )
    documents, held_out = M.canary_training_documents()
    raw = "\n\n".join(documents)
    assert sum(d.count("secret code") for d in documents) == 31
    assert not any("secret code" in d for d in held_out)
    assert (len(documents), len(held_out)) == (213, 823) and not set(documents) & set(
        held_out
    )
    assert 60_000 <= len(raw) < 61_000
    dedup, share = M.deduplicate_spans(raw, M.DEDUP_MIN_CHARS)
    assert [raw.count(c["code"]) for c in data.canaries()] == [1, 2, 4, 8, 16]
    assert [dedup.count(c["code"]) for c in data.canaries()] == [1, 1, 1, 1, 1]
    assert share == pytest.approx(1 - len(dedup) / len(raw)) and 0.1 < share < 0.3


def test_the_quick_run_has_every_field_the_lesson_reads():
    results = M.run_memorisation(quick=True)
    assert results["settings"]["steps"] == 20
    for name in ("raw", "dedup"):
        (point,) = results["runs"][name]
        assert [e["count"] for e in point["exposure"]] == [1, 2, 4, 8, 16]
        assert all(set(r["extracted"]) == {"0", "5", "9"} for r in point["extracted"])
    assert results["characters"]["dedup"] < results["characters"]["raw"]


def refusal(capsys, *args):
    """What the command writes when it refuses `args` (it exits with status 2)."""
    with pytest.raises(SystemExit) as stopped:
        trust_command.main(list(args))
    assert stopped.value.code == 2
    return capsys.readouterr().err


def test_the_command_refuses_before_any_work(capsys):
    shipped = "data/results/trust_memorisation.json"
    assert "--force" in refusal(capsys, "memorisation", "--out", shipped)
    err = refusal(capsys, "all", "--out", "runs/x.json")
    assert "each part goes to its default file" in err
    assert "--threads must be at least 1" in refusal(capsys, "bias", "--threads", "0")
