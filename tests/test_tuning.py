"""Tuning: drawing k examples, recipes, the two training loops, the body copy, the four methods."""

import math

import pytest
import torch
import torch.nn as nn
from tiny_gpts import tiny_body

from helpers import tuning as T
from helpers.gpt import GPTForSequenceClassification
from helpers.padding import PAD_ID, encode_texts, trim
from helpers.tokenizers import BPETokenizer

pytestmark = pytest.mark.usefixtures("one_thread")

GOOD = [
    "The soup was lovely.",
    "A lovely film.",
    "Lovely staff, lovely view.",
    "It was lovely and warm.",
    "What a lovely book.",
    "The cake was lovely.",
]
BAD = [
    "The soup was awful.",
    "An awful film.",
    "Awful staff, awful view.",
    "It was awful and cold.",
    "What an awful book.",
    "The cake was awful.",
]
TOY = [("positive", t) for t in GOOD] + [("negative", t) for t in BAD]


@pytest.fixture(scope="module")
def tok():
    return BPETokenizer.train(
        " ".join(GOOD + BAD) * 3 + " Paula Ross visited Upper Foxmoor.", 300
    )


@pytest.fixture
def body(tok):
    return tiny_body(tok)


def test_draw_k_is_balanced_seeded_and_whole_when_k_is_large():
    chosen = T.draw_k(TOY, 6, seed=3, label_of=lambda e: e[0])
    assert sorted(label for label, _ in chosen) == ["negative"] * 3 + ["positive"] * 3
    assert chosen == T.draw_k(TOY, 6, seed=3, label_of=lambda e: e[0])
    assert chosen != T.draw_k(TOY, 6, seed=4, label_of=lambda e: e[0])
    assert T.draw_k(TOY, None, 0) == TOY and T.draw_k(TOY, 99, 0) == TOY
    with pytest.raises(ValueError, match="one example of each"):
        T.draw_k(TOY, 1, 0, label_of=lambda e: e[0])


def test_tuning_steps_clips_to_the_recipe():
    r = dict(batch_size=16, epochs=12, min_steps=40, max_steps=120)
    assert [T.tuning_steps(k, r) for k in (8, 64, 1400)] == [40, 48, 120]


def test_recipe_for_applies_changes_and_refuses_settings_that_do_nothing():
    assert T.recipe_for("probe", {"steps": 50}) == {
        "lr": 0.01,
        "steps": 50,
        "weight_decay": 0.001,
    }
    assert (
        T.recipe_for("full") == T.RECIPES["full"]
        and T.recipe_for("full") is not T.RECIPES["full"]
    )
    assert T.RECIPES["prompted"] == {
        k: v for k, v in T.RECIPES["full"].items() if k != "head_lr"
    }
    with pytest.raises(
        ValueError, match="recipe setting 'epochs' does nothing for 'probe'"
    ):
        T.recipe_for("probe", {"epochs": 3})


def test_train_head_takes_one_adamw_step_per_step():
    head = nn.Linear(2, 2)
    nn.init.zeros_(head.weight)
    nn.init.zeros_(head.bias)
    x, y = torch.eye(2), torch.tensor([0, 1])
    loss = T.train_head(head, x, y, dict(lr=0.1, steps=1, weight_decay=0.0))
    assert loss == pytest.approx(math.log(2))  # zero weights: 50/50 before the step
    # AdamW's first step moves every weight by lr against the sign of its gradient
    assert torch.allclose(
        head.weight, torch.tensor([[0.1, -0.1], [-0.1, 0.1]]), atol=1e-6
    )
    assert head.bias.eq(0).all()  # the two gradients cancel
    assert math.isnan(T.train_head(head, x, y, dict(lr=0.1, steps=0, weight_decay=0.0)))


def test_copy_with_dropout_leaves_the_body_alone(body):
    tuned = T.copy_with_dropout(body, 0.1)
    rates = {
        m.dropout
        for m in tuned.modules()
        if isinstance(getattr(m, "dropout", None), float)
    }
    assert tuned.config.dropout == 0.1 and rates == {0.1}
    assert body.config.dropout == 0.0 and body.transformer.h[0].mlp.dropout == 0.0
    assert all(torch.equal(a, b) for a, b in zip(body.parameters(), tuned.parameters()))
    assert all(a is not b for a, b in zip(body.parameters(), tuned.parameters()))
    blocks_only = T.copy_with_dropout(body, 0.1, embeddings=False)
    assert (
        blocks_only.config.dropout == 0.0
        and blocks_only.transformer.h[0].attn.dropout == 0.1
    )
    fresh = T.body_to_tune("scratch", body, 0.1)
    assert fresh.config.dropout == 0.1 and not torch.equal(
        fresh.lm_head.weight, body.lm_head.weight
    )


def test_the_classifier_reads_its_head_from_pooled_vectors(body, tok):
    clf = GPTForSequenceClassification(body, 2, pad_id=PAD_ID).eval()
    ids = encode_texts(tok, ["A lovely film.", "Lovely."])  # row 1 is padded
    with torch.no_grad():
        pooled, h = clf.pooled(ids), body.hidden_states(ids)
        last = len(tok.encode("Lovely.")) - 1
        assert torch.equal(pooled[1], h[1, last]) and torch.equal(pooled[0], h[0, -1])
        assert torch.equal(clf(ids)[0], clf.head(pooled))


@pytest.mark.parametrize("method", ["full", "scratch", "probe", "bow"])
def test_every_method_fits_an_easy_task(method, body, tok):
    recipe = (
        {"steps": 200}
        if method in ("probe", "bow")
        else {"lr": 3e-3, "head_lr": 3e-3, "min_steps": 60}
    )
    clf = T.tune_sentiment(TOY, method, body, tok, seed=0, recipe=recipe)
    texts, gold = [t for _, t in TOY], [label for label, _ in TOY]
    assert T.accuracy(clf.predict(texts), gold) == 1.0


def test_full_tuning_is_the_plain_loop_it_describes(body, tok):
    """tune_sentiment "full", written out: what lesson 07 can show inline, bit for bit."""
    texts = [t for _, t in TOY]
    tuned = T.tune_sentiment(TOY, "full", body, tok, seed=0)
    torch.manual_seed(0)  # 1. the seed, then the model
    model = GPTForSequenceClassification(
        T.copy_with_dropout(body, 0.1), 2, pad_id=PAD_ID
    )
    ids, labels = encode_texts(tok, texts), T.label_ids([label for label, _ in TOY])
    optimizer = torch.optim.AdamW(
        [
            {"params": model.body.parameters(), "lr": 3e-4},
            {"params": model.head.parameters(), "lr": 1e-3},
        ],
        weight_decay=0.01,
    )
    order = torch.Generator().manual_seed(0)  # 2. the batch order's own generator
    model.train()
    for _ in range(40):  # 12 examples: 40 steps (min_steps)
        idx = torch.randperm(
            12, generator=order
        )  # 12 < 16: one batch, a new order each step
        loss = model(trim(ids[idx]), labels[idx])[
            1
        ]  # dropout draws from the global generator
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    by_hand = T.SentimentClassifier("full", model.eval(), tok)
    assert torch.equal(tuned.scores(texts), by_hand.scores(texts))


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
    with pytest.raises(ValueError, match="'head_lr' does nothing for 'bow'"):
        T.tune_sentiment(TOY, "bow", recipe={"head_lr": 1e-3})
