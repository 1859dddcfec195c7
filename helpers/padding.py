"""Padding: texts of different lengths as one rectangle of token ids, (B, T).

Handles: the pad id (`PAD_ID`), right-padding lists of ids into a tensor (`pad_rows`,
the one place that pads, for labels too), encoding texts for a classifier
(`encode_texts`: each text's last MAX_TOKENS tokens), and cutting a batch to its own
longest row (`trim`).
Leaves out: attention masks and left padding. Our models are causal: a real token never
looks at the pad ids to its right, so right padding cannot change what it sees; a reader
only has to take the last REAL token's vector (`GPTForSequenceClassification.pooled`).
"""

import torch

PAD_ID = 0  # byte 0x00: never produced by text, so it can mark padding
MAX_TOKENS = 64  # the labeled texts are one or two sentences (about 16 tokens)


def pad_rows(rows, fill=PAD_ID):
    """Lists of ids -> a right-padded (B, T) long tensor, T the longest row.

    Example: pad_rows([[5, 6, 7], [8]]) -> tensor([[5, 6, 7], [8, 0, 0]])
             pad_rows([[1, 2], [3]], fill=-100) -> tensor([[1, 2], [3, -100]])
    """
    if len(rows) == 0:
        raise ValueError("no rows to pad; pass at least one list of ids")
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), fill, dtype=torch.long)  # (B, T)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r, dtype=torch.long)
    return ids


def encode_texts(tok, texts, max_tokens=MAX_TOKENS):
    """Texts -> right-padded ids (B, T), T the longest text (at most max_tokens).

    Texts longer than max_tokens keep their LAST max_tokens tokens (a review's verdict
    is at its end).
    Example: encode_texts(tok, ["Great.", "Not good at all."]).shape -> (2, 5)
    """
    if isinstance(texts, str):
        raise TypeError("texts must be a list of strings; wrap a single text as [text]")
    rows = []
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"text {i} is empty; every example needs some words")
        if "\x00" in text:
            raise ValueError(
                f"text {i} contains a NUL character, which marks padding; remove it"
            )
        rows.append(tok.encode(text)[-max_tokens:])
    return pad_rows(rows)  # (B, T)


def trim(ids, *others):
    """Drop the columns that are padding in every row (a batch needs its own longest).

    `others` (e.g. labels of the same shape) lose the same columns.
    Example: trim(torch.tensor([[5, 6, 0, 0], [7, 0, 0, 0]])) -> [[5, 6], [7, 0]]
    """
    width = max(int((ids != PAD_ID).sum(1).max()), 1)
    if not others:
        return ids[:, :width]
    return (ids[:, :width], *(o[:, :width] for o in others))
