"""Molecules as text: RDKit's 4,999 NCI molecules as SMILES strings, read and written by a GPT.

Handles: the molecules (`load_molecules`: parsed and written canonically by RDKit, one
fragment, at most 80 characters, split once into training and held-out sets), a character
tokenizer with a newline around each molecule (`smiles_tokenizer`, `smiles_rows`), the
same GPT class as every lesson (`smiles_gpt`), randomised SMILES as extra training text
(`randomised_smiles`: one molecule written from another starting atom), drawing molecules
(`sample_smiles`) and the three measures of a generator (`generation_report`: valid,
unique, novel), a character n-gram to compare with (`CharNgram`), properties RDKit computes
(`PROPERTIES`: QED, logP), Morgan fingerprints and their ridge regression (the chemist's
baseline), and a GPT tuned to predict a property from a few labeled molecules
(`tune_property`).

    python -m helpers.molecules pretrain --out runs/molecules   # the SMILES GPT
    python -m helpers.molecules measure    # generation, properties from few labels

Leaves out: 3-D structure, reactions, and molecules outside the NCI sample.
"""

import numbers

import numpy as np
import torch

from helpers.gpt import GPT, GPTConfig
from helpers.sampling import check_temperature
from helpers.tokenizers import CharTokenizer
from helpers.tuning import fit

MAX_LENGTH = 80  # characters of SMILES; longer molecules are left out (about 2%)
BLOCK = MAX_LENGTH + 2  # a newline before and after
HELD_OUT = 400
END = "\n"  # starts and ends every molecule


def _quiet_rdkit():
    from rdkit import RDLogger

    RDLogger.DisableLog("rdApp.*")  # parse failures are counted, not printed


def canonical(smiles):
    """RDKit's canonical SMILES of `smiles`, or None when it does not parse.
    Example: canonical("OCC") -> 'CCO'; canonical("C1CC") -> None"""
    from rdkit import Chem

    _quiet_rdkit()
    mol = Chem.MolFromSmiles(smiles) if smiles else None
    return Chem.MolToSmiles(mol) if mol is not None else None


def load_molecules(held_out=HELD_OUT, seed=0):
    """RDKit's NCI sample (rdkit/Data/NCI/first_5K.smi) as canonical SMILES, one fragment
    and at most MAX_LENGTH characters, duplicates removed, split once: (train, test) lists.

    Example: train, test = load_molecules(); len(train), len(test) -> (4314, 400)
    """
    from pathlib import Path

    from rdkit import RDConfig

    path = Path(RDConfig.RDDataDir) / "NCI" / "first_5K.smi"
    found = set()
    for line in path.read_text().splitlines():
        smiles = canonical(line.split()[0]) if line.strip() else None
        if smiles and "." not in smiles and len(smiles) <= MAX_LENGTH:
            found.add(smiles)
    found = sorted(found)
    order = np.random.default_rng(seed).permutation(len(found))
    return [found[i] for i in order[held_out:]], [found[i] for i in order[:held_out]]


def smiles_tokenizer(smiles):
    """One token per character of the SMILES, plus the newline that starts and ends each.
    Example: smiles_tokenizer(["CCO"]).chars -> ['\\n', 'C', 'O']"""
    return CharTokenizer.train(END + "".join(smiles))


def smiles_rows(smiles, tok, block=BLOCK):
    """Molecules as (N, block + 1) ids: newline, SMILES, newline, then -100 (not scored).
    Example: smiles_rows(["CCO"], tok)[0, :6] -> tensor([0, 1, 1, 2, 0, -100])"""
    rows = torch.full((len(smiles), block + 1), -100, dtype=torch.long)
    for i, s in enumerate(smiles):
        if len(s) + 2 > block + 1:
            raise ValueError(
                f"SMILES of {len(s)} characters is longer than {block - 1}"
            )
        ids = tok.encode(END + s + END)
        rows[i, : len(ids)] = torch.tensor(ids)
    return rows


def smiles_gpt(vocab_size, n_layer=4, n_embd=128, seed=0):
    """A fresh GPT that reads SMILES one character at a time, context BLOCK.
    Example: smiles_gpt(49).config.block_size -> 82"""
    torch.manual_seed(seed)
    return GPT(
        GPTConfig(
            vocab_size=vocab_size,
            block_size=BLOCK,
            n_layer=n_layer,
            n_head=4,
            n_embd=n_embd,
        )
    )


