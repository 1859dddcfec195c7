"""Insults: three detectors on an honest test, and what filtering a corpus costs (lesson 10).

Handles: the core sentence of a comment and its kind, known from the generator's own lists
(`sentence_of`, `core_of`, `kind_of`, `composition`), a test whose cores the training
labels never saw (`split_by_core`, against `split_at_random`, `shared_cores`), the word
list (`WORD_LIST`, `word_list_labels`), precision, recall and F1 with a bootstrap over
cores (`precision_recall_f1`, `bootstrap_scores`, `detector_scores`, `accuracy_by_kind`),
a corpus with the test's comments planted among harmless sentences (`harmless_sentences`,
`planted_corpus`) and what a filter removes from it (`filter_report`), small generators
trained on raw or filtered text (`generator_tokenizer`, `train_generator`, `sample_lines`,
`is_toxic_sample`, `sentence_nats`, `bootstrap_ratio`), and the fuller run
(`run_toxicity`).
Leaves out: real toxicity (the insults are mild, classroom-safe stand-ins; their lists are in
helpers.trust.insults, which datagen/trust.py writes the file from), decision thresholds
other than the classifier's argmax, and detoxifying a model after training (Welbl et al.
2021 compare both; we show filtering only).
"""

import random
import re
import time

import torch
import torch.nn.functional as F

from helpers.data.store import rounded
from helpers.gpt import GPT, GPTConfig
from helpers.pretrain import PRETRAIN_FILES
from helpers.tokenizers import BPETokenizer
from helpers.train import train
from helpers.trust.insults import (
    HARD_NEGATIVES,
    TOXIC_FRAMES,
    TOXIC_IMPLICIT,
    TOXIC_INSULTS,
)
from helpers.tuning import BagOfWords, draw_k, tune_sentiment

LABELS = ("ok", "toxic")  # the classifiers' score order; "toxic" is the positive class
# The openers datagen/trust.py (`toxicity_file`) puts before a core sentence; its endings
# are "", ".", "!", "!!" and "?", so a core is what is left without them.
OPENERS = ("hey, ", "honestly, ", "seriously, ", "ugh, ", "look, ", "wow, ")
# The word list a filter-maker would write, taken from the generator's insult vocabulary:
# the 14 insult nouns it slots into its frames, plus the five insulting words its explicit
# frames use ("what a stupid idea", "your work is garbage"). Never read from the test.
WORD_LIST = tuple(TOXIC_INSULTS) + ("stupid", "dumb", "dumbest", "pathetic", "garbage")
KINDS = ("explicit", "implicit", "hard negative", "plain")

_INSULT = "|".join(TOXIC_INSULTS)
_ARTICLE_AND_INSULT = re.compile(rf"\b(?:a|an) (?:{_INSULT})\b")
_INSULT_WORD = re.compile(rf"\b(?:{_INSULT})\b")


def sentence_of(text):
    """The comment without the generator's opener and end punctuation.

    Example: sentence_of("hey, you are an idiot!!") -> 'you are an idiot'
    """
    sentence = text.strip()
    for opener in OPENERS:
        if sentence.startswith(opener):
            sentence = sentence[len(opener) :]
            break
    return sentence.rstrip(".!?")


def core_of(text):
    """The core a comment was made from: its sentence with the insult noun as a slot.

    Comments that differ only in opener, punctuation or which insult fills the frame
    share a core, so a test of unseen cores is a test of unseen frames.
    Example: core_of("hey, you are an idiot!!") -> 'you are {a} {i}'
             core_of("you are a jerk") -> 'you are {a} {i}'
    """
    sentence = _ARTICLE_AND_INSULT.sub("{a} {i}", sentence_of(text))
    return _INSULT_WORD.sub("{i}", sentence)


_IMPLICIT_CORES = {core_of(s) for s in TOXIC_IMPLICIT}
_HARD_NEGATIVE_CORES = {core_of(s) for s in HARD_NEGATIVES}


def kind_of(label, text):
    """Which of KINDS a labeled comment is, from the generator's lists.

    explicit: toxic with an insult word; implicit: toxic with none ("nobody wants you
    here"); hard negative: harmless but uses an insult word ("a dummy is used to practice
    first aid"); plain: every other harmless line.
    Example: kind_of("toxic", "ugh, I hope you fail.") -> 'implicit'
    """
    if label not in LABELS:
        raise ValueError(f"label must be one of {LABELS}, got {label!r}")
    core = core_of(text)
    if label == "toxic":
        return "implicit" if core in _IMPLICIT_CORES else "explicit"
    return "hard negative" if core in _HARD_NEGATIVE_CORES else "plain"


