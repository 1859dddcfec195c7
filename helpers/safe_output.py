"""Writing a command's output without losing anyone's work.

Handles: checking an output path before any work starts (`check_output`: nothing under data/
without force, no folder of someone else's files, a parent we can write to), the `--out` and
`--force` options every writing command shares, writing a folder or a file atomically
(`replacing_folder`, `write_text_atomically`: written beside the target under a temporary name,
then renamed into place, so a reader sees the old version or the new one, never half of each),
and counting the optimizer steps a run has finished, so an interrupted run can say where it stopped.
Leaves out: fsync (a power cut can still lose the newest write) and locking against two commands
writing the same path at once.
"""

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from helpers.paths import DATA_DIR

CHECKPOINT_NAMES = (
    "model.safetensors",
    "config.json",
    "tokenizer.json",
    "MODEL_CARD.md",
)  # what our folders hold
OUR_MODELS = (
    "GPT",
    "GPT parts",
)  # config.json's "model" in them (parts: helpers.search)
FORCE_HELP = (
    "replace what --out holds even when it is under data/ (the shipped files; their manifest lines "
    "are refreshed) or a folder of other files"
)


class OutputRefused(ValueError):
    """An output path that would overwrite someone's work, or that cannot be written."""


def is_under_data(path):
    """True for data/ and anything inside it.
    Example: is_under_data('data/results/x.json') -> True"""
    data, path = DATA_DIR.resolve(), Path(path).resolve()
    return path == data or data in path.parents


def _json_object(path):
    """The JSON object in the file `path`, or None when it is missing, not JSON or not an object."""
    try:
        found = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return found if isinstance(found, dict) else None


def foreign_contents(path, kind):
    """What at `path` is not output of ours (a phrase for an error), or None when it may
    be replaced.

    Ours to replace: nothing, an empty folder, and for kind "folder" a checkpoint folder
    (config.json's "model" is one of OUR_MODELS and it holds only CHECKPOINT_NAMES), for kind
    "file" a JSON object (an earlier result).
    Example: foreign_contents(Path("notes"), "folder")
        -> 'a folder of files that are not a checkpoint (todo.txt)'
    """
    if not path.exists() or (path.is_dir() and not any(path.iterdir())):
        return None
    if kind == "file":
        return (
            "a folder"
            if path.is_dir()
            else None
            if _json_object(path)
            else "a file that is not a JSON result"
        )
    if not path.is_dir():
        return "a file"
    names = sorted(p.name for p in path.iterdir())
    if (_json_object(path / "config.json") or {}).get("model") not in OUR_MODELS:
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        return f"a folder of files that are not a checkpoint ({shown})"
    others = [name for name in names if name not in CHECKPOINT_NAMES]
    return (
        f"a checkpoint folder that also holds {', '.join(others[:3])}"
        if others
        else None
    )


def check_output(path, force=False, kind="folder"):
    """Refuse (OutputRefused) an output path that would lose someone's work; return it as a Path.

    Call it before the work starts. `kind` is "folder" (a checkpoint) or "file" (a JSON
    result). Refused without force: a path under data/, an existing folder of files that
    is not a checkpoint of ours, an existing file that is not JSON. Refused always: a
    path whose folder cannot be written.
    Example: check_output("data/foundation")
        -> OutputRefused: refusing to write data/foundation: ...
    """
    path = Path(path)
    if not force and is_under_data(path):
        raise OutputRefused(
            f"refusing to write {path}: it is under data/, where the shipped files live; "
            f"pass --force to replace them (force=True in Python), or write under runs/"
        )
    what = None if force else foreign_contents(path, kind)
    if what:
        raise OutputRefused(
            f"refusing to write {path}: it is {what}; pass --force to replace it "
            f"(force=True in Python), or choose a new {kind}"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=f".{path.name}.probe-", dir=path.parent)
        os.close(handle)
        os.remove(probe)
    except OSError as err:
        reason = (
            "is a file, not a folder"
            if isinstance(err, FileExistsError)
            else f"{err.strerror or err}"
        )
        raise OutputRefused(
            f"cannot write {path}: {err.filename or path.parent}: {reason}; "
            f"choose a folder you can write to"
        ) from None
    return path


def add_output_options(parser, default, what):
    """Add --out (default `default`) and --force, with the same wording in every command.

    Example: add_output_options(parser, "runs/results/scaling.json", "JSON file")
    """
    parser.add_argument(
        "--out",
        default=default,
        help=f"{what} to write (default {default}); a path under data/ needs --force",
    )
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)


def check_output_option(parser, args, kind="folder"):
    """Exit with status 2 and the reason when args.out is refused by `check_output`;
    call it before any work."""
    try:
        check_output(args.out, force=args.force, kind=kind)
    except OutputRefused as err:
        parser.error(str(err))


def _umask_mode(mode):
    """`mode` less the process umask, what a plain open() would give.
    Example: _umask_mode(0o666) -> 0o644"""
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


def _swap_into_place(new, target):
    """Rename `new` to `target`; an old `target` is renamed aside first (and back if
    that fails) and deleted after."""
    old = None
    if target.exists() or target.is_symlink():
        old = (
            Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            / target.name
        )
        os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)
            old.parent.rmdir()
        raise
    if old is not None:
        shutil.rmtree(old.parent)


@contextmanager
def replacing_folder(target):
    """Yield an empty temporary folder beside `target`; when the block ends without an
    error it replaces `target` (old contents and all), on an error or Ctrl-C it is
    deleted and `target` is left as it was.

    Example:
        with replacing_folder("runs/ck") as folder:
            (folder / "config.json").write_text("{}")
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.writing-", dir=target.parent)
    )
    try:
        yield folder
        for file in folder.iterdir():
            file.chmod(_umask_mode(0o666))
        folder.chmod(_umask_mode(0o777))
        _swap_into_place(folder, target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def write_text_atomically(path, text):
    """Write `text` (UTF-8, "\\n" line ends) to a temporary file beside `path`, then
    rename it over `path`.

    Example: write_text_atomically("runs/results/scaling.json", "{}\\n")
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.writing-", dir=path.parent
    )
    try:
        with open(handle, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(temporary, _umask_mode(0o666))
        os.replace(temporary, path)
    except BaseException:
        os.remove(temporary)
        raise
    return path


@contextmanager
def counting_optimizer_steps():
    """Count the optimizer steps finished inside the block (by any torch optimizer), e.g. to record
    how far a run got when Ctrl-C stopped it.

    Example:
        with counting_optimizer_steps() as done:
            train(model, ids, steps=10, progress=False)
        done.steps -> 10
    """
    from torch.optim.optimizer import (
        register_optimizer_step_post_hook,  # here: helpers.data stays light
    )

    done = SimpleNamespace(steps=0)

    def count(optimizer, args, kwargs):
        done.steps += 1

    handle = register_optimizer_step_post_hook(count)
    try:
        yield done
    finally:
        handle.remove()
