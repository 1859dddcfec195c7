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


def test_a_test_and_wild_point_scores_both_sets_with_one_model():
    test_acc, wild_acc = S.test_and_wild_point("bow", 8, 0, None, None)
    assert test_acc == pytest.approx(0.5717, abs=5e-5)  # the shipped sweep's bow point
    assert wild_acc == pytest.approx(157 / 348, abs=1e-9)  # 157 of the 348 reviews


def write_card(folder, **changes):
    """A checkpoint folder holding only the shipped model's config.json, with `changes`
    made to its card (enough for ablation_models, which reads nothing else but weights)."""
    card = json.loads(data_path("foundation/config.json").read_text(encoding="utf-8"))
    card["extra"] |= changes
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(card))
    (folder / "model.safetensors").write_bytes(b"weights")
    return folder


def test_ablation_models_take_only_ablations_of_the_shipped_recipe(tmp_path):
    shipped_data = json.loads(data_path("foundation/config.json").read_text())["extra"]
    pairs = write_card(
        tmp_path / "pairs", data=shipped_data["data"] | {"verdicts_dropped": "pairs"}
    )
    models = S.ablation_models([pairs])
    assert list(models) == ["none", "pairs"] and models["pairs"][0] == pairs
    assert models["none"][1]["sha256"] == S.checkpoint_sha256()
    longer = write_card(
        tmp_path / "longer",
        steps=10,
        data=shipped_data["data"] | {"verdicts_dropped": "all"},
    )
    other_precision = write_card(
        tmp_path / "float32",
        precision="float32",  # the shipped model multiplied in bfloat16
        data=shipped_data["data"] | {"verdicts_dropped": "all"},
    )
    fewer_files = write_card(
        tmp_path / "narrow",
        data=shipped_data["data"]
        | {"verdicts_dropped": "all", "train": "corpus/train.txt"},
    )
    refusals = {
        "its steps differ": [longer],
        "its precision differ": [other_precision],
        "its pretraining files differ": [fewer_files],
        "no verdicts dropped": [write_card(tmp_path / "same")],
        "two checkpoints dropped the same verdicts": [pairs, pairs],
        "no config.json there": [tmp_path / "nowhere"],
    }
    for message, folders in refusals.items():
        with pytest.raises(ValueError, match=message):
            S.ablation_models(folders)


def test_the_verdict_sweep_files_every_point_under_its_model(monkeypatch):
    from helpers.prompting import TEMPLATES

    monkeypatch.setattr(
        S,
        "ablation_models",
        lambda folders: {
            "none": (None, {"sha256": "a"}),
            "pairs": ("p", {"sha256": "b"}),
        },
    )
    plans = {}

    def fake_points(point, plan, jobs, log, checkpoint):
        plans[checkpoint] = plan
        return [[i / 1000, 0.5] for i in range(len(plan))]  # each point's own value

    monkeypatch.setattr(S, "run_points", fake_points)
    made = S.verdict_ablation_sweep(["p"], ks=[8, 16], seeds=[0, 1])
    none, pairs = made["models"]["none"], made["models"]["pairs"]
    assert set(none) - set(pairs) == {
        "scratch_32"
    }  # the baseline once, on the shipped run
    for name, entry in made["models"].items():
        plan = plans[None if name == "none" else "p"]
        value = {point: [i / 1000, 0.5] for i, point in enumerate(plan)}
        assert entry["zero_shot"] == {w: value[("zero-shot", w, 0)] for w in TEMPLATES}
        assert entry["few_shot"] == [
            value[("few-shot", S.ABLATION_SHOTS, s)] for s in (0, 1)
        ]
        assert entry["head_tuned"] == [
            [value[("full", k, s)] for s in (0, 1)] for k in (8, 16)
        ]
        assert entry["prompt_tuned"] == [
            [value[("prompt-tuned", k, s)] for s in (0, 1)]
            for k in S.ABLATION_PROMPT_KS
        ]
    assert none["scratch_32"] == [
        [i / 1000, 0.5] for i, p in enumerate(plans[None]) if p[0] == "scratch"
    ]


def test_the_verdicts_command_refuses_a_folder_that_is_no_ablation_before_any_work(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(
        S, "verdict_ablation_sweep", lambda *a, **k: pytest.fail("the sweep started")
    )
    argv = [
        "verdicts",
        "--checkpoints",
        str(tmp_path),
        "--out",
        str(tmp_path / "v.json"),
    ]
    with pytest.raises(SystemExit) as stop:
        S.main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and f"{tmp_path}: no config.json there" in err
    assert not (tmp_path / "v.json").exists()


def test_a_task_swept_alone_keeps_the_other_tasks_results_of_the_same_run(tmp_path):
    out = tmp_path / "label_efficiency.json"
    run = {"checkpoint_sha256": "a", "seeds": [0, 1]}
    out.write_text(json.dumps(run | {"sentiment": "old", "entities": "old"}))
    new = run | {"entities": "new", "seconds": 2.0}
    merged = S.with_other_tasks_kept(new, out)
    assert merged == run | {"seconds": 2.0, "sentiment": "old", "entities": "new"}
    assert list(merged)[-2:] == ["sentiment", "entities"]  # the usual order
    for other in ({"checkpoint_sha256": "b"}, {"seeds": [0]}):
        out.write_text(json.dumps(run | other | {"sentiment": "old"}))
        assert S.with_other_tasks_kept(new, out) == new  # another run: nothing kept
    assert S.with_other_tasks_kept(new, tmp_path / "none.json") == new
