"""Entity tagging: a tag for every word (PERSON, PLACE, ORGANIZATION, in BIO) from a few
labeled sentences.

Handles: aligning word tags to BPE tokens (`word_token_positions`, `encode_entities`),
three ways for a left-to-right model to read a sentence before tagging it (READINGS:
once, twice, or once with each word's next token), tuning a token classifier by the
methods of `helpers.tuning` (`tune_entities`: full, probe, scratch), reading tags back
(`predict_tags`), span-level scores (`spans_from_tags`,
`entity_f1`, `entity_scores`), the BIO tags of labeled spans (`bio_tags`, which datagen
also uses), and a baseline that needs no training (`capitalisation_tags`).
Leaves out: bag of words (a word's tag needs its neighbours; counts have none), nested
or overlapping entities, and constrained decoding (an I- tag may follow O; F1 reads it
leniently).
"""

import torch

from helpers.data import words_and_offsets
from helpers.gpt import GPTForTokenClassification
from helpers.padding import MAX_TOKENS, pad_rows, trim
from helpers.tuning import (
    body_and_head_groups,
    body_to_tune,
    fit,
    recipe_for,
    train_head,
    tuning_steps,
)

ENTITY_TAGS = (
    "O",
    "B-PERSON",
    "I-PERSON",
    "B-PLACE",
    "I-PLACE",
    "B-ORGANIZATION",
    "I-ORGANIZATION",
)
ENTITY_LABELS = ("PERSON", "PLACE", "ORGANIZATION")
ENTITY_METHODS = ("full", "probe", "scratch")
RECIPE_OF = {"full": "entities", "probe": "probe", "scratch": "scratch"}  # in RECIPES
# How the tagger reads a sentence; each word is tagged at its last token.
READINGS = {
    "once": "the sentence once: a word's tag sees only the words before it",
    "twice": "the sentence twice, tagging the second copy, which can look at all of the first",
    "next": "the sentence once, the head reading each word's last token and the token after it",
}
DEFAULT_READING = "next"  # the best of the three on validation (lesson 07)
END = "\n"  # after the sentence, so that its last word has a next token too


def word_token_positions(tok, text, words):
    """(ids, index of each word's last token) for a text and its words, in order.

    A word may be cut into several tokens (" Wrengarth" -> " W", "ren", "garth"); we tag
    the token holding its LAST character, because a left-to-right model has seen the
    whole word only there. We go by characters, since BPE glues the space before a word
    to it (" Ross").
    Example (the shipped tokenizer cuts "Paula" and " Ross" in two):
        word_token_positions(tok, "Paula Ross left.", ["Paula", "Ross", "left", "."])
        -> ([3416, 97, 366, 892, 2633, 46], [1, 3, 4, 5])
    """
    ids = tok.encode(text)
    ends, pos = [], 0
    for piece in tok.token_strings(ids):  # character end of every token
        pos += len(piece)
        ends.append(pos)
    last, start = [], 0
    for w in words:
        at = text.find(w, start)
        if at < 0:
            raise ValueError(
                f"word {w!r} is not in the text {text!r} after character {start}"
            )
        start = at + len(w)
        last.append(next(i for i, end in enumerate(ends) if end >= start))
    return ids, last


def encode_entities(tok, examples, reading=DEFAULT_READING, tags=ENTITY_TAGS):
    """Entity examples -> (ids (B, T), labels (B, T)): labels are -100 except at each
    word's last token, where they hold the index of its tag in `tags` (BIO tags of any
    kinds: lesson 13 tags an assistant's slots).

    reading="twice" feeds the sentence twice ("text\\ntext") and tags the second copy: a
    causal model then sees the whole sentence, words to the right included, before
    tagging a word (the trick of Springer et al. 2024, "Repetition improves language
    model embeddings"). reading="next" adds an END token, so that every word has a token
    after it for the head to read. Rows keep their last 2 * MAX_TOKENS tokens.
    Example: ids, labels = encode_entities(tok, [e]); labels[labels != -100]
             -> the index in ENTITY_TAGS of each of e's tags, in order
    """
    if reading not in READINGS:
        raise ValueError(
            f"reading must be one of {', '.join(READINGS)}; got {reading!r}"
        )
    tag_index = {t: i for i, t in enumerate(tags)}
    unknown = sorted({t for e in examples for t in e["tags"]} - set(tag_index))
    if unknown:
        raise ValueError(f"tag {unknown[0]!r} is not one of {', '.join(tags)}")
    id_rows, label_rows = [], []
    for e in examples:
        ids, last = word_token_positions(tok, e["text"], e["words"])
        labels = [-100] * len(ids)
        for pos, tag in zip(last, e["tags"]):
            labels[pos] = tag_index[tag]
        if reading == "twice":
            prefix = tok.encode(e["text"] + "\n")
            ids, labels = prefix + ids, [-100] * len(prefix) + labels
        if reading == "next":
            end = tok.encode(END)
            ids, labels = ids + end, labels + [-100] * len(end)
        id_rows.append(ids[-2 * MAX_TOKENS :])
        label_rows.append(labels[-2 * MAX_TOKENS :])
    return pad_rows(id_rows), pad_rows(label_rows, fill=-100)  # (B, T), (B, T)


