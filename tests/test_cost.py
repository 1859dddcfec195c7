"""Cost formulas against trusted references: the activations autograd saves, the bytes
of a checkpoint on disk and of a real KV cache, and published figures; and the command
line. (test_flops.py checks the FLOPs per token against PyTorch's counter.)"""

import json
import struct
import subprocess
import sys

import pytest
import torch
from safetensors.torch import save_file
from tiny_gpts import CONFIGS, model_of, tokens

from helpers import cost
from helpers.attention import KVCache
from helpers.cost.__main__ import main as cost_main
from helpers.cost.published import PUBLISHED, model_costs, published_model_costs
from helpers.gpt import GPTConfig, parameter_count
from helpers.measure import saved_activation_bytes
from helpers.pretrain import FOUNDATION_SHAPE

# tiny tensors run fastest on one thread
pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.mark.parametrize("config", CONFIGS)
def test_activation_formula_matches_the_saved_tensors(config):
    idx = tokens(config, batch=3)
    measured = saved_activation_bytes(model_of(config), idx)
    formula = cost.activation_bytes(config, batch_size=3)
    assert abs(measured - formula) <= 4  # the loss itself, one float32


@pytest.mark.parametrize("dtype, bytes_each", [("fp32", 4), ("bf16", 2)])
def test_weight_bytes_equal_the_checkpoint_on_disk(tmp_path, dtype, bytes_each):
    config = CONFIGS[1]
    model = model_of(config)
    torch_dtype = torch.float32 if dtype == "fp32" else torch.bfloat16
    tensors = {
        name: t.to(torch_dtype).contiguous()
        for name, t in model.state_dict().items()
        if name != "lm_head.weight"
    }  # tied to the token embedding: stored once
    path = tmp_path / "model.safetensors"
    save_file(tensors, str(path))
    raw = path.read_bytes()
    header = struct.unpack("<Q", raw[:8])[
        0
    ]  # safetensors: 8-byte header length, JSON header, data
    assert len(raw) - 8 - header == cost.weight_bytes(parameter_count(config), dtype)
    assert cost.weight_bytes(10, dtype) == 10 * bytes_each


def test_foundation_shape_is_the_shipped_models_and_its_checkpoint_has_the_formulas_size():
    from helpers.data.store import data_path

    config = json.loads(data_path("foundation/config.json").read_text())[
        "config"
    ]  # sha256-checked
    assert {k: config[k] for k in FOUNDATION_SHAPE} == FOUNDATION_SHAPE
    shipped = GPTConfig(**config)
    path = data_path("foundation/model.safetensors")
    with open(path, "rb") as f:
        header = struct.unpack("<Q", f.read(8))[
            0
        ]  # safetensors: 8-byte header length, JSON header, data
    n_params = parameter_count(shipped)
    assert path.stat().st_size == 8 + header + cost.weight_bytes(n_params, "fp32")
    assert (
        n_params
        == json.loads(data_path("foundation/config.json").read_text())["parameters"]
    )


def test_kv_cache_formula_equals_the_allocated_cache():
    config = CONFIGS[0]
    B, hs = 3, config.n_embd // config.n_head
    caches = [
        KVCache(B, config.n_head, config.block_size, hs) for _ in range(config.n_layer)
    ]
    allocated = sum(c.k.nbytes + c.v.nbytes for c in caches)
    assert allocated == cost.kv_cache_bytes(
        config.n_layer, config.n_embd, config.block_size, B, "fp32"
    )


def test_grouped_query_attention_shrinks_the_cache_by_the_head_ratio():
    full = cost.kv_cache_bytes(80, 8192, 4096, dtype="bf16")
    assert (
        cost.kv_cache_bytes(80, 8192, 4096, dtype="bf16", n_head=64, n_kv_head=64)
        == full
    )
    assert (
        cost.kv_cache_bytes(80, 8192, 4096, dtype="bf16", n_head=64, n_kv_head=8)
        == full / 8
    )
    assert full == 80 * 2 * 4096 * 8192 * 2


def test_published_models():
    gpt3 = published_model_costs("GPT-3 175B")
    assert abs(gpt3["train_flops"] / 3.14e23 - 1) < 0.02
    assert cost.gpus_to_host(70e9, "bf16", 80) == 2
    assert cost.gpus_to_host(175e9, "bf16", 80) == 5
    assert (gpt3["gpus_bf16"], gpt3["gpus_int8"], gpt3["gpus_int4"]) == (5, 3, 2)
    assert published_model_costs("Chinchilla 70B")["tokens_per_param"] == 20
    for name in ("Llama 2 7B", "Llama 2 70B"):
        assert 0.3 < published_model_costs(name)["implied_mfu"] < 0.5
    assert round(cost.gpu_hours(cost.training_flops(7e9, 2e12), 312e12, 0.4)) == 186966


