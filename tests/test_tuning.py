"""Tuning: drawing k examples, padding, the four methods on a tiny model, entity alignment and F1."""
import pytest
import torch

from helpers import tuning as T
from helpers.gpt import GPT, GPTConfig
from helpers.tokenizers import BPETokenizer

pytestmark = pytest.mark.usefixtures("one_thread")

GOOD = ["The soup was lovely.", "A lovely film.", "Lovely staff, lovely view.", "It was lovely and warm.",
        "What a lovely book.", "The cake was lovely."]
BAD = ["The soup was awful.", "An awful film.", "Awful staff, awful view.", "It was awful and cold.",
       "What an awful book.", "The cake was awful."]
TOY = [("positive", t) for t in GOOD] + [("negative", t) for t in BAD]


@pytest.fixture(scope="module")
def tok():
    return BPETokenizer.train(" ".join(GOOD + BAD) * 3 + " Paula Ross visited Upper Foxmoor.", 300)


@pytest.fixture
def body(tok):
    torch.manual_seed(0)
    return GPT(GPTConfig(vocab_size=tok.vocab_size, block_size=64, n_layer=1, n_head=2, n_embd=32))


def test_draw_k_is_balanced_seeded_and_whole_when_k_is_large():
    chosen = T.draw_k(TOY, 6, seed=3, label_of=lambda e: e[0])
    assert sorted(l for l, _ in chosen) == ["negative"] * 3 + ["positive"] * 3
    assert chosen == T.draw_k(TOY, 6, seed=3, label_of=lambda e: e[0])
    assert chosen != T.draw_k(TOY, 6, seed=4, label_of=lambda e: e[0])
    assert T.draw_k(TOY, None, 0) == TOY and T.draw_k(TOY, 99, 0) == TOY
    with pytest.raises(ValueError, match="one example of each"):
        T.draw_k(TOY, 1, 0, label_of=lambda e: e[0])


def test_encode_pads_right_and_keeps_the_end(tok):
    ids = T.encode_texts(tok, ["A lovely film.", "Lovely."])
    assert ids[1, len(tok.encode("Lovely.")):].eq(T.PAD_ID).all()
    assert ids[0].tolist() == tok.encode("A lovely film.")
    long = T.encode_texts(tok, ["lovely " * 80 + "awful."], max_tokens=5)
    assert tok.decode(long[0].tolist()).endswith("awful.")
    for bad, message in [([""], "empty"), (["a\x00b"], "NUL"), ("text", "list of strings")]:
        with pytest.raises((ValueError, TypeError), match=message):
            T.encode_texts(tok, bad)


def test_trim_drops_only_all_pad_columns():
    ids = torch.tensor([[5, 6, 0, 0], [7, 0, 0, 0]])
    labels = torch.tensor([[1, 2, -100, -100], [3, -100, -100, -100]])
    assert T.trim(ids).tolist() == [[5, 6], [7, 0]]
    assert T.trim(ids, labels)[1].tolist() == [[1, 2], [3, -100]]


def test_steps_for_clips_to_the_recipe():
    r = dict(batch_size=16, epochs=12, min_steps=40, max_steps=120)
    assert [T.steps_for(k, r) for k in (8, 64, 1400)] == [40, 48, 120]


@pytest.mark.parametrize("method", ["full", "scratch", "probe", "bow"])
def test_every_method_fits_an_easy_task(method, body, tok):
    recipe = {"steps": 200} if method in ("probe", "bow") else {"lr": 3e-3, "head_lr": 3e-3, "min_steps": 60}
    clf = T.tune_sentiment(TOY, method, body, tok, seed=0, recipe=recipe)
    texts, gold = [t for _, t in TOY], [l for l, _ in TOY]
    assert T.accuracy(clf.predict(texts), gold) == 1.0


def test_tuning_leaves_the_pretrained_body_untouched(body, tok):
    before = {k: v.clone() for k, v in body.state_dict().items()}
    T.tune_sentiment(TOY, "full", body, tok, recipe={"min_steps": 5})
    T.tune_sentiment(TOY, "probe", body, tok, recipe={"steps": 5})
    assert all(torch.equal(before[k], v) for k, v in body.state_dict().items())


def test_method_errors_say_what_to_do(body, tok):
    with pytest.raises(ValueError, match="method must be one of"):
        T.tune_sentiment(TOY, "lora", body, tok)
    with pytest.raises(ValueError, match="load_foundation"):
        T.tune_sentiment(TOY, "full")
    with pytest.raises(ValueError, match="unknown label 'meh'"):
        T.tune_sentiment([("meh", "ok")], "bow")


