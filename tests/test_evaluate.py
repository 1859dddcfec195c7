"""The evaluate command: reading label<TAB>text and entity JSONL files, method names,
per-class and per-label figures, errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_pretrain import TINY_ARGS
from test_pretrain import run_command as run_pretrain

from helpers.evaluate import (
    InputError,
    parse_method,
    read_entity_jsonl,
    read_labeled_tsv,
    report,
)

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path, data):
    path = tmp_path / "in.tsv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data, message",
    [
        (b"positive\tgood\n\nnegative\tbad\n", "line 2 is empty"),
        (b"positive\tgood\nneutral\tmeh\n", "line 2 has label 'neutral'"),
        (b"positive good\n", "line 1 has no tab"),
        (b"positive\tgood\nnegative\t\xff\xfe\n", "line 2 is not UTF-8"),
        (b"positive\t  \n", "line 1 has a label but no text"),
        (b"", "holds no examples"),
    ],
)
def test_bad_files_name_the_line(tmp_path, data, message):
    with pytest.raises(InputError, match=message):
        read_labeled_tsv(write(tmp_path, data))


def test_reads_tabs_inside_text(tmp_path):
    assert read_labeled_tsv(write(tmp_path, b"negative\tcold\tand bland\n")) == [
        ("negative", "cold\tand bland")
    ]


@pytest.mark.parametrize(
    "method, parsed",
    [
        ("zero-shot", ("few-shot", 0)),
        ("few-shot-4", ("few-shot", 4)),
        ("tuned-32", ("tuned", 32)),
        ("tuned-all", ("tuned", None)),
        ("scratch-32", ("scratch", 32)),
        ("bow-32", ("bow", 32)),
        ("prompt-tuned-16", ("prompt-tuned", 16)),
    ],
)
def test_method_names(method, parsed):
    assert parse_method(method) == parsed


@pytest.mark.parametrize(
    "method", ["tuned", "tuned-0", "few-shot", "magic-32", "bow-x"]
)
def test_unknown_methods_are_refused(method):
    with pytest.raises(InputError):
        parse_method(method)


def test_report_counts_per_class():
    examples = [
        ("positive", "a"),
        ("positive", "b"),
        ("negative", "c"),
        ("negative", "d"),
    ]
    result = report(examples, ["positive", "negative", "negative", "negative"])
    assert result["accuracy"] == 0.75
    assert result["per_class"]["positive"] == {
        "support": 2,
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
    }
    assert result["per_class"]["negative"] == {
        "support": 2,
        "precision": 0.6667,
        "recall": 1.0,
        "f1": 0.8,
    }


def test_command_runs_a_baseline_and_refuses_bad_input(tmp_path):
    good = tmp_path / "good.tsv"
    good.write_text(
        "positive\tThe soup was delicious and the staff were friendly.\n"
        "negative\tThe soup was cold and bland. Never again.\n",
        encoding="utf-8",
    )
    done = run_evaluate("sentiment", good, "--method", "bow-all", "--threads", "1")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["examples"] == 2 and result["accuracy"] == 1.0
    bad = write(tmp_path, b"positive\tfine\nnegative\n")
    done = run_evaluate("sentiment", bad)
    assert (
        done.returncode == 2
        and "line 2 has no tab" in done.stderr
        and "Traceback" not in done.stderr
    )


def entity_line(text, *names):
    """A JSONL line for `text` whose spans are the given (piece, label) pairs, found in order."""
    spans, at = [], 0
    for piece, label in names:
        start = text.index(piece, at)
        spans.append({"start": start, "end": start + len(piece), "label": label})
        at = start + len(piece)
    return json.dumps({"text": text, "spans": spans}) + "\n"


def run_evaluate(*args, timeout=120):
    """`python -m helpers.evaluate ARGS` in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "helpers.evaluate", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_entities(path, method, timeout=120):
    return run_evaluate(
        "entities", path, "--method", method, "--threads", "1", timeout=timeout
    )


