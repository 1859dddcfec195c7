"""Compression and vocabulary costs, on texts small enough to check by hand."""

import pytest

from helpers.token_costs import (
    bytes_per_token,
    embedding_parameters,
    tokenizer_costs,
    unknown_share,
)
from helpers.tokenizers import BPETokenizer, CharTokenizer, WordTokenizer


def test_bytes_per_token_counts_utf8_bytes():
    chars = CharTokenizer.train("héllo")
    assert bytes_per_token(chars, "héllo") == pytest.approx(6 / 5)
    bpe = BPETokenizer.train(
        "aaab aaab", vocab_size=258
    )  # 'aa' -> 256, then 'ab' -> 257
    assert bytes_per_token(bpe, "aaab") == pytest.approx(
        2.0
    )  # 4 bytes, tokens [256, 257]
    with pytest.raises(ValueError, match="non-empty"):
        bytes_per_token(chars, "")


def test_unknown_share_only_for_word_tokenizers():
    words = WordTokenizer.train("the cat")
    assert unknown_share(words, "the dog") == 0.5
    assert unknown_share(CharTokenizer.train("the dog"), "the dog") == 0.0


def test_embedding_parameters_and_the_cost_table():
    assert embedding_parameters(50_257, 768) == 38_597_376
    with pytest.raises(ValueError, match="positive"):
        embedding_parameters(0, 8)
    text = "the cat sat. the cat ran."
    rows = tokenizer_costs(
        {"chars": CharTokenizer.train(text), "words": WordTokenizer.train(text)},
        text,
        width=4,
    )
    assert [r["tokens"] for r in rows] == [len(text), 8]
    assert rows[1]["bytes_per_token"] == pytest.approx(len(text) / 8)
    assert rows[0]["embedding_parameters"] == 4 * len(set(text))
