"""Pages full of names: local news, notices, staff lists, club results and short biographies.

Handles: people, places and organizations whose names are built from syllables, so there are
thousands of them and most occur only once or twice, as on the web. A model that reads these
pages cannot memorise a short list of names; it has to learn where names stand in a sentence
and what kind of thing each one is. The foundation model pretrains on them (corpus/directory.txt).
Leaves out: every word of the entity TEST set's name lists (`lexicon.HELDOUT_*`): no held-out
first name, surname, town part or organization word ever appears, so the test still measures
names the model has never read.
"""
import random

from helpers.data import lexicon as lx
from helpers.data.grammar import capitalise

DIRECTORY_BYTES = 1_000_000

ONSETS = "b br c ch d dr f fl g gr h j k l m n p pr r s st t tr v w z".split()
VOWELS = "a e i o u a e o ai ea".split()
CODAS = ["", "", "", "n", "l", "r", "s", "m", "nd", "rt", "ck", "ld"]
FEMALE_ENDINGS = "a ia ina ella ette ine issa".split()
MALE_ENDINGS = "o an el us ek or im".split()
SURNAME_ENDINGS = "son sen berg field man ley ton er ski ova ez ini".split()
PLACE_ENDINGS = "ton field ford ham bury dale wick stead mouth bridge vale stow low burn".split()
PLACE_PREFIXES = "New|Old|Upper|Lower|Little|Great|North|South|East|West|Port".split("|")
PLACE_SUFFIXES = "Bay|Falls|Springs|Harbor|Valley|Bridge|Green|Park".split("|")
ORG_KINDS = """Bank|Bakery|Library|Hospital|Football Club|Bus Company|Museum|Theater|Orchestra|Hotel|Dairy
|Garden Center|Bookshop|Sailing Club|Railway|Trust|Society|Company|School|College|Press|Works|Institute
|Partners|Gallery|Clinic|Studio|Choir|Ferries|Farm|Market|Cinema|Bicycles|Motors|Builders|Council""".replace("\n", "").split("|")

TEMPLATES = [
    "{P} has been named the new head of {O}. {He} grew up in {L} and joined {O} {n} years ago.",
    "Staff at {O}: {P} (manager), {P2} (accounts) and {P3} (deliveries).",
    "{P} and {P2} were married in {L} on {day}. The party was held at {O}.",
    "{O} beat {O2} {score} on {day}. {P} scored twice for the visitors from {L}.",
    "{P} of {L} died on {day} at the age of {age}. {He} worked for {O} for most of {his} life.",
    "{O}, Market Street, {L}. Open {day} to Saturday. Ask for {P}.",
    "A letter from {P}, {L}: the buses from {L} to {L2} are always late, and {O} does nothing about it.",
    "{P} was born in {L} in {year}. {He} studied in {L2} and later worked for {O}.",
    "Meet our volunteers: {P} from {L}, {P2} from {L2} and {P3}, who keeps the books for {O}.",
    "The ferry from {L} to {L2} is run by {O}. Captain {P} has sailed it for {n} years.",
    "Congratulations to {P}, who won the baking prize at {O} in {L} this {month}.",
    "{O} is looking for a cook. Write to {P}, {O}, {L}.",
    "Our trip: we started in {L}, spent two nights in {L2} and ended in {L3}.",
    "{P} asks: has anyone in {L} found a gray cat? Call {P2} at {O}.",
    "Results from {L}: {O} {score} {O2}. {P} was the best player on the field.",
    "In {month}, {O} will move from {L} to a larger building in {L2}, said {P}.",
    "{P}, {P2} and {P3} have started a reading club at {O}.",
    "Thanks to {P} and everyone at {O} for the new playground in {L}.",
]