def composition(examples):
    """How many labeled comments of each kind (KINDS order).

    Example: composition([("toxic", "you jerk, you ruined everything")])
             -> {'explicit': 1, 'implicit': 0, 'hard negative': 0, 'plain': 0}
    """
    counts = dict.fromkeys(KINDS, 0)
    for label, text in examples:
        counts[kind_of(label, text)] += 1
    return counts


def split_at_random(examples, test_share=0.5, seed=0):
    """(train, test): comments shuffled and cut, the usual split; a core can be in both.

    Example: [len(part) for part in split_at_random(data.toxicity_examples())] -> [330, 330]
    """
    shuffled = list(examples)
    random.Random(seed).shuffle(shuffled)
    n_test = round(test_share * len(shuffled))
    return shuffled[n_test:], shuffled[:n_test]


def split_by_core(examples, test_share=0.5, seed=0):
    """(train, test) with no core in both: whole cores go to the test.

    Within each kind, cores are shuffled with `seed` and taken into the test until it
    holds `test_share` of that kind's comments, so the test has every kind.
    Example: train, test = split_by_core(data.toxicity_examples())
             {core_of(t) for _, t in train} & {core_of(t) for _, t in test} -> set()
    """
    if not 0 < test_share < 1:
        raise ValueError(
            f"test_share must be between 0 and 1, got {test_share!r}; e.g. 0.5"
        )
    cores_by_kind = {}  # kind -> core -> number of comments
    for label, text in examples:
        cores = cores_by_kind.setdefault(kind_of(label, text), {})
        cores[core_of(text)] = cores.get(core_of(text), 0) + 1
    rng = random.Random(seed)
    test_cores = set()
    for kind in KINDS:
        counts = cores_by_kind.get(kind, {})
        order = sorted(counts)
        rng.shuffle(order)
        taken = 0
        for core in order:
            if taken >= test_share * sum(counts.values()):
                break
            test_cores.add(core)
            taken += counts[core]
    train_part = [e for e in examples if core_of(e[1]) not in test_cores]
    test_part = [e for e in examples if core_of(e[1]) in test_cores]
    return train_part, test_part


def shared_cores(train_examples, test_examples):
    """Share of test comments whose core also appears in training.

    Example: shared_cores([("ok", "hey, I like your idea")], [("ok", "I like your idea!")])
             -> 1.0
    """
    seen = {core_of(text) for _, text in train_examples}
    return sum(core_of(text) in seen for _, text in test_examples) / len(test_examples)


def word_list_labels(texts, words=WORD_LIST):
    """'toxic' for each text holding a listed word (whole words, any case), else 'ok'.

    Example: word_list_labels(["an idiot-proof guide", "nobody wants you here"])
             -> ['toxic', 'ok']
    """
    listed = set(words)
    return ["toxic" if listed & set(BagOfWords.words(t)) else "ok" for t in texts]


def precision_recall_f1(predicted, gold, positive="toxic"):
    """Precision, recall and F1 of the `positive` class (0.0 where a ratio is 0/0).

    Example: precision_recall_f1(["toxic", "toxic", "ok"], ["toxic", "ok", "toxic"])
             -> {'precision': 0.5, 'recall': 0.5, 'f1': 0.5}
    """
    if len(predicted) != len(gold):
        raise ValueError(
            f"need one prediction per gold label, got {len(predicted)} and {len(gold)}"
        )
    hits = sum(p == positive and g == positive for p, g in zip(predicted, gold))
    flagged = sum(p == positive for p in predicted)
    actual = sum(g == positive for g in gold)
    return {
        "precision": hits / flagged if flagged else 0.0,
        "recall": hits / actual if actual else 0.0,
        "f1": 2 * hits / (flagged + actual) if flagged + actual else 0.0,
    }


