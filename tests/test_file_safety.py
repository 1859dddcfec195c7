"""Never losing a user's work: data/ needs --force, other people's folders are left alone, --out is
checked before any work, saves are atomic, Ctrl-C keeps the model so far, and damaged or
mismatched checkpoints fail with a message naming the file."""

import json
import os
import re
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from datagen import build as builder
from helpers import (
    code_completion,
    forecasting,
    images,
    inspection,
    molecules,
    pretrain,
    scaling,
    search,
    sweeps,
)
from helpers.checkpoints import load_checkpoint, save_checkpoint
from helpers.data import store
from helpers.gpt import GPT, GPTConfig
from helpers.safe_output import OutputRefused, check_output, write_text_atomically
from helpers.tokenizers import CharTokenizer
from helpers.train import __main__ as train_cli

pytestmark = pytest.mark.usefixtures("one_thread")

TEXT = "A café, a naïve cat. " * 300
TINY_TRAIN = [
    "--tokenizer",
    "char",
    "--n-layer",
    "1",
    "--n-embd",
    "32",
    "--n-head",
    "2",
    "--block-size",
    "16",
    "--eval-tokens",
    "200",
    "--no-peak",
    "--threads",
    "1",
]
TINY_PRETRAIN = [
    "--shape",
    "tiny",
    "--steps",
    "3",
    "--max-chars",
    "10000",
    "--threads",
    "1",
]
SHIPPED = store.DATA_DIR / "foundation"


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def shipped_bytes():
    """The real manifest and shipped weights, read before a test and compared after it."""
    files = [store.MANIFEST, SHIPPED / "model.safetensors", SHIPPED / "config.json"]
    before = {f: f.read_bytes() for f in files}
    yield
    assert {f: f.read_bytes() for f in files} == before


def tiny_model(seed=0, n_head=2):
    torch.manual_seed(seed)
    tok = CharTokenizer.train(TEXT)
    return GPT(
        GPTConfig(
            vocab_size=tok.vocab_size,
            block_size=16,
            n_layer=1,
            n_head=n_head,
            n_embd=32,
        )
    ), tok


def refused(main, argv, capsys):
    """Run a command that must refuse; return (stdout, stderr) after checking it exits
    with status 2."""
    with pytest.raises(SystemExit) as stop:
        main(argv)
    out, err = capsys.readouterr()
    assert stop.value.code == 2 and "Traceback" not in err
    return out, err


# ------------------------------------------------------------------ refused without --force
def test_pretrain_into_data_needs_force_and_changes_nothing(capsys, shipped_bytes):
    out, err = refused(pretrain.main, [*TINY_PRETRAIN, "--out", str(SHIPPED)], capsys)
    assert f"refusing to write {SHIPPED}: it is under data/" in err and "--force" in err
    assert "tokenizer_seconds" not in out  # refused before the tokenizer was trained


def test_train_into_data_needs_force(text_file, capsys, shipped_bytes):
    out, err = refused(
        train_cli.main,
        ["--text", str(text_file), "--out", str(SHIPPED), *TINY_TRAIN],
        capsys,
    )
    assert (
        f"refusing to write {SHIPPED}: it is under data/" in err
        and "--force" in err
        and out == ""
    )


def test_train_leaves_a_folder_of_other_files_alone(text_file, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "config.json").write_text('{"my": "settings"}')
    out, err = refused(
        train_cli.main,
        ["--text", str(text_file), "--out", str(mine), *TINY_TRAIN],
        capsys,
    )
    assert (
        f"refusing to write {mine}: it is a folder of files that are not a checkpoint"
        in err
        and "--force" in err
    )
    assert out == "" and [p.name for p in mine.iterdir()] == ["config.json"]
    assert (mine / "config.json").read_text() == '{"my": "settings"}'


