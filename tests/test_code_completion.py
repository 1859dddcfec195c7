"""Lesson 13c's code completion: the code splits, the code tokenizer's chunks, the byte
n-gram's probabilities, bits per byte, rest-of-line cases, function bodies, the guarded
runner, pass@k, and the shipped code model's results."""

import itertools
import math
import re

import numpy as np
import pytest
import torch

from helpers import code_completion as cc
from helpers.checkpoints import load_checkpoint
from helpers.gpt import GPT, GPTConfig
from helpers.tokenizers import CharTokenizer
from helpers.train import mean_loss


@pytest.fixture(scope="module")
def held_out():
    return cc.code_files("held_out")


@pytest.fixture(scope="module")
def small_tok(held_out):
    return cc.code_tokenizer(cc.code_text(held_out[:4]), vocab_size=300)


@pytest.fixture(scope="module")
def tiny_model(small_tok):
    torch.manual_seed(0)
    config = GPTConfig(
        vocab_size=small_tok.vocab_size, block_size=cc.BLOCK, n_layer=1, n_head=2,
        n_embd=16,
    )  # fmt: skip
    return GPT(config).eval()


# ------------------------------------------------------------------ the code


def test_held_out_and_valid_files_are_the_recorded_ones(held_out):
    assert [p for p, _ in held_out] == sorted(cc.HELD_OUT)
    valid = cc.code_files("valid")
    assert [p for p, _ in valid] == sorted(cc.VALID)
    assert sum(len(t.encode()) for _, t in held_out) == 298_521


def test_training_files_leave_out_held_out_valid_and_skipped_folders():
    train = [p for p, _ in cc.code_files("train")]
    assert len(train) > 300
    assert not set(train) & (set(cc.HELD_OUT) | set(cc.VALID))
    assert not [p for p in train if p.split("/")[0] in cc.SKIPPED]
    assert "argparse.py" in train and "json/decoder.py" in train


def test_a_file_that_differs_is_left_out_with_a_warning(tmp_path):
    (tmp_path / "difflib.py").write_text("x = 1\n")
    with pytest.warns(UserWarning, match="difflib.py"):
        assert cc.code_files("held_out", root=tmp_path) == []
    with pytest.raises(ValueError, match="split must be"):
        cc.code_files("test")


def test_code_chunks_keep_identifiers_and_indentation_whole():
    text = "    def __init__(self, x_1):\n        return x_1 + 10\n"
    chunks = re.findall(cc.CODE_PATTERN, text, re.DOTALL)
    assert chunks == [
        "    ", "def", " __init__", "(", "self", ",", " x_1", "):", "\n        ",
        "return", " x_1", " +", " 10", "\n",
    ]  # fmt: skip
    assert "".join(chunks) == text


# ------------------------------------------------------------------ the byte n-gram


def test_ngram_probabilities_are_witten_bell():
    ngram = cc.ByteNgram.train(b"abcabcabd", n=3)
    p = ngram.probabilities(b"ab")
    assert p.sum() == pytest.approx(1.0)
    # order 0: 9 bytes, 4 kinds; order 1 after 'b': c 2, d 1; order 2 after 'ab': c 2, d 1
    p0 = (np.array([3, 3, 2, 1]) + 4 / 256) / (9 + 4)  # a b c d
    p1_c = (2 + 2 * p0[2]) / (3 + 2)
    p2_c = (2 + 2 * p1_c) / (3 + 2)
    assert p[ord("c")] == pytest.approx(p2_c)
    assert round(p[ord("c")], 3) == 0.585


def test_ngram_bits_per_byte_is_the_mean_of_its_probabilities():
    ngram = cc.ByteNgram.train(b"the cat sat on the mat; the cat ate", n=4)
    data = b"the rat sat on a cat"
    by_hand = -np.mean(
        [
            np.log2(ngram.probabilities(data[max(0, i - 3) : i])[data[i]])
            for i in range(len(data))
        ]
    )
    assert ngram.bits_per_byte(data) == pytest.approx(by_hand)


def test_ngram_completes_a_line_it_has_seen():
    ngram = cc.ByteNgram.train(b"x = compute(a, b)\nx = compute(a, b)\n" * 3, n=6)
    assert ngram.complete_line(b"x = comp") == "ute(a, b)"
    with pytest.raises(ValueError, match="n must be"):
        cc.ByteNgram.train(b"abc", n=9)


# ------------------------------------------------------------------ the GPT's measures


def test_bits_per_byte_scores_every_token_once(tiny_model, small_tok, held_out):
    text = held_out[0][1][:250]  # shorter than a context: one window, like mean_loss
    ids = small_tok.encode(text)
    assert len(ids) < cc.BLOCK
    # every token but the first is predicted; the first token's bytes are left out
    n_bytes = len(text.encode()) - len(small_tok.vocab[ids[0]])
    want = mean_loss(tiny_model, ids) * (len(ids) - 1) / math.log(2) / n_bytes
    got = cc.bits_per_byte(tiny_model, small_tok, text)
    assert got == pytest.approx(want, rel=1e-4)
    longer = cc.bits_per_byte(tiny_model, small_tok, held_out[0][1][:6000])
    assert 5 < longer < 12  # an untrained model: about log2(300) bits per token