class NameMaker:
    """Invented names for people, places and organizations; never a word of the held-out test lists.

    Example: NameMaker(random.Random(0)).person()[0] -> 'Trelina Dorson' (a first name and often a surname)
    """

    def __init__(self, rng):
        self.rng = rng
        self.banned = {w.lower() for block in (lx.HELDOUT_FEMALE_NAMES, lx.HELDOUT_MALE_NAMES, lx.HELDOUT_SURNAMES,
                                                lx.HELDOUT_ORG_PATTERN_WORDS) for w in lx.words(block)}
        self.banned |= {w.lower() for block in (lx.HELDOUT_TOWN_PREFIX, lx.HELDOUT_TOWN_SUFFIX, lx.HELDOUT_ORG_KIND)
                        for w in block.split("|")}
        self.banned_parts = [p.lower() for p in lx.words(lx.HELDOUT_TOWN_FIRST) + lx.words(lx.HELDOUT_TOWN_SECOND)]

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def stem(self, syllables):
        """One to three syllables, capitalised: 'Brandel'."""
        while True:
            text = "".join(self.pick(ONSETS) + self.pick(VOWELS) + self.pick(CODAS) for _ in range(syllables))
            if text.lower() not in self.banned and not any(part in text.lower() for part in self.banned_parts):
                return capitalise(text)

    def word(self, syllables, endings):
        while True:
            stem, ending = self.stem(syllables), self.pick(endings)
            if stem[-1] in "aeiou" and ending[0] in "aeiou":
                stem = stem[:-1] if len(stem) > 3 and stem[-2] not in "aeiou" else stem + "l"
            text = stem + ending
            if text.lower() not in self.banned and not any(part in text.lower() for part in self.banned_parts):
                return text

    def person(self):
        """(name, gender): 'Delina Marksen' or 'Torvel'."""
        gender = self.pick(["f", "m"])
        first = self.word(self.pick([1, 2]), FEMALE_ENDINGS if gender == "f" else MALE_ENDINGS)
        roll = self.rng.random()
        if roll < 0.7:
            return f"{first} {self.word(self.pick([1, 2]), SURNAME_ENDINGS)}", gender
        if roll < 0.8:
            return f"{first} {self.word(1, SURNAME_ENDINGS)}-{self.word(1, SURNAME_ENDINGS)}", gender
        return first, gender

    def place(self):
        name = self.word(self.pick([1, 1, 2]), PLACE_ENDINGS)
        roll = self.rng.random()
        if roll < 0.2:
            return f"{self.pick(PLACE_PREFIXES)} {name}"
        if roll < 0.35:
            return f"{name} {self.pick(PLACE_SUFFIXES)}"
        return name

    def organization(self):
        roll = self.rng.random()
        if roll < 0.4:
            return f"{self.place()} {self.pick(ORG_KINDS)}"
        if roll < 0.7:
            return f"{self.stem(2)} {self.pick(ORG_KINDS)}"
        if roll < 0.85:
            return f"{self.word(1, SURNAME_ENDINGS)} and Sons"
        return f"{self.word(1, SURNAME_ENDINGS)} & {self.word(1, SURNAME_ENDINGS)}"


def page(names):
    """One page: a template filled with fresh names. Example: 'Staff at Brandel Trust: Mira Colson (manager), ...'"""
    rng = names.rng
    template = names.pick(TEMPLATES)
    (p, gender), p2, p3 = names.person(), names.person()[0], names.person()[0]
    values = {"P": p, "P2": p2, "P3": p3, "L": names.place(), "L2": names.place(), "L3": names.place(),
              "O": names.organization(), "O2": names.organization(),
              "He": "She" if gender == "f" else "He", "his": "her" if gender == "f" else "his",
              "day": names.pick(lx.words(lx.DAY)), "month": names.pick(lx.words(lx.MONTH)),
              "n": names.pick(lx.words(lx.NUMBER_WORD)[2:13]), "age": rng.randrange(60, 99),
              "year": rng.randrange(1930, 2005), "score": f"{rng.randrange(0, 5)} to {rng.randrange(0, 5)}"}
    return template.format(**values)


def build_directory(seed, target_bytes=DIRECTORY_BYTES):
    """Pages of names, joined by blank lines, about `target_bytes` long. Same seed, same pages.

    Example: build_directory(0, 500)[0] -> 'Staff at Brandel Trust: ...'
    """
    rng = random.Random(seed)
    names = NameMaker(rng)
    docs, size = [], 0
    while size < target_bytes:
        doc = " ".join(page(names) for _ in range(rng.randrange(1, 4)))
        docs.append(doc)
        size += len(doc.encode("utf-8")) + 2
    return docs
