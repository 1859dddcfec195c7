"""Tensor parallelism: the shards together hold the model once, and compute what it computes,
whether cut from a model in memory or read slice by slice from a checkpoint on disk."""

import pytest
import torch

from helpers.checkpoints import save_checkpoint
from helpers.gpt import GPT, GPTConfig
from helpers.sharding import (
    TensorParallelShard,
    run_tensor_parallel,
    shard_model,
    simulate_forward,
)
from helpers.tokenizers import CharTokenizer

SMALL = GPTConfig(vocab_size=97, block_size=32, n_layer=2, n_head=4, n_embd=64)


def model_and_ids(config, seed=0, batch=2):
    torch.manual_seed(seed)
    model = GPT(config).eval()
    idx = torch.randint(0, config.vocab_size, (batch, config.block_size))
    return model, idx


@pytest.mark.parametrize(
    "config, world_size",
    [
        (SMALL, 2),
        (SMALL, 4),
        (
            GPTConfig(
                vocab_size=101,
                block_size=17,
                n_layer=1,
                n_head=2,
                n_embd=32,
                bias=False,
            ),
            2,
        ),  # uneven splits
    ],
)
def test_simulated_shards_compute_the_models_logits(config, world_size):
    model, idx = model_and_ids(config)
    with torch.no_grad():
        expected = model(idx)[0]
    got = simulate_forward(shard_model(model, world_size), idx)
    assert got.shape == expected.shape
    assert (got - expected).abs().max().item() < 1e-5


def test_each_of_two_shards_holds_about_half_the_weights():
    model, _ = model_and_ids(SMALL)
    full = sum(p.nbytes for p in model.parameters())
    shares = [s.parameter_bytes() / full for s in shard_model(model, 2)]
    assert all(
        0.5 <= share < 0.51 for share in shares
    )  # only LayerNorms and two biases per block are copied


def test_heads_must_split_evenly():
    model, _ = model_and_ids(
        GPTConfig(vocab_size=11, block_size=8, n_layer=1, n_head=3, n_embd=24)
    )
    with pytest.raises(ValueError, match="divisible by world_size"):
        TensorParallelShard(model, 0, 2)


def test_two_gloo_processes_match_the_single_process_model():
    model, idx = model_and_ids(SMALL)
    logits, ranks = run_tensor_parallel(model, idx, world_size=2, repeats=1)
    with torch.no_grad():
        expected = model(idx)[0]
    assert (logits - expected).abs().max().item() < 1e-5
    assert [r["rank"] for r in ranks] == [0, 1]
    assert all(r["calls"] == 2 * SMALL.n_layer + 2 and r["comm_s"] > 0 for r in ranks)


def saved(model, folder):
    return save_checkpoint(folder, model, CharTokenizer.train("abc"))


@pytest.mark.parametrize(
    "config",
    [
        SMALL,
        GPTConfig(
            vocab_size=101, block_size=17, n_layer=1, n_head=2, n_embd=32, bias=False
        ),
    ],
)
def test_shards_read_from_a_checkpoint_equal_the_shards_cut_from_the_model(
    tmp_path, config
):
    model, idx = model_and_ids(config)
    folder = saved(model, tmp_path / "ckpt")
    for rank, cut in enumerate(shard_model(model, 2)):
        read = TensorParallelShard.from_checkpoint(folder, rank, 2)
        assert read.config == model.config
        assert sorted(read.t) == sorted(cut.t) and all(
            torch.equal(read.t[k], cut.t[k]) for k in cut.t
        )


def test_two_gloo_processes_reading_their_own_slices_match_the_model(tmp_path):
    model, idx = model_and_ids(SMALL)
    logits, ranks = run_tensor_parallel(
        saved(model, tmp_path / "ckpt"), idx, world_size=2, repeats=1
    )
    with torch.no_grad():
        expected = model(idx)[0]
    assert (logits - expected).abs().max().item() < 1e-5
    full = sum(p.nbytes for p in model.parameters())
    assert all(
        0.5 <= r["parameter_bytes"] / full < 0.51 and r["load_s"] > 0 for r in ranks
    )


def test_a_checkpoint_whose_heads_do_not_split_is_refused_before_starting(tmp_path):
    model, idx = model_and_ids(
        GPTConfig(vocab_size=11, block_size=8, n_layer=1, n_head=3, n_embd=24)
    )
    with pytest.raises(ValueError, match="divisible by world_size"):
        run_tensor_parallel(saved(model, tmp_path / "ckpt"), idx, world_size=2)
