"""Measuring tools on tiny models: what they count, call and refuse."""

import pytest
import torch

from helpers import measure
from helpers.gpt import GPT, GPTConfig

# tiny tensors run fastest on one thread
pytestmark = pytest.mark.usefixtures("one_thread")


def tiny():
    torch.manual_seed(0)
    return GPT(
        GPTConfig(vocab_size=20, block_size=8, n_layer=1, n_head=2, n_embd=16)
    ).eval()


def test_matmul_peak_is_positive():
    assert (
        measure.measure_matmul_peak(sizes=(128,), repeats=1, seconds_per_try=0.01) > 0
    )


def test_matmul_peak_in_bfloat16_multiplies_bfloat16(monkeypatch):
    calls = []
    real = torch.mm

    def spy(a, b, out=None):
        calls.append((a.dtype, b.dtype, out.dtype))
        return real(a, b, out=out)

    monkeypatch.setattr(torch, "mm", spy)
    peak = measure.measure_matmul_peak(
        sizes=(64,), repeats=1, seconds_per_try=0.001, dtype=torch.bfloat16
    )
    assert peak > 0 and set(calls) == {(torch.bfloat16,) * 3}


def test_weight_reading_reads_every_linear_layer_once_on_one_thread():
    model = tiny()  # 1 block: q/k/v 16 x 48 + 48, projection 16 x 16 + 16, MLP
    # 16 x 64 + 64 and 64 x 16 + 16, the output layer 16 x 20 (no bias; the token table)
    expected = 4 * (16 * 48 + 48 + 16 * 16 + 16 + 16 * 64 + 64 + 64 * 16 + 16 + 16 * 20)
    shapes, threads = [], []
    for layer in model.modules():
        if isinstance(layer, torch.nn.Linear):
            layer.register_forward_hook(
                lambda m, args, out: (
                    shapes.append((tuple(args[0].shape), m.out_features)),
                    threads.append(torch.get_num_threads()),
                )
            )
    torch.set_num_threads(2)
    seconds, weight_bytes = measure.weight_reading_seconds(model, repeats=1)
    assert weight_bytes == expected and seconds > 0
    one_pass = [
        ((1, 16), 48),
        ((1, 16), 16),
        ((1, 16), 64),
        ((1, 64), 16),
        ((1, 16), 20),
    ]
    assert shapes == one_pass * 3  # 2 warm-up passes and 1 timed, each one token
    assert set(threads) == {1} and torch.get_num_threads() == 2  # restored after
    with pytest.raises(ValueError, match="no linear layers"):
        measure.weight_reading_seconds(torch.nn.LayerNorm(4))


def test_best_seconds_calls_warmup_plus_repeats_times():
    calls = []
    seconds = measure.best_seconds(lambda: calls.append(1), repeats=3, warmup=2)
    assert len(calls) == 5 and 0 <= seconds < 1


def test_counted_flops_of_one_linear_layer():
    layer = torch.nn.Linear(4, 3, bias=False)

    class Wrapper(torch.nn.Module):  # the (idx) -> output call counted_flops makes
        def forward(self, idx):
            return layer(idx)

    assert measure.counted_flops(Wrapper(), torch.ones(5, 4)) == 2 * 5 * 4 * 3


def test_serialized_bytes_hold_the_weights():
    layer = torch.nn.Linear(100, 100)
    assert (
        4 * (100 * 100 + 100)
        < measure.serialized_bytes(layer)
        < 4 * (100 * 100 + 100) + 4000
    )


def test_peak_memory_returns_the_result_and_memory_is_reported():
    result, mib = measure.peak_memory_mib(lambda: 42)
    assert result == 42 and (mib is None or mib >= 0)
    assert measure.peak_rss_mib() > 0


def test_timings_refuse_a_context_longer_than_the_model_reads():
    model = tiny()
    with pytest.raises(ValueError, match="is more than block_size 8"):
        measure.per_token_seconds(model, context=4, new_tokens=5)
    with pytest.raises(ValueError, match="is more than block_size 8"):
        measure.generation_seconds(model, new_tokens=9, prompt_tokens=1)
    assert measure.generation_seconds(model, new_tokens=4, repeats=1) > 0


def test_model_of_shape_changes_only_the_shape_and_is_repeatable():
    base = GPTConfig(vocab_size=65, block_size=16, n_layer=1, n_head=2, n_embd=16)
    model = measure.model_of_shape(base, 2, 32, 4, block_size=8)
    assert model.config == GPTConfig(
        vocab_size=65, block_size=8, n_layer=2, n_head=4, n_embd=32
    )
    assert not model.training
    again = measure.model_of_shape(base, 2, 32, 4, block_size=8)
    assert all(
        torch.equal(a, b) for a, b in zip(model.parameters(), again.parameters())
    )
