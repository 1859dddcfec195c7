"""Solutions to lesson 07's exercises."""


def spans(tags):
    found, start, kind = set(), None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, name = tag.partition("-")
        if start is not None and (prefix != "I" or name != kind):
            found.add((start, i, kind))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, name
    return found


def fewest_labels(ks, scores, target):
    for k, score in zip(ks, scores):
        if score >= target:
            return k
    return None
