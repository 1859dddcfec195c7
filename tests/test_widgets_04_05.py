"""The pure functions behind lesson 04's and 05's widgets, and their plots, on a tiny model."""

import matplotlib

matplotlib.use("Agg")

import pytest
import torch

from helpers.gpt import GPT, GPTConfig
from helpers.plots import plot_attention_map, plot_ladder
from helpers.tokenizers import CharTokenizer
from helpers.widgets import (
    attention_widget,
    generate_text,
    generation_widget,
    show_attention,
)


def tiny():
    torch.manual_seed(0)
    tok = CharTokenizer.train("the cat sat on the mat.\n")
    return GPT(
        GPTConfig(
            vocab_size=tok.vocab_size, block_size=16, n_layer=2, n_head=2, n_embd=16
        )
    ), tok


def test_generate_text_repeats_with_a_seed_and_keeps_the_prompt():
    model, tok = tiny()
    a = generate_text(
        model, tok, "the", temperature=0.8, top_k=3, max_new_tokens=6, seed=1
    )
    assert a == generate_text(
        model, tok, "the", temperature=0.8, top_k=3, max_new_tokens=6, seed=1
    )
    assert a.startswith("the") and len(a) == 9
    with pytest.raises(
        ValueError, match="the prompt is empty"
    ):  # not silently replaced by a newline
        generate_text(model, tok, "", max_new_tokens=2)


def test_show_attention_returns_a_causal_map_whose_rows_sum_to_one(capsys):
    model, tok = tiny()
    w = show_attention(model, tok, "the cat", layer=1, head=1)
    assert w.shape == (7, 7)
    assert torch.allclose(w.sum(-1), torch.ones(7)) and (w.triu(1) == 0).all()
    assert capsys.readouterr().out.startswith("layer 1, head 1: 't' -> 't' 1.00")


def test_widgets_build():
    model, tok = tiny()
    assert attention_widget(model, tok, ["the cat", "a mat"]) is not None
    assert generation_widget(model, tok, prompt="the") is not None


def test_plots_draw_onto_an_axis():
    ax = plot_ladder({"a": 1.0, "b": 0.5})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "a"]
    ax = plot_attention_map(torch.eye(3), ["x", " y", "\n"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", " y", "\\n"]
