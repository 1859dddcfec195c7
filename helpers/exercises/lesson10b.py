"""Checks for lesson 10b (trust: bias and toxicity)."""

from helpers.exercises import call_safely, close_to, verdict

# (predicted, gold) -> (precision, recall, F1) of the "toxic" class
_F1_CASES = [
    ((["toxic", "ok", "toxic", "ok"], ["toxic", "toxic", "ok", "ok"]), (0.5, 0.5, 0.5)),
    ((["toxic", "toxic", "toxic"], ["toxic", "ok", "ok"]), (1 / 3, 1.0, 0.5)),
    (
        (["toxic", "ok", "ok", "ok"], ["toxic", "toxic", "toxic", "ok"]),
        (1.0, 1 / 3, 0.5),
    ),
    ((["ok", "ok"], ["toxic", "ok"]), (0.0, 0.0, 0.0)),  # nothing flagged: all zero
]


def toxic_f1(function):
    """Check function(predicted, gold) -> (precision, recall, F1) of the 'toxic' class."""
    for args, expected in _F1_CASES:
        got, error = call_safely(function, *args)
        if error:
            return verdict(False, f"toxic_f1 {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Count true positives (flagged and "
                "toxic), flagged lines and toxic lines; return (precision, recall, f1).",
            )
        try:
            ok = len(got) == 3 and all(close_to(g, e) for g, e in zip(got, expected))
        except TypeError:
            ok = False
        if not ok:
            hint = ""
            if args == _F1_CASES[3][0]:
                hint = " With nothing flagged, precision is undefined: return 0.0, not an error."
            return verdict(
                False,
                f"predicted {args[0]}, gold {args[1]}: expected "
                f"({', '.join(f'{e:.3f}' for e in expected)}), your function gave "
                f"{got!r}.{hint}",
            )
    return verdict(
        True, "toxic_f1 is right: F1 is the harmonic mean of precision and recall"
    )
