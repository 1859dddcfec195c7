"""The project's data files, verified against data/manifest.json before use.

Handles: finding a shipped file (under helpers.paths.DATA_DIR), checking its sha256,
clear errors when it is missing or altered, and writing a sweep's results or the
manifest atomically (helpers.safe_output), results under data/ only when asked with
force. Leaves out: downloading (nothing here touches the network) and making the data
files (the build-time package datagen does that).
"""

import hashlib
import json
import struct
from pathlib import Path

from helpers.paths import DATA_DIR, MANIFEST
from helpers.safe_output import check_output, write_text_atomically

REBUILD_HINT = (
    "restore it with `git checkout -- data/` or rebuild it with "
    "`python -m datagen build --force`"
)
# Files that `datagen build` does not make, by path under data/: how to get each back.
REBUILD_HINTS = {
    "manifest.json": "restore it with `git checkout -- data/manifest.json`",
    "wild": "restore it with `git checkout -- data/wild` (written by hand, no command)",
    "code_tasks": (
        "restore it with `git checkout -- data/code_tasks` (written by hand, no command)"
    ),
    "coder": (
        "restore it with `git checkout -- data/coder` or retrain it with "
        "`python -m helpers.code_completion pretrain --out data/coder --force` "
        "(about 20 min on 2 cores)"
    ),
    "results/code.json": (
        "restore it with `git checkout -- data/results/code.json` or rerun the "
        "measurement with `python -m helpers.code_completion measure --out "
        "data/results/code.json --force` (about 5 min on 2 cores)"
    ),
    "search": (
        "restore it with `git checkout -- data/search` or tune it again with "
        "`python -m helpers.search tune --out data/search --force` "
        "(about 7 min on 2 cores)"
    ),
    "search_questions": (
        "restore it with `git checkout -- data/search_questions` (written by hand, no "
        "command)"
    ),
    "results/search.json": (
        "restore it with `git checkout -- data/results/search.json` or rerun the "
        "measurement with `python -m helpers.search measure --out "
        "data/results/search.json --force` (about 20 min on 2 cores)"
    ),
    "foundation": (
        "restore it with `git checkout -- data/foundation` or retrain it with "
        "`python -m helpers.pretrain --out data/foundation --force` "
        "(about 40 min on 2 cores)"
    ),
    "pictures": (
        "restore it with `git checkout -- data/pictures` or retrain it with "
        "`python -m helpers.images pretrain --out data/pictures --force` "
        "(about a minute on 2 cores)"
    ),
    "molecules": (
        "restore it with `git checkout -- data/molecules` or retrain it with "
        "`python -m helpers.molecules pretrain --out data/molecules --force --threads 1` "
        "(about 30 min on one core)"
    ),
    "inspection": (
        "restore it with `git checkout -- data/inspection` or retrain it with "
        "`python -m helpers.inspection pretrain --out data/inspection --force "
        "--threads 1` (about 9 min on one core)"
    ),
    "forecaster": (
        "restore it with `git checkout -- data/forecaster` or retrain it with "
        "`python -m helpers.forecasting pretrain --out data/forecaster --force` "
        "(about 10 min on 2 cores)"
    ),
    "automation": (
        "restore it with `git checkout -- data/automation` or retrain it with "
        "`python -m helpers.automation pretrain --out data/automation --force` "
        "(about 12 min on 2 cores)"
    ),
    "results/automation.json": (
        "restore it with `git checkout -- data/results/automation.json` or rerun the "
        "measurement with `python -m helpers.automation measure --out "
        "data/results/automation.json --force --seeds 2` (about 32 min on 2 cores)"
    ),
    "results/assistant.json": (
        "restore it with `git checkout -- data/results/assistant.json` or rerun the "
        "measurement with `python -m helpers.assistant measure --out "
        "data/results/assistant.json --force` (about 13 min on 2 cores)"
    ),
    "results/forecasts.json": (
        "restore it with `git checkout -- data/results/forecasts.json` or rerun the "
        "measurement with `python -m helpers.forecasting measure --out "
        "data/results/forecasts.json --force`"
    ),
    "results/molecules.json": (
        "restore it with `git checkout -- data/results/molecules.json` or rerun the "
        "measurement with `python -m helpers.molecules measure --out "
        "data/results/molecules.json --force`"
    ),
    "results/pictures.json": (
        "restore it with `git checkout -- data/results/pictures.json` or rerun the "
        "measurement with `python -m helpers.images measure --out "
        "data/results/pictures.json --force`"
    ),
    "results/scaling.json": (
        "restore it with `git checkout -- data/results/scaling.json` or rerun the "
        "sweep with `python -m helpers.scaling --out data/results/scaling.json --force`"
    ),
    "results/label_efficiency.json": (
        "restore it with `git checkout -- data/results/label_efficiency.json` or "
        "rerun the sweep with `python -m helpers.sweeps label-efficiency --out "
        "data/results/label_efficiency.json --force`"
    ),
    "results/prompt_tuning.json": (
        "restore it with `git checkout -- data/results/prompt_tuning.json` or rerun "
        "the sweep with `python -m helpers.sweeps prompting --out "
        "data/results/prompt_tuning.json --force`"
    ),
    "results/verdict_ablation.json": (
        "restore it with `git checkout -- data/results/verdict_ablation.json` or "
        "retrain the two ablations (`python -m helpers.pretrain --without-verdicts pairs "
        "--out runs/ablation_pairs`, then `--without-verdicts all --out runs/ablation_all`, "
        "about 45 min each on 2 cores) and rerun `python -m helpers.sweeps verdicts "
        "--checkpoints runs/ablation_pairs runs/ablation_all "
        "--out data/results/verdict_ablation.json --force`"
    ),
} | {
    f"results/trust_{part}.json": (
        f"restore it with `git checkout -- data/results/trust_{part}.json` or rerun "
        f"the experiment with `python -m helpers.trust {part} --out "
        f"data/results/trust_{part}.json --force`"
    )
    for part in ("memorisation", "membership", "bias", "toxicity", "calibration")
}