def tune_entities(
    train_examples,
    method,
    body,
    tok,
    seed=0,
    reading=DEFAULT_READING,
    recipe=None,
    tags=ENTITY_TAGS,
):
    """A token classifier from tagged sentences; `tags` are its BIO tags (by default
    PERSON, PLACE and ORGANIZATION; lesson 13 passes an assistant's slots).

    method: 'full', 'probe' or 'scratch' (see helpers.tuning); reading: one of READINGS.
    `recipe` changes settings of tuning.RECIPES[RECIPE_OF[method]] ("entities", "probe"
    or "scratch"). Returns the tuned GPTForTokenClassification; `predict_tags` reads tags
    from it, the same way.
    Example: tagger = tune_entities(draw_k(train, 64, seed=0), "full", body, tok)
    """
    if method not in ENTITY_METHODS:
        raise ValueError(
            f"method must be 'full', 'probe' or 'scratch' for entities; got {method!r}"
        )
    if not train_examples:
        raise ValueError("train_examples is empty; pass at least one labeled sentence")
    recipe = recipe_for(RECIPE_OF[method], recipe)
    ids, labels = encode_entities(tok, train_examples, reading, tags)  # (n, T), (n, T)
    n = ids.size(0)
    torch.manual_seed(seed)
    next_token = reading == "next"
    if method == "probe":
        model = GPTForTokenClassification(body, len(tags), next_token)
        with torch.no_grad():  # the frozen body's vectors, 64 rows at a time
            chunks = [model.features(ids[i : i + 64]) for i in range(0, n, 64)]
        h, keep = torch.cat(chunks), labels != -100  # (n, T, F), (n, T)
        train_head(model.head, h[keep], labels[keep], recipe)  # (words, F), (words,)
    else:
        tuned = body_to_tune(method, body, recipe["dropout"])
        model = GPTForTokenClassification(tuned, len(tags), next_token)

        def batch_loss(idx):
            return model(*trim(ids[idx], labels[idx]))[1]

        fit(
            model,
            batch_loss,
            n,
            tuning_steps(n, recipe),
            recipe["batch_size"],
            body_and_head_groups(model, recipe),
            seed=seed,
        )
    model.reading, model.tags = reading, tuple(tags)
    return model.eval()


@torch.no_grad()
def predict_tags(model, tok, examples, batch_size=64):
    """The tag of every word of every example, as lists of tag names.

    Example: predict_tags(tagger, tok, [example]) -> [['B-PERSON', 'I-PERSON', ...]]
    """
    model.eval()
    reading = getattr(model, "reading", "next" if model.next_token else "once")
    tags = getattr(model, "tags", ENTITY_TAGS)
    result = []
    for i in range(0, len(examples), batch_size):
        chunk = examples[i : i + batch_size]
        ids, labels = encode_entities(tok, chunk, reading, tags)  # (b, T), (b, T)
        best = model(ids)[0].argmax(-1)  # (b, T)
        for row in range(len(chunk)):
            keep = labels[row] != -100
            result.append([tags[j] for j in best[row][keep].tolist()])
    return result


