"""Sentences labeled with named entities: PERSON, PLACE and ORGANIZATION spans and BIO
tags.

Handles: train, valid and test splits as JSON lines {"text", "spans", "words", "tags"};
multi-word names ("Maria Lopez", "New Ashbrook", "Northwind Bakery"); distractors that
are capitalised but not entities (days, months, sentence starts); a TEST split whose
names are built from separate name lists, so none of its entity names occurs in the
train pool (or in the pretraining corpus): an out-of-distribution stress test; and an
UNSEEN split whose names are built from syllables like the directory pages' names (the
kind the foundation model read thousands of), each of their words new: in no pretraining
text and no train or valid sentence. Words are split by
`helpers.data.words_and_offsets`, as lesson 07's tagger splits them, and tagged by
`helpers.entity_tagging.bio_tags` (the rule `python -m helpers.evaluate entities` uses);
spans always start and end on word boundaries.
Leaves out: nested entities, and entity types beyond these three.
"""

import json
import random
import re

from datagen import lexicon as lx
from datagen.draws import pick
from datagen.grammar import Person
from datagen.names import (
    ORG_KINDS,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    InventedNames,
    ListNames,
)
from helpers.data import words_and_offsets
from helpers.entity_tagging import bio_tags  # span -> BIO rule, shared with helpers

SIZES = {"train": 700, "valid": 150, "test": 350, "unseen": 350}
LABELS = ("PERSON", "PLACE", "ORGANIZATION")

# Frames: {P}, {P2} people, {L}, {L2} places, {O}, {O2} organizations.
FRAMES = [
    "{P} moved to {L} to work for {O}.",
    "{P} and {P2} met at a cafe in {L} on {day}.",
    "{O} opened a new branch in {L} last {month}.",
    "According to {P}, {O} will hire twenty people next year.",
    "The train from {L} to {L2} was late again on {day}.",
    "{P} has worked at {O} for almost ten years.",
    "Last summer {P} visited {L} with {his} cousin {P2}.",
    "{O} sponsors the spring fair in {L}.",
    "In {month}, {P} gave a talk about old maps at {O}.",
    "{P} grew up in {L} but now lives in {L2}.",
    "The mayor of {L}, {P}, thanked {O} for the new benches.",
    "{O} and {O2} agreed to share a building in {L}.",
    "My neighbor {P} bought a bicycle from {O}.",
    "{P} wrote a letter to {O} about the noise.",
    "Yesterday {P} drove from {L} to {L2} in three hours.",
    "The best bread in {L} comes from {O}.",
    "When {P} retired, {O} gave {him} a silver watch.",
    "{P} says that {L} is lovely in {month}.",
    "Tickets for the concert by {O} are sold in {L}.",
    "On {day}, {P} and {P2} walked from {L} to the coast.",
    "A reporter asked {P} why {O} had closed its office in {L}.",
    "{P} is the new coach of {O}.",
    "Every {day}, {P} takes the bus to {L}.",
    "The old bridge near {L} was repaired by {O}.",
    "{P} thanked {P2} for the flowers.",
    "Did {P} really leave {O} to open a bakery in {L}?",
    "Nobody in {L} had heard of {O} before {month}.",
    "{P}, who works for {O}, lives just outside {L}.",
    "We stayed with {P} in {L} for a week.",
    "The letter from {O} arrived on {day} morning.",
    "Her cousin, {P}, plays the violin with {O}.",
    "{L} and {L2} are only a few miles apart.",
    "Thank you, {P}, for the lovely dinner.",
    "{O} has raised its prices in {L} again.",
    "In {month} the roads around {L} are often closed by snow.",
    "{P} asked {P2} to look after the dog while {he} was in {L}.",
    "Last {day} {O} announced that {P} would lead the team.",
    "The museum in {L} was founded by {P} in {year}.",
    "Few people know that {P} once worked for {O}.",
    "The weather in {L} was sunny all week.",
    "Monday was quiet, and nobody called.",
    "The soup was cold, so we went home early.",
]