def rebuild_hint(name):
    """How to get data/<name> back.

    Example: rebuild_hint("foundation/config.json")
        -> 'restore it with `git checkout -- data/foundation` or retrain it with ...'
    """
    for prefix, hint in REBUILD_HINTS.items():
        if name == prefix or name.startswith(prefix + "/"):
            return hint
    return REBUILD_HINT


class DataFileError(RuntimeError):
    """A shipped data file is missing, altered or not listed in the manifest."""


def sha256_of(path):
    """Hex sha256 of a file's bytes. Example: sha256_of('data/corpus/train.txt') -> 'a3f1...'"""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(manifest=None):
    """The manifest as {relative path: {"sha256": ..., "bytes": ...}}."""
    manifest = MANIFEST if manifest is None else manifest
    if not Path(manifest).exists():
        raise DataFileError(f"{manifest} is missing; {rebuild_hint('manifest.json')}")
    return json.loads(Path(manifest).read_text(encoding="utf-8"))


def data_path(name, verify=True):
    """Path of a shipped file, e.g. data_path('corpus/train.txt'), checked against the manifest."""
    path = DATA_DIR / name
    entries = read_manifest()
    if name not in entries:
        raise DataFileError(
            f"data/{name} is not listed in data/manifest.json; known files: "
            f"{sorted(entries)[:8]} ..."
        )
    if not path.exists():
        raise DataFileError(f"data/{name} is missing; {rebuild_hint(name)}")
    if verify and sha256_of(path) != entries[name]["sha256"]:
        raise DataFileError(
            f"data/{name} does not match its sha256 in data/manifest.json (was it edited?); "
            f"{rebuild_hint(name)}"
        )
    return path


def read_text(name):
    """The text of a shipped file, verified. Example: read_text('corpus/train.txt')[:20]"""
    return data_path(name).read_text(encoding="utf-8")


