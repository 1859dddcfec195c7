"""Padding: ragged lists of ids into one (B, T) tensor, texts encoded for a classifier, trimming."""

import pytest
import torch

from helpers.padding import PAD_ID, encode_texts, pad_rows, trim
from helpers.tokenizers import BPETokenizer


@pytest.fixture(scope="module")
def tok():
    return BPETokenizer.train("A lovely film. Lovely staff, awful view. " * 3, 300)


def test_pad_rows_right_pads_with_the_fill():
    ids = pad_rows([[5, 6, 7], [8]])
    assert ids.dtype == torch.long and ids.tolist() == [[5, 6, 7], [8, PAD_ID, PAD_ID]]
    assert pad_rows([[1, 2], [3]], fill=-100).tolist() == [[1, 2], [3, -100]]
    assert pad_rows([[], [4]]).tolist() == [[0], [4]]
    with pytest.raises(ValueError, match="no rows to pad"):
        pad_rows([])


def test_encode_pads_right_and_keeps_the_end(tok):
    ids = encode_texts(tok, ["A lovely film.", "Lovely."])
    assert ids[1, len(tok.encode("Lovely.")) :].eq(PAD_ID).all()
    assert ids[0].tolist() == tok.encode("A lovely film.")
    long = encode_texts(tok, ["lovely " * 80 + "awful."], max_tokens=5)
    assert long.shape == (1, 5) and tok.decode(long[0].tolist()).endswith("awful.")
    for bad, message in [
        ([""], "empty"),
        (["a\x00b"], "NUL"),
        ("text", "list of strings"),
    ]:
        with pytest.raises((ValueError, TypeError), match=message):
            encode_texts(tok, bad)


def test_trim_drops_only_all_pad_columns():
    ids = torch.tensor([[5, 6, 0, 0], [7, 0, 0, 0]])
    labels = torch.tensor([[1, 2, -100, -100], [3, -100, -100, -100]])
    assert trim(ids).tolist() == [[5, 6], [7, 0]]
    assert trim(ids, labels)[1].tolist() == [[1, 2], [3, -100]]
    assert trim(torch.zeros(2, 3, dtype=torch.long)).shape == (
        2,
        1,
    )  # never narrower than 1
