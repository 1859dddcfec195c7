"""Build every file under data/ from a fixed seed, then record them in data/manifest.json.

Handles: calling each generator, writing its files byte for byte the same on every run
(no set or hash order is ever iterated; all randomness comes from `random.Random(seed)`),
checks that the lessons rely on (held-out sayings absent from train, "spilled" -> "milk"),
and a manifest for a build into another folder (`--out`) so a test can compare the two.
Leaves out: downloading anything; checkpoints (other commands build those).
"""
import json
import re
import time
from pathlib import Path

from helpers.data import corpus, directory, entities, sayings as pv, sentiment, store, trust
from helpers.data.stats import normalise

SEED = 20240601   # one seed for everything; change it and every file changes


def corpus_files(seed):
    """{relative path: text} for the pretraining corpus and its saying lists."""
    train, valid = corpus.build_corpus(seed)
    heldout = pv.heldout_list()
    check_heldout_absent("\n\n".join(train), heldout)
    sayings = "".join(f"{s}\t{'heldout' if s in heldout else 'train'}\n" for s in pv.saying_list())
    return {
        "corpus/train.txt": "\n\n".join(train) + "\n",
        "corpus/valid.txt": "\n\n".join(valid) + "\n",
        "corpus/proverbs.txt": sayings,
        "corpus/heldout_proverbs.txt": "".join(s + "\n" for s in pv.saying_list() if s in heldout),
        "corpus/reviews.txt": "\n\n".join(corpus.build_review_site(seed + 7)) + "\n",
        "corpus/directory.txt": "\n\n".join(directory.build_directory(seed + 8)) + "\n",
    }


def check_heldout_absent(train_text, heldout):
    flat = normalise(train_text)
    leaked = [s for s in heldout if normalise(s) in flat]
    if leaked:
        raise RuntimeError(f"held-out sayings leaked into the train corpus: {leaked}")


def all_files(seed=SEED):
    """Every data file as {relative path: text}, in a fixed order."""
    files = {}
    files.update(corpus_files(seed))
    for module in (sentiment, entities, trust):
        files.update(module.files(seed, files))
    return files


def manifest_entries(root, names):
    """{name: {'sha256', 'bytes'}} for files under root, the format of data/manifest.json."""
    return {name: {"sha256": store.sha256_of(Path(root) / name), "bytes": (Path(root) / name).stat().st_size} for name in sorted(names)}


def build(out=None, seed=SEED, verbose=True):
    """Write every file into `out` (default data/) and its manifest.json. Returns the manifest entries."""
    start = time.perf_counter()
    root = Path(out) if out else store.DATA_DIR
    files = all_files(seed)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    if root.resolve() == store.DATA_DIR.resolve():
        entries = store.update_manifest(files)  # keeps the lines of files other commands write (checkpoints, results)
    else:
        entries = manifest_entries(root, files)
        (root / "manifest.json").write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    if verbose:
        total = sum(e["bytes"] for e in entries.values())
        print(f"wrote {len(entries)} files, {total / 1e6:.2f} MB, into {root} in {time.perf_counter() - start:.1f} s")
    return entries
