"""The GPT family: exact parameter counts, loss at init, generation with and without
cache, heads."""

import math

import pytest
import torch

from helpers.gpt import (
    GPT,
    GPTConfig,
    GPTForSequenceClassification,
    GPTForTokenClassification,
    parameter_count,
)
from helpers.sampling import sample_next

# tiny tensors run fastest on one thread
pytestmark = pytest.mark.usefixtures("one_thread")

TINY = GPTConfig(vocab_size=11, block_size=16, n_layer=2, n_head=2, n_embd=16)


def tiny_model(seed=0, **overrides):
    torch.manual_seed(seed)
    return GPT(GPTConfig(**{**TINY.to_dict(), **overrides}))


@pytest.mark.parametrize(
    "config",
    [
        TINY,
        GPTConfig(vocab_size=65),
        GPTConfig(
            vocab_size=300, block_size=32, n_layer=3, n_head=3, n_embd=48, bias=False
        ),
        GPTConfig(vocab_size=2, block_size=1, n_layer=1, n_head=1, n_embd=1),
    ],
)
def test_parameter_count_formula_is_exact(config):
    model = GPT(config)
    assert (
        parameter_count(config)
        == model.num_parameters()
        == sum(p.numel() for p in model.parameters())
    )
    assert parameter_count(config, include_position=False) == model.num_parameters(
        include_position=False
    )
    assert (
        model.num_parameters() - model.num_parameters(False)
        == config.block_size * config.n_embd
    )


def test_known_size():
    assert parameter_count(GPTConfig(vocab_size=65)) == 809856


def test_loss_at_init_is_about_ln_vocab():
    model = tiny_model(vocab_size=64, n_embd=32)
    g = torch.Generator().manual_seed(0)
    idx = torch.randint(0, 64, (8, 16), generator=g)
    targets = torch.randint(0, 64, (8, 16), generator=g)
    logits, loss = model(idx, targets)
    assert logits.shape == (8, 16, 64)
    assert abs(loss.item() - math.log(64)) < 0.1


def test_weights_are_tied():
    model = tiny_model()
    assert model.lm_head.weight is model.transformer.wte.weight


@pytest.mark.parametrize(
    "sampling",
    [
        dict(top_k=1),
        dict(temperature=0.8),
        dict(top_k=4),
        dict(top_p=0.9, temperature=1.3),
    ],
)
def test_generation_same_with_and_without_kv_cache(sampling):
    model = tiny_model()
    prompt = [1, 2, 3]
    # 30 new tokens run past block_size=16, so the window-sliding branch is exercised too.
    a = model.generate(
        prompt,
        30,
        use_kv_cache=True,
        generator=torch.Generator().manual_seed(5),
        **sampling,
    )
    b = model.generate(
        prompt,
        30,
        use_kv_cache=False,
        generator=torch.Generator().manual_seed(5),
        **sampling,
    )
    assert a == b and len(a) == 33 and a[:3] == prompt


def test_a_model_with_int8_or_bfloat16_layers_generates_with_its_cache():
    # quantize_dynamic (lesson 09) swaps each nn.Linear for one whose `weight` is a
    # method, the output layer included; the cache takes the activations' dtype from the
    # token table, which stays as it was.
    import warnings

    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch suggests its newer torchao package
        int8 = quantize_dynamic(tiny_model(), {torch.nn.Linear}, dtype=torch.qint8)
    half = tiny_model().bfloat16()
    prompt = torch.tensor([[1, 2, 3]])  # (1, 3)
    for model in (int8, half):
        out = model.generate(prompt, 8, top_k=1)  # (1, 11)
        with torch.no_grad():
            first = model(prompt)[0][0, -1].argmax()  # the prompt's pass decides it
        assert out.shape == (1, 11) and out[0, 3] == first


def test_generation_batched_tensor_in_tensor_out():
    model = tiny_model()
    out = model.generate(torch.tensor([[1, 2], [3, 4]]), 5, top_k=1)
    assert out.shape == (2, 7) and out.dtype == torch.long
    assert model.generate(torch.tensor([1, 2]), 3, top_k=1).shape == (5,)


def test_generation_bad_input():
    model = tiny_model()
    with pytest.raises(ValueError, match="empty"):
        model.generate([], 5)
    with pytest.raises(ValueError, match="temperature must be > 0.*1.0"):
        model.generate([1], 5, temperature=0)
    with pytest.raises(ValueError, match="top_k"):
        model.generate([1], 5, top_k=0)
    for bad in (0, 1.5):
        with pytest.raises(ValueError, match="top_p"):
            model.generate([1], 5, top_p=bad)
    with pytest.warns(UserWarning, match="keeping the last 16"):
        out = model.generate(
            list(range(11)) * 2, 2, top_k=1
        )  # 22 tokens > block_size 16
    assert len(out) == 16 + 2 and out[:16] == (list(range(11)) * 2)[-16:]


