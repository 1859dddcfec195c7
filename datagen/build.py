"""Build every file under data/ from a fixed seed; record them in data/manifest.json.

Handles: calling each generator, writing its files byte for byte the same on every run
(no set or hash order is ever iterated; all randomness comes from
`random.Random(seed)`), checks that the lessons rely on (held-out sayings absent from
train, "spilled" -> "milk"), and a manifest for a build into another folder (`--out`) so
a test can compare the two. A build never changes an existing file's bytes unless asked
with force=True (`--force`): a file that would differ is named and nothing is written;
each file is written atomically.
Leaves out: downloading anything; checkpoints and sweep results (other commands build
those; their manifest lines are kept).
"""

import hashlib
import json
import time
from pathlib import Path

from datagen import corpus, directory, english, entities, sentiment, trust
from datagen import sayings as pv
from datagen.text import normalise
from helpers.data import store
from helpers.safe_output import OutputRefused, write_text_atomically

SEED = 20240601  # one seed for everything; change it and every file changes


def corpus_files(seed):
    """{relative path: text} for the pretraining corpus and its saying lists."""
    train, valid = corpus.build_corpus(seed)
    heldout = pv.heldout_list()
    check_heldout_absent("\n\n".join(train), heldout)
    sayings = "".join(
        f"{s}\t{'heldout' if s in heldout else 'train'}\n" for s in pv.saying_list()
    )
    return {
        "corpus/train.txt": "\n\n".join(train) + "\n",
        "corpus/valid.txt": "\n\n".join(valid) + "\n",
        "corpus/proverbs.txt": sayings,
        "corpus/heldout_proverbs.txt": "".join(
            s + "\n" for s in pv.saying_list() if s in heldout
        ),
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
    # Before the entity sets: the foundation model reads the broad text too, so the
    # unseen names avoid its words as well.
    files["corpus/broad.txt"] = broad_text(seed + 9)
    for module in (sentiment, entities, trust):
        files.update(module.files(seed, files))
    return files


def broad_text(seed):
    """corpus/broad.txt: broad everyday English (datagen.english); like train.txt, it
    holds no held-out saying."""
    text = "\n\n".join(english.build_broad(seed)) + "\n"
    check_heldout_absent(text, pv.heldout_list())
    return text


def manifest_entries(files):
    """{name: {'sha256', 'bytes'}} for {name: text}, the format of data/manifest.json.

    Example: manifest_entries({"a.txt": "hi"})
    -> {'a.txt': {'sha256': '8f434346...', 'bytes': 2}}
    """
    return {
        name: {
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "bytes": len(text.encode("utf-8")),
        }
        for name, text in sorted(files.items())
    }


def planned_writes(root, files):
    """({path: text} of everything a build into `root` writes, the manifest's path).
    Into data/, the manifest keeps the lines of files other commands write (checkpoints,
    results).
    """
    entries = manifest_entries(files)
    into_data = root.resolve() == store.DATA_DIR.resolve()
    manifest = store.MANIFEST if into_data else root / "manifest.json"
    if into_data and manifest.exists():
        entries = {**store.read_manifest(), **entries}
    return {root / name: text for name, text in files.items()} | {
        manifest: store.manifest_text(entries)
    }, manifest


def only_adds_lines(manifest, text):
    """Whether the manifest `text` keeps every entry the file `manifest` has (a build
    that only adds files).

    Example: only_adds_lines(Path("data/manifest.json"), store.manifest_text({}))
    -> False
    """
    new = json.loads(text)
    return all(
        new.get(name) == entry
        for name, entry in json.loads(manifest.read_text(encoding="utf-8")).items()
    )


def build(out=None, seed=SEED, verbose=True, force=False):
    """Write every file into `out` (default data/) and its manifest.json. Returns the
    data files' manifest entries.

    Files already holding the right bytes are left alone; without force, a file that
    would change raises OutputRefused naming it, before anything is written.
    Example: build("runs/data")
    -> {'corpus/directory.txt': {'sha256': ..., 'bytes': ...}, ...}
    """
    start = time.perf_counter()
    root = Path(out) if out else store.DATA_DIR
    files = all_files(seed)
    planned, manifest = planned_writes(root, files)
    writes = {
        path: text
        for path, text in planned.items()
        if not path.is_file() or path.read_bytes() != text.encode("utf-8")
    }
    changed = [
        path
        for path, text in writes.items()
        if path.exists() and not (path == manifest and only_adds_lines(path, text))
    ]
    if changed and not force:
        more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
        raise OutputRefused(
            f"refusing to build: {changed[0]}{more} would change; "
            "pass --force to overwrite (force=True in Python), "
            "or build into another folder with --out DIR"
        )
    for path, text in writes.items():
        write_text_atomically(path, text)
    entries = manifest_entries(files)
    if verbose:
        total = sum(e["bytes"] for e in entries.values())
        up_to_date = len(files) + 1 - len(writes)
        print(
            f"wrote {len(writes)} files ({up_to_date} already up to date) into {root}: "
            f"{len(entries)} data files, {total / 1e6:.2f} MB, and manifest.json, "
            f"in {time.perf_counter() - start:.1f} s"
        )
    return entries
