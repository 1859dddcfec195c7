"""Broad everyday English for the foundation model (corpus/broad.txt): about 20,000
kinds of word in grammatical sentences, reviews whose words carry their opinion, idioms
and the training sayings, mixed with the everyday reviews and notes of datagen.everyday
(DOCUMENT_SHARES).

Handles: the word list (`english_words.tsv`, built once by `datagen.make_lexicon` from
published word lists: the most frequent English words with their inflections and, where
people rated it, their valence); sentences in many frames (present, past, future,
progressive, perfect, modal, negated, questions, comparisons, "but" and "although"),
whose verbs agree with their subjects; diary notes and short dialogues made of them;
reviews of everyday things whose star ratings, "Rating: N out of 5" lines and closing
verdicts follow the valence of the words used (a label in all but name, counted by
`helpers.data.stats.label_like_lines`); idioms and the training sayings in context.
Leaves out: meaning, in its own sentences (datagen.everyday's make sense). Words are
drawn by part of speech and frequency, so sentences are grammatical but often odd ("My
cousin repainted a coastal telescope."); sentences that state no opinion use only
descriptive adjectives (DESCRIPTIVE, describing()) and no word of the review site's
opinion phrases, so they never teach that an evaluative word carries no opinion; verbs
do not know whether they take an object; the prompt-format pairs of the review site
("Review: ... Sentiment: ...") never occur; held-out sayings never occur.
"""

import bisect
import itertools
import random
import re
from dataclasses import dataclass
from pathlib import Path

from datagen import opinions as op
from datagen import sayings as pv
from datagen.draws import Draws
from datagen.everyday import EverydayWriter, load_domains, rating_line, stars_for
from datagen.text import bars, capitalise, documents_until

LEXICON = Path(__file__).with_name("english_words.tsv")
BROAD_BYTES = 3_000_000  # the build stops at the first document past it
ZIPF_EXPONENT = 0.5  # a word is drawn with weight (its frequency) ** this
COVERAGE_SHARE = 0.2  # share of draws that take any word of the list, equally likely
NEUTRAL_MAX_VALENCE = 1.5  # stronger words appear only in reviews (opinions)
OPINION_MIN_VALENCE = 1.0  # weaker ones do not carry a review's verdict
# Valenced adjectives that are no opinion of a thing, or unkind about people.
NOT_OPINIONS = set(
    """dead criminal fatal savage lunatic maniac maniacal freak freakish perverse
    submissive depressant obscene nuts insane crazy contagious poisonous violent abusive
    brutal vicious sinful murderous totalitarian apocalyptic feudal libertine treasonous
    seditious widowed bereaved foetal impotent overweight promiscuous masochistic
    imbecile idiotic stricken devilish unbiased unmatched exhaustive bittersweet suspect
    charged suspended grave fallen mock lone lowly resigned pretend scare panic dread
    fool weakling irritant arguable tensed unconfirmed unprotected punishable amorphous
    gravelly pressurised litigious vociferous nerdy funky giddy unstoppable ironic
    rigorous cautious solemn detached guilty ill sick injured evil wicked hostile
    suicidal stupid dumb ugly lame retarded fake illegal negative positive anti
    blind handicapped infected hysterical neurotic paranoid mad""".split()
)

# Adjectives that only describe (colour, size, age, shape, material, place, time): the
# only ones sentences without an opinion use, so that an evaluative word nobody rated
# ("pointless", "cramped") never turns up in a sentence that is not about liking; a
# model then keeps what the reviews teach about it. Relational adjectives of the word
# list ("chemical", "coastal", "northern") join them (describing()).
DESCRIPTIVE = """red blue green yellow brown black white grey gray pink purple orange golden
silver big small large tiny huge little tall short long wide narrow thick thin deep
shallow heavy light old new young ancient modern recent hot cold warm cool wooden metal
plastic glass stone paper cotton woollen leather brick steel iron velvet silk round
square flat curved straight pointed oval smooth rough soft hard wet dry sticky shiny
dusty muddy sandy empty full open closed busy quiet loud bright dark early late daily
weekly monthly yearly local foreign rural urban distant nearby upper lower inner outer
front back left right middle first last next single double plain striped spotted
folded frozen boiled fried baked sliced painted printed written spoken hidden broken
handmade homemade wild tame hollow solid liquid spare extra second third""".split()
RELATIONAL_ENDINGS = ("ical", "ic", "al", "ary", "ern", "ese", "ian", "ar")
# evaluative words with a relational ending, and the opinion words of the review site
EVALUATIVE = set(
    """original ideal practical typical normal special essential critical ideal
    exceptional phenomenal sensational magical fantastic tragic classic logical
    radical dramatic fundamental crucial vital brilliant formal casual natural
    historic epic terrific iconic optimal marginal minimal trivial dismal brutal
    fatal lethal mental physical emotional sexual moral racial tribal cynical""".split()
)


