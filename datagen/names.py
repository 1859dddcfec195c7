"""Names of people, places and organizations, put together at random from parts.

Handles: one recipe for each kind of name (`NameMaker`): a person is a first name and
often one or two surnames, a place a town name with sometimes a prefix or suffix ("New
Ashbrook", "Ashbrook Falls"), an organization a place, a word or a family with a kind
("Ashbrook Bakery", "Baker and Sons"). Two sets of parts fill the recipe:
- `ListNames`: parts picked from the hand-written lists in lexicon.py: the corpus's
  characters and towns, and the entity sets; `heldout=True` uses the separate lists that
  only the entity TEST split uses, so none of its names occurs anywhere else.
- `InventedNames`: parts built from syllables, so there are thousands of names and most
  occur once or twice (the directory pages); never a word of the held-out lists.
Leaves out: names from real data (every part is written in this package), and nicknames,
titles or middle names.
"""

import re
from typing import NamedTuple

from datagen import lexicon as lx
from datagen.draws import Draws
from datagen.text import bars, capitalise

PART = re.compile(r"\{(\w+)\}")  # a part of a shape: "{surname}"

ONSETS = "b br c ch d dr f fl g gr h j k l m n p pr r s st t tr v w z".split()
VOWELS = "a e i o u a e o ai ea".split()
CODAS = ["", "", "", "n", "l", "r", "s", "m", "nd", "rt", "ck", "ld"]
FEMALE_ENDINGS = "a ia ina ella ette ine issa".split()
MALE_ENDINGS = "o an el us ek or im".split()
SURNAME_ENDINGS = "son sen berg field man ley ton er ski ova ez ini".split()
PLACE_ENDINGS = (
    "ton field ford ham bury dale wick stead mouth bridge vale stow low burn".split()
)
PLACE_PREFIXES = bars("New|Old|Upper|Lower|Little|Great|North|South|East|West|Port")
PLACE_SUFFIXES = "Bay|Falls|Springs|Harbor|Valley|Bridge|Green|Park".split("|")
ORG_KINDS = bars("""Bank|Bakery|Library|Hospital|Football Club|Bus Company|Museum
|Theater|Orchestra|Hotel|Dairy|Garden Center|Bookshop|Sailing Club|Railway|Trust
|Society|Company|School|College|Press|Works|Institute|Partners|Gallery|Clinic|Studio
|Choir|Ferries|Farm|Market|Cinema|Bicycles|Motors|Builders|Council""")


class NameLists(NamedTuple):
    """The lexicon.py lists a ListNames picks from, as written there: words, or for
    town_prefixes, town_suffixes and org_kinds '|'-separated names."""

    female: str
    male: str
    surnames: str
    town_first: str
    town_second: str
    town_prefixes: str
    town_suffixes: str
    org_kinds: str
    org_words: str


# The corpus's and the entity train/valid sets' names; the entity TEST set's apart.
TRAIN_LISTS = NameLists(
    lx.FEMALE_NAMES,
    lx.MALE_NAMES,
    lx.SURNAMES,
    lx.TOWN_FIRST,
    lx.TOWN_SECOND,
    lx.TOWN_PREFIX,
    lx.TOWN_SUFFIX,
    lx.ORG_KIND,
    lx.ORG_PATTERN_WORDS,
)
HELDOUT_LISTS = NameLists(
    lx.HELDOUT_FEMALE_NAMES,
    lx.HELDOUT_MALE_NAMES,
    lx.HELDOUT_SURNAMES,
    lx.HELDOUT_TOWN_FIRST,
    lx.HELDOUT_TOWN_SECOND,
    lx.HELDOUT_TOWN_PREFIX,
    lx.HELDOUT_TOWN_SUFFIX,
    lx.HELDOUT_ORG_KIND,
    lx.HELDOUT_ORG_PATTERN_WORDS,
)


class NameMaker(Draws):
    """How names are put together; a subclass supplies the parts, one method per part.

    Each *_SHAPES table lists (upper bound, shape): one `rng.random()` chooses the first
    shape whose bound lies above it, then each {part} of the shape is drawn, left to
    right, by the method of that name ("{surname} & {surname}" draws two surnames).
    """

    PERSON_SHAPES = (
        (0.6, "{first} {surname}"),
        (0.8, "{first}"),
        (0.85, "{first} {surname}-{surname}"),
        (1.0, "{first} {surname} {surname}"),
    )
    PLACE_SHAPES = (
        (0.25, "{prefix} {stem}"),
        (0.45, "{stem} {suffix}"),
        (1.0, "{stem}"),
    )
    ORG_SHAPES = (
        (0.35, "{place} {kind}"),
        (0.7, "{org_word} {kind}"),
        (0.85, "{surname} and Sons"),
        (1.0, "{surname} & {surname}"),
    )

    def shaped(self, shapes, **drawn):
        """A shape chosen by one roll, its parts drawn left to right; `drawn` gives
        parts already drawn.

        Example: shaped(((0.3, "{stem} Bay"), (1.0, "{stem}")), stem="Ashby")
        -> 'Ashby Bay' (roll below 0.3) or 'Ashby'
        """
        roll = self.rng.random()
        shape = next(shape for bound, shape in shapes if roll < bound)

        def part(match):
            name = match[1]
            return drawn[name] if name in drawn else getattr(self, name)()

        return PART.sub(part, shape)

    def person(self):
        """(name, gender 'f' or 'm'). Example: ('Anna Lopez', 'f')"""
        gender = self.pick(["f", "m"])
        return self.shaped(self.PERSON_SHAPES, first=self.first_name(gender)), gender

    def place(self):
        """A town, sometimes with a prefix or a suffix. Example: 'New Ashbrook'"""
        return self.shaped(self.PLACE_SHAPES, stem=self.town())

    def organization(self):
        """Example: 'Ashbrook Bakery', 'Northwind Museum', 'Baker & Cook'"""
        return self.shaped(self.ORG_SHAPES)


