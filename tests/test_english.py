"""Tests for the broad English of corpus/broad.txt (datagen.english): its breadth, its
Zipf-like spread, subject-verb agreement in the generator's own frames, reviews whose
ratings follow their words, and the word list's exclusions."""

import re
from collections import Counter

import numpy as np
import pytest

from datagen import english, make_lexicon
from datagen import sayings as pv
from datagen.text import normalise, sentences_of
from helpers.data import store
from helpers.data.stats import words_of


@pytest.fixture(scope="module")
def broad():
    return store.read_text("corpus/broad.txt")  # checks the sha256 first


@pytest.fixture(scope="module")
def lexicon():
    return english.load_lexicon()


def forms_by_tag(lexicon):
    """{'VB', 'VBZ', 'VBD', 'NN', 'NNS', ...: set of forms} over the whole word list."""
    tags = {"NOUN": ("NN", "NNS"), "VERB": ("VB", "VBZ", "VBD", "VBG", "VBN")}
    table = {tag: set() for names in tags.values() for tag in names}
    for pos, names in tags.items():
        for word in lexicon[pos]:
            for tag, form in zip(names, word.forms):
                if form:
                    table[tag].add(form)
    return table


SINGULAR_PRONOUN = r"(?:He|She|It|he|she|it)"
OTHER_PRONOUN = r"(?:I|You|We|They|you|we|they)"
STATEMENT = "".join(f"(?<!{aux} )" for aux in ("Does", "Did", "Will", "Can", "Should"))
COLLECTIVE = {"staff", "crew", "team", "band", "family", "audience", "police"}  # either
# frames whose auxiliary must agree with the subject after it or before it
AGREEMENT_ERRORS = (
    r"\b(?:Does|Has|Is) (?:I|you|we|they)\b[^.!?]*\?",  # questions, not "Do it now."
    rf"\b(?:Do|Have|Are|Am) {SINGULAR_PRONOUN}\b[^.!?]*\?",
    rf"{STATEMENT}\b{SINGULAR_PRONOUN} (?:are|were|have|do|don't|am)\b",
    rf"{STATEMENT}\b{OTHER_PRONOUN} (?:is|has|does|doesn't|isn't|hasn't)\b",
    r"\b(?:You|We|They|you|we|they) (?:was|wasn't)\b",
    r"\bI (?:are|were|is)\b",
    r"\bThere (?:is|was) (?:two|three|many) ",
    r"\bThere are (?:a|an)\b",
)


def agreement_errors(sentences, lexicon):
    """Sentences whose verb disagrees with its pronoun or plural subject, by the
    generator's frames: a fixed auxiliary, or a lexicon verb form right after the
    subject ('She walk', 'They walks', 'The cats is')."""
    table = forms_by_tag(lexicon)
    base_only = table["VB"] - table["VBZ"] - table["VBD"] - table["VBN"]
    s_only = table["VBZ"] - table["VB"] - table["VBD"]
    plural_only = table["NNS"] - table["NN"]
    singular_only = table["NN"] - table["NNS"]
    errors = []
    for sentence in sentences:
        if any(re.search(pattern, sentence) for pattern in AGREEMENT_ERRORS):
            errors.append(sentence)
            continue
        words = re.findall(r"[\w']+", sentence)
        for first, second, third in zip(words, words[1:], words[2:] + [""]):
            if first in ("He", "She", "It") and second in base_only:
                errors.append(sentence)
            elif first in ("I", "You", "We", "They") and second in s_only:
                errors.append(sentence)
            elif first in ("The", "These", "Those", "My", "Our") and (
                (second in plural_only and third in ("is", "was", "has", "does"))
                or (
                    second in singular_only
                    and second not in COLLECTIVE
                    and third in ("are", "were", "have")
                )
            ):
                errors.append(sentence)
    return errors


def test_the_checker_finds_disagreement(lexicon):
    wrong = [
        "She walk the dog.",
        "They walks the dog.",
        "Does they know?",
        "Do she know?",
        "The kettles is new.",
        "The kettle are new.",
        "We was late.",
        "There are a cat here.",
        "Do it on your own?",
    ]
    right = ["She walks the dog.", "They walk the dog.", "The kettles are new."]
    right += ["Do it on your own.", "The staff were kind."]
    assert agreement_errors(wrong, lexicon) == wrong
    assert agreement_errors(right, lexicon) == []