def test_rest_of_line_cases_cut_lines_at_token_boundaries(small_tok, held_out):
    cases = cc.rest_of_line_cases(small_tok, held_out[:4], count=50, seed=1)
    assert len(cases) == 50
    texts = "".join(t for _, t in held_out[:4])
    for ids, before, rest in cases:
        assert len(ids) == cc.CONTEXT
        assert small_tok.decode(ids) == before[-len(small_tok.decode(ids)) :]
        assert before.endswith(small_tok.decode(ids))
        assert "\n" not in rest and 1 <= len(rest.encode()) <= 80
        assert (before + rest + "\n") in texts or texts.endswith(before + rest)
        assert before[-1:] not in ("\n",) and not before.endswith("\n")
    assert cases == cc.rest_of_line_cases(small_tok, held_out[:4], count=50, seed=1)


def test_complete_lines_is_greedy_generation_cut_at_the_newline(tiny_model, small_tok):
    ids = small_tok.encode("x" * 400)[: cc.CONTEXT]
    line = cc.complete_lines(tiny_model, small_tok, [ids, ids], max_tokens=12)
    out = tiny_model.generate(torch.tensor([ids]), 12, top_k=1)[0, cc.CONTEXT :]
    assert line == [small_tok.decode(out.tolist()).split("\n")[0]] * 2
    assert cc.exact_share(["a", "b"], ["a", "c"]) == 0.5
    with pytest.raises(ValueError, match="as many"):
        cc.exact_share(["a"], [])


# ------------------------------------------------------------------ function tasks


def test_body_of_stops_at_the_left_margin():
    assert (
        cc.body_of("    return a + b\n\ndef other():\n    pass") == "    return a + b\n"
    )
    assert (
        cc.body_of("    x = 1\n\n    return x\nprint(1)")
        == "    x = 1\n\n    return x\n"
    )
    assert cc.body_of("    return 1\x00import os") == "    return 1\n"
    assert cc._body_is_done("    return 1\nprint(") and not cc._body_is_done(
        "    x\n  "
    )


def test_passes_runs_the_tests_and_guards_files(tmp_path):
    prompt = 'def add(a, b):\n    """Return a + b."""\n'
    assert cc.passes(prompt, "    return a + b\n", "assert add(1, 2) == 3")
    assert not cc.passes(prompt, "    return a - b\n", "assert add(1, 2) == 3")
    assert not cc.passes(prompt, "    return (\n", "assert add(1, 2) == 3")  # syntax
    keep = tmp_path / "keep.txt"
    keep.write_text("a student's work")
    for body in (f"    import os; os.remove({str(keep)!r})\n",
                 f"    open({str(keep)!r}, 'w').write('')\n",
                 f"    import shutil; shutil.rmtree({str(tmp_path)!r})\n"):  # fmt: skip
        assert not cc.passes(
            prompt, body + "    return a + b\n", "assert add(1, 2) == 3"
        )
    assert keep.read_text() == "a student's work"
    assert not cc.passes(prompt, "    while True: pass\n", "add(1, 2)", timeout=1)


def test_pass_at_k_matches_counting_every_draw():
    n, k = 6, 3
    for c in range(n + 1):
        draws = list(itertools.combinations([True] * c + [False] * (n - c), k))
        assert cc.pass_at_k(n, c, k) == pytest.approx(sum(map(any, draws)) / len(draws))
    assert cc.pass_at_k(20, 1, 10) == 0.5
    with pytest.raises(ValueError, match="0 <= c <= n"):
        cc.pass_at_k(5, 6, 1)


def test_task_scores():
    passed = {"a": (True, [True, False]), "b": (False, [False, False])}
    assert cc.task_scores(passed, k=1) == {
        "pass@1 greedy": 0.5,
        "pass@1": 0.25,
        "tasks": 2,
    }
    assert cc.task_scores(passed, k=2)["pass@2"] == 0.5


def test_tasks_are_written_for_the_project_and_their_references_pass():
    tasks = cc.load_tasks()
    assert len(tasks) >= 30 and len({t["name"] for t in tasks}) == len(tasks)
    for t in tasks[::8]:  # a subprocess each; the data card's checks ran them all
        assert cc.passes(t["prompt"], t["solution"], t["tests"]), t["name"]
        assert not cc.passes(t["prompt"], "    return None\n", t["tests"]), t["name"]


def test_temperature_is_chosen_on_the_validation_tasks():
    valid = {t["prompt"]: t["solution"] for t in cc.load_tasks("valid")}
    assert len(valid) == 8 and not set(valid) & {t["prompt"] for t in cc.load_tasks()}

    def write(prompt, samples, temperature, seed):  # right only when drawn at 0.4
        return [valid[prompt] if temperature == 0.4 else "    return 0\n"] * samples

    recipe = dict(cc.RECIPE, samples=1)
    best, found = cc.choose_temperature(write, recipe, log=lambda m: None)
    assert best == 0.4 and found["0.4"] == [8, 8] and found["0.8"] == [0, 0]
    with pytest.raises(ValueError, match="split must be"):
        cc.load_tasks("train")


