"""Lesson 04 and 05 exercise checks accept the instructors' solutions and reject typical
mistakes."""

import math

import pytest
import torch

from helpers.exercises import lesson04, lesson05


def test_lesson04_checks_accept_the_solutions(capsys, solutions):
    answers = solutions("04")
    assert lesson04.causal_attention_weights(answers.causal_attention_weights)
    assert lesson04.split_heads(answers.split_heads)
    assert capsys.readouterr().out.count("✓") == 2


def _no_mask(q, k):
    return torch.softmax(q @ k.T / math.sqrt(q.shape[1]), dim=-1)


def _no_scale(q, k):
    T = q.shape[0]
    s = (q @ k.T).masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
    return torch.softmax(s, dim=-1)


def _wrong_dim(q, k):
    T, d = q.shape
    s = (q @ k.T / math.sqrt(d)).masked_fill(
        torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf")
    )
    return torch.softmax(s, dim=0)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda q, k: None, "not yet"),
        (_no_mask, "later tokens"),
        (_no_scale, "sqrt(d)"),
        (
            _wrong_dim,
            "last dimension",
        ),  # softmax down the columns: rows no longer sum to 1
        (lambda q, k: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_lesson04_attention_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson04.causal_attention_weights(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda x, nh: None, "not yet"),
        (lambda x, nh: x.view(nh, x.shape[0], x.shape[1] // nh), "cuts the rows"),
        (lambda x, nh: x.view(x.shape[0], nh, -1), "shape"),
    ],
)
def test_lesson04_split_heads_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson04.split_heads(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def test_lesson05_checks_accept_the_solutions(capsys, solutions):
    answers = solutions("05")
    assert lesson05.gpt_parameter_count(answers.gpt_parameter_count)
    assert lesson05.to_bits_per_byte(answers.to_bits_per_byte)
    assert capsys.readouterr().out.count("✓") == 2


def test_lesson05_parameter_solution_equals_a_real_model(solutions):
    from helpers.gpt import GPT, GPTConfig

    model = GPT(GPTConfig(vocab_size=37, block_size=16, n_layer=2, n_head=2, n_embd=32))
    assert solutions("05").gpt_parameter_count(37, 16, 2, 32) == sum(
        p.numel() for p in model.parameters()
    )


@pytest.mark.parametrize(
    "offset, hint",
    [
        (lambda V, T, L, C: V * C, "weight tying"),
        (lambda V, T, L, C: -(2 * L + 1) * 2 * C, "LayerNorms"),
        (lambda V, T, L, C: -T * C, "position embedding"),
        (lambda V, T, L, C: 1, "off by +1"),
    ],
)
def test_lesson05_parameter_check_rejects_mistakes(offset, hint, capsys, solutions):
    right = solutions("05").gpt_parameter_count
    assert not lesson05.gpt_parameter_count(
        lambda V, T, L, C: right(V, T, L, C) + offset(V, T, L, C)
    )
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda nats, tokens, text: None, "not yet"),
        (
            lambda nats, tokens, text: nats * tokens / math.log(2) / len(text),
            "characters",
        ),
        (lambda nats, tokens, text: nats * tokens / len(text.encode("utf-8")), "ln 2"),
        (lambda nats, tokens, text: nats / math.log(2), "bits per byte"),
    ],
)
def test_lesson05_bits_per_byte_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson05.to_bits_per_byte(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