def test_word_positions_point_at_each_words_last_token(tok):
    text, words = "Paula Ross visited Upper Foxmoor.", ["Paula", "Ross", "visited", "Upper", "Foxmoor", "."]
    ids, last = T.word_token_positions(tok, text, words)
    pieces = tok.token_strings(ids)
    assert "".join(pieces[: last[0] + 1]) == "Paula"
    for word, previous, i in zip(words[1:], last, last[1:]):
        assert "".join(pieces[previous + 1: i + 1]).strip() == word   # exactly the word's tokens
    assert len(ids) - 1 == last[-1]


def test_echo_tags_the_second_copy(tok):
    example = {"text": "Paula Ross visited Upper Foxmoor.", "words": ["Paula", "Ross", "visited", "Upper", "Foxmoor", "."],
               "tags": ["B-PERSON", "I-PERSON", "O", "B-PLACE", "I-PLACE", "O"]}
    plain_ids, plain_labels = T.encode_entities(tok, [example], echo=False)
    ids, labels = T.encode_entities(tok, [example], echo=True)
    prefix = len(tok.encode(example["text"] + "\n"))
    assert labels[0, :prefix].eq(-100).all() and labels[0, prefix:].tolist() == plain_labels[0].tolist()
    kept = labels[0][labels[0] != -100].tolist()
    assert [T.ENTITY_TAGS[i] for i in kept] == example["tags"]


def test_entity_tuning_learns_a_tiny_set(body, tok):
    example = {"text": "Paula Ross visited Upper Foxmoor.", "words": ["Paula", "Ross", "visited", "Upper", "Foxmoor", "."],
               "tags": ["B-PERSON", "I-PERSON", "O", "B-PLACE", "I-PLACE", "O"]}
    model = T.tune_entities([example] * 4, "full", body, tok, recipe={"lr": 3e-3, "head_lr": 3e-3, "min_steps": 60})
    assert T.predict_tags(model, tok, [example]) == [example["tags"]]


def test_spans_and_f1():
    assert T.spans_from_tags(["B-PERSON", "I-PERSON", "O", "B-PLACE"]) == {(0, 2, "PERSON"), (3, 4, "PLACE")}
    assert T.spans_from_tags(["I-PLACE", "I-PLACE", "B-PLACE"]) == {(0, 2, "PLACE"), (2, 3, "PLACE")}
    gold = [["B-PERSON", "I-PERSON", "O", "B-PLACE"]]
    assert T.entity_f1(gold, gold) == 1.0
    assert T.entity_f1(gold, [["B-PERSON", "O", "O", "B-PLACE"]]) == 0.5    # 1 right of 2 gold, 1 of 2 predicted
    assert T.entity_f1(gold, [["O"] * 4]) == 0.0
    with pytest.raises(ValueError, match="a prediction for every sentence"):
        T.entity_f1(gold, [])


def test_labels_needed_interpolates_on_a_log_scale():
    assert T.labels_needed([8, 16, 32], [0.6, 0.7, 0.9], 0.8) == 22.6
    assert T.labels_needed([8, 16, 32], [0.86, 0.9, 0.95], 0.85) == 8.0
    assert T.labels_needed([8, 16, 32], [0.5, 0.6, 0.7], 0.85) is None


def test_sweep_points_are_the_same_in_one_process_or_two():
    grid = [("bow", 8, 0), ("bow", 8, 1), ("bow", 16, 0)]
    one = T.run_points(T.sentiment_point, grid, jobs=1, threads=1, log=lambda line: None)
    two = T.run_points(T.sentiment_point, grid, jobs=2, threads=1, log=lambda line: None)
    assert one == two and len(set(one)) > 1 and all(0.3 < a < 1 for a in one)


def test_sweep_command_refuses_zero_jobs(capsys):
    with pytest.raises(SystemExit) as stop:
        T.main(["sweep", "--jobs", "0", "--out", "unused.json"])
    assert stop.value.code == 2 and "--jobs and --threads must be at least 1" in capsys.readouterr().err


def test_tuned_predictions_show_the_label_and_the_names(body, tok, capsys):
    from helpers.widgets import show_tuned_predictions

    example = {"text": "Paula Ross visited Upper Foxmoor.", "words": ["Paula", "Ross", "visited", "Upper", "Foxmoor", "."],
               "tags": ["B-PERSON", "I-PERSON", "O", "B-PLACE", "I-PLACE", "O"]}
    tagger = T.tune_entities([example] * 4, "full", body, tok, recipe={"lr": 3e-3, "head_lr": 3e-3, "min_steps": 60})
    classifier = T.tune_sentiment(TOY, "bow")
    show_tuned_predictions(classifier, tagger, tok, "Paula Ross visited Upper Foxmoor.")
    show_tuned_predictions(classifier, tagger, tok, "  ")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("sentiment: ") and "P(positive) = " in lines[0]
    assert lines[1] == "entities:  [Paula PERSON] [Ross PERSON] visited [Upper PLACE] [Foxmoor PLACE] ."
    assert lines[2] == "type a sentence"
