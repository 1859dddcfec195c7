"""Opinion phrases for reviews: what people praise or complain about, in natural words.

Handles: aspects of a meal, a film, a product, a trip and a book (with their agreement),
positive and negative predicates ("{be} cold and bland"), whole-sentence verdicts
("Never again."), negated and mixed phrasings, and a fixed split of every list into a
part the labeled sentiment TRAIN pool may use and a part kept for the TEST set.
Leaves out: sarcasm and irony (a human could not label them without context either). The
pretraining corpus uses every phrase; only the labeled sets respect the split, so a
pretrained model has seen the test phrases in unlabeled reviews and a from-scratch model
has not.
"""

from datagen.text import bars

# Aspects per domain: "name|s" (singular) or "name|p" (plural), with "h" for people
# ("the waiter|sh"), so predicates agree in number and suit what they describe.
ASPECTS = {
    "food": """the soup|s the bread|s the pasta|s the fish|s the dessert|s the coffee
|s the salad|s the pizza|s the fries|p the chicken|s the curry|s the cake
|s the noodles|p the tea|s the breakfast|s the sauce|s the pie|s the dumplings
|p the service|sh the waiter|sh the staff|ph the cook|sh""",
    "film": """the film|s the story|s the ending|s the music|s the jokes|p the plot
|s the special effects|p the first half|s the sequel|s the last scene
|s the whole thing|s the acting|sh the lead actor|sh the cast|sh the director|sh""",
    "product": """it|s this one|s the whole thing|s mine|s the new model
|s the one I got|s the second one|s the seller|sh the customer service
|sh the delivery man|sh""",
    "trip": """the hotel|s the beach|s the tour|s the view|s the old town|s the harbor
|s the museum|s the campsite|s the boat trip|s the whole trip|s the weekend
|s the island|s the guide|sh the locals|ph the hotel staff|ph""",
    "book": """the story|s the ending|s the first chapter|s the writing|s the plot
|s the last hundred pages|p the whole book|s the middle part|s the main character
|sh the narrator|sh""",
}

