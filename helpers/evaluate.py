"""Any labeled text, classified or tagged by the series' methods: a command that prints
scores as JSON.

    python -m helpers.evaluate sentiment FILE.tsv --method tuned-32
    python -m helpers.evaluate entities FILE.jsonl --method tuned-64

sentiment: FILE.tsv holds one example per line, `label<TAB>text`, labels `positive` or
`negative`. Methods: zero-shot, few-shot-N (N solved examples in the prompt), tuned-K and
tuned-all (the foundation model fully tuned on K or all examples of the shipped training
pool), probe-K, scratch-K (same architecture, random start), bow-K (bag-of-words logistic
regression), prompt-tuned-K. Prints accuracy and per-class precision, recall and F1.

entities: FILE.jsonl holds one JSON object per line, {"text": ..., "spans": [{"start",
"end", "label"}]} with character offsets and labels PERSON, PLACE or ORGANIZATION (the
shape of data/entities/*.jsonl). Words and BIO tags are derived as the shipped sets derive
them (`helpers.data.words_and_offsets`, `helpers.entity_tagging.bio_tags`), so every span
must start and end on a word's edge. Methods: rule (capitalised words are names:
`helpers.entity_tagging.capitalisation_tags`, no training), tuned-K and tuned-all (the
foundation model tuned as a token classifier on K of the 700 training sentences, as lesson
07 does), probe-K, scratch-K. Prints span-level precision, recall and F1 (a name counts
only if its words and its type are right), overall and per label.

Training draws its K examples with a fixed seed (--seed).
Leaves out: other tasks (toxicity, the quiz), and constrained decoding of the tags.
"""

import argparse
import json
import re
import sys
import time
from pathlib import Path

from helpers.tuning import LABELS

METHOD_PATTERN = re.compile(
    r"^(zero-shot|few-shot-(\d+)|(tuned|probe|scratch|bow|prompt-tuned)-(\d+|all))$"
)
METHOD_HELP = "zero-shot, few-shot-N, tuned-K, tuned-all, probe-K, scratch-K, bow-K, prompt-tuned-K"
ENTITY_METHOD_PATTERN = re.compile(r"^(rule|(tuned|probe|scratch)-(\d+|all))$")
ENTITY_METHOD_HELP = "rule, tuned-K, tuned-all, probe-K, scratch-K"
ENTITY_LINE = (
    '{"text": "Ann ran.", "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}'
)


class InputError(ValueError):
    """A problem with the user's file or options, reported without a traceback."""


def read_utf8(path):
    """The text of a file; InputError when it cannot be read or is not UTF-8 (naming the
    line)."""
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
    return text


def read_labeled_tsv(path):
    """[(label, text)] from a `label<TAB>text` file; errors name the line.

    Example: read_labeled_tsv("mine.tsv") -> [("positive", "Lovely soup."), ...]
    """
    text = read_utf8(path)
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


def read_entity_jsonl(path):
    """[{'text', 'spans', 'words', 'tags'}] from a JSONL file of {"text", "spans"} lines;
    errors name the line.

    Words and BIO tags are derived from the text and spans (`words_and_offsets`,
    `bio_tags`); a line that also gives "words" or "tags" must agree with them.
    Example: read_entity_jsonl("mine.jsonl")[0]
    -> {'text': 'Ann flew to Oslo.', 'spans': [...], 'words': ['Ann', 'flew', 'to',
        'Oslo', '.'], 'tags': ['B-PERSON', 'O', 'O', 'B-PLACE', 'O']}
    """
    text = read_utf8(path)
    examples = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{path}: line {number}"
        if not line.strip():
            raise InputError(
                f"{where} is empty; every line must be one JSON object, e.g. {ENTITY_LINE}"
            )
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(
                f"{where} is not JSON ({err.msg}, column {err.colno}); write one object "
                f"per line, e.g. {ENTITY_LINE}"
            ) from None
        examples.append(entity_example(row, where))
    if not examples:
        raise InputError(
            f"{path} holds no sentences; write one JSON object per line, e.g. {ENTITY_LINE}"
        )
    return examples