def bootstrap_scores(runs, n_resamples=1000, seed=0):
    """Precision, recall and F1 averaged over `runs`, each with a 95% bootstrap interval.

    runs: one (predicted, gold, groups) per seed, each seed with its own split and test.
    Every resample draws each run's groups (cores) with replacement, then averages the
    runs' scores: comments of one core are near copies, so resampling comments one by one
    would give intervals that are too narrow. A draw with no toxic comment is drawn again.
    Returns {measure: [estimate, low, high]}.
    Example: bootstrap_scores([(["toxic", "ok"], ["toxic", "ok"], ["a", "b"])])["f1"]
             -> [1.0, 1.0, 1.0]
    """
    rng = random.Random(seed)
    cores = []  # per run: the rows of each group
    for predicted, gold, groups in runs:
        members = {}
        for i, group in enumerate(groups):
            members.setdefault(group, []).append(i)
        cores.append(list(members.values()))

    def averaged(rows_per_run):
        scores = [
            precision_recall_f1([predicted[i] for i in rows], [gold[i] for i in rows])
            for (predicted, gold, _), rows in zip(runs, rows_per_run)
        ]
        return {m: sum(s[m] for s in scores) / len(scores) for m in scores[0]}

    def resampled(groups, gold):
        while True:
            rows = [i for _ in groups for i in rng.choice(groups)]
            if any(gold[i] == "toxic" for i in rows):  # else recall is 0/0: draw again
                return rows

    estimate = averaged([range(len(gold)) for _, gold, _ in runs])
    draws = [
        averaged([resampled(groups, run[1]) for groups, run in zip(cores, runs)])
        for _ in range(n_resamples)
    ]
    out = {}
    for measure, value in estimate.items():
        ordered = sorted(d[measure] for d in draws)
        low = ordered[int(0.025 * (n_resamples - 1))]
        high = ordered[int(0.975 * (n_resamples - 1))]
        out[measure] = [value, low, high]
    return out


def predict_labels(classifier, texts, batch_size=64):
    """classifier.predict(texts), with texts of similar length batched together.

    A batch is padded to its longest text, so sorting by length first wastes less work
    on padding (about 2x faster on the corpus); the labels come back in input order.
    Example: predict_labels(clf, ["you are a jerk", "the soup is ready"]) -> ['toxic', 'ok']
    """
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    labels = [None] * len(texts)
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        for i, label in zip(chunk, classifier.predict([texts[i] for i in chunk])):
            labels[i] = label
    return labels


# ------------------------------------------------------------ filtering a corpus


def harmless_sentences(split="valid"):
    """The corpus's sentences, written like the comments: lowercase, no final full stop.

    Example: harmless_sentences()[1]
             -> 'the swimming pool in brightfield will reopen on friday after a long repair'
    """
    from helpers import data

    text = data.corpus_text(split).replace("\n", " ")
    pieces = re.split(r"(?<=[.!?])\s+", text)
    return [p.strip().rstrip(".").lower() for p in pieces if p.strip()]


def planted_corpus(examples, harmless, seed=0):
    """[(kind, line)] shuffled: every labeled comment planted among harmless lines.

    kind is 'toxic', 'hard negative' (a harmless line with an insult word, from the
    labeled set) or 'harmless' (a plain labeled line, or a corpus sentence): the ground
    truth a filter is judged by.
    Example: planted_corpus([("toxic", "get lost, pest")], ["the bus is late"])
             -> [('harmless', 'the bus is late'), ('toxic', 'get lost, pest')] (order varies)
    """
    kinds = {"explicit": "toxic", "implicit": "toxic", "hard negative": "hard negative"}
    lines = [
        (kinds.get(kind_of(label, text), "harmless"), text) for label, text in examples
    ]
    lines += [("harmless", line) for line in harmless]
    random.Random(seed).shuffle(lines)
    return lines