def manifest_text(entries):
    """The manifest file's text: entries sorted by name, two-space JSON.

    Example: manifest_text({"b.txt": {"sha256": "ab", "bytes": 2}})
        -> '{\n  "b.txt": {\n    "sha256": "ab", ...'
    """
    return json.dumps(dict(sorted(entries.items())), indent=2) + "\n"


def update_manifest(names, manifest=None):
    """Add or refresh the entries of `names` (relative to data/), keeping every other entry.

    Example: update_manifest(["foundation/model.safetensors"])
    """
    manifest = MANIFEST if manifest is None else manifest
    entries = read_manifest(manifest) if Path(manifest).exists() else {}
    for name in names:
        path = DATA_DIR / name
        entries[name] = {"sha256": sha256_of(path), "bytes": path.stat().st_size}
    write_text_atomically(manifest, manifest_text(entries))
    return entries


def rounded(value):
    """Floats rounded to 4 digits, tuples as lists, all the way down: a run's results as the
    JSON the lessons ship. Example: rounded({"auc": (0.123456, 1)}) -> {'auc': [0.1235, 1]}"""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(v) for v in value]
    return value


def write_results(path, results, force=False):
    """Write a sweep's results as JSON to `path` in one step; return the Path. A path under data/
    (the shipped results) is refused unless force=True; under data/results/ its manifest line is
    refreshed too, so the lessons that read it accept it.

    Example: write_results("runs/results/scaling.json", {"fits": ...})
    """
    path = check_output(path, force=force, kind="file")
    write_text_atomically(path, json.dumps(results, indent=1) + "\n")
    if path.resolve().parent == (DATA_DIR / "results").resolve():
        update_manifest([f"results/{path.name}"])
    return path


def results_for_model(name, sha256, rerun):
    """data/results/<name>, refused when it was measured on other weights than those whose
    sha256 is given (its numbers would describe another model); `rerun` is the command
    that makes it again. Example: results_for_model("pictures.json", sha, "python -m ...")
    """
    results = json.loads(data_path(f"results/{name}").read_text(encoding="utf-8"))
    if results.get("pretrained_sha256") != sha256:
        raise ValueError(
            f"data/results/{name} was measured on another model than the shipped one; "
            f"rerun `{rerun} --out data/results/{name} --force`"
        )
    return results


def weights_sha256(folder, directory=None):
    """sha256 of a model's weights, which its measured results record: those in
    `directory`, or without one the shipped data/<folder>. It reads the tensors (each
    one's name, dtype, shape and bytes, in name order), not the file, whose header also
    holds metadata: the same weights give the same sha256 however they were saved.
    Example: weights_sha256("molecules") -> "9b0e..." """
    base = Path(directory) if directory else DATA_DIR / folder
    raw = (base / "model.safetensors").read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    header.pop("__metadata__", None)
    digest, start = hashlib.sha256(), 8 + size
    for name, info in sorted(header.items()):
        begin, end = info["data_offsets"]
        digest.update(f"{name} {info['dtype']} {info['shape']}\n".encode())
        digest.update(raw[start + begin : start + end])
    return digest.hexdigest()


def shipped_folder(folder, names):
    """data/<folder>, after checking each of its files `names` against the manifest (a
    clear DataFileError when one is missing or altered). Example: shipped_folder(
    "pictures", ["config.json", ...]) -> PosixPath('.../data/pictures')"""
    for name in names:
        data_path(f"{folder}/{name}")
    return DATA_DIR / folder


def record_if_shipped(out, folder, names):
    """When `out` is the shipped folder data/<folder>, refresh its files' lines in
    data/manifest.json (a command writes there only when asked with --force).

    Example: record_if_shipped("data/pictures", "pictures", ["config.json", ...])
    """
    if Path(out).resolve() == (DATA_DIR / folder).resolve():
        update_manifest([f"{folder}/{name}" for name in names])


def verify_all():
    """Check every file listed in the manifest; return their names. Raises DataFileError
    on the first bad one."""
    names = sorted(read_manifest())
    for name in names:
        data_path(name)
    return names
