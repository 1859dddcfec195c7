"""Tuning a pretrained GPT with a few labels: sentiment (a label per text) and named entities (a tag per word).

Handles: drawing k labeled examples (`draw_k`), batching texts into padded ids
(`encode_texts`), the ways to get a classifier from k examples that lesson 07 compares,
    full     the pretrained body and a new head, every weight updated
    probe    the pretrained body frozen, only a new linear head trained on its vectors
    scratch  the same architecture with random weights, every weight updated
    bow      a classic baseline: logistic regression on bag-of-words counts
entity tags aligned to BPE tokens, span-level F1, the labels needed for a target
accuracy, and the label-efficiency sweep as a command whose results ship as JSON:

    python -m helpers.tuning sweep        # writes runs/results/label_efficiency.json
    python -m helpers.tuning sweep --out data/results/label_efficiency.json --force   # replace the shipped one

Leaves out: low-rank adapters (the probe is the cheap alternative shown), early stopping
on a validation set (with 8 labels there is none to spare), and learning-rate searches per k.
"""
import argparse
import copy
import json
import math
import random
import re
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from helpers.gpt import GPT, GPTConfig, GPTForSequenceClassification, GPTForTokenClassification
from helpers.safe_output import add_output_options, check_output_option

LABELS = ("negative", "positive")
ENTITY_TAGS = ("O", "B-PERSON", "I-PERSON", "B-PLACE", "I-PLACE", "B-ORGANIZATION", "I-ORGANIZATION")
PAD_ID = 0              # byte 0x00: never produced by text, so it can mark padding
MAX_TOKENS = 64         # the labeled texts are one or two sentences (about 16 tokens)
METHODS = ("full", "probe", "scratch", "bow")

# How each method trains. Chosen on the VALIDATION split (k = 32 reviews, k = 64 sentences, seeds 0
# and 1): body learning rate 3e-5 / 1e-4 / 3e-4 tried for sentiment (3e-4 best: 63% against 59%),
# 1e-4 / 3e-4 for entities (1e-4 best: F1 0.53 against 0.50). The same settings serve every k, so no
# method gets a per-k search the others lack; at most 80 steps keeps the sweep within half an hour.
RECIPES = {
    "full": dict(lr=3e-4, head_lr=1e-3, epochs=12, min_steps=40, max_steps=80, batch_size=16, dropout=0.1),
    "entities": dict(lr=1e-4, head_lr=1e-3, epochs=12, min_steps=40, max_steps=80, batch_size=16, dropout=0.1),
    "scratch": dict(lr=1e-3, head_lr=1e-3, epochs=12, min_steps=40, max_steps=80, batch_size=16, dropout=0.1),
    "probe": dict(lr=1e-2, steps=300, weight_decay=1e-3),
    "bow": dict(lr=5e-2, steps=300, weight_decay=1e-3),
}


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
        raise ValueError(f"k={k} cannot hold one example of each of the {len(groups)} labels; use k >= {len(groups)}")
    names = sorted(groups)
    chosen = []
    for i, name in enumerate(names):  # k // n per label, the remainder to the first labels
        chosen += rng.sample(groups[name], k // len(names) + (i < k % len(names)))
    rng.shuffle(chosen)
    return chosen


def encode_texts(tok, texts, max_tokens=MAX_TOKENS):
    """Texts -> right-padded ids (B, T) with PAD_ID, T the longest text (at most max_tokens).

    Texts longer than max_tokens keep their LAST max_tokens tokens (a review's verdict is at its end).
    Example: encode_texts(tok, ["Great.", "Not good at all."]).shape -> torch.Size([2, 5])
    """
    if isinstance(texts, str):
        raise TypeError("texts must be a list of strings; wrap a single text as [text]")
    rows = []
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"text {i} is empty; every example needs some words")
        if "\x00" in text:
            raise ValueError(f"text {i} contains a NUL character, which marks padding; remove it")
        rows.append(tok.encode(text)[-max_tokens:])
    ids = torch.full((len(rows), max(len(r) for r in rows)), PAD_ID, dtype=torch.long)  # (B, T)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
    return ids


