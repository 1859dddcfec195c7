"""Sentences labeled with named entities: PERSON, PLACE and ORGANIZATION spans and BIO tags.

Handles: train, valid and test splits as JSON lines {"text", "spans", "words", "tags"};
multi-word names ("Maria Lopez", "New Ashbrook", "Northwind Bakery"); distractors that are
capitalised but not entities (days, months, sentence starts); and a TEST split whose names
are built from separate name lists, so none of its entity names occurs in the train pool
(or in the pretraining corpus).
Tokenisation (`words_and_offsets`): a word is a run of letters or digits, with inner
apostrophes or hyphens kept ("O'Neil", "well-known"); every other non-space character
is a word of its own ("," "." "&"). Spans always start and end on word boundaries.
Leaves out: nested entities, and entity types beyond these three.
"""
import json
import random
import re

from helpers.data import lexicon as lx

SIZES = {"train": 700, "valid": 150, "test": 350}
LABELS = ("PERSON", "PLACE", "ORGANIZATION")
TOKEN = re.compile(r"\w+(?:['\-]\w+)*|[^\w\s]")

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


def words_and_offsets(text):
    """Words of a text and where each starts and ends.

    Example: words_and_offsets('Hi, Ann!') -> [('Hi', 0, 2), (',', 2, 3), ('Ann', 4, 7), ('!', 7, 8)]
    """
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def bio_tags(text, spans):
    """BIO tag for every word. Example: bio_tags('Ann ran.', [{'start': 0, 'end': 3, 'label': 'PERSON'}]) -> ['B-PERSON', 'O', 'O']"""
    tags = []
    for _, start, end in words_and_offsets(text):
        tag = "O"
        for span in spans:
            if span["start"] <= start and end <= span["end"]:
                tag = ("B-" if start == span["start"] else "I-") + span["label"]
        tags.append(tag)
    return tags


class NamePool:
    """People, places and organizations built from one set of word lists (train or test)."""

    def __init__(self, rng, heldout):
        self.rng = rng
        if heldout:
            self.female, self.male = lx.words(lx.HELDOUT_FEMALE_NAMES), lx.words(lx.HELDOUT_MALE_NAMES)
            self.surnames = lx.words(lx.HELDOUT_SURNAMES)
            first, second = lx.words(lx.HELDOUT_TOWN_FIRST), lx.words(lx.HELDOUT_TOWN_SECOND)
            self.prefixes, self.suffixes = lx.HELDOUT_TOWN_PREFIX.split("|"), lx.HELDOUT_TOWN_SUFFIX.split("|")
            self.org_kinds, self.org_words = lx.HELDOUT_ORG_KIND.split("|"), lx.words(lx.HELDOUT_ORG_PATTERN_WORDS)
        else:
            self.female, self.male = lx.words(lx.FEMALE_NAMES), lx.words(lx.MALE_NAMES)
            self.surnames = lx.words(lx.SURNAMES)
            first, second = lx.words(lx.TOWN_FIRST), lx.words(lx.TOWN_SECOND)
            self.prefixes, self.suffixes = lx.TOWN_PREFIX.split("|"), lx.TOWN_SUFFIX.split("|")
            self.org_kinds, self.org_words = lx.ORG_KIND.split("|"), lx.words(lx.ORG_PATTERN_WORDS)
        self.town_parts = (first, second)

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def person(self):
        gender = self.pick(["f", "m"])
        first = self.pick(self.female if gender == "f" else self.male)
        roll = self.rng.random()
        if roll < 0.6:
            return f"{first} {self.pick(self.surnames)}", gender
        if roll < 0.8:
            return first, gender
        return f"{first} {self.pick(self.surnames)}-{self.pick(self.surnames)}" if roll < 0.85 else f"{first} {self.pick(self.surnames)} {self.pick(self.surnames)}", gender

    def place(self):
        name = self.pick(self.town_parts[0]) + self.pick(self.town_parts[1])
        roll = self.rng.random()
        if roll < 0.25:
            return f"{self.pick(self.prefixes)} {name}"
        if roll < 0.45:
            return f"{name} {self.pick(self.suffixes)}"
        return name

    def organization(self):
        roll = self.rng.random()
        if roll < 0.35:
            return f"{self.place()} {self.pick(self.org_kinds)}"
        if roll < 0.7:
            return f"{self.pick(self.org_words)} {self.pick(self.org_kinds)}"
        if roll < 0.85:
            return f"{self.pick(self.surnames)} and Sons"
        return f"{self.pick(self.surnames)} & {self.pick(self.surnames)}"


def make_example(rng, pool, frame):
    """Fill a frame with names; return {'text', 'spans', 'words', 'tags'}."""
    values, labels = {}, {}
    gender = "f"
    for key, label, make in (("P", "PERSON", pool.person), ("P2", "PERSON", pool.person), ("L", "PLACE", pool.place),
                             ("L2", "PLACE", pool.place), ("O", "ORGANIZATION", pool.organization), ("O2", "ORGANIZATION", pool.organization)):
        value = make()
        if label == "PERSON":
            value, g = value
            if key == "P":
                gender = g
        values[key], labels[key] = value, label
    if values["L2"] == values["L"]:
        values["L2"] = values["L"] + " Falls" if "Falls" not in values["L"] else "Upper " + values["L"]
    while values["P2"].split(" ")[0] == values["P"].split(" ")[0]:
        values["P2"] = pool.person()[0]
    extra = {"day": pool.pick(lx.words(lx.DAY)), "month": pool.pick(lx.words(lx.MONTH)), "year": str(rng.randrange(1850, 2000)),
             "he": "she" if gender == "f" else "he", "him": "her" if gender == "f" else "him", "his": "her" if gender == "f" else "his"}
    text, spans, position = "", [], 0
    for piece in re.split(r"(\{\w+\})", frame):
        key = piece[1:-1] if piece.startswith("{") else None
        if key in values:
            spans.append({"start": len(text), "end": len(text) + len(values[key]), "label": labels[key]})
            text += values[key]
        elif key:
            text += extra[key]
        else:
            text += piece
    return {"text": text, "spans": spans, "words": [w for w, _, _ in words_and_offsets(text)], "tags": bio_tags(text, spans)}


def build_splits(seed):
    """{'train': [...], 'valid': [...], 'test': [...]}; test uses the held-out name lists."""
    rng = random.Random(seed + 20)
    seen = set()
    splits = {}
    for split in ("train", "valid", "test"):
        pool = NamePool(rng, heldout=split == "test")
        rows = []
        while len(rows) < SIZES[split]:
            example = make_example(rng, pool, FRAMES[rng.randrange(len(FRAMES))])
            if example["text"] in seen:
                continue
            seen.add(example["text"])
            rows.append(example)
        splits[split] = rows
    return splits


def files(seed, existing):
    """{relative path: text} for data/entities/."""
    return {f"entities/{split}.jsonl": "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
            for split, rows in build_splits(seed).items()}