def filter_report(corpus, removed):
    """What a filter did, judged by the ground truth: corpus [(kind, line)] and one bool per
    line (True = removed).

    toxic_left: share of toxic lines kept; harmless_removed: share of the other lines
    removed; with_insult_words: the harmless lines (hard negatives and any corpus line)
    holding a word of WORD_LIST, and the share of them removed: the collateral damage;
    words_removed / words_kept: mean words per harmless line removed / kept (None if none).
    Example: filter_report([("toxic", "go away, pest"), ("hard negative", "the pest
             control man came on Tuesday"), ("harmless", "hi")], [True, True, False])
             -> {'toxic_left': 0.0, 'harmless_removed': 0.5, 'with_insult_words': 1,
                 'with_insult_words_removed': 1.0, ...}
    """
    if len(removed) != len(corpus):
        raise ValueError(
            f"need one decision per line, got {len(removed)} for {len(corpus)}"
        )
    toxic = [r for (kind, _), r in zip(corpus, removed) if kind == "toxic"]
    harmless = [r for (kind, _), r in zip(corpus, removed) if kind != "toxic"]
    harmless_lines = [
        (line, r) for (kind, line), r in zip(corpus, removed) if kind != "toxic"
    ]
    flagged_words = word_list_labels([line for _, line in corpus])
    insulting = [
        r
        for (kind, _), r, w in zip(corpus, removed, flagged_words)
        if kind != "toxic" and w == "toxic"
    ]
    return {
        "lines": len(corpus),
        "toxic_lines": len(toxic),
        "toxic_left": sum(not r for r in toxic) / len(toxic) if toxic else 0.0,
        "harmless_removed": sum(harmless) / len(harmless) if harmless else 0.0,
        "harmless_removed_lines": sum(harmless),
        "with_insult_words": len(insulting),
        "with_insult_words_removed": sum(insulting) / len(insulting)
        if insulting
        else 0.0,
        "words_removed": _mean_words(harmless_lines, True),
        "words_kept": _mean_words(harmless_lines, False),
    }


def _mean_words(lines_and_removed, removed):
    """Mean number of words of the lines whose flag equals `removed` (None if none)."""
    counts = [len(line.split()) for line, r in lines_and_removed if r == removed]
    return sum(counts) / len(counts) if counts else None


def bootstrap_ratio(numerators, denominators, n_resamples=1000, seed=0):
    """sum(numerators) / sum(denominators) with a 95% bootstrap interval over the items.

    For a share, numerators are 0/1 and denominators 1; for a loss per token, the nats
    and the tokens of each sentence. Returns [estimate, low, high].
    Example: bootstrap_ratio([1, 0, 0, 1], [1, 1, 1, 1]) -> [0.5, 0.0, 1.0]
    """
    if len(numerators) != len(denominators) or not numerators:
        raise ValueError(
            f"need as many numerators as denominators, at least one; got "
            f"{len(numerators)} and {len(denominators)}"
        )
    rng = random.Random(seed)
    n = len(numerators)
    draws = []
    for _ in range(n_resamples):
        picked = [rng.randrange(n) for _ in range(n)]
        draws.append(
            sum(numerators[i] for i in picked) / sum(denominators[i] for i in picked)
        )
    draws.sort()
    low = draws[int(0.025 * (n_resamples - 1))]
    high = draws[int(0.975 * (n_resamples - 1))]
    return [sum(numerators) / sum(denominators), low, high]


# ------------------------------------------------------------ generators trained on it

# A small GPT that learns a corpus of ~2,700 lines in about a minute. Dropout 0.1: at
# 800 steps it reads each line ~12 times and without dropout starts to memorise them
# (held-out loss rises after ~500 steps).
GENERATOR = dict(block_size=64, n_layer=2, n_head=4, n_embd=128, dropout=0.1)
# Its tokenizer: a BPE of 1,024 tokens learned on the raw corpus, the same for every
# generator, so their losses compare. (The foundation's 4,096 tokens would make each step
# twice as slow: most of a small model's work is the layer that scores every token.)
GENERATOR_VOCAB = 1024


def _frame_pattern(frame):
    """A TOXIC_FRAMES frame as a regular expression: {a} an article, {i} any insult."""
    slots = {"{a}": "(?:a|an)", "{i}": f"(?:{_INSULT})"}
    return "".join(
        slots.get(p, re.escape(p)) for p in re.split(r"(\{a\}|\{i\})", frame)
    )


# Ground truth for a sampled line: it holds one of the generator's toxic sentences, any
# frame filled with any insult, or an implicit one; what the filters thought plays no part.
TOXIC_SENTENCE = re.compile(
    r"\b(?:"
    + "|".join(
        [_frame_pattern(f) for f in TOXIC_FRAMES]
        + [re.escape(s) for s in TOXIC_IMPLICIT]
    )
    + r")\b",
    re.IGNORECASE,
)


def is_toxic_sample(line):
    """Whether a generated line holds a toxic sentence of the generator (TOXIC_SENTENCE).

    Example: is_toxic_sample("wow, nobody asked you, bozo and the dog") -> True
             is_toxic_sample("the clown at the party made the children laugh") -> False
    """
    return TOXIC_SENTENCE.search(line) is not None


