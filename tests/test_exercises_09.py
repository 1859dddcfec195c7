"""Lessons 09 and 09b's checks accept the instructors' solutions and reject typical
mistakes."""

import pytest

from helpers.exercises import lesson09, lesson09b


def test_checks_accept_the_solutions(capsys, solutions):
    assert lesson09.kv_cache_bytes(solutions("09").kv_cache_bytes)
    assert lesson09b.gpus_to_host(solutions("09b").gpus_to_host)
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda L, C, T, B, b: None, "not yet"),
        (lambda L, C, T, B, b: L * T * C * B * b, "keys AND values"),
        (lambda L, C, T, B, b: 2 * T * C * B * b, "multiply by n_layer"),
        (lambda L, C, T, B, b: 2 * L * T * C * b, "multiply by batch_size"),
        (lambda L, C, T, B, b: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_kv_cache_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson09.kv_cache_bytes(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda n, b, m: None, "not yet"),
        (lambda n, b, m: int(n * b / (m * 1e9)), "round up"),
        (lambda n, b, m: round(n * b / (m * 1e9)), "needs"),
        (lambda n, b, m: n * b / (m * 1e9), "needs"),
    ],
)
def test_gpus_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson09b.gpus_to_host(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
