"""Entity tagging: word tags aligned to tokens, the three readings, the three methods,
spans and F1."""

import pytest
import torch
from tiny_gpts import tiny_body

from helpers import entity_tagging as E
from helpers.gpt import GPTForTokenClassification
from helpers.tokenizers import BPETokenizer

pytestmark = pytest.mark.usefixtures("one_thread")

TEXT = "Paula Ross visited Upper Foxmoor."
EXAMPLE = {
    "text": TEXT,
    "words": ["Paula", "Ross", "visited", "Upper", "Foxmoor", "."],
    "tags": ["B-PERSON", "I-PERSON", "O", "B-PLACE", "I-PLACE", "O"],
}
FAST = {"lr": 3e-3, "head_lr": 3e-3, "min_steps": 60}


@pytest.fixture(scope="module")
def tok():
    return BPETokenizer.train("The soup was lovely. An awful film. " * 3 + TEXT, 300)


@pytest.fixture
def body(tok):
    return tiny_body(tok)


def test_word_positions_point_at_each_words_last_token(tok):
    ids, last = E.word_token_positions(tok, TEXT, EXAMPLE["words"])
    pieces = tok.token_strings(ids)
    assert "".join(pieces[: last[0] + 1]) == "Paula"
    for word, previous, i in zip(EXAMPLE["words"][1:], last, last[1:]):
        assert (
            "".join(pieces[previous + 1 : i + 1]).strip() == word
        )  # exactly the word's tokens
    assert len(ids) - 1 == last[-1]


def test_reading_twice_tags_the_second_copy(tok):
    plain_ids, plain_labels = E.encode_entities(tok, [EXAMPLE], reading="once")
    ids, labels = E.encode_entities(tok, [EXAMPLE], reading="twice")
    prefix = len(tok.encode(TEXT + "\n"))
    assert (
        labels[0, :prefix].eq(-100).all()
        and labels[0, prefix:].tolist() == plain_labels[0].tolist()
    )
    kept = labels[0][labels[0] != -100].tolist()
    assert [E.ENTITY_TAGS[i] for i in kept] == EXAMPLE["tags"]


def test_a_batch_pads_ids_and_labels_to_its_longest_sentence(tok):
    short = {
        "text": "Paula left.",
        "words": ["Paula", "left", "."],
        "tags": ["B-PERSON", "O", "O"],
    }
    ids, labels = E.encode_entities(tok, [EXAMPLE, short], reading="once")
    n = len(tok.encode("Paula left."))
    assert ids.shape == labels.shape == (2, len(tok.encode(TEXT)))
    assert ids[1, n:].eq(0).all() and labels[1, n:].eq(-100).all()


def test_reading_the_next_token_adds_an_end_and_lets_a_tag_see_one_token_on(body, tok):
    once_ids, once_labels = E.encode_entities(tok, [EXAMPLE], reading="once")
    ids, labels = E.encode_entities(tok, [EXAMPLE], reading="next")
    end = tok.encode(E.END)
    assert ids[0].tolist() == once_ids[0].tolist() + end
    assert labels[0].tolist() == once_labels[0].tolist() + [-100] * len(end)
    torch.manual_seed(0)
    for next_token in (False, True):
        tagger = GPTForTokenClassification(body, len(E.ENTITY_TAGS), next_token)
        changed = ids.clone()
        changed[0, 3] = (changed[0, 3] + 1) % tok.vocab_size  # the 4th token only
        before, after = tagger(ids)[0], tagger(changed)[0]  # (1, T, 7) each
        assert torch.equal(before[0, :2], after[0, :2])  # two tokens before: untouched
        # the 3rd token's scores see the 4th only when the head reads the next token
        assert torch.equal(before[0, 2], after[0, 2]) != next_token
    with pytest.raises(ValueError, match="reading must be one of once, twice, next"):
        E.encode_entities(tok, [EXAMPLE], reading="backwards")


@pytest.mark.parametrize("reading", list(E.READINGS))
def test_entity_tuning_learns_a_tiny_set_in_every_reading(body, tok, reading):
    model = E.tune_entities(
        [EXAMPLE] * 4, "full", body, tok, reading=reading, recipe=FAST
    )
    assert model.reading == reading
    assert E.predict_tags(model, tok, [EXAMPLE]) == [EXAMPLE["tags"]]


def test_entity_tuning_learns_a_tiny_set(body, tok):
    model = E.tune_entities([EXAMPLE] * 4, "full", body, tok, recipe=FAST)
    assert E.predict_tags(model, tok, [EXAMPLE]) == [EXAMPLE["tags"]]


def test_the_probe_follows_its_own_recipe(body, tok):
    untrained = E.tune_entities([EXAMPLE] * 2, "probe", body, tok, recipe={"steps": 0})
    assert untrained.head.bias.eq(0).all()  # the head as built: no step taken
    trained = E.tune_entities([EXAMPLE] * 2, "probe", body, tok, recipe={"steps": 5})
    assert not trained.head.bias.eq(0).all()
    with pytest.raises(ValueError, match="'head_lr' does nothing for 'probe'"):
        E.tune_entities([EXAMPLE], "probe", body, tok, recipe={"head_lr": 1e-3})
    with pytest.raises(ValueError, match="'steps' does nothing for 'entities'"):
        E.tune_entities([EXAMPLE], "full", body, tok, recipe={"steps": 5})
    with pytest.raises(ValueError, match="method must be 'full', 'probe' or 'scratch'"):
        E.tune_entities([EXAMPLE], "bow", body, tok)