class ListNames(NameMaker):
    """Names from lexicon.py's word lists; heldout=True: only the entity TEST lists.

    Example: ListNames(random.Random(0)).place() -> 'South Foxholm'
    """

    def __init__(self, rng, heldout=False):
        super().__init__(rng)
        lists = HELDOUT_LISTS if heldout else TRAIN_LISTS
        self.female, self.male = lx.words(lists.female), lx.words(lists.male)
        self.surnames = lx.words(lists.surnames)
        self.town_first = lx.words(lists.town_first)
        self.town_second = lx.words(lists.town_second)
        self.prefixes = lists.town_prefixes.split("|")
        self.suffixes = lists.town_suffixes.split("|")
        self.org_kinds = lists.org_kinds.split("|")
        self.org_words = lx.words(lists.org_words)

    def first_name(self, gender):
        return self.pick(self.female if gender == "f" else self.male)

    def surname(self):
        return self.pick(self.surnames)

    def town(self):
        return self.pick(self.town_first) + self.pick(self.town_second)

    def every_town(self):
        """Every town the two lists make, sorted.

        Example: ['Ashbrook', 'Ashbury', ...]
        """
        return sorted(a + b for a in self.town_first for b in self.town_second)

    def prefix(self):
        return self.pick(self.prefixes)

    def suffix(self):
        return self.pick(self.suffixes)

    def kind(self):
        return self.pick(self.org_kinds)

    def org_word(self):
        return self.pick(self.org_words)


class InventedNames(NameMaker):
    """Names built from syllables, never containing a word of the held-out lists.

    Example: InventedNames(random.Random(0)).person() -> ('Brundnelus Pilberg', 'm')
    """

    PERSON_SHAPES = (
        (0.7, "{first} {surname}"),
        (0.8, "{first} {short_surname}-{short_surname}"),
        (1.0, "{first}"),
    )
    PLACE_SHAPES = (
        (0.2, "{prefix} {stem}"),
        (0.35, "{stem} {suffix}"),
        (1.0, "{stem}"),
    )
    ORG_SHAPES = (
        (0.4, "{place} {kind}"),
        (0.7, "{org_word} {kind}"),
        (0.85, "{short_surname} and Sons"),
        (1.0, "{short_surname} & {short_surname}"),
    )

    def __init__(self, rng):
        super().__init__(rng)
        held = HELDOUT_LISTS
        word_lists = (held.female, held.male, held.surnames, held.org_words)
        bar_lists = (held.town_prefixes, held.town_suffixes, held.org_kinds)
        self.banned = {w.lower() for block in word_lists for w in lx.words(block)}
        self.banned |= {w.lower() for block in bar_lists for w in block.split("|")}
        town_parts = lx.words(held.town_first) + lx.words(held.town_second)
        self.banned_parts = [p.lower() for p in town_parts]

    def allowed(self, text):
        """False for a held-out word, or anything containing a held-out town part."""
        text = text.lower()
        return text not in self.banned and not any(p in text for p in self.banned_parts)

    def stem(self, syllables):
        """One to three syllables, capitalised: 'Brandel'."""
        while True:
            text = "".join(
                self.pick(ONSETS) + self.pick(VOWELS) + self.pick(CODAS)
                for _ in range(syllables)
            )
            if self.allowed(text):
                return capitalise(text)

    def word(self, syllables, endings):
        """A stem and an ending, with no two vowels where they meet: 'Brandella'."""
        while True:
            stem, ending = self.stem(syllables), self.pick(endings)
            if stem[-1] in "aeiou" and ending[0] in "aeiou":
                ends_in_consonant_vowel = len(stem) > 3 and stem[-2] not in "aeiou"
                stem = stem[:-1] if ends_in_consonant_vowel else stem + "l"
            text = stem + ending
            if self.allowed(text):
                return text

    def first_name(self, gender):
        endings = FEMALE_ENDINGS if gender == "f" else MALE_ENDINGS
        return self.word(self.pick([1, 2]), endings)

    def surname(self):
        return self.word(self.pick([1, 2]), SURNAME_ENDINGS)

    def short_surname(self):
        return self.word(1, SURNAME_ENDINGS)

    def town(self):
        return self.word(self.pick([1, 1, 2]), PLACE_ENDINGS)

    def prefix(self):
        return self.pick(PLACE_PREFIXES)

    def suffix(self):
        return self.pick(PLACE_SUFFIXES)

    def kind(self):
        return self.pick(ORG_KINDS)

    def org_word(self):
        return self.stem(2)
