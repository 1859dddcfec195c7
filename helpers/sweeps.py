"""Sweeps: lessons 07, 08 and 08b's curves, every method at every k with several seeds.

Handles: one point of a curve (`sentiment_point`, `entity_point`, `few_shot_point`,
`prompt_tuned_point`, `test_and_wild_point`), running many points in parallel processes
on any checkpoint (`run_points`), the three sweeps (`label_efficiency_sweep`,
`prompting_sweep`, `verdict_ablation_sweep`), reading a curve horizontally
(`labels_needed`), the shipped results of this checkpoint (`shipped_results`), and
the command that writes the JSON results the lessons ship with:

    python -m helpers.sweeps label-efficiency   # 07: runs/results/label_efficiency.json
    python -m helpers.sweeps prompting          # 08, 08b: runs/results/prompt_tuning.json
    python -m helpers.sweeps prompting --out data/results/prompt_tuning.json --force
    python -m helpers.sweeps verdicts --checkpoints runs/ablation_pairs
                                                # 08, 08b: runs/results/verdict_ablation.json

Leaves out: the tuning and prompting themselves (`helpers.tuning`,
`helpers.entity_tagging`, `helpers.prompting`), plotting the curves (`helpers.plots`),
and error bars beyond the min and max of the seeds.
"""

import argparse
import json
import math
import time
from pathlib import Path

import torch

from helpers.data.store import rounded
from helpers.entity_tagging import (
    ENTITY_METHODS,
    entity_f1,
    predict_tags,
    tune_entities,
)
from helpers.prompting import DEFAULT_TEMPLATE, draw_demos, predict, tune_prompted
from helpers.safe_output import add_output_options, check_output_option
from helpers.tuning import METHODS, accuracy, draw_k, tune_sentiment

LABEL_SWEEP_KS = (8, 16, 32, 64, 128, 256, 512, None)  # None: the whole training pool
PROMPT_SWEEP_KS = (8, 16, 32, 64, 128, 256, 512)
FEW_SHOT = (0, 1, 2, 4, 8)  # solved examples in the prompt
ABLATION_SHOTS = 8  # the verdict ablation's few-shot prompts: 8 solved examples
ABLATION_PROMPT_KS = (
    8,
    16,
    32,
)  # ... and its prompt-based tuning: where labels are few
SWEEP_SEEDS = (0, 1, 2)
TASKS = ("sentiment", "entities")


# ---------------------------------------------------------------- reading the curves


def labels_needed(ks, scores, target):
    """The fewest labels that reach `target`, interpolating between measured k on a log
    scale; None when no measured k reaches it.

    Example: labels_needed([8, 16, 32], [0.6, 0.7, 0.9], 0.8) -> 22.6
    """
    points = list(zip(ks, scores))
    if points[0][1] >= target:
        return float(points[0][0])
    for (k0, s0), (k1, s1) in zip(points, points[1:]):
        if s0 < target <= s1:
            frac = (target - s0) / (s1 - s0)
            log_k = math.log(k0) + frac * (math.log(k1) - math.log(k0))
            return round(math.exp(log_k), 1)
    return None


def shipped_results(name, rerun="its sweep (python -m helpers.sweeps --help)"):
    """A sweep's results as shipped in data/results/, refused when the sweep ran on another
    checkpoint than the shipped foundation model (its numbers would describe another model);
    the refusal says to rerun `rerun` and ship the result.

    Example: shipped_results("prompt_tuning.json")["few_shot"]["n"] -> [0, 1, 2, 4, 8]
    """
    from helpers.data.store import data_path

    results = json.loads(data_path(f"results/{name}").read_text(encoding="utf-8"))
    if results.get("checkpoint_sha256") != checkpoint_sha256():
        raise ValueError(
            f"data/results/{name} was computed on another checkpoint of the foundation "
            f"model; rerun {rerun} and ship the result"
        )
    return results


# ---------------------------------------------------------------- one point of a curve


def sentiment_point(method, k, seed, body, tok, train=None, test=None):
    """Test accuracy of one method at k labels and one seed: a point of lesson 07.

    Example: sentiment_point("bow", 8, 0, None, None) -> 0.5717
    """
    from helpers.data import sentiment_examples

    train = sentiment_examples("train") if train is None else train
    test = sentiment_examples("test") if test is None else test
    chosen = draw_k(train, k, seed, label_of=lambda e: e[0])
    clf = tune_sentiment(chosen, method, body, tok, seed=seed)
    return accuracy(clf.predict([t for _, t in test]), [label for label, _ in test])


