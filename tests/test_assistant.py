"""helpers.assistant: requests from frames, slots and lists of values, the timetables'
answers, the dialogue, intents and slots from a tiny model, and the shipped study."""

from collections import Counter

import pytest
import torch
from tiny_gpts import tiny_body

from helpers import assistant as A
from helpers import sweeps
from helpers.data import words_and_offsets
from helpers.entity_tagging import entity_f1, predict_tags
from helpers.paths import DATA_DIR
from helpers.tokenizers import BPETokenizer

pytestmark = pytest.mark.usefixtures("one_thread")

SHIPPED = DATA_DIR / "results" / "assistant.json"


def cut(slot):
    """Where a slot's training values end and its test values begin."""
    return len(A.VALUES[slot]) * 3 // 4


def frames_of(example):
    """The frames of the example's intent that, filled with its slots, give its text."""
    found = A.slot_values(example["words"], example["tags"])
    out = set()
    for frame in A.FRAMES[example["intent"]]:
        try:
            if A.fill(frame, found)["text"] == example["text"]:
                out.add(frame)
        except KeyError:  # the frame has a slot this request lacks
            pass
    return out


def lowered(known):
    return {v.lower() for values in known.values() for v in values}


@pytest.fixture(scope="module")
def tok():
    texts = [e["text"] for e in A.requests("train", 4) + A.requests("test", 2)]
    return BPETokenizer.train(" ".join(texts) + " " + " ".join(A.INTENTS.values()), 300)


@pytest.fixture
def body(tok):
    return tiny_body(tok)


# ---------------------------------------------------------------- requests


def test_splits_use_disjoint_frames_and_every_request_comes_from_its_own():
    sets = {
        split: {f for frames in A.FRAMES.values() for f in frames[a:b]}
        for split, (a, b) in A.SPLITS.items()
    }
    assert [len(s) for s in sets.values()] == [40, 8, 24]
    assert not sets["train"] & sets["valid"]
    assert not sets["train"] & sets["test"] and not sets["valid"] & sets["test"]
    for split in A.SPLITS:
        used = set()
        for e in A.requests(split, 64, seed=1):
            matches = frames_of(e)
            assert matches and matches <= sets[split], (split, e["text"])
            used |= matches
        assert used == sets[split]  # 64 draws per intent reach every frame


def test_test_values_never_appear_in_training_or_validation_requests():
    test_values = {
        slot: {v.lower() for v in values[cut(slot) :]}
        for slot, values in A.VALUES.items()
    }
    seen = A.known_values(A.requests("train", 64) + A.requests("valid", 64))
    assert set(seen) == set(A.SLOTS)
    for slot, values in seen.items():
        assert not {v.lower() for v in values} & test_values[slot], slot
    in_test = A.known_values(A.requests("test", 64))
    assert {s: {v.lower() for v in vs} for s, vs in in_test.items()} == test_values
    days = A.known_values(A.requests("test", 64))["DAY"]
    assert days == ["Saturday", "Sunday"]  # the last quarter of the eight days


def test_requests_count_seed_and_values():
    made = A.requests("train", 3, seed=5)
    assert len(made) == 3 * len(A.INTENTS) == 24
    assert Counter(e["intent"] for e in made) == {i: 3 for i in A.INTENT_NAMES}
    assert made == A.requests("train", 3, seed=5)
    assert made != A.requests("train", 3, seed=6)
    renamed = A.requests("test", 30, values="train")  # test wording, training names
    known = lowered(A.known_values(renamed))
    training = {v.lower() for s, vs in A.VALUES.items() for v in vs[: cut(s)]}
    assert known <= training and len(known) > 20
    test_frames = {f for frames in A.FRAMES.values() for f in frames[6:]}
    assert all(frames_of(e) and frames_of(e) <= test_frames for e in renamed)
    with pytest.raises(ValueError, match="split must be one of train, valid, test"):
        A.requests("dev", 1)


def test_a_list_of_training_values_finds_no_test_slot_but_the_catalogue_finds_all():
    train, test = A.requests("train", 64), A.requests("test", 20)
    gold = [e["tags"] for e in test]
    assert entity_f1(gold, A.gazetteer_tags(test, A.known_values(train))) == 0.0
    assert entity_f1(gold, A.gazetteer_tags(test, A.VALUES)) == 1.0


# ---------------------------------------------------------------- fill and slots


