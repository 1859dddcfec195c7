"""Checkpoints: a trained GPT and its tokenizer in a folder, loadable without pickle.

Handles: `save_checkpoint(dir, model, tokenizer, extra)` writing three files,
    model.safetensors   the weights (safetensors: plain tensors, no code runs on load),
                        and the GPTConfig again in its metadata (format 2)
    config.json         the GPTConfig, plus whatever `extra` you pass (e.g. training notes)
    tokenizer.json      the tokenizer (see helpers.tokenizers); a model whose tokens are not
                        text (pictures: helpers.images) passes tokenizer=None, and its
                        config.json says "tokenizer": null instead
all at once (written beside the folder, then swapped in: helpers.safe_output), byte for
byte the same when the same weights are saved again (`canonical_safetensors`), and never
weights that are NaN or infinite; and `load_checkpoint(dir)` giving back (model, tokenizer, meta),
with a clear error naming the file when the weights do not fit the config, a file is damaged or
a weight is not finite. Format-1 folders (no config in the weights' metadata) still load.
Leaves out: optimizer state and resuming a run (lessons retrain from scratch
or tune from a finished checkpoint), and never uses torch.load / pickle.
"""

import json
import struct
from pathlib import Path

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save

from helpers.gpt import GPT, GPTConfig
from helpers.safe_output import check_output, replacing_folder
from helpers.tokenizers import load_tokenizer

FORMAT = (
    2  # 2: the GPTConfig is in model.safetensors' metadata too; 1: only in config.json
)
TIED = "lm_head.weight"  # the output head shares the token embedding; stored once


def save_checkpoint(directory, model, tokenizer, extra=None, files=None, force=False):
    """Write model.safetensors, config.json and tokenizer.json (and `files`, {name: text}) as the
    folder `directory`, replacing an earlier checkpoint there in one step; return its Path.

    Refuses (helpers.safe_output.OutputRefused) a folder under data/ or one holding other files,
    unless force=True. Example: save_checkpoint("runs/tiny", model, tok, extra={"val_loss": 1.52})
    """
    if not isinstance(model, GPT):
        body = getattr(model, "body", None)
        raise TypeError(
            f"save_checkpoint saves a GPT, got {type(model).__name__}"
            + (
                "; pass model.body to save the pretrained body"
                if isinstance(body, GPT)
                else ""
            )
        )
    if tokenizer is not None and tokenizer.vocab_size > model.config.vocab_size:
        raise ValueError(
            f"tokenizer has {tokenizer.vocab_size} tokens but the model only "
            f"{model.config.vocab_size}; build GPTConfig(vocab_size=tok.vocab_size)"
        )
    tensors = {
        name: t.detach().to("cpu").contiguous()
        for name, t in model.state_dict().items()
        if name != TIED
    }
    bad = first_not_finite(tensors)
    if bad:
        raise ValueError(
            f"tensor {bad!r} holds NaN or infinite values, so the checkpoint was not saved: "
            f"the training diverged; train again with a lower --lr or with --grad-clip 1.0"
        )
    directory = check_output(directory, force=force)
    metadata = {
        "format": str(FORMAT),
        "config": json.dumps(model.config.to_dict(), sort_keys=True),
    }
    meta = {
        "format": FORMAT,
        "model": "GPT",
        "config": model.config.to_dict(),
        "parameters": model.num_parameters(),
        "extra": extra or {},
    }
    if tokenizer is None:
        meta["tokenizer"] = None  # load_checkpoint then expects no tokenizer.json
    with replacing_folder(directory) as folder:
        weights = canonical_safetensors(save(tensors, metadata=metadata))
        (folder / "model.safetensors").write_bytes(weights)
        (folder / "config.json").write_text(
            json.dumps(meta, indent=2) + "\n", encoding="utf-8"
        )
        if tokenizer is not None:
            tokenizer.save(folder / "tokenizer.json")
        for name, text in (files or {}).items():
            (folder / name).write_text(text, encoding="utf-8")
    return directory


def canonical_safetensors(raw):
    """A safetensors file's bytes with its metadata keys in sorted order.

    safetensors writes the metadata from a hash map, whose order changes from run to run,
    so the same weights saved twice could make files with different sha256s (and a rebuilt
    model's shipped results would be refused). Sorted, they make the same file. The
    tensors' entries and bytes are kept as they are; the header is padded with spaces to a
    multiple of 8 bytes, as safetensors pads it.
    Example: canonical_safetensors(save(t, metadata={"format": "2", "config": "{}"}))
             -> the bytes with {"__metadata__":{"config":"{}","format":"2"},...}
    """
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    metadata = header.pop("__metadata__", None)
    ordered = (
        {} if metadata is None else {"__metadata__": dict(sorted(metadata.items()))}
    )
    text = json.dumps(ordered | header, separators=(",", ":"), ensure_ascii=False)
    text = text.encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + raw[8 + size :]


def save_interrupted(directory, model, tokenizer, step, extra=None, force=False):
    """Save a run that Ctrl-C stopped after `step` optimizer steps, marked so in
    config.json's extra; return the line that tells the user where it is.

    Example: save_interrupted("runs/tiny", model, tok, 120)
        -> 'interrupted at step 120: the model so far is saved in runs/tiny
        (config.json: "interrupted": true)'
    """
    save_checkpoint(
        directory,
        model,
        tokenizer,
        extra={**(extra or {}), "interrupted": True, "step": step},
        force=force,
    )
    return (
        f"interrupted at step {step}: the model so far is saved in {directory} "
        '(config.json: "interrupted": true)'
    )


