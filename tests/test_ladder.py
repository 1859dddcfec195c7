"""The ladder's bit counts agree with the models' own losses, and bits per byte counts bytes."""

import math

import torch

from helpers.gpt import GPT, GPTConfig
from helpers.ladder import (
    bits_per_byte,
    gpt_total_bits,
    mlp_total_bits,
    ngram_total_bits,
)
from helpers.neural_lm import MLPLanguageModel, context_windows
from helpers.ngram import NgramModel


def test_bits_per_byte_counts_utf8_bytes_not_characters():
    assert bits_per_byte(100.0, "café" * 10) == 2.0  # 50 bytes, 40 characters
    assert bits_per_byte(8.0, "abcd") == 2.0


def test_ngram_total_bits_is_mean_times_tokens():
    model = NgramModel([1, 2, 3, 1, 2, 3, 1, 2], n=2)
    tokens = [1, 2, 3, 1]
    assert math.isclose(
        ngram_total_bits(model, tokens, lambdas=[0.5, 0.5]),
        model.cross_entropy(tokens, lambdas=[0.5, 0.5]) * 4,
    )


def test_mlp_total_bits_is_summed_cross_entropy_in_bits():
    torch.manual_seed(0)
    model = MLPLanguageModel(vocab_size=7, context=2, embed_dim=3, hidden=5)
    X, Y = context_windows([1, 2, 3, 4, 5, 6, 0], context=2, pad=0)
    want = torch.nn.functional.cross_entropy(
        model(X), Y, reduction="sum"
    ).item() / math.log(2)
    assert math.isclose(mlp_total_bits(model, X, Y, batch_size=3), want, rel_tol=1e-5)


def test_gpt_total_bits_scores_every_token_in_windows():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=11, block_size=4, n_layer=1, n_head=1, n_embd=8))
    ids = torch.randint(0, 11, (10,))
    data = torch.cat([torch.tensor([3]), ids])  # start id 3, then 10 targets
    want = 0.0
    for s in range(0, 10, 4):  # windows of 4, the last one of 2
        x, y = data[s : min(s + 4, 10)], data[s + 1 : min(s + 5, 11)]
        want += torch.nn.functional.cross_entropy(
            model(x.unsqueeze(0))[0][0], y, reduction="sum"
        ).item()
    assert math.isclose(
        gpt_total_bits(model, ids, start_id=3, batch_size=1),
        want / math.log(2),
        rel_tol=1e-5,
    )