@pytest.mark.parametrize(
    "module, argv, stage",
    [
        (sweeps, ["label-efficiency", "--out"], "label_efficiency_sweep"),
        (sweeps, ["prompting", "--out"], "prompting_sweep"),
        (
            sweeps,
            ["verdicts", "--checkpoints", "runs/x", "--out"],
            "verdict_ablation_sweep",
        ),
        (scaling, ["--out"], "run_study"),
        (images, ["measure", "--out"], "caption_efficiency"),
        (images, ["pretrain", "--out"], "pretrain_pictures"),
        (molecules, ["measure", "--out"], "generation_study"),
        (molecules, ["pretrain", "--out"], "pretrain_molecules"),
        (forecasting, ["measure", "--out"], "load_forecaster"),
        (forecasting, ["pretrain", "--out"], "pretrain_forecaster"),
        (inspection, ["measure", "--out"], "load_inspector"),
        (inspection, ["pretrain", "--out"], "pretrain_inspector"),
        (code_completion, ["measure", "--out"], "load_coder"),
        (code_completion, ["pretrain", "--out"], "code_data"),
        (search, ["measure", "--out"], "load_foundation"),
        (search, ["tune", "--out"], "load_foundation"),
    ],
)
def test_sweeps_into_data_need_force(
    module, argv, stage, monkeypatch, capsys, shipped_bytes
):
    shipped = store.DATA_DIR / "results" / "x.json"
    monkeypatch.setattr(
        module,
        stage,
        lambda *a, **k: pytest.fail("the sweep started before --out was checked"),
    )
    _, err = refused(module.main, [*argv, str(shipped)], capsys)
    assert f"refusing to write {shipped}: it is under data/" in err and "--force" in err


def test_sweeps_default_to_runs_and_share_their_option_wording(capsys):
    helps = {}
    commands = {
        "label_efficiency": "label-efficiency",
        "prompt_tuning": "prompting",
        "verdict_ablation": "verdicts",
    }
    for name, command in commands.items():
        with pytest.raises(SystemExit):
            sweeps.main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        helps[name] = re.search(
            r"--out OUT JSON.*?(?= --tasks \{| --checkpoints| --threads THREADS)", text
        )[0].replace(name, "NAME")
        assert (
            "default runs/results/NAME.json" in helps[name] and "--force" in helps[name]
        )
    assert len(set(helps.values())) == 1
    assert scaling.build_parser().get_default("out") == "runs/results/scaling.json"


def test_write_results_refuses_data_and_a_file_that_is_not_a_result(tmp_path):
    with pytest.raises(OutputRefused, match=r"x.json: it is under data/.*--force"):
        store.write_results(store.DATA_DIR / "results" / "x.json", {"k": 1})
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    with pytest.raises(
        OutputRefused, match="a file that is not a JSON result.*--force"
    ):
        store.write_results(notes, {"k": 1})
    assert notes.read_text() == "my notes"
    store.write_results(tmp_path / "r.json", {"k": 1})
    store.write_results(
        tmp_path / "r.json", {"k": 2}
    )  # an earlier result is ours to replace
    assert json.loads((tmp_path / "r.json").read_text()) == {"k": 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notes.txt",
        "r.json",
    ]  # no temporary files left


