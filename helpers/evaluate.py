"""Any labeled text, classified by the series' methods: a command that prints accuracy as JSON.

    python -m helpers.evaluate sentiment FILE.tsv --method tuned-32

FILE.tsv holds one example per line, `label<TAB>text`, labels `positive` or `negative`.
Methods: zero-shot, few-shot-N (N solved examples in the prompt), tuned-K and tuned-all
(the foundation model fully tuned on K or all examples of the shipped training pool),
probe-K, scratch-K (same architecture, random start), bow-K (bag-of-words logistic
regression), prompt-tuned-K. Training draws its K examples with a fixed seed (--seed).
Leaves out: other tasks than sentiment on the command line (entities are in lesson 07).
"""

import argparse
import json
import re
import sys
import time

from helpers.tuning import LABELS

METHOD_PATTERN = re.compile(
    r"^(zero-shot|few-shot-(\d+)|(tuned|probe|scratch|bow|prompt-tuned)-(\d+|all))$"
)
METHOD_HELP = "zero-shot, few-shot-N, tuned-K, tuned-all, probe-K, scratch-K, bow-K, prompt-tuned-K"


class InputError(ValueError):
    """A problem with the user's file or options, reported without a traceback."""


def read_labeled_tsv(path):
    """[(label, text)] from a `label<TAB>text` file; errors name the line.

    Example: read_labeled_tsv("mine.tsv") -> [("positive", "Lovely soup."), ...]
    """
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(
            f"{path}: line {line} is not UTF-8 (byte {err.start}); save the file as UTF-8"
        ) from None
    examples = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            raise InputError(
                f"{path}: line {number} is empty; every line must be label<TAB>text"
            )
        label, tab, review = line.partition("\t")
        if not tab:
            raise InputError(
                f"{path}: line {number} has no tab; write label<TAB>text, e.g. "
                "'positive\\tLovely soup.'"
            )
        if label not in LABELS:
            raise InputError(
                f"{path}: line {number} has label {label!r}; use 'positive' or 'negative'"
            )
        if not review.strip():
            raise InputError(f"{path}: line {number} has a label but no text")
        examples.append((label, review))
    if not examples:
        raise InputError(f"{path} holds no examples; write one label<TAB>text per line")
    return examples


def parse_method(method):
    """A method's name -> (kind, number).

    Example: 'tuned-32' -> ('tuned', 32); 'tuned-all' -> ('tuned', None);
             'few-shot-4' -> ('few-shot', 4)
    """
    match = METHOD_PATTERN.match(method)
    if not match:
        raise InputError(f"unknown method {method!r}; use one of: {METHOD_HELP}")
    if method == "zero-shot":
        return "few-shot", 0
    if match.group(2) is not None:
        return "few-shot", int(match.group(2))
    kind, k = match.group(3), match.group(4)
    if k == "0":
        raise InputError(
            f"{method}: K must be at least 2 (one example per label), or 'all'"
        )
    return kind, None if k == "all" else int(k)


def check_method(method, examples, path, seed=0):
    """Raise InputError when `method` cannot run on `examples` as asked, before the model loads.

    K must be 2..the training pool's size (one example per label at least); few-shot-N
    must leave the longest review's prompt inside the model's context (the error names
    the largest N that fits).
    Example: check_method("few-shot-999", examples, "mine.tsv")
        -> InputError: ... the largest that fits is few-shot-8
    """
    from helpers.data import sentiment_examples

    kind, k = parse_method(method)
    pool = len(sentiment_examples("train"))
    if kind != "few-shot" and k is not None and not 2 <= k <= pool:
        raise InputError(
            f"{method}: K must be between 2 (one example per label) and {pool}, the reviews in "
            f"the training pool; use e.g. {kind}-32, or {kind}-all"
        )
    if kind == "few-shot" and k:
        check_few_shot_fits(examples, k, path, seed)


