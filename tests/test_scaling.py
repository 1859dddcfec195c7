"""helpers.scaling: the power-law fit, the frontier, one point of the study, and the
shipped results."""

import json
import math

import pytest

from helpers import scaling


def test_fit_power_law_recovers_a_known_law():
    x = [1e4, 3e4, 1e5, 3e5, 1e6]
    a, k = scaling.fit_power_law(x, [7.5 * v**-0.095 for v in x])
    assert math.isclose(k, -0.095, rel_tol=1e-12) and math.isclose(
        a, 7.5, rel_tol=1e-12
    )


def test_fit_power_law_docstring_example():
    a, k = scaling.fit_power_law([1, 10, 100], [2.0, 1.0, 0.5])
    assert (round(a, 3), round(k, 3)) == (2.0, -0.301)


def test_fit_power_law_is_least_squares_in_log_space():
    import numpy as np

    x, y = [2.0, 5.0, 11.0, 40.0], [3.1, 2.2, 2.4, 1.1]
    k, log_a = np.polyfit(np.log(x), np.log(y), 1)
    a, k2 = scaling.fit_power_law(x, y)
    assert math.isclose(k, k2, rel_tol=1e-10) and math.isclose(
        math.exp(log_a), a, rel_tol=1e-10
    )


@pytest.mark.parametrize(
    "x, y, message",
    [
        ([1, 2], [1.0], "same length"),
        ([1], [1.0], "at least 2"),
        ([0, 1], [1.0, 2.0], "> 0"),
        ([1, 2], [-1.0, 2.0], "> 0"),
        ([3, 3], [1.0, 2.0], "all x are equal"),
    ],
)
def test_fit_power_law_rejects_bad_input(x, y, message):
    with pytest.raises(ValueError, match=message):
        scaling.fit_power_law(x, y)


def test_compute_frontier_and_multiplier():
    pts = [
        {"flops": 1, "val_loss": 3},
        {"flops": 2, "val_loss": 3.5},
        {"flops": 4, "val_loss": 2},
        {"flops": 8, "val_loss": 2},
    ]
    assert scaling.compute_frontier(pts) == [pts[0], pts[2]]
    assert round(scaling.compute_multiplier(-0.05, 0.9), 1) == 8.2
    assert math.isclose(scaling.compute_multiplier(-0.5, 0.5), 4.0)
    with pytest.raises(ValueError, match="exponent must be < 0"):
        scaling.compute_multiplier(0.1, 0.9)


@pytest.mark.parametrize(
    "width, tokens, error, message",
    [
        (30, 65_536, ValueError, "multiple of 4"),
        (0, 65_536, ValueError, "multiple of 4"),
        (32.0, 65_536, TypeError, "width must be an int"),
        (32, 1000, ValueError, "multiple of 512"),
        (32, 0, ValueError, "multiple of 512"),
        (32, "65536", TypeError, "tokens must be an int"),
    ],
)
def test_run_point_validates_arguments(width, tokens, error, message):
    with pytest.raises(error, match=message):
        scaling.run_point(width, tokens)


def test_run_point_rejects_a_negative_seed():
    with pytest.raises(ValueError, match="seed"):
        scaling.run_point(32, 5_120, seed=-1)


def test_run_point_is_deterministic(one_thread):
    first = scaling.run_point(
        32, 5_120, seed=0
    )  # 10 steps: a few seconds with the tokenizer
    second = scaling.run_point(32, 5_120, seed=0)
    assert first["val_loss"] == second["val_loss"]
    assert first["n_params"] == 60_288 and first["steps"] == 10
    assert first["flops"] == 5_120 * (6 * (60_288 - 64 * 32) + 12 * 2 * 32 * 64)
    assert (
        4.0 < first["val_loss"] < math.log(1024) + 0.1
    )  # 10 steps: barely below a uniform guess
    other = scaling.run_point(32, 5_120, seed=1)
    assert other["val_loss"] != first["val_loss"]


def test_command_line_validates_arguments(capsys):
    with pytest.raises(SystemExit):
        scaling.main(["--widths", "30"])
    assert "multiple of 4" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        scaling.main(["--tokens", "1000"])
    assert "multiple of 512" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        scaling.main(["--widths", "a,b"])
    assert "whole numbers" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        scaling.main(["--seed", "-1"])
    assert (
        "argument --seed: must be a whole number >= 0, got -1"
        in capsys.readouterr().err
    )
    with pytest.raises(SystemExit):
        scaling.main(["--workers", "0"])
    assert (
        "argument --workers: must be a whole number >= 1, got 0"
        in capsys.readouterr().err
    )


def test_steps_to_read_counts_steps_of_512_tokens():
    assert scaling.steps_to_read(512) == 1 and scaling.steps_to_read(131_072) == 256


def test_command_line_writes_a_small_study(tmp_path, one_thread):
    out = tmp_path / "tiny.json"
    results = scaling.main(
        [
            "--out",
            str(out),
            "--widths",
            "32,64",
            "--tokens",
            "2048,4096",
            "--workers",
            "1",
        ]
    )
    saved = json.loads(out.read_text())
    assert saved["points"] == results["points"] and len(saved["points"]) == 4
    assert set(saved["fits"]) <= {"loss_vs_params", "loss_vs_tokens", "loss_vs_compute"}
    assert saved["machine"]["workers"] == 1 and saved["machine"]["threads_per_run"] == 1


def test_shipped_results_have_the_expected_fields():
    results = scaling.load_results()
    assert results["widths"] == list(scaling.WIDTHS) and results[
        "token_budgets"
    ] == list(scaling.TOKEN_BUDGETS)
    assert len(results["points"]) == len(scaling.WIDTHS) * len(scaling.TOKEN_BUDGETS)
    for p in results["points"]:
        assert {
            "width",
            "n_params",
            "tokens",
            "steps",
            "flops",
            "val_loss",
            "val_bits_per_byte",
            "seconds",
            "seed",
        } <= set(p)
        assert p["flops"] > 6 * p["n_params"] * p["tokens"] * 0.5
        assert 0 < p["val_loss"] < math.log(1024) + 0.1
    for key in ("platform", "workers", "threads_per_run", "torch", "cpu_count"):
        assert key in results["machine"]
    assert results["seconds"] > 0 and all(p["seconds"] > 0 for p in results["points"])


def test_shipped_results_show_loss_falling_with_params_tokens_and_compute():
    fits = scaling.load_results()["fits"]
    for name in ("loss_vs_params", "loss_vs_tokens", "loss_vs_compute"):
        assert fits[name]["exponent"] < 0, name
    refit = scaling.fit_study(scaling.load_results()["points"])
    assert refit == fits
