"""The shared end of the domain commands: a `measure` run's results written and reported."""

import json
import time

import pytest

from helpers.data.store import DATA_DIR
from helpers.domain_cli import say, write_study
from helpers.safe_output import OutputRefused


class Args:  # what parse_domain_args gives write_study: --out and --force
    def __init__(self, out, force=False):
        self.out, self.force = out, force


def test_write_study_adds_the_seconds_writes_the_file_and_says_where(tmp_path, capsys):
    out = tmp_path / "study.json"
    results = {"seeds": [0, 1], "accuracy": 0.75}
    written = write_study(Args(str(out)), results, time.perf_counter() - 2.5)
    stored = json.loads(out.read_text(encoding="utf-8"))
    assert written == out and list(stored) == ["seeds", "accuracy", "seconds"]
    assert 2.5 <= stored["seconds"] < 60 and stored["seconds"] == round(
        stored["seconds"], 1
    )
    assert json.loads(capsys.readouterr().out) == {
        "out": str(out),
        "seconds": stored["seconds"],
    }


def test_write_study_refuses_the_shipped_results_without_force(capsys):
    shipped = DATA_DIR / "results" / "molecules.json"
    before = shipped.read_bytes()
    with pytest.raises(OutputRefused, match="--force"):
        write_study(Args(str(shipped)), {"seeds": [0]}, time.perf_counter())
    assert shipped.read_bytes() == before and capsys.readouterr().out == ""


def test_say_prints_one_line(capsys):
    say("seed 0: 0.91")
    assert capsys.readouterr().out == "seed 0: 0.91\n"
