"""Visual inspection: finding defective parts with a picture GPT that read only good ones.

Handles: "parts" made from scikit-learn's digits with the variation of a real production
line (`vary`: shifted by a pixel, lit more or less brightly), three kinds of defect
(`add_defect`: a scratch, a missing piece of stroke, a blob), the held-out inspection set
(`defect_set`: each held-out digit once good and once defective), the unlabeled good parts
a model learns from (`good_parts`), how surprised a picture GPT is by each pixel
(`surprisal_map`) and the score that flags a part (`defect_score`: its most surprising
pixels), the baseline (`helpers.images.nearest_distances` to the good parts), AUROC
with a bootstrap interval (`auroc`, `auroc_interval`), and a head tuned on a few labeled
parts (`labeled_parts`, `tuned_head_scores`: a logistic regression on the model's defect
score and the nearest-neighbour distance, against one on the pixels).

    python -m helpers.inspection pretrain --out runs/inspection   # on good parts only
    python -m helpers.inspection measure   # AUROC of the model and of nearest neighbours

Leaves out: real camera images, locating a defect beyond its pixel, and defects that
change a part's shape as a whole.
"""

import numpy as np
import torch

from helpers.images import (
    NO_CAPTION,
    PIXELS,
    SIDE,
    image_gpt,
    image_rows,
    load_digit_images,
    nearest_distances,
    train_on_pictures,
)

DEFECTS = ("scratch", "missing", "blob")
TOP = 4  # a part's score: the surprisal of its TOP most surprising pixels, summed


def vary(images, rng):
    """Each picture as a production line would show it: shifted by up to a pixel each
    way (wrapping round) and lit at 60-100% of its ink, rounded back to grey levels.
    Example: vary(train_x[:2], np.random.default_rng(0)).shape -> (2, 64)"""
    out = []
    for image in np.asarray(images):
        grid = image.reshape(SIDE, SIDE).astype(float)
        dx, dy = rng.integers(-1, 2, 2)
        grid = np.roll(np.roll(grid, dy, 0), dx, 1) * rng.uniform(0.6, 1.0)
        out.append(np.clip(np.round(grid), 0, 16).astype(np.int64).reshape(-1))
    return np.array(out).reshape(-1, PIXELS)


def add_defect(image, kind, rng):
    """A copy of one picture (64,) with one defect: "scratch", a line of 4 full-ink
    pixels across it; "missing", a 2 x 3 patch of a stroke wiped out; "blob", a 2 x 2
    patch of ink on the background. Example: add_defect(part, "blob", rng)"""
    grid = np.asarray(image).reshape(SIDE, SIDE).copy()
    if kind == "scratch":
        at, start = rng.integers(1, SIDE - 1), rng.integers(0, SIDE - 4)
        if rng.random() < 0.5:
            grid[at, start : start + 4] = 16  # across
        else:
            grid[start : start + 4, at] = 16  # down
    elif kind == "missing":
        ys, xs = np.nonzero(grid > 6)  # a pixel of a stroke
        i = rng.integers(len(ys))
        grid[max(0, ys[i] - 1) : ys[i] + 1, max(0, xs[i] - 1) : xs[i] + 2] = 0
    elif kind == "blob":
        ys, xs = np.nonzero(grid < 2)  # a pixel of background
        i = rng.integers(len(ys))
        grid[ys[i] : ys[i] + 2, xs[i] : xs[i] + 2] = 12
    else:
        raise ValueError(f"kind must be one of {DEFECTS}, got {kind!r}")
    return grid.reshape(-1)


def defect_set(seed=0):
    """The inspection set: every held-out digit once as a good part and once, varied
    again, with a defect (the kinds in turn). Returns (images (594, 64), is_defect
    (594,) 0/1, kind per picture: "good" or a defect). No model read these digits.
    Example: images, is_defect, kinds = defect_set(); is_defect.mean() -> 0.5"""
    rng = np.random.default_rng(seed)
    held_out = load_digit_images()[2]  # (297, 64)
    good = vary(held_out, rng)
    kinds = [DEFECTS[i % len(DEFECTS)] for i in range(len(held_out))]
    bad = np.array([add_defect(p, k, rng) for p, k in zip(vary(held_out, rng), kinds)])
    images = np.concatenate([good, bad])  # (594, 64)
    is_defect = np.r_[np.zeros(len(good), int), np.ones(len(bad), int)]
    return images, is_defect, np.array(["good"] * len(good) + kinds)


def good_parts(copies=8, seed=5):
    """What the line shows on a normal day: each of the 1,500 training digits `copies`
    times, each time varied anew; no defect, no label. (1500 * copies, 64).
    Example: good_parts(2).shape -> (3000, 64)"""
    rng = np.random.default_rng(seed)
    train_x = load_digit_images()[0]
    return np.concatenate([vary(train_x, rng) for _ in range(copies)])