def entity_point(method, k, seed, body, tok, train=None, test=None):
    """Span F1 of one method at k labeled sentences and one seed, on the names never read
    of a familiar kind (entity_examples("unseen"), the test set of lesson 07's curves)."""
    from helpers.data import entity_examples

    train = entity_examples("train") if train is None else train
    test = entity_examples("unseen") if test is None else test
    model = tune_entities(draw_k(train, k, seed), method, body, tok, seed=seed)
    return entity_f1([e["tags"] for e in test], predict_tags(model, tok, test))


def few_shot_point(n, seed, body, tok):
    """Test accuracy of the default prompt with n solved examples drawn with `seed`."""
    from helpers.data import sentiment_examples

    train, test = sentiment_examples("train"), sentiment_examples("test")
    demos = draw_demos(train, n, seed)
    predicted = predict(body, tok, [t for _, t in test], demos=demos)[0]
    return accuracy(predicted, [label for label, _ in test])


def prompt_tuned_point(k, seed, body, tok):
    """Test accuracy after prompt-based tuning on k reviews drawn with `seed`."""
    from helpers.data import sentiment_examples

    train, test = sentiment_examples("train"), sentiment_examples("test")
    chosen = draw_k(train, k, seed, label_of=lambda e: e[0])
    clf = tune_prompted(chosen, body, tok, seed=seed)
    return accuracy(clf.predict([t for _, t in test]), [label for label, _ in test])


def test_and_wild_point(method, setting, seed, body, tok):
    """[accuracy on the shipped test set, accuracy on data/wild's hand-written reviews] of
    one way of using a model: a point of the verdict ablation.

    "zero-shot" reads `setting` as a wording (helpers.prompting.TEMPLATES); "few-shot"
    puts `setting` solved examples, drawn with `seed`, before the default wording;
    "prompt-tuned" and the methods of helpers.tuning.METHODS tune on `setting` labeled
    reviews drawn with `seed` (None: the whole pool).
    Example: test_and_wild_point("bow", 8, 0, None, None) -> [0.5717, 0.5345]
    """
    from helpers.data import sentiment_examples, wild_sentiment_examples

    train, test = sentiment_examples("train"), sentiment_examples("test")
    wild = wild_sentiment_examples()
    texts = [t for _, t in test + wild]
    if method == "zero-shot":
        predicted = predict(body, tok, texts, template=setting)[0]
    elif method == "few-shot":
        predicted = predict(body, tok, texts, demos=draw_demos(train, setting, seed))[0]
    else:
        chosen = draw_k(train, setting, seed, label_of=lambda e: e[0])
        tuned = (
            tune_prompted(chosen, body, tok, seed=seed)
            if method == "prompt-tuned"
            else tune_sentiment(chosen, method, body, tok, seed=seed)
        )
        predicted = tuned.predict(texts)
    n = len(test)
    return [
        accuracy(predicted[:n], [label for label, _ in test]),
        accuracy(predicted[n:], [label for label, _ in wild]),
    ]


# ------------------------------------------------------ many points, several processes

_WORKER = {}


def _load_worker(threads, checkpoint=None):
    """Each sweep process loads the model once (the shipped foundation model, or the
    checkpoint folder given) and uses `threads`."""
    from helpers.evaluate import load_model

    torch.set_num_threads(threads)
    _WORKER["body"], _WORKER["tok"] = load_model(checkpoint)


def _run_point(point, args):
    start = time.perf_counter()
    value = point(*args, _WORKER["body"], _WORKER["tok"])
    return value, round(time.perf_counter() - start, 1)


