"""Training loop, evaluation, checkpoints and the command line, on tiny models and texts."""

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from helpers.checkpoints import canonical_safetensors, load_checkpoint, save_checkpoint
from helpers.data.store import sha256_of, weights_sha256
from helpers.gpt import GPT, GPTConfig
from helpers.tokenizers import BPETokenizer, CharTokenizer
from helpers.train import (
    PRECISIONS,
    SETTINGS,
    BatchSampler,
    check_settings,
    loss_to_bits_per_byte,
    lr_at,
    mean_loss,
    train,
    train_new_gpt,
    training_tokens_per_second,
)
from helpers.train.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
TEXT = "no use crying over spilled milk. " * 40


def tiny(vocab_size, seed=0, **kw):
    torch.manual_seed(seed)
    return GPT(
        GPTConfig(
            vocab_size=vocab_size, block_size=16, n_layer=2, n_head=2, n_embd=32, **kw
        )
    )


# Enough steps for a tiny model to learn TEXT by heart.
OVERFIT = dict(steps=80, batch_size=8, lr=1e-2, warmup_steps=10, progress=False, seed=0)

# tiny tensors run fastest on one thread
pytestmark = pytest.mark.usefixtures("one_thread")


def test_tiny_model_overfits_tiny_text():
    tok = CharTokenizer.train(TEXT)
    ids = torch.tensor(tok.encode(TEXT))
    model = tiny(tok.vocab_size)
    start = mean_loss(model, ids)
    assert abs(start - math.log(tok.vocab_size)) < 0.2
    history = train(model, ids, ids, eval_every=40, **OVERFIT)
    assert [h["step"] for h in history] == [40, 80]
    assert history[-1]["val_loss"] < 0.3 < start
    assert set(history[0]) >= {
        "step",
        "seconds",
        "train_loss",
        "val_loss",
        "tokens_per_s",
        "lr",
    }


def test_same_seed_same_run():
    tok = CharTokenizer.train(TEXT)
    ids = torch.tensor(tok.encode(TEXT))
    runs = [
        train(
            tiny(tok.vocab_size),
            ids,
            ids,
            steps=10,
            batch_size=4,
            eval_every=5,
            progress=False,
            seed=3,
        )
        for _ in range(2)
    ]
    assert runs[0][-1]["val_loss"] == runs[1][-1]["val_loss"]
    assert runs[0][-1]["train_loss"] == runs[1][-1]["train_loss"]


def test_bfloat16_changes_the_numbers_a_little_and_learns_as_well():
    tok = CharTokenizer.train(TEXT)
    ids = torch.tensor(tok.encode(TEXT))
    last = {
        precision: train(
            tiny(tok.vocab_size),
            ids,
            ids,
            eval_every=None,
            precision=precision,
            **OVERFIT,
        )[-1]
        for precision in PRECISIONS
    }
    f32, bf16 = last["float32"], last["bfloat16"]
    assert f32["train_loss"] != bf16["train_loss"]  # the products did run in bfloat16
    assert bf16["val_loss"] < 0.3  # and it learned the text as float32 does
    assert abs(bf16["val_loss"] - f32["val_loss"]) < 0.1


def test_an_unknown_precision_is_refused():
    with pytest.raises(
        ValueError, match="precision must be one of float32, bfloat16, got 'float16'"
    ):
        train(tiny(10), torch.arange(40) % 10, steps=1, precision="float16")


def test_mean_loss_covers_every_token():
    model = tiny(10)
    ids = torch.arange(37) % 10  # 36 predictions: two windows of 16 and a tail of 4
    x, y = ids[:-1].unsqueeze(0), ids[1:].unsqueeze(0)
    by_hand = (
        sum(
            model(x[:, i : i + 16], y[:, i : i + 16])[1].item()
            * y[:, i : i + 16].numel()
            for i in range(0, 36, 16)
        )
        / 36
    )
    assert mean_loss(model, ids) == pytest.approx(by_hand, abs=1e-6)


def test_batches_are_windows_of_the_data():
    data = torch.arange(100)
    x, y = BatchSampler(data, 3, 8, torch.Generator().manual_seed(0)).next()
    assert x.shape == y.shape == (3, 8)
    assert torch.equal(y[:, :-1], x[:, 1:]) and torch.equal(
        x[:, 1:] - x[:, :-1], torch.ones(3, 7, dtype=torch.long)
    )


