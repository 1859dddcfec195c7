"""helpers.forecasting: climate series as tokens, baselines, MASE, the forecaster."""

import numpy as np
import pytest
import torch

from helpers import forecasting as F

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def series():
    return F.load_series()


def test_the_three_series_load_whole_and_in_order(series):
    shapes = {name: (len(v), period) for name, (v, period) in series.items()}
    assert shapes == {"co2": (526, 12), "elnino": (732, 12), "sunspots": (309, 11)}
    assert all(np.isfinite(v).all() for v, _ in series.values())
    co2 = series["co2"][0]
    assert co2[0] == pytest.approx(316.1, abs=0.05)  # March 1958, ppm
    assert co2[-12:].mean() - co2[:12].mean() > 50  # it rose about 55 ppm
    assert series["sunspots"][0][:2].tolist() == [5.0, 11.0]  # 1700, 1701


def test_tokens_stand_for_values_within_half_a_bin():
    values = np.array([-3.0, 0.0, 2.5, 9.9, 10.0, 40.0])
    scale = (2.0, 3.0)
    back = F.from_tokens(F.to_tokens(values, scale), scale)
    half_bin = (F.EDGES[1] - F.EDGES[0]) / 2 * scale[1]
    inside = np.abs((values - 2.0) / 3.0) < F.LIMIT
    assert np.all(np.abs(back - values)[inside] <= half_bin + 1e-9)
    assert F.to_tokens(np.array([40.0]), scale)[0] == F.BINS - 1  # beyond: the end bin
    assert F.scale_of(np.full(5, 7.0))[1] > 0  # a flat context does not divide by zero


def test_each_window_is_scaled_by_its_context_alone():
    values = np.arange(150.0)
    rows = F.window_rows(values)
    assert rows.shape == (150 - F.CONTEXT - F.HORIZON + 1, F.CONTEXT + F.HORIZON)
    changed = values.copy()
    changed[F.CONTEXT :] += 1000  # the future of the first window changes...
    first = F.window_rows(changed)[0]
    assert np.array_equal(
        first[: F.CONTEXT], rows[0, : F.CONTEXT]
    )  # ...not its context
    assert (first[F.CONTEXT :] == F.BINS - 1).all()


def test_synthetic_series_are_seeded_and_varied():
    a, b = F.synthetic_rows(20, seed=0), F.synthetic_rows(20, seed=1)
    assert np.array_equal(a, F.synthetic_rows(20, seed=0)) and not np.array_equal(a, b)
    assert a.shape == (20, F.CONTEXT + F.HORIZON) and a.min() >= 0 and a.max() < F.BINS
    assert len({tuple(r) for r in a}) == 20


def test_mase_and_the_baselines_on_series_with_known_answers():
    t = np.arange(120.0)
    season = np.sin(2 * np.pi * t / 12)
    history, future = season[:108], season[108:]
    assert np.abs(F.seasonal_naive(history, 12) - future).max() < 1e-9
    assert F.naive(history, 12).tolist() == [history[-1]] * F.HORIZON
    # by hand: |2-1| over the mean one-season change of 0..23, which is 12
    assert F.mase([2.0], [1.0], np.arange(24.0), 12) == pytest.approx(1 / 12)
    trend = 0.5 * t + 3 * season
    hw = F.holt_winters(trend[:108], 12)
    assert F.mase(hw, trend[108:], trend[:108], 12) < 0.05  # it learns trend and season
    assert F.mase(F.seasonal_naive(trend[:108], 12), trend[108:], trend[:108], 12) > 0.9


def test_the_backtest_shows_each_forecaster_only_the_past():
    values = np.arange(300.0)
    seen = []

    def spy(history, period):
        seen.append(len(history))
        return np.repeat(history[-1] + 1.0, F.HORIZON)

    scores = F.backtest({"spy": spy}, values, 12)
    assert seen == F.origins(values) == [240, 252, 264, 276, 288]
    assert len(scores["spy"]) == F.ORIGINS


def test_sampled_futures_are_seeded_and_refuse_a_short_history():
    model = F.forecaster_gpt()
    context = np.sin(np.arange(F.CONTEXT) / 3) + 5
    paths = F.sample_paths(model, context, samples=4, seed=0)
    assert paths.shape == (4, F.HORIZON)
    assert np.array_equal(paths, F.sample_paths(model, context, samples=4, seed=0))
    q = F.forecast(model, context, samples=20)
    assert np.all(q[0.1] <= q[0.5]) and np.all(q[0.5] <= q[0.9])
    with pytest.raises(ValueError, match=f"reads {F.CONTEXT} past values"):
        F.sample_paths(model, context[:10])


def test_training_lowers_the_loss_on_synthetic_series():
    rows = torch.as_tensor(F.synthetic_rows(64))
    model = F.forecaster_gpt()
    with torch.no_grad():
        before = model(rows[:, :-1], rows[:, 1:])[1].item()
    F.train_forecaster(model, rows, steps=30, lr=1e-3)
    with torch.no_grad():
        after = model(rows[:, :-1], rows[:, 1:])[1].item()
    assert before == pytest.approx(np.log(F.BINS), abs=0.3) and after < before - 1.0


def test_the_shipped_forecaster_is_the_recipe_and_forecasts_co2(series):
    model, meta = F.load_forecaster()
    assert meta["tokenizer"] is None
    assert meta["extra"]["recipe"] == F.RECIPE
    co2 = series["co2"][0]
    start = F.origins(co2)[0]
    q = F.forecast(model, co2[:start], samples=50, seed=0)
    error = F.mase(q[0.5], co2[start : start + F.HORIZON], co2[:start], 12)
    naive = F.mase(
        F.naive(co2[:start], 12), co2[start : start + F.HORIZON], co2[:start], 12
    )
    assert error < 0.6 * naive  # it reads the season and the rise it never saw


def test_shipped_measurements_belong_to_the_shipped_forecaster(monkeypatch):
    results = F.shipped_measurements()
    for name in F.load_series():
        found = results[name]
        assert len(found["tuned"]) == len(results["seeds"]) == 3
        assert all(len(v) == F.ORIGINS for v in found["zero-shot"])
        assert set(F.BASELINES) <= set(found) and 0 <= found["coverage"] <= 1
    monkeypatch.setattr(F, "weights_sha256", lambda directory=None: "0" * 64)
    with pytest.raises(ValueError, match="another model than the shipped"):
        F.shipped_measurements()


def test_the_command_refuses_settings_it_cannot_run(capsys):
    for argv in (["measure", "--seeds", "0"], ["pretrain", "--threads", "0"]):
        with pytest.raises(SystemExit) as exit_info:
            F.main(argv)
        assert exit_info.value.code == 2
        assert "--threads and --seeds must be at least 1" in capsys.readouterr().err


def test_pretrain_writes_a_folder_that_loads(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(F, "pretrain_forecaster", lambda log: (F.forecaster_gpt(), 3.5))
    F.main(["pretrain", "--out", str(tmp_path / "f"), "--threads", "1"])
    model, meta = F.load_forecaster(tmp_path / "f")
    assert meta["extra"]["loss"] == 3.5 and meta["extra"]["recipe"] == F.RECIPE
    assert "3.500 nats per value" in (tmp_path / "f" / "MODEL_CARD.md").read_text()
    assert '"loss": 3.5' in capsys.readouterr().out
