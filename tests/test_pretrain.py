"""The foundation model's command: a deterministic run, a checkpoint with its card,
several processes, and the shipped checkpoint agreeing with its own card."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from helpers import pretrain
from helpers.data import store
from helpers.flops import training_flops_per_token
from helpers.train import mean_loss

ROOT = Path(__file__).resolve().parents[1]
TINY_ARGS = [
    "--shape",
    "tiny",
    "--steps",
    "3",
    "--batch-size",
    "2",
    "--threads",
    "1",
    "--max-chars",
    "200000",
]


def run_command(args, prefix=(sys.executable, "-m", "helpers.pretrain")):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    return subprocess.run(
        [*prefix, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )


def test_tiny_run_repeats_exactly_and_writes_a_card(tmp_path):
    for name in ("a", "b"):
        done = run_command([*TINY_ARGS, "--out", str(tmp_path / name)])
        assert done.returncode == 0, done.stderr
    a, b = (load_file(str(tmp_path / n / "model.safetensors")) for n in ("a", "b"))
    assert sorted(a) == sorted(b) and all(torch.equal(a[k], b[k]) for k in a)
    meta = json.loads((tmp_path / "a" / "config.json").read_text())["extra"]
    assert meta["tokens_seen"] == 3 * 2 * 32
    tiny_config = pretrain.GPTConfig(**pretrain.TINY_SHAPE)
    assert meta["training_flops"] == training_flops_per_token(tiny_config) * 3 * 2 * 32
    card = " ".join((tmp_path / "a" / "MODEL_CARD.md").read_text().split())
    assert f"{meta['val_loss']:.4f} nats per token" in card and "3 steps" in card
    assert meta["precision"] == "bfloat16"  # the recipe's default, as shipped
    assert "seed 0, matrix products in bfloat16. Training compute" in card


def test_a_float32_run_says_nothing_of_precision_and_its_weights_differ(tmp_path):
    for name, extra in [("bf16", []), ("f32", ["--precision", "float32"])]:
        done = run_command([*TINY_ARGS, *extra, "--out", str(tmp_path / name)])
        assert done.returncode == 0, done.stderr
    meta = json.loads((tmp_path / "f32" / "config.json").read_text())["extra"]
    assert "precision" not in meta
    card = " ".join((tmp_path / "f32" / "MODEL_CARD.md").read_text().split())
    assert "seed 0. Training compute" in card and "bfloat16" not in card
    f32, bf16 = (
        load_file(str(tmp_path / n / "model.safetensors")) for n in ("f32", "bf16")
    )
    # the weights are stored float32 either way; 3 steps in bfloat16 move them differently
    assert all(t.dtype == torch.float32 for t in bf16.values())
    assert not all(torch.equal(f32[k], bf16[k]) for k in f32)


def test_two_processes_under_torchrun_train_one_model(tmp_path):
    torchrun = Path(sys.executable).with_name("torchrun")
    done = run_command(
        [*TINY_ARGS, "--out", str(tmp_path / "ddp")],
        prefix=(
            str(torchrun),
            "--standalone",
            "--nproc_per_node",
            "2",
            "-m",
            "helpers.pretrain",
        ),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    meta = json.loads((tmp_path / "ddp" / "config.json").read_text())["extra"]
    assert meta["world_size"] == 2 and meta["tokens_seen"] == 2 * 3 * 2 * 32


def test_bad_options_exit_with_a_message(tmp_path):
    done = run_command(["--steps", "0", "--out", str(tmp_path / "x")])
    assert (
        done.returncode == 2
        and "argument --steps: must be a whole number >= 1, got 0" in done.stderr
    )


def test_shipped_checkpoint_matches_its_card_and_manifest(one_thread):
    model, tok, meta = pretrain.load_foundation()
    extra = meta["extra"]
    assert 2e6 <= model.num_parameters() <= 10e6
    assert (store.DATA_DIR / "foundation" / "model.safetensors").stat().st_size <= 25e6
    assert (
        extra["tokens_seen"]
        == extra["steps"]
        * extra["batch_size"]
        * model.config.block_size
        * extra["world_size"]
    )
    assert (
        extra["training_flops"]
        == training_flops_per_token(model.config) * extra["tokens_seen"]
    )
    valid = store.read_text("corpus/valid.txt")
    ids = torch.tensor(tok.encode(valid))
    assert ids.numel() == extra["data"]["valid_tokens"]
    assert mean_loss(model, ids) == pytest.approx(extra["val_loss"], abs=2e-4)
    manifest = store.read_manifest()
    assert extra["data"]["sha256"] == {
        name: manifest[name]["sha256"] for name in pretrain.PRETRAIN_FILES
    }


def test_bfloat16_on_a_cpu_without_it_gets_a_note(monkeypatch):
    cpu = torch.device("cpu")
    monkeypatch.setattr(pretrain, "native_bfloat16", lambda: False)
    assert "--precision float32" in pretrain.precision_note("bfloat16", cpu)
    assert pretrain.precision_note("float32", cpu) is None
    assert pretrain.precision_note("bfloat16", torch.device("cuda")) is None
    monkeypatch.setattr(pretrain, "native_bfloat16", lambda: True)
    assert pretrain.precision_note("bfloat16", cpu) is None


def test_the_recipe_reads_the_broad_english_and_says_so(tmp_path):
    runs = {}
    for name, extra in [("plain", ["--without-broad"]), ("broad", [])]:
        done = run_command([*TINY_ARGS, *extra, "--out", str(tmp_path / name)])
        assert done.returncode == 0, done.stderr
        runs[name] = json.loads((tmp_path / name / "config.json").read_text())["extra"]
    manifest = store.read_manifest()
    assert runs["plain"]["data"]["sha256"] == {
        name: manifest[name]["sha256"]
        for name in pretrain.PRETRAIN_FILES
        if name != pretrain.BROAD_FILE
    }
    assert (
        runs["broad"]["data"]["sha256"][pretrain.BROAD_FILE]
        == (manifest[pretrain.BROAD_FILE]["sha256"])
    )
    # a quarter of the characters, not a third, comes from each of the other files
    assert (
        runs["broad"]["data"]["train_tokens"] != runs["plain"]["data"]["train_tokens"]
    )
    card = " ".join((tmp_path / "broad" / "MODEL_CARD.md").read_text().split())
    assert "`data/corpus/broad.txt`" in card and "24,000 kinds of word" in card
    plain = " ".join((tmp_path / "plain" / "MODEL_CARD.md").read_text().split())
    assert "broad.txt" not in plain and "a few thousand words" in plain


def test_without_verdicts_trains_on_the_text_less_its_verdicts(tmp_path):
    runs = {}
    for name, extra in [("plain", []), ("ablation", ["--without-verdicts", "pairs"])]:
        done = run_command([*TINY_ARGS, *extra, "--out", str(tmp_path / name)])
        assert done.returncode == 0, done.stderr
        runs[name] = json.loads((tmp_path / name / "config.json").read_text())["extra"]
    assert runs["plain"]["data"]["verdicts_dropped"] == "none"
    assert runs["ablation"]["data"]["verdicts_dropped"] == "pairs"
    assert (
        runs["ablation"]["data"]["train_tokens"] < runs["plain"]["data"]["train_tokens"]
    )
    card = (tmp_path / "ablation" / "MODEL_CARD.md").read_text()
    assert "Verdicts removed from the training text ('pairs'" in card
    plain_card = (tmp_path / "plain" / "MODEL_CARD.md").read_text()
    assert "Verdicts removed" not in plain_card
    assert "review pages state their own verdicts" in plain_card
    assert "state their own verdicts" not in card
    shipped = store.read_text("foundation/MODEL_CARD.md")
    assert "No labels were added for any task, but its review pages state" in " ".join(
        shipped.split()
    )
