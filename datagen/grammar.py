"""A small recursive English grammar: noun and verb phrases, clauses with agreement.

Handles: a/an, singular and plural nouns, subject-verb agreement in six tenses, pronouns
that stay coherent with a story's characters, objects that suit their verb (you eat
food, read letters, visit places), relative clauses that nest ("the bread that the baker
who...").
Leaves out: questions with inversion beyond a few fixed shapes, passive voice, and
anything a reader would need world knowledge to check. Every choice comes from the
`random.Random` passed in, so the same seed gives the same text.
"""

from dataclasses import dataclass

from datagen import lexicon as lx
from datagen.draws import Draws
from datagen.names import ListNames
from datagen.text import bars, capitalise, join


@dataclass
class Person:
    """Someone a sentence can be about.

    Example: Person('Anna', 'f') reads as 'Anna' or 'she'.
    """

    name: str
    gender: str = "n"  # "f", "m" or "n" (they); decides the pronouns
    plural: bool = False  # "my parents" agrees like "they"
    grammatical_person: int = 3  # 1 for "I"/"we", 2 for "you"
    animal: bool = False  # animals get animal verbs and adjectives

    @property
    def subject(self):
        if self.grammatical_person == 1:
            return "we" if self.plural else "I"
        if self.grammatical_person == 2:
            return "you"
        if self.plural or self.gender == "n":
            return "they"
        return {"f": "she", "m": "he"}.get(self.gender, "it")

    @property
    def object(self):
        return {
            "I": "me",
            "we": "us",
            "you": "you",
            "they": "them",
            "she": "her",
            "he": "him",
            "it": "it",
        }[self.subject]

    @property
    def possessive(self):
        return {
            "I": "my",
            "we": "our",
            "you": "your",
            "they": "their",
            "she": "her",
            "he": "his",
            "it": "its",
        }[self.subject]


ME = Person("I", grammatical_person=1)
WE = Person("we", plural=True, grammatical_person=1)
YOU = Person("you", grammatical_person=2)

TIME_PAST = """yesterday|last week|last night|on Monday|on Tuesday|on Wednesday
|on Thursday|on Friday|on Saturday|on Sunday|this morning|two days ago|last summer
|last winter|in the afternoon|after lunch|before dinner|at seven o'clock|at noon
|early in the morning|late in the evening|a few days ago|the other day|last month
|on the first day of spring|during the holidays|after school|after work"""
TIME_PRESENT = """every morning|every evening|on Sundays|on Saturdays|after work
|before breakfast|in the summer|in the winter|at the weekend|once a week|twice a month
|after school|most days|every day|in the evening|before bed|on weekdays|on rainy days
|when the weather is nice"""
TIME_FUTURE = """tomorrow|next week|on Friday|later today|next summer|tomorrow morning
|this weekend|in a few days|next month|after lunch|on Sunday|tonight|soon"""

OPENINGS_PAST = """Luckily|In the end|After a while|Later that day|Meanwhile|At first
|Suddenly|The next morning|A little later|To everyone's surprise|Without a word
|As usual|For once|Half an hour later|That evening|Before long|Once again
|In the meantime|Sadly|Strangely enough"""
OPENINGS_PRESENT = """Usually|Most mornings|In summer|In winter|On weekdays
|Every now and then|As a rule|At the weekend|In the evenings|Sometimes|Often|Nowadays
|These days|On warm days"""

SUBORDINATORS_PAST = "when|after|before|while|when|after|as soon as|because|although|so"
SUBORDINATORS_PRESENT = "when|after|before|while|if|whenever|when|because|although|so"

CONTAINERS = {
    "soup": "bowl",
    "tea": "cup",
    "coffee": "cup",
    "milk": "glass",
    "juice": "glass",
    "lemonade": "glass",
    "water": "glass",
    "cocoa": "mug",
    "bread": "loaf",
    "cheese": "piece",
    "honey": "jar",
    "jam": "jar",
    "rice": "bowl",
    "porridge": "bowl",
    "pasta": "plate",
    "salad": "bowl",
    "cake": "slice",
    "chocolate": "bar",
    "popcorn": "bag",
    "stew": "pot",
    "curry": "plate",
    "cereal": "bowl",
    "toast": "slice",
    "yogurt": "pot",
}

