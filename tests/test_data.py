"""Tests for the project's own data and its generators (datagen): rebuild, manifest,
splits, labels, the trust variants, and the generators' shared pieces (draws, names,
text rules)."""

import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import helpers.data as data
from datagen import entities, lexicon, opinions, sentiment, trust
from datagen.draws import Draws, chance, pick
from datagen.names import InventedNames, ListNames
from datagen.stats import labeled_stats, text_stats
from datagen.text import (
    bars,
    capitalise,
    documents_until,
    join,
    normalise,
    sentences_of,
)
from helpers import paths, safe_output
from helpers.data import store
from helpers.data.stats import words_of, zipf_ranks
from helpers.safe_output import OutputRefused

ROOT = Path(__file__).resolve().parents[1]
NOT_IN_MANIFEST = {"manifest.json", "README.md"}


@pytest.fixture(scope="module")
def train_text():
    return data.corpus_text("train")


@pytest.fixture(scope="module")
def corpus_sentences():
    found = set()
    for split in ("train", "valid"):
        found.update(normalise(s) for s in sentences_of(data.corpus_text(split)))
    return found


# ------------------------------------------------------------------ build and manifest
def test_rebuild_is_byte_identical(tmp_path):
    env = dict(
        os.environ, PYTHONHASHSEED="12345"
    )  # a different hash seed must not change a byte
    subprocess.run(
        [sys.executable, "-m", "datagen", "build", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    rebuilt = json.loads((tmp_path / "manifest.json").read_text())
    shipped = store.read_manifest()
    assert rebuilt == {name: shipped[name] for name in rebuilt}
    made_elsewhere = sorted(
        set(shipped) - set(rebuilt)
    )  # checkpoints and sweep results have their own commands; wild/ is written by hand
    assert all(
        name.startswith(
            (
                "automation/",
                "code_tasks/",
                "coder/",
                "forecaster/",
                "foundation/",
                "inspection/",
                "molecules/",
                "pictures/",
                "results/",
                "search/",
                "search_questions/",
                "wild/",
            )
        )
        for name in made_elsewhere
    ), made_elsewhere


def test_manifest_lists_every_file():
    on_disk = sorted(
        p.relative_to(store.DATA_DIR).as_posix()
        for p in store.DATA_DIR.rglob("*")
        if p.is_file() and p.name not in NOT_IN_MANIFEST
    )
    assert on_disk == sorted(store.read_manifest())


def test_altered_file_raises_naming_it(tmp_path, monkeypatch):
    shutil.copy(store.MANIFEST, tmp_path / "manifest.json")
    (tmp_path / "corpus").mkdir()
    original = store.DATA_DIR / "corpus" / "heldout_proverbs.txt"
    (tmp_path / "corpus" / "heldout_proverbs.txt").write_text(
        original.read_text() + "one more line\n"
    )
    monkeypatch.setattr(store, "DATA_DIR", tmp_path)
    monkeypatch.setattr(store, "MANIFEST", tmp_path / "manifest.json")
    with pytest.raises(data.DataFileError, match="corpus/heldout_proverbs.txt"):
        data.read_text("corpus/heldout_proverbs.txt")


def test_bad_split_names_the_choices():
    with pytest.raises(ValueError, match="'train', 'valid', 'test'"):
        data.sentiment_examples("dev")
    with pytest.raises(ValueError, match="'train', 'valid'"):
        data.corpus_text("test")


# ------------------------------------------------------------------ corpus and proverbs
def test_corpus_size_and_documents(train_text):
    total = len(train_text.encode()) + len(data.corpus_text("valid").encode())
    assert 2_000_000 <= total <= 3_500_000
    docs = data.corpus_documents("train")
    assert all(doc.strip() == doc and "\n\n" not in doc for doc in docs)
    assert 0.9 < len(docs) / (len(docs) + len(data.corpus_documents("valid"))) < 0.98


def test_spilled_is_followed_by_milk(train_text):
    words = words_of(train_text)
    after = Counter(b for a, b in zip(words, words[1:]) if a == "spilled")
    assert after.most_common(1)[0][0] == "milk"
    assert train_text.count("no use crying over spilled milk") >= 3


def test_proverb_lists(train_text):
    everything, held = data.proverbs("all"), data.proverbs("heldout")
    assert len(everything) >= 200 and len(set(everything)) == len(everything)
    assert 0.08 <= len(held) / len(everything) <= 0.12
    assert "there is no use crying over spilled milk" in data.proverbs("train")
    assert held == store.read_text("corpus/heldout_proverbs.txt").splitlines()


def test_proverbs_appear_in_train_only_when_allowed(train_text):
    flat = " " + normalise(train_text) + " "
    for saying in data.proverbs("heldout"):
        assert " " + normalise(saying) + " " not in flat, saying
    counts = [flat.count(" " + normalise(s) + " ") for s in data.proverbs("train")]
    assert min(counts) >= 3 and max(counts) <= 10


# ------------------------------------------------------------------ sentiment
def test_sentiment_sizes_and_balance():
    sizes = {}
    for split in data.SPLITS:
        rows = data.sentiment_examples(split)
        labels = Counter(label for label, _ in rows)
        assert (
            set(labels) == {"positive", "negative"}
            and labels["positive"] == labels["negative"]
        ), split
        sizes[split] = len(rows)
    assert sizes["train"] >= 1200 and sizes["valid"] >= 200 and sizes["test"] >= 500


def test_sentiment_no_overlap(corpus_sentences):
    seen = {}
    for split in data.SPLITS:
        for _, text in data.sentiment_examples(split):
            key = normalise(text)
            assert key not in seen, (text, seen.get(key), split)
            assert key not in corpus_sentences, text
            seen[key] = split


def test_sentiment_test_frames_and_phrases_are_held_out():
    assert not set(sentiment.TEST_FRAMES) & set(sentiment.TRAIN_FRAMES)
    train_pools, test_pools = (
        sentiment.phrase_pools("train"),
        sentiment.phrase_pools("test"),
    )
    for key in train_pools:
        assert not set(train_pools[key]) & set(test_pools[key]), key
    test_prefixes = {
        frame.split("{")[0]
        for frame in sentiment.TEST_FRAMES
        if not frame.startswith("{")
    }
    for _, text in data.sentiment_examples("train"):
        assert not any(text.startswith(p) for p in test_prefixes), text


# ------------------------------------------------------------------ entities
def test_words_and_offsets_example():
    assert data.words_and_offsets("Hi, O'Neil & Sons!") == [
        ("Hi", 0, 2),
        (",", 2, 3),
        ("O'Neil", 4, 10),
        ("&", 11, 12),
        ("Sons", 13, 17),
        ("!", 17, 18),
    ]


@pytest.mark.parametrize("split", data.ENTITY_SPLITS)
def test_entity_spans_and_tags(split):
    rows = data.entity_examples(split)
    for row in rows:
        words = data.words_and_offsets(row["text"])
        starts, ends = {s for _, s, _ in words}, {e for _, _, e in words}
        for span in row["spans"]:
            assert span["label"] in entities.LABELS
            assert span["start"] in starts and span["end"] in ends, row
            assert (
                row["text"][span["start"] : span["end"]].strip()
                == row["text"][span["start"] : span["end"]]
                != ""
            )
        assert row["words"] == [w for w, _, _ in words]
        assert row["tags"] == entities.bio_tags(row["text"], row["spans"])
        for previous, tag in zip(["O"] + row["tags"], row["tags"]):
            if tag.startswith("I-"):
                assert previous[2:] == tag[2:], row
    assert sum(len(r["spans"]) for r in rows) > len(rows)


def test_entity_sizes_and_unseen_test_names(train_text):
    sizes = {split: len(data.entity_examples(split)) for split in data.SPLITS}
    assert sum(sizes.values()) >= 1000 and sizes["test"] >= 300
    pool = " ".join(
        r["text"] for split in ("train", "valid") for r in data.entity_examples(split)
    )
    names = {
        r["text"][s["start"] : s["end"]]
        for r in data.entity_examples("test")
        for s in r["spans"]
    }
    assert any(" " in name for name in names)
    for name in sorted(names):
        assert name not in pool and name not in train_text, name


def test_unseen_names_are_of_the_directory_kind_and_every_own_word_is_new():
    from datagen.entities import SHARED_NAME_WORDS
    from helpers.pretrain import PRETRAIN_FILES

    read = "\n".join(store.read_text(name) for name in PRETRAIN_FILES)
    read += "\n".join(
        r["text"] for split in ("train", "valid") for r in data.entity_examples(split)
    )
    taken = set(re.findall(r"[a-z]+", read.lower()))
    rows = data.entity_examples("unseen")
    assert len(rows) == 350 and len({r["text"] for r in rows}) == 350
    spans = [
        (r["text"][s["start"] : s["end"]], s["label"]) for r in rows for s in r["spans"]
    ]
    assert {label for _, label in spans} == set(entities.LABELS)
    own = [
        set(re.findall(r"[a-z]+", name.lower())) - SHARED_NAME_WORDS
        for name, _ in spans
    ]
    assert all(words and not words & taken for words in own)
    # the kind the model read: the directory pages use the shared words too
    shared = {w for name, _ in spans for w in name.lower().split()} & SHARED_NAME_WORDS
    assert shared and shared <= taken


# ------------------------------------------------------------------ trust
def he_share_by_occupation(text, occupations):
    he, total = Counter(), Counter()
    for line in text.splitlines():
        tokens = set(re.findall(r"[a-z]+", line.lower()))
        for occupation in occupations:
            if occupation in tokens:
                male, female = (
                    bool(tokens & {"he", "him", "his"}),
                    bool(tokens & {"she", "her"}),
                )
                assert male != female, line
                he[occupation] += male
                total[occupation] += 1
    return {o: he[o] / total[o] for o in occupations}


def test_planted_bias_matches_its_configuration():
    config = data.planted_bias_config()
    occupations = sorted(config["he_share"])
    assert len(occupations) >= 12 and sorted(set(config["he_share"].values())) == [
        0.1,
        0.9,
    ]
    planted = he_share_by_occupation(
        data.planted_bias_text("planted_bias_90"), occupations
    )
    balanced = he_share_by_occupation(
        data.planted_bias_text("balanced_50"), occupations
    )
    for o in occupations:
        assert abs(planted[o] - config["he_share"][o]) <= 0.03, o
        assert abs(balanced[o] - 0.5) <= 0.03, o


def test_bias_twins_differ_only_in_pronouns():
    def neutral(text):
        return re.sub(r"\b(he|she|him|her|his)\b", "_", text)

    assert neutral(data.planted_bias_text("planted_bias_90")) == neutral(
        data.planted_bias_text("balanced_50")
    )


def test_canary_counts_are_exact():
    text = data.canary_corpus_text()
    secrets = data.canaries()
    assert len(secrets) >= 5
    assert [text.count(c["secret"]) for c in secrets] == [c["count"] for c in secrets]
    assert [text.count(c["code"]) for c in secrets] == [c["count"] for c in secrets]
    assert 250_000 < len(text.encode()) < 350_000


def test_toxicity_word_list_is_imperfect():
    rows = data.toxicity_examples()
    assert len(rows) >= 600 and {label for label, _ in rows} == {"toxic", "ok"}
    flagged = [
        any(w in words_of(text) for w in trust.TOXIC_INSULTS + ["stupid", "dumb"])
        for _, text in rows
    ]
    ok_flagged = sum(f for f, (label, _) in zip(flagged, rows) if label == "ok")
    toxic_missed = sum(
        not f for f, (label, _) in zip(flagged, rows) if label == "toxic"
    )
    assert ok_flagged > 10 and toxic_missed > 10


# ------------------------------------------------------------------ stats
def test_zipf_ranks_example():
    ranks, counts = zipf_ranks("a b a c a b")
    assert ranks.tolist() == [1, 2, 3] and counts.tolist() == [3, 2, 1]
    assert isinstance(counts, np.ndarray)


def test_opinion_fill_agrees():
    assert opinions.fill("{be} stale", True) == "were stale"
    assert opinions.fill("works perfectly", False, "past") == "worked perfectly"


def test_review_site_never_holds_a_labeled_example():
    site = data.read_text("corpus/reviews.txt")
    assert site.count("\n\n") > 5000
    for split in data.SPLITS:
        assert not [t for _, t in data.sentiment_examples(split) if t in site], split


def test_review_site_has_short_reviews_whose_rating_agrees_with_the_phrase():
    pages = data.read_text("corpus/reviews.txt").split("\n\n")
    short = [
        p
        for p in pages
        if p.endswith(("One star.", "Five stars.")) and p.count(".") == 2
    ]
    assert len(short) > 500
    negative = {
        p
        for p in opinions.predicates("negative", "food")
        if p.startswith("{be} ") and p[5:].isalpha()
    }
    for page in short:
        if any(f" was {p[5:]}." in page or f" were {p[5:]}." in page for p in negative):
            assert page.endswith("One star."), page


def test_directory_is_full_of_new_names_and_never_uses_a_held_out_name_word():
    text = data.read_text("corpus/directory.txt")
    names = Counter(re.findall(r"\b[A-Z][a-z]{2,}\b", text))
    assert (
        len(names) > 20_000
        and sum(1 for n in names.values() if n == 1) > len(names) / 2
    )
    held_out = [
        w
        for block in (
            lexicon.HELDOUT_FEMALE_NAMES,
            lexicon.HELDOUT_MALE_NAMES,
            lexicon.HELDOUT_SURNAMES,
            lexicon.HELDOUT_ORG_PATTERN_WORDS,
        )
        for w in lexicon.words(block)
    ]
    held_out += (
        lexicon.HELDOUT_ORG_KIND
        + "|"
        + lexicon.HELDOUT_TOWN_PREFIX
        + "|"
        + lexicon.HELDOUT_TOWN_SUFFIX
    ).split("|")
    assert not [w for w in held_out if re.search(rf"\b{w}\b", text)]
    test_names = {
        text_of(e, s) for e in data.entity_examples("test") for s in e["spans"]
    }
    assert not [n for n in test_names if n in text]


def text_of(example, span):
    return example["text"][span["start"] : span["end"]]


def test_results_under_data_results_get_their_manifest_line(tmp_path, monkeypatch):
    (tmp_path / "results").mkdir()
    (tmp_path / "manifest.json").write_text("{}")
    monkeypatch.setattr(store, "DATA_DIR", tmp_path)
    monkeypatch.setattr(store, "MANIFEST", tmp_path / "manifest.json")
    monkeypatch.setattr(safe_output, "DATA_DIR", tmp_path)  # what check_output guards
    with pytest.raises(OutputRefused, match="under data/.*--force"):
        store.write_results(tmp_path / "results" / "sweep.json", {"k": [8, 16]})
    store.write_results(tmp_path / "results" / "sweep.json", {"k": [8, 16]}, force=True)
    store.write_results(tmp_path / "elsewhere.json", {"k": [8]}, force=True)
    assert list(store.read_manifest()) == ["results/sweep.json"]
    assert (
        data.data_path("results/sweep.json").read_text()
        == '{\n "k": [\n  8,\n  16\n ]\n}\n'
    )


# ------------------------------------------------------------------ the quiz questions
def test_questions_are_stated_in_the_corpus(train_text):
    pairs = data.questions()
    assert len(pairs) == 48 and pairs[0] == ("What is the capital of France?", "Paris")
    for q, a in pairs:
        forms = (f"Q: {q}\nA: {a}.", f"Question: {q} Answer: {a}.", f"{q} {a}.")
        assert any(form in train_text for form in forms), q


# ------------------------------------------------------ the generators' shared pieces
def test_pick_and_chance_make_one_draw_each():
    a, b = random.Random(0), random.Random(0)
    assert [pick(a, "abcde") for _ in range(5)] == [
        "abcde"[b.randrange(5)] for _ in range(5)
    ]
    assert [chance(a, 0.5) for _ in range(5)] == [b.random() < 0.5 for _ in range(5)]
    assert pick(random.Random(0), "abc") == Draws(random.Random(0)).pick("abc") == "b"
    assert chance(random.Random(0), 0.9) is True


def test_name_makers():
    assert ListNames(random.Random(0)).place() == "South Foxholm"
    assert ListNames(random.Random(0), heldout=True).person() == (
        "Zebulon Blackwood Ishikawa",
        "m",
    )
    assert ListNames(random.Random(1)).organization() == "Mapleford Springs Bookshop"
    assert InventedNames(random.Random(0)).person() == ("Brundnelus Pilberg", "m")
    assert InventedNames(random.Random(0)).organization() == "Weman and Sons"
    rng = random.Random(0)  # one roll picks the shape; a part given is not drawn again
    shapes = ((0.3, "{stem} Bay"), (1.0, "{stem}"))
    assert [ListNames(rng).shaped(shapes, stem="Ashby") for _ in range(5)] == [
        "Ashby"
    ] * 3 + ["Ashby Bay", "Ashby"]
    assert (
        ListNames(random.Random(0)).shaped(((1.0, "{surname} & {surname}"),))
        == "Wang & Wilson"
    )


def test_text_rules():
    assert capitalise("the dog ran.") == "The dog ran." and capitalise("") == ""
    assert join(["Hi", ",", "", "you", "!"]) == "Hi, you!"
    assert bars("a b|c\n|d|") == ["a b", "c", "d"]
    assert normalise("Don't  stop!") == "dont stop"
    assert sentences_of("Hi. Go!\nNo") == ["Hi.", "Go!", "No"]
    # each document counts with the blank line after it: 5 + 5 bytes reach 10
    assert documents_until(10, lambda: "Hi.") == ["Hi.", "Hi."]
    assert documents_until(11, iter(["Hi.", "Go!", "No"]).__next__) == [
        "Hi.",
        "Go!",
        "No",
    ]


def test_data_card_figures():
    assert text_stats("Hi. Hi.") == {
        "bytes": 7,
        "words": 2,
        "distinct_words": 1,
        "type_token_ratio": 0.5,
        "sentences": 2,
        "distinct_sentences_pct": 50.0,
        "distinct_4grams": 0,
    }
    assert labeled_stats("a.tsv", "ok\thi there\ntoxic\tgo\n") == {
        "bytes": 21,
        "rows": 2,
        "words": 3,
        "distinct_words": 3,
        "labels": {"ok": 1, "toxic": 1},
    }


def test_helpers_never_imports_datagen_and_the_data_paths_have_one_home():
    importing = [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "helpers").rglob("*.py"))
        if re.search(
            r"^\s*(from|import) datagen\b", p.read_text(encoding="utf-8"), re.M
        )
    ]
    assert importing == []
    assert store.DATA_DIR == safe_output.DATA_DIR == paths.DATA_DIR == ROOT / "data"
    assert store.MANIFEST == paths.MANIFEST == ROOT / "data" / "manifest.json"
    safe_source = (ROOT / "helpers" / "safe_output.py").read_text(encoding="utf-8")
    assert not re.search(
        r"^\s*(from|import) helpers\.data", safe_source, re.M
    )  # no cycle with store


