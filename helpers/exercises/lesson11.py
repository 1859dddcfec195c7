"""Checks for lesson 11 (pictures from words)."""

import torch

from helpers.exercises import call_safely, verdict

# (with_caption, without, guidance) -> guided logits
_GUIDANCE_CASES = [
    (([2.0, 0.0, -1.0], [1.0, 0.0, 0.0], 0.0), [2.0, 0.0, -1.0]),  # guidance off
    (([2.0, 0.0, -1.0], [1.0, 0.0, 0.0], 1.0), [3.0, 0.0, -2.0]),
    (([0.5, 1.5], [0.5, 0.5], 3.0), [0.5, 4.5]),
    (
        ([[1.0, 2.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 0.0]], 2.0),
        [[1.0, 4.0], [-2.0, 0.0]],
    ),
]

# (pictures, reference) -> each picture's distance to its nearest reference picture
_DISTANCE_CASES = [
    (([[0.0, 0.0]], [[3.0, 4.0], [6.0, 8.0]]), [5.0]),
    (([[1.0, 1.0], [6.0, 8.0]], [[3.0, 4.0], [6.0, 8.0]]), [(4 + 9) ** 0.5, 0.0]),
    (([[0.0, 0.0, 0.0]], [[1.0, 2.0, 2.0], [0.0, 0.0, 4.0]]), [3.0]),
]


def _as_list(got):
    try:
        return torch.as_tensor(got, dtype=torch.float64).tolist()
    except (TypeError, ValueError, RuntimeError):
        return None


def _close(got, expected):
    t = torch.tensor(expected, dtype=torch.float64)
    g = _as_list(got)
    if g is None:
        return False
    g = torch.tensor(g, dtype=torch.float64)
    return g.shape == t.shape and torch.allclose(g, t, atol=1e-6)


def guided_logits(function):
    """Check function(with_caption, without, guidance) -> the classifier-free guided logits."""
    for (with_caption, without, g), expected in _GUIDANCE_CASES:
        args = (torch.tensor(with_caption), torch.tensor(without), g)
        got, error = call_safely(function, *args)
        if error:
            return verdict(False, f"guided_logits {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Start from the logits with the "
                "caption and move them `guidance` times further along (with - without).",
            )
        if not _close(got, expected):
            hint = ""
            if _close(got, (torch.tensor(without) + g * (args[0] - args[1])).tolist()):
                hint = " You started from the logits without the caption: start from those with it."
            elif g == 0.0:
                hint = " With guidance 0 the caption's own logits come back unchanged."
            return verdict(
                False,
                f"with {with_caption}, without {without}, guidance {g}: expected "
                f"{expected}, your function gave {_as_list(got)}.{hint}",
            )
    return verdict(
        True,
        "guided_logits is right: guidance pushes each pixel's logits away from what the "
        "model would draw without the caption",
    )


def nearest_distance(function):
    """Check function(pictures, reference) -> each picture's Euclidean distance to its
    nearest picture in `reference`."""
    for (pictures, reference), expected in _DISTANCE_CASES:
        got, error = call_safely(
            function, torch.tensor(pictures), torch.tensor(reference)
        )
        if error:
            return verdict(False, f"nearest_distance {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. For each picture, compute its "
                "distance to every reference picture and keep the smallest.",
            )
        if not _close(got, expected):
            hint = ""
            squared = [e * e for e in expected]
            if _close(got, squared):
                hint = " Those are squared distances: take the square root."
            return verdict(
                False,
                f"pictures {pictures}, reference {reference}: expected "
                f"{[round(e, 4) for e in expected]}, your function gave "
                f"{_as_list(got)}.{hint}",
            )
    return verdict(
        True, "nearest_distance is right: 0 means a copy of a training picture"
    )
