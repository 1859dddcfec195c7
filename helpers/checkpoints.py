"""Checkpoints: a trained GPT and its tokenizer in a folder, loadable without pickle.

Handles: `save_checkpoint(dir, model, tokenizer, extra)` writing three files,
    model.safetensors   the weights (safetensors: plain tensors, no code runs on load)
    config.json         the GPTConfig, plus whatever `extra` you pass (e.g. training notes)
    tokenizer.json      the tokenizer (see helpers.tokenizers)
and `load_checkpoint(dir)` giving back (model, tokenizer, meta), with a clear
error when the weights do not fit the config.
Leaves out: optimizer state and resuming a run (lessons retrain from scratch
or tune from a finished checkpoint), and never uses torch.load / pickle.
"""
import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from helpers.gpt import GPT, GPTConfig
from helpers.tokenizers import load_tokenizer

FORMAT = 1
TIED = "lm_head.weight"  # the output head shares the token embedding; stored once


def save_checkpoint(directory, model, tokenizer, extra=None):
    """Write model.safetensors, config.json and tokenizer.json into `directory`; return its Path.

    Example: save_checkpoint("checkpoints/tiny", model, tok, extra={"val_loss": 1.52})
    """
    if not isinstance(model, GPT):
        body = getattr(model, "body", None)
        raise TypeError(f"save_checkpoint saves a GPT, got {type(model).__name__}"
                        + ("; pass model.body to save the pretrained body" if isinstance(body, GPT) else ""))
    if tokenizer.vocab_size > model.config.vocab_size:
        raise ValueError(f"tokenizer has {tokenizer.vocab_size} tokens but the model only "
                         f"{model.config.vocab_size}; build GPTConfig(vocab_size=tok.vocab_size)")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tensors = {name: t.detach().to("cpu").contiguous()
               for name, t in model.state_dict().items() if name != TIED}
    save_file(tensors, str(directory / "model.safetensors"), metadata={"format": str(FORMAT)})
    meta = {"format": FORMAT, "model": "GPT", "config": model.config.to_dict(),
            "parameters": model.num_parameters(), "extra": extra or {}}
    (directory / "config.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    tokenizer.save(directory / "tokenizer.json")
    return directory


def load_checkpoint(directory, device="cpu"):
    """Read a folder written by `save_checkpoint`: returns (model in eval mode, tokenizer, meta).

    meta is the parsed config.json; meta["extra"] holds what was passed as `extra`.
    Example: model, tok, meta = load_checkpoint("checkpoints/tiny")
    """
    directory = Path(directory)
    for name in ("model.safetensors", "config.json", "tokenizer.json"):
        if not (directory / name).exists():
            raise FileNotFoundError(f"{directory / name} is missing; a checkpoint folder holds "
                                    f"model.safetensors, config.json and tokenizer.json "
                                    f"(written by save_checkpoint)")
    meta = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    try:
        config = GPTConfig(**meta["config"])
    except (KeyError, TypeError) as err:
        raise ValueError(f"{directory / 'config.json'} does not describe a GPTConfig ({err}); "
                         f"re-create the checkpoint with save_checkpoint") from None
    model = GPT(config)
    tensors = load_file(str(directory / "model.safetensors"))
    expected = {name: t for name, t in model.state_dict().items() if name != TIED}
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    if missing or unexpected:
        which = f"tensor {missing[0]!r} is missing from" if missing else f"tensor {unexpected[0]!r} is not expected in"
        raise ValueError(f"{which} model.safetensors for the config in config.json "
                         f"(n_layer={config.n_layer}, bias={config.bias}); the config and the weights "
                         f"come from different models: re-save both with save_checkpoint")
    for name, want in expected.items():  # in the model's order, so the first mismatch is named
        t = tensors[name]
        if t.shape != want.shape:
            raise ValueError(f"tensor {name!r} has shape {tuple(t.shape)} in model.safetensors but "
                             f"config.json implies {tuple(want.shape)}; the config and the "
                             f"weights come from different models: re-save both with save_checkpoint")
    tensors[TIED] = tensors["transformer.wte.weight"]
    model.load_state_dict(tensors)
    tokenizer = load_tokenizer(directory / "tokenizer.json")
    if tokenizer.vocab_size > config.vocab_size:
        raise ValueError(f"tokenizer.json has {tokenizer.vocab_size} tokens but the model only "
                         f"{config.vocab_size}; the tokenizer belongs to another checkpoint")
    return model.to(device).eval(), tokenizer, meta
