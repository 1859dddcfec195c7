"""helpers.images: digits as tokens, self-made captions, drawing with guidance, judging."""

import numpy as np
import pytest
import torch

from helpers import images as I

pytestmark = pytest.mark.usefixtures("one_thread")


def test_the_digits_split_once_the_same_way():
    train_x, train_y, test_x, test_y = I.load_digit_images()
    assert train_x.shape == (1500, 64) and test_x.shape == (297, 64)
    assert train_x.min() == 0 and train_x.max() == 16 and set(test_y) == set(range(10))
    again = I.load_digit_images()
    assert np.array_equal(again[2], test_x) and np.array_equal(again[3], test_y)
    train_rows = {r.tobytes() for r in train_x}
    # load_digits holds a few identical pictures; nearly all held-out ones are new
    assert sum(r.tobytes() in train_rows for r in test_x) <= 3


def test_a_row_is_the_caption_then_the_pixels_in_reading_order():
    picture = np.arange(64) % 17
    rows = I.image_rows([picture, picture], [3, None], n_captions=10)
    assert rows.shape == (2, 65)
    assert rows[:, 0].tolist() == [I.FIRST_CAPTION + 3, I.NO_CAPTION]
    assert rows[0, 1:].tolist() == picture.tolist()
    with pytest.raises(ValueError, match="caption 10 is not one of 0..9"):
        I.image_rows([picture], [10], n_captions=10)
    with pytest.raises(ValueError, match="grey levels must be 0..16"):
        I.image_rows([picture + 1], [0], n_captions=10)
    with pytest.raises(ValueError, match="images must be"):
        I.image_rows(np.zeros((1, 63), int), [0], n_captions=10)


def two_kinds_of_picture():
    """Caption 0: a bright top half; caption 1: a bright bottom half (one noisy pixel,
    never in the first row, so the caption alone decides the first pixels)."""
    rng = np.random.default_rng(0)
    top = np.r_[np.full(32, 16), np.zeros(32)].astype(np.int64)
    pictures, captions = [], []
    for i in range(64):
        kind = i % 2
        picture = (top if kind == 0 else top[::-1]).copy()
        picture[rng.integers(8, 64)] = rng.integers(17)
        pictures.append(picture)
        captions.append(kind)
    return np.array(pictures), captions


def test_a_caption_steers_what_is_drawn():
    pictures, captions = two_kinds_of_picture()
    model = I.image_gpt(n_captions=2, n_layer=1, n_embd=32)
    loss = I.train_on_pictures(
        model, I.image_rows(pictures, captions, 2), steps=150, lr=3e-3
    )
    assert loss < 0.5
    asked = [0] * 10 + [1] * 10
    drawn = I.draw(model, asked, guidance=1.0)
    assert drawn.shape == (20, 64) and drawn.min() >= 0 and drawn.max() <= 16
    first_row_bright = drawn[:, :8].mean(1) > 8  # the caption alone decides it
    assert first_row_bright.tolist() == [True] * 10 + [False] * 10
    top_brighter = drawn[:, :32].sum(1) > drawn[:, 32:].sum(1)
    assert top_brighter[:10].sum() >= 9 and top_brighter[10:].sum() <= 1
    assert np.array_equal(drawn, I.draw(model, asked, guidance=1.0))  # seeded
    unguided = I.draw(model, asked, guidance=0.0, seed=1)
    assert ((unguided[:, :8].mean(1) > 8) == first_row_bright).sum() >= 18


def test_drawing_refuses_what_it_cannot_do():
    model = I.image_gpt(n_captions=2, n_layer=1, n_embd=32)
    with pytest.raises(ValueError, match="caption 5 is not one of 0..1"):
        I.draw(model, [5])
    with pytest.raises(ValueError, match="guidance must be a number >= 0"):
        I.draw(model, [0], guidance=-1.0)
    with pytest.raises(ValueError, match="temperature must be > 0"):
        I.draw(model, [0], temperature=0.0)
    with pytest.raises(ValueError, match="caption_dropout must be in"):
        I.train_on_pictures(
            model, I.image_rows(np.zeros((1, 64), int), [0], 2), 1, caption_dropout=1.0
        )


