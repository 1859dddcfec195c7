"""Opinion phrases for reviews: what people praise or complain about, in natural words.

Handles: aspects of a meal, a film, a product, a trip and a book (with their agreement),
positive and negative predicates ("{be} cold and bland"), whole-sentence verdicts
("Never again."), negated and mixed phrasings, and a fixed split of every list into a part
the labeled sentiment TRAIN pool may use and a part kept for the TEST set.
Leaves out: sarcasm and irony (a human could not label them without context either).
The pretraining corpus uses every phrase; only the labeled sets respect the split, so a
pretrained model has seen the test phrases in unlabeled reviews and a from-scratch model has not.
"""

# Aspects per domain: "name|s" (singular) or "name|p" (plural), so predicates agree.
ASPECTS = {
    "food": """the soup|s the bread|s the pasta|s the fish|s the dessert|s the coffee|s the salad|s
the pizza|s the service|s the waiter|s the staff|p the portions|p the prices|p the fries|p
the chicken|s the curry|s the cake|s the noodles|p the tea|s the breakfast|s the menu|s the sauce|s""",
    "film": """the film|s the story|s the acting|s the ending|s the music|s the jokes|p the dialogue|s
the plot|s the lead actor|s the special effects|p the first half|s the characters|p the camera work|s the sequel|s""",
    "product": """it|s the price|s the delivery|s the quality|s the design|s the instructions|p
the handle|s the color|s the packaging|s the battery|s the buttons|p the lid|s the size|s
the customer service|s the materials|p the finish|s""",
    "trip": """the hotel|s the room|s the beach|s the tour|s the guide|s the view|s the train ride|s
the flight|s the town|s the old harbor|s the museum|s the campsite|s the ferry|s the breakfast buffet|s
the beds|p the locals|p""",
    "book": """the story|s the ending|s the first chapter|s the characters|p the writing|s
the pictures|p the plot|s the main character|s the dialogue|s the last hundred pages|p""",
}

# Predicates: {be} becomes is/was/are/were. Written to suit every aspect of their domain.
POSITIVE = {
    "food": """{be} delicious|{be} fresh and warm|{be} worth every penny|{be} cooked to perfection
|{be} the best I have ever tasted|tasted wonderful|{be} generous|{be} friendly and quick|{be} simply perfect
|{be} full of flavor|{be} a real treat|{be} better than I expected|{be} lovely|{be} spot on
|{be} hot, fresh and tasty|{be} absolutely amazing|{be} a delight|made my day|{be} just right|{be} excellent""",
    "film": """{be} brilliant|{be} moving and funny|{be} a joy to watch|kept me on the edge of my seat
|{be} beautifully made|{be} wonderful from start to finish|{be} clever and warm|{be} a masterpiece
|made me laugh out loud|{be} worth the ticket|{be} touching|{be} gripping|stayed with me for days
|{be} superb|{be} charming|{be} a real pleasure|{be} fresh and surprising|{be} outstanding""",
    "product": """{be} sturdy and well made|works perfectly|{be} worth every penny|{be} easy to use
|{be} a great buy|{be} exactly what I needed|{be} still going strong|{be} solid|{be} excellent value
|{be} light and strong|{be} a real bargain|does the job beautifully|{be} a pleasure to use
|{be} very reliable|{be} better than the expensive ones|{be} neat and clever|{be} perfect|{be} flawless""",
    "trip": """{be} stunning|{be} spotless and comfortable|{be} unforgettable|{be} the highlight of the trip
|{be} relaxing and fun|{be} breathtaking|{be} worth the journey|{be} warm and welcoming|{be} a dream
|{be} perfectly organized|{be} charming|{be} magical|{be} peaceful and clean|{be} wonderful
|{be} better than the photos|{be} a lovely surprise|{be} delightful|{be} great value""",
    "book": """{be} wonderful|{be} hard to put down|{be} beautifully written|{be} a pleasure to read
|{be} funny and wise|{be} gripping|{be} clear and helpful|{be} charming|{be} a gem|{be} moving
|{be} full of good ideas|{be} a delight""",
}
NEGATIVE = {
    "food": """{be} cold and bland|{be} a waste of money|{be} far too salty|tasted like cardboard
|{be} stale|{be} rude and slow|{be} tiny for the price|took forever|{be} greasy and soggy
|{be} overcooked|{be} burnt|{be} a huge disappointment|{be} awful|{be} dry and tasteless
|{be} undercooked|{be} not worth the wait|{be} the worst I have ever had|{be} lukewarm at best
|made me feel sick|{be} dreadful""",
    "film": """{be} dull and far too long|{be} a waste of time|{be} boring|made no sense
|{be} painful to watch|{be} predictable from the first minute|{be} flat and lifeless|{be} a mess
|put me to sleep|{be} silly and loud|{be} forgettable|{be} a total letdown|{be} clumsy
|{be} terrible|{be} badly written|{be} confusing|dragged on forever|{be} embarrassing""",
    "product": """broke after two days|{be} a waste of money|stopped working within a week|{be} cheap and flimsy
|{be} useless|{be} impossible to use|{be} badly made|fell apart|{be} far too noisy|{be} a rip-off
|{be} junk|leaks everywhere|{be} a total disappointment|{be} faulty|died after a month
|{be} poorly designed|{be} not worth the price|{be} falling apart already""",
    "trip": """{be} dirty and cramped|{be} a nightmare|{be} overpriced|{be} a complete letdown
|{be} noisy all night|{be} nothing like the photos|{be} rude and unhelpful|{be} badly organized
|{be} crowded and smelly|{be} freezing|{be} a disaster|{be} miserable|{be} a waste of a holiday
|{be} run-down|{be} unsafe|{be} depressing|{be} shabby|{be} exhausting""",
    "book": """{be} dull|{be} hard to follow|{be} badly written|{be} a chore to read|{be} boring
|{be} full of mistakes|{be} a letdown|{be} confusing|{be} flat|{be} tedious|{be} pointless|{be} dreary""",
}