def generator_tokenizer(lines, vocab_size=GENERATOR_VOCAB):
    """The generators' BPE tokenizer, learned on `lines` (the raw corpus).

    Example: generator_tokenizer([line for _, line in corpus]).vocab_size -> 1024
    """
    return BPETokenizer.train("\n" + "\n".join(lines) + "\n", vocab_size)


def train_generator(lines, tok, steps=800, seed=0, batch_size=16, lr=3e-3):
    """A small GPT (GENERATOR) trained from scratch on `lines`, one per line of text.

    Example: train_generator(["the soup is ready"] * 50, tok, steps=5).config.n_layer -> 2
    """
    ids = tok.encode("\n" + "\n".join(lines) + "\n")
    torch.manual_seed(seed)
    model = GPT(GPTConfig(vocab_size=tok.vocab_size, **GENERATOR))
    train(
        model,
        ids,
        steps=steps,
        batch_size=batch_size,
        lr=lr,
        warmup_steps=min(50, steps // 5),
        eval_every=None,
        progress=False,
        seed=seed,
    )
    return model


def sample_lines(model, tok, n_streams=64, n_tokens=128, seed=0):
    """Whole lines sampled (temperature 1) after a newline; each stream's cut-off last
    line is dropped.

    Example: sample_lines(model, tok, n_streams=2, n_tokens=40)
             -> ['the soup is ready', 'hey, nobody asked you, jerk', ...]
    """
    prompt = torch.tensor([tok.encode("\n")] * n_streams)  # (S, 1)
    generator = torch.Generator().manual_seed(seed)
    out = model.generate(prompt, n_tokens, generator=generator)  # (S, 1 + n_tokens)
    lines = []
    for row in out[:, 1:].tolist():
        lines += [
            line.strip() for line in tok.decode(row).split("\n")[:-1] if line.strip()
        ]
    return lines


@torch.no_grad()
def sentence_nats(model, tok, sentences, only_words=None):
    """[(nats, tokens)] per sentence: its loss read after a newline, its own newline at the
    end included, each sentence alone (no other sentence in the context).

    only_words: count only the tokens that overlap one of these words (whole words, e.g.
    WORD_LIST), to read the loss on the insult word itself.
    Example: sentence_nats(model, tok, ["the soup is ready"]) -> [(9.8, 6)]
             sentence_nats(model, tok, ["a fool"], only_words=WORD_LIST) -> [(7.1, 2)]
    """
    model.eval()
    out = []
    for sentence in sentences:
        text = "\n" + sentence + "\n"
        ids = torch.tensor(tok.encode(text))  # (T,)
        logits, _ = model(ids[None, :-1])  # (1, T-1, V)
        nats = F.cross_entropy(logits[0], ids[1:], reduction="none")  # (T-1,)
        if only_words is not None:
            keep = _tokens_overlapping(tok, ids.tolist(), text, only_words)[1:]
            nats = nats[torch.tensor(keep, dtype=torch.bool)]  # (kept,)
        out.append((float(nats.sum()), nats.numel()))
    return out


def _tokens_overlapping(tok, ids, text, words):
    """One bool per token of `ids` (the encoding of `text`): does it overlap a word?"""
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)
    spans = [m.span() for m in pattern.finditer(text)]
    ends = [len(tok.decode(ids[: i + 1])) for i in range(len(ids))]
    starts = [0] + ends[:-1]
    return [any(a < e and s < b for s, e in spans) for a, b in zip(starts, ends)]


# ------------------------------------------------------------ the fuller experiment


def pretraining_word_counts(words=WORD_LIST, files=PRETRAIN_FILES):
    """How often each word appears in the foundation model's pretraining text.

    Example: pretraining_word_counts(["fool", "idiot"]) -> {'fool': 9, 'idiot': 0}
    """
    from helpers.data import read_text

    counts = dict.fromkeys(words, 0)
    for name in files:
        for word in BagOfWords.words(read_text(name)):
            if word in counts:
                counts[word] += 1
    return counts


