"""Pictures as token sequences: scikit-learn's 8 x 8 digits, drawn by a GPT from a caption.

Handles: the digits as tokens (`load_digit_images`, `image_rows`: a caption token, then 64
pixel tokens, one per grey level 0..16, row by row), captions a model makes for itself from
unlabeled pictures (`cluster_captions`, k-means), the same GPT class as every lesson with
caption tokens in its vocabulary (`image_gpt`, `with_new_captions`), training on whole
pictures (`train_on_pictures`), drawing with classifier-free guidance (`draw`), and the two
measurements of a drawing: does a judge trained on real digits see the caption's digit
(`fit_judge`, `adherence`), is it new rather than a copy (`nearest_distances`), and do the
drawings of a digit mix its ways of being written as real ones do (`style_match`).
The shipped picture model (data/pictures, `load_picture_model`) and lesson 11's
measurement come from two commands:

    python -m helpers.images pretrain --out runs/pictures     # about 40 s on 2 cores
    python -m helpers.images measure                           # about 8 min on 2 cores

Leaves out: diffusion and CLIP (DALL·E 2's pieces), pictures larger than 8 x 8.
"""

import json
import numbers
from pathlib import Path

import numpy as np
import torch

from helpers.attention import KVCache
from helpers.data import store
from helpers.gpt import GPT, GPTConfig
from helpers.sampling import check_temperature, sample_next
from helpers.tuning import fit

SIDE = 8  # pixels per row and per column
PIXELS = SIDE * SIDE  # tokens per picture
GREY_LEVELS = 17  # load_digits' values 0..16, each its own token
NO_CAPTION = GREY_LEVELS  # token 17: a picture read without a caption
FIRST_CAPTION = NO_CAPTION + 1  # caption i is token 18 + i
HELD_OUT = 297  # pictures kept out of every training set (about a sixth of 1,797)