# Whole-sentence verdicts, the natural words that carry sentiment on the web.
VERDICT_POSITIVE = """I loved it.|Five stars.|Highly recommended.|We will definitely come back.
|I would recommend it to anyone.|Best money I have spent this year.|Absolutely worth it.
|I cannot wait to go back.|Two thumbs up.|A real gem.|I would buy it again in a heartbeat.
|My whole family loved it.|What a wonderful surprise.|It made me so happy.|Ten out of ten.
|I was very pleased.|Would happily pay double.|It exceeded all my expectations.
|I have already told all my friends.|Simply the best.|Not a single complaint.|Pure joy."""
VERDICT_NEGATIVE = """Never again.|A waste of money.|One star.|Avoid at all costs.|I want my money back.
|What a disappointment.|I regret it.|Do not bother.|Save your money.|I will not be going back.
|Zero stars if I could.|It ruined our evening.|Complete waste of time.|I was very disappointed.
|Stay away.|I would not recommend it to anyone.|Terrible from start to finish.|Never, ever again.
|I feel cheated.|It was a total failure.|Worst purchase ever.|I am still annoyed."""

# Negated and mixed phrasings: the label is still clear to a human.
NEGATED_POSITIVE = """it was not bad at all|I have no complaints|I was not disappointed|nothing went wrong
|I could not have asked for more|it never let me down|I did not regret it for a second|it was not expensive at all
|there was nothing to complain about|it was not as bad as people said, it was actually great"""
NEGATED_NEGATIVE = """I did not enjoy it|it was not worth the money|I would not go back|it was not good at all
|nothing about it worked|it did not live up to the hype|I could not finish it|it was not what we paid for
|I did not like it one bit|it was not fun in the slightest"""
MIXED_POSITIVE = """the start was slow, but the rest was wonderful|it was a bit pricey, but worth every penny
|the wait was long, but the food made up for it|the box was damaged, but the product itself is excellent
|the weather was gray, but we had the time of our lives|it looks plain, but it works beautifully"""
MIXED_NEGATIVE = """the poster looked great, but the film was a mess|the room was clean, but the noise was unbearable
|the price was low, but it broke the first week|the view was nice, but everything else was awful
|the staff were polite, but the food was inedible|it started well, but it fell apart quickly"""


def bars(block):
    """Split 'a|b\\n|c' into ['a', 'b', 'c']."""
    return [part.strip() for part in block.replace("\n", " ").split("|") if part.strip()]


def aspects(domain):
    """[(aspect, plural?)]. Example: aspects('food')[0] -> ('the soup', False)"""
    parts = ASPECTS[domain].replace("\n", " ").split("|")  # ['the soup', 's the bread', ..., 's']
    result = []
    name = parts[0].strip()
    for chunk in parts[1:]:
        flag, _, rest = chunk.partition(" ")
        result.append((name, flag == "p"))
        name = rest.strip()
    return result


def verdicts(polarity, domain):
    """Whole-sentence verdicts that suit a domain (no "come back" for a kettle, no "purchase" for a film)."""
    items = bars(VERDICT_POSITIVE if polarity == "positive" else VERDICT_NEGATIVE)
    if domain not in ("food", "trip"):
        items = [v for v in items if "back" not in v and "evening" not in v]
    if domain != "product":
        items = [v for v in items if "buy" not in v and "purchase" not in v and "spent" not in v]
    return items


def predicates(polarity, domain):
    """Positive or negative predicates of a domain. Example: predicates('negative', 'food')[0] -> '{be} cold and bland'"""
    table = POSITIVE if polarity == "positive" else NEGATIVE
    return bars(table[domain])


def held_for_test(items):
    """Split a list in a fixed way: every fourth item (from the third) is kept for the test set.

    Example: held_for_test(list('abcdefgh')) -> (['a', 'b', 'd', 'e', 'f', 'h'], ['c', 'g'])
    """
    train = [x for i, x in enumerate(items) if i % 4 != 2]
    test = [x for i, x in enumerate(items) if i % 4 == 2]
    return train, test


def fill(predicate, plural, tense="past"):
    """Put the right form of 'be' (and of other verbs) into a predicate.

    Example: fill('{be} stale', True) -> 'were stale'; fill('works perfectly', False, 'past') -> 'worked perfectly'
    """
    be = {("past", False): "was", ("past", True): "were", ("present", False): "is", ("present", True): "are"}[(tense, plural)]
    text = predicate.replace("{be}", be)
    if tense == "past":
        for present, past in (("works ", "worked "), ("leaks ", "leaked "), ("does ", "did ")):
            if text.startswith(present):
                text = past + text[len(present):]
    elif plural:
        for singular, plural_form in (("works ", "work "), ("leaks ", "leak "), ("does ", "do ")):
            if text.startswith(singular):
                text = plural_form + text[len(singular):]
    return text