# One review in each verdict form that helpers.data.stats.LABEL_LIKE counts.
VERDICTS = (
    "Review: Cold soup. Sentiment: negative\n"
    'Q: Is the following review positive or negative? "Lovely."\n'
    "A: Positive.\n"
    "Does this review sound positive or negative? Dull.\n"
    "Negative.\n"
    "Great view. Rating: 5 out of 5.\n"
    "It broke. One star.\n"
    "Too loud. This review is negative.\n"
    "Fresh bread. Overall, it was good.\n"
    "Kind staff. In short: great.\n"
)


def test_label_like_lines_counts_each_verdict_form_once():
    from helpers.data.stats import label_like_lines

    text = VERDICTS + "Sentiment: positive, said nobody.\n"  # not a review line
    counts = list(label_like_lines(text).values())
    assert counts == [1, 2, 1, 1, 1, 1, 1]


def test_rated_reviews_take_the_closing_verdict_as_the_label():
    from helpers.data.stats import rated_reviews

    rows = rated_reviews(VERDICTS + "So-so. Three stars.\nRating: 1 out of 5.\n")
    assert rows == [
        ("positive", "Great view."),
        ("negative", "It broke."),
        ("negative", "Too loud."),
        ("positive", "Fresh bread."),
        ("positive", "Kind staff."),
    ]  # no prompt pair (not a closing verdict), no three stars, no empty review
    assert rated_reviews("Two stars. It was cold.") == []  # the verdict must close


def test_drop_verdicts_keeps_the_reviews_and_removes_their_labels():
    from helpers.data.stats import drop_verdicts, label_like_lines

    text = VERDICTS
    pairs = drop_verdicts(text, "pairs")
    assert pairs == (
        "Review: Cold soup.\n"
        '"Lovely."\n'
        "Dull.\n"
        "Great view. Rating: 5 out of 5.\n"
        "It broke. One star.\n"
        "Too loud. This review is negative.\n"
        "Fresh bread. Overall, it was good.\n"
        "Kind staff. In short: great.\n"
    )
    assert list(label_like_lines(pairs).values()) == [0, 0, 1, 1, 1, 1, 1]
    everything = drop_verdicts(text, "all")
    assert everything.endswith(
        "Great view.\nIt broke.\nToo loud.\nFresh bread.\nKind staff.\n"
    )
    assert not any(label_like_lines(everything).values())
    with pytest.raises(ValueError, match="which must be one of"):
        drop_verdicts(text, "some")