def randomised_smiles(smiles, copies, seed=0):
    """`copies` more writings of each molecule, each from a random starting atom (RDKit's
    doRandom), kept when at most MAX_LENGTH characters: the same molecules, new text.

    Example: randomised_smiles(["CCO"], 1) -> ['OCC'] (or 'C(C)O', ...)
    """
    from rdkit import Chem

    Chem.rdBase.SeedRandomNumberGenerator(seed)
    out = []
    for _ in range(copies):
        for s in smiles:
            r = Chem.MolToSmiles(Chem.MolFromSmiles(s), doRandom=True, canonical=False)
            if len(r) <= MAX_LENGTH:
                out.append(r)
    return out


def train_on_smiles(model, rows, steps, lr=1e-3, batch_size=32, seed=0):
    """Next-character training on whole molecules (helpers.tuning.fit, AdamW at a
    constant lr); returns the mean loss of the last 10 steps.
    Example: train_on_smiles(model, smiles_rows(train, tok), 2000) -> 0.75"""

    def batch_loss(idx):
        batch = rows[idx]  # (b, BLOCK + 1)
        return model(batch[:, :-1].clamp(min=0), batch[:, 1:])[1]

    params = [{"params": model.parameters(), "lr": lr}]
    return fit(model, batch_loss, len(rows), steps, batch_size, params, seed=seed)


def _first_line(text):
    """The molecule in a sampled text: what comes before the first newline, or None when
    the model never ended it."""
    return text.split(END)[0] if END in text else None


@torch.no_grad()
def sample_smiles(model, tok, n, temperature=1.0, seed=0):
    """Draw `n` molecules, each from a newline to the next; None where the model ran out
    of context first. Example: sample_smiles(model, tok, 3) -> ['CCO', 'c1ccccc1N', None]"""
    check_temperature(temperature, "use 0.7 to 1.0 for molecules")
    start = torch.full((n, 1), tok.stoi[END], dtype=torch.long)  # (n, 1)
    gen = torch.Generator().manual_seed(seed)
    out = model.generate(
        start, model.config.block_size - 1, temperature=temperature, generator=gen
    )  # (n, BLOCK)
    return [_first_line(tok.decode(row[1:])) for row in out.tolist()]


def generation_report(samples, training):
    """The three measures of a molecule generator (MOSES, Polykovskiy et al. 2020):
    valid (share of samples RDKit parses), unique (distinct among the valid) and novel
    (share of the distinct valid ones not in `training`).

    Example: generation_report(["CCO", "OCC", "C1C"], ["CCO"])
        -> {'valid': 0.667, 'unique': 0.5, 'novel': 0.0, 'samples': 3}
    """
    if not samples:
        raise ValueError("no samples to measure; draw some with sample_smiles")
    valid = [c for c in (canonical(s) for s in samples) if c]
    distinct = set(valid)
    novel = distinct - set(training)
    return {
        "valid": round(len(valid) / len(samples), 4),
        "unique": round(len(distinct) / len(valid), 4) if valid else 0.0,
        "novel": round(len(novel) / len(distinct), 4) if distinct else 0.0,
        "samples": len(samples),
    }


class CharNgram:
    """Counts of the next character after each (n - 1)-character context, for drawing
    molecules the way lesson 01 drew words: the baseline a GPT has to beat. An unseen
    context backs off to a shorter one.

    Example:
        >>> ngram = CharNgram.train(train, n=7)
        >>> ngram.sample(3, temperature=1.0, seed=0)   # e.g. ['CCOC(=O)c1ccccc1', ...]
    """

    def __init__(self, n, counts):
        self.n, self.counts = n, counts

    @classmethod
    def train(cls, smiles, n=7):
        if not isinstance(n, numbers.Integral) or n < 2:
            raise ValueError(f"n must be an integer of at least 2, got {n!r}")
        counts = {}
        for s in smiles:
            text = END * (n - 1) + s + END
            for i in range(n - 1, len(text)):
                for k in range(n):  # every context length 0 .. n-1, for backing off
                    context = text[i - k : i]
                    nxt = counts.setdefault(context, {})
                    nxt[text[i]] = nxt.get(text[i], 0) + 1
        return cls(n, counts)

    def sample(self, count, temperature=1.0, seed=0):
        check_temperature(temperature, "use 0.7 to 1.0 for molecules")
        rng = np.random.default_rng(seed)
        out = []
        for _ in range(count):
            text = END * (self.n - 1)
            while len(text) < self.n - 1 + BLOCK:
                for k in range(self.n - 1, -1, -1):  # longest context seen
                    nxt = self.counts.get(text[len(text) - k :] if k else "")
                    if nxt:
                        break
                chars = list(nxt)
                weights = np.array([nxt[c] for c in chars], dtype=np.float64)
                weights = weights ** (1 / temperature)
                text += chars[rng.choice(len(chars), p=weights / weights.sum())]
                if text.endswith(END):
                    break
            out.append(_first_line(text[self.n - 1 :] if text.endswith(END) else ""))
        return out