def test_new_captions_start_where_their_groups_draw():
    model = I.image_gpt(n_captions=3, n_layer=1, n_embd=32)
    grown = I.with_new_captions(model, [2, 0])
    assert I.n_captions_of(grown) == 5
    wte, old = grown.transformer.wte.weight, model.transformer.wte.weight
    assert torch.equal(wte[: old.size(0)], old)  # every old token kept
    assert torch.equal(wte[I.FIRST_CAPTION + 3], old[I.FIRST_CAPTION + 2])
    assert torch.equal(wte[I.FIRST_CAPTION + 4], old[I.FIRST_CAPTION + 0])
    assert grown.lm_head.weight is grown.transformer.wte.weight  # still tied
    assert np.array_equal(I.draw(grown, [3], seed=4), I.draw(model, [2], seed=4))


def test_self_made_captions_and_the_measures():
    train_x, train_y, _, _ = I.load_digit_images()
    groups, kmeans = I.cluster_captions(train_x[:300], 5)
    assert groups.shape == (300,) and set(groups) == set(range(5))
    assert np.array_equal(kmeans.predict(train_x[:300] / 16), groups)
    assert I.top_group_per_digit([4, 4, 7, 2], [0, 0, 1, 1])[:2] == [4, 2]
    chosen = I.choose_captioned(train_y, 3, seed=0)
    assert sorted(np.bincount(train_y[chosen]).tolist()) == [3] * 10
    assert I.nearest_distances([[0] * 64], [[3] * 64, [1] * 64]).tolist() == [8.0]
    judge = I.fit_judge(train_x, train_y)
    assert I.adherence(judge, train_x[:50], train_y[:50]) > 0.95
    assert I.adherence(judge, train_x[:50], (train_y[:50] + 1) % 10) < 0.05


def test_the_command_refuses_settings_it_cannot_run(capsys):
    for argv, message in [
        (["measure", "--per-class", "0"], "--per-class must be 1..100, got 0"),
        (["measure", "--per-class", "3", "140"], "--per-class must be 1..100, got 140"),
        (["measure", "--seeds", "0"], "--threads and --seeds must be at least 1"),
        (["pretrain", "--threads", "0"], "--threads and --seeds must be at least 1"),
    ]:
        with pytest.raises(SystemExit) as exit_info:
            I.main(argv)
        assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_the_shipped_picture_model_is_the_recipe_and_its_groups_are_k_means():
    model, centres, meta = I.load_picture_model()
    assert I.n_captions_of(model) == I.RECIPE["groups"] == len(centres)
    assert (
        meta["tokenizer"] is None
        and meta["extra"]["steps"] == I.RECIPE["pretrain_steps"]
    )
    train_x = I.load_digit_images()[0]
    groups, _ = I.cluster_captions(train_x, I.RECIPE["groups"])
    assert np.array_equal(I.nearest_group(train_x, centres), groups)


def test_a_picture_model_saves_and_loads_without_a_tokenizer(tmp_path):
    model = I.image_gpt(3, n_layer=1, n_embd=32)
    centres = np.random.default_rng(0).random((3, 64))
    out = I.save_picture_model(
        tmp_path / "p",
        model,
        centres,
        {"steps": 1, "loss": 2.0, "seconds": 0.1, "threads": 1, "torch": "x"},
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(I.PICTURE_FILES)
    loaded, loaded_centres, meta = I.load_picture_model(out)
    assert (
        np.allclose(loaded_centres, centres, atol=1e-6) and meta["extra"]["groups"] == 3
    )
    for name, tensor in model.state_dict().items():
        assert torch.equal(tensor, loaded.state_dict()[name]), name
    (out / "groups.json").write_text("[[0.5]]")
    with pytest.raises(ValueError, match="groups.json holds"):
        I.load_picture_model(out)
    with pytest.raises(ValueError, match="4 captions need"):
        I.save_picture_model(
            tmp_path / "q", I.image_gpt(4, n_layer=1, n_embd=32), centres, {}
        )


def test_style_match_counts_the_mix_of_styles():
    centres = np.array([[0.0] * 64, [1.0] * 64])  # two styles: blank, black
    real = np.array([[0] * 64, [16] * 64] * 5)  # digit 0 written both ways, equally
    digits = [0] * 10
    assert I.style_match(real, digits, centres, real, digits) == 1.0
    one_style = np.array([[16] * 64] * 10)
    assert I.style_match(one_style, digits, centres, real, digits) == 0.5


def test_shipped_measurements_belong_to_the_shipped_model(monkeypatch):
    results = I.shipped_measurements()
    assert results["recipe"]["per_class"] == I.RECIPE["per_class"]
    for way in ("prompted", "tuned", "scratch"):
        assert len(results[way]["10"]) == len(results["seeds"]) == 3
    monkeypatch.setattr(I, "weights_sha256", lambda directory=None: "0" * 64)
    with pytest.raises(ValueError, match="another model than the shipped"):
        I.shipped_measurements()
