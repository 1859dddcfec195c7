"""Pages full of names: local news, notices, staff lists, club results, short lives.

Handles: people, places and organizations whose names are built from syllables
(`names.InventedNames`), so there are thousands of them and most occur only once or
twice, as on the web. A model that reads these pages cannot memorise a short list of
names; it has to learn where names stand in a sentence and what kind of thing each one
is. The foundation model pretrains on them (corpus/directory.txt).
Leaves out: every word of the entity TEST set's name lists (`lexicon.HELDOUT_*`): no
held-out first name, surname, town part or organization word ever appears, so the test
still measures names the model has never read.
"""

import random

from datagen import lexicon as lx
from datagen.grammar import Person
from datagen.names import InventedNames
from datagen.text import capitalise

DIRECTORY_BYTES = 1_000_000

TEMPLATES = [
    "{P} has been named the new head of {O}. {He} grew up in {L} and joined {O} {n} "
    "years ago.",
    "Staff at {O}: {P} (manager), {P2} (accounts) and {P3} (deliveries).",
    "{P} and {P2} were married in {L} on {day}. The party was held at {O}.",
    "{O} beat {O2} {score} on {day}. {P} scored twice for the visitors from {L}.",
    "{P} of {L} died on {day} at the age of {age}. {He} worked for {O} for most of "
    "{his} life.",
    "{O}, Market Street, {L}. Open {day} to Saturday. Ask for {P}.",
    "A letter from {P}, {L}: the buses from {L} to {L2} are always late, and {O} does "
    "nothing about it.",
    "{P} was born in {L} in {year}. {He} studied in {L2} and later worked for {O}.",
    "Meet our volunteers: {P} from {L}, {P2} from {L2} and {P3}, who keeps the books "
    "for {O}.",
    "The ferry from {L} to {L2} is run by {O}. Captain {P} has sailed it for {n} "
    "years.",
    "Congratulations to {P}, who won the baking prize at {O} in {L} this {month}.",
    "{O} is looking for a cook. Write to {P}, {O}, {L}.",
    "Our trip: we started in {L}, spent two nights in {L2} and ended in {L3}.",
    "{P} asks: has anyone in {L} found a gray cat? Call {P2} at {O}.",
    "Results from {L}: {O} {score} {O2}. {P} was the best player on the field.",
    "In {month}, {O} will move from {L} to a larger building in {L2}, said {P}.",
    "{P}, {P2} and {P3} have started a reading club at {O}.",
    "Thanks to {P} and everyone at {O} for the new playground in {L}.",
]


def page(names):
    """One page: a template filled with fresh names.

    Example: page(InventedNames(random.Random(0)))
    -> 'Our trip: we started in Gandbeldburn, spent two nights in Startnanstow Falls and
    ...'
    """
    rng = names.rng
    template = names.pick(TEMPLATES)
    (p, gender), p2, p3 = names.person(), names.person()[0], names.person()[0]
    hero = Person(p, gender)
    values = {
        "P": p,
        "P2": p2,
        "P3": p3,
        "L": names.place(),
        "L2": names.place(),
        "L3": names.place(),
        "O": names.organization(),
        "O2": names.organization(),
        "He": capitalise(hero.subject),
        "his": hero.possessive,
        "day": names.pick(lx.words(lx.DAY)),
        "month": names.pick(lx.words(lx.MONTH)),
        "n": names.pick(lx.words(lx.NUMBER_WORD)[2:13]),
        "age": rng.randrange(60, 99),
        "year": rng.randrange(1930, 2005),
        "score": f"{rng.randrange(0, 5)} to {rng.randrange(0, 5)}",
    }
    return template.format(**values)


def build_directory(seed, target_bytes=DIRECTORY_BYTES):
    """Pages of names, joined by blank lines, about `target_bytes` long. Same seed, same
    pages.

    Example: build_directory(0, 500)[0]
    -> 'Poszumina Pilberg asks: has anyone in North ...'
    """
    rng = random.Random(seed)
    names = InventedNames(rng)
    docs, size = [], 0
    while size < target_bytes:
        doc = " ".join(page(names) for _ in range(rng.randrange(1, 4)))
        docs.append(doc)
        size += len(doc.encode("utf-8")) + 2
    return docs
