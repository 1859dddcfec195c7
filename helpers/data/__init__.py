"""The project's own data, loaded from data/ and verified against data/manifest.json.

Handles: the pretraining corpus, proverbs, labeled sentiment and named-entity sets (and
how the entity sets split words), their hand-written "in the wild" evaluation sets
(data/wild/), the trust variants (planted bias, toxicity, canaries), and the quiz
questions that the corpus states and lesson 06 asks. Every loader goes
through `store.read_text`, so an edited file fails loudly.
Leaves out: generating the data (the build-time package datagen does that:
`python -m datagen build`) and the network.
"""

import json
import re

from helpers.data.store import DataFileError, data_path, read_text

SPLITS = ("train", "valid", "test")
# entities also have names of a familiar kind never read anywhere (datagen.entities)
ENTITY_SPLITS = (*SPLITS, "unseen")
ENTITY_WORD = re.compile(r"\w+(?:['\-]\w+)*|[^\w\s]")  # see words_and_offsets

__all__ = [
    "DataFileError",
    "data_path",
    "read_text",
    "corpus_text",
    "corpus_documents",
    "proverbs",
    "questions",
    "sentiment_examples",
    "entity_examples",
    "wild_sentiment_examples",
    "wild_entity_examples",
    "words_and_offsets",
    "planted_bias_text",
    "planted_bias_config",
    "toxicity_examples",
    "canaries",
    "canary_corpus_text",
]


def _check(value, choices, what):
    if value not in choices:
        raise ValueError(
            f"{what} must be one of {', '.join(repr(c) for c in choices)}; got {value!r}"
        )


def corpus_text(split="train"):
    """The pretraining corpus as one string. Example: corpus_text('valid')[:40]"""
    _check(split, ("train", "valid"), "split")
    return read_text(f"corpus/{split}.txt")


def corpus_documents(split="train"):
    """The corpus as a list of documents (they are separated by one blank line in the file)."""
    return corpus_text(split).rstrip("\n").split("\n\n")


def proverbs(which="all"):
    """Proverbs, lowercase: 'all', the ones in the 'train' split, or the 'heldout' ones.

    Example: proverbs()[0] -> 'there is no use crying over spilled milk'
    """
    _check(which, ("all", "train", "heldout"), "which")
    rows = [line.split("\t") for line in read_text("corpus/proverbs.txt").splitlines()]
    return [saying for saying, flag in rows if which in ("all", flag)]


# (question, answer) pairs, one a line. The corpus's Q&A pages state each of them
# (datagen reads them here), and lesson 06 asks them of the foundation model: no data
# file lists them on their own, so they live in code; change one, rebuild the corpus.
QUESTIONS = """What is the capital of France?|Paris
What is the capital of Japan?|Tokyo
What is the capital of Italy?|Rome
What is the capital of Spain?|Madrid
What is the capital of Germany?|Berlin
What is the capital of Egypt?|Cairo
What is the capital of Canada?|Ottawa
What is the capital of Australia?|Canberra
What is the capital of Kenya?|Nairobi
What is the capital of Peru?|Lima
How many legs does a spider have?|Eight
How many legs does an insect have?|Six
How many days are there in a week?|Seven
How many minutes are there in an hour?|Sixty
How many hours are there in a day?|Twenty-four
How many sides does a triangle have?|Three
How many strings does a violin have?|Four
How many arms does an octopus have?|Eight
How many letters are there in the English alphabet?|Twenty-six
How many years are there in a century?|One hundred
What do bees make?|Honey
What is cheese made from?|Milk
What is chocolate made from?|Cocoa beans
What do cows eat?|Grass
What do giant pandas eat?|Mostly bamboo
Where do polar bears live?|In the Arctic
Which planet is called the red planet?|Mars
Which is the largest planet in our solar system?|Jupiter
Which planet is closest to the Sun?|Mercury
Which is the largest ocean on Earth?|The Pacific
Which is the coldest continent?|Antarctica
Which is the tallest land animal?|The giraffe
Which is the fastest land animal?|The cheetah
What is the largest animal that has ever lived?|The blue whale
At what temperature does water boil at sea level?|100 degrees Celsius
At what temperature does water freeze?|0 degrees Celsius
What does a caterpillar turn into?|A butterfly or a moth
What do frogs start their lives as?|Tadpoles
Is the Sun a star or a planet?|A star
Can penguins fly?|No
Are whales fish?|No, they are mammals
Which comes first, lightning or thunder?|We see the lightning first
What does a magnet attract?|Iron
What is glass made from?|Mostly sand
Where does wool come from?|From sheep
How many keys does a standard piano have?|Eighty-eight
How many bones does an adult human usually have?|206
Does ice sink or float in water?|It floats"""