# ------------------------------------------------------------------ checked before any work
def test_unwritable_out_fails_before_any_work(text_file, tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    out, err = refused(
        pretrain.main, [*TINY_PRETRAIN, "--out", str(blocker / "ck")], capsys
    )
    assert f"cannot write {blocker / 'ck'}" in err and "tokenizer_seconds" not in out
    out, err = refused(
        train_cli.main,
        ["--text", str(text_file), "--out", str(blocker / "ck"), *TINY_TRAIN],
        capsys,
    )
    assert f"cannot write {blocker / 'ck'}" in err and out == ""


# ------------------------------------------------------------------ atomic saves
def test_our_own_checkpoint_folder_is_replaced_whole(tmp_path):
    first, tok = tiny_model(seed=0)
    second, _ = tiny_model(seed=1)
    save_checkpoint(
        tmp_path / "ck",
        first,
        tok,
        extra={"run": 1},
        files={"MODEL_CARD.md": "first run"},
    )
    save_checkpoint(tmp_path / "ck", second, tok, extra={"run": 2})
    model, _, meta = load_checkpoint(tmp_path / "ck")
    assert meta["extra"] == {"run": 2} and torch.equal(
        model.transformer.wte.weight, second.transformer.wte.weight
    )
    assert sorted(p.name for p in (tmp_path / "ck").iterdir()) == [
        "config.json",
        "model.safetensors",
        "tokenizer.json",
    ]
    assert [p.name for p in tmp_path.iterdir()] == [
        "ck"
    ]  # no temporary folders left beside it


def test_a_save_that_fails_midway_leaves_the_old_checkpoint(tmp_path, monkeypatch):
    old, tok = tiny_model(seed=0)
    new, _ = tiny_model(seed=1)
    save_checkpoint(tmp_path / "ck", old, tok, extra={"run": "old"})

    def broken_save(self, path):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(
        CharTokenizer, "save", broken_save
    )  # weights and config.json are written, then this fails
    with pytest.raises(OSError, match="simulated"):
        save_checkpoint(tmp_path / "ck", new, tok, extra={"run": "new"})
    with pytest.raises(OSError, match="simulated"):
        save_checkpoint(tmp_path / "fresh", new, tok)
    monkeypatch.undo()
    model, _, meta = load_checkpoint(tmp_path / "ck")
    assert meta["extra"] == {"run": "old"} and torch.equal(
        model.transformer.wte.weight, old.transformer.wte.weight
    )
    assert [p.name for p in tmp_path.iterdir()] == [
        "ck"
    ]  # no half-written "fresh", no temporary folders


def test_a_failed_swap_puts_the_old_checkpoint_back(tmp_path, monkeypatch):
    old, tok = tiny_model(seed=0)
    new, _ = tiny_model(seed=1)
    save_checkpoint(tmp_path / "ck", old, tok, extra={"run": "old"})
    real_rename, renames = os.rename, []

    def rename_failing_second(
        src, dst
    ):  # the first moves the old folder aside, the second fails
        renames.append(dst)
        if len(renames) == 2:
            raise OSError("simulated")
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename_failing_second)
    with pytest.raises(OSError, match="simulated"):
        save_checkpoint(tmp_path / "ck", new, tok, extra={"run": "new"})
    monkeypatch.undo()
    assert load_checkpoint(tmp_path / "ck")[2]["extra"] == {"run": "old"}
    assert [p.name for p in tmp_path.iterdir()] == ["ck"]


def test_an_atomic_file_write_keeps_the_old_file_on_failure(tmp_path):
    path = write_text_atomically(tmp_path / "r.json", "old\n")
    with pytest.raises(TypeError):
        write_text_atomically(path, 123)  # fails while writing the temporary file
    assert path.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == [
        "r.json"
    ]


# ------------------------------------------------------------------ Ctrl-C
def stop_at_step(monkeypatch, module, k):
    """Make `module.train` raise KeyboardInterrupt (as Ctrl-C would) at the evaluation
    after step k."""
    real = module.train

    def stopping(*args, callback=None, **kwargs):
        def stop(entry):
            if entry["step"] == k:
                raise KeyboardInterrupt
            return callback(entry)

        return real(*args, callback=stop, **kwargs)

    monkeypatch.setattr(module, "train", stopping)