def test_fill_capitalises_and_tags_every_word_of_a_value():
    made = A.fill(
        "can I cross to {PLACE} on {DAY}?",
        {"PLACE": "Ashby Cove", "DAY": "Christmas Eve"},
    )
    assert made["text"] == "Can I cross to Ashby Cove on Christmas Eve?"
    assert made["words"] == [w for w, _, _ in words_and_offsets(made["text"])]
    assert made["tags"] == ["O"] * 4 + [
        "B-PLACE",
        "I-PLACE",
        "O",
        "B-DAY",
        "I-DAY",
        "O",
    ]
    first = A.fill("{ITEM} for {DAY}, please.", {"ITEM": "two loaves", "DAY": "Friday"})
    assert first["text"] == "Two loaves for Friday, please."
    assert first["tags"][:4] == ["B-ITEM", "I-ITEM", "O", "B-DAY"]


def test_slot_values_joins_each_slots_first_span():
    words = ["to", "Ashby", "Cove", "on", "Friday", "or", "Preton"]
    tags = ["O", "B-PLACE", "I-PLACE", "O", "B-DAY", "O", "B-PLACE"]
    assert A.slot_values(words, tags) == {"PLACE": "Ashby Cove", "DAY": "Friday"}
    assert A.slot_values(["hi"], ["O"]) == {}


def test_gazetteer_takes_the_longest_known_value():
    example = A.as_request("A ferry to Ashby Cove or Ashby, please.")
    known = {
        "PLACE": ["Ashby", "Ashby Cove"]
    }  # the shorter first: order must not matter
    assert A.gazetteer_tags([example], known) == [
        ["O", "O", "O", "B-PLACE", "I-PLACE", "O", "B-PLACE", "O", "O", "O"]
    ]
    two_kinds = {"PLACE": ["Night"], "TITLE": ["Night Ferry"]}
    assert A.gazetteer_tags([A.as_request("Is Night Ferry in?")], two_kinds) == [
        ["O", "B-TITLE", "I-TITLE", "O", "O"]
    ]
    assert A.gazetteer_tags(
        [A.as_request("Ashby is near")], {"PLACE": ["Ashby Cove"]}
    ) == [["O", "O", "O"]]


def test_known_values_and_catalogue_slots():
    examples = [
        A.fill("Is the bakery open {DAY}?", {"DAY": "Tuesday"}),
        A.fill("Bus to {PLACE} on {DAY}?", {"PLACE": "Oakdale", "DAY": "Monday"}),
        A.fill("Ferry on {DAY}?", {"DAY": "Tuesday"}),
    ]
    assert A.known_values(examples) == {
        "DAY": ["Monday", "Tuesday"],
        "PLACE": ["Oakdale"],
    }
    assert A.catalogue_slots(
        ["Is Night Ferry in?", "When does the ferry to North Harbor leave on Sunday?"]
    ) == [{"TITLE": "Night Ferry"}, {"PLACE": "North Harbor", "DAY": "Sunday"}]
    assert A.catalogue_slots(["Is Night Ferry in?"], known={"DAY": ["Friday"]}) == [{}]


def test_as_request_reads_words_and_refuses_empty_text():
    made = A.as_request("Hi there, Ashport!")
    assert made["words"] == ["Hi", "there", ",", "Ashport", "!"]
    assert made["tags"] == ["O"] * 5 and made["text"] == "Hi there, Ashport!"
    for empty in ("", "   ", None):
        with pytest.raises(ValueError, match="the request is empty; type a question"):
            A.as_request(empty)


# ---------------------------------------------------------------- answers and dialogue


def test_answers_come_from_the_tables():
    ferry = {"PLACE": "Oakdale", "DAY": "Friday"}
    assert A.answer("ferry_time", ferry) == A.answer("ferry_time", dict(ferry))
    assert A.answer("ferry_time", ferry).startswith(
        "On Friday the ferry to Oakdale leaves at "
    )
    buses = {A.answer("bus_route", {"PLACE": p}) for p in A.VALUES["PLACE"]}
    assert len(buses) > 5  # places get different buses...
    for place in A.VALUES["PLACE"]:  # ...each in 1..24
        number = int(A.answer("bus_route", {"PLACE": place}).split()[1])
        assert 1 <= number <= 24
    assert (
        A.answer("order_bakery", {"ITEM": "six buns", "DAY": "Sunday"})
        == "Sorry, we are closed on Sundays. Another day?"
    )
    assert (
        A.answer("order_bakery", {"ITEM": "six buns", "DAY": "Friday"})
        == "Done: six buns will be ready on Friday."
    )
    assert "Sunday" not in A.BAKERY_HOURS
    assert A.answer("bakery_hours", {"DAY": "Sunday"}) == "We are closed on Sunday."
    assert (
        A.answer("bakery_hours", {"DAY": "Wednesday"})
        == "On Wednesday we are open from 7:00 to 13:00."
    )
    assert A.answer("renew_book", {"TITLE": "Night Ferry"}) == (
        "Done: you can keep Night Ferry for three more weeks."
    )


