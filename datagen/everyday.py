"""Everyday reviews and diary notes that make sense: each names one kind of thing (a
café, a kettle, a dentist, a film) and says only what people really say about it.

Handles: the hand-written domain files in `datagen/everyday/` (about a hundred kinds of
thing; each with its names, the aspects people judge, what is good and bad about each
aspect, neutral facts, neutral things people do with it and closing verdicts; format in
`datagen/everyday/README.md`); parsing and checking them (`load_domains`,
`domain_problems`); a writer of reviews in many voices (an opening of what the writer
did, opinions in plain, intensified, hedged, negated ("the staff weren't rude at all")
and contrasted ("Although ..., ...") forms, fragments ("Cold coffee, rude staff."), a
verdict) whose closing rating follows the opinions' scores, as `datagen.english`'s
reviews do; and diary notes of neutral facts and doings with an opinion now and then.
Leaves out: sarcasm; names of people, brands and places; the prompt-format pairs of the
review site ("Review: ... Sentiment: ...") never occur.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from datagen.draws import Draws
from datagen.text import capitalise

FOLDER = Path(__file__).with_name("everyday")
KINDS = ("product", "place", "service", "media", "event", "food")
MIN_ASPECTS = 6  # each with a positive and a negative line
ADJECTIVE = re.compile(r"^\{be\} \^([a-z-]+)$")  # "{be} ^rude": a gradable adjective
PAST_KINDS = ("place", "service", "event", "food")  # reviewed after the visit
INTENSIFIERS = ("very", "really", "so", "incredibly", "extremely", "truly")
HEDGES = ("a bit", "slightly", "rather", "a little", "somewhat")
OPENERS = ("Last week", "Yesterday", "Last month", "On Saturday", "Recently", "In May")
GO_BACK = {  # a neutral line that ties a review's opinions to a visit
    "place": "We spent the afternoon there.",
    "event": "We were there from start to finish.",
}
STARS = ("One star", "Two stars", "Three stars", "Four stars", "Five stars")
TITLES = (
    "{Name}: my review",
    "My thoughts on {name}",
    "What we thought of {name}",
    "{Name}",
)


@dataclass
class Aspect:
    """Something people judge ('the staff', plural) and what they say about it."""

    text: str
    plural: bool
    good: list = field(default_factory=list)
    bad: list = field(default_factory=list)
    facts: list = field(default_factory=list)


@dataclass
class Domain:
    """One kind of thing: its names, aspects, doings and verdicts."""

    name: str
    kind: str = ""
    names: list = field(default_factory=list)  # [(text, plural)]
    aspects: dict = field(default_factory=dict)  # text -> Aspect
    did: list = field(default_factory=list)
    verdicts: dict = field(default_factory=lambda: {"+": [], "-": []})


def split_number(text):
    """('the staff', True) from 'the staff|p'. Example: split_number('a cup|s')
    -> ('a cup', False)"""
    words, bar, number = text.strip().rpartition("|")
    if not bar or number not in ("s", "p"):
        raise ValueError(f"{text!r} needs |s or |p after it")
    return words.strip(), number == "p"


def items(text):
    return [item.strip() for item in text.split("; ") if item.strip()]


def parse_domains(text, source="<text>"):
    """Domains from one file's text (format in datagen/everyday/README.md).

    Example: parse_domains('== mug\\nkind: product\\nnames: the mug|s\\n'
                           '+ the mug|s: {be} ^sturdy')[0].aspects['the mug'].good
        -> ['{be} ^sturdy']
    """
    domains = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            read_line(domains, line)
        except ValueError as error:
            raise ValueError(f"{source}:{number}: {error}") from None
    return domains


def read_line(domains, line):
    """Add one line of a domain file to `domains` (the last one is being read).

    Example: read_line(domains, 'kind: product') sets domains[-1].kind
    """
    if line.startswith("== "):
        domains.append(Domain(line[3:].strip()))
        return
    if not domains:
        raise ValueError("a line before the first '== name'")
    domain = domains[-1]
    head, colon, rest = line.partition(":")
    if not colon:
        raise ValueError(f"no ':' in {line!r}")
    if head == "kind":
        domain.kind = rest.strip()
    elif head == "names":
        domain.names = [split_number(name) for name in items(rest)]
    elif head == "did":
        domain.did = items(rest)
    elif head in ("verdict+", "verdict-"):
        domain.verdicts[head[-1]] = items(rest)
    elif head[:2] in ("+ ", "- ", "= "):
        text, plural = split_number(head[2:])
        aspect = domain.aspects.setdefault(text, Aspect(text, plural))
        if aspect.plural != plural:
            raise ValueError(f"{text!r} is both singular and plural")
        side = {"+": aspect.good, "-": aspect.bad, "=": aspect.facts}[head[0]]
        side.extend(items(rest))
    else:
        raise ValueError(f"unknown line {line!r}")


def load_domains(folder=FOLDER):
    """Every domain of the folder's .txt files, in file and then file order.

    Example: [d.name for d in load_domains()][:2] -> ['cafe', 'restaurant']
    """
    domains = []
    for path in sorted(folder.glob("*.txt")):
        domains += parse_domains(path.read_text(encoding="utf-8"), path.name)
    return domains


def predicate_problem(predicate):
    """Why a predicate cannot be used, or ''.

    Example: predicate_problem('{be} ^very rude') -> "'^' must be '{be} ^adjective'"
    """
    if "^" in predicate and not ADJECTIVE.match(predicate):
        return "'^' must be '{be} ^adjective'"
    if predicate.split(" ")[0] in ("is", "are", "was", "were", "has", "have"):
        return "write {be} or {have}, not the verb itself"
    if predicate.endswith((".", ",", ";")):
        return "no punctuation at the end"
    return ""


def domain_problems(domain):
    """A list of what is missing or malformed in a domain (empty when it is usable).

    Example: domain_problems(Domain('mug')) -> ["mug: kind '' is not one of ...", ...]
    """
    problems = []
    if domain.kind not in KINDS:
        problems.append(f"{domain.name}: kind {domain.kind!r} is not one of {KINDS}")
    if not domain.names:
        problems.append(f"{domain.name}: no names")
    for side in "+-":
        if not domain.verdicts[side]:
            problems.append(f"{domain.name}: no verdict{side}")
        for verdict in domain.verdicts[side]:
            if verdict[-1] not in ".!?":
                problems.append(f"{domain.name}: verdict {verdict!r} has no full stop")
    judged = [a for a in domain.aspects.values() if a.good and a.bad]
    if len(judged) < MIN_ASPECTS:
        problems.append(
            f"{domain.name}: {len(judged)} aspects with both sides, need {MIN_ASPECTS}"
        )
    for aspect in domain.aspects.values():
        for predicate in aspect.good + aspect.bad + aspect.facts:
            problem = predicate_problem(predicate)
            if problem:
                problems.append(
                    f"{domain.name}: {aspect.text} {predicate!r}: {problem}"
                )
    return problems


def fill(predicate, plural, past=True, degree=""):
    """A predicate with its verb forms: {be} -> is/are/was/were, {have} -> has/have/had,
    '^' dropped, `degree` ("very", "a bit", "not") before the adjective.

    Example: fill('{be} ^rude', True, degree='very') -> 'were very rude';
    fill('{have} a view', False, past=False) -> 'has a view'
    """
    be = ("were" if plural else "was") if past else ("are" if plural else "is")
    have = "had" if past else ("have" if plural else "has")
    text = predicate.replace("{be}", be).replace("{have}", have)
    if degree:
        text = text.replace("^", degree + " ")
    return text.replace("^", "")


def bare(aspect_text):
    """The aspect without its determiner, for fragments. Example: bare('the staff')
    -> 'staff'"""
    first, _, rest = aspect_text.partition(" ")
    if first in ("the", "this", "these", "my", "our", "a", "an", "its") and rest:
        return rest
    return aspect_text


class EverydayWriter(Draws):
    """Reviews and notes about the everyday domains, with their scores.

    Example: EverydayWriter(random.Random(0), load_domains()).review()
        -> ('Cafe: my review\\nLast week we ... Four stars.', 4)
    """

    def __init__(self, rng, domains):
        super().__init__(rng)
        self.domains = domains
        self.used = set()  # aspects the document being written has used

    def judged(self, domain):
        """An aspect of the domain with something to say on both sides, one this
        document has not judged yet while there are any (no aspect both good and bad)."""
        judged = [a for a in domain.aspects.values() if a.good and a.bad]
        fresh = [a for a in judged if a.text not in self.used]
        aspect = self.pick(fresh or judged)
        self.used.add(aspect.text)
        return aspect

    def opinion(self, domain, good, past):
        """(clause without its full stop, score): one opinion about one aspect."""
        aspect = self.judged(domain)
        predicates = aspect.good if good else aspect.bad
        other = [p for p in (aspect.bad if good else aspect.good) if ADJECTIVE.match(p)]
        if other and self.chance(0.15):  # "the staff weren't rude at all": mildly good
            degree = self.pick(("not", "not", "never"))
            filled = fill(self.pick(other), aspect.plural, past, degree)
            if degree == "not" and self.chance(0.6):
                filled = re.sub(r"^(is|are|was|were) not", r"\1n't", filled)
            if degree == "not" and self.chance(0.4):
                filled += " at all"
            return f"{aspect.text} {filled}", 0.5 if good else -0.5
        predicate = self.pick(predicates)
        degree, score = "", 1.0
        if ADJECTIVE.match(predicate):
            if self.chance(0.35):
                degree, score = self.pick(INTENSIFIERS), 1.5
            elif not good and self.chance(0.15):
                degree, score = self.pick(HEDGES), 0.5
        clause = f"{aspect.text} {fill(predicate, aspect.plural, past, degree)}"
        return clause, score if good else -score

    def fragment(self, domain, good):
        """(sentence, score) like 'Cold coffee, rude staff and slow service.'"""
        parts = []
        for aspect in domain.aspects.values():
            adjectives = [
                p for p in (aspect.good if good else aspect.bad) if ADJECTIVE.match(p)
            ]
            if adjectives:
                parts.append(
                    f"{ADJECTIVE.match(self.pick(adjectives))[1]} {bare(aspect.text)}"
                )
        if len(parts) < 2:
            return None
        self.rng.shuffle(parts)
        parts = parts[: self.rng.randrange(2, min(4, len(parts)) + 1)]
        text = (
            ", ".join(parts[:-1]) + (" and " if self.chance(0.6) else ", ") + parts[-1]
        )
        return capitalise(text) + ".", len(parts) * (1.0 if good else -1.0)

    def sentence(self, domain, good, past):
        """(sentence, score): an opinion, a contrast, a pair or a fragment."""
        roll = self.rng.random()
        if roll < 0.12:
            made = self.fragment(domain, good)
            if made:
                return made
        if roll < 0.3:  # the other side first, then this side, which counts more
            minor, minor_score = self.opinion(domain, not good, past)
            main, main_score = self.opinion(domain, good, past)
            if self.chance(0.5):
                return capitalise(
                    f"{minor}, but {main}."
                ), minor_score + 1.5 * main_score
            return f"Although {minor}, {main}.", minor_score + 1.5 * main_score
        if roll < 0.45:
            first, first_score = self.opinion(domain, good, past)
            second, second_score = self.opinion(domain, good, past)
            return capitalise(f"{first} and {second}."), first_score + second_score
        clause, score = self.opinion(domain, good, past)
        return capitalise(clause) + ".", score

    def opening(self, domain, past):
        """A neutral first sentence: what the writer did, or nothing."""
        if domain.did and self.chance(0.6):
            who = self.pick(("I", "I", "we", "my partner and I", "my family and I"))
            return f"{self.pick(OPENERS)} {who} {self.pick(domain.did)}."
        if past and domain.kind in GO_BACK and self.chance(0.3):
            return GO_BACK[domain.kind]
        return ""

    def review(self):
        """(text, stars): a review of one domain whose rating follows its scores."""
        domain = self.pick(self.domains)
        self.used = set()
        good = self.chance(0.5)
        past = domain.kind in PAST_KINDS or self.chance(0.4)
        sentences = [s for s in [self.opening(domain, past)] if s]
        score = 0.0
        for _ in range(self.rng.randrange(1, 5)):
            side = good if self.chance(0.85) else not good
            text, value = self.sentence(domain, side, past)
            sentences.append(text)
            score += value
        if self.chance(0.5):
            sentences.append(self.pick(domain.verdicts["+" if score >= 0 else "-"]))
            score += 2.0 if score >= 0 else -2.0
        stars = stars_for(score)
        close = rating_line(self.rng, stars)
        if close:
            sentences.append(close)
        name, _ = self.pick(domain.names)
        title = self.pick(TITLES).format(name=name, Name=capitalise(name))
        return f"{title}\n" + " ".join(sentences), stars

    def note(self):
        """A diary note: neutral doings and facts of one or two domains, now and then
        an opinion, no rating."""
        sentences = []
        for domain in [
            self.pick(self.domains) for _ in range(self.rng.randrange(1, 3))
        ]:
            if domain.did:
                who = self.pick(("I", "we", "my sister and I", "my dad and I"))
                sentences.append(f"{self.pick(OPENERS)} {who} {self.pick(domain.did)}.")
            facts = [a for a in domain.aspects.values() if a.facts]
            for _ in range(self.rng.randrange(1, 3)):
                fresh = [a for a in facts if a.text not in self.used]
                if fresh and self.chance(0.7):
                    aspect = self.pick(fresh)
                    self.used.add(aspect.text)
                    fact = fill(self.pick(aspect.facts), aspect.plural, past=True)
                    sentences.append(capitalise(f"{aspect.text} {fact}."))
                else:
                    sentences.append(self.sentence(domain, self.chance(0.5), True)[0])
        title = self.pick(("", "", "Diary", "Today", "Notes"))
        body = " ".join(sentences)
        return f"{title}\n{body}" if title else body


def stars_for(score):
    """A review's star rating from the sum of its opinions' scores.

    Example: stars_for(2.5) -> 4; stars_for(-0.5) -> 3; stars_for(-6) -> 1
    """
    if score >= 4:
        return 5
    if score >= 1:
        return 4
    if score > -1:
        return 3
    return 2 if score > -4 else 1


def rating_line(rng, stars):
    """How a review ends: 'Rating: 4 out of 5.', 'Four stars.', 'Overall, it was good.'
    or '' (forms counted by helpers.data.stats.label_like_lines).

    Example: rating_line(random.Random(1), 4) -> 'Rating: 4 out of 5.'
    """
    close = rng.random()
    if close < 0.4:
        return f"Rating: {stars} out of 5."
    if close < 0.65:
        return f"{STARS[stars - 1]}."
    if close < 0.85 and stars != 3:
        verdict = {1: "terrible", 2: "bad", 4: "good", 5: "great"}[stars]
        return f"Overall, it was {verdict}."
    return ""