def test_top_p_and_top_k_filtering():
    logits = torch.log(torch.tensor([[0.5, 0.3, 0.15, 0.05]]))
    g = torch.Generator().manual_seed(0)
    drawn = {sample_next(logits, top_p=0.7, generator=g).item() for _ in range(200)}
    assert drawn == {0, 1}  # 0.5 alone < 0.7, 0.5 + 0.3 >= 0.7
    drawn = {sample_next(logits, top_k=3, generator=g).item() for _ in range(300)}
    assert drawn == {0, 1, 2}
    assert sample_next(logits, top_k=1).item() == 0


def test_attention_maps_shapes():
    maps = tiny_model().attention_maps(torch.tensor([[1, 2, 3, 4]]))
    assert len(maps) == 2 and maps[0].shape == (1, 2, 4, 4)


def test_config_errors():
    with pytest.raises(ValueError, match="divisible"):
        GPTConfig(n_embd=100, n_head=3)
    with pytest.raises(ValueError, match="vocab_size"):
        GPTConfig(vocab_size=0)
    with pytest.raises(ValueError, match="longer than block_size"):
        tiny_model()(torch.zeros(1, 17, dtype=torch.long))


def test_heads_share_the_body():
    body = tiny_model()
    clf = GPTForSequenceClassification(body, n_classes=3, pad_id=0)
    idx = torch.tensor([[5, 6, 7, 0, 0], [5, 6, 7, 8, 9]])
    logits, loss = clf(idx, labels=torch.tensor([0, 2]))
    assert logits.shape == (2, 3) and loss.item() > 0
    # Right padding does not change the pooled (last real token) result.
    torch.testing.assert_close(clf(idx[:1, :3])[0], logits[:1], atol=1e-6, rtol=0)
    mean = GPTForSequenceClassification(body, n_classes=3, pooling="mean", pad_id=0)
    assert mean(idx)[0].shape == (2, 3)
    tag = GPTForTokenClassification(body, n_classes=4)
    logits, loss = tag(
        idx, labels=torch.tensor([[1, 2, 3, -100, -100], [0, 1, 2, 3, 0]])
    )
    assert logits.shape == (2, 5, 4) and loss.item() > 0
    # Pretrained weights load into the body.
    clf.body.load_state_dict(tiny_model(seed=1).state_dict())
    assert torch.equal(
        clf.body.transformer.wte.weight, tiny_model(seed=1).transformer.wte.weight
    )


@pytest.mark.parametrize("batch, switches", [(1, [1, 2]), (3, [1, 2]), (6, [])])
def test_small_decoding_steps_run_on_one_thread_and_give_the_same_tokens(
    batch, switches, monkeypatch
):
    import helpers.gpt as gpt

    model = tiny_model(block_size=4)
    prompt = torch.arange(2 * batch).remainder(11).view(batch, 2)
    calls, set_threads = [], torch.set_num_threads
    monkeypatch.setattr(
        torch, "set_num_threads", lambda n: (calls.append(n), set_threads(n))
    )
    set_threads(2)

    def run(**kwargs):
        return model.generate(
            prompt,
            4,
            temperature=0.8,
            generator=torch.Generator().manual_seed(3),
            **kwargs,
        )

    a = run()
    assert torch.get_num_threads() == 2
    # The limit is 4 rows. One sequence: every step fits (prompt 2 rows, cached steps 1, the
    # recomputed 4-token window 4). Three: the prompt (6 rows) and the window (12) run on both
    # threads, the cached steps (3 rows) on one. Six: no step fits.
    assert calls == switches
    monkeypatch.setattr(gpt, "SERIAL_STEP_MAX_ROWS", 0)  # every step on both threads
    assert torch.equal(a, run()) and torch.equal(a, run(use_kv_cache=False))


def test_generate_returns_ids_that_autograd_accepts():
    model = tiny_model()
    out = model.generate(torch.tensor([[1, 2]]), 3, top_k=1)
    assert (
        not out.is_inference()
    )  # generation runs under inference_mode; the result must not leak it
    model(out, targets=out)[1].backward()
    assert (
        model.transformer.wte.weight.grad is not None
        and not torch.is_inference_mode_enabled()
    )


def test_greedy_takes_the_first_highest_logit_and_no_randomness():
    g = torch.Generator().manual_seed(0)
    state = g.get_state()
    assert sample_next(
        torch.tensor([[1.0, 3.0, 3.0], [2.0, 0.0, 1.0]]), top_k=1, generator=g
    ).tolist() == [[1], [0]]
    assert torch.equal(g.get_state(), state)
