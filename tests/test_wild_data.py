"""Tests for the hand-written "in the wild" evaluation sets (data/wild/): sizes, balance,
labels, spans and tags, no overlap with the generated data, and their manifest lines."""

import json
import re
from collections import Counter

import pytest

import helpers.data as data
from datagen.entities import LABELS, bio_tags
from helpers.data import store

WILD_FILES = ("wild/sentiment.tsv", "wild/entities.jsonl")


@pytest.fixture(scope="module")
def corpus_texts():
    return [
        path.read_text(encoding="utf-8")
        for path in sorted((store.DATA_DIR / "corpus").glob("*.txt"))
    ]


def test_manifest_lists_and_matches_the_wild_files():
    entries = store.read_manifest()
    for name in WILD_FILES:
        assert name in entries, name
        path = store.data_path(name)  # raises DataFileError if the sha256 differs
        assert store.sha256_of(path) == entries[name]["sha256"]
        assert path.stat().st_size == entries[name]["bytes"]
    assert set(WILD_FILES) <= set(store.verify_all())


def test_wild_sentiment_size_balance_and_labels():
    rows = data.wild_sentiment_examples()
    assert len(rows) >= 320
    labels = Counter(label for label, _ in rows)
    assert set(labels) == {"positive", "negative"}
    assert labels["positive"] == labels["negative"]
    first_half = Counter(label for label, _ in rows[: len(rows) // 2])
    assert min(first_half.values()) >= len(rows) // 8  # shuffled, not sorted by label
    texts = [text for _, text in rows]
    assert len(set(texts)) == len(texts)
    assert all(text and text == text.strip() and "\t" not in text for text in texts)


def test_wild_sentiment_file_format():
    raw = store.read_text("wild/sentiment.tsv")
    assert raw.endswith("\n") and not raw.endswith("\n\n") and "\r" not in raw
    assert all(line.count("\t") == 1 for line in raw.splitlines())


def test_wild_sentiment_is_not_in_the_generated_data(corpus_texts):
    labeled = {
        line
        for split in data.SPLITS
        for line in store.read_text(f"sentiment/{split}.tsv").splitlines()
    }
    labeled_texts = {line.split("\t", 1)[1] for line in labeled}
    for label, text in data.wild_sentiment_examples():
        assert f"{label}\t{text}" not in labeled and text not in labeled_texts, text
        assert not any(text in corpus for corpus in corpus_texts), text


def test_wild_entity_size_and_labels():
    rows = data.wild_entity_examples()
    assert len(rows) >= 160
    counts = Counter(len(row["spans"]) for row in rows)
    assert counts[0] > 0 and max(counts) <= 3  # some sentences have no name
    assert {span["label"] for row in rows for span in row["spans"]} == set(LABELS)
    texts = [row["text"] for row in rows]
    assert len(set(texts)) == len(texts)


def test_wild_entity_spans_and_tags():
    for row in data.wild_entity_examples():
        text = row["text"]
        words = data.words_and_offsets(text)
        starts, ends = {s for _, s, _ in words}, {e for _, _, e in words}
        previous_end = 0
        for span in sorted(row["spans"], key=lambda s: s["start"]):
            assert span["label"] in LABELS, row
            name = text[span["start"] : span["end"]]
            assert name and name == name.strip(), row
            assert span["start"] in starts and span["end"] in ends, row
            assert span["start"] >= previous_end, row  # no overlaps
            previous_end = span["end"]
        assert row["words"] == [w for w, _, _ in words]
        assert row["tags"] == bio_tags(text, row["spans"])
        for before, tag in zip(["O"] + row["tags"], row["tags"]):
            if tag.startswith("I-"):
                assert before[2:] == tag[2:], row


def test_wild_entities_are_not_in_the_generated_data(corpus_texts):
    generated = {
        json.loads(line)["text"]
        for split in data.SPLITS
        for line in store.read_text(f"entities/{split}.jsonl").splitlines()
    }
    for row in data.wild_entity_examples():
        assert row["text"] not in generated, row["text"]
        assert not any(row["text"] in corpus for corpus in corpus_texts), row["text"]


def test_a_damaged_wild_file_is_restored_from_git_not_rebuilt():
    from helpers.data.store import rebuild_hint

    assert "git checkout -- data/wild" in rebuild_hint("wild/sentiment.tsv")
    assert "datagen" not in rebuild_hint("wild/entities.jsonl")


def test_the_dev_set_is_balanced_and_shares_no_run_of_words_with_wild(corpus_texts):
    from helpers.evaluate import read_labeled_tsv
    from helpers.paths import DATA_DIR

    rows = read_labeled_tsv(DATA_DIR.parent / "benchmarks/dev/everyday_sentiment.tsv")
    assert len(rows) == 120
    assert Counter(label for label, _ in rows) == {"positive": 60, "negative": 60}

    def runs_of_five(text):
        words = re.findall(r"[\w']+", text.lower())
        return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}

    wild = set().union(*(runs_of_five(t) for _, t in data.wild_sentiment_examples()))
    for _, text in rows:
        assert not runs_of_five(text) & wild, text
        assert not any(text in corpus for corpus in corpus_texts), text