def entity_example(row, where):
    """One checked line of an entity file -> {'text', 'spans', 'words', 'tags'}.

    `where` ("mine.jsonl: line 3") starts every error message.
    Example: entity_example({"text": "Ann ran.", "spans": []}, "x: line 1")
    -> {'text': 'Ann ran.', 'spans': [], 'words': ['Ann', 'ran', '.'], 'tags': ['O', 'O', 'O']}
    """
    from helpers.data import words_and_offsets
    from helpers.entity_tagging import ENTITY_LABELS, bio_tags

    if not isinstance(row, dict):
        raise InputError(f"{where} is JSON but not an object; write e.g. {ENTITY_LINE}")
    text, spans = row.get("text"), row.get("spans")
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            f'{where} has no "text" (a non-empty string); write e.g. {ENTITY_LINE}'
        )
    if not isinstance(spans, list):
        raise InputError(
            f'{where} has no "spans" (a list, [] when the line names nobody); write e.g. '
            f"{ENTITY_LINE}"
        )
    words = words_and_offsets(text)
    starts, ends = {s for _, s, _ in words}, {e for _, _, e in words}
    for i, span in enumerate(spans, start=1):
        keys_ok = isinstance(span, dict) and all(
            isinstance(span.get(k), int) and not isinstance(span.get(k), bool)
            for k in ("start", "end")
        )
        if not keys_ok or "label" not in span:
            raise InputError(
                f'{where}: span {i} must be {{"start": N, "end": N, "label": ...}} with '
                f"character offsets; got {json.dumps(span)}"
            )
        start, end, label = span["start"], span["end"], span["label"]
        if label not in ENTITY_LABELS:
            raise InputError(
                f"{where}: span {i} has label {label!r}; use PERSON, PLACE or ORGANIZATION"
            )
        if not 0 <= start < end <= len(text):
            raise InputError(
                f"{where}: span {i} ({start}-{end}) does not fit the text of {len(text)} "
                "characters; start must be below end, both within the text (0-based, end "
                "excluded)"
            )
        if start not in starts or end not in ends:
            touched = [(s, e) for _, s, e in words if s < end and e > start]
            hint = (
                f'use "start": {touched[0][0]}, "end": {touched[-1][1]} '
                f"({text[touched[0][0] : touched[-1][1]]!r})"
                if touched
                else "it covers no word; remove it"
            )
            raise InputError(
                f"{where}: span {i} ({start}-{end}, {text[start:end]!r}) does not start "
                f"and end on word boundaries; spans must cover whole words: {hint}"
            )
    ordered = sorted(spans, key=lambda s: (s["start"], s["end"]))
    for a, b in zip(ordered, ordered[1:]):
        if b["start"] < a["end"]:
            raise InputError(
                f"{where}: spans {text[a['start'] : a['end']]!r} ({a['start']}-{a['end']}) "
                f"and {text[b['start'] : b['end']]!r} ({b['start']}-{b['end']}) overlap; "
                "entities here cannot nest or overlap, keep one of them"
            )
    example = {
        "text": text,
        "spans": spans,
        "words": [w for w, _, _ in words],
        "tags": bio_tags(text, spans),
    }
    for key in ("words", "tags"):
        if key in row and row[key] != example[key]:
            raise InputError(
                f'{where}: its "{key}" differ from those its text and spans give '
                f'({example[key]}); remove "words" and "tags" to have them derived'
            )
    return example


def parse_method(method, task="sentiment"):
    """A method's name -> (kind, number).

    Example: 'tuned-32' -> ('tuned', 32); 'tuned-all' -> ('tuned', None);
             'few-shot-4' -> ('few-shot', 4); 'rule' (task='entities') -> ('rule', None)
    """
    if task == "entities":
        return parse_entity_method(method)
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


def parse_entity_method(method):
    """An entity method's name -> (kind, number).

    Example: 'tuned-64' -> ('tuned', 64); 'scratch-all' -> ('scratch', None);
             'rule' -> ('rule', None)
    """
    match = ENTITY_METHOD_PATTERN.match(method)
    if not match:
        known = (
            f"{method!r} is a sentiment method"
            if METHOD_PATTERN.match(method)
            else f"unknown method {method!r} for entities"
        )
        raise InputError(f"{known}; the entity task takes: {ENTITY_METHOD_HELP}")
    if method == "rule":
        return "rule", None
    kind, k = match.group(2), match.group(3)
    if k == "0":
        raise InputError(
            f"{method}: K must be at least 1 (sentences to tune on), or 'all'"
        )
    return kind, None if k == "all" else int(k)


