"""The project's own data, loaded from data/ and verified against data/manifest.json.

Handles: the pretraining corpus, proverbs, labeled sentiment and named-entity sets, and the
trust variants (planted bias, toxicity, canaries). Every loader goes through
`store.read_text`, so an edited file fails loudly. Leaves out: generating the data
(`python -m helpers.data build` does that, see helpers/data/build.py) and the network.
"""
import json

from helpers.data.store import DataFileError, data_path, read_text

SPLITS = ("train", "valid", "test")

__all__ = ["DataFileError", "data_path", "read_text", "corpus_text", "corpus_documents", "proverbs",
           "sentiment_examples", "entity_examples", "planted_bias_text", "planted_bias_config",
           "toxicity_examples", "canaries", "canary_corpus_text"]


def _check(value, choices, what):
    if value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(repr(c) for c in choices)}; got {value!r}")


def corpus_text(split="train"):
    """The pretraining corpus as one string. Example: corpus_text('valid')[:40]"""
    _check(split, ("train", "valid"), "split")
    return read_text(f"corpus/{split}.txt")


def corpus_documents(split="train"):
    """The corpus as a list of documents (they are separated by one blank line in the file)."""
    return corpus_text(split).rstrip("\n").split("\n\n")


def proverbs(which="all"):
    """Proverbs, lowercase: 'all', the ones in the 'train' split, or the 'heldout' ones.

    Example: proverbs()[0] -> 'there is no use crying over spilled milk'
    """
    _check(which, ("all", "train", "heldout"), "which")
    rows = [line.split("\t") for line in read_text("corpus/proverbs.txt").splitlines()]
    return [saying for saying, flag in rows if which in ("all", flag)]


def sentiment_examples(split):
    """[(label, text)] with label 'positive' or 'negative'. Example: sentiment_examples('train')[0]"""
    _check(split, SPLITS, "split")
    return [tuple(line.split("\t", 1)) for line in read_text(f"sentiment/{split}.tsv").splitlines()]


def entity_examples(split):
    """[{'text', 'spans', 'words', 'tags'}] for named-entity recognition (PERSON, PLACE, ORGANIZATION)."""
    _check(split, SPLITS, "split")
    return [json.loads(line) for line in read_text(f"entities/{split}.jsonl").splitlines()]


def planted_bias_text(variant="planted_bias_90"):
    """The occupation corpus with a planted pronoun association, or its 'balanced_50' twin."""
    _check(variant, ("planted_bias_90", "balanced_50"), "variant")
    return read_text(f"trust/{variant}.txt")


def planted_bias_config():
    """{'strength': 0.9, 'he_share': {occupation: intended share of 'he'}, ...} for the planted variant."""
    return json.loads(read_text("trust/planted_bias.json"))


def toxicity_examples():
    """[(label, text)] with label 'toxic' or 'ok' (mild, classroom-safe stand-ins for toxicity)."""
    return [tuple(line.split("\t", 1)) for line in read_text("trust/toxicity.tsv").splitlines()]


def canaries():
    """[{'secret': ..., 'count': ...}]: secret strings planted in corpus_with_canaries.txt."""
    return json.loads(read_text("trust/canaries.json"))


def canary_corpus_text():
    """The small corpus variant that carries the canaries."""
    return read_text("trust/corpus_with_canaries.txt")
