"""Candidate foundation models against the shipped one, on the shipped test sets and on
data/wild's hand-written sentences: the figures that decide whether a new pretraining
text (e.g. `python -m helpers.pretrain --without-broad`, or a changed corpus) is worth
shipping.

Usage: python benchmarks/compare_foundation.py CHECKPOINT [CHECKPOINT ...]
           [--seeds 0 1 2] [--jobs 2] [--json-out FILE] [--without-shipped] [--dev FILE]
Prints a table, then one JSON line. For each model, the shipped one first: its card's
held-out loss (each on its own tokens, so compare bits per byte) and pretraining text;
sentiment accuracy [test, wild] zero-shot in every wording of helpers.prompting, few-shot
with 8 solved examples, head-tuned on 32 labels and the same architecture trained from
scratch on them (with that model's tokenizer); entity F1 tuned on 64 sentences, on
validation, test (names of another kind), unseen (the kind the directory pages hold) and
wild. Means over the seeds. With --dev FILE (label<TAB>text lines, e.g. the hand-written
benchmarks/dev/everyday_sentiment.tsv): accuracy on it zero-shot (default wording),
few-shot 8 and tuned-32. Choose on validation or such a dev file; the wild set only
reports.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import sweeps  # noqa: E402
from helpers.checkpoints import read_config_json  # noqa: E402
from helpers.paths import DATA_DIR  # noqa: E402
from helpers.prompting import TEMPLATES  # noqa: E402

ENTITY_SETS = ("valid", "test", "unseen", "wild")


def entity_f1s(k, seed, body, tok):
    """Span F1 on each of ENTITY_SETS after tuning on k train sentences drawn with seed."""
    from helpers.data import entity_examples, wild_entity_examples
    from helpers.entity_tagging import entity_f1, predict_tags, tune_entities
    from helpers.tuning import draw_k

    model = tune_entities(
        draw_k(entity_examples("train"), k, seed), "full", body, tok, seed=seed
    )
    sets = {name: entity_examples(name) for name in ENTITY_SETS[:3]}
    sets["wild"] = wild_entity_examples()
    return [
        entity_f1([e["tags"] for e in rows], predict_tags(model, tok, rows))
        for rows in sets.values()
    ]


def dev_accuracies(path, folder, seeds):
    """{method: accuracy on the labeled file `path`}, means over the seeds."""
    from helpers.evaluate import classify, read_labeled_tsv, report

    rows = read_labeled_tsv(path)
    result = {}
    for method in ("zero-shot", "few-shot-8", "tuned-32"):
        runs = seeds if method != "zero-shot" else seeds[:1]
        scores = [
            report(rows, classify(rows, method, s, folder))["accuracy"] for s in runs
        ]
        result[method] = round(float(np.mean(scores)), 4)
    return result


def card_of(folder):
    where = DATA_DIR / "foundation" if folder is None else Path(folder)
    extra = read_config_json(where / "config.json")[0]["extra"]
    return {
        "checkpoint": str(folder or "data/foundation"),
        "train": extra["data"]["train"],
        "train_tokens": extra["data"]["train_tokens"],
        "val_bits_per_byte": round(extra["val_bits_per_byte"], 4),
    }


def compare(folder, seeds, jobs, log, dev=None):
    """The figures of one model (None: the shipped one) as a dict."""
    plan = [("zero-shot", name, 0) for name in TEMPLATES]
    plan += [("few-shot", sweeps.ABLATION_SHOTS, s) for s in seeds]
    plan += [("full", 32, s) for s in seeds] + [("scratch", 32, s) for s in seeds]
    values = sweeps.run_points(
        sweeps.test_and_wild_point, plan, jobs, log=log, checkpoint=folder
    )
    n = len(seeds)
    mean = lambda rows: [round(float(x), 4) for x in np.mean(rows, axis=0)]  # noqa: E731
    zero = dict(zip(TEMPLATES, values[: len(TEMPLATES)]))
    rest = values[len(TEMPLATES) :]
    entities = sweeps.run_points(
        entity_f1s, [(64, s) for s in seeds], 1, log=log, checkpoint=folder
    )
    dev_figures = {"dev": dev_accuracies(dev, folder, seeds)} if dev else {}
    return (
        card_of(folder)
        | dev_figures
        | {
            "zero_shot": {k: [round(x, 4) for x in v] for k, v in zero.items()},
            "few_shot_8": mean(rest[:n]),
            "tuned_32": mean(rest[n : 2 * n]),
            "scratch_32": mean(rest[2 * n :]),
            "entities_tuned_64": dict(zip(ENTITY_SETS, mean(entities))),
        }
    )


def table(results):
    lines = []
    for r in results:
        best = max(r["zero_shot"].items(), key=lambda kv: kv[1][0])
        lines += [
            f"== {r['checkpoint']}: {r['train_tokens']:,} tokens of {r['train']}; "
            f"held-out {r['val_bits_per_byte']} bits per byte",
            "sentiment [test, wild]: zero-shot "
            + ", ".join(f"{k} {v}" for k, v in r["zero_shot"].items()),
            f"  best zero-shot on test: {best[0]} {best[1]}; few-shot-8 "
            f"{r['few_shot_8']}; tuned-32 {r['tuned_32']}; scratch-32 {r['scratch_32']}",
            "entities tuned on 64, F1: "
            + ", ".join(f"{k} {v}" for k, v in r["entities_tuned_64"].items()),
        ]
        if "dev" in r:
            lines.append(
                "dev file accuracy: "
                + ", ".join(f"{k} {v}" for k, v in r["dev"].items())
            )
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("checkpoints", nargs="+", help="candidate checkpoint folders")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--json-out", help="also write the JSON here")
    p.add_argument(
        "--without-shipped",
        action="store_true",
        help="measure only the candidates (the shipped model takes about 4 minutes)",
    )
    p.add_argument("--dev", help="also score this label<TAB>text file (see above)")
    args = p.parse_args(argv)
    if args.dev and not Path(args.dev).is_file():
        p.error(f"--dev {args.dev}: no such file")
    for folder in args.checkpoints:
        if not Path(folder, "config.json").is_file():
            p.error(f"{folder}: no config.json there; give a helpers.pretrain folder")
    results = [
        compare(folder, args.seeds, args.jobs, log=lambda line: None, dev=args.dev)
        for folder in [*([] if args.without_shipped else [None]), *args.checkpoints]
    ]
    print(table(results))
    line = json.dumps({"seeds": args.seeds, "models": results})
    print(line)
    if args.json_out:
        Path(args.json_out).write_text(line + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
