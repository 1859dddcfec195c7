"""Checks for lesson 06 (a foundation model): reading a right-padded batch at each row's
last real token."""

import torch

from helpers.exercises import call_safely, verdict


def _last_token_cases():
    """(logits (B, T, V), lengths (B,)): the first case has no full row, the second has."""
    generator = torch.Generator().manual_seed(0)
    return [
        (torch.randn(3, 5, 4, generator=generator), torch.tensor([2, 4, 1])),
        (torch.randn(4, 6, 7, generator=generator), torch.tensor([6, 1, 3, 5])),
    ]


def last_token_logits(function):
    """Check function(logits (B, T, V), lengths (B,)) -> (B, V): each row's logits at
    its last real token, position lengths - 1."""
    for logits, lengths in _last_token_cases():
        B = len(lengths)
        want = logits[torch.arange(B), lengths - 1]  # (B, V)
        got, error = call_safely(function, logits.clone(), lengths.clone())
        if error:
            hint = ""
            if "index" in error and "out of bounds" in error:
                hint = (
                    " A row of length n has its last real token at position n - 1, "
                    "not n."
                )
            return verdict(False, f"last_token_logits {error}.{hint}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Row i's last real token sits at "
                "position lengths[i] - 1; index the rows and the positions together, as "
                "next_token_logits does.",
            )
        if not isinstance(got, torch.Tensor):
            return verdict(False, f"return a tensor of shape ({B}, V); got {got!r}")
        if got.shape == want.shape and torch.allclose(got, want):
            continue
        hint = ""
        if got.shape == (B, B, logits.size(2)):
            hint = (
                " Your result has shape (B, B, V): index with two tensors at once, one "
                "of row numbers and one of positions, to get one position per row."
            )
        elif got.shape == want.shape and torch.allclose(got, logits[:, -1]):
            hint = (
                " That is the last column of every row, which is padding for the "
                "shorter rows: read each row at its own last real token."
            )
        elif (
            got.shape == want.shape
            and int(lengths.max()) < logits.size(1)
            and torch.allclose(got, logits[torch.arange(B), lengths])
        ):
            hint = (
                " One position too far: a row of length n has its last real token at "
                "position n - 1 (the logits there guess the token after it)."
            )
        return verdict(
            False,
            f"for lengths {lengths.tolist()} the answer has shape {tuple(want.shape)}, "
            f"row i read at position lengths[i] - 1; your function gave a tensor of "
            f"shape {tuple(got.shape)} that differs.{hint}",
        )
    return verdict(
        True,
        "last_token_logits reads each row at its own last real token, whatever the "
        "padding after it",
    )
