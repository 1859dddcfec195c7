"""The ladder: counting, an MLP and a transformer scored on one held-out number, bits per byte.

Each model reads the same validation text as token ids and we add up the bits it needs to
predict EVERY token (-log2 of the probability it gave the token that came). Dividing those bits
by the UTF-8 bytes of the text gives bits per byte, which does not depend on how the text was
cut into tokens: a tokenizer with longer tokens has fewer, harder predictions, and the total
bits for the same text is what is compared.

Handles: total bits of a token sequence under an n-gram model (`ngram_total_bits`), an MLP
language model (`mlp_total_bits`) and a GPT (`gpt_total_bits`), and the conversion
(`bits_per_byte`).
Leaves out: training the models (`helpers.ngram`, `helpers.neural_lm`,
`helpers.train`), converting a mean loss rather than a total of bits
(`helpers.train.loss_to_bits_per_byte`) and plotting (`helpers.plots.plot_ladder`).
"""

import math

import torch
import torch.nn.functional as F


def bits_per_byte(total_bits, text):
    """Total bits for a text, per UTF-8 byte of that text.

    Example: bits_per_byte(100.0, "café" * 10) -> 2.0   (50 bytes: 'é' takes two)
    """
    n_bytes = len(text.encode("utf-8"))
    if n_bytes == 0:
        raise ValueError(
            "the text is empty; pass the validation text the bits were measured on"
        )
    return total_bits / n_bytes


def ngram_total_bits(model, tokens, n=None, lambdas=None, k=0.0):
    """Bits an `NgramModel` needs for every token of `tokens` (any hashable tokens, e.g. BPE ids).

    The same sum as `model.cross_entropy` (which returns the mean), times the number of tokens.
    Example: ngram_total_bits(NgramModel(train_ids, n=3), valid_ids, lambdas=[0.1, 0.3, 0.6])
    """
    tokens = list(tokens)
    return model.cross_entropy(tokens, n=n, k=k, lambdas=lambdas) * len(tokens)


@torch.no_grad()
def mlp_total_bits(model, X, Y, batch_size=4096):
    """Bits a next-token model that maps contexts (N, context) to logits (N, V) needs
    for targets Y (N,).

    Example: mlp_total_bits(mlp, *context_windows(valid_ids, context=4, pad=newline_id))
    """
    was_training = model.training
    model.eval()
    total = 0.0
    for start in range(0, len(Y), batch_size):
        logits = model(X[start : start + batch_size])  # (B, V)
        total += F.cross_entropy(
            logits, Y[start : start + batch_size], reduction="sum"
        ).item()
    model.train(was_training)
    return total / math.log(2)


@torch.no_grad()
def gpt_total_bits(model, ids, start_id, batch_size=64):
    """Bits a GPT needs for every token of `ids`, read in windows of its block_size.

    `start_id` (e.g. the id of "\\n") is put in front so that the FIRST token is predicted too,
    as the n-gram and MLP models predict it from their padding. Windows do not overlap, so a
    token early in a window sees less context than the model could use: a slight handicap.
    Example: gpt_total_bits(model, valid_ids, start_id=tok.encode("\\n")[0])
    """
    data = torch.cat(
        [torch.tensor([start_id]), torch.as_tensor(ids, dtype=torch.long).reshape(-1)]
    )  # (N + 1,)
    T = model.config.block_size
    n_pred = data.numel() - 1
    was_training = model.training
    model.eval()
    total = 0.0
    n_full = n_pred // T
    x = data[: n_full * T].view(n_full, T)  # (n_full, T)
    y = data[1 : n_full * T + 1].view(n_full, T)  # (n_full, T)
    for i in range(0, n_full, batch_size):
        logits, _ = model(x[i : i + batch_size])  # (b, T, V)
        total += F.cross_entropy(
            logits.flatten(0, 1), y[i : i + batch_size].reshape(-1), reduction="sum"
        ).item()
    if n_pred > n_full * T:
        logits, _ = model(data[n_full * T : n_pred].unsqueeze(0))  # (1, rest, V)
        total += F.cross_entropy(
            logits[0], data[n_full * T + 1 :], reduction="sum"
        ).item()
    model.train(was_training)
    return total / math.log(2)