def opinion_words():
    """Every word of the review site's opinion phrases (datagen.opinions), lowercase."""
    lists = [*op.POSITIVE.values(), *op.NEGATIVE.values()]
    lists += [op.VERDICT_POSITIVE, op.VERDICT_NEGATIVE, op.NEGATED_POSITIVE]
    lists += [op.NEGATED_NEGATIVE, op.MIXED_POSITIVE, op.MIXED_NEGATIVE]
    return set(re.findall(r"[a-z]+", " ".join(lists).lower()))


def describing(word, opinions):
    """Whether an adjective only describes: DESCRIPTIVE, or relational by its ending,
    and never an opinion word, an EVALUATIVE one or a rated one.

    Example: describing(Word('coastal', ('coastal', '', ''), 3.2, float('nan')), set())
    -> True
    """
    if (
        word.lemma in opinions
        or word.lemma in EVALUATIVE
        or word.valence == word.valence
    ):
        return False
    return word.lemma in DESCRIPTIVE or word.lemma.endswith(RELATIONAL_ENDINGS)


PRONOUNS = (  # (subject, object, person)
    ("I", "me", "1s"),
    ("you", "you", "2"),
    ("he", "him", "3s"),
    ("she", "her", "3s"),
    ("it", "it", "3s"),
    ("we", "us", "1p"),
    ("they", "them", "3p"),
)
BE_NOW = {"1s": "am", "3s": "is"}  # any other person: "are"
BE_THEN = {"1s": "was", "3s": "was"}  # any other person: "were"
KIN = {  # a relative or acquaintance: the pronoun that stands for them
    **dict.fromkeys("uncle grandfather brother son father".split(), "him"),
    **dict.fromkeys("aunt grandmother sister daughter mother".split(), "her"),
    **dict.fromkeys(
        "friend cousin neighbour teacher doctor flatmate classmate".split()
    ),
}
KIN_LIST = list(KIN)
SINGULAR_DETERMINERS = ("the", "the", "a", "my", "our", "this", "that", "their", "her")
PLURAL_DETERMINERS = ("the", "the", "some", "my", "our", "these", "those", "two")
MASS_DETERMINERS = ("the", "the", "some", "my", "our", "this", "their")
PAST_TIMES = bars("""yesterday|last week|on Monday|this morning|two days ago|last summer|
after lunch|at the weekend|earlier today|last night""")
NOW_TIMES = bars("""every day|on Sundays|most mornings|now and then|every week|in the
evenings|at weekends|twice a month""")
FUTURE_TIMES = bars("""tomorrow|next week|on Friday|soon|later today|next year|after
dinner|one day""")
PREPOSITIONS = ("in", "near", "behind", "under", "beside", "at", "on", "by")
MODALS = ("can", "could", "should", "might", "would", "must")
NEGATED_MODALS = {m: f"{m}n't" for m in MODALS} | {"can": "can't", "might": "might not"}
# a pronoun's contracted auxiliaries: "I am" -> "I'm", "they have" -> "they've"
CONTRACTIONS = {
    pronoun: [("will", "'ll"), ("would", "'d")] + own
    for pronouns, own in (
        (("I",), [("am", "'m"), ("have", "'ve")]),
        (("you", "we", "they"), [("are", "'re"), ("have", "'ve")]),
        (("he", "she", "it"), [("is", "'s"), ("has", "'s")]),
    )
    for pronoun in pronouns
}
# What the broad text is made of, by share of documents (they add up to 1).
DOCUMENT_SHARES = {
    "note": 0.3,  # grammatical sentences of about 20,000 words, meaning left to chance
    "dialogue": 0.08,
    "review": 0.07,  # opinion words of the word list, rated by their valence
    "everyday review": 0.3,  # datagen.everyday: reviews that make sense
    "everyday note": 0.15,
    "sayings": 0.1,
}
BRITISH_SHARE = 0.4  # share of documents written in British spelling (british())
BRITISH_WORDS = {
    american: british
    for pair in """color:colour flavor:flavour favor:favour favorite:favourite
    behavior:behaviour honor:honour humor:humour labor:labour neighbor:neighbour
    harbor:harbour rumor:rumour vapor:vapour center:centre theater:theatre
    fiber:fibre liter:litre gray:grey mom:mum defense:defence offense:offence
    catalog:catalogue dialog:dialogue jewelry:jewellery aluminum:aluminium
    traveled:travelled traveling:travelling traveler:traveller canceled:cancelled
    canceling:cancelling labeled:labelled modeled:modelled fueled:fuelled
    leveled:levelled signaled:signalled marveled:marvelled quarreled:quarrelled
    dialed:dialled equaled:equalled totaled:totalled counselor:counsellor
    pajamas:pyjamas tire:tyre plow:plough skeptical:sceptical""".split()
    for american, british in [pair.split(":")]
}
IZE = re.compile(r"\b(\w{3,}[^s])(iz|yz)(e|es|ed|ing|ation|ations|er|ers)\b")
INTENSIFIERS = (
    "really",
    "very",
    "extremely",
    "incredibly",
    "so",
    "truly",
    "absolutely",
)
HEDGES = ("a bit", "slightly", "somewhat", "fairly", "rather", "a little", "quite")
QUESTION_WORDS = ("Why", "When", "Where", "How")
# the pronoun of a short answer ("Yes, she does.") for a subject or its object form
SHORT_ANSWER = {"I": "you", "you": "I", "we": "we", "he": "he", "she": "she"}
SHORT_ANSWER |= {"it": "it", "they": "they", "him": "he", "her": "she", "them": "they"}
LIKED = (
    "love enjoy adore like appreciate recommend admire praise treasure relish".split()
)
DISLIKED = "hate dislike detest loathe regret resent despise".split()
TITLES = (
    "My thoughts on the {thing}",
    "A review of the {thing}",
    "Our week with the {thing}",
    "About the {thing}",
    "The {thing}: my review",
    "What I made of the {thing}",
)
ASPECTS = """service staff price quality food room screen battery plot music location
design sound delivery coffee seating ending acting manual wifi view breakfast
packaging size colour smell noise""".split()
THINGS_REVIEWED = """café hotel film book album phone laptop restaurant shop bakery
museum hostel train ferry flight bus plumber garage gym concert game jacket course
park hairdresser dentist kettle blender vacuum app bike tent mattress headphones""".split()
IDIOMS = bars("""a piece of cake|under the weather|break the ice|cost an arm and a leg|
once in a blue moon|the last straw|on the fence|hit the nail on the head|a blessing in
disguise|call it a day|cut corners|get out of hand|go the extra mile|let the cat out of
the bag|miss the boat|pull yourself together|so far so good|speak of the devil|the
ball is in your court|beat around the bush|back to square one|by the skin of your
teeth|cross your fingers|down to earth|every now and then|face the music|give someone
the benefit of the doubt|in hot water|keep an eye on it|learn the ropes|make ends
meet|on thin ice|out of the blue|over the moon|play it by ear|rain on your parade|
see eye to eye|sit on the fence|take it with a grain of salt|the tip of the
iceberg|through thick and thin|up in the air|when pigs fly|wrap your head around it|
a drop in the ocean|bite off more than you can chew|burn the midnight oil|get the ball
rolling|go back to the drawing board|hang in there|jump on the bandwagon|no pain, no
gain|on cloud nine|pull someone's leg|spill the beans|steal the show|take a rain
check|the best of both worlds|time flies when you're having fun|a penny for your
thoughts""")
IDIOM_FRAMES = (  # {i} an idiom, {I} the same capitalised, {kin} a relative
    '"{I}," said my {kin}.',
    'My {kin} has a phrase for days like this: "{i}".',
    'We call that "{i}" in our house.',
    'The phrase of the day is "{i}".',
    '"Well," my {kin} said, "{i}."',
    'As my {kin} likes to say, "{i}".',
)