# Predicates: {be} becomes is/was/are/were. A leading "@" marks a predicate for people
# only, "&" one that suits people and things; the rest suit every non-human aspect of
# their domain.
POSITIVE = {
    "food": """{be} delicious|{be} fresh and warm|&{be} worth every penny
|{be} cooked to perfection|{be} the best I have ever tasted|tasted wonderful
|@{be} friendly and quick|{be} simply perfect|{be} full of flavor|&{be} a real treat
|&{be} better than I expected|&{be} lovely|&{be} spot on|{be} hot, fresh and tasty
|&{be} absolutely amazing|&{be} a delight|&made my day|{be} just right|&{be} excellent
|@{be} kind and attentive|@could not do enough for us""",
    "film": """&{be} brilliant|{be} moving and funny|{be} a joy to watch
|kept me on the edge of my seat|{be} beautifully made
|&{be} wonderful from start to finish|&{be} clever and warm|{be} a masterpiece
|&made me laugh out loud|&{be} worth the ticket|&{be} touching|{be} gripping
|&stayed with me for days|&{be} superb|&{be} charming|&{be} a real pleasure
|&{be} fresh and surprising|&{be} outstanding""",
    "product": """{be} sturdy and well made|works perfectly|{be} worth every penny
|{be} easy to use|{be} a great buy|{be} exactly what I needed|{be} still going strong
|{be} solid|{be} excellent value|{be} light and strong|{be} a real bargain
|does the job beautifully|{be} a pleasure to use|{be} very reliable
|{be} better than the expensive ones|{be} neat and clever|{be} perfect|{be} flawless
|@{be} quick and helpful|@{be} friendly and fast|@went out of their way to help""",
    "trip": """&{be} stunning|{be} unforgettable|&{be} the highlight of the trip
|{be} relaxing and fun|{be} breathtaking|&{be} worth the journey
|@{be} warm and welcoming|{be} a dream|&{be} charming|{be} magical
|{be} peaceful and clean|&{be} wonderful|{be} better than the photos
|&{be} a lovely surprise|&{be} delightful|{be} great value|@{be} friendly and helpful
|@made us feel at home""",
    "book": """&{be} wonderful|{be} hard to put down|{be} beautifully written
|{be} a pleasure to read|&{be} funny and wise|{be} gripping|&{be} charming|{be} a gem
|&{be} moving|{be} full of good ideas|&{be} a delight|@{be} easy to love""",
}
NEGATIVE = {
    "food": """{be} cold and bland|&{be} a waste of money|{be} far too salty
|tasted like cardboard|{be} stale|@{be} rude and slow|@took forever
|{be} greasy and soggy|{be} overcooked|{be} burnt|&{be} a huge disappointment
|&{be} awful|{be} dry and tasteless|{be} undercooked|&{be} not worth the wait
|{be} the worst I have ever had|{be} lukewarm at best|made me feel sick|&{be} dreadful
|@ignored us all evening""",
    "film": """{be} dull and far too long|&{be} a waste of time|&{be} boring
|made no sense|&{be} painful to watch|{be} predictable from the first minute
|&{be} flat and lifeless|{be} a mess|&put me to sleep|&{be} silly and loud
|&{be} forgettable|&{be} a total letdown|&{be} clumsy|&{be} terrible
|{be} badly written|&{be} confusing|dragged on forever|&{be} embarrassing""",
    "product": """broke after two days|{be} a waste of money
|stopped working within a week|{be} cheap and flimsy|{be} useless
|{be} impossible to use|{be} badly made|fell apart|{be} far too noisy|{be} a rip-off
|{be} junk|leaks everywhere|{be} a total disappointment|{be} faulty|died after a month
|{be} poorly designed|{be} not worth the price|{be} falling apart already
|@{be} rude and unhelpful|@never answered my emails|@{be} slow and careless""",
    "trip": """{be} dirty and cramped|&{be} a nightmare|&{be} overpriced
|&{be} a complete letdown|{be} noisy all night|{be} nothing like the photos
|@{be} rude and unhelpful|{be} badly organized|{be} crowded and smelly|{be} freezing
|&{be} a disaster|&{be} miserable|{be} a waste of a holiday|{be} run-down|{be} unsafe
|&{be} depressing|{be} shabby|&{be} exhausting|@{be} unfriendly and cold""",
    "book": """&{be} dull|{be} hard to follow|{be} badly written|{be} a chore to read
|&{be} boring|{be} full of mistakes|&{be} a letdown|&{be} confusing|&{be} flat
|&{be} tedious|{be} pointless|&{be} dreary|@{be} impossible to like""",
}

# Whole-sentence verdicts, the natural words that carry sentiment on the web.
VERDICT_POSITIVE = """I loved it.|Five stars.|Highly recommended.
|We will definitely come back.|I would recommend it to anyone.
|Best money I have spent this year.|Absolutely worth it.|I cannot wait to go back.
|Two thumbs up.|A real gem.|I would buy it again in a heartbeat.
|My whole family loved it.|What a wonderful surprise.|It made me so happy.
|Ten out of ten.|I was very pleased.|Would happily pay double.
|It exceeded all my expectations.|I have already told all my friends.|Simply the best.
|Not a single complaint.|Pure joy."""
VERDICT_NEGATIVE = """Never again.|A waste of money.|One star.|Avoid at all costs.
|I want my money back.|What a disappointment.|I regret it.|Do not bother.
|Save your money.|I will not be going back.|Zero stars if I could.
|It ruined our evening.|Complete waste of time.|I was very disappointed.|Stay away.
|I would not recommend it to anyone.|Terrible from start to finish.|Never, ever again.
|I feel cheated.|It was a total failure.|Worst purchase ever.|I am still annoyed."""