def make_example(rng, names, frame):
    """Fill a frame with names; return {'text', 'spans', 'words', 'tags'}.

    Example: rng = random.Random(0); make_example(rng, ListNames(rng), "{P} moved to
    {L}.")
    -> {'text': 'Ray Wilson Ward moved to Marshwell.', 'spans': [...], ...}
    """
    (p, gender), (p2, _) = names.person(), names.person()
    values = {
        "P": p,
        "P2": p2,
        "L": names.place(),
        "L2": names.place(),
        "O": names.organization(),
        "O2": names.organization(),
    }
    labels = {
        "P": "PERSON",
        "P2": "PERSON",
        "L": "PLACE",
        "L2": "PLACE",
        "O": "ORGANIZATION",
        "O2": "ORGANIZATION",
    }
    if values["L2"] == values["L"]:
        other = (
            "Upper " + values["L"] if "Falls" in values["L"] else values["L"] + " Falls"
        )
        values["L2"] = other
    while values["P2"].split(" ")[0] == values["P"].split(" ")[0]:
        values["P2"] = names.person()[0]
    hero = Person(values["P"], gender)
    extra = {
        "day": names.pick(lx.words(lx.DAY)),
        "month": names.pick(lx.words(lx.MONTH)),
        "year": str(rng.randrange(1850, 2000)),
        "he": hero.subject,
        "him": hero.object,
        "his": hero.possessive,
    }
    text, spans = "", []
    for piece in re.split(r"(\{\w+\})", frame):
        key = piece[1:-1] if piece.startswith("{") else None
        if key in values:
            spans.append(
                {
                    "start": len(text),
                    "end": len(text) + len(values[key]),
                    "label": labels[key],
                }
            )
            text += values[key]
        elif key:
            text += extra[key]
        else:
            text += piece
    words = [w for w, _, _ in words_and_offsets(text)]
    return {"text": text, "spans": spans, "words": words, "tags": bio_tags(text, spans)}


def build_splits(seed):
    """{'train': [...], 'valid': [...], 'test': [...]}; test uses the held-out name
    lists.
    """
    rng = random.Random(seed + 20)
    seen = set()
    splits = {}
    for split in ("train", "valid", "test"):  # UNSEEN: unseen_split
        names = ListNames(rng, heldout=split == "test")
        rows = []
        while len(rows) < SIZES[split]:
            example = make_example(rng, names, pick(rng, FRAMES))
            if example["text"] in seen:
                continue
            seen.add(example["text"])
            rows.append(example)
        splits[split] = rows
    return splits


# Words a name shares with names of every kind ("New", "Bay", "Bakery", "and Sons").
SHARED_NAME_WORDS = frozenset(
    w.lower()
    for phrase in [*PLACE_PREFIXES, *PLACE_SUFFIXES, *ORG_KINDS, "and Sons"]
    for w in phrase.split()
)


class UnseenNames:
    """Syllable-built names (names.InventedNames) whose own words are all absent from
    `taken`, a set of lowercase words: names of a familiar kind, never read.

    Example: UnseenNames(random.Random(0), {"brundnelus"}).person()
    -> a (name, gender) pair whose first name is not 'Brundnelus'
    """

    def __init__(self, rng, taken):
        self.invented, self.taken, self.rng = InventedNames(rng), taken, rng

    def fresh(self, draw):
        """Draw again until the name's own words are all new."""
        while True:
            drawn = draw()
            name = drawn[0] if isinstance(drawn, tuple) else drawn
            own = set(re.findall(r"[a-z]+", name.lower())) - SHARED_NAME_WORDS
            if not own & self.taken:
                return drawn

    def person(self):
        return self.fresh(self.invented.person)

    def place(self):
        return self.fresh(self.invented.place)

    def organization(self):
        return self.fresh(self.invented.organization)

    def pick(self, items):
        return self.invented.pick(items)


def unseen_split(seed, taken_text):
    """The UNSEEN split: the frames filled with names none of whose own words occurs in
    `taken_text` (the pretraining text and the train and valid sentences)."""
    rng = random.Random(seed + 21)
    names = UnseenNames(rng, set(re.findall(r"[a-z]+", taken_text.lower())))
    rows, seen = [], set()
    while len(rows) < SIZES["unseen"]:
        example = make_example(rng, names, pick(rng, FRAMES))
        if example["text"] not in seen:
            seen.add(example["text"])
            rows.append(example)
    return rows


def files(seed, existing):
    """{relative path: text} for data/entities/; `existing` holds the corpus files."""
    splits = build_splits(seed)
    taken = [existing[name] for name in sorted(existing) if name.startswith("corpus/")]
    taken += [e["text"] for split in ("train", "valid") for e in splits[split]]
    splits["unseen"] = unseen_split(seed, "\n".join(taken))
    return {
        f"entities/{split}.jsonl": "".join(
            json.dumps(row, ensure_ascii=False) + "\n" for row in rows
        )
        for split, rows in splits.items()
    }