@dataclass(frozen=True)
class Word:
    """One entry of the word list: its forms in the order of its part of speech
    (noun: singular, plural; verb: base, -s, past, -ing, participle; adjective: plain,
    comparative, superlative; adverb: itself), its Zipf frequency and its valence."""

    lemma: str
    forms: tuple
    zipf: float
    valence: float | None


def load_lexicon(path=LEXICON):
    """{part of speech: [Word]} from the shipped word list, most frequent first.

    Example: load_lexicon()["VERB"][0].forms -> ('have', 'has', 'had', 'having', 'had')
    """
    lines = Path(path).read_text(encoding="utf-8").splitlines()[1:]
    words = {"NOUN": [], "VERB": [], "ADJ": [], "ADV": []}
    for line in lines:
        pos, lemma, forms, zipf, valence = line.split("\t")
        words[pos].append(
            Word(lemma, tuple(forms.split("|")), float(zipf), float(valence or "nan"))
        )
    return words


class WordPool:
    """Words drawn by frequency (weight: frequency ** ZIPF_EXPONENT), except that a
    COVERAGE_SHARE of draws take any word equally likely, so rare words appear too.
    Each draw is two draws from the rng."""

    def __init__(self, words):
        if not words:
            raise ValueError("a word pool needs at least one word")
        self.words = words
        total, self.cumulative = 0.0, []
        for word in words:
            total += 10 ** (ZIPF_EXPONENT * word.zipf)
            self.cumulative.append(total)

    def draw(self, rng):
        """One Word. Example: WordPool(load_lexicon()['ADV']).draw(random.Random(0))"""
        if rng.random() < COVERAGE_SHARE:
            return self.words[int(rng.random() * len(self.words))]
        at = bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.words[min(at, len(self.words) - 1)]