def label_ids(labels, names=LABELS):
    """Label names -> a tensor of indices. Example: label_ids(["positive", "negative"]) -> tensor([1, 0])"""
    index = {n: i for i, n in enumerate(names)}
    unknown = [l for l in labels if l not in index]
    if unknown:
        raise ValueError(f"unknown label {unknown[0]!r}; labels must be one of {', '.join(names)}")
    return torch.tensor([index[l] for l in labels])


# ---------------------------------------------------------------- a shared training loop

def trim(ids, *others):
    """Drop the columns that are padding in every row (a batch only needs its own longest length).

    Example: trim(torch.tensor([[5, 6, 0, 0], [7, 0, 0, 0]])) -> tensor([[5, 6], [7, 0]])
    """
    width = max(int((ids != PAD_ID).sum(1).max()), 1)
    return (ids[:, :width], *(o[:, :width] for o in others)) if others else ids[:, :width]


def steps_for(k, recipe):
    """Optimizer steps for k examples: `epochs` passes, clipped to [min_steps, max_steps].

    Example: steps_for(32, RECIPES["full"]) -> 40   (12 epochs of 2 batches = 24, raised to 40)
    """
    per_epoch = math.ceil(k / recipe["batch_size"])
    return int(min(max(recipe["epochs"] * per_epoch, recipe["min_steps"]), recipe["max_steps"]))


def fit(model, batch_loss, n, steps, batch_size, param_groups, seed=0):
    """Train `model` for `steps` AdamW steps on shuffled mini-batches of n examples.

    batch_loss(index tensor) -> scalar loss for those examples. Returns the mean loss of the
    last 10 steps. Every tuning method here (and prompt-based tuning in helpers.prompting) uses it.
    """
    gen = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.AdamW(param_groups, weight_decay=0.01)
    batch_size = min(batch_size, n)
    order, pos, recent = torch.randperm(n, generator=gen), 0, []
    model.train()
    for _ in range(steps):
        if pos + batch_size > n:
            order, pos = torch.randperm(n, generator=gen), 0
        idx = order[pos: pos + batch_size]
        pos += batch_size
        loss = batch_loss(idx)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        recent = (recent + [loss.detach()])[-10:]
    model.eval()
    return float(torch.stack(recent).mean()) if recent else float("nan")


def _body_for(method, body, seed, dropout):
    """A copy of the pretrained body (full) or a fresh GPT of the same shape (scratch), with `dropout`."""
    if method == "scratch":
        torch.manual_seed(seed)
        return GPT(GPTConfig(**{**body.config.to_dict(), "dropout": dropout}))
    tuned = copy.deepcopy(body)
    tuned.config = GPTConfig(**{**body.config.to_dict(), "dropout": dropout})
    for module in tuned.modules():  # blocks keep their own copy of the rate
        if isinstance(getattr(module, "dropout", None), float):
            module.dropout = dropout
    return tuned


def _groups(model, recipe):
    return [{"params": model.body.parameters(), "lr": recipe["lr"]},
            {"params": model.head.parameters(), "lr": recipe["head_lr"]}]


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
    """What `tune_sentiment` returns: something that labels texts. Example: clf.predict(["Lovely!"]) -> ['positive']"""

    def __init__(self, method, model, tok=None):
        self.method, self.model, self.tok = method, model, tok

    @torch.no_grad()
    def scores(self, texts, batch_size=64):
        """Class scores (B, 2) in LABELS order."""
        self.model.eval()
        out = []
        for i in range(0, len(texts), batch_size):
            chunk = texts[i: i + batch_size]
            if self.method == "bow":
                out.append(self.model(chunk))
            else:
                out.append(self.model(encode_texts(self.tok, chunk))[0])
        return torch.cat(out)  # (B, 2)

    def predict(self, texts):
        return [LABELS[i] for i in self.scores(texts).argmax(-1).tolist()]