def keyword_intents(calls):
    """A stub intent classifier by keywords, recording the texts it is asked about."""

    def intents(texts):
        calls.extend(texts)
        out = []
        for t in texts:
            t = t.lower()
            out.append(
                "ferry_time"
                if "ferry" in t
                else "bus_route"
                if "bus" in t
                else "bakery_hours"
            )
        return out

    return intents


def test_a_two_turn_dialogue_asks_then_answers_and_starts_over():
    calls = []
    bot = A.Assistant(keyword_intents(calls), A.catalogue_slots)
    assert bot.reply("When does the ferry to Oakdale leave?") == "For which day?"
    assert bot.intent == "ferry_time" and bot.known == {"PLACE": "Oakdale"}
    said = bot.reply("Friday.")
    assert said == A.answer("ferry_time", {"PLACE": "Oakdale", "DAY": "Friday"})
    assert "Friday" in said and "Oakdale" in said
    assert calls == [
        "When does the ferry to Oakdale leave?"
    ]  # "Friday." kept the intent
    assert bot.intent is None and bot.known == {}
    # a new request starts fresh: Friday is not remembered
    assert bot.reply("When does the ferry to Greenmoor leave?") == "For which day?"
    assert bot.known == {"PLACE": "Greenmoor"}


def test_a_new_request_replaces_an_open_one_and_slots_it_needs_not_are_dropped():
    calls = []
    bot = A.Assistant(keyword_intents(calls), A.catalogue_slots)
    assert bot.reply("Is there a ferry to Oakdale?") == "For which day?"
    said = bot.reply("Which bus goes to Lakeview on Sunday?")  # long: a new request
    assert said == A.answer("bus_route", {"PLACE": "Lakeview"})
    assert len(calls) == 2 and bot.intent is None
    assert bot.reply("On Sunday.") == A.answer("bakery_hours", {"DAY": "Sunday"})
    # bakery_hours needs only a day: the place it hears is not kept
    assert bot.reply("Can I come to the shop from Oakdale?") == "For which day?"
    assert bot.intent == "bakery_hours" and bot.known == {}


def test_the_chat_widget_keeps_the_conversation(capsys):
    from helpers.widgets import LIVE, assistant_widget, show_reply

    bot, transcript = A.Assistant(keyword_intents([]), A.catalogue_slots), []
    assert show_reply(bot, transcript, "   ") is None  # nothing sent, nothing kept
    assert "type a request" in capsys.readouterr().out and transcript == []
    show_reply(bot, transcript, "When does the ferry to Oakdale leave?")
    said = show_reply(bot, transcript, "Friday.")
    shown = capsys.readouterr().out.splitlines()
    assert shown[-4:] == [
        "you:  When does the ferry to Oakdale leave?",
        "desk: For which day?",
        "you:  Friday.",
        f"desk: {said}",
    ]
    assert repr(assistant_widget(bot)).startswith(LIVE)


# ---------------------------------------------------------------- intents


def test_intents_are_tuned_with_eight_labels(body, tok):
    train = A.requests("train", 2)
    texts = [e["text"] for e in A.requests("test", 2)]
    clf = A.tune_intents(train, "full", body, tok, seed=0)
    assert clf.labels == A.INTENT_NAMES and clf.scores(texts).shape == (16, 8)
    assert set(clf.predict(texts)) <= set(A.INTENT_NAMES)
    bow = A.tune_intents(A.requests("train", 4), "bow")
    own = A.requests("train", 4)
    assert A.intent_accuracy(bow.predict([e["text"] for e in own]), own) == 1.0
    assert A.labeled(own[:1]) == [(own[0]["intent"], own[0]["text"])]


def test_describe_intents_names_one_intent_per_text(body, tok):
    texts = ["Is the bakery open on Sunday?", "Which bus goes to Lakeview?"]
    demos = A.one_demo_each(A.requests("train", 4), seed=0)
    assert sorted(d["intent"] for d in demos) == sorted(A.INTENT_NAMES)
    assert demos == A.one_demo_each(A.requests("train", 4), seed=0)
    assert demos != A.one_demo_each(A.requests("train", 4), seed=1)
    for shown in ((), demos):
        found = A.describe_intents(body, tok, texts, shown)
        assert len(found) == 2 and set(found) <= set(A.INTENT_NAMES)


