"""Attention by hand equals PyTorch's fused kernel; the layer's maps are real probabilities."""

import pytest
import torch
import torch.nn.functional as F

from helpers.attention import CausalSelfAttention, KVCache, self_attention

# tiny tensors run fastest on one thread
pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.mark.parametrize("causal", [True, False])
@pytest.mark.parametrize("shape", [(1, 1, 5, 8), (2, 4, 7, 16), (3, 2, 16, 4)])
def test_self_attention_matches_sdpa(causal, shape):
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(*shape, generator=g) for _ in range(3))
    ours = self_attention(q, k, v, causal=causal)
    ref = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    torch.testing.assert_close(ours, ref, atol=1e-6, rtol=0)


def test_causal_with_fewer_queries_than_keys_sees_the_past():
    g = torch.Generator().manual_seed(1)
    q, k, v = (torch.randn(2, 3, 6, 8, generator=g) for _ in range(3))
    full = self_attention(q, k, v, causal=True)
    last_two = self_attention(
        q[:, :, -2:], k, v, causal=True
    )  # queries at positions 4 and 5
    torch.testing.assert_close(last_two, full[:, :, -2:], atol=1e-6, rtol=0)


def test_weights_are_causal_probabilities():
    _, w = self_attention(
        *(torch.randn(1, 5, 4) for _ in range(3)), return_weights=True
    )
    torch.testing.assert_close(w.sum(-1), torch.ones(1, 5))
    assert torch.all(w.triu(diagonal=1) == 0)


def test_layer_fast_path_equals_by_hand_path():
    torch.manual_seed(0)
    attn = CausalSelfAttention(n_embd=32, n_head=4).eval()
    x = torch.randn(2, 9, 32)
    fast = attn(x)
    slow, maps = attn(x, return_weights=True)
    torch.testing.assert_close(fast, slow, atol=1e-6, rtol=0)
    assert maps.shape == (2, 4, 9, 9)


def test_layer_with_cache_equals_full_sequence():
    torch.manual_seed(0)
    attn = CausalSelfAttention(n_embd=16, n_head=2).eval()
    x = torch.randn(1, 6, 16)
    cache = KVCache(1, 2, 8, 8)
    outs = [attn(x[:, :3], cache=cache)] + [
        attn(x[:, t : t + 1], cache=cache) for t in range(3, 6)
    ]
    torch.testing.assert_close(torch.cat(outs, 1), attn(x), atol=1e-6, rtol=0)
    with pytest.raises(ValueError, match="full"):
        attn(torch.randn(1, 3, 16), cache=cache)


def test_heads_must_divide_width():
    with pytest.raises(ValueError, match="divisible"):
        CausalSelfAttention(n_embd=10, n_head=3)


def test_cache_writes_in_place_and_returns_views_of_its_storage():
    cache = KVCache(1, 2, 8, 4)
    storage = cache.k.data_ptr(), cache.v.data_ptr()
    k1, v1 = torch.randn(1, 2, 3, 4), torch.randn(1, 2, 3, 4)
    k2, v2 = torch.randn(1, 2, 1, 4), torch.randn(1, 2, 1, 4)
    cache.append(k1, v1)
    k, v = cache.append(k2, v2)
    assert (
        cache.k.data_ptr(),
        cache.v.data_ptr(),
    ) == storage and k.data_ptr() == storage[0]
    assert cache.length == 4 and k.shape == v.shape == (1, 2, 4, 4)
    assert torch.equal(k, torch.cat([k1, k2], 2)) and torch.equal(
        v, torch.cat([v1, v2], 2)
    )


def test_attention_stays_float32_under_bfloat16_autocast_on_a_cpu(monkeypatch):
    # The CPU's fused attention is slower in bfloat16 (helpers.train's opt-in precision):
    # q, k and v reach it as float32, with autocast off; the projections stay bfloat16.
    seen = []
    fused = F.scaled_dot_product_attention

    def spy(q, k, v, **options):
        seen.append((q.dtype, k.dtype, v.dtype, torch.is_autocast_enabled("cpu")))
        return fused(q, k, v, **options)

    monkeypatch.setattr(F, "scaled_dot_product_attention", spy)
    torch.manual_seed(0)
    attn = CausalSelfAttention(n_embd=16, n_head=2)
    x = torch.randn(2, 5, 16)  # (B, T, C)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        y = attn(x)  # (B, T, C)
    assert seen == [(torch.float32, torch.float32, torch.float32, False)]
    assert y.dtype == torch.bfloat16  # the output projection ran in bfloat16
    assert torch.allclose(y.float(), attn(x), atol=0.05)  # near the float32 result
    seen.clear()
    # no autocast: a bfloat16 model's attention runs in bfloat16, as given
    assert attn.bfloat16()(x.bfloat16()).dtype == torch.bfloat16
    assert seen == [(torch.bfloat16, torch.bfloat16, torch.bfloat16, False)]