def test_spans_and_f1():
    assert E.spans_from_tags(["B-PERSON", "I-PERSON", "O", "B-PLACE"]) == {
        (0, 2, "PERSON"),
        (3, 4, "PLACE"),
    }
    assert E.spans_from_tags(["I-PLACE", "I-PLACE", "B-PLACE"]) == {
        (0, 2, "PLACE"),
        (2, 3, "PLACE"),
    }
    gold = [["B-PERSON", "I-PERSON", "O", "B-PLACE"]]
    assert E.entity_f1(gold, gold) == 1.0
    assert (
        E.entity_f1(gold, [["B-PERSON", "O", "O", "B-PLACE"]]) == 0.5
    )  # 1 right of 2 gold, 1 of 2 predicted
    assert E.entity_f1(gold, [["O"] * 4]) == 0.0
    with pytest.raises(ValueError, match="a prediction for every sentence"):
        E.entity_f1(gold, [])


def test_tuned_predictions_show_the_label_and_the_names(body, tok, capsys):
    from helpers.tuning import tune_sentiment
    from helpers.widgets import show_tuned_predictions

    tagger = E.tune_entities([EXAMPLE] * 4, "full", body, tok, recipe=FAST)
    classifier = tune_sentiment(
        [("positive", "A lovely film."), ("negative", "An awful film.")], "bow"
    )
    show_tuned_predictions(classifier, tagger, tok, TEXT)
    show_tuned_predictions(classifier, tagger, tok, "  ")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("sentiment: ") and "P(positive) = " in lines[0]
    assert (
        lines[1]
        == "entities:  [Paula PERSON] [Ross PERSON] visited [Upper PLACE] [Foxmoor PLACE] ."
    )
    assert lines[2] == "type a sentence"


@pytest.mark.parametrize(
    "sentence, tags",
    [
        (
            "Yesterday Maria Lopez flew to Lisbon with Acme Bank staff .",
            "O B-PERSON I-PERSON O O B-PLACE O B-ORGANIZATION I-ORGANIZATION O O",
        ),
        ("Monday was quiet .", "O O O O"),
        # the first word never counts, so a name that opens the sentence loses it
        ("Maria Lopez moved near New Ashbrook .", "O B-PERSON O O B-PLACE I-PLACE O"),
        # an organization word wins over a place cue; digits and "&" end a run
        (
            "We ate at Northwind Bakery in 1990 .",
            "O O O B-ORGANIZATION I-ORGANIZATION O O O",
        ),
        (
            "Tea at Hollis & Grant , said O'Neil .",
            "O O B-PLACE O B-PERSON O O B-PERSON O",
        ),
        ("", ""),
    ],
)
def test_capitalisation_tags(sentence, tags):
    assert E.capitalisation_tags(sentence.split()) == tags.split()


def test_bio_tags_from_character_spans():
    spans = [
        {"start": 0, "end": 10, "label": "PERSON"},
        {"start": 19, "end": 32, "label": "PLACE"},
    ]
    assert TEXT[19:32] == "Upper Foxmoor"
    assert E.bio_tags(TEXT, spans) == EXAMPLE["tags"]
    assert E.bio_tags("Paula Ross visited Foxmoor's pier.", []) == ["O"] * 6


def test_entity_scores_per_label_and_entity_f1_agree():
    gold = [["B-PERSON", "I-PERSON", "O", "B-PLACE"], ["B-ORGANIZATION", "O"]]
    predicted = [["B-PERSON", "I-PERSON", "O", "B-PERSON"], ["O", "O"]]
    scores = E.entity_scores(gold, predicted)
    assert (scores["precision"], scores["recall"]) == (0.5, 1 / 3)
    assert scores["f1"] == E.entity_f1(gold, predicted) == 0.4
    assert scores["per_label"]["PERSON"] == {
        "support": 1,
        "precision": 0.5,
        "recall": 1.0,
        "f1": 2 / 3,
    }
    assert scores["per_label"]["PLACE"] == {
        "support": 1,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
    }
    assert list(scores["per_label"]) == list(E.ENTITY_LABELS)


def test_the_bidirectional_head_of_the_benchmark_reads_to_the_right_and_ignores_padding(
    body,
):
    """benchmarks/entity_heads.py: a later token changes an earlier token's scores (the
    causal tagger cannot do that), and padding a row changes none of its scores."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "entity_heads.py"
    spec = importlib.util.spec_from_file_location("entity_heads", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    torch.manual_seed(0)
    tagger = module.BidirectionalTagger(body, 7).eval()
    causal = GPTForTokenClassification(body, 7).eval()
    ids = torch.tensor([[5, 6, 7, 8]])  # (1, 4)
    later = torch.tensor([[5, 6, 7, 9]])  # the last token changed
    with torch.no_grad():
        assert not torch.allclose(tagger(ids)[0][0, 0], tagger(later)[0][0, 0])
        assert torch.allclose(causal(ids)[0][0, 0], causal(later)[0][0, 0])
        padded = torch.tensor([[5, 6, 7, 8, 0, 0], [5, 6, 7, 8, 9, 10]])  # (2, 6)
        assert torch.allclose(tagger(padded)[0][0, :4], tagger(ids)[0][0], atol=1e-6)
