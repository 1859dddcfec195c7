"""Forecasting as next-token prediction: a GPT reads a series as binned values.

Handles: three climate-science series that statsmodels ships (`load_series`: Mauna Loa
CO₂ as monthly means, El Niño sea-surface temperatures, yearly sunspot numbers), turning
a window of values into tokens and back (`to_tokens`, `from_tokens`: scaled by the
context's mean and spread, then cut into BINS bins), unlabeled practice series made by
the program (`synthetic_series`: trend, seasons, cycles and noise), the same GPT class as
every lesson (`forecaster_gpt`), forecasts as many sampled futures (`sample_paths`,
`forecast`: median and quantiles), the baselines a forecaster reaches for (`naive`,
`seasonal_naive`, `holt_winters` from statsmodels) and the score that compares them
(`mase`) over several forecast origins (`backtest`).

    python -m helpers.forecasting pretrain --out runs/forecaster   # on synthetic series
    python -m helpers.forecasting measure    # zero-shot, tuned and scratch vs baselines

Leaves out: many series at once, covariates, and horizons beyond HORIZON steps.
"""

import numpy as np
import torch

from helpers.gpt import GPT, GPTConfig
from helpers.tuning import fit

CONTEXT = 96  # values the forecaster reads: 8 years of months
HORIZON = 12  # values it forecasts
BINS = 256  # tokens: equal-width bins of the scaled value
LIMIT = 6.0  # scaled values beyond ±LIMIT go to the end bins
EDGES = np.linspace(-LIMIT, LIMIT, BINS + 1)
CENTRES = (EDGES[:-1] + EDGES[1:]) / 2  # the value each token stands for
ORIGINS = 5  # forecast origins per series: the last 5 stretches of HORIZON values
QUANTILES = (0.1, 0.5, 0.9)


def load_series():
    """The three series as {name: (values, season length)}, oldest first, no gaps.
    CO₂ (weekly, 59 weeks missing) is filled linearly and averaged per month.
    Example: load_series()["co2"][0][:2] -> array([316.1, 317.2]) (ppm), season 12"""
    import warnings

    from statsmodels.datasets import co2, elnino, sunspots

    with warnings.catch_warnings():  # statsmodels' loaders warn about pandas options
        warnings.simplefilter("ignore")
        weekly = co2.load_pandas().data["co2"].interpolate()
        nino = elnino.load_pandas().data.drop(columns="YEAR")
        spots = sunspots.load_pandas().data["SUNACTIVITY"]
    monthly = weekly.resample("MS").mean().to_numpy()  # (526,)
    return {
        "co2": (monthly, 12),
        "elnino": (nino.to_numpy().ravel(), 12),  # (732,) 1950-2010, month by month
        "sunspots": (spots.to_numpy(dtype=float), 11),  # (309,) 1700-2008
    }


SERIES_NAMES = {
    "co2": "CO₂ at Mauna Loa (ppm, monthly)",
    "elnino": "El Niño sea temperature (°C, monthly)",
    "sunspots": "sunspot number (yearly)",
}


def scale_of(context):
    """(mean, spread) of a context: its standard deviation, kept above a tiny floor so a
    flat context does not divide by zero. Example: scale_of(np.array([1., 3.])) -> (2.0, 1.0)
    """
    mean = float(np.mean(context))
    return mean, max(float(np.std(context)), 1e-6 * (abs(mean) + 1.0))


def to_tokens(values, scale):
    """Token ids of values: (value - mean) / spread, cut into BINS equal bins on
    [-LIMIT, LIMIT]. Example: to_tokens(np.array([2.0]), (2.0, 1.0)) -> array([128])"""
    mean, spread = scale
    z = (np.asarray(values, dtype=float) - mean) / spread
    return np.clip(np.digitize(z, EDGES) - 1, 0, BINS - 1)


def from_tokens(tokens, scale):
    """The values tokens stand for (their bins' centres, unscaled).
    Example: from_tokens(np.array([128]), (2.0, 1.0)) -> array([2.0234375])"""
    mean, spread = scale
    return CENTRES[np.asarray(tokens)] * spread + mean