def run_points(point, arg_list, jobs=1, threads=None, log=print, checkpoint=None):
    """[point(*args, body, tok) for args in arg_list] on the foundation model (or the
    model of the `checkpoint` folder), in `jobs` processes.

    Every point seeds itself, so the results do not depend on the number of processes or
    their order; `jobs` only changes the time. Each result is logged as JSON when done.
    Example: run_points(sentiment_point, [("bow", 8, 0)]) -> [0.5716666666666667]
    """
    import concurrent.futures
    import multiprocessing

    threads = threads or max(1, torch.get_num_threads() // jobs)
    results = [None] * len(arg_list)

    def done(i, value, seconds):
        results[i] = value
        log(
            json.dumps(
                {
                    "point": point.__name__,
                    "args": list(arg_list[i]),
                    "value": rounded(value),
                    "seconds": seconds,
                }
            )
        )

    if jobs <= 1:
        _load_worker(threads, checkpoint)
        for i, args in enumerate(arg_list):
            done(i, *_run_point(point, args))
        return results
    spawn = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        jobs, mp_context=spawn, initializer=_load_worker, initargs=(threads, checkpoint)
    ) as pool:
        futures = {pool.submit(_run_point, point, a): i for i, a in enumerate(arg_list)}
        for future in concurrent.futures.as_completed(futures):
            done(futures[future], *future.result())
    return results


def checkpoint_sha256():
    """The sha256 of the shipped foundation model, as the manifest lists it; results made
    with it carry it, so a lesson can refuse results of another checkpoint."""
    from helpers.data import store

    return store.read_manifest()["foundation/model.safetensors"]["sha256"]


# ---------------------------------------------------------------- the two sweeps


def label_efficiency_sweep(
    tasks=TASKS, ks=LABEL_SWEEP_KS, seeds=SWEEP_SEEDS, jobs=1, log=print
):
    """Every (task, method, k, seed) point of lesson 07, as the JSON file's dict.

    Example: label_efficiency_sweep(["sentiment"], ks=[8], seeds=[0])["sentiment"]
             -> {"metric": "accuracy", "ks": [8], "methods": {"full": [[0.7567]], ...}}
    """
    plan = {
        "sentiment": (sentiment_point, METHODS, "accuracy"),
        "entities": (entity_point, ENTITY_METHODS, "f1"),
    }
    results = {
        "checkpoint_sha256": checkpoint_sha256(),
        "seeds": list(seeds),
        "torch": torch.__version__.split("+")[0],
        "threads": torch.get_num_threads(),
        "jobs": jobs,
    }
    for task in tasks:
        point, methods, metric = plan[task]
        grid = [(method, k, s) for method in methods for k in ks for s in seeds]
        values = (round(v, 4) for v in run_points(point, grid, jobs, log=log))
        curves = {m: [[next(values) for _ in seeds] for _ in ks] for m in methods}
        results[task] = {
            "metric": metric,
            "ks": [k if k is not None else "all" for k in ks],
            "methods": curves,
        }
    return results


def prompting_sweep(ks=PROMPT_SWEEP_KS, seeds=SWEEP_SEEDS, jobs=1, log=print):
    """Lessons 08 and 08b: few-shot prompting at every n and seed (one seed for n = 0, which
    draws nothing), and prompt-based tuning at every k and seed, as the JSON's dict.

    Example: prompting_sweep(ks=[8], seeds=[0])["prompt_tuned"] -> [[0.9267]]
    """
    shots = [(n, s) for n in FEW_SHOT for s in (seeds if n else seeds[:1])]
    few = (round(v, 4) for v in run_points(few_shot_point, shots, jobs, log=log))
    grid = [(k, s) for k in ks for s in seeds]
    tuned = (round(v, 4) for v in run_points(prompt_tuned_point, grid, jobs, log=log))
    prompt_tuned = [[next(tuned) for _ in seeds] for _ in ks]
    few_shot = [[next(few) for _ in (seeds if n else seeds[:1])] for n in FEW_SHOT]
    return {
        "checkpoint_sha256": checkpoint_sha256(),
        "seeds": list(seeds),
        "template": DEFAULT_TEMPLATE,
        "ks": list(ks),
        "jobs": jobs,
        "prompt_tuned": prompt_tuned,
        "few_shot": {"n": list(FEW_SHOT), "accuracy": few_shot},
    }


# What an ablation must share with the shipped model, so that only its text differs.
RECIPE_KEYS = (
    "config",
    "steps",
    "batch_size",
    "lr",
    "min_lr",
    "warmup_steps",
    "seed",
    "precision",
)


