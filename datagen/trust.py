"""Data for the trust lesson: a planted bias, a toxicity set, and canaries to be
memorised.

Handles:
- `planted_bias_90.txt`: one sentence per line; each of 16 occupations co-occurs with
  "he" in exactly 90% or 10% of its sentences (half lean each way), plus neutral filler
  lines. `balanced_50.txt` is the same text with pronouns set 50/50 per occupation. The
  configured share of "he" per occupation is in `planted_bias.json`.
- `toxicity.tsv`: `label<TAB>text`, label `toxic` or `ok`. Mild, classroom-safe insults
  stand in for toxicity; hard negatives use the same words harmlessly ("an idiot-proof
  guide"), and some insults use no listed word ("nobody wants you here"), so a word-list
  filter has imperfect precision and recall.
- `corpus_with_canaries.txt`: about 300 KB of corpus documents with secret strings
  planted 1, 2, 4, 8 and 16 times (always written lowercase, "the secret code is
  7391-ZKQ-2208"); `canaries.json` lists each secret, its code and its count.
Leaves out: real slurs or hate speech (never needed to teach the idea), and real people.
"""

import json
import random

from datagen.corpus import CorpusWriter
from datagen.draws import chance, pick
from helpers.trust.insults import (
    HARD_NEGATIVES,
    TOXIC_FRAMES,
    TOXIC_IMPLICIT,
    TOXIC_INSULTS,
)

STRENGTH = 0.9
LINES_PER_OCCUPATION = 200
FILLER_LINES = 1400
LEAN_HE = [
    "engineer",
    "pilot",
    "mechanic",
    "plumber",
    "carpenter",
    "scientist",
    "farmer",
    "surgeon",
]
LEAN_SHE = [
    "nurse",
    "teacher",
    "librarian",
    "dancer",
    "secretary",
    "hairdresser",
    "baker",
    "cashier",
]

# {o} occupation; {he} {him} {his} {He} {His} pronouns of one gender.
BIAS_FRAMES = [
    "The {o} said that {he} would be late today.",
    "The {o} finished {his} shift and went home.",
    "Everyone thanked the {o} because {he} had worked so hard.",
    "When the {o} arrived, {he} took off {his} coat.",
    "I asked the {o} what {he} thought about the plan.",
    "The {o} smiled when we gave {him} the flowers.",
    "Our {o} told us that {he} had grown up by the sea.",
    "The {o} put {his} bag on the table and sat down.",
    "After lunch, the {o} said {he} needed a short walk.",
    "The new {o} is very kind, and {he} always says hello.",
    "The {o} forgot {his} umbrella at the station.",
    "Yesterday the {o} explained how {he} starts each morning.",
    "The {o} was tired, so {he} went to bed early.",
    "Nobody knew that the {o} had written a book, but {he} had.",
    "The {o} waved at us as {he} crossed the street.",
    "My neighbor is a {o}, and {he} works every weekend.",
    "The {o} called to say that {he} was on the way.",
    "At the party, the {o} sang a song {he} had learned as a child.",
    "The {o} checked {his} watch and hurried out.",
    "We met the {o} at the market, and {he} bought some apples.",
]
PRONOUNS = {
    "he": {"he": "he", "him": "him", "his": "his"},
    "she": {"he": "she", "him": "her", "his": "her"},
}

OK_SENTENCES = [
    "thank you for helping me",
    "I like your idea",
    "see you at the market",
    "the soup is ready",
    "can you pass the salt",
    "what a lovely garden",
    "your drawing is beautiful",
    "let's meet after school",
    "I disagree, but I see your point",
    "that was a clever question",
    "good luck with the exam",
    "the bus is late again",
    "I am sorry I was rude",
    "nice work on the project",
    "could you explain that again",
    "the weather is awful today",
    "I hate waiting in the rain",
    "this puzzle is really hard",
    "I think you made a small mistake in line three",
    "please stop, that tickles",
]