def test_sentences_agree_with_their_subjects(broad, lexicon):
    sentences = [s for s in sentences_of(broad) if not s.startswith(("A: ", "B: "))]
    rng = np.random.default_rng(0)
    sample = [sentences[i] for i in rng.choice(len(sentences), 20_000, replace=False)]
    assert agreement_errors(sample, lexicon) == []


def test_dialogue_short_answers_agree(broad):
    pairs = re.findall(
        r"A: (Do|Does|Did) (\S+(?: \w+)?) .*\?\nB: \w+, (\w+) (\w+)", broad
    )
    assert len(pairs) > 1000
    for aux, _, pronoun, answer in pairs:
        if aux == "Did":
            assert answer.startswith("did"), (aux, pronoun, answer)
        else:
            singular = pronoun in ("he", "she", "it")
            assert answer.startswith("does" if singular else "do"), (pronoun, answer)
            assert answer.startswith("does") == singular


def test_broad_has_over_20000_english_word_types_spread_like_zipf(broad, lexicon):
    counts = Counter(words_of(broad))
    english_forms = {
        f for words in lexicon.values() for w in words for f in w.forms if f
    }
    assert sum(1 for word in counts if word in english_forms) >= 20_000
    frequencies = np.array(sorted(counts.values(), reverse=True), dtype=float)
    ranks = np.arange(1, len(frequencies) + 1)
    middle = slice(10, 10_000)
    slope = np.polyfit(np.log(ranks[middle]), np.log(frequencies[middle]), 1)[0]
    assert -1.4 < slope < -0.7  # Zipf's law: frequency about 1 / rank


def test_broad_has_varied_syntax(broad):
    for pattern in (
        r"\bdoesn't \w+",  # negation
        r"\bwasn't \w+ at all\b",
        r", but ",  # contrast
        r"\bAlthough ",
        r"\bwill \w+",  # future
        r"\b(?:has|have) \w+ed\b",  # perfect
        r"\? ",  # questions
        r"\b\w+er than\b",  # comparatives
        r"\bmore \w+ than\b",
        r"\b(?:really|extremely|a bit|somewhat|slightly) \w+",  # intensifiers, hedges
        r"\bThey \w+ ",  # plural subjects
    ):
        assert len(re.findall(pattern, broad)) >= 100, pattern


def test_review_ratings_follow_the_valence_of_their_words(lexicon):
    writer = english.EnglishWriter(0, lexicon)
    reviews = "\n".join(writer.review() for _ in range(6000))
    valence = {w.lemma: w.valence for w in lexicon["ADJ"] if w.valence == w.valence}
    by_rating = {1: [], 5: []}
    for review in re.findall(r"\n([^\n]*Rating: ([15]) out of 5\.)", reviews):
        text, rating = review
        if "n't" in text or " not " in text or " never " in text or ", but" in text:
            continue  # negation and contrast turn a word's valence around
        words = [
            valence[w]
            for w in re.findall(r"was (?:\w+ )?(\w+)\.", text)
            if w in valence
        ]
        by_rating[int(rating)] += words
    assert len(by_rating[1]) > 300 and len(by_rating[5]) > 300
    # a review may mention the other side in passing, so not every word agrees
    assert np.mean(np.array(by_rating[5]) > 0) > 0.9
    assert np.mean(np.array(by_rating[1]) < 0) > 0.9


def test_broad_never_holds_a_held_out_saying_or_a_prompt_pair(broad):
    flat = normalise(broad)
    assert not [s for s in pv.heldout_list() if normalise(s) in flat]
    assert "Sentiment:" not in broad and "positive or negative?" not in broad


def test_word_list_leaves_out_blocked_identity_and_closed_words(lexicon):
    for words in lexicon.values():
        for word in words:
            assert not any(make_lexicon.blocked(form) for form in word.forms if form)
            assert word.lemma not in make_lexicon.IDENTITY | make_lexicon.CLOSED
    assert make_lexicon.blocked("kettle") is False
    # the block list works on the forms a writer would meet
    assert sum(len(words) for words in lexicon.values()) > 15_000


def test_agree_and_article_examples():
    assert english.agree("3s", "walks", "walk") == "walks"
    assert english.agree("3p", "walks", "walk") == "walk"
    assert [english.article(w) for w in ("hour", "apple", "unicorn", "kettle")] == [
        "an",
        "an",
        "a",
        "a",
    ]