def load_digit_images(held_out=HELD_OUT, seed=0):
    """scikit-learn's 1,797 digits, split once: (train_images, train_digits, test_images,
    test_digits); images (N, 64) int64 grey levels 0..16, digits (N,) 0..9.

    Example: train_x, train_y, test_x, test_y = load_digit_images()
             train_x.shape, test_x.shape -> ((1500, 64), (297, 64))
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = digits.data.astype(np.int64)  # (1797, 64), already 0..16
    order = np.random.default_rng(seed).permutation(len(images))
    test, train = order[:held_out], order[held_out:]
    return images[train], digits.target[train], images[test], digits.target[test]


def caption_tokens(captions, n_captions):
    """Caption indices (None: no caption) -> token ids; refuses an index out of range.

    Example: caption_tokens([0, None, 2], 3) -> tensor([18, 17, 20])
    """
    if len(captions) == 0:
        raise ValueError("no captions given; pass at least one, e.g. [3]")
    tokens = []
    for c in captions:
        if c is None:
            tokens.append(NO_CAPTION)
        elif isinstance(c, numbers.Integral) and 0 <= c < n_captions:
            tokens.append(FIRST_CAPTION + int(c))
        else:
            raise ValueError(
                f"caption {c!r} is not one of 0..{n_captions - 1} (or None for no "
                "caption); a digit model's captions are the digits 0..9"
            )
    return torch.tensor(tokens, dtype=torch.long)  # (B,)


def image_rows(images, captions, n_captions):
    """Pictures as the rows a GPT reads: (N, 65) ids, the caption token then 64 pixels.

    Example: image_rows(np.zeros((1, 64), int), [3], 10)[0, :3] -> tensor([21, 0, 0])
    """
    pixels = torch.as_tensor(np.asarray(images), dtype=torch.long)  # (N, 64)
    if pixels.dim() != 2 or pixels.size(1) != PIXELS:
        raise ValueError(
            f"images must be (N, {PIXELS}) grey levels, got {tuple(pixels.shape)}"
        )
    if pixels.min() < 0 or pixels.max() >= GREY_LEVELS:
        raise ValueError(
            f"grey levels must be 0..{GREY_LEVELS - 1}, as load_digits gives them"
        )
    if len(captions) != len(pixels):
        raise ValueError(f"{len(captions)} captions for {len(pixels)} pictures")
    caption = caption_tokens(captions, n_captions).unsqueeze(1)  # (N, 1)
    return torch.cat([caption, pixels], dim=1)  # (N, 65)


def cluster_captions(images, k, seed=0):
    """Captions a model can give itself without labels: k-means groups of the pictures.
    Returns (caption per picture (N,), the fitted KMeans, whose .predict captions new ones).

    Example: captions, kmeans = cluster_captions(train_x, 30)   # captions in 0..29
    """
    from sklearn.cluster import KMeans

    kmeans = KMeans(k, n_init=4, random_state=seed).fit(np.asarray(images) / 16)
    return kmeans.labels_.astype(np.int64), kmeans


def image_gpt(n_captions, n_layer=4, n_embd=128, seed=0):
    """A fresh GPT that reads a caption and 64 pixels: 17 grey levels, NO_CAPTION and
    n_captions caption tokens; context 64 (the caption and 63 pixels predict 64 pixels).

    Example: image_gpt(10).config.vocab_size -> 28
    """
    torch.manual_seed(seed)
    return GPT(
        GPTConfig(
            vocab_size=FIRST_CAPTION + n_captions,
            block_size=PIXELS,
            n_layer=n_layer,
            n_head=4,
            n_embd=n_embd,
        )
    )


def n_captions_of(model):
    """How many caption tokens a picture model reads. Example: n_captions_of(image_gpt(10)) -> 10"""
    n = model.config.vocab_size - FIRST_CAPTION
    if n < 1 or model.config.block_size != PIXELS:
        raise ValueError(
            f"not a picture model: vocab_size {model.config.vocab_size}, block_size "
            f"{model.config.block_size}; make one with helpers.images.image_gpt"
        )
    return n


def with_new_captions(model, starts):
    """A copy of `model` with one new caption per entry of `starts`, each new caption's
    embedding a copy of caption starts[i]'s: tuning then begins where that caption draws.
    The old captions keep their tokens; new caption j is n_captions_of(model) + j.

    Example: tuned = with_new_captions(pretrained, [4, 17, ...])   # 10 digits after 30 groups
    """
    old = n_captions_of(model)
    config = GPTConfig(
        **{
            **model.config.to_dict(),
            "vocab_size": model.config.vocab_size + len(starts),
        }
    )
    grown = GPT(config)
    state = dict(model.state_dict())
    wte = state["transformer.wte.weight"]  # (V, C)
    start_rows = wte[caption_tokens(list(starts), old)]  # (len(starts), C)
    state["transformer.wte.weight"] = state["lm_head.weight"] = torch.cat(
        [wte, start_rows]
    )
    grown.load_state_dict(state)
    return grown


def train_on_pictures(
    model, rows, steps, lr=1e-3, batch_size=32, caption_dropout=0.1, seed=0
):
    """Train `model` to predict every pixel of `rows` (N, 65) from its caption and the pixels
    before it. A `caption_dropout` share of each batch reads NO_CAPTION instead, so one
    model also draws without a caption, which classifier-free guidance needs. AdamW at a
    constant `lr` (helpers.tuning.fit); returns the mean loss of the last 10 steps.

    Example: train_on_pictures(model, image_rows(train_x, train_y, 10), steps=400) -> 1.29
    """
    if not 0.0 <= caption_dropout < 1.0:
        raise ValueError(
            f"caption_dropout must be in [0, 1), got {caption_dropout}; e.g. 0.1"
        )
    gen = torch.Generator().manual_seed(seed + 1)

    def batch_loss(idx):
        batch = rows[idx].clone()  # (b, 65)
        dropped = torch.rand(len(idx), generator=gen) < caption_dropout  # (b,)
        batch[dropped, 0] = NO_CAPTION
        return model(batch[:, :-1], batch[:, 1:])[1]

    params = [{"params": model.parameters(), "lr": lr}]
    return fit(model, batch_loss, len(rows), steps, batch_size, params, seed=seed)


@torch.no_grad()
def draw(model, captions, guidance=1.0, temperature=1.0, seed=0):
    """Draw one picture per caption (None: no caption), pixel by pixel; (B, 64) int64.

    Classifier-free guidance (Ho & Salimans 2022) reads every pixel twice, with the caption
    and without, and moves the logits further the caption's way:
    logits = with + guidance * (with - without). guidance=0 reads the caption alone.
    Example: draw(model, [3, 3, 7], guidance=1.0).shape -> (3, 64)
    """
    n = n_captions_of(model)
    check_temperature(temperature, "use 1.0 to draw as the model predicts")
    if not isinstance(guidance, numbers.Real) or not 0 <= guidance < float("inf"):
        raise ValueError(
            f"guidance must be a number >= 0, got {guidance!r}; 0 turns it off"
        )
    cond = caption_tokens(list(captions), n).unsqueeze(1)  # (B, 1)
    B = len(cond)
    guided = guidance > 0
    uncaptioned = torch.full_like(cond, NO_CAPTION)  # (B, 1)
    x = torch.cat([cond, uncaptioned]) if guided else cond  # (R, 1), R = 2B if guided
    c, dtype = model.config, model.lm_head.weight.dtype
    head_size = c.n_embd // c.n_head
    caches = [
        KVCache(len(x), c.n_head, PIXELS, head_size, dtype) for _ in range(c.n_layer)
    ]
    gen = torch.Generator().manual_seed(seed)
    out = torch.empty(B, PIXELS, dtype=torch.long)  # (B, 64)
    was_training = model.training
    model.eval()
    for t in range(PIXELS):
        h = model.hidden_states(x, caches=caches, start=t)  # (R, 1, C)
        logits = model.lm_head(h[:, -1])[:, :GREY_LEVELS]  # (R, 17): pixels only
        if guided:
            with_caption, without = logits[:B], logits[B:]  # (B, 17) each
            logits = with_caption + guidance * (with_caption - without)
        pixel = sample_next(logits / temperature, generator=gen)  # (B, 1)
        out[:, t] = pixel[:, 0]
        x = torch.cat([pixel, pixel]) if guided else pixel  # (R, 1)
    model.train(was_training)
    return out.numpy()


def fit_judge(images, digits):
    """A logistic regression on real digits' pixels: the judge of what a drawing shows.
    Example: fit_judge(train_x, train_y).score(test_x / 16, test_y) -> 0.966"""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=2000).fit(np.asarray(images) / 16, digits)


def adherence(judge, images, digits):
    """The share of drawings the judge reads as the digit asked for.
    Example: adherence(judge, draw(model, [3, 7]), [3, 7]) -> 1.0"""
    return float(np.mean(judge.predict(np.asarray(images) / 16) == np.asarray(digits)))


def nearest_distances(images, reference):
    """Each picture's Euclidean distance (in grey levels) to its nearest picture in
    `reference`: near 0 for a copy. Example: nearest_distances([[0] * 64], [[3] * 64]) -> [24.0]"""
    return np.sqrt(np.maximum(squared_distances(images, reference).min(1), 0.0))


def squared_distances(a, b):
    """(N, M) squared Euclidean distances between the rows of a (N, D) and b (M, D).
    Example: squared_distances([[0, 0]], [[3, 4], [1, 0]]) -> [[25.0, 1.0]]"""
    a = np.asarray(a, dtype=np.float64)  # (N, D)
    b = np.asarray(b, dtype=np.float64)  # (M, D)
    return (a * a).sum(1)[:, None] - 2 * a @ b.T + (b * b).sum(1)[None]  # (N, M)


# ------------------------------------------------------ the shipped picture model

RECIPE = {  # the settings of `pretrain_pictures` and `caption_efficiency`
    "groups": 30,  # k-means captions the pretrained model gives itself
    "pretrain_steps": 400,
    "tune_steps": 100,
    "tune_lr": 3e-4,
    "scratch_steps": 200,
    "per_class": [
        1,
        3,
        10,
        30,
    ],  # captioned pictures per digit for tuning and for scratch
    "draws_per_digit": 50,
    "guidance": [1.0, 3.0],
}
SHIPPED = "pictures"  # the shipped picture model's folder under data/
PICTURE_FILES = ("model.safetensors", "config.json", "groups.json", "MODEL_CARD.md")


def nearest_group(images, centres):
    """Each picture's self-made caption: the index of its nearest k-means centre (centres in
    grey levels / 16, as `cluster_captions` fits them). (N,) int64.

    Example: nearest_group([[0] * 64, [16] * 64], [[0.0] * 64, [1.0] * 64]) -> [0, 1]
    """
    return squared_distances(np.asarray(images) / 16, centres).argmin(1)  # (N,)


def pretrain_pictures(recipe=RECIPE):
    """The lesson's picture foundation model: k-means captions for all 1,500 training
    pictures (no labels read), then recipe["pretrain_steps"] steps of drawing them, one
    picture in ten without its caption. Returns (model, centres (k, 64), last loss).

    Example: model, centres, loss = pretrain_pictures()   # about a minute on 2 cores
    """
    train_x = load_digit_images()[0]
    k = recipe["groups"]
    groups, kmeans = cluster_captions(train_x, k)
    model = image_gpt(k)
    loss = train_on_pictures(
        model, image_rows(train_x, groups, k), recipe["pretrain_steps"]
    )
    return model.eval(), kmeans.cluster_centers_, loss


def model_card(extra):
    """MODEL_CARD.md for a saved picture model, from the figures in its config's extra."""
    e = extra
    return f"""# Model card: the series' picture model

**What it is.** A {e["parameters"] / 1e6:.2f} M-parameter GPT (helpers.gpt: 4 layers, 4 heads,
width 128) that draws scikit-learn's 8 x 8 digits pixel by pixel: 17 grey-level tokens, one
"no caption" token and {e["groups"]} caption tokens. Lesson 11 prompts and tunes it.

**Data.** The 1,500 training pictures of `helpers.images.load_digit_images()` (scikit-learn's
`load_digits`, 1,797 handwritten digits; 297 are held out with seed 0). No digit labels were read:
each picture's caption is its nearest of {e["groups"]} k-means centres (groups.json, grey levels
/ 16; `helpers.images.nearest_group`), a group the model made for itself.

**Training.** {e["steps"]} steps of 32 pictures, AdamW at lr 1e-3, seed 0; one picture in ten is
read without its caption, so the model also draws without one (classifier-free guidance needs
both). Final training loss {e["loss"]:.3f} nats per pixel. Wall time {e["seconds"]:.0f} s on
{e["threads"]} CPU threads, torch {e["torch"]}.

**Command.** `python -m helpers.images pretrain --out data/pictures --force`

**Limits.** It knows 8 x 8 digits from one collection of writers and nothing else. A group is
not a digit: some groups mix two digits. Do not use it for anything but learning.
"""