def window_rows(values, length=CONTEXT + HORIZON):
    """Every window of `length` values as a row of tokens, each scaled by its first
    CONTEXT values (what a forecast would read): (windows, length) int64.
    Example: window_rows(np.arange(200.0)).shape -> (93, 108)"""
    values = np.asarray(values, dtype=float)
    rows = [
        to_tokens(values[i : i + length], scale_of(values[i : i + CONTEXT]))
        for i in range(len(values) - length + 1)
    ]
    return np.array(rows, dtype=np.int64).reshape(-1, length)


def synthetic_series(rng, n=CONTEXT + HORIZON):
    """One practice series of n values, made by the program: a trend, a season (usually
    12 steps long), sometimes a sunspot-like cycle of 8-14 steps, AR(1) noise and a
    random walk, at a random level and size. No real measurement goes in.
    Example: synthetic_series(np.random.default_rng(0)).shape -> (108,)"""
    t = np.arange(n, dtype=float)
    y = rng.normal(0, 1) * t / n * rng.choice([0, 1, 3, 10], p=[0.25, 0.35, 0.25, 0.15])
    if rng.random() < 0.8:  # a season of 1-3 harmonics
        period = rng.choice([12, 12, 12, 11, 10, 6, 4, 7, 24, 52])
        size = rng.lognormal(0, 0.7)
        for k in range(1, rng.integers(1, 4) + 1):
            phase = rng.uniform(0, 2 * np.pi)
            y += (
                size / k * rng.normal(0, 1) * np.sin(2 * np.pi * k * t / period + phase)
            )
    if rng.random() < 0.35:  # a cycle whose length and height wander, like sunspots
        period = rng.uniform(8, 14)
        phase = np.cumsum(2 * np.pi / (period * rng.uniform(0.85, 1.15, n)))
        height = rng.lognormal(1, 0.4) * (
            1 + 0.3 * np.sin(2 * np.pi * t / rng.uniform(50, 150))
        )
        y += height * np.abs(np.sin(phase / 2 + rng.uniform(0, 3))) ** rng.uniform(
            1, 2.5
        )
    memory = rng.choice([0.0, rng.uniform(0, 0.98)])  # AR(1) coefficient
    shocks = rng.normal(0, rng.lognormal(-1.2, 0.8), n)
    noise = np.zeros(n)
    for i in range(1, n):
        noise[i] = memory * noise[i - 1] + shocks[i]
    y += noise
    if rng.random() < 0.2:
        y += np.cumsum(rng.normal(0, 0.05, n))
    return y * rng.lognormal(0, 1) + rng.normal(0, 5)


def synthetic_rows(count, seed=0):
    """`count` synthetic series as token rows (count, CONTEXT + HORIZON), each scaled by
    its context. Example: synthetic_rows(2).shape -> (2, 108)"""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(count):
        s = synthetic_series(rng)
        rows.append(to_tokens(s, scale_of(s[:CONTEXT])))
    return np.array(rows, dtype=np.int64)


def forecaster_gpt(seed=0):
    """A fresh GPT over BINS value tokens that reads CONTEXT values and writes HORIZON.
    Example: forecaster_gpt().config.block_size -> 107"""
    torch.manual_seed(seed)
    config = GPTConfig(
        vocab_size=BINS,
        block_size=CONTEXT + HORIZON - 1,
        n_layer=4,
        n_head=4,
        n_embd=128,
    )
    return GPT(config)


def train_forecaster(model, rows, steps, lr, seed=0, batch_size=32):
    """Next-token training on token rows (helpers.tuning.fit, AdamW at a constant lr);
    returns the mean loss of the last 10 steps.
    Example: train_forecaster(forecaster_gpt(), synthetic_rows(64), 20, 1e-3) -> 5.0"""
    rows = torch.as_tensor(rows)  # (n, CONTEXT + HORIZON)

    def batch_loss(idx):
        batch = rows[idx]
        return model(batch[:, :-1], batch[:, 1:])[1]

    params = [{"params": model.parameters(), "lr": lr}]
    return fit(model, batch_loss, len(rows), steps, batch_size, params, seed=seed)