def test_write_bodies_greedy_and_sampled(tiny_model, small_tok):
    prompt = 'def add(a, b):\n    """Return a + b."""\n'
    greedy = cc.write_bodies(tiny_model, small_tok, prompt, max_tokens=8)
    assert greedy == cc.write_bodies(tiny_model, small_tok, prompt, max_tokens=8)
    # the prompt's last newline is the model's to write, with the indentation after it
    ids = small_tok.encode(cc.FILE_END + prompt.rstrip("\n"))
    out = tiny_model.generate(torch.tensor([ids]), 8, top_k=1)[0, len(ids) :].tolist()
    text = small_tok.decode(out)
    assert greedy == [cc.body_of(text[1:] if text.startswith("\n") else text)]
    drawn = cc.write_bodies(tiny_model, small_tok, prompt, 3, 1.0, max_tokens=8, seed=0)
    assert len(drawn) == 3 and drawn == cc.write_bodies(
        tiny_model, small_tok, prompt, 3, 1.0, max_tokens=8, seed=0
    )
    assert all(b.endswith("\n") for b in drawn)


def test_completion_widget_writes_a_body_and_refuses_bad_input(
    tiny_model, small_tok, capsys
):
    from helpers.widgets import completion_widget, show_completion

    prompt = 'def add(a, b):\n    """Return a + b."""'
    body = show_completion(tiny_model, small_tok, prompt)
    assert body == cc.write_bodies(tiny_model, small_tok, prompt + "\n")[0]
    assert capsys.readouterr().out == prompt + "\n" + body + "\n"
    assert show_completion(tiny_model, small_tok, "  ") is None
    assert "type the start of a function" in capsys.readouterr().out
    with pytest.raises(ValueError, match="temperature must be 0"):
        show_completion(tiny_model, small_tok, prompt, temperature=-1)
    assert "Live widget" in repr(completion_widget(tiny_model, small_tok))


def test_ngram_bodies_are_seeded():
    ngram = cc.ByteNgram.train(
        b"def f(x):\n    return x\n\ndef g(y):\n    return y\n", n=6
    )
    greedy = cc.ngram_bodies(ngram, "def h(x):\n")
    assert greedy == ["    return x\n"]
    drawn = cc.ngram_bodies(ngram, "def h(x):\n", 4, 0.8, seed=3)
    assert drawn == cc.ngram_bodies(ngram, "def h(x):\n", 4, 0.8, seed=3)


def test_ctrl_c_in_pretrain_saves_the_model_so_far(tmp_path, monkeypatch, capsys):
    tok = CharTokenizer.train("def f():\n    return 1\n" + cc.FILE_END)
    files = [("f.py", "def f():\n    return 1\n")]
    monkeypatch.setattr(
        cc, "code_data", lambda log: (files, tok, cc.encode_files(tok, files))
    )

    def stopped(model, tok, ids, progress, callback):
        callback({"step": 7})
        raise KeyboardInterrupt

    monkeypatch.setattr(cc, "train_coder", stopped)
    with pytest.raises(SystemExit) as stop:
        cc.main(["pretrain", "--out", str(tmp_path / "coder"), "--threads", "1"])
    assert stop.value.code == 130 and "interrupted at step 7" in capsys.readouterr().err
    _, _, meta = load_checkpoint(tmp_path / "coder")
    assert meta["extra"]["interrupted"] is True and meta["extra"]["step"] == 7
    assert not (tmp_path / "coder" / "MODEL_CARD.md").exists()


# ------------------------------------------------------------------ the shipped model


def test_shipped_results_are_of_the_shipped_model_and_meet_the_targets():
    results = cc.shipped_results()
    assert results["line_cases"] == results["recipe"]["line_cases"]
    exact = results["rest_of_line_exact"]
    assert exact["model"] >= 2 * exact["ngram"] > 0
    # pass@10 > 0 on the test tasks, the other target, is not met (lesson 13c
    # says so); the figures must follow from the passes recorded per task
    for way, passed in results["task_passes"].items():
        recounted = cc.task_scores(
            {n: (g, [True] * c + [False] * (results["recipe"]["samples"] - c))
             for n, (g, c) in passed.items()}
        )  # fmt: skip
        assert results["tasks"][way] == recounted
        solved = results["valid_tasks_solved"][way]
        best = max(results["recipe"]["temperatures"], key=lambda t: solved[str(t)])
        assert results["temperature"][way] == best
    assert results["tasks"]["model"]["tasks"] == len(cc.load_tasks())
    bpb = results["bits_per_byte"]
    assert bpb["model"] < bpb["ngram"] < bpb["english"]
    by_order = results["ngram_valid_bits_per_byte"]
    assert results["ngram_n"] == int(min(by_order, key=by_order.get))


def test_shipped_model_loads_and_has_the_recorded_size():
    model, tok, meta = cc.load_coder()
    assert tok.vocab_size == cc.RECIPE["vocab_size"]
    assert model.config.block_size == cc.BLOCK
    assert math.isclose(model.num_parameters() / 1e6, 1.09, abs_tol=0.01)
