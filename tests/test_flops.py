"""FLOP formulas against PyTorch's own FLOP counter, and exact values on one config."""

import pytest
from tiny_gpts import CONFIGS, model_of, tokens

from helpers import flops
from helpers.gpt import GPTConfig, parameter_count
from helpers.measure import counted_flops

# tiny tensors run fastest on one thread
pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.mark.parametrize("config", CONFIGS)
def test_forward_flops_match_the_counter(config):
    idx = tokens(config)
    counted = counted_flops(model_of(config), idx) / idx.numel()
    # exactly what the counter sees: weight matmuls and attention's two matmuls
    assert counted == 2 * flops.matmul_parameters(
        config
    ) + flops.attention_flops_per_token(config)
    # the 2N formula (N with biases and LayerNorms) is within 5%
    assert abs(flops.forward_flops_per_token(config) / counted - 1) < 0.05


@pytest.mark.parametrize("config", CONFIGS)
def test_training_flops_are_three_forwards_and_match_the_counter(config):
    idx = tokens(config)
    counted = counted_flops(model_of(config), idx, backward=True) / idx.numel()
    assert abs(flops.training_flops_per_token(config) / counted - 1) < 0.05
    assert flops.training_flops_per_token(config) == 3 * flops.forward_flops_per_token(
        config
    )


def test_exact_values_for_the_default_config():
    c = GPTConfig(vocab_size=65)  # 4 layers, width 128, context 64
    assert flops.matmul_parameters(c) == 4 * 12 * 128**2 + 65 * 128 == 794752
    assert flops.attention_flops_per_token(c) == 4 * 4 * 128 * 64 == 131072
    assert flops.attention_flops_per_token(c, context=16) == 4 * 4 * 128 * 16
    assert (
        flops.forward_flops_per_token(c) == 2 * (parameter_count(c) - 64 * 128) + 131072
    )
    assert (
        flops.training_flops_per_token(c)
        == 6 * (parameter_count(c) - 64 * 128) + 12 * 4 * 128 * 64
        == 5203200
    )
    assert flops.mfu(c, 1e4, 100.0) == 5203200 * 1e4 / 1e11


@pytest.mark.parametrize("context", [0, -1, float("nan"), True])
def test_a_bad_context_is_refused(context):
    with pytest.raises(ValueError, match="context must be a positive number"):
        flops.forward_flops_per_token(CONFIGS[0], context)
