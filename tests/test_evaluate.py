"""The evaluate command: reading label<TAB>text files, method names, per-class figures, errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.evaluate import InputError, parse_method, read_labeled_tsv, report

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
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "helpers.evaluate",
            "sentiment",
            str(good),
            "--method",
            "bow-all",
            "--threads",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["examples"] == 2 and result["accuracy"] == 1.0
    bad = write(tmp_path, b"positive\tfine\nnegative\n")
    done = subprocess.run(
        [sys.executable, "-m", "helpers.evaluate", "sentiment", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (
        done.returncode == 2
        and "line 2 has no tab" in done.stderr
        and "Traceback" not in done.stderr
    )