def test_ctrl_c_in_train_saves_the_model_so_far(
    text_file, tmp_path, monkeypatch, capsys
):
    stop_at_step(monkeypatch, train_cli, 4)
    out_dir = tmp_path / "ck"
    with pytest.raises(SystemExit) as stop:
        train_cli.main(
            [
                "--text",
                str(text_file),
                "--out",
                str(out_dir),
                "--steps",
                "20",
                "--eval-every",
                "2",
                *TINY_TRAIN,
            ]
        )
    err = capsys.readouterr().err
    assert stop.value.code == 130
    assert (
        f"interrupted at step 4: the model so far is saved in {out_dir} (config.json: "
        '"interrupted": true)' in err
    )
    model, tok, meta = load_checkpoint(out_dir)
    assert meta["extra"]["interrupted"] is True and meta["extra"]["step"] == 4
    assert meta["extra"]["trained_on"] == "tiny.txt"


def test_ctrl_c_in_pretrain_saves_the_model_so_far(tmp_path, monkeypatch, capsys):
    stop_at_step(monkeypatch, pretrain, 3)
    with pytest.raises(SystemExit) as stop:
        pretrain.main([*TINY_PRETRAIN, "--out", str(tmp_path / "pt")])
    assert stop.value.code == 130 and "interrupted at step 3" in capsys.readouterr().err
    _, _, meta = load_checkpoint(tmp_path / "pt")
    assert meta["extra"]["interrupted"] is True and meta["extra"]["step"] == 3
    assert not (
        tmp_path / "pt" / "MODEL_CARD.md"
    ).exists()  # a card only for a finished run


# ------------------------------------------------------------------ what a checkpoint holds
def test_a_diverged_model_is_not_saved(tmp_path):
    model, tok = tiny_model()
    with torch.no_grad():
        model.transformer.h[0].attn.c_attn.weight[0, 0] = float("nan")
    with pytest.raises(
        ValueError,
        match=r"'transformer.h.0.attn.c_attn.weight' holds NaN.*diverged.*--lr",
    ):
        save_checkpoint(tmp_path / "ck", model, tok)
    assert not (tmp_path / "ck").exists()


def test_config_json_disagreeing_with_the_weights_is_rejected(tmp_path):
    model, tok = tiny_model(n_head=2)
    save_checkpoint(tmp_path / "ck", model, tok)
    config_path = tmp_path / "ck" / "config.json"
    meta = json.loads(config_path.read_text())
    meta["config"]["n_head"] = (
        4  # no tensor changes shape; without the stored config this loaded silently
    )
    config_path.write_text(json.dumps(meta))
    with pytest.raises(
        ValueError,
        match=r"config.json says n_head=4 but .*model.safetensors was saved with n_head=2",
    ):
        load_checkpoint(tmp_path / "ck")


def test_format_1_checkpoints_still_load(tmp_path):
    model, tok = tiny_model()
    folder = save_checkpoint(tmp_path / "ck", model, tok)
    tensors = load_file(str(folder / "model.safetensors"))
    save_file(
        tensors, str(folder / "model.safetensors"), metadata={"format": "1"}
    )  # as format 1 wrote it
    meta = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**meta, "format": 1}))
    back, _, meta = load_checkpoint(folder)
    idx = torch.tensor([tok.encode("a naïve cat")])
    assert meta["format"] == 1 and torch.equal(back(idx)[0], model.eval()(idx)[0])


