"""The project's data files, verified against data/manifest.json before use.

Handles: finding a shipped file, checking its sha256, clear errors when it is missing
or altered. Leaves out: downloading (nothing here touches the network).
"""
import hashlib
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
MANIFEST = DATA_DIR / "manifest.json"
REBUILD_HINT = "restore it with `git checkout -- data/` or rebuild it with `python -m helpers.data build`"


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
        raise DataFileError(f"{manifest} is missing; {REBUILD_HINT}")
    return json.loads(Path(manifest).read_text(encoding="utf-8"))


def data_path(name, verify=True):
    """Path of a shipped file, e.g. data_path('corpus/train.txt'), checked against the manifest."""
    path = DATA_DIR / name
    entries = read_manifest()
    if name not in entries:
        raise DataFileError(f"data/{name} is not listed in data/manifest.json; known files: {sorted(entries)[:8]} ...")
    if not path.exists():
        raise DataFileError(f"data/{name} is missing; {REBUILD_HINT}")
    if verify and sha256_of(path) != entries[name]["sha256"]:
        raise DataFileError(f"data/{name} does not match its sha256 in data/manifest.json (was it edited?); {REBUILD_HINT}")
    return path


def read_text(name):
    """The text of a shipped file, verified. Example: read_text('corpus/train.txt')[:20]"""
    return data_path(name).read_text(encoding="utf-8")


def write_manifest(names, manifest=None):
    """Record the sha256 and size of each file under data/ (names relative to data/)."""
    manifest = MANIFEST if manifest is None else manifest
    entries = {}
    for name in sorted(names):
        path = DATA_DIR / name
        entries[name] = {"sha256": sha256_of(path), "bytes": path.stat().st_size}
    Path(manifest).write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    return entries


def update_manifest(names, manifest=None):
    """Add or refresh the entries of `names` (relative to data/), keeping every other entry.

    Example: update_manifest(["foundation/model.safetensors"])
    """
    manifest = MANIFEST if manifest is None else manifest
    entries = read_manifest(manifest) if Path(manifest).exists() else {}
    for name in names:
        path = DATA_DIR / name
        entries[name] = {"sha256": sha256_of(path), "bytes": path.stat().st_size}
    Path(manifest).write_text(json.dumps(dict(sorted(entries.items())), indent=2) + "\n", encoding="utf-8")
    return entries


def write_results(path, results):
    """Write a sweep's results as JSON to `path`; when that is under data/results/, refresh its
    manifest line too, so the lessons that read it accept it. Returns the Path.

    Example: write_results("data/results/scaling.json", {"fits": ...})
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if path.resolve().parent == (DATA_DIR / "results").resolve():
        update_manifest([f"results/{path.name}"])
    return path


def verify_all():
    """Check every file listed in the manifest; return their names. Raises DataFileError on the first bad one."""
    names = sorted(read_manifest())
    for name in names:
        data_path(name)
    return names