def neutral(word):
    """Whether a word is mild enough for sentences that state no opinion: its valence
    is under NEUTRAL_MAX_VALENCE either way, or nobody rated it (nan).

    Example: neutral(Word('kettle', ('kettle', 'kettles'), 3.1, float('nan'))) -> True
    """
    return not abs(word.valence) >= NEUTRAL_MAX_VALENCE


def mass(noun):
    """Whether a noun has no plural of its own ('rice', 'sheep'): no 'a', no 's'."""
    return noun.forms[1] in ("", noun.lemma)


def article(word):
    """'a' or 'an' by the sound of the next word. Example: article('hour') -> 'an'"""
    lower = word.lower()
    if lower.startswith(("hour", "honest", "honour", "heir")):
        return "an"
    if lower.startswith(("uni", "use", "usu", "eu", "one", "once", "ewe", "uk")):
        return "a"
    return "an" if lower[:1] in "aeiou" else "a"


def british(text):
    """The same text in British spelling: -ise and -yse for -ize and -yze, a list of
    words (colour, centre, travelled, ...), each in lower case or capitalised.

    Example: british('My favorite color was organized.')
    -> 'My favourite colour was organised.'
    """

    def swap(match):
        word = match.group(0)
        lower = word.lower()
        if lower in BRITISH_WORDS:
            new = BRITISH_WORDS[lower]
            return capitalise(new) if word[0].isupper() else new
        return word

    text = IZE.sub(lambda m: m.group(1) + m.group(2)[0] + "s" + m.group(3), text)
    return re.sub(r"[A-Za-z]+", swap, text)


def agree(person, singular, other):
    """The verb form for a subject's person: `singular` for he/she/it and singular
    nouns, `other` for I, you, we, they and plurals.

    Example: agree('3s', 'walks', 'walk') -> 'walks'
    """
    return singular if person == "3s" else other