def first_not_finite(tensors):
    """Name of the first tensor holding a NaN or an infinity, else None.

    Example: first_not_finite({"a": torch.ones(2), "b": torch.tensor([float("nan")])}) -> 'b'
    """
    return next(
        (name for name, t in tensors.items() if not torch.isfinite(t).all()), None
    )


def damaged_file_error(path, err):
    """The error for a checkpoint file that cannot be read, saying how to get a good one back."""
    return ValueError(
        f"{path} is damaged or not a checkpoint file ({err}); write the checkpoint again "
        f"(rerun the command that made it), or for the shipped model run "
        f"`git checkout -- data/foundation`"
    )


def read_config_json(path):
    """config.json as a dict, and the GPTConfig it describes; a clear error when it is damaged."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        return meta, GPTConfig(**meta["config"])
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise damaged_file_error(path, err) from None
    except (KeyError, TypeError) as err:
        raise ValueError(
            f"{path} does not describe a GPTConfig ({err}); "
            f"re-create the checkpoint with save_checkpoint"
        ) from None


def read_weights(path):
    """model.safetensors as ({name: tensor}, metadata); a clear error when it is
    truncated or damaged."""
    try:
        with safe_open(str(path), framework="pt") as f:
            return {name: f.get_tensor(name) for name in f.keys()}, f.metadata() or {}
    except SafetensorError as err:
        raise damaged_file_error(path, err) from None


def check_saved_config(path, metadata, config):
    """Format 2: the GPTConfig stored with the weights must equal config.json's, key by key.

    Catches what no tensor shape shows, e.g. config.json edited to another n_head.
    """
    if "config" not in metadata:
        return  # format 1: the weights carry no config
    saved, given = json.loads(metadata["config"]), config.to_dict()
    for key in sorted(set(saved) | set(given)):
        if saved.get(key) != given.get(key):
            raise ValueError(
                f"config.json says {key}={given.get(key)!r} but {path} was saved with "
                f"{key}={saved.get(key)!r}; the two files come from different checkpoints: "
                f"restore config.json or re-save both with save_checkpoint"
            )


def require_file(path):
    """Raise a FileNotFoundError naming a checkpoint's missing file and what belongs there."""
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing; a checkpoint folder holds model.safetensors, "
            f"config.json and tokenizer.json (written by save_checkpoint)"
        )


def load_checkpoint(directory, device="cpu"):
    """Read a folder written by `save_checkpoint`: returns (model in eval mode, tokenizer, meta).

    meta is the parsed config.json; meta["extra"] holds what was passed as `extra`. The
    tokenizer is None for a model saved without one (config.json: "tokenizer": null).
    Example: model, tok, meta = load_checkpoint("checkpoints/tiny")
    """
    directory = Path(directory)
    for name in ("model.safetensors", "config.json"):
        require_file(directory / name)
    meta, config = read_config_json(directory / "config.json")
    has_tokenizer = meta.get("tokenizer", "tokenizer.json") is not None
    if has_tokenizer:
        require_file(directory / "tokenizer.json")
    tensors, metadata = read_weights(directory / "model.safetensors")
    model = GPT(config)
    expected = {name: t for name, t in model.state_dict().items() if name != TIED}
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    if missing or unexpected:
        which = (
            f"tensor {missing[0]!r} is missing from"
            if missing
            else f"tensor {unexpected[0]!r} is not expected in"
        )
        raise ValueError(
            f"{which} model.safetensors for the config in config.json "
            f"(n_layer={config.n_layer}, bias={config.bias}); the config and the weights "
            f"come from different models: re-save both with save_checkpoint"
        )
    for (
        name,
        want,
    ) in expected.items():  # in the model's order, so the first mismatch is named
        t = tensors[name]
        if t.shape != want.shape:
            raise ValueError(
                f"tensor {name!r} has shape {tuple(t.shape)} in model.safetensors but "
                f"config.json implies {tuple(want.shape)}; the config and the "
                f"weights come from different models: re-save both with save_checkpoint"
            )
    check_saved_config(
        directory / "model.safetensors", metadata, config
    )  # what shapes cannot show, e.g. n_head
    bad = first_not_finite(tensors)
    if bad:
        raise ValueError(
            f"tensor {bad!r} in {directory / 'model.safetensors'} holds NaN or infinite values; "
            f"the run that wrote it diverged: train again with a lower --lr or with --grad-clip 1.0"
        )
    tensors[TIED] = tensors["transformer.wte.weight"]
    model.load_state_dict(tensors)
    if not has_tokenizer:
        return model.to(device).eval(), None, meta
    try:
        tokenizer = load_tokenizer(directory / "tokenizer.json")
    except (
        UnicodeDecodeError,
        json.JSONDecodeError,
        KeyError,
        TypeError,
        AttributeError,
    ) as err:
        raise damaged_file_error(directory / "tokenizer.json", err) from None
    if tokenizer.vocab_size > config.vocab_size:
        raise ValueError(
            f"tokenizer.json has {tokenizer.vocab_size} tokens but the model only "
            f"{config.vocab_size}; the tokenizer belongs to another checkpoint"
        )
    return model.to(device).eval(), tokenizer, meta