def check_method(method, examples, path, seed=0, task="sentiment", checkpoint=None):
    """Raise InputError when `method` cannot run on `examples` as asked, before the model loads.

    K must be 2..the training pool's size (one example per label at least); few-shot-N
    must leave the longest review's prompt inside the model's context (the error names
    the largest N that fits), counted with the tokenizer of `checkpoint` (default: the
    shipped foundation model's).
    Example: check_method("few-shot-999", examples, "mine.tsv")
        -> InputError: ... the largest that fits is few-shot-8
    """
    from helpers.data import sentiment_examples

    if task == "entities":
        return check_entity_method(method, examples, path, checkpoint)
    kind, k = parse_method(method)
    pool = len(sentiment_examples("train"))
    if kind != "few-shot" and k is not None and not 2 <= k <= pool:
        raise InputError(
            f"{method}: K must be between 2 (one example per label) and {pool}, the reviews in "
            f"the training pool; use e.g. {kind}-32, or {kind}-all"
        )
    if kind == "few-shot" and k:
        check_few_shot_fits(examples, k, path, seed, checkpoint)


def tokenizer_of(checkpoint=None):
    """The tokenizer of a checkpoint folder, or of the shipped foundation model; quick
    (no weights are read). Example: tokenizer_of().vocab_size -> 4096"""
    from helpers.data.store import data_path
    from helpers.tokenizers import load_tokenizer

    if checkpoint is None:
        return load_tokenizer(data_path("foundation/tokenizer.json"))
    return load_tokenizer(Path(checkpoint, "tokenizer.json"))


def check_entity_method(method, examples, path, checkpoint=None):
    """Raise InputError when an entity method cannot run on `examples`, before the model
    loads: K must be 1..the training pool's size, and a tuned tagger keeps at most
    2 * MAX_TOKENS tokens of a line and the END token it adds (helpers.entity_tagging).
    Example: check_entity_method("tuned-9999", examples, "mine.jsonl")
        -> InputError: tuned-9999: K must be between 1 and 700 ...
    """
    from helpers.data import entity_examples
    from helpers.entity_tagging import END
    from helpers.padding import MAX_TOKENS

    kind, k = parse_entity_method(method)
    if kind == "rule":
        return
    pool = len(entity_examples("train"))
    if k is not None and not 1 <= k <= pool:
        raise InputError(
            f"{method}: K must be between 1 and {pool}, the sentences in the training "
            f"pool; use e.g. {kind}-64, or {kind}-all"
        )
    tok = tokenizer_of(checkpoint)
    most = 2 * MAX_TOKENS - len(tok.encode(END))
    for number, e in enumerate(examples, start=1):
        size = len(tok.encode(e["text"]))
        if size > most:
            raise InputError(
                f"{path}: line {number} is {size} tokens long, but the tagger reads at most "
                f"{most}; split it into shorter lines (or use --method rule)"
            )


def check_few_shot_fits(examples, k, path, seed, checkpoint=None):
    """Raise InputError when k solved examples plus the file's longest review overflow
    the model's context (it would silently cut the first examples off). Reads only the
    tokenizer, so it is quick."""
    from helpers.data import sentiment_examples
    from helpers.pretrain import FOUNDATION_SHAPE
    from helpers.prompting import (
        DEFAULT_TEMPLATE,
        TEMPLATES,
        draw_demos,
        few_shot_prompt,
    )

    tok = tokenizer_of(checkpoint)
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


def load_model(checkpoint=None):
    """(model, tokenizer) of a checkpoint folder, or of the shipped foundation model.
    Example: load_model("runs/ablation")[0].num_parameters() -> 5853184"""
    if checkpoint is None:
        from helpers.pretrain import load_foundation

        return load_foundation()[:2]
    from helpers.checkpoints import load_checkpoint

    return load_checkpoint(checkpoint)[:2]


def classify(examples, method, seed=0, checkpoint=None):
    """Predicted labels for the texts of `examples` by `method`, with the model of
    `checkpoint` (default: the shipped foundation model)."""
    from helpers import prompting, tuning
    from helpers.data import sentiment_examples

    kind, k = parse_method(method)
    texts = [t for _, t in examples]
    train = sentiment_examples("train")
    needs_model = kind != "bow"
    body, tok = load_model(checkpoint) if needs_model else (None, None)
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