def sample_paths(model, context, samples=100, seed=0):
    """`samples` futures of HORIZON values after the last CONTEXT values of `context`,
    each drawn token by token: (samples, HORIZON) in the series' own units.
    Example: sample_paths(model, co2[:400]).shape -> (100, 12)"""
    context = np.asarray(context, dtype=float)[-CONTEXT:]
    if len(context) < CONTEXT:
        raise ValueError(
            f"the forecaster reads {CONTEXT} past values, got {len(context)}; "
            "give a longer history"
        )
    scale = scale_of(context)
    prompt = torch.as_tensor(to_tokens(context, scale)).repeat(
        samples, 1
    )  # (S, CONTEXT)
    generator = torch.Generator().manual_seed(seed)
    drawn = model.generate(prompt, HORIZON, generator=generator)[:, CONTEXT:]  # (S, H)
    return from_tokens(drawn.numpy(), scale)


def forecast(model, context, samples=100, seed=0):
    """Quantiles of the sampled futures: {0.1: (HORIZON,), 0.5: ..., 0.9: ...}; the
    median (0.5) is the point forecast.
    Example: forecast(model, co2[:400])[0.5][:2] -> array([346.1, 347.0])"""
    paths = sample_paths(model, context, samples, seed)
    return {q: np.quantile(paths, q, axis=0) for q in QUANTILES}


def naive(history, period):
    """Tomorrow is today: the last value, HORIZON times. Example: naive([1, 2], 12)[0] -> 2"""
    return np.repeat(float(history[-1]), HORIZON)


def seasonal_naive(history, period):
    """This month is the same month last year: the last season, repeated.
    Example: seasonal_naive(np.arange(24.0), 12)[:2] -> array([12., 13.])"""
    return np.resize(np.asarray(history[-period:], dtype=float), HORIZON)


def holt_winters(history, period):
    """statsmodels' Holt-Winters (exponential smoothing with an additive, damped trend and
    an additive season), fitted to the history. Example: holt_winters(co2[:400], 12)"""
    import warnings

    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    with warnings.catch_warnings():  # convergence notes from the optimiser
        warnings.simplefilter("ignore")
        model = ExponentialSmoothing(
            np.asarray(history, dtype=float),
            trend="add",
            damped_trend=True,
            seasonal="add",
            seasonal_periods=period,
        ).fit()
    return np.asarray(model.forecast(HORIZON))


BASELINES = {
    "naive": naive,
    "seasonal naive": seasonal_naive,
    "Holt-Winters": holt_winters,
}


def mase(predicted, actual, history, period):
    """Mean absolute scaled error: the forecast's mean error divided by the mean error
    seasonal naive makes one season ahead inside the history. Below 1: better than that
    in-sample yardstick. Example: mase([2.], [1.], np.arange(24.0), 12) -> 1/12"""
    history = np.asarray(history, dtype=float)
    yardstick = np.mean(np.abs(history[period:] - history[:-period]))
    return float(
        np.mean(np.abs(np.asarray(predicted) - np.asarray(actual))) / yardstick
    )


def origins(values, count=ORIGINS):
    """Where the backtest's forecasts start: the last `count` stretches of HORIZON values.
    Example: origins(np.zeros(526)) -> [466, 478, 490, 502, 514]"""
    return [len(values) - HORIZON * k for k in range(count, 0, -1)]


def backtest(forecasters, values, period, count=ORIGINS):
    """MASE of each forecaster at each origin: {name: [MASE per origin]}. A forecaster
    is f(history, period) -> HORIZON values; it sees only the values before its origin.
    Example: backtest(BASELINES, *load_series()["co2"])["naive"] -> [1.5, ...]"""
    scores = {name: [] for name in forecasters}
    for start in origins(values, count):
        history, actual = values[:start], values[start : start + HORIZON]
        for name, f in forecasters.items():
            scores[name].append(mase(f(history, period), actual, history, period))
    return scores