def save_picture_model(directory, model, centres, extra, force=False):
    """Write a picture model (no tokenizer: its tokens are grey levels and captions), its
    k-means centres (groups.json) and a model card as one folder; return its Path.

    Example: save_picture_model("runs/pictures", model, centres, {"loss": 1.3, ...})
    """
    from helpers.checkpoints import save_checkpoint

    k = n_captions_of(model)
    centres = np.asarray(centres, dtype=np.float64)
    if centres.shape != (k, PIXELS):
        raise ValueError(
            f"{k} captions need ({k}, {PIXELS}) centres, got {centres.shape}"
        )
    extra = {**extra, "groups": k, "parameters": model.num_parameters()}
    groups = json.dumps(np.round(centres, 6).tolist()) + "\n"
    files = {"groups.json": groups, "MODEL_CARD.md": model_card(extra)}
    return save_checkpoint(directory, model, None, extra, files=files, force=force)


def load_picture_model(directory=None):
    """A saved picture model: (GPT in eval mode, centres (k, 64), meta). Without a
    directory, the shipped data/pictures, each file checked by sha256 first.

    Example: model, centres, meta = load_picture_model(); centres.shape -> (30, 64)
    """
    from helpers.checkpoints import load_checkpoint

    if directory is None:  # each file checked against the manifest first
        directory = store.shipped_folder(SHIPPED, PICTURE_FILES)
    model, _, meta = load_checkpoint(directory)
    n_captions_of(model)  # refuses a text model
    centres = np.array(
        json.loads((Path(directory) / "groups.json").read_text(encoding="utf-8"))
    )  # (k, 64)
    if centres.shape != (n_captions_of(model), PIXELS):
        raise ValueError(
            f"{directory}/groups.json holds {centres.shape} centres for a model of "
            f"{n_captions_of(model)} captions; save both again with save_picture_model"
        )
    return model, centres, meta