def tune_sentiment(train_examples, method, body=None, tok=None, seed=0, recipe=None):
    """A sentiment classifier from labeled (label, text) pairs, by one of METHODS.

    `body` and `tok` are the pretrained GPT and its tokenizer (for scratch, `body` only gives
    the shape). Returns a SentimentClassifier.
    Example:
        >>> clf = tune_sentiment(draw_k(train, 32, seed=0, label_of=lambda e: e[0]), "full", body, tok)
        >>> accuracy(clf.predict(texts), labels)
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    if method != "bow" and (body is None or tok is None):
        raise ValueError(f"method {method!r} needs the pretrained body and its tokenizer: "
                         f"model, tok, meta = helpers.pretrain.load_foundation()")
    if not train_examples:
        raise ValueError("train_examples is empty; pass at least one (label, text) pair per label")
    recipe = dict(RECIPES[method], **(recipe or {}))
    labels = label_ids([l for l, _ in train_examples])                  # (n,)
    texts = [t for _, t in train_examples]
    n = len(texts)
    torch.manual_seed(seed)
    if method == "bow":
        vocabulary = sorted({w for t in texts for w in BagOfWords.words(t)})
        model = BagOfWords(vocabulary)
        x = model.features(texts)                                        # (n, V)
        optimizer = torch.optim.AdamW(model.parameters(), lr=recipe["lr"], weight_decay=recipe["weight_decay"])
        for _ in range(recipe["steps"]):
            loss = F.cross_entropy(model.linear(x), labels)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        return SentimentClassifier(method, model.eval())
    ids = encode_texts(tok, texts)                                       # (n, T)
    if method == "probe":
        model = GPTForSequenceClassification(body, len(LABELS), pad_id=PAD_ID)
        with torch.no_grad():
            pooled = pooled_vectors(model, ids)                          # (n, C) frozen features
        optimizer = torch.optim.AdamW(model.head.parameters(), lr=recipe["lr"], weight_decay=recipe["weight_decay"])
        for _ in range(recipe["steps"]):
            loss = F.cross_entropy(model.head(pooled), labels)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        return SentimentClassifier(method, model.eval(), tok)
    model = GPTForSequenceClassification(_body_for(method, body, seed, recipe["dropout"]),
                                         len(LABELS), pad_id=PAD_ID)
    fit(model, lambda idx: model(trim(ids[idx]), labels[idx])[1], n, steps_for(n, recipe), recipe["batch_size"],
        _groups(model, recipe), seed=seed)
    return SentimentClassifier(method, model, tok)


@torch.no_grad()
def pooled_vectors(model, ids, batch_size=64):
    """The vector a sequence classifier's head reads (last real token), for every row of ids: (B, C)."""
    out = []
    for i in range(0, ids.size(0), batch_size):
        chunk = ids[i: i + batch_size]                                   # (b, T)
        h = model.body.hidden_states(chunk)                              # (b, T, C)
        last = ((chunk != PAD_ID).sum(1) - 1).clamp(min=0)               # (b,)
        out.append(h[torch.arange(chunk.size(0)), last])                 # (b, C)
    return torch.cat(out)


def accuracy(predicted, gold):
    """Share of predictions equal to the gold labels. Example: accuracy(['a', 'b'], ['a', 'a']) -> 0.5"""
    if len(predicted) != len(gold) or not gold:
        raise ValueError(f"need as many predictions as gold labels (got {len(predicted)} and {len(gold)}), at least one")
    return sum(p == g for p, g in zip(predicted, gold)) / len(gold)


# ---------------------------------------------------------------- named entities (one tag per word)