def draw_molecules(smiles, legends=None, per_row=5):
    """A grid picture of the molecules (RDKit's 2-D drawing), a PIL image; a string that
    does not parse is drawn as an empty box. Example: draw_molecules(["CCO", "c1ccccc1"])"""
    from rdkit import Chem
    from rdkit.Chem import Draw

    _quiet_rdkit()
    mols = [Chem.MolFromSmiles(s) if s else None for s in smiles]
    return Draw.MolsToGridImage(
        [m if m is not None else Chem.Mol() for m in mols],
        molsPerRow=per_row,
        subImgSize=(170, 130),
        legends=legends,
    )


# ------------------------------------------------------------------ properties

PROPERTIES = {  # name: what RDKit computes for a molecule
    "qed": "drug-likeness, 0 to 1 (Bickerton et al. 2012)",
    "logp": "octanol-water partition coefficient, Crippen's estimate",
}


def property_values(smiles, name):
    """RDKit's value of property `name` for each molecule; (N,) float64.
    Example: property_values(["CCO"], "logp") -> array([-0.0014])"""
    from rdkit import Chem
    from rdkit.Chem import QED, Crippen

    if name not in PROPERTIES:
        raise ValueError(f"unknown property {name!r}; choose one of {list(PROPERTIES)}")
    compute = QED.qed if name == "qed" else Crippen.MolLogP
    return np.array([compute(Chem.MolFromSmiles(s)) for s in smiles])


def fingerprints(smiles, bits=2048):
    """Morgan fingerprints (radius 2): which small neighbourhoods of atoms each molecule
    holds, as (N, bits) 0/1 floats. Example: fingerprints(["CCO"]).sum() -> 6.0"""
    from rdkit import Chem
    from rdkit.Chem import rdFingerprintGenerator

    make = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=bits)
    return np.array(
        [make.GetFingerprintAsNumPy(Chem.MolFromSmiles(s)) for s in smiles],
        dtype=np.float64,
    )


def fingerprint_ridge(smiles, values):
    """The chemist's baseline: ridge regression on Morgan fingerprints, its strength chosen
    by cross-validation on the labeled molecules. Predict with .predict(fingerprints(x)).
    Example: fingerprint_ridge(train[:100], property_values(train[:100], "qed"))"""
    from sklearn.linear_model import RidgeCV

    return RidgeCV(alphas=np.logspace(-3, 3, 13)).fit(fingerprints(smiles), values)


class PropertyModel(torch.nn.Module):
    """A GPT body and a linear head on the mean of its hidden states over the molecule's
    characters: one number per molecule, in the units of the labels it was tuned on."""

    def __init__(self, body, mean, std):
        super().__init__()
        self.body, self.head = body, torch.nn.Linear(body.config.n_embd, 1)
        self.mean, self.std = float(mean), float(std)

    def pooled(self, rows):
        ids = rows[:, :-1].clamp(min=0)  # (N, BLOCK)
        mask = (rows[:, :-1] >= 0).float()  # (N, BLOCK) 1 on the molecule's tokens
        h = self.body.hidden_states(ids)  # (N, BLOCK, C)
        return (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)  # (N, C)

    def forward(self, rows):
        return self.head(self.pooled(rows)).squeeze(1)  # (N,) standardised

    @torch.no_grad()
    def predict(self, rows):
        self.eval()
        return (self.forward(rows) * self.std + self.mean).numpy()