class EnglishWriter(Draws):
    """Sentences, notes, dialogues, reviews and sayings in broad English."""

    def __init__(self, seed, lexicon=None):
        super().__init__(random.Random(seed))
        words = lexicon or load_lexicon()
        opinions = opinion_words()
        nouns = [w for w in words["NOUN"] if neutral(w) and w.lemma not in opinions]
        self.nouns = WordPool(nouns)
        self.count_nouns = WordPool([w for w in nouns if not mass(w)])
        self.verbs = WordPool([w for w in words["VERB"] if neutral(w)])
        self.adjectives = WordPool([w for w in words["ADJ"] if describing(w, opinions)])
        self.adverbs = WordPool([w for w in words["ADV"] if neutral(w)])
        opinion = [
            w
            for w in words["ADJ"]
            if abs(w.valence) >= OPINION_MIN_VALENCE and w.lemma not in NOT_OPINIONS
        ]
        self.good = WordPool([w for w in opinion if w.valence > 0])
        self.bad = WordPool([w for w in opinion if w.valence < 0])
        verbs = {w.lemma: w for w in words["VERB"]}
        self.liked = WordPool([verbs[v] for v in LIKED if v in verbs])
        self.disliked = WordPool([verbs[v] for v in DISLIKED if v in verbs])

    # ------------------------------------------------------------ noun phrases
    def adjective(self):
        return self.adjectives.draw(self.rng).lemma

    def bare_noun(self, plural):
        """(noun with perhaps an adjective, whether it is a mass noun)."""
        word = (self.count_nouns if plural else self.nouns).draw(self.rng)
        noun = word.forms[1] if plural else word.lemma
        described = f"{self.adjective()} {noun}" if self.chance(0.35) else noun
        return described, mass(word)

    def owner(self):
        """Whose: "my sister's" or "the hotel's"."""
        if self.chance(0.5):
            return f"my {self.pick(KIN_LIST)}'s"
        return f"the {self.pick(THINGS_REVIEWED)}'s"

    def noun_phrase(self, plural=None):
        """(text, person): 'the quiet telescope' is 3s, 'some old maps' 3p."""
        if plural is None:
            plural = self.chance(0.3)
        described, mass = self.bare_noun(plural)
        determiners = (
            PLURAL_DETERMINERS
            if plural
            else MASS_DETERMINERS
            if mass
            else SINGULAR_DETERMINERS
        )
        det = self.pick(determiners) if not self.chance(0.06) else self.owner()
        if det == "a":
            det = article(described)
        return f"{det} {described}", "3p" if plural else "3s"

    def subject(self):
        """(text, object form, person) of a pronoun, a relative or a noun phrase."""
        roll = self.rng.random()
        if roll < 0.45:
            return self.pick(PRONOUNS)
        if roll < 0.6:
            kin = self.pick(KIN_LIST)
            if self.chance(0.3):
                return f"my {kin}s", "them", "3p"
            return f"my {kin}", KIN[kin] or self.pick(("him", "her")), "3s"
        text, person = self.noun_phrase()
        return text, ("them" if person == "3p" else "it"), person

    def object(self):
        if self.chance(0.15):
            return self.pick(PRONOUNS)[1]
        return self.noun_phrase()[0]

    def ending(self, times):
        roll = self.rng.random()
        if roll < 0.3:
            return " " + self.pick(times)
        if roll < 0.5:
            return f" {self.pick(PREPOSITIONS)} {self.noun_phrase()[0]}"
        if roll < 0.65:
            return " " + self.adverbs.draw(self.rng).lemma
        return ""

    # ------------------------------------------------------------ clauses
    def clause(self):
        """A statement without its full stop; its verb agrees with its subject."""
        subject, _, person = self.subject()
        verb = self.verbs.draw(self.rng).forms  # base, -s, past, -ing, participle
        kind = self.rng.randrange(11)
        if kind == 0:
            rest = f"{agree(person, verb[1], verb[0])} {self.object()}"
            rest += self.ending(NOW_TIMES)
        elif kind == 1:
            rest = f"{verb[2]} {self.object()}{self.ending(PAST_TIMES)}"
        elif kind == 2:
            will = self.pick(("will", "will", "won't", "is going to"))
            if will == "is going to":
                will = f"{BE_NOW.get(person, 'are')} going to"
            rest = f"{will} {verb[0]} {self.object()}{self.ending(FUTURE_TIMES)}"
        elif kind == 3:
            be = (
                BE_NOW.get(person, "are")
                if self.chance(0.6)
                else BE_THEN.get(person, "were")
            )
            rest = f"{be} {verb[3]} {self.object()}"
        elif kind == 4:
            have = agree(person, "has", "have")
            have = f"{have}n't" if self.chance(0.3) else have
            rest = f"{have} {verb[4]} {self.object()}"
        elif kind == 5:
            do = agree(person, "does", "do")
            do = f"{do}n't" if self.chance(0.6) else f"{do} not"
            rest = f"{do} {verb[0]} {self.object()}"
        elif kind == 6:
            did = self.pick(("didn't", "did not", "never"))
            form = verb[2] if did == "never" else verb[0]
            rest = f"{did} {form} {self.object()}{self.ending(PAST_TIMES)}"
        elif kind == 7:
            modal = self.pick(MODALS)
            modal = NEGATED_MODALS[modal] if self.chance(0.3) else modal
            rest = f"{modal} {verb[0]} {self.object()}"
        else:
            rest = self.description(person)
        if kind != 0 and subject in CONTRACTIONS and self.chance(0.4):
            for full, short in CONTRACTIONS[subject]:
                if rest.startswith(full + " "):
                    subject, rest = subject + short, rest[len(full) + 1 :]
                    break
        return f"{subject} {rest}"

    def description(self, person):
        """'is quite cold', "wasn't narrow", 'is older than the barn' for a person."""
        be = (
            BE_NOW.get(person, "are")
            if self.chance(0.6)
            else BE_THEN.get(person, "were")
        )
        word = self.adjectives.draw(self.rng)
        roll = self.rng.random()
        if roll < 0.3:
            than = self.noun_phrase()[0]
            comparative = word.forms[1] or f"more {word.lemma}"
            return f"{be} {comparative} than {than}"
        if roll < 0.5:
            negated = f"{be}n't" if be != "am" and self.chance(0.6) else f"{be} not"
            return f"{negated} {word.lemma}"
        degree = self.pick(INTENSIFIERS + HEDGES) if self.chance(0.4) else ""
        return " ".join(part for part in (be, degree, word.lemma) if part)

    def question(self):
        """A question whose auxiliary agrees with its subject."""
        subject, _, person = self.subject()
        verb = self.verbs.draw(self.rng).forms
        roll = self.rng.random()
        if roll < 0.3:
            aux = agree(person, "Does", "Do")
            return f"{aux} {subject} {verb[0]} {self.object()}?"
        if roll < 0.5:
            return (
                f"{self.pick(QUESTION_WORDS)} did {subject} {verb[0]} {self.object()}?"
            )
        if roll < 0.7:
            be = BE_NOW.get(person, "are").capitalize()
            return f"{be} {subject} {self.adjective()}?"
        if roll < 0.85:
            have = agree(person, "Has", "Have")
            return f"{have} {subject} ever {verb[4]} {self.object()}?"
        return f"{self.pick(('Will', 'Can', 'Should'))} {subject} {verb[0]} {self.object()}?"

    def sentence(self):
        """One sentence: a statement, a question, two clauses joined by "but",
        "although" or "because", or "There is/are ..."."""
        roll = self.rng.random()
        if roll < 0.12:
            return capitalise(self.question())
        if roll < 0.24:
            return capitalise(f"{self.clause()}, but {self.clause()}.")
        if roll < 0.32:
            return f"Although {self.clause()}, {self.clause()}."
        if roll < 0.38:
            return capitalise(f"{self.clause()} because {self.clause()}.")
        if roll < 0.44:
            plural = self.chance(0.5)
            thing, mass = self.bare_noun(plural)
            count = (
                self.pick(("two", "three", "some", "many", "no"))
                if plural
                else "some"
                if mass
                else article(thing)
            )
            place = self.noun_phrase()[0]
            verb = "are" if plural else "is"
            return f"There {verb} {count} {thing} {self.pick(PREPOSITIONS)} {place}."
        return capitalise(self.clause() + ".")

    # ------------------------------------------------------------ documents
    def note(self):
        """A diary note: three to seven sentences, sometimes under a title."""
        title = self.pick(("", "", "Notes", "Diary", "A short note", "Today"))
        body = " ".join(self.sentence() for _ in range(self.rng.randrange(3, 8)))
        return f"{title}\n{body}" if title else body

    def dialogue(self):
        """Questions and short answers that agree with them ("Yes, she does.")."""
        lines = []
        for _ in range(self.rng.randrange(2, 5)):
            subject, obj, person = self.subject()
            verb = self.verbs.draw(self.rng).forms
            past = self.chance(0.5)
            aux = "Did" if past else agree(person, "Does", "Do")
            lines.append(f"A: {aux} {subject} {verb[0]} {self.object()}?")
            short = SHORT_ANSWER.get(subject) or SHORT_ANSWER[obj]
            aux = aux.lower()
            if short in ("I", "you", "we", "they") and aux != "did":
                aux = "do"
            if short in ("he", "she", "it") and aux != "did":
                aux = "does"
            if self.chance(0.5):
                lines.append(f"B: Yes, {short} {aux}. {capitalise(self.clause())}.")
            else:
                lines.append(f"B: No, {short} {aux}n't. {capitalise(self.clause())}.")
        return "\n".join(lines)

    def opinion(self, good):
        """(sentence, score): one opinion about an aspect; the score's sign is the
        opinion's, its size follows the word's valence and any hedge or negation."""
        aspect = (
            self.pick(ASPECTS)
            if self.chance(0.5)
            else self.bare_noun(False)[0].split(" ")[-1]
        )
        word = (self.good if good else self.bad).draw(self.rng)
        # negation flips a word of the other side: "wasn't awful" is mildly good
        if self.chance(0.2):
            word = (self.bad if good else self.good).draw(self.rng)
            score = -0.5 * word.valence
            form = self.pick(("wasn't", "was not", "was never"))
            ending = " at all" if self.chance(0.4) else ""
            return f"The {aspect} {form} {word.lemma}{ending}.", score
        degree, scale = "", 1.0
        if self.chance(0.3):
            degree, scale = self.pick(INTENSIFIERS) + " ", 1.5
        elif self.chance(0.2):
            degree, scale = self.pick(HEDGES) + " ", 0.5
        if self.chance(0.25):
            verbs = self.liked if good else self.disliked
            verb = verbs.draw(self.rng)
            return f"I {verb.forms[2]} the {aspect}.", verb.valence
        return f"The {aspect} was {degree}{word.lemma}.", word.valence * scale

    def review(self):
        """A review of an everyday thing whose rating follows its opinions' scores."""
        thing = self.pick(THINGS_REVIEWED)
        good = self.chance(0.5)
        sentences, score = [], 0.0
        for _ in range(self.rng.randrange(1, 5)):
            side = good if self.chance(0.8) else not good
            text, value = self.opinion(side)
            if side != good and self.chance(0.5):  # contrast, the verdict comes last
                main, main_value = self.opinion(good)
                main = main if main.startswith("I ") else main[0].lower() + main[1:]
                text = f"{text[:-1]}, but {main}"
                value += 1.5 * main_value
            sentences.append(text)
            score += value
        stars = stars_for(score)
        title = self.pick(TITLES).format(thing=thing)
        close = rating_line(self.rng, stars)
        if close:
            sentences.append(close)
        return f"{capitalise(title)}\n" + " ".join(sentences)

    def saying_page(self, sayings):
        """Idioms and `sayings` quoted in everyday frames, between sentences."""
        lines = []
        for _ in range(self.rng.randrange(2, 5)):
            if self.chance(0.5):
                idiom = self.pick(IDIOMS)
                frame = self.pick(IDIOM_FRAMES)
                lines.append(
                    frame.format(i=idiom, I=capitalise(idiom), kin=self.pick(KIN_LIST))
                )
            else:
                saying = self.pick(sayings)
                frame = self.pick(pv.QUOTE_FRAMES)
                who = f"my {self.pick(KIN_LIST)}"
                lines.append(
                    capitalise(
                        frame.format(
                            s=saying, S=capitalise(saying), who=who, pron="they"
                        )
                    )
                )
            lines.append(self.sentence())
        return " ".join(lines)


def build_broad(seed, target_bytes=BROAD_BYTES):
    """Documents of broad English, separated as the corpus's are (no blank line inside).

    Example: build_broad(0, 2_000)[0] -> 'Notes\\nShe ...'
    """
    writer = EnglishWriter(seed)
    everyday = EverydayWriter(writer.rng, load_domains())
    heldout = set(pv.heldout_list())
    sayings = [s for s in pv.saying_list() if s not in heldout]
    kinds = {
        "note": writer.note,
        "dialogue": writer.dialogue,
        "review": writer.review,
        "everyday review": lambda: everyday.review()[0],
        "everyday note": everyday.note,
        "sayings": lambda: writer.saying_page(sayings),
    }
    names = list(DOCUMENT_SHARES)
    bounds = list(itertools.accumulate(DOCUMENT_SHARES.values()))[:-1]  # the last is 1

    def document():
        doc = kinds[names[bisect.bisect(bounds, writer.rng.random())]]()
        return british(doc) if writer.chance(BRITISH_SHARE) else doc

    return documents_until(target_bytes, document)