def word_token_positions(tok, text, words):
    """(ids, index of each word's last token) for a text and its words, in order.

    A word may be cut into several tokens (" Wrengarth" -> " W", "ren", "garth"); we tag the
    token holding its LAST character, because a left-to-right model has seen the whole word
    only there. We go by characters, since BPE glues the space before a word to it (" Ross").
    Example: word_token_positions(tok, "Paula Ross left.", ["Paula", "Ross", "left", "."])
             -> ([...ids...], [0, 1, 2, 3])  (one token per word with a 4,096-token vocabulary)
    """
    ids = tok.encode(text)
    ends, pos = [], 0
    for piece in tok.token_strings(ids):   # character end of every token
        pos += len(piece)
        ends.append(pos)
    last, start = [], 0
    for w in words:
        at = text.find(w, start)
        if at < 0:
            raise ValueError(f"word {w!r} is not in the text {text!r} after character {start}")
        start = at + len(w)
        last.append(next(i for i, end in enumerate(ends) if end >= start))
    return ids, last


def encode_entities(tok, examples, echo=True):
    """Entity examples -> (ids (B, T), labels (B, T) with -100 except at each word's last token).

    echo=True feeds the sentence twice ("text\\ntext") and tags the second copy: a causal
    model then sees the whole sentence, words to the right included, before tagging a word
    (the trick of Springer et al. 2024, "Repetition improves language model embeddings").
    """
    tag_index = {t: i for i, t in enumerate(ENTITY_TAGS)}
    rows = []
    for e in examples:
        ids, last = word_token_positions(tok, e["text"], e["words"])
        labels = [-100] * len(ids)
        for pos, tag in zip(last, e["tags"]):
            labels[pos] = tag_index[tag]
        if echo:
            prefix = tok.encode(e["text"] + "\n")
            ids, labels = prefix + ids, [-100] * len(prefix) + labels
        rows.append((ids[-2 * MAX_TOKENS:], labels[-2 * MAX_TOKENS:]))
    T = max(len(r[0]) for r in rows)
    ids = torch.full((len(rows), T), PAD_ID, dtype=torch.long)           # (B, T)
    labels = torch.full((len(rows), T), -100, dtype=torch.long)          # (B, T)
    for i, (r_ids, r_labels) in enumerate(rows):
        ids[i, : len(r_ids)] = torch.tensor(r_ids)
        labels[i, : len(r_labels)] = torch.tensor(r_labels)
    return ids, labels