def test_describe_intents_subtracts_the_empty_requests_likelihood(monkeypatch):
    prompts = []

    def fake_scores(model, tok, asked, answers):
        prompts.extend(asked)
        assert answers == [f" {d}." for d in A.INTENTS.values()]
        rows = []
        for p in asked:
            row = [5.0] + [0.0] * 7  # "order bread" is likely after any request
            if not p.endswith(A.PROMPT.format("")):
                row[3] += 1.0  # ...but less so than ferry_ticket after this one
            rows.append(row)
        return torch.tensor(rows)

    monkeypatch.setattr(A, "label_log_probs", fake_scores)
    demo = {"intent": "bus_time", "text": "Is the bus late?"}
    assert A.describe_intents(None, None, ["A ticket to Preton."], [demo]) == [
        "ferry_ticket"
    ]
    shown = "Customer: Is the bus late?\nThe customer wants to know when the next bus comes.\n\n"
    assert prompts == [
        shown + "Customer: A ticket to Preton.\nThe customer wants to",
        shown + "Customer: \nThe customer wants to",
    ]


# ---------------------------------------------------------------- slots


def test_the_slot_tagger_tags_every_word_with_a_slot_tag(body, tok):
    train = A.requests("train", 1)
    tagger = A.tune_slots(train, body, tok, seed=0)
    assert tagger.tags == A.SLOT_TAGS
    test = A.requests("test", 1)
    tags = predict_tags(tagger, tok, test)
    assert [len(t) for t in tags] == [len(e["words"]) for e in test]
    assert {t for row in tags for t in row} <= set(A.SLOT_TAGS)
    found = A.find_slots(tagger, tok, [e["text"] for e in test])
    assert len(found) == 8 and all(set(f) <= set(A.SLOTS) for f in found)


def test_measure_returns_every_part_of_the_study(body, tok, monkeypatch):
    monkeypatch.setattr(A, "TEST_PER_INTENT", 2)
    monkeypatch.setattr(A, "SLOT_K", 1)
    monkeypatch.setattr(A, "INTENT_METHODS", ("bow", "probe"))
    results = A.measure(body, tok, seeds=[0, 1], ks=[1], log=lambda m: None)
    assert results["ks"] == [1]
    assert set(results["intents"]) == {"bow", "probe"}
    assert all(
        len(rows) == 1 and len(rows[0]) == 2 for rows in results["intents"].values()
    )
    assert len(results["few_shot"]) == 2 and 0 <= results["zero_shot"] <= 1
    assert len(results["slots"]["tagger"]) == 2
    assert results["slots"]["training_list"] == 0.0  # no test value is a training value
    assert results["slots"]["catalogue"] == 1.0


# ---------------------------------------------------------------- shipped study and command


def test_shipped_results_hold_every_method_and_belong_to_the_shipped_model(monkeypatch):
    if not SHIPPED.exists():
        pytest.skip("data/results/assistant.json is not shipped yet")
    results = A.shipped_results()
    assert results["ks"] == list(A.LABEL_KS)
    seeds = len(results["seeds"])
    for method in A.INTENT_METHODS:
        rows = results["intents"][method]
        assert len(rows) == len(A.LABEL_KS) and all(len(r) == seeds for r in rows)
        assert all(0 <= v <= 1 for r in rows for v in r)
    assert len(results["few_shot"]) == len(results["slots"]["tagger"]) == seeds
    assert results["slots"]["catalogue"] == 1.0
    monkeypatch.setattr(sweeps, "checkpoint_sha256", lambda: "0" * 64)
    with pytest.raises(ValueError, match="python -m helpers.assistant measure"):
        A.shipped_results()


def test_the_command_refuses_data_without_force_before_any_work(monkeypatch, capsys):
    from helpers import pretrain

    stop = lambda *a, **k: pytest.fail("work started before --out was checked")  # noqa: E731
    monkeypatch.setattr(pretrain, "load_foundation", stop)
    monkeypatch.setattr(A, "measure", stop)
    with pytest.raises(SystemExit) as exit_info:
        A.main(["measure", "--out", str(SHIPPED)])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert f"refusing to write {SHIPPED}: it is under data/" in err and "--force" in err
    assert A.build_parser().parse_args(["measure"]).out == "runs/results/assistant.json"


def test_the_command_refuses_settings_it_cannot_run(capsys):
    for argv in (["measure", "--seeds", "0"], ["measure", "--threads", "0"]):
        with pytest.raises(SystemExit) as exit_info:
            A.main(argv)
        assert exit_info.value.code == 2
        assert "--threads and --seeds must be at least 1" in capsys.readouterr().err