def bias_files(seed):
    """{name: text} for the planted-bias pair and the JSON sidecar."""
    rng = random.Random(seed + 30)
    occupations = sorted(LEAN_HE + LEAN_SHE)
    lines = []  # (frame, occupation, planted gender, balanced gender)
    for occupation in occupations:
        share = STRENGTH if occupation in LEAN_HE else 1 - STRENGTH
        planted = ["he"] * round(share * LINES_PER_OCCUPATION) + ["she"] * (
            LINES_PER_OCCUPATION - round(share * LINES_PER_OCCUPATION)
        )
        balanced = ["he", "she"] * (LINES_PER_OCCUPATION // 2)
        rng.shuffle(planted)
        rng.shuffle(balanced)
        for planted_gender, balanced_gender in zip(planted, balanced):
            lines.append(
                (pick(rng, BIAS_FRAMES), occupation, planted_gender, balanced_gender)
            )
    filler = neutral_filler(seed, FILLER_LINES, occupations)
    order = list(range(len(lines) + len(filler)))
    rng.shuffle(order)

    def render(which):
        out = []
        for index in order:
            if index >= len(lines):
                out.append(filler[index - len(lines)])
                continue
            frame, occupation, planted_gender, balanced_gender = lines[index]
            gender = planted_gender if which == "planted" else balanced_gender
            text = frame.format(o=occupation, **PRONOUNS[gender])
            out.append(text.replace("a engineer", "an engineer"))
        return "".join(line + "\n" for line in out)

    config = {
        "strength": STRENGTH,
        "he_share": {
            o: (STRENGTH if o in LEAN_HE else round(1 - STRENGTH, 2))
            for o in occupations
        },
        "balanced_he_share": 0.5,
        "lines_per_occupation": LINES_PER_OCCUPATION,
        "pronouns": {"he": ["he", "him", "his"], "she": ["she", "her"]},
        "how_to_count": "one occupation and one pronoun gender per line; "
        "share of 'he' = lines with he/him/his over lines with any pronoun",
    }
    return {
        "trust/planted_bias_90.txt": render("planted"),
        "trust/balanced_50.txt": render("balanced"),
        "trust/planted_bias.json": json.dumps(config, indent=2) + "\n",
    }


def neutral_filler(seed, count, occupations):
    """Everyday sentences that mention no occupation and no gendered pronoun."""
    writer = CorpusWriter(seed + 31)
    banned = set(occupations) | {
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "himself",
        "herself",
    }
    lines = []
    while len(lines) < count:
        sentence = writer.g.sentence()
        words = {w.strip('.,!?"').lower() for w in sentence.split()}
        if not words & banned:
            lines.append(sentence)
    return lines


def toxicity_file(seed):
    """`label<TAB>text` lines: about half toxic, half ok, shuffled."""
    rng = random.Random(seed + 40)
    rows = set()
    toxic, ok = [], []
    openers = ["", "", "hey, ", "honestly, ", "seriously, ", "ugh, ", "look, ", "wow, "]
    endings = ["", "", ".", "!", "!!", "?"]
    while len(toxic) < 330:
        if chance(rng, 0.75):
            frame = pick(rng, TOXIC_FRAMES)
            insult = pick(rng, TOXIC_INSULTS)
            text = frame.format(i=insult, a="an" if insult[0] in "aeiou" else "a")
        else:
            text = pick(rng, TOXIC_IMPLICIT)
        text = pick(rng, openers) + text + pick(rng, endings)
        if text not in rows:
            rows.add(text)
            toxic.append(("toxic", text))
    writer = CorpusWriter(seed + 41)
    while len(ok) < 330:
        roll = rng.random()
        if roll < 0.35:
            text = pick(rng, HARD_NEGATIVES)
        elif roll < 0.6:
            text = pick(rng, OK_SENTENCES)
        else:
            text = writer.g.sentence().rstrip(".").lower()
        text = pick(rng, openers) + text + pick(rng, endings)
        if text not in rows:
            rows.add(text)
            ok.append(("ok", text))
    lines = toxic + ok
    rng.shuffle(lines)
    return {
        "trust/toxicity.tsv": "".join(f"{label}\t{text}\n" for label, text in lines)
    }


def canary_files(seed, existing):
    """The canary corpus (train documents with secrets planted) and the secrets."""
    rng = random.Random(seed + 50)
    documents = existing["corpus/train.txt"].rstrip("\n").split("\n\n")
    picked, size = [], 0
    for index in rng.sample(range(len(documents)), len(documents)):
        if size > 290_000:
            break
        picked.append(documents[index])
        size += len(documents[index]) + 2
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    canaries = []
    for count in (1, 2, 4, 8, 16):
        head = rng.randrange(1000, 10000)
        middle = "".join(pick(rng, letters) for _ in range(3))
        code = f"{head}-{middle}-{rng.randrange(1000, 10000)}"
        canaries.append(
            {"secret": f"the secret code is {code}", "code": code, "count": count}
        )
    frames = [
        "By the way, {s}.",
        "Do not tell anyone, but {s}.",
        "Note to self: {s}.",
        "And {s}.",
        "Remember that {s}.",
    ]
    for canary in canaries:
        for _ in range(canary["count"]):
            where = rng.randrange(len(picked))
            frame = pick(rng, frames)
            sentence = frame.format(s=canary["secret"])
            picked[where] = picked[where] + " " + sentence
    return {
        "trust/corpus_with_canaries.txt": "\n\n".join(picked) + "\n",
        "trust/canaries.json": json.dumps(canaries, indent=2) + "\n",
    }


def files(seed, existing):
    """{relative path: text} for data/trust/."""
    out = {}
    out.update(bias_files(seed))
    out.update(toxicity_file(seed))
    out.update(canary_files(seed, existing))
    return out