def ablation_models(checkpoints):
    """{name: (checkpoint folder or None, its card's facts)} for the shipped model and the
    ablation checkpoints, named by what their pretraining text lost ("none", "pairs",
    "all"). Refuses a folder that is not a checkpoint, one trained by another recipe than
    the shipped model, or two that lost the same.

    Example: list(ablation_models(["runs/ablation_pairs"])) -> ['none', 'pairs']
    """
    from helpers.checkpoints import read_config_json
    from helpers.data.store import sha256_of
    from helpers.paths import DATA_DIR

    models = {}
    for folder in [None, *checkpoints]:
        where = DATA_DIR / "foundation" if folder is None else Path(folder)
        if not (where / "config.json").is_file():
            raise ValueError(
                f"{folder}: no config.json there; give a folder that python -m "
                "helpers.pretrain --without-verdicts pairs (or all) wrote"
            )
        extra = read_config_json(where / "config.json")[0].get("extra", {})
        if "data" not in extra or "val_loss" not in extra:
            raise ValueError(
                f"{folder}: not a finished python -m helpers.pretrain run (an interrupted "
                "one keeps no card); train it to the end"
            )
        name = extra["data"].get("verdicts_dropped", "none")
        if folder is not None:
            shipped = models["none"][1]["recipe"]
            differs = [k for k in RECIPE_KEYS if extra.get(k) != shipped[k]]
            if extra["data"]["train"] != models["none"][1]["files"]:
                differs.append("pretraining files")
            if differs or name == "none":
                raise ValueError(
                    f"{folder} is not an ablation of the shipped model: "
                    + (
                        f"its {', '.join(differs)} differ"
                        if differs
                        else "no verdicts dropped"
                    )
                    + "; train one with python -m helpers.pretrain --without-verdicts pairs"
                )
        if name in models:
            raise ValueError(f"two checkpoints dropped the same verdicts ({name!r})")
        models[name] = (
            folder,
            {
                "checkpoint": str(folder or "data/foundation"),
                "sha256": checkpoint_sha256()
                if folder is None
                else sha256_of(where / "model.safetensors"),
                "command": extra.get("command"),
                "train_tokens": extra["data"]["train_tokens"],
                "val_loss": round(extra["val_loss"], 4),
                "val_bits_per_byte": round(extra["val_bits_per_byte"], 4),
                "recipe": {k: extra.get(k) for k in RECIPE_KEYS},
                "files": extra["data"]["train"],
            },
        )
    return models


def verdict_ablation_sweep(
    checkpoints, ks=LABEL_SWEEP_KS, seeds=SWEEP_SEEDS, jobs=1, log=print
):
    """Where zero-shot comes from: the shipped model beside models pretrained without their
    verdicts (python -m helpers.pretrain --without-verdicts), each used every way on the
    test set and on data/wild, as the JSON's dict. Every value is [test, wild] accuracy.

    Per model: zero-shot in every wording, few-shot with ABLATION_SHOTS examples, head
    tuning at every k and prompt-based tuning at ABLATION_PROMPT_KS, with every seed;
    the shipped model's entry adds tuning from scratch at k = 32 (the same for all).
    Example: verdict_ablation_sweep([])["models"]["none"]["zero_shot"]["qa"] -> [0.985, 0.649]
    """
    from helpers.prompting import TEMPLATES

    models = ablation_models(checkpoints)
    grid = {
        "zero_shot": [("zero-shot", name, 0) for name in TEMPLATES],
        "few_shot": [("few-shot", ABLATION_SHOTS, s) for s in seeds],
        "head_tuned": [("full", k, s) for k in ks for s in seeds],
        "prompt_tuned": [
            ("prompt-tuned", k, s) for k in ABLATION_PROMPT_KS for s in seeds
        ],
        "scratch_32": [("scratch", 32, s) for s in seeds],
    }
    results = {
        "checkpoint_sha256": checkpoint_sha256(),
        "seeds": list(seeds),
        "ks": [k if k is not None else "all" for k in ks],
        "prompt_ks": list(ABLATION_PROMPT_KS),
        "shots": ABLATION_SHOTS,
        "jobs": jobs,
        "models": {},
    }
    for name, (folder, card) in models.items():
        parts = [part for part in grid if part != "scratch_32" or name == "none"]
        plan = [point for part in parts for point in grid[part]]
        values = iter(
            run_points(test_and_wild_point, plan, jobs, log=log, checkpoint=folder)
        )
        entry = dict(card)
        entry["zero_shot"] = {
            wording: next(values) for _, wording, _ in grid["zero_shot"]
        }
        entry["few_shot"] = [next(values) for _ in seeds]
        entry["head_tuned"] = [[next(values) for _ in seeds] for _ in ks]
        entry["prompt_tuned"] = [
            [next(values) for _ in seeds] for _ in ABLATION_PROMPT_KS
        ]
        if "scratch_32" in parts:
            entry["scratch_32"] = [next(values) for _ in seeds]
        results["models"][name] = rounded(entry)
    return results