def tune_property(body, rows, values, steps=150, lr=3e-4, seed=0):
    """Tune `body` (a GPT, changed in place) and a new head to predict `values` from the
    molecules `rows` (smiles_rows), mean squared error on standardised values.
    Example: model = tune_property(pretrained, smiles_rows(x, tok), y); model.predict(..)"""
    y = torch.as_tensor(np.asarray(values), dtype=torch.float32)  # (N,)
    if len(y) != len(rows) or len(y) < 2:
        raise ValueError(f"{len(y)} values for {len(rows)} molecules; need 2 or more")
    torch.manual_seed(seed)
    model = PropertyModel(body, y.mean(), y.std())
    target = (y - model.mean) / model.std

    def batch_loss(idx):
        return torch.nn.functional.mse_loss(model(rows[idx]), target[idx])

    params = [
        {"params": body.parameters(), "lr": lr},
        {"params": model.head.parameters(), "lr": 1e-3},
    ]
    fit(model, batch_loss, len(rows), steps, 16, params, seed=seed)
    return model.eval()


def r_squared(predicted, actual):
    """1 - (squared error) / (variance of the truth): 1 is perfect, 0 is as good as
    predicting the mean. Example: r_squared([1, 2, 3], [1, 2, 4]) -> 0.786"""
    p, a = np.asarray(predicted, float), np.asarray(actual, float)
    return float(1 - ((p - a) ** 2).sum() / ((a - a.mean()) ** 2).sum())


# ------------------------------------------------------------------ the commands

RECIPE = {  # the settings of `pretrain_molecules` and `measure_molecules`
    "steps": 8000,
    "randomised_copies": 4,  # extra writings of each training molecule
    "lr": 1e-3,
    "temperatures": [0.7, 0.8, 1.0],
    "samples": 1000,
    "ngram": 7,
    "labels": [50, 100, 200, 400],
    "tune_steps": 150,
    "tune_lr": 3e-4,
    "scratch_lr": 1e-3,
}


SHIPPED = "molecules"  # the shipped SMILES GPT's folder under data/
MOLECULE_FILES = ("model.safetensors", "config.json", "tokenizer.json", "MODEL_CARD.md")


def model_card(extra, parameters):
    """MODEL_CARD.md for a saved SMILES GPT, from the figures in its config's extra."""
    e, r = extra, extra["recipe"]
    threads = f"{e['threads']} CPU thread" + ("s" if e["threads"] != 1 else "")
    command = (
        "python -m helpers.molecules pretrain --out data/molecules --force "
        f"--threads {e['threads']}"
    )
    return f"""# Model card: the series' SMILES GPT

**What it is.** A {parameters / 1e6:.2f} M-parameter GPT (helpers.gpt: 4 layers, 4 heads, width
128, context {BLOCK} characters) that writes molecules as SMILES, one character at a time, each
molecule between two newlines. Lesson 12 samples it and tunes it to predict properties.

**Data.** The {e["molecules"]:,} training molecules of `helpers.molecules.load_molecules()`: RDKit's
bundled NCI sample (`rdkit/Data/NCI/first_5K.smi`, 4,999 molecules), written canonically by RDKit,
one fragment and at most {MAX_LENGTH} characters each; 400 more are held out with seed 0. Each
training molecule is also written {r["randomised_copies"]} more ways from random starting atoms.
No property or other label was read.

**Training.** {r["steps"]:,} steps of 32 molecules, AdamW at lr {r["lr"]}, seed 0; final training
loss {e["loss"]:.3f} nats per character. Wall time {e["seconds"] / 60:.1f} min on {threads},
torch {e["torch"]}.

**Command.** `{command}`

**Limits.** About 4,300 molecules from one screening collection: it knows their chemistry and
writes molecules like them, no others. Do not use it for anything but learning.
"""


def load_molecule_model(directory=None):
    """A saved SMILES GPT: (GPT in eval mode, tokenizer, meta). Without a directory, the
    shipped data/molecules, each file checked by sha256 first.
    Example: model, tok, meta = load_molecule_model()"""
    from helpers.checkpoints import load_checkpoint
    from helpers.data import store

    if directory is None:  # each file checked against the manifest first
        directory = store.shipped_folder(SHIPPED, MOLECULE_FILES)
    return load_checkpoint(directory)


def weights_sha256(directory=None):
    """sha256 of a SMILES GPT's weights (default: the shipped ones), which results record."""
    from helpers.data import store

    return store.weights_sha256(SHIPPED, directory)


def shipped_measurements():
    """data/results/molecules.json, refused when measured on other weights than the
    shipped SMILES GPT. Example: shipped_measurements()["qed"]["tuned"]["100"]"""
    from helpers.data import store

    rerun = "python -m helpers.molecules measure"
    return store.results_for_model("molecules.json", weights_sha256(), rerun)


