"""What a choice of tokenizer costs and saves, measured on a text.

Handles: compression (bytes per token), sequence length for a fixed text, the share of
tokens that are <unk>, and the embedding parameters a vocabulary costs (V x width), for any
tokenizer in `helpers.tokenizers`. Leaves out: the cost of the rest of a model (lesson 09
counts parameters and FLOPs in full) and training tokenizers (`helpers.tokenizers` does that).
"""

from helpers.tokenizers import WordTokenizer


def bytes_per_token(tokenizer, text):
    """UTF-8 bytes of `text` divided by the number of tokens it encodes to: higher is
    more compression.

    Example: bytes_per_token(CharTokenizer.train("héllo"), "héllo") -> 1.2  (6 bytes, 5 tokens)
    """
    ids = tokenizer.encode(text)
    if not ids:
        raise ValueError("the text encodes to no tokens; pass a non-empty text")
    return len(text.encode("utf-8")) / len(ids)


def unknown_share(tokenizer, text):
    """Share of the tokens that are <unk> (only a word tokenizer has one; others give 0.0).

    Example: unknown_share(WordTokenizer.train("the cat"), "the dog") -> 0.5
    """
    ids = tokenizer.encode(text)
    if not ids:
        raise ValueError("the text encodes to no tokens; pass a non-empty text")
    if not isinstance(tokenizer, WordTokenizer):
        return 0.0
    unk = tokenizer.stoi[WordTokenizer.UNK]
    return sum(i == unk for i in ids) / len(ids)


def embedding_parameters(vocab_size, width):
    """Numbers in an embedding table (and again in an untied output layer): V x width.

    Example: embedding_parameters(50_257, 768) -> 38_597_376  (GPT-2 small's token embeddings)
    """
    if vocab_size < 1 or width < 1:
        raise ValueError(
            f"vocab_size and width must be positive, got {vocab_size} and {width}"
        )
    return vocab_size * width


def tokenizer_costs(tokenizers, text, width=128):
    """One row per tokenizer: vocabulary size, tokens for `text`, bytes per token, <unk> share,
    and embedding parameters at `width`.

    Example: tokenizer_costs({"chars": char_tok, "bpe 1024": bpe}, valid_text)[0]
    -> {'name': 'chars', 'vocab_size': 70, 'tokens': 134126, 'bytes_per_token': 1.0, ...}
    """
    rows = []
    for name, tok in tokenizers.items():
        ids = tok.encode(text)
        rows.append(
            {
                "name": name,
                "vocab_size": tok.vocab_size,
                "tokens": len(ids),
                "bytes_per_token": len(text.encode("utf-8")) / len(ids),
                "unknown_share": unknown_share(tok, text),
                "embedding_parameters": embedding_parameters(tok.vocab_size, width),
            }
        )
    return rows