# ------------------------------------------- does pretraining on pictures pay? (the command)


def choose_captioned(digits, per_class, seed):
    """Indices of `per_class` pictures of each digit, drawn with `seed`.
    Example: len(choose_captioned(train_y, 10, 0)) -> 100"""
    rng = np.random.default_rng(seed)
    digits = np.asarray(digits)
    return np.concatenate(
        [
            rng.choice(np.flatnonzero(digits == d), per_class, replace=False)
            for d in range(10)
        ]
    )


def top_group_per_digit(groups, digits):
    """For each digit, the self-made caption most of its captioned pictures carry (the
    lowest such caption on a tie).
    Example: top_group_per_digit([4, 4, 7], [0, 0, 1])[:2] -> [4, 7]"""
    counts = np.zeros((10, int(np.max(groups)) + 1), dtype=np.int64)
    np.add.at(counts, (np.asarray(digits), np.asarray(groups)), 1)
    return counts.argmax(1).tolist()


def tune_on_captions(pretrained, images, digits, groups, recipe=RECIPE, seed=0):
    """Pretrained model tuned on captioned pictures: ten new captions, the digits, each
    starting from the group most of its pictures fall in; digit d is caption k + d.

    Example: tuned = tune_on_captions(pretrained, x, y, nearest_group(x, centres))
    """
    k = n_captions_of(pretrained)
    tuned = with_new_captions(pretrained, top_group_per_digit(groups, digits))
    train_on_pictures(
        tuned,
        image_rows(images, np.asarray(digits) + k, k + 10),
        recipe["tune_steps"],
        lr=recipe["tune_lr"],
        seed=seed,
    )
    return tuned.eval()