def pretrain_molecules(recipe=RECIPE, log=print):
    """The SMILES GPT: the training molecules, canonical and randomised, read for
    recipe["steps"] steps; no property was read. Returns (model, tokenizer, loss).
    Example: model, tok, loss = pretrain_molecules()"""
    train, test = load_molecules()
    tok = smiles_tokenizer(train + test)
    text = train + randomised_smiles(train, recipe["randomised_copies"])
    log(f"{len(train):,} molecules written {len(text):,} ways")
    model = smiles_gpt(tok.vocab_size)
    loss = train_on_smiles(
        model, smiles_rows(text, tok), recipe["steps"], lr=recipe["lr"]
    )
    return model.eval(), tok, loss


def generation_study(model, tok, train, recipe=RECIPE):
    """{temperature: {"gpt": report, "ngram": report}} for recipe["samples"] molecules
    each, the n-gram trained on the same canonical molecules."""
    ngram = CharNgram.train(train, recipe["ngram"])
    return {
        str(t): {
            "gpt": generation_report(
                sample_smiles(model, tok, recipe["samples"], t), train
            ),
            "ngram": generation_report(ngram.sample(recipe["samples"], t), train),
        }
        for t in recipe["temperatures"]
    }


def property_study(model, tok, train, test, name, seeds, recipe=RECIPE, log=print):
    """R² on the held-out molecules for each number of labels and seed, three ways:
    the pretrained GPT tuned ("tuned"), the same GPT from scratch ("scratch") and ridge
    on Morgan fingerprints ("fingerprints"). {way: {labels: [R² per seed]}}"""
    import copy

    truth = property_values(test, name)
    test_rows, test_fp = smiles_rows(test, tok), fingerprints(test)
    found = {way: {} for way in ("tuned", "scratch", "fingerprints")}
    for k in recipe["labels"]:
        for way in found:
            found[way][str(k)] = []
        for seed in seeds:
            pick = np.random.default_rng(seed).choice(len(train), k, replace=False)
            x = [train[i] for i in pick]
            y, rows = property_values(x, name), smiles_rows(x, tok)
            tuned = tune_property(
                copy.deepcopy(model), rows, y, recipe["tune_steps"],
                recipe["tune_lr"], seed,
            )  # fmt: skip
            scratch = tune_property(
                smiles_gpt(tok.vocab_size, seed=seed), rows, y, recipe["tune_steps"],
                recipe["scratch_lr"], seed,
            )  # fmt: skip
            ridge = fingerprint_ridge(x, y)
            for way, predicted in [
                ("tuned", tuned.predict(test_rows)),
                ("scratch", scratch.predict(test_rows)),
                ("fingerprints", ridge.predict(test_fp)),
            ]:
                found[way][str(k)].append(round(r_squared(predicted, truth), 4))
            log(f"{name}, {k} labels, seed {seed}: "
                f"{ {w: found[w][str(k)][-1] for w in found} }")  # fmt: skip
    return found


def build_parser():
    from helpers.domain_cli import domain_parser

    p, _, _ = domain_parser(
        "helpers.molecules",
        "molecules",
        "molecules.json",
        "Lesson 12's SMILES GPT and its measurements.",
        "pretrain the SMILES GPT on the NCI molecules (about 30 min on 1 thread)",
        "generation against a character n-gram; QED and logP from few labels, "
        "tuned against scratch and fingerprint ridge (about 8 min)",
    )
    return p


def main(argv=None):
    import time

    from helpers.domain_cli import (
        parse_domain_args,
        run_record,
        save_pretrained,
        say,
        write_study,
    )

    args = parse_domain_args(build_parser(), argv)
    start = time.perf_counter()
    if args.command == "pretrain":
        model, tok, loss = pretrain_molecules(log=say)
        extra = run_record(args, RECIPE, loss, time.perf_counter() - start)
        extra["molecules"] = len(load_molecules()[0])
        card = model_card(extra, model.num_parameters())
        save_pretrained(args, model, tok, extra, card, SHIPPED, MOLECULE_FILES)
        return
    model, tok, meta = load_molecule_model(args.pretrained)
    train, test = load_molecules()
    seeds = list(range(args.seeds))
    results = {
        "recipe": RECIPE,
        "seeds": seeds,
        "pretrained_sha256": weights_sha256(args.pretrained),
        "generation": generation_study(model, tok, train),
    }
    say(results["generation"])
    for name in PROPERTIES:
        results[name] = property_study(model, tok, train, test, name, seeds, log=say)
    write_study(args, results, start)


if __name__ == "__main__":
    main()