# Negated and mixed phrasings: the label is still clear to a human; any domain.
NEGATED_POSITIVE = """it was not bad at all|I have no complaints
|I was not disappointed|nothing went wrong|I could not have asked for more
|I did not regret it for a second|it was not expensive at all
|there was nothing to complain about
|it was not as bad as people said, it was actually great|I would not change a thing
|I have nothing bad to say about it|it was not boring for a moment"""
NEGATED_NEGATIVE = """I did not enjoy it|it was not worth the money
|I would not do it again|it was not good at all|nothing about it worked
|it did not live up to the hype|it was not what we paid for|I did not like it one bit
|I would not recommend it|it was not pleasant in any way
|I cannot say anything good about it|it did not work out at all"""
MIXED_POSITIVE = """the start was slow, but the rest was wonderful
|it was a bit pricey, but worth every penny|the wait was long, but it was worth it
|it looked plain, but it turned out to be excellent
|the weather was gray, but we had the time of our lives
|I had my doubts at first, but I loved it
|there were a few small problems, but overall it was great
|it was not perfect, but I enjoyed every minute"""
MIXED_NEGATIVE = """the photos looked great, but the real thing was a mess
|it started well, but it fell apart quickly
|the price was low, but it was still a waste of money
|one part was nice, but everything else was awful
|I wanted to like it, but it was a letdown
|there were some good moments, but overall it was bad
|it looked promising, but it was a huge disappointment
|the first hour was fine, but then it got terrible"""


def aspects(domain, people=None):
    """[(aspect, plural?)], optionally only people (True) or only things (False).

    Example: aspects('food')[0] -> ('the soup', False)
    """
    parts = (
        ASPECTS[domain].replace("\n", " ").split("|")
    )  # ['the soup', 's the bread', ..., 'sh']
    result = []
    name = parts[0].strip()
    for chunk in parts[1:]:
        flag, _, rest = chunk.partition(" ")
        if people is None or people == ("h" in flag):
            result.append((name, "p" in flag))
        name = rest.strip()
    return result


def is_person(domain, aspect):
    """Whether an aspect is a person.

    Example: is_person('food', 'the waiter') -> True
    """
    return (aspect, False) in aspects(domain, True) or (aspect, True) in aspects(
        domain, True
    )


def verdicts(polarity, domain):
    """Whole-sentence verdicts that suit a domain.

    Example: verdicts('positive', 'product') has "I would buy it again in a heartbeat."
    but not "We will definitely come back." (that one suits food and trips)
    """
    items = bars(VERDICT_POSITIVE if polarity == "positive" else VERDICT_NEGATIVE)
    if domain not in ("food", "trip"):
        items = [v for v in items if "back" not in v and "evening" not in v]
    if domain != "product":
        items = [
            v
            for v in items
            if "buy" not in v and "purchase" not in v and "spent" not in v
        ]
    return items


def predicates(polarity, domain, people=None):
    """A domain's predicates, '@'/'&' marks kept; people=True/False: those that suit.

    Example: predicates('negative', 'food')[0] -> '{be} cold and bland'
    """
    items = bars((POSITIVE if polarity == "positive" else NEGATIVE)[domain])
    if people is True:
        items = [p for p in items if p[0] in "@&"]
    elif people is False:
        items = [p for p in items if p[0] != "@"]
    return items


def held_for_test(items):
    """Split a list in a fixed way: every fourth item, from the third, is kept for test.

    Example: held_for_test(list('abcdefgh'))
    -> (['a', 'b', 'd', 'e', 'f', 'h'], ['c', 'g'])
    """
    train = [x for i, x in enumerate(items) if i % 4 != 2]
    test = [x for i, x in enumerate(items) if i % 4 == 2]
    return train, test


def fill(predicate, plural, tense="past"):
    """Put the right form of 'be' (and of other verbs) into a predicate.

    Example: fill('{be} stale', True) -> 'were stale';
    fill('works perfectly', False, 'past') -> 'worked perfectly'
    """
    predicate = predicate.lstrip("@&")
    be = {
        ("past", False): "was",
        ("past", True): "were",
        ("present", False): "is",
        ("present", True): "are",
    }[(tense, plural)]
    text = predicate.replace("{be}", be)
    if tense == "past":
        for present, past in (
            ("works ", "worked "),
            ("leaks ", "leaked "),
            ("does ", "did "),
        ):
            if text.startswith(present):
                text = past + text[len(present) :]
    elif plural:
        for singular, plural_form in (
            ("works ", "work "),
            ("leaks ", "leak "),
            ("does ", "do "),
        ):
            if text.startswith(singular):
                text = plural_form + text[len(singular) :]
    return text