def train_from_scratch(images, digits, recipe=RECIPE, seed=0):
    """A fresh picture model trained on the captioned pictures alone (captions 0..9).
    Example: scratch = train_from_scratch(x, y)"""
    scratch = image_gpt(10, seed=seed)
    train_on_pictures(
        scratch, image_rows(images, digits, 10), recipe["scratch_steps"], seed=seed
    )
    return scratch.eval()


def style_match(drawn, digits, centres, real_images, real_digits):
    """How well drawings cover the ways each digit is written. A picture's style is its
    k-means group (`nearest_group`); for each digit, the overlap sum_g min(p_real(g),
    p_drawn(g)) of the styles of its real pictures and of the drawings asked to be it,
    averaged over the digits: 1 is the same mix of styles, a model that draws one style
    of a digit written three ways equally scores 1/3.

    Example: style_match(drawn, [3] * 50 + ..., centres, train_x, train_y) -> 0.8
    """
    k = len(centres)
    drawn_groups = nearest_group(drawn, centres)  # (N,)
    real_groups = nearest_group(real_images, centres)  # (M,)
    digits, real_digits = np.asarray(digits), np.asarray(real_digits)
    overlaps = []
    for d in np.unique(digits):
        p_drawn = np.bincount(drawn_groups[digits == d], minlength=k)
        p_real = np.bincount(real_groups[real_digits == d], minlength=k)
        overlaps.append(
            np.minimum(p_drawn / p_drawn.sum(), p_real / p_real.sum()).sum()
        )
    return float(np.mean(overlaps))


def measure_drawings(model, captions_for_digits, judge, styles, recipe, seed):
    """{guidance: [adherence, median distance to the nearest training picture, style
    match]} for draws_per_digit drawings of every digit, asked for by its caption.
    styles: (centres, training pictures, their digits), the reference of both distances.
    """
    centres, real_images, real_digits = styles
    digits = np.repeat(np.arange(10), recipe["draws_per_digit"])
    asked = [captions_for_digits[d] for d in digits]
    found = {}
    for g in recipe["guidance"]:
        drawn = draw(model, asked, guidance=g, seed=seed)
        found[str(g)] = [
            round(adherence(judge, drawn, digits), 4),
            round(float(np.median(nearest_distances(drawn, real_images))), 2),
            round(style_match(drawn, digits, centres, real_images, real_digits), 4),
        ]
    return found