def test_schedule_and_formulas():
    assert lr_at(0.0, 0, 1e-3, 1e-4, 10) == pytest.approx(
        1e-4
    )  # warmup starts at lr / 10 steps
    assert lr_at(0.0, 10, 1e-3, 1e-4, 10) == pytest.approx(1e-3)  # peak after warmup
    assert lr_at(0.5, 1000, 1e-3, 1e-4, 10) == pytest.approx(5.5e-4)
    assert lr_at(1.0, 1000, 1e-3, 1e-4, 10) == pytest.approx(1e-4)
    # 101 ids: 100 predictions, over the 400 of 404 bytes that the predicted tokens take
    assert loss_to_bits_per_byte(1.0, 101, 404) == pytest.approx(
        100 / 400 / math.log(2)
    )
    assert loss_to_bits_per_byte(2.0, 11, 55) == 2.0 * 10 / (50 * math.log(2))


def test_settings_serve_the_commands_seed_threads_and_workers():
    assert {"seed", "threads", "workers"} <= set(SETTINGS)
    check_settings(seed=0, threads=1, workers=1)
    for name, bad, message in [
        ("seed", -1, "seed must be a whole number >= 0, got -1; e.g. 0"),
        ("threads", 0, "threads must be a whole number >= 1, got 0; e.g. 2"),
        ("workers", 1.5, "workers must be a whole number >= 1, got 1.5"),
    ]:
        with pytest.raises(ValueError, match=re.escape(message)):
            check_settings(**{name: bad})
    with pytest.raises(ValueError, match="seed must be a whole number >= 0"):
        train(tiny(10), torch.arange(50) % 10, steps=1, progress=False, seed=-1)


def test_training_tokens_per_second_is_measured():
    assert training_tokens_per_second(tiny(10), batch_size=2, steps=3) > 0


def test_budget_errors():
    model = tiny(10)
    with pytest.raises(ValueError, match="budget"):
        train(model, torch.arange(50) % 10)
    with pytest.raises(ValueError, match="vocab_size"):
        train(model, torch.arange(50), steps=1, progress=False)


def test_checkpoint_round_trip_gives_identical_logits(tmp_path):
    tok = BPETokenizer.train(TEXT, vocab_size=270)
    model = tiny(tok.vocab_size, bias=False)
    train(model, torch.tensor(tok.encode(TEXT)), steps=5, progress=False)
    save_checkpoint(tmp_path / "ck", model, tok, extra={"note": "tiny"})
    back, tok2, meta = load_checkpoint(tmp_path / "ck")
    idx = torch.tensor([tok.encode("no use crying")])
    assert torch.equal(back(idx)[0], model.eval()(idx)[0])
    assert back.lm_head.weight is back.transformer.wte.weight
    assert tok2.merges == tok.merges and meta["extra"] == {"note": "tiny"}
    assert meta["parameters"] == model.num_parameters()
    # Weights stored once: the file is about 4 bytes per parameter.
    size = (tmp_path / "ck" / "model.safetensors").stat().st_size
    assert 4 * model.num_parameters() < size < 4 * model.num_parameters() + 10_000


def test_the_same_weights_saved_twice_make_the_same_file(tmp_path):
    # safetensors writes its metadata from a hash map, in an order that changes from run
    # to run; a rebuilt model must still match the checksum its results record.
    tok = CharTokenizer.train(TEXT)
    model = tiny(tok.vocab_size)
    files = []
    for i in range(6):
        save_checkpoint(tmp_path / f"ck{i}", model, tok)
        files.append((tmp_path / f"ck{i}" / "model.safetensors").read_bytes())
    assert all(f == files[0] for f in files)
    assert b'{"__metadata__":{"config":' in files[0][:100]  # sorted: config, format
    # The shipped foundation model is already in that form, byte for byte.
    shipped = (ROOT / "data" / "foundation" / "model.safetensors").read_bytes()
    assert canonical_safetensors(shipped) == shipped


def test_weights_sha256_reads_the_tensors_not_the_header(tmp_path):
    tok = CharTokenizer.train(TEXT)
    model = tiny(tok.vocab_size)
    save_checkpoint(tmp_path / "a", model, tok)
    raw = (tmp_path / "a" / "model.safetensors").read_bytes()
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + size])
    header["__metadata__"] = dict(reversed(header["__metadata__"].items()))
    text = json.dumps(header, separators=(",", ":")).encode().ljust(size)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "model.safetensors").write_bytes(raw[:8] + text + raw[8 + size :])
    assert sha256_of(tmp_path / "a" / "model.safetensors") != sha256_of(
        tmp_path / "b" / "model.safetensors"
    )
    assert weights_sha256("x", tmp_path / "a") == weights_sha256("x", tmp_path / "b")
    with torch.no_grad():
        model.transformer.wte.weight[0, 0] += 1e-3
    save_checkpoint(tmp_path / "c", model, tok)
    assert weights_sha256("x", tmp_path / "c") != weights_sha256("x", tmp_path / "a")