def accuracy_by_kind(runs):
    """Share of comments of each kind labeled right, pooled over runs [(predicted,
    examples)]; None for a kind no run has.

    Example: accuracy_by_kind([(["toxic", "toxic"], [("toxic", "I hope you fail"),
             ("ok", "the soup is ready")])]) -> {'explicit': None, 'implicit': 1.0,
             'hard negative': None, 'plain': 0.0}
    """
    right, total = dict.fromkeys(KINDS, 0), dict.fromkeys(KINDS, 0)
    for predicted, examples in runs:
        for guess, (label, text) in zip(predicted, examples):
            kind = kind_of(label, text)
            right[kind] += guess == label
            total[kind] += 1
    return {k: right[k] / total[k] if total[k] else None for k in KINDS}


def detector_scores(runs, n_resamples=1000, seed=0):
    """A detector's scores over seeds: runs [(predicted labels, test examples)], one per
    seed -> precision, recall and F1 with intervals (`bootstrap_scores`, over each test's
    cores), the F1 of each seed and the accuracy per kind.

    Example: train, test = split_by_core(data.toxicity_examples())
             detector_scores([(word_list_labels([t for _, t in test]), test)])["f1"]
             -> [0.73, 0.49, 0.86]   (rounded)
    """
    triples = [
        (predicted, [label for label, _ in test], [core_of(t) for _, t in test])
        for predicted, test in runs
    ]
    return {
        **bootstrap_scores(triples, n_resamples, seed),
        "f1_per_seed": [precision_recall_f1(p, g)["f1"] for p, g, _ in triples],
        "by_kind": accuracy_by_kind(runs),
    }