def spans_from_tags(tags):
    """BIO tags -> the set of (start, end, label) entity spans over word positions.

    An I- tag without a matching B- before it starts a span (the usual lenient reading).
    Example: spans_from_tags(["B-PERSON", "I-PERSON", "O", "B-PLACE"])
             -> {(0, 2, 'PERSON'), (3, 4, 'PLACE')}
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


def entity_counts(gold_tags, predicted_tags):
    """{label: [true positives, false positives, false negatives]} over whole spans.

    A span counts as found only if its first word, last word and type all match.
    Example: entity_counts([["B-PERSON", "O", "B-PLACE"]], [["B-PERSON", "O", "B-PERSON"]])
             -> {'PERSON': [1, 1, 0], 'PLACE': [0, 0, 1]}
    """
    if len(gold_tags) != len(predicted_tags):
        raise ValueError(
            f"need a prediction for every sentence: {len(gold_tags)} "
            f"gold, {len(predicted_tags)} predicted"
        )
    counts = {}
    for g, p in zip(gold_tags, predicted_tags):
        gs, ps = spans_from_tags(g), spans_from_tags(p)
        for spans, slot in ((gs & ps, 0), (ps - gs, 1), (gs - ps, 2)):
            for _, _, label in spans:
                counts.setdefault(label, [0, 0, 0])[slot] += 1
    return dict(sorted(counts.items()))


def precision_recall_f1(tp, fp, fn):
    """(precision, recall, F1) from counts; 0.0 where nothing was predicted or expected.

    Example: precision_recall_f1(1, 1, 0) -> (0.5, 1.0, 0.6666666666666666)
    """
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def entity_scores(gold_tags, predicted_tags, labels=ENTITY_LABELS):
    """Span-level micro precision, recall and F1, and the same per label (with support,
    the number of gold spans).

    Example: entity_scores([["B-PERSON", "O"]], [["B-PERSON", "B-PLACE"]])
    -> {'precision': 0.5, 'recall': 1.0, 'f1': 0.666..., 'per_label': {'PERSON':
        {'support': 1, 'precision': 1.0, 'recall': 1.0, 'f1': 1.0}, 'PLACE': {'support':
        0, ...}, 'ORGANIZATION': {...}}}
    """
    counts = entity_counts(gold_tags, predicted_tags)
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    result = dict(zip(("precision", "recall", "f1"), precision_recall_f1(*total)))
    result["per_label"] = {}
    for label in list(labels) + sorted(set(counts) - set(labels)):
        tp, fp, fn = counts.get(label, [0, 0, 0])
        scores = precision_recall_f1(tp, fp, fn)
        result["per_label"][label] = {"support": tp + fn} | dict(
            zip(("precision", "recall", "f1"), scores)
        )
    return result


def entity_f1(gold_tags, predicted_tags):
    """Span-level micro F1: an entity counts only if its words and its type are right.

    Example: entity_f1([["B-PERSON", "I-PERSON", "O"]], [["B-PERSON", "O", "O"]]) -> 0.0
    """
    return entity_scores(gold_tags, predicted_tags)["f1"]


def bio_tags(text, spans):
    """BIO tag for every word (words as `helpers.data.words_and_offsets` splits them).

    A word inside a span gets B- (the span's first word) or I- and the span's label;
    every other word gets O. Spans are dicts with character offsets 'start', 'end' and
    a 'label'.
    Example: bio_tags('Ann ran.', [{'start': 0, 'end': 3, 'label': 'PERSON'}])
    -> ['B-PERSON', 'O', 'O']
    """
    tags = []
    for _, start, end in words_and_offsets(text):
        tag = "O"
        for span in spans:
            if span["start"] <= start and end <= span["end"]:
                tag = ("B-" if start == span["start"] else "I-") + span["label"]
        tags.append(tag)
    return tags


# The capitalisation baseline's two word lists. Written from general knowledge of English
# names, NOT fitted to the project's data: common last words of organization names, and
# prepositions that usually come before a place.
ORGANIZATION_WORDS = frozenset(
    """Ltd Inc Co Corp Company Bank Club School College University Academy Council
    Press Theatre Theater Museum Library Hospital Clinic Bakery Mills Hotel Orchestra
    Trust Society Foundation Group""".split()
)
PLACE_CUES = frozenset("in at to from near".split())


def _capitalised(word):
    """True for a word of letters (inner ' or - allowed) whose first letter is a capital."""
    return word[:1].isupper() and word.replace("'", "").replace("-", "").isalpha()


def capitalisation_tags(words):
    """BIO tags by a rule with no training: capitalised words are names.

    A maximal run of capitalised words (first letter a capital, a word of letters) is a
    name, except that the sentence's first word never counts (every sentence starts with
    a capital). The name is an ORGANIZATION if its last word is in ORGANIZATION_WORDS,
    else a PLACE if the word before it is in PLACE_CUES (in, at, to, from, near), else a
    PERSON. Known misses: a name that opens the sentence loses its first word ("Maria
    Lopez left." tags only "Lopez"), days and months read as people, and "Dr. Okafor"
    starts a new run after the full stop.
    Example: capitalisation_tags("Yesterday Maria Lopez flew to Lisbon .".split())
    -> ['O', 'B-PERSON', 'I-PERSON', 'O', 'O', 'B-PLACE', 'O']
    """
    tags = ["O"] * len(words)
    i = 1  # the sentence's first word is never a name
    while i < len(words):
        if not _capitalised(words[i]):
            i += 1
            continue
        end = i
        while end < len(words) and _capitalised(words[end]):
            end += 1
        if words[end - 1] in ORGANIZATION_WORDS:
            label = "ORGANIZATION"
        elif words[i - 1].lower() in PLACE_CUES:
            label = "PLACE"
        else:
            label = "PERSON"
        tags[i:end] = ["B-" + label] + ["I-" + label] * (end - i - 1)
        i = end
    return tags
