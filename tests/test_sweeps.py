"""Sweeps: reading a curve, points that do not depend on the processes, the command, the
JSON keys."""

import json

import pytest

from helpers import sweeps as S
from helpers.data.store import data_path

pytestmark = pytest.mark.usefixtures("one_thread")


def test_labels_needed_interpolates_on_a_log_scale():
    assert S.labels_needed([8, 16, 32], [0.6, 0.7, 0.9], 0.8) == 22.6
    assert S.labels_needed([8, 16, 32], [0.86, 0.9, 0.95], 0.85) == 8.0
    assert S.labels_needed([8, 16, 32], [0.5, 0.6, 0.7], 0.85) is None


def test_sweep_points_are_the_same_in_one_process_or_two():
    grid = [("bow", 8, 0), ("bow", 8, 1), ("bow", 16, 0)]
    one = S.run_points(
        S.sentiment_point, grid, jobs=1, threads=1, log=lambda line: None
    )
    two = S.run_points(
        S.sentiment_point, grid, jobs=2, threads=1, log=lambda line: None
    )
    assert one == two and len(set(one)) > 1 and all(0.3 < a < 1 for a in one)
    assert one[0] == pytest.approx(
        0.5717, abs=5e-5
    )  # the shipped sweep's bow, k = 8, seed 0


def test_shipped_results_come_from_the_shipped_checkpoint(monkeypatch):
    for name in ("prompt_tuning.json", "label_efficiency.json"):
        assert S.shipped_results(name)["checkpoint_sha256"] == S.checkpoint_sha256()
    monkeypatch.setattr(S, "checkpoint_sha256", lambda: "another checkpoint")
    with pytest.raises(ValueError, match="another checkpoint"):
        S.shipped_results("prompt_tuning.json")


@pytest.mark.parametrize("command", ["label-efficiency", "prompting"])
def test_sweep_command_refuses_zero_jobs(command, capsys):
    with pytest.raises(SystemExit) as stop:
        S.main([command, "--jobs", "0", "--out", "unused.json"])
    assert (
        stop.value.code == 2
        and "--jobs and --threads must be at least 1" in capsys.readouterr().err
    )


def shape_of(value):
    """The keys of a JSON value all the way down, lists read by their first item."""
    if isinstance(value, dict):
        return {k: shape_of(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape_of(value[0])] if value else []
    return type(value).__name__ if not isinstance(value, int | float) else "number"


@pytest.mark.parametrize(
    "name, sweep",
    [
        ("label_efficiency", S.label_efficiency_sweep),
        ("prompt_tuning", S.prompting_sweep),
    ],
)
def test_a_sweep_writes_the_keys_of_the_shipped_file(name, sweep, monkeypatch):
    monkeypatch.setattr(
        S, "run_points", lambda point, grid, jobs, log: [0.5] * len(grid)
    )
    made = sweep() | {"seconds": 1.0}  # main() adds the time
    shipped = json.loads(data_path(f"results/{name}.json").read_text(encoding="utf-8"))
    assert list(made) == list(shipped) and shape_of(made) == shape_of(shipped)
    assert made["seeds"] == shipped["seeds"]
    if name == "prompt_tuning":
        assert (
            made["ks"] == shipped["ks"]
            and made["few_shot"]["n"] == shipped["few_shot"]["n"]
        )
    else:
        for task in S.TASKS:
            assert made[task]["ks"] == shipped[task]["ks"]
            assert list(made[task]["methods"]) == list(shipped[task]["methods"])