@torch.no_grad()
def surprisal_map(model, images):
    """How surprised a picture GPT is by each pixel, given the pixels before it (read
    with no caption): -ln P(pixel), (N, 64) nats.
    Example: surprisal_map(model, images[:2]).shape -> (2, 64)"""
    n_captions = model.config.vocab_size - NO_CAPTION - 1
    rows = image_rows(images, [None] * len(images), n_captions)  # (N, 65)
    log_probs = torch.log_softmax(model(rows[:, :-1])[0], dim=-1)  # (N, 64, V)
    picked = log_probs.gather(-1, rows[:, 1:].unsqueeze(-1)).squeeze(-1)  # (N, 64)
    return (-picked).numpy()


def defect_score(surprisals, top=TOP):
    """A part's score: the sum of its `top` largest pixel surprisals. A defect is a few
    pixels the model did not expect; the rest of the part is as usual.
    Example: defect_score(np.array([[0.1, 3.0, 0.2, 2.0]]), top=2) -> array([5.])"""
    return -np.sort(-np.asarray(surprisals), axis=1)[:, :top].sum(1)


def auroc(scores, is_defect):
    """The chance that a defective part scores higher than a good one (ties count half):
    1.0 separates them perfectly, 0.5 is a coin. Example: auroc([1, 3, 2], [0, 1, 0]) -> 1.0
    """
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(is_defect, scores))


def auroc_interval(scores, is_defect, draws=1000, seed=0):
    """A 95% bootstrap interval of the AUROC: the parts drawn again with replacement
    `draws` times. Example: auroc_interval(scores, is_defect) -> (0.91, 0.96)"""
    scores, is_defect = np.asarray(scores), np.asarray(is_defect)
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(draws):
        i = rng.integers(0, len(scores), len(scores))
        found.append(auroc(scores[i], is_defect[i]))
    low, high = np.percentile(found, [2.5, 97.5])
    return float(low), float(high)


def auroc_gain_interval(better, baseline, is_defect, draws=1000, seed=0):
    """A 95% bootstrap interval of AUROC(better) - AUROC(baseline), both scored on the
    same parts in each draw: above 0 when `better` wins beyond the luck of the draw.
    Example: auroc_gain_interval(model_scores, nearest, is_defect) -> (0.004, 0.034)"""
    better, baseline = np.asarray(better), np.asarray(baseline)
    is_defect = np.asarray(is_defect)
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(draws):
        i = rng.integers(0, len(is_defect), len(is_defect))
        found.append(auroc(better[i], is_defect[i]) - auroc(baseline[i], is_defect[i]))
    low, high = np.percentile(found, [2.5, 97.5])
    return float(low), float(high)


LABELED_PER_CLASS = 25  # labeled good and defective parts for the tuned head


def labeled_parts(per_class=LABELED_PER_CLASS, seed=0):
    """A few parts an engineer has labeled: `per_class` good and `per_class` defective
    (the kinds in turn), made from training digits other than each other, varied anew.
    Returns (images (2 * per_class, 64), is_defect). The inspection model read these
    digits as good parts; it never read a defective one. None is in `defect_set`.
    Example: images, is_defect = labeled_parts(5); is_defect.sum() -> 5"""
    rng = np.random.default_rng(100 + seed)
    train_x = load_digit_images()[0]
    pick = rng.choice(len(train_x), 2 * per_class, replace=False)
    good = vary(train_x[pick[:per_class]], rng)
    bad = [
        add_defect(p, DEFECTS[i % len(DEFECTS)], rng)
        for i, p in enumerate(vary(train_x[pick[per_class:]], rng))
    ]
    images = np.concatenate([good, np.array(bad)])  # (2 * per_class, 64)
    return images, np.r_[np.zeros(per_class, int), np.ones(per_class, int)]


def head_features(model, images, parts):
    """What the tuned head reads of each part: the model's defect score and the
    distance to the nearest good part, (N, 2).
    Example: head_features(model, images[:3], good_parts()).shape -> (3, 2)"""
    surprise = defect_score(surprisal_map(model, images))  # (N,)
    return np.c_[surprise, nearest_distances(images, parts)]


def tuned_head_scores(train_features, is_defect, features):
    """Scores from a logistic regression fitted on a few labeled parts' features: higher
    is more likely defective. Example: tuned_head_scores(x, y, head_features(...))"""
    from sklearn.linear_model import LogisticRegression

    head = LogisticRegression(max_iter=2000).fit(train_features, is_defect)
    return head.decision_function(features)


RECIPE = {"copies": 8, "steps": 1500, "batch_size": 64, "lr": 1e-3}
SHIPPED = "inspection"  # the shipped inspection model's folder under data/
INSPECTION_FILES = ("model.safetensors", "config.json", "MODEL_CARD.md")


def pretrain_inspector(recipe=RECIPE):
    """A picture GPT that has seen only good parts: recipe["copies"] varied copies of
    each training digit, no caption, no defect. Returns (model, loss).
    Example: model, loss = pretrain_inspector()   # about 4 min on 2 cores"""
    parts = good_parts(recipe["copies"])
    model = image_gpt(1)
    rows = image_rows(parts, [None] * len(parts), 1)
    loss = train_on_pictures(
        model, rows, recipe["steps"], recipe["lr"], recipe["batch_size"], 0.0
    )
    return model.eval(), loss


