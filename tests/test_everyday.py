"""Tests for the everyday reviews and notes (datagen.everyday): the hand-written domain
files are complete and well formed, predicates are filled in agreeing forms, and a
review's rating follows what its sentences say."""

import random
import re

import pytest

from datagen import everyday
from helpers.data import store


@pytest.fixture(scope="module")
def domains():
    return everyday.load_domains()


def test_every_domain_file_is_complete_and_well_formed(domains):
    assert len(domains) >= 90
    names = [d.name for d in domains]
    assert len(set(names)) == len(names)
    problems = [p for d in domains for p in everyday.domain_problems(d)]
    assert problems == []
    assert {d.kind for d in domains} == set(everyday.KINDS)


def test_the_checker_finds_malformed_domains():
    domain = everyday.parse_domains(
        "== mug\nkind: gadget\nnames: the mug|s\nverdict+: Lovely\n"
        "+ the mug|s: {be} ^very sturdy; was heavy\n- the mug|s: {be} ^chipped"
    )[0]
    problems = "\n".join(everyday.domain_problems(domain))
    for expected in (
        "kind 'gadget'",
        "no verdict-",
        "'Lovely' has no full stop",
        "1 aspects with both sides",
        "'^' must be",
        "write {be} or {have}",
    ):
        assert expected in problems
    with pytest.raises(ValueError, match="2: .*needs \\|s or \\|p"):
        everyday.parse_domains("== mug\nnames: the mug")
    with pytest.raises(ValueError, match="both singular and plural"):
        everyday.parse_domains("== mug\n+ the mug|s: {be} ^new\n- the mug|p: {be} ^old")


def test_fill_agrees_in_number_and_tense():
    assert everyday.fill("{be} ^rude", True) == "were rude"
    assert (
        everyday.fill("{be} ^rude", False, past=False, degree="very") == "is very rude"
    )
    assert everyday.fill("{be} ^rude", True, past=False, degree="not") == "are not rude"
    assert everyday.fill("{have} a view", True, past=False) == "have a view"
    assert everyday.fill("{have} a view", False) == "had a view"
    assert everyday.fill("broke in a week", True) == "broke in a week"


def filled_predicates(domains, side):
    """Every aspect-plus-predicate string of one side, filled in both tenses, with and
    without an intensifier or a hedge, and its fragments ("rude staff")."""
    degrees = ("", *everyday.INTENSIFIERS, *everyday.HEDGES)
    phrases = set()
    for d in domains:
        for aspect in d.aspects.values():
            for p in aspect.good if side == "+" else aspect.bad:
                for past in (True, False):
                    for degree in degrees:
                        filled = everyday.fill(p, aspect.plural, past, degree)
                        phrases.add(f"{aspect.text} {filled}".lower())
                if adjective := everyday.ADJECTIVE.match(p):  # fragments
                    phrases.add(f"{adjective[1]} {everyday.bare(aspect.text)}".lower())
    return phrases


def test_review_ratings_follow_what_the_sentences_say(domains):
    checked = {"+": 0, "-": 0}
    for number, domain in enumerate(domains):  # one domain at a time: fewer phrases
        good = filled_predicates([domain], "+")
        bad = filled_predicates([domain], "-")
        good, bad = good - bad, bad - good
        writer = everyday.EverydayWriter(random.Random(number), [domain])
        for _ in range(30):
            text, stars = writer.review()
            lower = text.lower()
            n_good = sum(phrase in lower for phrase in good)
            n_bad = sum(phrase in lower for phrase in bad)
            negated = " not " in lower or " never " in lower or "n't " in lower
            if n_good >= 2 and n_bad == 0 and not negated:
                assert stars >= 4, text
                checked["+"] += 1
            elif n_bad >= 2 and n_good == 0 and not negated:
                assert stars <= 2, text
                checked["-"] += 1
    assert min(checked.values()) > 100


def test_opinions_and_fragments_keep_their_side(domains):
    writer = everyday.EverydayWriter(random.Random(1), domains)
    bad = {
        m[1]
        for d in domains
        for a in d.aspects.values()
        for p in a.bad
        if (m := everyday.ADJECTIVE.match(p))
    }
    for _ in range(500):
        domain = writer.pick(domains)
        clause, score = writer.opinion(domain, True, past=True)
        assert score > 0
        if score == 0.5:  # "the staff were not rude": a bad adjective negated
            negated = re.search(r"(?:\bnot|\bnever|n't) ([\w-]+)(?: at all)?$", clause)
            assert negated and negated[1] in bad, clause


def test_the_broad_text_holds_no_placeholder_and_many_everyday_reviews():
    broad = store.read_text("corpus/broad.txt")
    assert "{be}" not in broad and "{have}" not in broad and "^" not in broad
    titles = [d.names[0][0] for d in everyday.load_domains()]
    assert sum(f"My thoughts on {t}\n" in broad for t in titles) > 50


def test_domain_files_hold_no_blocked_or_identity_word():
    from datagen import make_lexicon

    text = " ".join(
        p.read_text(encoding="utf-8") for p in everyday.FOLDER.glob("*.txt")
    ).lower()
    words = set(re.findall(r"[a-z]+", text))
    assert [w for w in words if make_lexicon.blocked(w)] == []
    assert words & make_lexicon.IDENTITY == set()


def test_stars_follow_the_score_and_the_closing_line_names_them():
    scores = (-6, -4, -1.5, -1, 0, 0.5, 1, 3.5, 4, 9)
    assert [everyday.stars_for(s) for s in scores] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    lines = {everyday.rating_line(random.Random(seed), 2) for seed in range(40)}
    assert lines == {"Rating: 2 out of 5.", "Two stars.", "Overall, it was bad.", ""}
