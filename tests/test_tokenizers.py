"""Tokenizers: lossless round trips, exact first merges, save/load, clear errors."""

import random

import pytest

from helpers.tokenizers import (
    BPETokenizer,
    CharTokenizer,
    WordTokenizer,
    load_tokenizer,
    merge_pair,
    pair_counts,
)

TEXT = (
    "No use crying over spilled milk. The cat sat on the mat!\n"
    "Don't panic: 42 apples, 7 pears and a café.\n"
    "    indented_code = do_this(x, y)  # comment\n"
    "Émile ate crème brûlée 😀 in Zürich; naïve résumé, 東京 and Ελληνικά.\n"
) * 3


def test_pair_counts_and_merge_examples():
    assert pair_counts([1, 2, 3, 1, 2]) == {(1, 2): 2, (2, 3): 1, (3, 1): 1}
    assert merge_pair([1, 2, 3, 1, 2], (1, 2), 9) == [9, 3, 9]
    assert merge_pair([5, 5, 5], (5, 5), 7) == [7, 5]


def test_bpe_first_merges_are_exact():
    tok = BPETokenizer.train("aaab aaab", vocab_size=258)
    # 'a a' occurs 4 times; then 'a b' and 256 'a' tie at 2 and the smaller pair wins.
    assert tok.merges == [(97, 97), (97, 98)]
    assert tok.encode("aaab") == [256, 257]
    tok = BPETokenizer.train("low lower lowest low", vocab_size=259)
    # chunks: 'low', ' lower', ' lowest', ' low': 'l o' 4, 'o w' 4 -> (108, 111) first,
    # then (256, 119) 'lo'+'w' 4, then (32, 257) ' '+'low' 3.
    assert tok.merges == [(108, 111), (256, 119), (32, 257)]
    assert tok.token_strings(tok.encode(" lowest")) == [" low", "e", "s", "t"]


def test_bpe_round_trips_documents_bytes_and_unicode():
    tok = BPETokenizer.train(TEXT, vocab_size=320)
    assert tok.vocab_size == 320
    # Asked for more merges than the text has pairs left, training stops early.
    assert BPETokenizer.train("ab ab", vocab_size=1000).merges == [(97, 98), (32, 256)]
    for doc in TEXT.split("\n"):
        assert tok.decode(tok.encode(doc)) == doc
    assert tok.decode(tok.encode(TEXT)) == TEXT
    rng = random.Random(0)
    for _ in range(50):
        s = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 60))).decode(
            "utf-8", errors="replace"
        )
        assert tok.decode(tok.encode(s)) == s
    for _ in range(
        50
    ):  # arbitrary code points, surrogates excluded (they are not valid UTF-8)
        s = "".join(
            chr(
                rng.choice(
                    [rng.randrange(0x20, 0xD800), rng.randrange(0xE000, 0x110000)]
                )
            )
            for _ in range(rng.randrange(1, 30))
        )
        assert tok.decode(tok.encode(s)) == s
    for s in ["", " ", "\n\n\t", "x² ½ __init__", "👩‍👩‍👧 🇫🇷", "e\u0301"]:
        assert tok.decode(tok.encode(s)) == s


def test_bpe_compresses_and_merges_help():
    tok = BPETokenizer.train(TEXT, vocab_size=300)
    assert len(tok.encode(TEXT)) < len(TEXT.encode("utf-8")) * 0.7


def test_save_load_every_kind(tmp_path):
    for tok in [
        CharTokenizer.train(TEXT),
        WordTokenizer.train(TEXT),
        BPETokenizer.train(TEXT, 300),
    ]:
        path = tmp_path / f"{tok.kind}.json"
        tok.save(path)
        back = load_tokenizer(path)
        assert type(back) is type(tok) and back.vocab_size == tok.vocab_size
        assert back.encode(TEXT) == tok.encode(TEXT)
        assert type(tok).load(path).vocab_size == tok.vocab_size
    with pytest.raises(ValueError, match="load_tokenizer"):
        CharTokenizer.load(tmp_path / "bpe.json")


def test_char_tokenizer():
    tok = CharTokenizer.train("hello")
    assert tok.chars == ["e", "h", "l", "o"] and tok.encode("hell") == [1, 0, 2, 2]
    assert tok.decode(tok.encode("ohell")) == "ohell"
    with pytest.raises(ValueError, match="not in this tokenizer's vocabulary"):
        tok.encode("help")
    with pytest.raises(ValueError, match="outside this tokenizer's vocabulary"):
        tok.decode([99])


def test_word_tokenizer_unk_and_punctuation():
    tok = WordTokenizer.train("The cat sat. The dog sat!")
    assert tok.words == ["<unk>", "sat", "the", "!", ".", "cat", "dog"]
    assert tok.encode("The cat ran.") == [2, 5, 0, 4]
    assert tok.decode(tok.encode("the cat ran.")) == "the cat <unk>."
    assert WordTokenizer.split("Don't panic!") == ["don't", "panic", "!"]
    assert WordTokenizer.train(TEXT, max_vocab=5).vocab_size == 5