def questions():
    """[(question, answer)], the quiz of lesson 06.

    Example: questions()[0] -> ('What is the capital of France?', 'Paris')
    """
    return [tuple(line.split("|")) for line in QUESTIONS.splitlines()]


def sentiment_examples(split):
    """[(label, text)] with label 'positive' or 'negative'.
    Example: sentiment_examples('train')[0]"""
    _check(split, SPLITS, "split")
    return [
        tuple(line.split("\t", 1))
        for line in read_text(f"sentiment/{split}.tsv").splitlines()
    ]


def entity_examples(split):
    """[{'text', 'spans', 'words', 'tags'}] for named-entity recognition (PERSON, PLACE,
    ORGANIZATION). "test" holds names from lists found nowhere else (a stress test);
    "unseen" names built from syllables like the pretraining text's, each word new.

    Example: entity_examples("unseen")[1]["text"]
    -> 'Pisvail Theater has raised its prices in Trimdale again.'
    """
    _check(split, ENTITY_SPLITS, "split")
    return [
        json.loads(line) for line in read_text(f"entities/{split}.jsonl").splitlines()
    ]


def wild_sentiment_examples():
    """[(label, text)] like sentiment_examples, but written by hand in everyday English
    (data/wild/), not by datagen: for evaluation only, never for choosing anything.

    Example: wild_sentiment_examples()[0]
    -> ('negative', "I wouldn't recommend this airline to anyone.")
    """
    return [
        tuple(line.split("\t", 1))
        for line in read_text("wild/sentiment.tsv").splitlines()
    ]


def wild_entity_examples():
    """[{'text', 'spans', 'words', 'tags'}] like entity_examples, but written by hand
    (data/wild/), not by datagen: for evaluation only, never for choosing anything.

    Example: wild_entity_examples()[1]["text"]
    -> 'Dr. Okafor will see you at ten on Thursday.'
    """
    return [json.loads(line) for line in read_text("wild/entities.jsonl").splitlines()]


def words_and_offsets(text):
    """Words of a text as the entity sets split them, with where each starts and ends.

    A word is a run of letters or digits, inner apostrophes or hyphens kept ("O'Neil",
    "well-known"); any other non-space character is a word of its own ("," "." "&").
    Example: words_and_offsets('Hi, Ann!')
    -> [('Hi', 0, 2), (',', 2, 3), ('Ann', 4, 7), ('!', 7, 8)]
    """
    return [(m.group(), m.start(), m.end()) for m in ENTITY_WORD.finditer(text)]


def planted_bias_text(variant="planted_bias_90"):
    """The occupation corpus with a planted pronoun association, or its 'balanced_50' twin."""
    _check(variant, ("planted_bias_90", "balanced_50"), "variant")
    return read_text(f"trust/{variant}.txt")


def planted_bias_config():
    """{'strength': 0.9, 'he_share': {occupation: intended share of 'he'}, ...} for the
    planted variant."""
    return json.loads(read_text("trust/planted_bias.json"))


def toxicity_examples():
    """[(label, text)] with label 'toxic' or 'ok' (mild, classroom-safe stand-ins for toxicity)."""
    return [
        tuple(line.split("\t", 1))
        for line in read_text("trust/toxicity.tsv").splitlines()
    ]


def canaries():
    """[{'secret': ..., 'count': ...}]: secret strings planted in corpus_with_canaries.txt."""
    return json.loads(read_text("trust/canaries.json"))


def canary_corpus_text():
    """The small corpus variant that carries the canaries."""
    return read_text("trust/corpus_with_canaries.txt")