def with_other_tasks_kept(results, out):
    """`results` of some tasks, plus the other tasks' entries from the results file
    already at `out` when it was made by the same checkpoint and seeds: one task can be
    rerun alone. A file of another checkpoint, or none, adds nothing.

    Example: with_other_tasks_kept(entities_only, "data/results/label_efficiency.json")
             -> the new "entities" and the file's "sentiment"
    """
    try:
        old = json.loads(Path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return results
    same_run = all(
        old.get(key) == results[key] for key in ("checkpoint_sha256", "seeds")
    )
    if not same_run:
        return results
    merged = {key: value for key, value in results.items() if key not in TASKS}
    for task in TASKS:  # in their usual order
        if task in results or task in old:
            merged[task] = results.get(task, old.get(task))
    return merged


# ---------------------------------------------------------------- the command

COMMANDS = {  # name: (what it runs, where it writes by default)
    "label-efficiency": (
        "lesson 07: tune every method at every k with several seeds",
        "runs/results/label_efficiency.json",
    ),
    "prompting": (
        "lessons 08 and 08b: few-shot prompts and prompt-based tuning, several seeds",
        "runs/results/prompt_tuning.json",
    ),
    "verdicts": (
        "lessons 08 and 08b: the shipped model beside models pretrained without verdicts",
        "runs/results/verdict_ablation.json",
    ),
}


def build_parser():
    """The command line: one subcommand per sweep, with the same options."""
    p = argparse.ArgumentParser(
        prog="python -m helpers.sweeps",
        description="The sweeps behind lessons 07, 08 and 08b, on the shipped foundation "
        "model (and the verdict ablation's checkpoints); results as JSON.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    for name, (what, out) in COMMANDS.items():
        s = sub.add_parser(name, help=what, description=what)
        add_output_options(s, out, "JSON file")
        if name == "label-efficiency":
            s.add_argument(
                "--tasks",
                nargs="+",
                choices=TASKS,
                default=list(TASKS),
                help="the tasks to sweep (default both); the other task's results are "
                "kept from --out when it holds this checkpoint's",
            )
        if name == "verdicts":
            s.add_argument(
                "--checkpoints",
                nargs="+",
                required=True,
                help="folders of python -m helpers.pretrain --without-verdicts pairs|all",
            )
        s.add_argument(
            "--threads",
            type=int,
            default=2,
            help="threads in all (default 2, the series' budget machine)",
        )
        s.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="processes sharing the threads (same results, less time)",
        )
    return p


def main(argv=None):
    p = build_parser()
    args = p.parse_args(argv)
    if args.jobs < 1 or args.threads < 1:
        p.error("--jobs and --threads must be at least 1")
    check_output_option(p, args, kind="file")  # a refused --out fails before any work
    if args.command == "verdicts":
        try:
            ablation_models(args.checkpoints)  # a wrong folder fails before any work
        except ValueError as err:
            p.error(str(err))
    torch.set_num_threads(args.threads)
    start = time.perf_counter()

    def log(line):
        print(line, flush=True)

    if args.command == "label-efficiency":
        results = label_efficiency_sweep(tuple(args.tasks), jobs=args.jobs, log=log)
        results = with_other_tasks_kept(results, args.out)
    elif args.command == "verdicts":
        results = verdict_ablation_sweep(args.checkpoints, jobs=args.jobs, log=log)
    else:
        results = prompting_sweep(jobs=args.jobs, log=log)
    results["seconds"] = round(time.perf_counter() - start, 1)
    from helpers.data.store import write_results

    out = write_results(args.out, results, force=args.force)
    print(json.dumps({"out": str(out), "seconds": results["seconds"]}))


if __name__ == "__main__":
    main()