def tag_entities(examples, method, seed=0, checkpoint=None):
    """Predicted BIO tags for the words of every entity example, by `method`, with the
    model of `checkpoint` (default: the shipped foundation model)."""
    from helpers import entity_tagging, tuning
    from helpers.data import entity_examples

    kind, k = parse_entity_method(method)
    if kind == "rule":
        return [entity_tagging.capitalisation_tags(e["words"]) for e in examples]
    body, tok = load_model(checkpoint)
    chosen = tuning.draw_k(entity_examples("train"), k, seed)
    tagger = entity_tagging.tune_entities(
        chosen, {"tuned": "full"}.get(kind, kind), body, tok, seed=seed
    )
    return entity_tagging.predict_tags(tagger, tok, examples)


def entity_report(examples, predicted):
    """Span-level precision, recall and F1, overall and per label, as a dict (4 decimals).

    Example: entity_report(examples, predicted)
    -> {'sentences': 2, 'precision': 0.5, 'recall': 1.0, 'f1': 0.6667, 'per_label':
        {'PERSON': {'support': 1, 'precision': 1.0, 'recall': 1.0, 'f1': 1.0}, ...}}
    """
    from helpers.entity_tagging import entity_scores

    scores = entity_scores([e["tags"] for e in examples], predicted)
    result = {"sentences": len(examples)}
    result |= {key: round(scores[key], 4) for key in ("precision", "recall", "f1")}
    result["per_label"] = {
        label: {key: round(value, 4) for key, value in figures.items()}
        for label, figures in scores["per_label"].items()
    }
    return result


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
        description="Classify or tag labeled text with the foundation model; print scores "
        "as JSON (sentiment: accuracy; entities: span-level precision, recall, F1).",
        epilog="examples: python -m helpers.evaluate sentiment mine.tsv --method tuned-32; "
        "python -m helpers.evaluate entities mine.jsonl --method tuned-64",
    )
    p.add_argument(
        "task",
        choices=["sentiment", "entities"],
        help="the task (sentiment: labels positive/negative; entities: PERSON, PLACE, "
        "ORGANIZATION spans)",
    )
    p.add_argument(
        "file",
        help="sentiment: a UTF-8 file of label<TAB>text lines; entities: a UTF-8 JSONL "
        'file of {"text": ..., "spans": [{"start", "end", "label"}]} lines',
    )
    p.add_argument(
        "--method",
        help=f"sentiment: {METHOD_HELP} (default zero-shot); entities: "
        f"{ENTITY_METHOD_HELP} (default rule)",
    )
    p.add_argument(
        "--seed", type=int, default=0, help="seed for drawing the K training examples"
    )
    p.add_argument("--threads", type=int, default=2)
    p.add_argument(
        "--checkpoint",
        help="a checkpoint folder to use instead of the shipped foundation model (e.g. "
        "one from python -m helpers.pretrain --without-verdicts pairs)",
    )
    args = p.parse_args(argv)
    if (
        args.checkpoint is not None
        and not Path(args.checkpoint, "config.json").is_file()
    ):
        p.error(
            f"--checkpoint {args.checkpoint}: no config.json there; give a folder that "
            "python -m helpers.pretrain or python -m helpers.train wrote"
        )
    if args.threads < 1:
        p.error(f"--threads must be at least 1, got {args.threads}")
    import torch

    torch.set_num_threads(args.threads)
    entities = args.task == "entities"
    if args.method is None:
        args.method = "rule" if entities else "zero-shot"
    try:
        parse_method(args.method, args.task)
        examples = (read_entity_jsonl if entities else read_labeled_tsv)(args.file)
        check_method(
            args.method, examples, args.file, args.seed, args.task, args.checkpoint
        )
    except InputError as err:
        p.error(str(err))
    start = time.perf_counter()
    if entities:
        predicted = tag_entities(examples, args.method, args.seed, args.checkpoint)
        scores = entity_report(examples, predicted)
    else:
        predicted = classify(examples, args.method, args.seed, args.checkpoint)
        scores = report(examples, predicted)
    result = (
        {
            "task": args.task,
            "file": args.file,
            "method": args.method,
            "seed": args.seed,
        }
        | ({"checkpoint": args.checkpoint} if args.checkpoint else {})
        | scores
    )
    result["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