ANIMAL_VERBS = (
    "sleep run walk swim sit rest wait wander bark hide play eat jump climb dig"
).split()
_SUITS = {
    "food": "kitchen market bakery cafe restaurant farm garden supermarket beach park "
    "campsite",
    "drink": "kitchen cafe restaurant hotel station beach park balcony porch",
    "thing": "attic basement hallway workshop office garden yard shop market barn "
    "kitchen",
    "reading": "library office cafe park bookshop school balcony porch",
    "person": "market station cafe school park square office library hospital harbor",
    "animal": "farm park garden yard field forest barn zoo pond meadow",
}
PLACES_FOR = {
    kind: [p for p in lx.PLACES if p[1] in names.split()]
    for kind, names in _SUITS.items()
}
CONTAINER_VERBS = {
    "eat",
    "buy",
    "order",
    "share",
    "bring",
    "make",
    "carry",
    "serve",
    "sell",
    "pack",
    "taste",
    "warm",
}
PERSON_DETS_SG = [
    "the",
    "a",
    "the old",
    "the young",
    "a friendly",
    "the new",
    "the local",
    "a tired",
    "the",
    "our",
]
PERSON_DETS_PL = [
    "the",
    "some",
    "two",
    "three",
    "a few",
    "the other",
    "many",
    "the local",
]