def gpt_forecaster(model, samples=100, seed=0):
    """A backtest forecaster from a GPT: the median of its sampled futures.
    Example: backtest({"GPT": gpt_forecaster(model)}, *load_series()["co2"])"""
    return lambda history, period: forecast(model, history, samples, seed)[0.5]


RECIPE = {  # the settings of `pretrain_forecaster` and `measure_forecasts`
    "synthetic_series": 50_000,
    "steps": 4000,
    "lr": 1e-3,
    "samples": 100,  # sampled futures per forecast
    "tune_steps": 200,  # on the series' own past, from the pretrained forecaster
    "tune_lr": 3e-4,
    "scratch_steps": 600,  # on the same windows, from random weights
    "scratch_lr": 1e-3,
}


SHIPPED = "forecaster"  # the shipped forecaster's folder under data/
FORECASTER_FILES = ("model.safetensors", "config.json", "MODEL_CARD.md")


def model_card(extra, parameters):
    """MODEL_CARD.md for a saved forecaster, from the figures in its config's extra."""
    e, r = extra, extra["recipe"]
    threads = f"{e['threads']} CPU thread" + ("s" if e["threads"] != 1 else "")
    command = (
        "python -m helpers.forecasting pretrain --out data/forecaster --force "
        f"--threads {e['threads']}"
    )
    return f"""# Model card: the series' forecaster

**What it is.** A {parameters / 1e6:.2f} M-parameter GPT (helpers.gpt: 4 layers, 4 heads, width
128) that reads {CONTEXT} values of a series and writes the next {HORIZON}, one token each. A
token is one of {BINS} equal bins of the value after scaling by the {CONTEXT} values' mean and
standard deviation (±{LIMIT:g} standard deviations). Lesson 12b samples it for forecasts.

**Data.** {r["synthetic_series"]:,} series made by `helpers.forecasting.synthetic_series` (seed 0):
trends, seasons, wandering cycles, AR(1) noise and random walks. No real measurement was read:
the CO₂, El Niño and sunspot series of lesson 12b are new to it.

**Training.** {r["steps"]:,} steps of 32 series, AdamW at lr {r["lr"]}, seed 0; final training
loss {e["loss"]:.3f} nats per value. Wall time {e["seconds"] / 60:.1f} min on {threads},
torch {e["torch"]}.

**Command.** `{command}`

**Limits.** It knows only the shapes the program draws; twelve steps ahead at most; no
weather, no physics. Do not use it for anything but learning.
"""


def load_forecaster(directory=None):
    """A saved forecaster: (GPT in eval mode, meta). Without a directory, the shipped
    data/forecaster, each file checked by sha256 first.
    Example: model, meta = load_forecaster()"""
    from helpers.checkpoints import load_checkpoint
    from helpers.data import store

    if directory is None:
        directory = store.shipped_folder(SHIPPED, FORECASTER_FILES)
    model, _, meta = load_checkpoint(directory)
    return model, meta


def weights_sha256(directory=None):
    """sha256 of a forecaster's weights (default: the shipped ones), which results record."""
    from helpers.data import store

    return store.weights_sha256(SHIPPED, directory)


def shipped_measurements():
    """data/results/forecasts.json, refused when measured on other weights than the
    shipped forecaster. Example: shipped_measurements()["co2"]["zero-shot"]"""
    from helpers.data import store

    rerun = "python -m helpers.forecasting measure"
    return store.results_for_model("forecasts.json", weights_sha256(), rerun)


def mean_mase(results, name, way):
    """One way's mean MASE on one series in measured results (as `measure` writes them):
    over the origins, and over the seeds for the GPTs.
    Example: mean_mase(shipped_measurements(), "co2", "zero-shot") -> 0.69"""
    return float(np.mean(results[name][way]))


def pretrain_forecaster(recipe=RECIPE, log=print):
    """The forecaster: recipe["steps"] steps on synthetic series only. Returns
    (model, loss). Example: model, loss = pretrain_forecaster()"""
    rows = synthetic_rows(recipe["synthetic_series"])
    log(f"{len(rows):,} synthetic series of {rows.shape[1]} values")
    model = forecaster_gpt()
    loss = train_forecaster(model, rows, recipe["steps"], recipe["lr"])
    return model.eval(), loss


