"""Pictures as token sequences: scikit-learn's 8 x 8 digits, drawn by a GPT from a caption.

Handles: the digits as tokens (`load_digit_images`, `image_rows`: a caption token, then 64
pixel tokens, one per grey level 0..16, row by row), captions a model makes for itself from
unlabeled pictures (`cluster_captions`, k-means), the same GPT class as every lesson with
caption tokens in its vocabulary (`image_gpt`, `with_new_captions`), training on whole
pictures (`train_on_pictures`), drawing with classifier-free guidance (`draw`), and the two
measurements of a drawing: does a judge trained on real digits see the caption's digit
(`fit_judge`, `adherence`), and is it new rather than a copy (`nearest_distances`).
Leaves out: diffusion and CLIP (DALL·E 2's pieces), pictures larger than 8 x 8.
"""

import numbers

import numpy as np
import torch

from helpers.attention import KVCache
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
    a = np.asarray(images, dtype=np.float64)  # (N, 64)
    b = np.asarray(reference, dtype=np.float64)  # (M, 64)
    squared = (a * a).sum(1)[:, None] - 2 * a @ b.T + (b * b).sum(1)[None]  # (N, M)
    return np.sqrt(np.maximum(squared.min(1), 0.0))


# ------------------------------------------- does pretraining on pictures pay? (the command)

RECIPE = {  # the settings of `caption_efficiency`, as its results record them
    "groups": 30,  # k-means captions the pretrained model gives itself
    "pretrain_steps": 400,
    "tune_steps": 100,
    "tune_lr": 3e-4,
    "scratch_steps": 200,
    "per_class": 10,  # captioned pictures per digit for tuning and for scratch
    "draws_per_digit": 50,
    "guidance": [1.0, 3.0],
}


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
    """For each digit, the self-made caption most of its captioned pictures carry.
    Example: top_group_per_digit([4, 4, 7], [0, 0, 1])[:2] -> [4, 7]"""
    counts = np.zeros((10, int(np.max(groups)) + 1), dtype=np.int64)
    np.add.at(counts, (np.asarray(digits), np.asarray(groups)), 1)
    return counts.argmax(1).tolist()


def measure_drawings(model, captions_for_digits, judge, reference, recipe, seed):
    """{guidance: [adherence, median distance to the nearest training picture]} for
    draws_per_digit drawings of every digit, asked for by its caption."""
    digits = np.repeat(np.arange(10), recipe["draws_per_digit"])
    asked = [captions_for_digits[d] for d in digits]
    found = {}
    for g in recipe["guidance"]:
        drawn = draw(model, asked, guidance=g, seed=seed)
        found[str(g)] = [
            round(adherence(judge, drawn, digits), 4),
            round(float(np.median(nearest_distances(drawn, reference))), 2),
        ]
    return found


def caption_efficiency(seeds=(0, 1, 2), recipe=RECIPE, log=print):
    """Pictures from few captions, three ways, on the same recipe["per_class"] captioned
    pictures per digit: a model pretrained on all training pictures with self-made (k-means)
    captions, then asked with the group its digit's pictures fall in ("prompted") or tuned
    on the captions ("tuned"); and a model trained on the captioned pictures alone
    ("scratch"). A model
    trained on every caption is the ceiling. Each way: {guidance: [adherence, median
    nearest-picture distance]} per seed; real held-out digits' distance for scale.
    Example: caption_efficiency(seeds=(0,))["tuned"][0]["1.0"] -> [0.968, 21.2]
    """
    train_x, train_y, test_x, test_y = load_digit_images()
    judge = fit_judge(train_x, train_y)
    k = recipe["groups"]
    groups, _ = cluster_captions(train_x, k)
    pretrained = image_gpt(k)
    loss = train_on_pictures(
        pretrained, image_rows(train_x, groups, k), recipe["pretrain_steps"]
    )
    log(f"pretrained on {len(train_x)} pictures without labels: loss {loss:.3f}")
    ceiling = image_gpt(10)
    train_on_pictures(
        ceiling, image_rows(train_x, train_y, 10), recipe["pretrain_steps"]
    )
    results = {
        "recipe": recipe,
        "seeds": list(seeds),
        "judge_accuracy": round(judge.score(test_x / 16, test_y), 4),
        "real_distance": round(float(np.median(nearest_distances(test_x, train_x))), 2),
        "ceiling": measure_drawings(
            ceiling, list(range(10)), judge, train_x, recipe, 0
        ),
        "prompted": [],
        "tuned": [],
        "scratch": [],
    }
    for seed in seeds:
        chosen = choose_captioned(train_y, recipe["per_class"], seed)
        x, y = train_x[chosen], train_y[chosen]
        top = top_group_per_digit(groups[chosen], y)
        results["prompted"].append(
            measure_drawings(pretrained, top, judge, train_x, recipe, seed)
        )
        tuned = with_new_captions(pretrained, top)  # digit d is caption k + d
        train_on_pictures(
            tuned,
            image_rows(x, y + k, k + 10),
            recipe["tune_steps"],
            lr=recipe["tune_lr"],
            seed=seed,
        )
        results["tuned"].append(
            measure_drawings(
                tuned, [k + d for d in range(10)], judge, train_x, recipe, seed
            )
        )
        scratch = image_gpt(10, seed=seed)
        train_on_pictures(
            scratch, image_rows(x, y, 10), recipe["scratch_steps"], seed=seed
        )
        results["scratch"].append(
            measure_drawings(scratch, list(range(10)), judge, train_x, recipe, seed)
        )
        log({way: results[way][-1] for way in ("prompted", "tuned", "scratch")})
    return results


def main(argv=None):
    import argparse
    import json
    import time

    from helpers.safe_output import add_output_options, check_output_option

    p = argparse.ArgumentParser(
        prog="python -m helpers.images",
        description="Lesson 11's pictures from few captions: a model pretrained on "
        "unlabeled digits, prompted or tuned, against one trained on the captions alone.",
    )
    add_output_options(p, "runs/results/pictures.json", "JSON file")
    p.add_argument(
        "--seeds", type=int, default=3, help="draws of the captioned pictures"
    )
    p.add_argument(
        "--per-class",
        type=int,
        default=RECIPE["per_class"],
        help=f"captioned pictures per digit (default {RECIPE['per_class']}; at most 100)",
    )
    p.add_argument("--threads", type=int, default=2, help="CPU threads (default 2)")
    args = p.parse_args(argv)
    if args.threads < 1 or args.seeds < 1:
        p.error("--threads and --seeds must be at least 1")
    if not 1 <= args.per_class <= 100:  # the rarest digit has 139 training pictures
        p.error(f"--per-class must be 1..100, got {args.per_class}; e.g. 3 or 10")
    check_output_option(p, args, kind="file")
    torch.set_num_threads(args.threads)
    from helpers.data.store import write_results

    start = time.perf_counter()
    results = caption_efficiency(
        seeds=tuple(range(args.seeds)),
        recipe={**RECIPE, "per_class": args.per_class},
        log=lambda m: print(m, flush=True),
    )
    results["seconds"] = round(time.perf_counter() - start, 1)
    out = write_results(args.out, results, force=args.force)
    print(json.dumps({"out": str(out), "seconds": results["seconds"]}))


if __name__ == "__main__":
    main()
