"""Three tiny GPT shapes, and their models and token batches, for tests that compare a
formula with what PyTorch measures (test_flops.py, test_cost.py); and the one-layer body
that the tuning tests tune (`tiny_body`)."""

import torch

from helpers.gpt import GPT, GPTConfig

CONFIGS = [
    GPTConfig(vocab_size=97, block_size=32, n_layer=2, n_head=4, n_embd=64),
    GPTConfig(vocab_size=500, block_size=64, n_layer=3, n_head=2, n_embd=128),
    GPTConfig(
        vocab_size=300, block_size=16, n_layer=1, n_head=3, n_embd=48, bias=False
    ),
]


def model_of(config, seed=0):
    """A GPT of `config` with weights drawn from `seed`."""
    torch.manual_seed(seed)
    return GPT(config)


def tokens(config, batch=2):
    """(batch, block_size) random token ids, the same on every call."""
    gen = torch.Generator().manual_seed(1)
    return torch.randint(
        0, config.vocab_size, (batch, config.block_size), generator=gen
    )


def tiny_body(tokenizer, seed=0):
    """A one-layer GPT over `tokenizer`'s vocabulary, weights drawn from `seed`: a body
    to tune in tests, small enough to train in a second."""
    config = GPTConfig(
        vocab_size=tokenizer.vocab_size, block_size=64, n_layer=1, n_head=2, n_embd=32
    )
    return model_of(config, seed)