def tune_entities(train_examples, method, body, tok, seed=0, echo=True, recipe=None):
    """A token classifier (BIO tags over PERSON, PLACE, ORGANIZATION) from labeled sentences.

    method: 'full', 'probe' or 'scratch' (see the module docstring). Returns the tuned
    GPTForTokenClassification; `predict_tags` reads tags from it.
    """
    if method not in ("full", "probe", "scratch"):
        raise ValueError(f"method must be 'full', 'probe' or 'scratch' for entities; got {method!r}")
    if not train_examples:
        raise ValueError("train_examples is empty; pass at least one labeled sentence")
    recipe = dict(RECIPES["scratch" if method == "scratch" else "entities"], **(recipe or {}))
    ids, labels = encode_entities(tok, train_examples, echo)             # (n, T), (n, T)
    n = ids.size(0)
    torch.manual_seed(seed)
    if method == "probe":
        model = GPTForTokenClassification(body, len(ENTITY_TAGS))
        with torch.no_grad():
            h = torch.cat([body.hidden_states(ids[i: i + 64]) for i in range(0, n, 64)])  # (n, T, C)
        keep = labels != -100                                            # (n, T)
        x, y = h[keep], labels[keep]                                     # (words, C), (words,)
        optimizer = torch.optim.AdamW(model.head.parameters(), lr=RECIPES["probe"]["lr"],
                                      weight_decay=RECIPES["probe"]["weight_decay"])
        for _ in range(RECIPES["probe"]["steps"]):
            loss = F.cross_entropy(model.head(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        model.echo = echo
        return model.eval()
    model = GPTForTokenClassification(_body_for(method, body, seed, recipe["dropout"]), len(ENTITY_TAGS))
    fit(model, lambda idx: model(*trim(ids[idx], labels[idx]))[1], n, steps_for(n, recipe), recipe["batch_size"],
        _groups(model, recipe), seed=seed)
    model.echo = echo
    return model


@torch.no_grad()
def predict_tags(model, tok, examples, batch_size=64):
    """The tag of every word of every example, as lists of tag names."""
    model.eval()
    echo = getattr(model, "echo", True)
    result = []
    for i in range(0, len(examples), batch_size):
        chunk = examples[i: i + batch_size]
        ids, labels = encode_entities(tok, chunk, echo)                  # (b, T), (b, T)
        best = model(ids)[0].argmax(-1)                                  # (b, T)
        for row in range(len(chunk)):
            keep = labels[row] != -100
            result.append([ENTITY_TAGS[j] for j in best[row][keep].tolist()])
    return result


def spans_from_tags(tags):
    """BIO tags -> the set of (start, end, label) entity spans over word positions.

    An I- tag without a matching B- before it starts a span (the usual lenient reading).
    Example: spans_from_tags(["B-PERSON", "I-PERSON", "O", "B-PLACE"]) -> {(0, 2, 'PERSON'), (3, 4, 'PLACE')}
    """
    spans, start, label = set(), None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        kind, _, name = tag.partition("-")
        if start is not None and (kind != "I" or name != label):
            spans.add((start, i, label))
            start = None
        if kind == "B" or (kind == "I" and start is None):
            start, label = i, name
    return spans


def entity_f1(gold_tags, predicted_tags):
    """Span-level micro F1: an entity counts only if its words and its type are both right.

    Example: entity_f1([["B-PERSON", "I-PERSON", "O"]], [["B-PERSON", "O", "O"]]) -> 0.0
    """
    if len(gold_tags) != len(predicted_tags):
        raise ValueError(f"need a prediction for every sentence: {len(gold_tags)} gold, {len(predicted_tags)} predicted")
    tp = fp = fn = 0
    for g, p in zip(gold_tags, predicted_tags):
        gs, ps = spans_from_tags(g), spans_from_tags(p)
        tp, fp, fn = tp + len(gs & ps), fp + len(ps - gs), fn + len(gs - ps)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


# ---------------------------------------------------------------- reading the curves

def labels_needed(ks, scores, target):
    """The fewest labels that reach `target`, interpolating between measured k on a log scale.

    None when no measured k reaches it. Example: labels_needed([8, 16, 32], [0.6, 0.7, 0.9], 0.8) -> 22.6
    """
    points = list(zip(ks, scores))
    if points[0][1] >= target:
        return float(points[0][0])
    for (k0, s0), (k1, s1) in zip(points, points[1:]):
        if s0 < target <= s1:
            frac = (target - s0) / (s1 - s0)
            return round(math.exp(math.log(k0) + frac * (math.log(k1) - math.log(k0))), 1)
    return None


# ---------------------------------------------------------------- the sweep

SWEEP_KS = (8, 16, 32, 64, 128, 256, 512, None)   # None: every label in the training pool
SWEEP_SEEDS = (0, 1, 2)


def sentiment_point(method, k, seed, body, tok, train=None, test=None):
    """Test accuracy of one method at k labels and one seed: one point of lesson 07's curves."""
    from helpers.data import sentiment_examples

    train = sentiment_examples("train") if train is None else train
    test = sentiment_examples("test") if test is None else test
    chosen = draw_k(train, k, seed, label_of=lambda e: e[0])
    clf = tune_sentiment(chosen, method, body, tok, seed=seed)
    return accuracy(clf.predict([t for _, t in test]), [l for l, _ in test])


def entity_point(method, k, seed, body, tok, train=None, test=None):
    """Test span F1 of one method at k labeled sentences and one seed."""
    from helpers.data import entity_examples

    train = entity_examples("train") if train is None else train
    test = entity_examples("test") if test is None else test
    model = tune_entities(draw_k(train, k, seed), method, body, tok, seed=seed)
    return entity_f1([e["tags"] for e in test], predict_tags(model, tok, test))


_WORKER = {}


def _load_worker(threads):
    """Each sweep process loads the foundation model once and computes with `threads` threads."""
    from helpers.pretrain import load_foundation

    torch.set_num_threads(threads)
    _WORKER["body"], _WORKER["tok"], _ = load_foundation()


def _run_point(point, args):
    start = time.perf_counter()
    return point(*args, _WORKER["body"], _WORKER["tok"]), round(time.perf_counter() - start, 1)


def run_points(point, arg_list, jobs=1, threads=None, log=print):
    """[point(*args, body, tok) for args in arg_list] on the foundation model, in `jobs` processes.

    Every point seeds itself, so the results do not depend on the number of processes or their
    order; `jobs` only changes the time. Each result is logged as JSON when it is done.
    Example: run_points(sentiment_point, [("bow", 8, 0)]) -> [0.53]   (one accuracy)
    """
    import concurrent.futures
    import multiprocessing

    threads = threads or max(1, torch.get_num_threads() // jobs)
    results = [None] * len(arg_list)

    def done(i, value, seconds):
        results[i] = value
        log(json.dumps({"point": point.__name__, "args": list(arg_list[i]), "value": round(value, 4), "seconds": seconds}))

    if jobs <= 1:
        _load_worker(threads)
        for i, args in enumerate(arg_list):
            done(i, *_run_point(point, args))
        return results
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=_load_worker, initargs=(threads,)) as pool:
        futures = {pool.submit(_run_point, point, args): i for i, args in enumerate(arg_list)}
        for future in concurrent.futures.as_completed(futures):
            done(futures[future], *future.result())
    return results


def sweep(tasks=("sentiment", "entities"), ks=SWEEP_KS, seeds=SWEEP_SEEDS, jobs=1, log=print):
    """Every (task, method, k, seed) point, as the dict the JSON file holds."""
    from helpers.data import store

    plan = {"sentiment": (sentiment_point, METHODS, "accuracy"), "entities": (entity_point, ("full", "probe", "scratch"), "f1")}
    results = {"checkpoint_sha256": store.read_manifest()["foundation/model.safetensors"]["sha256"],
               "seeds": list(seeds), "torch": torch.__version__.split("+")[0], "threads": torch.get_num_threads(), "jobs": jobs}
    for task in tasks:
        point, methods, metric = plan[task]
        grid = [(method, k, s) for method in methods for k in ks for s in seeds]
        values = iter(round(v, 4) for v in run_points(point, grid, jobs, log=log))
        results[task] = {"metric": metric, "ks": [k if k is not None else "all" for k in ks],
                         "methods": {method: [[next(values) for _ in seeds] for _ in ks] for method in methods}}
    return results


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m helpers.tuning",
                                description="Lesson 07's label-efficiency sweep on the shipped foundation model.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sweep", help="tune every method at every k with several seeds; write JSON")
    add_output_options(s, "runs/results/label_efficiency.json", "JSON file")
    s.add_argument("--tasks", nargs="+", choices=["sentiment", "entities"], default=["sentiment", "entities"])
    s.add_argument("--threads", type=int, default=2, help="threads in all (default 2, the series' budget machine)")
    s.add_argument("--jobs", type=int, default=1, help="processes sharing the threads (same results, less time)")
    args = p.parse_args(argv)
    if args.jobs < 1 or args.threads < 1:
        p.error("--jobs and --threads must be at least 1")
    check_output_option(p, args, kind="file")  # before the sweep: a refused or unwritable --out fails at once
    torch.set_num_threads(args.threads)
    start = time.perf_counter()
    results = sweep(tuple(args.tasks), jobs=args.jobs, log=lambda line: print(line, flush=True))
    results["seconds"] = round(time.perf_counter() - start, 1)
    from helpers.data.store import write_results

    print(json.dumps({"out": str(write_results(args.out, results, force=args.force)), "seconds": results["seconds"]}))


if __name__ == "__main__":
    main()