def check_few_shot_fits(examples, k, path, seed):
    """Raise InputError when k solved examples plus the file's longest review overflow
    the model's context (it would silently cut the first examples off). Reads only the
    tokenizer, so it is quick."""
    from helpers.data import sentiment_examples
    from helpers.data.store import data_path
    from helpers.pretrain import FOUNDATION_SHAPE
    from helpers.prompting import (
        DEFAULT_TEMPLATE,
        TEMPLATES,
        draw_demos,
        few_shot_prompt,
    )
    from helpers.tokenizers import load_tokenizer

    tok = load_tokenizer(data_path("foundation/tokenizer.json"))
    limit, template, train = (
        FOUNDATION_SHAPE["block_size"],
        TEMPLATES[DEFAULT_TEMPLATE],
        sentiment_examples("train"),
    )
    sizes = [len(tok.encode(text)) for _, text in examples]
    line = (
        sizes.index(max(sizes)) + 1
    )  # the longest review; blank lines are refused, so example i is on line i
    answer = max(template.words, key=lambda w: len(tok.encode(w)))

    def tokens(n):
        return len(
            tok.encode(
                few_shot_prompt(
                    template, draw_demos(train, n, seed), examples[line - 1][1]
                )
                + answer
            )
        )

    if tokens(k) <= limit:
        return
    fits = 0
    while fits + 1 < k and tokens(fits + 1) <= limit:
        fits += 1
    raise InputError(
        f"few-shot-{k}: {k} solved examples and the review on line {line} of {path} "
        "make a prompt of "
        f"{tokens(k)} tokens, but the model sees {limit}; the largest that fits is few-shot-{fits}"
    )


def classify(examples, method, seed=0):
    """Predicted labels for the texts of `examples` by `method`."""
    from helpers import prompting, tuning
    from helpers.data import sentiment_examples
    from helpers.pretrain import load_foundation

    kind, k = parse_method(method)
    texts = [t for _, t in examples]
    train = sentiment_examples("train")
    needs_model = kind != "bow"
    body, tok = load_foundation()[:2] if needs_model else (None, None)
    if kind == "few-shot":
        return prompting.predict(
            body, tok, texts, demos=prompting.draw_demos(train, k, seed)
        )[0]
    chosen = tuning.draw_k(train, k, seed, label_of=lambda e: e[0])
    if kind == "prompt-tuned":
        return prompting.tune_prompted(chosen, body, tok, seed=seed).predict(texts)
    method_name = {"tuned": "full"}.get(kind, kind)
    return tuning.tune_sentiment(chosen, method_name, body, tok, seed=seed).predict(
        texts
    )


def report(examples, predicted):
    """Accuracy and per-class precision, recall and F1, as a dict."""
    gold = [label for label, _ in examples]
    result = {
        "examples": len(gold),
        "accuracy": round(sum(p == g for p, g in zip(predicted, gold)) / len(gold), 4),
        "per_class": {},
    }
    for label in LABELS:
        tp = sum(p == g == label for p, g in zip(predicted, gold))
        n_pred, n_gold = predicted.count(label), gold.count(label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = (
            2 * precision * recall / (precision + recall) if precision + recall else 0.0
        )
        result["per_class"][label] = {
            "support": n_gold,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        }
    return result


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m helpers.evaluate",
        description="Classify labeled text with the foundation model; print accuracy as JSON.",
    )
    p.add_argument(
        "task",
        choices=["sentiment"],
        help="the task (sentiment: labels positive/negative)",
    )
    p.add_argument("file", help="a UTF-8 file of label<TAB>text lines")
    p.add_argument("--method", default="zero-shot", help=METHOD_HELP)
    p.add_argument(
        "--seed", type=int, default=0, help="seed for drawing the K training examples"
    )
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    if args.threads < 1:
        p.error(f"--threads must be at least 1, got {args.threads}")
    import torch

    torch.set_num_threads(args.threads)
    try:
        parse_method(args.method)
        examples = read_labeled_tsv(args.file)
        check_method(args.method, examples, args.file, args.seed)
    except InputError as err:
        p.error(str(err))
    start = time.perf_counter()
    predicted = classify(examples, args.method, seed=args.seed)
    result = {
        "task": args.task,
        "file": args.file,
        "method": args.method,
        "seed": args.seed,
    } | report(examples, predicted)
    result["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
