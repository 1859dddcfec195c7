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

METHOD_PATTERN = re.compile(r"^(zero-shot|few-shot-(\d+)|(tuned|probe|scratch|bow|prompt-tuned)-(\d+|all))$")
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
        raise InputError(f"{path}: line {line} is not UTF-8 (byte {err.start}); save the file as UTF-8") from None
    examples = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            raise InputError(f"{path}: line {number} is empty; every line must be label<TAB>text")
        label, tab, review = line.partition("\t")
        if not tab:
            raise InputError(f"{path}: line {number} has no tab; write label<TAB>text, e.g. 'positive\\tLovely soup.'")
        if label not in LABELS:
            raise InputError(f"{path}: line {number} has label {label!r}; use 'positive' or 'negative'")
        if not review.strip():
            raise InputError(f"{path}: line {number} has a label but no text")
        examples.append((label, review))
    if not examples:
        raise InputError(f"{path} holds no examples; write one label<TAB>text per line")
    return examples


def parse_method(method):
    """'tuned-32' -> ('tuned', 32); 'tuned-all' -> ('tuned', None); 'few-shot-4' -> ('few-shot', 4)."""
    match = METHOD_PATTERN.match(method)
    if not match:
        raise InputError(f"unknown method {method!r}; use one of: {METHOD_HELP}")
    if method == "zero-shot":
        return "few-shot", 0
    if match.group(2) is not None:
        return "few-shot", int(match.group(2))
    kind, k = match.group(3), match.group(4)
    if k == "0":
        raise InputError(f"{method}: K must be at least 1 (or 'all')")
    return kind, None if k == "all" else int(k)


def classify(examples, method, seed=0):
    """Predicted labels for the texts of `examples` by `method`."""
    from helpers.data import sentiment_examples
    from helpers.pretrain import load_foundation
    from helpers import prompting, tuning

    kind, k = parse_method(method)
    texts = [t for _, t in examples]
    train = sentiment_examples("train")
    needs_model = kind != "bow"
    body, tok = (load_foundation()[:2] if needs_model else (None, None))
    if kind == "few-shot":
        return prompting.predict(body, tok, texts, demos=prompting.draw_demos(train, k, seed))[0]
    chosen = tuning.draw_k(train, k, seed, label_of=lambda e: e[0])
    if kind == "prompt-tuned":
        return prompting.tune_prompted(chosen, body, tok, seed=seed).predict(texts)
    method_name = {"tuned": "full"}.get(kind, kind)
    return tuning.tune_sentiment(chosen, method_name, body, tok, seed=seed).predict(texts)


def report(examples, predicted):
    """Accuracy and per-class precision, recall and F1, as a dict."""
    gold = [l for l, _ in examples]
    result = {"examples": len(gold), "accuracy": round(sum(p == g for p, g in zip(predicted, gold)) / len(gold), 4),
              "per_class": {}}
    for label in LABELS:
        tp = sum(p == g == label for p, g in zip(predicted, gold))
        n_pred, n_gold = predicted.count(label), gold.count(label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result["per_class"][label] = {"support": n_gold, "precision": round(precision, 4),
                                      "recall": round(recall, 4), "f1": round(f1, 4)}
    return result


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m helpers.evaluate",
                                description="Classify labeled text with the foundation model; print accuracy as JSON.")
    p.add_argument("task", choices=["sentiment"], help="the task (sentiment: labels positive/negative)")
    p.add_argument("file", help="a UTF-8 file of label<TAB>text lines")
    p.add_argument("--method", default="zero-shot", help=METHOD_HELP)
    p.add_argument("--seed", type=int, default=0, help="seed for drawing the K training examples")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    try:
        parse_method(args.method)
        examples = read_labeled_tsv(args.file)
    except InputError as err:
        p.error(str(err))
    start = time.perf_counter()
    predicted = classify(examples, args.method, seed=args.seed)
    result = {"task": args.task, "file": args.file, "method": args.method, "seed": args.seed} | report(examples, predicted)
    result["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
