"""helpers.molecules: SMILES from RDKit's NCI sample, generation measures, properties."""

import numpy as np
import pytest
import torch

from helpers import molecules as M

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def molecules():
    return M.load_molecules()


def test_the_molecules_are_canonical_single_and_split_once(molecules):
    train, test = molecules
    assert (len(train), len(test)) == (4314, 400) and not set(train) & set(test)
    assert all(M.canonical(s) == s and "." not in s for s in train[:200])
    assert max(map(len, train + test)) <= M.MAX_LENGTH
    assert M.load_molecules() == molecules  # the same split every time


def test_rows_frame_each_molecule_with_newlines_and_pad_unscored(molecules):
    tok = M.smiles_tokenizer(molecules[0] + molecules[1])
    rows = M.smiles_rows(["CCO", "c1ccccc1"], tok)
    assert rows.shape == (2, M.BLOCK + 1)
    assert tok.decode(rows[0, :5].tolist()) == "\nCCO\n"
    assert (rows[0, 5:] == -100).all() and (rows[1, 10:] == -100).all()
    with pytest.raises(ValueError, match="longer than"):
        M.smiles_rows(["C" * 90], tok)


def test_generation_report_counts_valid_unique_and_novel():
    report = M.generation_report(["CCO", "OCC", "C1C", None, "c1ccccc1"], ["CCO"])
    # valid: CCO, OCC (= CCO), c1ccccc1; distinct: CCO, benzene; novel: benzene
    assert report == {"valid": 0.6, "unique": 0.6667, "novel": 0.5, "samples": 5}
    with pytest.raises(ValueError, match="no samples"):
        M.generation_report([], ["CCO"])


def test_the_ngram_draws_mostly_invalid_molecules_that_a_trained_model_avoids(
    molecules,
):
    train = molecules[0]
    ngram = M.CharNgram.train(train, n=7)
    report = M.generation_report(ngram.sample(300, seed=0), train)
    assert 0.15 < report["valid"] < 0.45  # measured 0.28 on 1,000 samples
    assert ngram.sample(5, seed=1) == ngram.sample(5, seed=1)
    with pytest.raises(ValueError, match="at least 2"):
        M.CharNgram.train(train, n=1)


def test_a_small_gpt_learns_to_close_its_molecules(molecules):
    train = molecules[0][:300]
    tok = M.smiles_tokenizer(molecules[0] + molecules[1])
    model = M.smiles_gpt(tok.vocab_size, n_layer=1, n_embd=64)
    rows = M.smiles_rows(train, tok)
    before = M.sample_smiles(model, tok, 20, seed=0)
    M.train_on_smiles(model, rows, 150)
    after = M.sample_smiles(model, tok, 20, seed=0)
    assert sum(s is not None for s in after) > sum(s is not None for s in before)
    assert M.generation_report(after, train)["valid"] > 0.0


def test_properties_fingerprints_and_r_squared():
    logp = M.property_values(["CCO", "CCCCCC"], "logp")
    assert logp[1] > logp[0]  # hexane is far more oily than ethanol
    qed = M.property_values(["CCO"], "qed")
    assert 0 < qed[0] < 1
    with pytest.raises(ValueError, match="unknown property"):
        M.property_values(["CCO"], "colour")
    fp = M.fingerprints(["CCO", "CCO", "c1ccccc1"])
    assert fp.shape == (3, 2048) and (fp[0] == fp[1]).all() and (fp[0] != fp[2]).any()
    assert M.r_squared([1, 2, 3], [1, 2, 3]) == 1.0
    assert M.r_squared([2, 2, 2], [1, 2, 3]) == 0.0


def test_tuning_a_property_learns_what_the_labels_say(molecules):
    train = molecules[0][:120]
    tok = M.smiles_tokenizer(molecules[0] + molecules[1])
    rows = M.smiles_rows(train, tok)
    values = np.array([s.count("C") + s.count("c") for s in train], dtype=float)
    model = M.tune_property(
        M.smiles_gpt(tok.vocab_size, 1, 64), rows, values, steps=150
    )
    assert M.r_squared(model.predict(rows), values) > 0.5  # carbons are easy to count
    with pytest.raises(ValueError, match="values for"):
        M.tune_property(M.smiles_gpt(tok.vocab_size, 1, 64), rows, values[:5])
    assert isinstance(model.predict(rows[:2]), np.ndarray)
    assert torch.is_tensor(rows)


def test_the_shipped_smiles_gpt_reads_the_molecules_and_its_card_says_so(molecules):
    model, tok, meta = M.load_molecule_model()
    assert tok.chars == M.smiles_tokenizer(molecules[0] + molecules[1]).chars
    assert meta["extra"]["recipe"]["steps"] == M.RECIPE["steps"]
    assert meta["extra"]["molecules"] == len(molecules[0])
    rows = M.smiles_rows(molecules[1], tok)
    with torch.no_grad():
        held_out = model(rows[:, :-1].clamp(min=0), rows[:, 1:])[1].item()
        fresh = M.smiles_gpt(tok.vocab_size)(rows[:, :-1].clamp(min=0), rows[:, 1:])[1]
    assert (
        held_out < 0.7 * fresh.item()
    )  # it learned SMILES, on molecules it never read


def test_shipped_measurements_belong_to_the_shipped_model(monkeypatch):
    results = M.shipped_measurements()
    for name in M.PROPERTIES:
        assert len(results[name]["tuned"]["100"]) == len(results["seeds"]) == 3
    monkeypatch.setattr(M, "weights_sha256", lambda directory=None: "0" * 64)
    with pytest.raises(ValueError, match="another model than the shipped"):
        M.shipped_measurements()


def test_the_command_refuses_settings_it_cannot_run(capsys):
    for argv in (["measure", "--seeds", "0"], ["pretrain", "--threads", "0"]):
        with pytest.raises(SystemExit) as exit_info:
            M.main(argv)
        assert exit_info.value.code == 2
        assert "--threads and --seeds must be at least 1" in capsys.readouterr().err