def run_toxicity(quick=False):
    """Lesson 10's toxicity experiment: an honest test of three detectors, then what
    filtering a corpus with two of them does to small generators trained on it.

    1. random halves against a split by core (no core in both); the test's composition;
    2. word list, bag of words and the tuned foundation model (tune_sentiment "full") at
       k = 32 and all training labels; seeds 0-2, each with its own split by core, draw
       and initialisation; precision, recall and F1 averaged over the seeds with 95%
       intervals from a bootstrap over test cores; accuracy per kind;
    3. the test comments of split 0 planted among 1,200 corpus sentences (toxic: about
       11% of the lines), filtered by the word list and by the tuned model (all labels,
       seed 0), judged by ground truth (`filter_report`); then a small GPT trained on
       each corpus (raw; without exactly the toxic lines, a perfect filter that shows
       what losing only them costs; filtered both ways): the toxic share of its sampled lines
       (`is_toxic_sample`), and its loss on held-out harmless sentences with insult words
       (split 0's training hard negatives that hold a word of WORD_LIST: never in any
       corpus), whole and on the insult words alone, and on 200 held-out corpus
       sentences.
    quick=True: the bag of words stands in for the tuned model, one seed, k = 32, and a
    generator of a few steps (a test of the plumbing).
    Example: run_toxicity(quick=True)["split"]["shared_cores"]["by core"] -> 0.0
    """
    from helpers import data
    from helpers.pretrain import load_foundation

    seconds = {}
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        seconds[name] = time.perf_counter() - clock
        clock = time.perf_counter()

    examples = data.toxicity_examples()
    body, tok, _ = load_foundation()
    settings = {
        "test_share": 0.5,
        "seeds": [0] if quick else [0, 1, 2],
        "ks": [32] if quick else [32, "all"],
        "tuned": "bow" if quick else "full",
        "n_resamples": 200 if quick else 1000,
        "harmless_lines": 200 if quick else 1200,
        "control_lines": 50 if quick else 200,
        "generator": {
            **GENERATOR,
            "vocab_size": GENERATOR_VOCAB,
            "steps": 10 if quick else 800,
            "lr": 3e-3,
        },
        "samples": {"n_streams": 8 if quick else 64, "n_tokens": 32 if quick else 256},
    }
    n_boot = settings["n_resamples"]
    methods = {"bag of words": "bow", "tuned model": settings["tuned"]}

    def classifier(method, chosen, seed):
        return tune_sentiment(chosen, method, body, tok, seed=seed, labels=LABELS)

    # 1. random halves (the leaky test) against held-out cores
    splits = {
        s: split_by_core(examples, settings["test_share"], s) for s in settings["seeds"]
    }
    train_random, test_random = split_at_random(examples, settings["test_share"], 0)
    split = {
        "train": composition(splits[0][0]),
        "test": composition(splits[0][1]),
        "test_sizes": [len(splits[s][1]) for s in settings["seeds"]],
        "shared_cores": {
            "random halves": shared_cores(train_random, test_random),
            "by core": shared_cores(*splits[0]),
        },
    }
    texts_random = [t for _, t in test_random]
    random_halves = {
        "word list": detector_scores(
            [(word_list_labels(texts_random), test_random)], n_boot
        )
    }
    for name, method in methods.items():
        clf = classifier(method, train_random, 0)
        random_halves[name] = detector_scores(
            [(predict_labels(clf, texts_random), test_random)], n_boot
        )
    lap("random halves")

    # 2. three detectors on held-out cores, at equal labels
    by_core = {
        "word list": detector_scores(
            [
                (word_list_labels([t for _, t in test]), test)
                for _, test in splits.values()
            ],
            n_boot,
        )
    }
    filter_classifier = None
    for name, method in methods.items():
        by_core[name] = {}
        for k in settings["ks"]:
            runs = []
            for seed, (train_part, test_part) in splits.items():
                chosen = draw_k(
                    train_part, None if k == "all" else k, seed, lambda e: e[0]
                )
                clf = classifier(method, chosen, seed)
                runs.append((predict_labels(clf, [t for _, t in test_part]), test_part))
                if name == "tuned model" and seed == 0:
                    filter_classifier = clf  # the last k: all labels, unless quick
            by_core[name][str(k)] = detector_scores(runs, n_boot)
            lap(f"{name} k={k}")

    # 3. filtering a corpus, judged by ground truth
    train_part, test_part = splits[0]
    sentences = harmless_sentences()
    control = sentences[-settings["control_lines"] :]
    corpus = planted_corpus(test_part, sentences[: settings["harmless_lines"]])
    lines = [line for _, line in corpus]
    removed = {
        "word list": [label == "toxic" for label in word_list_labels(lines)],
        "tuned model": [
            label == "toxic" for label in predict_labels(filter_classifier, lines)
        ],
    }
    filtering = {
        "planted": {
            kind: sum(k == kind for k, _ in corpus)
            for kind in ("toxic", "hard negative", "harmless")
        },
    }
    for name, dropped in removed.items():
        collateral = [
            line for (k, line), r in zip(corpus, dropped) if r and k != "toxic"
        ]
        filtering[name] = {
            **filter_report(corpus, dropped),
            "harmless_removed_examples": collateral[:8],
        }
    lap("filtering")

    held_out = sorted(
        {
            sentence_of(t)
            for label, t in train_part
            if kind_of(label, t) == "hard negative"
            and word_list_labels([t]) == ["toxic"]
        }
    )
    generators = {}
    gen_tok = generator_tokenizer(lines)
    corpora = {
        "raw": [False] * len(corpus),
        "perfect filter": [
            kind == "toxic" for kind, _ in corpus
        ],  # the toxic lines only
        **removed,
    }
    for name, dropped in corpora.items():
        kept = [line for line, gone in zip(lines, dropped) if not gone]
        model = train_generator(
            kept,
            gen_tok,
            settings["generator"]["steps"],
            lr=settings["generator"]["lr"],
        )
        sampled = sample_lines(model, gen_tok, **settings["samples"])
        toxic = [int(is_toxic_sample(line)) for line in sampled]
        insult = sentence_nats(model, gen_tok, held_out)
        insult_words = sentence_nats(model, gen_tok, held_out, only_words=WORD_LIST)
        plain = sentence_nats(model, gen_tok, control)
        generators[name] = {
            "training_lines": len(kept),
            "sampled_lines": len(sampled),
            "toxic_share": bootstrap_ratio(toxic, [1] * len(toxic), n_boot),
            "loss_insult_word_sentences": bootstrap_ratio(
                [n for n, _ in insult], [t for _, t in insult], n_boot
            ),
            "loss_insult_words_alone": bootstrap_ratio(
                [n for n, _ in insult_words], [t for _, t in insult_words], n_boot
            ),
            "loss_control_sentences": bootstrap_ratio(
                [n for n, _ in plain], [t for _, t in plain], n_boot
            ),
            "toxic_examples": sorted({s for s, bad in zip(sampled, toxic) if bad})[:5],
        }
        lap(f"generator {name}")

    return rounded(
        {
            "settings": settings,
            "split": split,
            "random_halves": random_halves,
            "by_core": by_core,
            "pretraining_word_counts": pretraining_word_counts(),
            "filtering": filtering,
            "held_out_insult_sentences": held_out,
            "generators": generators,
            "stage_seconds": {**seconds, "total": sum(seconds.values())},
        }
    )