def test_model_costs_is_what_the_published_rows_use():
    m = PUBLISHED["Llama 2 7B"]
    assert model_costs(
        "Llama 2 7B", m["params"], m["tokens"], None, m["gpu_hours"], "A100"
    ) == published_model_costs("Llama 2 7B")
    ours = model_costs("ours", 5e6, 2e6, reported_flops=7e13)
    assert (
        ours["train_flops"] == 6e13
        and ours["tokens_per_param"] == 0.4
        and ours["gpus_bf16"] == 1
    )
    assert ours["implied_mfu"] is None and ours["days_on_cluster"] is None


def test_training_state_and_other_formulas():
    # 16 bytes per parameter in mixed precision and in fp32 alike (ZeRO, section 3.1)
    assert (
        cost.ADAM_BYTES_PER_PARAMETER == 16 and cost.training_state_bytes(1e9) == 16e9
    )
    assert cost.gpus_to_train(175e9, 80) == 35
    assert cost.breakeven_tokens(300e9) == 900e9
    assert cost.energy_kwh(100, 400, 1.0) == 40
    assert cost.dollars(10, 2.5) == 25
    hours = cost.gpu_hours(1e20, 1e14, mfu=0.37)
    assert abs(cost.implied_mfu(1e20, hours, 1e14) - 0.37) < 1e-12


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: cost.weight_bytes(-1, "bf16"), "positive"),
        (lambda: cost.weight_bytes(1e9, "int3"), "unknown dtype"),
        (lambda: cost.gpus_to_host(1e9, gpu_mem_gb=0), "positive"),
        (lambda: cost.gpu_hours(1e20, 1e14, mfu=40), "fraction"),
        (lambda: cost.kv_cache_bytes(2, 64, 8, n_head=3, n_kv_head=2), "multiple"),
        (lambda: cost.kv_cache_bytes(2, 64, 8, n_kv_head=2), "needs n_head"),
        (lambda: published_model_costs("GPT-5"), "unknown model"),
        (lambda: model_costs("x", 1e9, 1e10, gpu="TPU"), "unknown GPU"),
    ],
)
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_command_line_json(capsys):
    assert (
        cost_main(["train-flops", "--params", "175e9", "--tokens", "300e9", "--json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["train_flops"] == 3.15e23
    cost_main(
        [
            "gpus-to-host",
            "--params",
            "70e9",
            "--dtype",
            "bf16",
            "--gpu-mem-gb",
            "80",
            "--json",
        ]
    )
    assert json.loads(capsys.readouterr().out)["gpus"] == 2
    cost_main(
        [
            "kv-cache",
            "--layers",
            "2",
            "--width",
            "64",
            "--context",
            "32",
            "--batch",
            "3",
            "--dtype",
            "fp32",
            "--json",
        ]
    )
    assert json.loads(capsys.readouterr().out)["bytes"] == 2 * 2 * 32 * 64 * 4 * 3


@pytest.mark.parametrize(
    "argv, message",
    [
        (["gpus-to-host", "--params", "-7e9"], "must be a positive number"),
        (["gpus-to-host", "--params", "7e9", "--dtype", "int3"], "invalid choice"),
        (
            ["kv-cache", "--layers", "2.5", "--width", "64", "--context", "8"],
            "whole number",
        ),
        (
            ["train-flops", "--params", "7e9", "--tokens", "1e12", "--mfu", "40"],
            "fraction",
        ),
    ],
)
def test_command_line_rejects_bad_input(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cost_main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_runs_as_a_module():
    out = subprocess.run(
        [sys.executable, "-m", "helpers.cost", "gpus-to-host", "--params", "175e9"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "5 GPU(s)" in out


def test_typical_shape_and_hosting_plan():
    assert cost.typical_shape(175e9) == (96, 12288)  # GPT-3's own shape
    plan = cost.hosting_plan(70e9, "bf16", 80, users=8, context=4096)
    assert plan["gpus_weights_only"] == 2 and plan["gpus"] == 3
    assert (
        plan["kv_cache_gb"]
        == cost.kv_cache_bytes(plan["n_layer"], plan["n_embd"], 4096, 8, "bf16") / 1e9
    )