def caption_efficiency(pretrained, centres, seeds=(0, 1, 2), recipe=RECIPE, log=print):
    """Pictures from few captions, three ways, on the same recipe["per_class"] captioned
    pictures per digit: the `pretrained` picture model asked with the group its digit's
    pictures fall in ("prompted") or tuned on the captions ("tuned"), and a model trained
    on the captioned pictures alone ("scratch"). A model trained on every caption is the
    ceiling. Each way: {per_class: [{guidance: [adherence, median nearest-picture
    distance, style match]} per seed]}; real held-out digits' distance and style match
    for scale.
    Example: caption_efficiency(*load_picture_model()[:2])["tuned"]["10"][0]["1.0"]
    """
    train_x, train_y, test_x, test_y = load_digit_images()
    judge = fit_judge(train_x, train_y)
    k = n_captions_of(pretrained)
    groups = nearest_group(train_x, centres)
    styles = (centres, train_x, train_y)
    ceiling = image_gpt(10)
    train_on_pictures(
        ceiling, image_rows(train_x, train_y, 10), recipe["pretrain_steps"]
    )
    ways = ("prompted", "tuned", "scratch")
    results = {
        "recipe": recipe,
        "seeds": list(seeds),
        "judge_accuracy": round(judge.score(test_x / 16, test_y), 4),
        "real_distance": round(float(np.median(nearest_distances(test_x, train_x))), 2),
        "real_style": round(style_match(test_x, test_y, *styles), 4),
        "ceiling": measure_drawings(ceiling, list(range(10)), judge, styles, recipe, 0),
    } | {way: {} for way in ways}
    log(f"ceiling (trained on all {len(train_x)} captions): {results['ceiling']}")
    for per_class in recipe["per_class"]:
        for way in ways:
            results[way][str(per_class)] = []
        for seed in seeds:
            chosen = choose_captioned(train_y, per_class, seed)
            x, y = train_x[chosen], train_y[chosen]
            found = {
                "prompted": measure_drawings(
                    pretrained,
                    top_group_per_digit(groups[chosen], y),
                    judge,
                    styles,
                    recipe,
                    seed,
                ),
                "tuned": measure_drawings(
                    tune_on_captions(pretrained, x, y, groups[chosen], recipe, seed),
                    [k + d for d in range(10)],
                    judge,
                    styles,
                    recipe,
                    seed,
                ),
                "scratch": measure_drawings(
                    train_from_scratch(x, y, recipe, seed),
                    list(range(10)),
                    judge,
                    styles,
                    recipe,
                    seed,
                ),
            }
            for way in ways:
                results[way][str(per_class)].append(found[way])
            log(f"{per_class} per digit, seed {seed}: {found}")
    return results


def shipped_measurements():
    """data/results/pictures.json, refused when it was measured on other weights than the
    shipped picture model (its numbers would describe another model).

    Example: shipped_measurements()["tuned"]["10"][0]["1.0"] -> [adherence, distance, style]
    """
    rerun = "python -m helpers.images measure"
    return store.results_for_model("pictures.json", weights_sha256(), rerun)


def build_parser():
    from helpers.domain_cli import domain_parser

    p, _, measure = domain_parser(
        "helpers.images",
        "pictures",
        "pictures.json",
        "Lesson 11's picture model and its measurements.",
        "pretrain the picture model on all 1,500 training digits with self-made "
        "(k-means) captions (about a minute)",
        "pictures from few captions per digit: the pretrained picture model prompted "
        "or tuned, against a model trained on the captions alone (about 8 min)",
    )
    measure.add_argument(
        "--per-class",
        type=int,
        nargs="+",
        default=RECIPE["per_class"],
        help="captioned pictures per digit, one or more of 1..100 "
        f"(default {' '.join(map(str, RECIPE['per_class']))})",
    )
    return p


def main(argv=None):
    import time

    from helpers.domain_cli import parse_domain_args, say, write_study

    p = build_parser()
    args = parse_domain_args(p, argv)
    if args.command == "measure":
        bad = [n for n in args.per_class if not 1 <= n <= 100]
        if bad:  # the rarest digit has 139 training pictures
            p.error(f"--per-class must be 1..100, got {bad[0]}; e.g. 3 or 10")
    start = time.perf_counter()
    if args.command == "pretrain":
        model, centres, loss = pretrain_pictures()
        extra = {
            "steps": RECIPE["pretrain_steps"],
            "loss": round(loss, 4),
            "seconds": round(time.perf_counter() - start, 1),
            "threads": args.threads,
            "torch": torch.__version__,
        }
        out = save_picture_model(args.out, model, centres, extra, force=args.force)
        store.record_if_shipped(out, SHIPPED, PICTURE_FILES)
        print(json.dumps({"out": str(out), **extra}))
        return
    model, centres, meta = load_picture_model(args.pretrained)
    results = caption_efficiency(
        model,
        centres,
        seeds=tuple(range(args.seeds)),
        recipe={**RECIPE, "per_class": args.per_class},
        log=say,
    )
    results["pretrained_sha256"] = weights_sha256(args.pretrained)
    write_study(args, results, start)


def weights_sha256(directory=None):
    """sha256 of a picture model's weights (default: the shipped ones), which results record."""
    return store.weights_sha256(SHIPPED, directory)


if __name__ == "__main__":
    main()
