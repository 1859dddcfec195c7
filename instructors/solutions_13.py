"""Solutions to lesson 13's exercises."""


def slot_values(words, tags):
    found, span, slot = {}, [], None
    for word, tag in zip(list(words) + [""], list(tags) + ["O"]):
        kind, _, name = tag.partition("-")
        if span and (kind != "I" or name != slot):  # the open span ends here
            found.setdefault(slot, " ".join(span))
            span = []
        if kind == "B" or (kind == "I" and not span):  # a span starts here
            span, slot = [word], name
        elif kind == "I":
            span.append(word)
    return found


def gazetteer_tags(words, known):
    phrases = [(v.split(), slot) for slot, values in known.items() for v in values]
    tags, i = [], 0
    while i < len(words):
        matches = [(p, slot) for p, slot in phrases if p and words[i : i + len(p)] == p]
        if not matches:
            tags.append("O")
            i += 1
            continue
        value, slot = max(matches, key=lambda m: len(m[0]))
        tags += [f"B-{slot}"] + [f"I-{slot}"] * (len(value) - 1)
        i += len(value)
    return tags