def load_inspector(directory=None):
    """A saved inspection model: (GPT in eval mode, meta); without a directory, the
    shipped data/inspection, each file checked by sha256 first.
    Example: model, meta = load_inspector()"""
    from helpers.checkpoints import load_checkpoint
    from helpers.data import store

    if directory is None:
        directory = store.shipped_folder(SHIPPED, INSPECTION_FILES)
    model, _, meta = load_checkpoint(directory)
    return model, meta


def inspection_report(model, parts, seed=0):
    """AUROC (with its 95% interval) on `defect_set(seed)` of the model's defect score, of
    the nearest-neighbour distance to `parts`, of the head tuned on `labeled_parts(seed=
    seed)` and of a logistic regression on those parts' pixels, overall and per kind of
    defect; and the intervals of the model's and the head's gains over the nearest
    neighbour ("gain", "head gain").
    Example: inspection_report(model, good_parts())["model"]["all"] -> [0.95, 0.93, 0.96]"""
    images, is_defect, kinds = defect_set(seed)
    scores = {
        "model": defect_score(surprisal_map(model, images)),
        "nearest neighbour": nearest_distances(images, parts),
    }
    report = {"gain": auroc_gain_interval(*scores.values(), is_defect)}
    labeled, labels = labeled_parts(seed=seed)
    scores["tuned head"] = tuned_head_scores(
        head_features(model, labeled, parts),
        labels,
        np.c_[scores["model"], scores["nearest neighbour"]],
    )
    scores["pixels, logistic"] = tuned_head_scores(labeled / 16, labels, images / 16)
    report["head gain"] = auroc_gain_interval(
        scores["tuned head"], scores["nearest neighbour"], is_defect
    )
    for way, s in scores.items():
        report[way] = {"all": [auroc(s, is_defect), *auroc_interval(s, is_defect)]}
        for kind in DEFECTS:
            keep = (kinds == "good") | (kinds == kind)
            report[way][kind] = auroc(s[keep], is_defect[keep])
    return report


def model_card(extra, parameters):
    """MODEL_CARD.md for a saved inspection model, from its config's extra."""
    e, r = extra, extra["recipe"]
    threads = f"{e['threads']} CPU thread" + ("s" if e["threads"] != 1 else "")
    command = (
        "python -m helpers.inspection pretrain --out data/inspection --force "
        f"--threads {e['threads']}"
    )
    return f"""# Model card: the series' inspection model

**What it is.** A {parameters / 1e6:.2f} M-parameter GPT (helpers.gpt: 4 layers, 4 heads, width
128) over 8 x 8 pictures, one token per grey level, read with no caption. Lesson 11b scores a
part by how surprised the model is by its most surprising pixels.

**Data.** Good parts only: each of the 1,500 training digits of `helpers.images.load_digit_images`
(scikit-learn's bundled digits) {r["copies"]} times, shifted by up to a pixel and lit at 60-100%
(`helpers.inspection.good_parts`). No defect and no label was read; the 297 held-out digits
that make the inspection set were not read.

**Training.** {r["steps"]:,} steps of {r["batch_size"]} pictures, AdamW at lr {r["lr"]}, seed 0;
final loss {e["loss"]:.3f} nats per pixel. Wall time {e["seconds"] / 60:.1f} min on
{threads}, torch {e["torch"]}.

**Command.** `{command}` (another thread count adds up in
another order: weights that differ in their last digits, the same loss)

**Limits.** Digits stand in for parts; real inspection reads camera images of real products.
Do not use it for anything but learning.
"""


def build_parser():
    from helpers.domain_cli import domain_parser

    p, _, _ = domain_parser(
        "helpers.inspection",
        "inspection",
        "inspection.json",
        "Lesson 11b's inspection model and its measurement.",
        "pretrain a picture GPT on good parts only (about 4 min on 2 cores)",
        "AUROC of the model's defect score and of nearest neighbours on the held-out "
        "inspection set, with bootstrap intervals (under a minute)",
    )
    return p


def main(argv=None):
    import json
    import time

    from helpers.data import store
    from helpers.domain_cli import parse_domain_args, run_record, save_pretrained

    args = parse_domain_args(build_parser(), argv)
    start = time.perf_counter()
    if args.command == "pretrain":
        model, loss = pretrain_inspector()
        extra = run_record(args, RECIPE, loss, time.perf_counter() - start)
        card = model_card(extra, model.num_parameters())
        save_pretrained(args, model, None, extra, card, SHIPPED, INSPECTION_FILES)
        return
    model, _ = load_inspector(args.pretrained)
    parts = good_parts(RECIPE["copies"])
    results = {  # one inspection set per seed
        "pretrained_sha256": store.weights_sha256(SHIPPED, args.pretrained),
        "seeds": {
            str(seed): inspection_report(model, parts, seed)
            for seed in range(args.seeds)
        },
    }
    out = store.write_results(args.out, results, force=args.force)
    print(
        json.dumps({"out": str(out), "seconds": round(time.perf_counter() - start, 1)})
    )


if __name__ == "__main__":
    main()