def test_entity_lines_get_words_and_tags_from_text_and_spans(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        entity_line(
            "Ann met Bo Li at Acme Bank.", ("Ann", "PERSON"), ("Bo Li", "PERSON")
        )
        + entity_line("Nobody came.")
        + '{"text": "O\'Neil left.", "spans": [], "words": ["O\'Neil", "left", "."]}\n',
        encoding="utf-8",
    )
    first, second, third = read_entity_jsonl(path)
    assert first["words"] == ["Ann", "met", "Bo", "Li", "at", "Acme", "Bank", "."]
    assert first["tags"] == [
        "B-PERSON",
        "O",
        "B-PERSON",
        "I-PERSON",
        "O",
        "O",
        "O",
        "O",
    ]
    assert second["tags"] == ["O", "O", "O"] and third["tags"] == ["O", "O", "O"]


def test_the_shipped_entity_sets_read_back_as_they_are():
    from helpers.data import entity_examples

    assert read_entity_jsonl(ROOT / "data/entities/valid.jsonl") == entity_examples(
        "valid"
    )


SPAN = '{"start": 0, "end": 3, "label": "PERSON"}'


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"text": "Ann ran."', "line 2 is not JSON (Expecting"),
        ("", "line 2 is empty"),
        ("[1, 2]", "line 2 is JSON but not an object"),
        ('{"spans": []}', 'line 2 has no "text"'),
        ('{"text": "Ann ran."}', 'line 2 has no "spans"'),
        ('{"text": "Ann ran.", "spans": [{"start": 0}]}', "line 2: span 1 must be"),
        (
            '{"text": "Ann ran.", "spans": [{"start": 0, "end": 3, "label": "LOCATION"}]}',
            "line 2: span 1 has label 'LOCATION'; use PERSON, PLACE or ORGANIZATION",
        ),
        (
            '{"text": "Ann ran.", "spans": [{"start": 0, "end": 30, "label": "PERSON"}]}',
            "line 2: span 1 (0-30) does not fit the text of 8 characters",
        ),
        (
            '{"text": "Ann ran.", "spans": [{"start": 0, "end": 2, "label": "PERSON"}]}',
            "line 2: span 1 (0-2, 'An') does not start and end on word boundaries; "
            'spans must cover whole words: use "start": 0, "end": 3 (\'Ann\')',
        ),
        (
            '{"text": "Ann Lee ran.", "spans": [' + SPAN + ', {"start": 0, "end": 7, '
            '"label": "PERSON"}]}',
            "line 2: spans 'Ann' (0-3) and 'Ann Lee' (0-7) overlap",
        ),
        (
            '{"text": "Ann ran.", "spans": [' + SPAN + '], "tags": ["O", "O", "O"]}',
            'line 2: its "tags" differ from those its text and spans give',
        ),
    ],
)
def test_bad_entity_lines_name_the_line(tmp_path, line, message):
    path = tmp_path / "in.jsonl"
    path.write_text(entity_line("Fine.") + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_entity_jsonl(path)
    assert message in str(info.value)


@pytest.mark.parametrize(
    "method, parsed",
    [
        ("rule", ("rule", None)),
        ("tuned-64", ("tuned", 64)),
        ("tuned-1", ("tuned", 1)),
        ("probe-all", ("probe", None)),
        ("scratch-8", ("scratch", 8)),
    ],
)
def test_entity_method_names(method, parsed):
    assert parse_method(method, task="entities") == parsed


@pytest.mark.parametrize(
    "method, message",
    [
        ("zero-shot", "'zero-shot' is a sentiment method; the entity task takes: rule"),
        ("bow-8", "'bow-8' is a sentiment method; the entity task takes: rule"),
        ("magic", "unknown method 'magic' for entities; the entity task takes: rule"),
        ("tuned-0", "tuned-0: K must be at least 1"),
    ],
)
def test_entity_methods_refused(method, message):
    with pytest.raises(InputError, match=message):
        parse_method(method, task="entities")


def test_rule_is_not_a_sentiment_method():
    with pytest.raises(
        InputError, match="unknown method 'rule'; use one of: zero-shot"
    ):
        parse_method("rule")


ENTITY_FILE = entity_line(
    "Yesterday Maria Lopez flew to Lisbon with Acme Bank staff.",
    ("Maria Lopez", "PERSON"),
    ("Lisbon", "PLACE"),
    ("Acme Bank", "ORGANIZATION"),
) + entity_line(
    "Paula Ross met Tom in Oslo on Monday.",
    ("Paula Ross", "PERSON"),
    ("Tom", "PERSON"),
    ("Oslo", "PLACE"),
)


def test_entity_command_scores_the_rule_by_hand(tmp_path):
    # The rule finds all three names of line 1. On line 2 it reads "Ross" (not "Paula
    # Ross": the first word never counts) and "Monday" as people, and gets Tom and Oslo.
    # Gold 6 spans, predicted 7, right 5: precision 5/7, recall 5/6, F1 10/13.
    path = tmp_path / "in.jsonl"
    path.write_text(ENTITY_FILE, encoding="utf-8")
    done = run_entities(path, "rule")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert list(result) == [
        "task",
        "file",
        "method",
        "seed",
        "sentences",
        "precision",
        "recall",
        "f1",
        "per_label",
        "seconds",
    ]
    assert (result["task"], result["method"], result["sentences"]) == (
        "entities",
        "rule",
        2,
    )
    assert (result["precision"], result["recall"], result["f1"]) == (
        0.7143,
        0.8333,
        0.7692,
    )
    assert result["per_label"] == {
        "PERSON": {"support": 3, "precision": 0.5, "recall": 0.6667, "f1": 0.5714},
        "PLACE": {"support": 2, "precision": 1.0, "recall": 1.0, "f1": 1.0},
        "ORGANIZATION": {"support": 1, "precision": 1.0, "recall": 1.0, "f1": 1.0},
    }


def test_entity_command_tunes_the_foundation_model(tmp_path):
    # Tunes on 8 training sentences (40 steps, some seconds), then tags 2 sentences.
    path = tmp_path / "in.jsonl"
    path.write_text(ENTITY_FILE, encoding="utf-8")
    done = run_entities(path, "tuned-8", timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["method"] == "tuned-8" and result["sentences"] == 2
    assert 0.0 <= result["f1"] <= 1.0
    assert sum(v["support"] for v in result["per_label"].values()) == 6


def test_another_checkpoint_can_stand_in_for_the_foundation_model(tmp_path):
    tiny = tmp_path / "tiny"
    trained = run_pretrain([*TINY_ARGS, "--out", str(tiny)])
    assert trained.returncode == 0, trained.stderr
    reviews = tmp_path / "r.tsv"
    reviews.write_text(
        "positive\tLovely soup.\nnegative\tCold soup.\n", encoding="utf-8"
    )
    done = run_evaluate("sentiment", reviews, "--checkpoint", tiny, "--threads", "1")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["checkpoint"] == str(tiny) and result["examples"] == 2
    refused = run_evaluate("sentiment", reviews, "--checkpoint", tmp_path)
    assert refused.returncode == 2 and "no config.json there" in refused.stderr


def test_a_line_too_long_for_the_tagger_is_refused_before_the_model_loads():
    from helpers.evaluate import check_entity_method, tokenizer_of

    end = len(tokenizer_of().encode("\n"))
    fits, too_long = {"text": "Ann ran."}, {"text": "Ann ran and ran. " * 40}
    check_entity_method("tuned-8", [fits], "mine.jsonl")
    with pytest.raises(InputError) as refused:
        check_entity_method("tuned-8", [fits, too_long], "mine.jsonl")
    assert (
        f"line 2 is {len(tokenizer_of().encode(too_long['text']))} tokens long"
        in str(refused.value)
        and f"reads at most {128 - end};" in str(refused.value)
    )
    check_entity_method("rule", [too_long], "mine.jsonl")  # the rule reads any length
