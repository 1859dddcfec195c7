"""Checks for lesson 06b (a small scaling study): power laws, the price of a lower loss,
the compute frontier."""

import math
import numbers

from helpers.exercises import call_safely, verdict

# (x, y) built from exact power laws y = a * x**k, so the slope in log space is exactly k.
_FIT_CASES = [
    ([1, 10, 100], [2.0, 1.0, 0.5], math.log10(0.5)),
    ([1e5, 2e5, 4e5, 8e5], [4.0 * v**-0.076 for v in (1e5, 2e5, 4e5, 8e5)], -0.076),
    ([3, 9, 27], [5.0, 45.0, 405.0], 2.0),
]
# (exponent, loss_ratio) -> compute multiplier
_MULTIPLIER_CASES = [
    ((-0.05, 0.9), 0.9 ** (1 / -0.05)),
    ((-0.5, 0.5), 4.0),
    ((-0.1, 0.8), 0.8**-10),
    ((-0.2, 1.0), 1.0),
]


def _number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def fit_exponent(function):
    """Check function(x, y) -> the exponent k of the least-squares power law y = a * x**k."""
    for x, y, want in _FIT_CASES:
        got, error = call_safely(function, list(x), list(y))
        if error:
            return verdict(False, f"fit_exponent {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Take logs of x and y, then the "
                "least-squares slope: sum((lx - mean lx)(ly - mean ly)) / sum((lx - mean lx)^2).",
            )
        if not _number(got) or not math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9):
            hint = ""
            if _number(got):
                n = len(x)
                mx, my = sum(x) / n, sum(y) / n
                linear = sum((a - mx) * (b - my) for a, b in zip(x, y)) / sum(
                    (a - mx) ** 2 for a in x
                )
                if math.isclose(got, linear, rel_tol=1e-6):
                    hint = (
                        " That is the slope of y against x; a power law is a straight "
                        "line on LOG axes: take logs first."
                    )
                elif math.isclose(got, -want, rel_tol=1e-6):
                    hint = (
                        " The sign is flipped: when y falls as x grows, the exponent "
                        "is negative."
                    )
                elif math.isclose(got, 1 / want, rel_tol=1e-6):
                    hint = " You fitted log x against log y: regress log y on log x."
            return verdict(
                False,
                f"for x = {x} and y = {[round(v, 4) for v in y]} the exponent is {want:.4f}, "
                f"your function gave {got!r}.{hint}",
            )
    return verdict(True, "fit_exponent recovers the exponent of an exact power law")


def compute_multiplier(function):
    """Check function(exponent, loss_ratio) -> how many times more compute multiplies
    the loss by loss_ratio."""
    for args, want in _MULTIPLIER_CASES:
        got, error = call_safely(function, *args)
        if error:
            return verdict(False, f"compute_multiplier {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. From L2 / L1 = (C2 / C1)^exponent, "
                "solve for C2 / C1.",
            )
        if not _number(got) or not math.isclose(got, want, rel_tol=1e-6):
            exponent, ratio = args
            hint = ""
            if _number(got):
                if math.isclose(got, ratio**exponent, rel_tol=1e-6):
                    hint = (
                        " You raised the ratio to the exponent; you need the inverse: "
                        "ratio ** (1 / exponent)."
                    )
                elif math.isclose(got, 1 / want, rel_tol=1e-6):
                    hint = (
                        " Your answer is below 1: a LOWER loss needs MORE compute; "
                        "check the sign of the power."
                    )
                elif ratio != 1 and math.isclose(
                    got, (1 - ratio) ** (1 / exponent), rel_tol=1e-6
                ):
                    hint = (
                        " loss_ratio is the new loss over the old one (0.9 means 10% "
                        "lower), not the cut itself."
                    )
            return verdict(
                False,
                f"with exponent {exponent} a loss ratio of {ratio} needs {want:,.2f}x the compute, "
                f"your function gave {got!r}.{hint}",
            )
    return verdict(
        True,
        "compute_multiplier is right: with an exponent of -0.05, a 10% lower loss costs "
        f"{0.9**-20:.1f}x the compute",
    )


def _frontier_cases():
    a = {"flops": 1.0, "val_loss": 3.0}
    b = {"flops": 2.0, "val_loss": 3.5}
    c = {"flops": 4.0, "val_loss": 2.0}
    d = {"flops": 4.0, "val_loss": 2.5}
    e = {"flops": 8.0, "val_loss": 2.0}
    f = {"flops": 16.0, "val_loss": 1.5}
    return [
        ([a, b, c], [a, c]),
        ([f, e, d, c, b, a], [a, c, f]),
        ([c, d, e], [c]),
        ([b, a], [a]),
    ]


def compute_frontier(function):
    """Check function(points) -> the points that no cheaper (or equally cheap) point
    beats, cheapest first."""
    for points, want in _frontier_cases():
        got, error = call_safely(function, [dict(p) for p in points])
        if error:
            return verdict(False, f"compute_frontier {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Sort by flops; walk along, keeping a "
                "point only when its loss is below every loss seen so far.",
            )
        try:
            got_pairs = [(p["flops"], p["val_loss"]) for p in got]
        except (TypeError, KeyError, IndexError):
            return verdict(
                False, f"return a list of the point dicts themselves; got {got!r}"
            )
        want_pairs = [(p["flops"], p["val_loss"]) for p in want]
        if got_pairs != want_pairs:
            shown = [(p["flops"], p["val_loss"]) for p in points]
            hint = ""
            if sorted(got_pairs) == want_pairs:
                hint = " The right points, but cheapest first, please."
            elif any(e not in got_pairs for e in want_pairs) and len(got_pairs) < len(
                want_pairs
            ):
                hint = (
                    " A point is missing: did you sort the points by flops before "
                    "walking along them?"
                )
            elif len(got_pairs) > len(want_pairs):
                hint = (
                    " Too many points: keep a point only if its loss is STRICTLY below "
                    "every loss seen so far "
                    "(a tie with a cheaper point does not count), and sort by flops first."
                )
            return verdict(
                False,
                f"for (flops, loss) points {shown} the frontier is {want_pairs}, "
                f"your function gave {got_pairs}.{hint}",
            )
    return verdict(
        True, "compute_frontier keeps exactly the points no cheaper run beats"
    )