@pytest.mark.parametrize(
    "name, damage",
    [
        ("model.safetensors", lambda raw: raw[: len(raw) // 2]),  # a copy cut short
        ("config.json", lambda raw: raw[:40]),
        ("tokenizer.json", lambda raw: b"\x00garbage"),
    ],
)
def test_a_damaged_file_gives_one_clear_error(tmp_path, name, damage):
    model, tok = tiny_model()
    folder = save_checkpoint(tmp_path / "ck", model, tok)
    (folder / name).write_bytes(damage((folder / name).read_bytes()))
    with pytest.raises(
        ValueError,
        match=rf"{name} is damaged or not a checkpoint file .*write the checkpoint again",
    ):
        load_checkpoint(folder)


def test_not_finite_weights_on_disk_are_rejected(tmp_path):
    model, tok = tiny_model()
    folder = save_checkpoint(tmp_path / "ck", model, tok)
    tensors = load_file(str(folder / "model.safetensors"))
    tensors["transformer.ln_f.weight"][0] = float("inf")
    save_file(tensors, str(folder / "model.safetensors"), metadata={"format": "1"})
    with pytest.raises(
        ValueError, match=r"'transformer.ln_f.weight' in .*holds NaN or infinite values"
    ):
        load_checkpoint(folder)


# ------------------------------------------------------------------ the data build
def test_data_build_changes_no_file_without_force(tmp_path, monkeypatch):
    monkeypatch.setattr(
        builder,
        "all_files",
        lambda seed: {"corpus/a.txt": "new\n", "corpus/b.txt": "same\n"},
    )
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("mine\n")
    (tmp_path / "corpus" / "b.txt").write_text("same\n")
    with pytest.raises(OutputRefused, match=r"corpus/a.txt would change; pass --force"):
        builder.build(tmp_path, verbose=False)
    assert (tmp_path / "corpus" / "a.txt").read_text() == "mine\n" and not (
        tmp_path / "manifest.json"
    ).exists()
    builder.build(tmp_path, verbose=False, force=True)
    assert (tmp_path / "corpus" / "a.txt").read_text() == "new\n"
    assert sorted(json.loads((tmp_path / "manifest.json").read_text())) == [
        "corpus/a.txt",
        "corpus/b.txt",
    ]


def test_data_build_into_data_keeps_the_lines_it_does_not_build(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "DATA_DIR", tmp_path)
    monkeypatch.setattr(store, "MANIFEST", tmp_path / "manifest.json")
    monkeypatch.setattr(builder, "all_files", lambda seed: {"corpus/a.txt": "text\n"})
    shipped = {"foundation/model.safetensors": {"sha256": "ab", "bytes": 2}}
    (tmp_path / "manifest.json").write_text(store.manifest_text(shipped))
    builder.build(
        verbose=False
    )  # only new files: nothing existing changes, so no --force needed
    assert (
        store.read_manifest()["foundation/model.safetensors"]
        == shipped["foundation/model.safetensors"]
    )
    assert store.data_path("corpus/a.txt").read_text() == "text\n"
    before = (tmp_path / "manifest.json").read_bytes()
    builder.build(verbose=False)  # up to date: writes nothing
    assert (tmp_path / "manifest.json").read_bytes() == before


def test_check_output_accepts_new_empty_and_own_folders(tmp_path):
    assert check_output(tmp_path / "new" / "ck") == tmp_path / "new" / "ck"
    (tmp_path / "empty").mkdir()
    check_output(tmp_path / "empty")
    model, tok = tiny_model()
    save_checkpoint(tmp_path / "ours", model, tok)
    check_output(tmp_path / "ours")
    (tmp_path / "ours" / "notes.txt").write_text("mine")
    with pytest.raises(
        OutputRefused,
        match="a checkpoint folder that also holds notes.txt; pass --force",
    ):
        check_output(tmp_path / "ours")


def test_my_copy_adds_the_lessons_and_keeps_a_students_own_file(tmp_path):
    """`make my-copy` gives a student copies to run; a copy they already have is kept."""
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    mine = tmp_path / "01_next_word_by_counting.ipynb"
    mine.write_text("my own work", encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        ["make", "-s", "my-copy", f"MYWORK={tmp_path}"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert mine.read_text(encoding="utf-8") == "my own work"
    shipped = sorted(p.name for p in (root / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == shipped
    lesson = "02_counts_to_neural_net.ipynb"
    copied, shipped_lesson = tmp_path / lesson, root / "notebooks" / lesson
    assert copied.read_bytes() == shipped_lesson.read_bytes()
    assert (tmp_path / "glossary.md").exists() and (tmp_path / "figures").is_dir()