def tuned_and_scratch(model, past, seed, recipe=RECIPE):
    """(the pretrained forecaster tuned on every window of `past`, a fresh one trained on
    the same windows alone), both in eval mode.
    Example: tuned, scratch = tuned_and_scratch(model, co2[:466], seed=0)"""
    import copy

    rows = window_rows(past)
    tuned = copy.deepcopy(model)
    train_forecaster(tuned, rows, recipe["tune_steps"], recipe["tune_lr"], seed)
    scratch = forecaster_gpt(seed=seed)
    train_forecaster(scratch, rows, recipe["scratch_steps"], recipe["scratch_lr"], seed)
    return tuned.eval(), scratch.eval()


def coverage(model, values, samples, seed):
    """How often the actual value fell between the 0.1 and 0.9 quantiles of the
    forecaster's futures, over every origin and step (0.8 when honest).
    Example: coverage(model, co2, 100, 0) -> 0.78"""
    inside = []
    for start in origins(values):
        q = forecast(model, values[:start], samples, seed)
        actual = values[start : start + HORIZON]
        inside.extend((q[0.1] <= actual) & (actual <= q[0.9]))
    return float(np.mean(inside))


def series_study(model, values, period, seeds, recipe=RECIPE, log=print):
    """MASE per origin of the baselines and of the GPT three ways (zero-shot, tuned on
    the series' past before the first origin, scratch on the same), one list per seed
    for the GPTs; with the zero-shot forecaster's 80% interval coverage."""
    found = {name: [round(m, 4) for m in v] for name, v in
             backtest(BASELINES, values, period).items()}  # fmt: skip
    past = values[: origins(values)[0]]
    for seed in seeds:
        tuned, scratch = tuned_and_scratch(model, past, seed, recipe)
        ways = {"zero-shot": model, "tuned": tuned, "scratch": scratch}
        forecasters = {
            w: gpt_forecaster(m, recipe["samples"], seed) for w, m in ways.items()
        }
        for way, scores in backtest(forecasters, values, period).items():
            found.setdefault(way, []).append([round(m, 4) for m in scores])
        log(f"seed {seed}: " + ", ".join(
            f"{w} {np.mean(found[w][-1]):.3f}" for w in ways))  # fmt: skip
    found["coverage"] = round(coverage(model, values, recipe["samples"], 0), 4)
    return found


def build_parser():
    from helpers.domain_cli import domain_parser

    p, _, _ = domain_parser(
        "helpers.forecasting",
        "forecaster",
        "forecasts.json",
        "Lesson 12b's forecaster and its measurements.",
        "pretrain the forecaster on synthetic series (about 10 min on 2 cores)",
        "zero-shot, tuned and scratch forecasts of CO₂, El Niño and sunspots against "
        "naive, seasonal naive and Holt-Winters (about 18 min)",
    )
    return p


def main(argv=None):
    import time

    from helpers.domain_cli import (
        parse_domain_args,
        run_record,
        save_pretrained,
        say,
        write_study,
    )

    args = parse_domain_args(build_parser(), argv)
    start = time.perf_counter()
    if args.command == "pretrain":
        model, loss = pretrain_forecaster(log=say)
        extra = run_record(args, RECIPE, loss, time.perf_counter() - start)
        card = model_card(extra, model.num_parameters())
        save_pretrained(args, model, None, extra, card, SHIPPED, FORECASTER_FILES)
        return
    model, _ = load_forecaster(args.pretrained)
    results = {
        "recipe": RECIPE,
        "seeds": list(range(args.seeds)),
        "pretrained_sha256": weights_sha256(args.pretrained),
    }
    for name, (values, period) in load_series().items():
        say(name)
        results[name] = series_study(model, values, period, results["seeds"], log=say)
    write_study(args, results, start)


if __name__ == "__main__":
    main()
