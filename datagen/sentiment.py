"""Labeled sentiment sentences (positive / negative) for tuning and prompting lessons.

Handles: train, valid and test splits, balanced exactly; one sentence per line as
`label<TAB>text`. The TEST split uses sentence frames and opinion phrases that the train
and valid splits never use, so a classifier must generalise beyond memorised phrases.
Some sentences are negated ("I did not enjoy it") or mixed but clear ("a bit pricey, but
worth every penny"). No sentence occurs in the corpus (compared after lowercasing and
stripping punctuation) or in two splits.
Leaves out: neutral sentences, sarcasm, and anything a human could not label at a
glance. The pretraining corpus does contain the test *phrases* inside unlabeled reviews:
that is what lets a pretrained model beat one trained from scratch on the same few
labels.
"""

import random

from datagen import opinions as op
from datagen.draws import pick
from datagen.text import bars, capitalise, normalise, sentences_of

SIZES = {
    "train": 1400,
    "valid": 240,
    "test": 600,
}  # sentences per split, half of each label

# Frames: {x} and {y} are "aspect + opinion" clauses of the sentence's polarity, {n} a
# negated
# phrase, {m} a mixed-but-clear phrase, {place} a venue or town, {rel} a relative.
TRAIN_FRAMES = [
    "Honestly, {x} and {y}.",
    "{X}, and {y}.",
    "If you ask me, {x}.",
    "My {rel} said that {x}, and I agree.",
    "{X}; {n}.",
    "After a week, I can say that {x}.",
    "{M}.",
    "We went back a second time and {x} again.",
    "{N}, because {x}.",
    "I have to admit that {x}.",
    "Compared to last year, {x}.",
    "The short version: {x}, and {n}.",
]
TEST_FRAMES = [
    "To sum up, {x}, so {n}.",
    "I told all my friends that {x}.",
    "From what I saw, {x} and {y}.",
    "Believe me, {x}.",
    "It is fair to say that {x}.",
    "We noticed straight away that {x}.",
    "{N}; {x}.",
    "Looking back, {m}.",
]
RELATIVES = [
    "sister",
    "brother",
    "mother",
    "father",
    "friend",
    "neighbor",
    "colleague",
    "cousin",
    "aunt",
    "uncle",
]


def phrase_pools(part):
    """Opinion phrases by (polarity, domain) for 'train' (train and valid splits) or
    'test'.
    """
    index = 0 if part == "train" else 1
    pools = {}
    for polarity in ("positive", "negative"):
        for domain in op.ASPECTS:
            pools[polarity, domain] = op.held_for_test(op.predicates(polarity, domain))[
                index
            ]
        negated = op.NEGATED_POSITIVE if polarity == "positive" else op.NEGATED_NEGATIVE
        mixed = op.MIXED_POSITIVE if polarity == "positive" else op.MIXED_NEGATIVE
        pools[polarity, "negated"] = op.held_for_test(bars(negated))[index]
        pools[polarity, "mixed"] = op.held_for_test(bars(mixed))[index]
    return pools


def opinion_clause(rng, pools, polarity, domain, exclude=()):
    """'the soup was cold and bland' for a domain and polarity; aspects and predicates
    in `exclude` are avoided.

    Returns (aspect, predicate, clause).
    """
    choices = [a for a in op.aspects(domain) if a[0] not in exclude]
    while True:
        aspect, plural = pick(rng, choices)
        people = op.is_person(domain, aspect)
        fitting = [
            p
            for p in pools[polarity, domain]
            if (p[0] in "@&" if people else p[0] != "@") and p not in exclude
        ]
        if fitting:
            break
    predicate = pick(rng, fitting)
    return aspect, predicate, f"{aspect} {op.fill(predicate, plural, 'past')}"


def sentence(rng, frames, pools, polarity):
    """One labeled sentence of the given polarity built from a frame."""
    frame = pick(rng, frames)
    domain = pick(rng, list(op.ASPECTS))
    first, said, x = opinion_clause(rng, pools, polarity, domain)
    _, _, y = opinion_clause(rng, pools, polarity, domain, exclude=(first, said))
    n = pick(rng, pools[polarity, "negated"])
    m = pick(rng, pools[polarity, "mixed"])
    values = {"x": x, "y": y, "n": n, "m": m, "rel": pick(rng, RELATIVES)}
    capitals = {"X": capitalise(x), "N": capitalise(n), "M": capitalise(m)}
    return capitalise(frame.format(**capitals, **values))


def corpus_sentences(corpus_texts):
    """Normalised sentences of the corpus, to keep labeled sentences out of it."""
    return {normalise(s) for text in corpus_texts for s in sentences_of(text)}


def build_splits(seed, corpus_texts=()):
    """{'train': [(label, text)], 'valid': [...], 'test': [...]}, each balanced."""
    rng = random.Random(seed + 10)
    taken = corpus_sentences(corpus_texts)
    splits = {}
    for split in ("train", "valid", "test"):
        frames, pools = (
            (TEST_FRAMES, phrase_pools("test"))
            if split == "test"
            else (TRAIN_FRAMES, phrase_pools("train"))
        )
        rows = []
        for polarity in ("positive", "negative"):
            count, tries = 0, 0
            while count < SIZES[split] // 2:
                tries += 1
                if tries > 100 * SIZES[split]:
                    raise RuntimeError(
                        f"could not make {SIZES[split] // 2} distinct "
                        f"{polarity} sentences for {split}"
                    )
                text = sentence(rng, frames, pools, polarity)
                key = normalise(text)
                if key in taken:
                    continue
                taken.add(key)
                rows.append((polarity, text))
                count += 1
        rng.shuffle(rows)
        splits[split] = rows
    return splits


def files(seed, existing):
    """{relative path: text} for data/sentiment/."""
    corpus_texts = [
        existing[name]
        for name in ("corpus/train.txt", "corpus/valid.txt")
        if name in existing
    ]
    splits = build_splits(seed, corpus_texts)
    return {
        f"sentiment/{split}.tsv": "".join(f"{label}\t{text}\n" for label, text in rows)
        for split, rows in splits.items()
    }
