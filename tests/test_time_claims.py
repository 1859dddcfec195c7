"""Time claims come from measurement: each lesson's "Time:" line and the README's table state the
compute time that `python benchmarks/bench_notebooks.py --record` measured on a quiet 2-core
machine and kept in benchmarks/notebook_times.json; the study time the line states comes from
the lesson's own size (study_minutes)."""

import importlib.util
import json
import re
from pathlib import Path

import pytest

from helpers.paths import lesson_number, lesson_paths

ROOT = Path(__file__).resolve().parents[1]
LESSONS = lesson_paths()


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_notebooks", ROOT / "benchmarks" / "bench_notebooks.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
TIME_LINE = re.compile(
    r"\*\*Time:\*\* about (\d+) minutes to study, (.+?) to run on a laptop CPU\b"
)
EXERCISE = re.compile(r"^\*\*\d+\.\*\*", re.MULTILINE)  # "**3.** Write ..."
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def study_minutes(nb):
    """A lesson's study time by a rule of thumb, rounded to 5 minutes: prose read carefully
    at 100 words a minute, half a minute to run and look at each code cell, three minutes
    per exercise.
    Example: 2,000 words, 20 code cells, 4 exercises -> 20 + 10 + 12 = 42 -> 40"""
    markdown = [
        LINK.sub(r"\1", "".join(c["source"]))
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
    ]
    words = sum(len(text.split()) for text in markdown)
    code_cells = sum(c["cell_type"] == "code" for c in nb["cells"])
    exercises = sum(len(EXERCISE.findall(text)) for text in markdown)
    return max(10, 5 * round((words / 100 + code_cells / 2 + 3 * exercises) / 5))


TIMES = json.loads(BENCH.TIMES_FILE.read_text())


def test_every_lesson_has_a_measured_time():
    assert sorted(TIMES) == [path.name for path in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=lesson_number)
def test_the_time_line_states_the_measured_time(path):
    markdown = "".join(
        "".join(c["source"])
        for c in json.loads(path.read_text())["cells"]
        if c["cell_type"] == "markdown"
    )
    stated = TIME_LINE.search(markdown)
    assert stated, f"{path.name} has no '{TIME_LINE.pattern}' line"
    assert stated.group(2) == BENCH.time_phrase(TIMES[path.name])
    assert int(stated.group(1)) == study_minutes(json.loads(path.read_text())), (
        path.name
    )


def test_the_readme_table_states_the_measured_times():
    readme = (ROOT / "README.md").read_text()
    for path in LESSONS:
        row = next(
            line for line in readme.splitlines() if f"(notebooks/{path.name})" in line
        )
        assert row.rstrip(" |").split("|")[-1].strip() == BENCH.table_phrase(
            TIMES[path.name]
        ), row


def test_lesson_00s_map_states_the_measured_times():
    start_here = json.loads(LESSONS[0].read_text())
    rows = [
        line
        for c in start_here["cells"]
        if c["cell_type"] == "markdown"
        for line in "".join(c["source"]).splitlines()
        if re.match(r"\| \d\d[a-z]? \|", line)
    ]
    by_number = {lesson_number(name): seconds for name, seconds in TIMES.items()}
    stated = {row.split("|")[1].strip(): row.split("|")[4].strip() for row in rows}
    assert {n: stated[n] for n in by_number} == {
        n: BENCH.table_phrase(s) for n, s in by_number.items()
    }