class Grammar(Draws):
    """Sentence generator.

    Example: Grammar(random.Random(0)).sentence() -> 'My aunt baked ...'
    """

    def __init__(self, rng):
        super().__init__(rng)
        self.names = ListNames(rng)  # the corpus's characters and towns
        self.time_past = bars(TIME_PAST)
        self.time_present = bars(TIME_PRESENT)
        self.time_future = bars(TIME_FUTURE)
        self.open_past = bars(OPENINGS_PAST)
        self.open_present = bars(OPENINGS_PRESENT)
        self.sub_past = bars(SUBORDINATORS_PAST)
        self.sub_present = bars(SUBORDINATORS_PRESENT)
        self.adj = {
            "food": lx.words(lx.ADJ_FOOD),
            "thing": lx.words(lx.ADJ_THING),
            "place": lx.words(lx.ADJ_PLACE),
            "person": lx.words(lx.ADJ_PERSON),
            "animal": lx.words(lx.ADJ_ANIMAL),
            "reading": [
                "long",
                "short",
                "old",
                "new",
                "funny",
                "sad",
                "strange",
                "thick",
                "thin",
                "handwritten",
            ],
        }
        self.verbs = {
            "food": lx.words(lx.VERBS_FOOD),
            "thing": lx.words(lx.VERBS_THING),
            "reading": lx.words(lx.VERBS_READING),
            "place": lx.words(lx.VERBS_PLACE),
            "person": lx.words(lx.VERBS_PERSON),
            "animal": lx.words(lx.VERBS_ANIMAL),
        }
        self.intransitive = lx.words(lx.VERBS_INTRANS)
        self.motion = lx.words(lx.VERBS_MOTION)
        self.nouns = {
            "food": lx.FOOD_NOUNS,
            "thing": lx.THING_NOUNS,
            "reading": lx.READING_NOUNS,
            "person": lx.PERSON_NOUNS,
            "animal": lx.ANIMAL_NOUNS,
        }
        self.manner = lx.words(lx.ADVERB_MANNER)
        self._forms = {}

    # ------------------------------------------------------------ small helpers
    def forms(self, verb):
        if verb not in self._forms:
            self._forms[verb] = lx.verb_forms(verb)
        return self._forms[verb]

    def new_person(self, surname=False):
        """A named character.

        Example: new_person(surname=True) -> Person('Maria Lopez', 'f')
        """
        gender = self.pick(["f", "m"])
        first = self.names.first_name(gender)
        return Person(f"{first} {self.names.surname()}" if surname else first, gender)

    # ------------------------------------------------------------ noun phrases
    def noun_phrase(self, kind, depth=0, number=None, definite=None, containers=True):
        """A noun phrase of a kind: food, thing, reading, person, animal or place.

        Returns (words, Person-like agreement info).
        Example: noun_phrase('food')[0] -> 'a bowl of warm soup'
        """
        if kind == "place":
            return self.place_phrase(), Person("it", "n")
        singular, plural = self.pick(self.nouns[kind])
        if number is None:
            number = "mass" if plural is None else ("pl" if self.chance(0.3) else "sg")
        if plural is None:
            number = "mass"
        adjectives = []
        if self.chance(0.45 if depth == 0 else 0.2):
            adjectives.append(self.pick(self.adj[kind]))
            if self.chance(0.12):
                second = self.pick(self.adj[kind])
                if second != adjectives[0]:
                    adjectives.append(second)
                    adjectives = (
                        [adjectives[0] + " and " + adjectives[1]]
                        if self.chance(0.3)
                        else adjectives
                    )
        noun = plural if number == "pl" else singular
        core = " ".join(adjectives + [noun])
        if number == "mass":
            container = CONTAINERS.get(singular)
            if container and containers and self.chance(0.5):
                det = (
                    self.pick(["a", "another", "one more", "half a"])
                    if self.chance(0.8)
                    else self.pick(["the", "my"])
                )
                det = lx.article(container) if det == "a" else det
                phrase = f"{det} {container} of {core}"
            else:
                det = self.pick(
                    [
                        "some",
                        "the",
                        "a little",
                        "fresh",
                        "more",
                        "our",
                        "",
                        "the last of the",
                    ]
                )
                phrase = f"{det} {core}".strip()
        elif number == "pl":
            det = self.pick(
                [
                    "some",
                    "the",
                    "two",
                    "three",
                    "a few",
                    "my",
                    "our",
                    "these",
                    "several",
                    "a dozen",
                    "a pair of",
                    "many",
                ]
            )
            if det == "a pair of" and kind not in ("thing",):
                det = "some"
            phrase = f"{det} {core}"
        else:
            if definite is None:
                definite = self.chance(0.55)
            if definite:
                det = self.pick(
                    ["the", "the", "my", "our", "this", "that", "their", "the same"]
                )
            else:
                det = lx.article(core)
                if self.chance(0.15):
                    det = (
                        self.pick(["another", "one", "every"])
                        if kind != "person"
                        else "another"
                    )
            phrase = f"{det} {core}"
        agreement = Person(
            phrase, "n" if number == "pl" else "x", plural=number == "pl"
        )
        if depth < 2 and self.chance(0.18 if depth == 0 else 0.08):
            phrase += " " + self.noun_modifier(kind, depth)
        return phrase, agreement

    def noun_modifier(self, kind, depth):
        """A prepositional phrase or a relative clause after a noun."""
        if kind in ("food", "thing", "reading") and self.chance(0.55):
            verb = self.pick(self.verbs[kind])
            subject = self.subject(depth + 1, people_only=True)
            rel = self.pick(["that", "that", "that", "which", ""])
            tail = self.pick(["", "", "", self.pick(self.time_past)])
            return join([rel, subject[0], self.forms(verb)["past"], tail])
        if kind == "person" and self.chance(0.5):
            verb = self.pick(
                self.intransitive
                + [
                    "live next door",
                    "work at the bakery",
                    "run the shop",
                    "grow vegetables",
                ]
            )
            if " " in verb:
                head, rest = verb.split(" ", 1)
                return f"who used to {head} {rest}"
            how = self.pick(
                ["likes to", "loves to", "used to", "never wants to", "cannot"]
            )
            return f"who {how} {verb}"
        preps = {
            "food": [
                "from the market",
                "from the bakery",
                "on the table",
                "in the fridge",
                "for dinner",
                "with extra salt",
                "from our garden",
                "for the children",
            ],
            "thing": [
                "on the shelf",
                "by the door",
                "in the attic",
                "under the bed",
                "with a broken handle",
                "from the flea market",
                "in the drawer",
                "on the floor",
            ],
            "reading": [
                "from my grandmother",
                "about the war",
                "about the sea",
                "on the kitchen table",
                "from the library",
                "with a blue cover",
            ],
            "person": [
                "from next door",
                "from the village",
                "at the corner shop",
                "with the red hat",
                "from the city",
                "down the street",
            ],
            "animal": [
                "from the farm",
                "next door",
                "in the garden",
                "by the pond",
                "with the white ears",
                "from the shelter",
            ],
        }[kind]
        return self.pick(preps)

    def place_phrase(self, with_prep=False, kind=None):
        """'the quiet market', with the preposition 'at the quiet market'.

        `kind` keeps to places that suit it (food: the kitchen, the market, ...).
        """
        places = PLACES_FOR.get(kind, lx.PLACES)
        prep, noun = self.pick(places)
        adj = self.pick(self.adj["place"]) + " " if self.chance(0.3) else ""
        det = (
            self.pick(["the", "the", "the", "our", "the local", "the old"])
            if not adj
            else "the"
        )
        if det == "the old" and adj:
            det = "the"
        phrase = f"{det} {adj}{noun}"
        return f"{prep} {phrase}" if with_prep else phrase

    def subject(self, depth=0, people_only=False, cast=None):
        """A character, pronoun or noun phrase as subject; returns (words, Person)."""
        roll = self.rng.random()
        if cast and roll < 0.55:
            who = self.pick(cast)
            if self.chance(0.4):
                return who.subject, who
            return who.name, Person(who.name, who.gender, who.plural)
        if roll < 0.2:
            who = self.pick([ME, WE, YOU, Person("they", "n", True)])
            return who.subject, who
        if roll < 0.45:
            who = self.new_person()
            return who.name, who
        if not people_only and roll < 0.55:
            phrase, agreement = self.noun_phrase("animal", depth)
            agreement.animal = True
            return phrase, agreement
        plural = self.chance(0.25)
        kin = self.chance(0.45)
        singular, plural_form = self.pick(lx.KIN_NOUNS if kin else lx.PERSON_NOUNS)
        if plural:
            det = self.pick(["my", "our", "their", "my two"] if kin else PERSON_DETS_PL)
            phrase = f"{det} {plural_form}"
            return phrase, Person(phrase, "n", plural=True)
        det = self.pick(
            ["my", "my", "our", "your", "my best" if singular == "friend" else "my"]
            if kin
            else PERSON_DETS_SG
        )
        if det == "a":
            det = lx.article(singular)
        elif det.startswith("a "):
            det = lx.article(det[2:]) + det[1:]
        phrase = f"{det} {singular}"
        gender = {
            "uncle": "m",
            "aunt": "f",
            "grandmother": "f",
            "grandfather": "m",
            "brother": "m",
            "sister": "f",
            "son": "m",
            "daughter": "f",
            "mother": "f",
            "father": "m",
            "boy": "m",
            "girl": "f",
            "man": "m",
            "woman": "f",
            "fisherman": "m",
            "postman": "m",
        }.get(singular, "x")
        return phrase, Person(phrase, gender, animal=False)

    # ------------------------------------------------------------ verbs
    def conjugate(self, verb, who, tense):
        """Inflect a verb for a subject and a tense.

        Example: conjugate('eat', Person('Anna','f'), 'present') -> 'eats'; tense one of
        present, past, future, past_prog, present_prog, perfect, used_to, modal.
        """
        f = self.forms(verb)
        singular3 = who.grammatical_person == 3 and not who.plural
        if tense == "present":
            return f["s"] if singular3 else f["base"]
        if tense == "past":
            return f["past"]
        if tense == "future":
            return "will " + f["base"]
        if tense == "past_prog":
            return ("was " if singular3 or who.subject == "I" else "were ") + f["ing"]
        if tense == "present_prog":
            be = "am" if who.subject == "I" else ("is" if singular3 else "are")
            return f"{be} {f['ing']}"
        if tense == "perfect":
            return ("has " if singular3 else "have ") + f["participle"]
        if tense == "used_to":
            return "used to " + f["base"]
        if tense == "modal":
            return (
                self.pick(
                    [
                        "can",
                        "could",
                        "should",
                        "might",
                        "would",
                        "wanted to",
                        "had to",
                        "tried to",
                        "decided to",
                    ]
                )
                + " "
                + f["base"]
            )
        raise ValueError(
            f"unknown tense {tense!r}; use present, past, future, past_prog, "
            "present_prog, perfect, used_to or modal"
        )

    def be(self, who, tense):
        singular3 = who.grammatical_person == 3 and not who.plural
        if tense in ("past", "past_prog"):
            return "was" if singular3 or who.subject == "I" else "were"
        if tense == "future":
            return "will be"
        if tense == "perfect":
            return "has been" if singular3 else "have been"
        return "am" if who.subject == "I" else ("is" if singular3 else "are")

    def predicate(self, who, tense, depth=0, cast=None):
        """Verb phrase words for a subject, choosing an object that suits the verb."""
        roll = self.rng.random()
        if who.animal:
            if roll < 0.3:
                return join([self.be(who, tense), self.pick(self.adj["animal"])])
            verb = self.pick(ANIMAL_VERBS)
            return join(
                [
                    self.conjugate(verb, who, tense),
                    self.pick(
                        ["", self.pick(self.manner), self.place_phrase(with_prep=True)]
                    ),
                ]
            )
        if roll < 0.12:
            kind = "person"
            adjs = self.adj[kind]
            adj = self.pick(adjs)
            if self.chance(0.25):
                adj = (
                    self.pick(["very", "rather", "a little", "quite", "so", "really"])
                    + " "
                    + adj
                )
            return join([self.be(who, tense), adj])
        if roll < 0.27:
            verb = self.pick(self.intransitive)
            words = [self.conjugate(verb, who, tense)]
            if self.chance(0.4):
                words.append(self.pick(self.manner))
            if self.chance(0.5):
                words.append(self.place_phrase(with_prep=True))
            return join(words)
        if roll < 0.37:
            verb = self.pick(self.motion)
            dest = self.pick(
                [
                    "to " + self.place_phrase(),
                    "home",
                    "into town",
                    "to the other side of the river",
                    "back to " + self.place_phrase(),
                    "to " + self.place_phrase(),
                    "down to " + self.place_phrase(),
                ]
            )
            words = [self.conjugate(verb, who, tense), dest]
            if self.chance(0.3):
                companion = (
                    self.pick(cast).name
                    if cast and self.chance(0.5)
                    else self.subject(depth + 1, people_only=True)[0]
                )
                if companion not in (who.name, who.subject, "I", "we", "they", "you"):
                    words.append("with " + companion)
            return join(words)
        kind = self.pick(
            [
                "food",
                "food",
                "thing",
                "thing",
                "reading",
                "place",
                "person",
                "animal",
                "drink",
            ]
        )
        if kind == "drink":
            verb = self.pick(lx.words(lx.VERBS_DRINK))
            drink = self.pick(lx.words(lx.DRINK))
            obj = self.pick(
                [
                    f"a cup of {drink}",
                    f"some {drink}",
                    f"a glass of {drink}",
                    f"the {drink}",
                    f"a little {drink}",
                    f"{self.pick(['hot', 'cold', 'fresh', 'warm'])} {drink}",
                ]
            )
            if drink in ("tea", "coffee", "cocoa") and "glass" in obj:
                obj = obj.replace("glass", "mug")
        elif kind == "person":
            verb = self.pick(self.verbs["person"])
            if cast and self.chance(0.5):
                other = self.pick(cast)
                obj = (
                    other.object
                    if (other is not who and self.chance(0.3))
                    else other.name
                )
                if other is who or obj == who.name:
                    obj = self.subject(depth + 1, people_only=True)[0]
            else:
                obj = self.subject(depth + 1, people_only=True)[0]
            if obj in ("I", "we", "they"):
                obj = {"I": "me", "we": "us", "they": "them"}[obj]
            if obj == who.subject or obj == who.object:
                obj = "the neighbors"
        else:
            verb = self.pick(self.verbs[kind])
            obj = self.noun_phrase(kind, depth + 1, containers=verb in CONTAINER_VERBS)[
                0
            ]
        words = [self.conjugate(verb, who, tense), obj]
        if self.chance(0.35) and kind != "place":
            words.append(self.place_phrase(with_prep=True, kind=kind))
        elif self.chance(0.15):
            words.append(self.pick(self.manner))
        return join(words)

    def time_phrase(self, tense):
        if tense in ("past", "past_prog", "modal"):
            return self.pick(self.time_past)
        if tense == "future":
            return self.pick(self.time_future)
        if tense in ("present", "used_to"):
            return self.pick(self.time_present)
        return ""

    def clause(self, tense, depth=0, cast=None, subject=None):
        """Subject + predicate (+ time).

        Example: clause('past') -> 'the baker sold two pies yesterday'
        """
        subj_words, who = subject or self.subject(depth, cast=cast)
        words = [subj_words]
        if tense == "present" and self.chance(0.35):
            words.append(self.pick(lx.words(lx.ADVERB_FREQ)))
        predicate = self.predicate(who, tense, depth, cast=cast)
        if len(words) == 2 and predicate.split(" ", 1)[0] in ("is", "are", "am"):
            be, rest = predicate.split(" ", 1)
            words[1:] = [be, words[1], rest]
        else:
            words.append(predicate)
        if depth == 0 and self.chance(0.3):
            words.append(self.time_phrase(tense))
        return join(words)

    def sentence(self, tense=None, cast=None, subject=None):
        """A full sentence, capitalised, sometimes with a subordinate clause."""
        tense = tense or self.pick(
            [
                "past",
                "past",
                "present",
                "present",
                "future",
                "past_prog",
                "perfect",
                "used_to",
                "modal",
                "present_prog",
            ]
        )
        main = self.clause(tense, cast=cast, subject=subject)
        roll = self.rng.random()
        sub_tense = {
            "past_prog": "past",
            "perfect": "present",
            "used_to": "past",
            "modal": "past",
            "present_prog": "present",
            "future": "present",
        }.get(tense, tense)
        subordinators = self.sub_past if sub_tense == "past" else self.sub_present
        if roll < 0.3:
            conj = self.pick(subordinators)
            text = (
                f"{main}, {conj} {self.clause(sub_tense, depth=1, cast=cast)}"
                if conj == "so"
                else f"{main} {conj} {self.clause(sub_tense, depth=1, cast=cast)}"
            )
        elif roll < 0.42:
            conj = self.pick(
                [c for c in subordinators if c not in ("so", "until", "unless")]
            )
            text = f"{conj} {self.clause(sub_tense, depth=1, cast=cast)}, {main}"
        elif roll < 0.55:
            conj = self.pick(
                ["and", "but", "and then", "so", "but later", "and afterwards"]
            )
            same_tense = "present" if tense == "present_prog" else tense
            text = f"{main}, {conj} {self.clause(same_tense, depth=1, cast=cast)}"
        elif roll < 0.7:
            openings = self.open_past if sub_tense == "past" else self.open_present
            text = f"{self.pick(openings)}, {main}"
        else:
            text = main
        return capitalise(text) + "."
