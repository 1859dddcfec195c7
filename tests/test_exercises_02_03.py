"""Lessons 02 and 03: every exercise check accepts the instructors' solution and rejects
typical mistakes."""

import math
from collections import Counter

import pytest
import torch.nn.functional as F

from helpers.exercises import lesson02, lesson03


def test_lesson02_checks_accept_the_solutions(capsys, solutions):
    answers = solutions("02")
    assert lesson02.mlp_parameters(answers.mlp_parameters)
    assert lesson02.bits_from_logits(answers.bits_from_logits)
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda V, T, d, h: None, "returned None"),
        (lambda V, T, d, h: V * d + T * d * h + h * V, "biases"),  # no biases
        (
            lambda V, T, d, h: V * d + d * h + h + h * V + V,
            "CONCATENATED",
        ),  # forgets the context
        (
            lambda V, T, d, h: T * d * h + h + h * V + V,
            "embedding table",
        ),  # no embedding table
        (lambda V, T, d, h: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_lesson02_parameter_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson02.mlp_parameters(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda logits, targets: None, "returned None"),
        (
            lambda logits, targets: F.cross_entropy(logits, targets).item(),
            "nats",
        ),  # natural log
        (
            lambda logits, targets: (
                -F.log_softmax(logits, dim=0)[range(len(targets)), targets]
                .mean()
                .item()
                / math.log(2)
            ),
            "bits",
        ),
    ],
)
def test_lesson02_bits_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson02.bits_from_logits(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def test_lesson02_bits_check_accepts_a_one_element_tensor(capsys):
    assert lesson02.bits_from_logits(
        lambda logits, targets: F.cross_entropy(logits, targets) / math.log(2)
    )


def test_lesson03_checks_accept_the_solutions(capsys, solutions):
    answers = solutions("03")
    assert lesson03.bytes_per_token(answers.bytes_per_token)
    assert lesson03.most_frequent_pair(answers.most_frequent_pair)
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda tok, text: None, "returned None"),
        (
            lambda tok, text: len(text) / len(tok.encode(text)),
            "UTF-8 bytes",
        ),  # characters, not bytes
        (
            lambda tok, text: len(tok.encode(text)) / len(text.encode("utf-8")),
            "tokens by bytes",
        ),  # upside down
    ],
)
def test_lesson03_bytes_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson03.bytes_per_token(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def _first_seen_most_common(ids):
    return Counter(zip(ids, ids[1:])).most_common(1)[0][
        0
    ]  # ties go to the pair seen first


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda ids: None, "returned None"),
        (lambda ids: Counter(zip(ids, ids[1:])).most_common(1)[0][1], "not its count"),
        (_first_seen_most_common, "ties"),
    ],
)
def test_lesson03_pair_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson03.most_frequent_pair(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
