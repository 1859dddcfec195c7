"""Lesson 13's checks accept the instructors' solutions and reject typical mistakes."""

import pytest

from helpers import assistant
from helpers.exercises import lesson13


def test_checks_accept_the_solutions(capsys, solutions):
    found = solutions("13")
    assert lesson13.slot_values(found.slot_values)
    assert lesson13.gazetteer_tags(found.gazetteer_tags)
    assert capsys.readouterr().out.count("✓") == 2


def test_slot_cases_agree_with_the_helper():
    for (words, tags), expected, _ in lesson13._SLOT_CASES:
        assert assistant.slot_values(words, tags) == expected


def test_gazetteer_cases_agree_with_the_helper():
    for (words, known), expected, _ in lesson13._GAZETTEER_CASES:
        example = {"text": " ".join(words), "words": words, "tags": ["O"] * len(words)}
        assert assistant.gazetteer_tags([example], known) == [expected]


def spans(words, tags):
    """(slot, its words) for each span, in order, read as the solution reads them."""
    found, slot = [], None
    for word, tag in zip(words, tags):
        kind, _, name = tag.partition("-")
        if kind == "B" or (kind == "I" and (not found or slot != name)):
            found.append((name, [word]))
        elif kind == "I":
            found[-1][1].append(word)
        slot = name if kind != "O" else None
    return found


def last_span_wins(words, tags):
    return {slot: " ".join(span) for slot, span in spans(words, tags)}


def first_word_only(words, tags):  # forgets the I- words
    found = {}
    for slot, span in spans(words, tags):
        found.setdefault(slot, span[0])
    return found


def joined_without_spaces(words, tags):
    found = {}
    for slot, span in spans(words, tags):
        found.setdefault(slot, "".join(span))
    return found


def b_continues_a_span(words, tags):  # B-X right after X adds to the span
    found, slot, span = {}, None, []
    for word, tag in zip(words + [""], tags + ["O"]):
        kind, _, name = tag.partition("-")
        if kind != "O" and name == slot:
            span.append(word)
            continue
        if span:
            found.setdefault(slot, " ".join(span))
        slot, span = (name, [word]) if kind != "O" else (None, [])
    return found


def drops_a_lone_i(words, tags):  # an I- with no B- before it is skipped
    found, slot, span = {}, None, []
    for word, tag in zip(words + [""], tags + ["O"]):
        kind, _, name = tag.partition("-")
        if kind == "I" and span and name == slot:
            span.append(word)
            continue
        if span:
            found.setdefault(slot, " ".join(span))
        slot, span = (name, [word]) if kind == "B" else (None, [])
    return found


def tags_as_keys(words, tags):  # keeps the B- in the key
    return {tag: word for word, tag in zip(words, tags) if tag.startswith("B-")}


def raises(*args):
    raise KeyError("PLACE")


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda w, t: None, "not yet"),
        (last_span_wins, "the first one wins"),
        (first_word_only, "only a span's first word"),
        (joined_without_spaces, "single spaces"),
        (b_continues_a_span, "A B- tag starts a new span"),
        (drops_a_lone_i, "lenient reading"),
        (tags_as_keys, "without B- or I-"),
        (lambda w, t: list(zip(w, t)), "should return a dict"),
        (raises, "raised KeyError"),
    ],
)
def test_slot_values_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson13.slot_values(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def tagger(choose, all_b=False, split=True, rescan=False):
    """A gazetteer tagger with a mistake: choose picks among the matches at a word;
    all_b tags every word of a match B-; split=False compares whole values with one
    word; rescan looks the words inside a match up again."""

    def tag(words, known):
        phrases = [
            (v.split() if split else [v], slot)
            for slot, values in known.items()
            for v in values
        ]
        tags, i = ["O"] * len(words), 0
        while i < len(words):
            matches = [(p, s) for p, s in phrases if words[i : i + len(p)] == p]
            if not matches:
                i += 1
                continue
            value, slot = choose(matches)
            rest = "B" if all_b else "I"
            tags[i : i + len(value)] = [f"B-{slot}"] + [f"{rest}-{slot}"] * (
                len(value) - 1
            )
            i += 1 if rescan else len(value)
        return tags

    return tag


def longest(matches):
    return max(matches, key=lambda m: len(m[0]))


def shortest(matches):
    return min(matches, key=lambda m: len(m[0]))


def by_length(words, known):  # right, but max() of nothing fails when known = {}
    value_of = {tuple(v.split()): s for s, values in known.items() for v in values}
    most = max(len(v) for v in value_of)
    tags, i = [], 0
    while i < len(words):
        n = next(
            (n for n in range(most, 0, -1) if tuple(words[i : i + n]) in value_of), 0
        )
        if n == 0:
            tags, i = tags + ["O"], i + 1
            continue
        slot = value_of[tuple(words[i : i + n])]
        tags, i = tags + [f"B-{slot}"] + [f"I-{slot}"] * (n - 1), i + n
    return tags


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda w, k: None, "not yet"),
        (tagger(shortest), "tag the longest known value"),
        (tagger(lambda m: m[0]), "tag the longest known value"),  # the first listed
        (tagger(longest, all_b=True), "its other words are tagged I-"),
        (tagger(longest, split=False), "value.split()"),
        (tagger(longest, rescan=True), "go on scanning after its last word"),
        (
            lambda w, k: ["O"] * len(w),
            "should be ['O', 'B-TITLE', 'I-TITLE', 'O', 'O']",
        ),
        (lambda w, k: ["O"], "one tag per word (5 tags)"),
        (lambda w, k: " ".join(["O"] * len(w)), "should return a list of 5 tags"),
        (by_length, "{}) raised ValueError"),
        (raises, "raised KeyError"),
    ],
)
def test_gazetteer_tags_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson13.gazetteer_tags(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
