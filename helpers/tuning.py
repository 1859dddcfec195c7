"""Tuning a pretrained GPT with a few labels: a sentiment classifier from k reviews.

Handles: drawing k labeled examples (`draw_k`), the settings of every method
(`RECIPES`), the two training loops the methods share (`fit`: shuffled mini-batches;
`train_head`: a linear layer on fixed vectors), the copy of the pretrained body that is
tuned (`copy_with_dropout`), and the four ways to get a classifier that lesson 07
compares (`tune_sentiment`):
    full     the pretrained body and a new head, every weight updated
    probe    the pretrained body frozen, only a new linear head trained on its vectors
    scratch  the same architecture with random weights, every weight updated
    bow      a classic baseline: logistic regression on bag-of-words counts
Leaves out: entity tags (`helpers.entity_tagging`), the sweeps over k
(`helpers.sweeps`), low-rank adapters (the probe is the cheap alternative shown), early
stopping on a validation set (with 8 labels there is none to spare), and learning-rate
searches per k.
"""

import copy
import math
import random
import re

import torch
import torch.nn as nn
import torch.nn.functional as F

from helpers.gpt import GPT, GPTConfig, GPTForSequenceClassification
from helpers.padding import PAD_ID, encode_texts, trim

LABELS = ("negative", "positive")
METHODS = ("full", "probe", "scratch", "bow")

# How each method trains. Chosen on the VALIDATION split (k = 32 reviews, k = 64 sentences, seeds 0
# and 1): body learning rate 3e-5 / 1e-4 / 3e-4 tried for sentiment (3e-4 best: 63% against 59%).
# Entities, read with the next token (helpers.entity_tagging, seed 0): body / head rates 1e-4 / 1e-3
# gave F1 0.635, 3e-4 / 3e-3 gave 0.762, and 150 steps instead of 48 only 0.785, for three times the
# compute. The same settings serve every k, so no method gets a per-k search the others lack; at
# most 80 steps keeps the sweep within half an hour.
RECIPES = {
    "full": dict(
        lr=3e-4,
        head_lr=1e-3,
        epochs=12,
        min_steps=40,
        max_steps=80,
        batch_size=16,
        dropout=0.1,
    ),
    "entities": dict(
        lr=3e-4,
        head_lr=3e-3,
        epochs=12,
        min_steps=40,
        max_steps=80,
        batch_size=16,
        dropout=0.1,
    ),
    "scratch": dict(
        lr=1e-3,
        head_lr=1e-3,
        epochs=12,
        min_steps=40,
        max_steps=80,
        batch_size=16,
        dropout=0.1,
    ),
    "probe": dict(lr=1e-2, steps=300, weight_decay=1e-3),
    "bow": dict(lr=5e-2, steps=300, weight_decay=1e-3),
}
# Prompt-based tuning (helpers.prompting) tunes like "full", with no head to get a rate.
RECIPES["prompted"] = {k: v for k, v in RECIPES["full"].items() if k != "head_lr"}


def recipe_for(name, changes=None):
    """RECIPES[name] with `changes` applied; a setting the recipe lacks is refused.

    Example: recipe_for("probe", {"steps": 50})
             -> {'lr': 0.01, 'steps': 50, 'weight_decay': 0.001}
    """
    recipe = dict(RECIPES[name])
    unknown = sorted(set(changes or {}) - set(recipe))
    if unknown:
        raise ValueError(
            f"recipe setting {unknown[0]!r} does nothing for {name!r}; "
            f"its settings are {', '.join(recipe)}"
        )
    return {**recipe, **(changes or {})}


# ---------------------------------------------------------------- labeled examples


