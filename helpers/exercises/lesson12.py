"""Checks for lesson 12 (molecules as text)."""

from helpers.exercises import call_safely, close_to, verdict

_BALANCED_CASES = [
    ("CCO", True),
    ("c1ccccc1", True),
    ("c1ccccc", False),  # a ring opened, never closed
    ("CC(C)(C)O", True),
    ("CC(CO", False),  # a branch never closed
    ("CC)C(O", False),  # as many ( as ), but one closes before it opens
    ("C1CC2CCC1C2", True),
    ("[NH3+]CC1CC1", True),  # the 3 in brackets is a hydrogen count, not a ring
    ("[NH3+]CC", True),
    ("C1CC[13CH2]1", True),  # 13 inside brackets: an isotope
]

_NOVELTY_CASES = [
    ((["CCO", "CCO", "CCN", "c1ccccc1"], ["CCO"]), (0.75, 2 / 3)),
    ((["CCO"], ["CCO"]), (1.0, 0.0)),
    ((["C", "N", "O", "S"], []), (1.0, 1.0)),
]


def balanced(function):
    """Check function(smiles) -> whether branches and ring digits are balanced."""
    for smiles, expected in _BALANCED_CASES:
        got, error = call_safely(function, smiles)
        if error:
            return verdict(False, f"balanced({smiles!r}) {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Walk the string, keep a count of "
                "open branches and of each ring digit, skipping what is inside [...].",
            )
        if bool(got) != expected:
            hints = {
                "CC)C(O": " A ) before its ( is unbalanced, though the counts match.",
                "[NH3+]CC1CC1": " Digits inside [...] are not ring closures.",
                "C1CC[13CH2]1": " Digits inside [...] are not ring closures.",
            }
            return verdict(
                False,
                f"balanced({smiles!r}) should be {expected}, your function gave "
                f"{got!r}.{hints.get(smiles, '')}",
            )
    return verdict(True, "balanced is right: the bookkeeping a 7-gram cannot keep")


def unique_and_novel(function):
    """Check function(valid, training) -> (unique, novel) as lesson 12 defines them."""
    for (valid, training), expected in _NOVELTY_CASES:
        got, error = call_safely(function, list(valid), list(training))
        if error:
            return verdict(False, f"unique_and_novel {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. unique = distinct / valid; "
                "novel = distinct not in training / distinct.",
            )
        try:
            ok = len(got) == 2 and all(close_to(g, e) for g, e in zip(got, expected))
        except TypeError:
            ok = False
        if not ok:
            return verdict(
                False,
                f"valid {valid}, training {training}: expected "
                f"({expected[0]:.3f}, {expected[1]:.3f}), your function gave {got!r}. "
                "Novel counts distinct molecules, not every sample.",
            )
    return verdict(True, "unique_and_novel is right")