def test_checkpoint_config_mismatch_raises(tmp_path):
    tok = CharTokenizer.train(TEXT)
    save_checkpoint(tmp_path / "ck", tiny(tok.vocab_size), tok)
    config_path = tmp_path / "ck" / "config.json"
    meta = json.loads(config_path.read_text())
    meta["config"]["n_embd"] = 64
    config_path.write_text(json.dumps(meta))
    with pytest.raises(
        ValueError,
        match=r"tensor 'transformer.wte.weight' has shape \(\d+, 32\).*save_checkpoint",
    ):
        load_checkpoint(tmp_path / "ck")
    meta["config"].update(n_embd=32, n_layer=3)
    config_path.write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="transformer.h.2.*missing"):
        load_checkpoint(tmp_path / "ck")
    with pytest.raises(FileNotFoundError, match="model.safetensors"):
        load_checkpoint(tmp_path / "nothing")


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "helpers.train", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_runs_and_prints_json(tmp_path):
    text = tmp_path / "tiny.txt"
    text.write_text("A café, a naïve cat. " * 300, encoding="utf-8")
    out = tmp_path / "ck"
    res = run_cli(
        "--text",
        str(text),
        "--max-seconds",
        "2",
        "--n-layer",
        "1",
        "--n-embd",
        "32",
        "--n-head",
        "2",
        "--block-size",
        "16",
        "--eval-every",
        "20",
        "--eval-tokens",
        "200",
        "--no-peak",
        "--threads",
        "1",
        "--out",
        str(out),
    )
    assert res.returncode == 0, res.stderr
    lines = [json.loads(line) for line in res.stdout.strip().splitlines()]
    for entry in lines[:-1]:
        assert set(entry) == {
            "step",
            "seconds",
            "train_loss",
            "val_loss",
            "tokens_per_s",
        }
    summary = lines[-1]
    assert summary["summary"] is True and summary["precision"] == "float32"
    for key in (
        "final_val_loss",
        "parameters",
        "tokens_per_s",
        "matmul_peak_gflops",
        "mfu",
        "peak_rss_mib",
    ):
        assert key in summary
    assert summary["final_val_loss"] < math.log(summary["config"]["vocab_size"])
    model, tok, meta = load_checkpoint(out)
    assert (
        model.num_parameters() == summary["parameters"]
        and tok.decode(tok.encode("café")) == "café"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--text", "/no/such/file.txt"], "no such file"),
        (["--n-embd", "100", "--n-head", "3"], "not divisible"),
        ([], "characters"),  # the empty file
    ],
)
def test_cli_bad_input_is_a_clear_error(tmp_path, capsys, args, message):
    # In-process (argparse exits with status 2 and a message); the subprocess test above
    # covers the real run.
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(SystemExit) as exit_info:
        main(["--text", str(empty)] + args)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and message in err and "Traceback" not in err


def test_the_commands_print_each_history_entry_as_one_json_line():
    from helpers.train import entry_json

    entry = {"step": 200, "seconds": 9.5, "train_loss": 2.1, "val_loss": None}
    entry |= {"tokens_per_s": 21000.0, "lr": 0.004}
    assert entry_json(entry) == (
        '{"step": 200, "seconds": 9.5, "train_loss": 2.1, "val_loss": null, '
        '"tokens_per_s": 21000.0}'
    )


def test_train_new_gpt_builds_the_run_shape_and_repeats_with_its_seed(one_thread):
    tok = CharTokenizer.train(TEXT)
    run = dict(
        n_layer=1, n_head=2, n_embd=32, block_size=16, steps=30, batch_size=8, lr=3e-3
    )
    model, history = train_new_gpt(TEXT, tok, run, seed=3, warmup_steps=3)
    again, _ = train_new_gpt(TEXT, tok, run, seed=3, warmup_steps=3)
    other, _ = train_new_gpt(TEXT, tok, run, seed=4, warmup_steps=3)
    assert (model.config.n_embd, model.config.block_size) == (32, 16)
    assert model.config.vocab_size == tok.vocab_size
    assert history[-1]["step"] == 30 and len(history) == 1  # evaluated only at the end
    weights = model.transformer.wte.weight
    assert torch.equal(weights, again.transformer.wte.weight)
    assert not torch.equal(weights, other.transformer.wte.weight)
    # 30 steps on a repeated sentence: well below a uniform guess over its characters
    assert history[-1]["train_loss"] < math.log(tok.vocab_size) - 0.5