def draw_k(examples, k, seed, label_of=None):
    """k examples drawn with a fixed seed; balanced across labels when `label_of` is given.

    k=None or k >= len(examples) returns them all (in their order).
    Example: draw_k([("positive", "a"), ("negative", "b")], 2, 0, label_of=lambda e: e[0])
             -> both examples, one of each label
    """
    if k is None or k >= len(examples):
        return list(examples)
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer (labels to draw), got {k!r}")
    rng = random.Random(seed)
    if label_of is None:
        return rng.sample(list(examples), k)
    groups = {}
    for e in examples:
        groups.setdefault(label_of(e), []).append(e)
    if k < len(groups):
        raise ValueError(
            f"k={k} cannot hold one example of each of the {len(groups)} labels; use k "
            f">= {len(groups)}"
        )
    names = sorted(groups)
    chosen = []
    for i, name in enumerate(
        names
    ):  # k // n per label, the remainder to the first labels
        chosen += rng.sample(groups[name], k // len(names) + (i < k % len(names)))
    rng.shuffle(chosen)
    return chosen


def label_ids(labels, names=LABELS):
    """Label names -> a tensor of indices.
    Example: label_ids(["positive", "negative"]) -> tensor([1, 0])"""
    index = {n: i for i, n in enumerate(names)}
    unknown = [label for label in labels if label not in index]
    if unknown:
        raise ValueError(
            f"unknown label {unknown[0]!r}; labels must be one of {', '.join(names)}"
        )
    return torch.tensor([index[label] for label in labels])


# ------------------------------------------------------------ the shared training loops


def tuning_steps(k, recipe):
    """Optimizer steps for k examples: `epochs` passes, clipped to [min_steps, max_steps].

    Example: tuning_steps(32, RECIPES["full"]) -> 40   (12 epochs of 2 batches, raised)
    """
    per_epoch = math.ceil(k / recipe["batch_size"])
    return int(
        min(max(recipe["epochs"] * per_epoch, recipe["min_steps"]), recipe["max_steps"])
    )


def fit(model, batch_loss, n, steps, batch_size, param_groups, seed=0):
    """Train `model` for `steps` AdamW steps on shuffled mini-batches of n examples.

    batch_loss(index tensor) -> scalar loss for those examples. The batch order comes
    from its own generator seeded with `seed` (a fresh permutation of 0..n-1 whenever
    the current one has fewer than batch_size left); dropout draws from torch's global
    generator.
    Gradients are clipped to norm 1.0. Returns the mean loss of the last 10 steps.
    Example: fit(model, lambda idx: model(ids[idx], labels[idx])[1], 32, 40, 16,
                 [{"params": model.parameters(), "lr": 3e-4}])
    """
    gen = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.AdamW(param_groups, weight_decay=0.01)
    batch_size = min(batch_size, n)
    order, pos, recent = torch.randperm(n, generator=gen), 0, []
    model.train()
    for _ in range(steps):
        if pos + batch_size > n:
            order, pos = torch.randperm(n, generator=gen), 0
        idx = order[pos : pos + batch_size]
        pos += batch_size
        loss = batch_loss(idx)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        recent = (recent + [loss.detach()])[-10:]
    model.eval()
    return float(torch.stack(recent).mean()) if recent else float("nan")


def train_head(head, x, y, recipe):
    """Train only `head` on fixed vectors x (N, C) for labels y (N,): full-batch AdamW.

    The probe and the bag of words: the inputs never change, so every step reads all.
    recipe: lr, steps, weight_decay. Returns the last step's loss (nan after 0 steps).
    Example: train_head(nn.Linear(2, 2), torch.eye(2), torch.tensor([0, 1]),
                        RECIPES["probe"]) -> 0.05 (after torch.manual_seed(0))
    """
    optimizer = torch.optim.AdamW(
        head.parameters(), lr=recipe["lr"], weight_decay=recipe["weight_decay"]
    )
    loss = torch.tensor(float("nan"))
    for _ in range(recipe["steps"]):
        loss = F.cross_entropy(head(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return float(loss.detach())


def copy_with_dropout(body, dropout, embeddings=True):
    """A deep copy of the pretrained `body` to tune, its blocks dropping out at a rate.

    The embeddings drop out at that rate too (config.dropout), unless embeddings=False:
    prompt-based tuning keeps them at the pretrained rate, as its shipped sweep was run.
    The body itself is left untouched.
    Example: copy_with_dropout(body, 0.1).config.dropout -> 0.1
    """
    tuned = copy.deepcopy(body)
    if embeddings:
        tuned.config = GPTConfig(**{**body.config.to_dict(), "dropout": dropout})
    for module in tuned.modules():  # blocks keep their own copy of the rate
        if isinstance(getattr(module, "dropout", None), float):
            module.dropout = dropout
    return tuned


def body_to_tune(method, body, dropout):
    """full: a copy of the pretrained body; scratch: a fresh GPT of its shape (random
    weights from torch's global generator, so seed it first). Both with `dropout`.

    Example: body_to_tune("scratch", body, 0.1).config.dropout -> 0.1
    """
    if method == "scratch":
        return GPT(GPTConfig(**{**body.config.to_dict(), "dropout": dropout}))
    return copy_with_dropout(body, dropout)


def body_and_head_groups(model, recipe):
    """AdamW parameter groups: the body at recipe["lr"], the new head at "head_lr".

    Example: [g["lr"] for g in body_and_head_groups(clf, RECIPES["full"])]
             -> [0.0003, 0.001]
    """
    return [
        {"params": model.body.parameters(), "lr": recipe["lr"]},
        {"params": model.head.parameters(), "lr": recipe["head_lr"]},
    ]


# ---------------------------------------------------------------- sentiment (one label per text)


class BagOfWords(nn.Module):
    """Logistic regression on word counts: the classic text classifier before pretraining.

    Example: BagOfWords(["great", "awful"]).features(["Great food."]) -> tensor([[1., 0.]])
    """

    def __init__(self, vocabulary, n_classes=2):
        super().__init__()
        self.index = {w: i for i, w in enumerate(vocabulary)}
        self.linear = nn.Linear(len(vocabulary), n_classes)

    @staticmethod
    def words(text):
        return re.findall(r"[a-z']+", text.lower())

    def features(self, texts):
        x = torch.zeros(len(texts), len(self.index))  # (B, V) counts of known words
        for i, text in enumerate(texts):
            for w in self.words(text):
                if w in self.index:
                    x[i, self.index[w]] += 1
        return x

    def forward(self, texts):
        return self.linear(self.features(texts))  # (B, n_classes)


class SentimentClassifier:
    """What `tune_sentiment` returns: something that labels texts with `labels`.
    Example: clf.predict(["Lovely!"]) -> ['positive']"""

    def __init__(self, method, model, tok=None, labels=LABELS):
        self.method, self.model, self.tok, self.labels = method, model, tok, labels

    @torch.no_grad()
    def scores(self, texts, batch_size=64):
        """Class scores (B, n_labels) in the order of self.labels."""
        self.model.eval()
        out = []
        for i in range(0, len(texts), batch_size):
            chunk = texts[i : i + batch_size]
            if self.method == "bow":
                out.append(self.model(chunk))
            else:
                out.append(self.model(encode_texts(self.tok, chunk))[0])
        return torch.cat(out)  # (B, n_labels)

    def predict(self, texts):
        return [self.labels[i] for i in self.scores(texts).argmax(-1).tolist()]


def tune_sentiment(
    train_examples, method, body=None, tok=None, seed=0, recipe=None, labels=LABELS
):
    """A sentiment classifier from labeled (label, text) pairs, by one of METHODS.

    `body` and `tok` are the pretrained GPT and its tokenizer (for scratch, `body` only
    gives the shape). `recipe` changes settings of RECIPES[method]. `labels` names the
    classes, in score order (lesson 10 passes ("ok", "toxic")). Returns a
    SentimentClassifier. "full" is, in order: torch.manual_seed(seed); a copy of the
    body with dropout; a new head (GPTForSequenceClassification); `fit` on trimmed
    batches with two AdamW groups.
    Example:
        >>> chosen = draw_k(train, 32, seed=0, label_of=lambda e: e[0])
        >>> clf = tune_sentiment(chosen, "full", body, tok)
        >>> accuracy(clf.predict(texts), labels)
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    if method != "bow" and (body is None or tok is None):
        raise ValueError(
            f"method {method!r} needs the pretrained body and its tokenizer: "
            f"model, tok, meta = helpers.pretrain.load_foundation()"
        )
    if not train_examples:
        raise ValueError(
            "train_examples is empty; pass at least one (label, text) pair per label"
        )
    recipe = recipe_for(method, recipe)
    names = labels  # class names; `labels` becomes their indices
    labels = label_ids([label for label, _ in train_examples], names)  # (n,)
    texts = [t for _, t in train_examples]
    n = len(texts)
    torch.manual_seed(seed)
    if method == "bow":
        vocabulary = sorted({w for t in texts for w in BagOfWords.words(t)})
        model = BagOfWords(vocabulary, len(names))
        train_head(model.linear, model.features(texts), labels, recipe)  # (n, V) counts
        return SentimentClassifier(method, model.eval(), labels=names)
    ids = encode_texts(tok, texts)  # (n, T)
    if method == "probe":
        model = GPTForSequenceClassification(body, len(names), pad_id=PAD_ID)
        with torch.no_grad():  # the frozen body's vectors, 64 rows at a time
            chunks = [model.pooled(ids[i : i + 64]) for i in range(0, n, 64)]
        pooled = torch.cat(chunks)  # (n, C)
        train_head(model.head, pooled, labels, recipe)
        return SentimentClassifier(method, model.eval(), tok, names)
    model = GPTForSequenceClassification(
        body_to_tune(method, body, recipe["dropout"]), len(names), pad_id=PAD_ID
    )

    def batch_loss(idx):
        return model(trim(ids[idx]), labels[idx])[1]

    fit(
        model,
        batch_loss,
        n,
        tuning_steps(n, recipe),
        recipe["batch_size"],
        body_and_head_groups(model, recipe),
        seed=seed,
    )
    return SentimentClassifier(method, model, tok, names)


def accuracy(predicted, gold):
    """Share of predictions equal to the gold labels.
    Example: accuracy(['a', 'b'], ['a', 'a']) -> 0.5"""
    if len(predicted) != len(gold) or not gold:
        raise ValueError(
            f"need as many predictions as gold labels (got {len(predicted)} and "
            f"{len(gold)}), at least one"
        )
    return sum(p == g for p, g in zip(predicted, gold)) / len(gold)
