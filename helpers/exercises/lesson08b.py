"""Checks for lesson 08b (prompt or tune?): what a prompt is worth in labels, and after
how many queries tuning pays for itself."""

import math
import numbers

from helpers.exercises import call_safely, verdict

# (ks, prompt-tuned curve, head-tuned curve, k) -> labels the head needs for the
# prompt's accuracy at k, minus k
_KS = [8, 16, 32, 64, 128]
_WORTH_INPUTS = [
    (
        _KS,
        [0.80, 0.84, 0.88, 0.90, 0.92],
        [0.60, 0.70, 0.80, 0.88, 0.93],
        8,
    ),  # the head needs 32: worth 24
    (
        _KS,
        [0.80, 0.84, 0.88, 0.90, 0.92],
        [0.60, 0.70, 0.80, 0.88, 0.93],
        16,
    ),  # between 32 and 64
    (
        _KS,
        [0.70, 0.75, 0.80, 0.85, 0.90],
        [0.50, 0.55, 0.60, 0.65, 0.70],
        16,
    ),  # the head never gets there
    (
        _KS,
        [0.70, 0.75, 0.80, 0.85, 0.90],
        [0.72, 0.80, 0.85, 0.90, 0.95],
        32,
    ),  # the head is ahead: worth < 0
]


def _number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _needed(ks, scores, target):
    """The reference: fewest labels reaching target, interpolated on a log scale
    (as helpers.sweeps.labels_needed does)."""
    if scores[0] >= target:
        return float(ks[0])
    for k0, s0, k1, s1 in zip(ks, scores, ks[1:], scores[1:]):
        if s0 < target <= s1:
            return math.exp(
                math.log(k0) + (target - s0) / (s1 - s0) * (math.log(k1) - math.log(k0))
            )
    return None


def _worth(ks, prompt_curve, head_curve, k):
    needed = _needed(ks, head_curve, prompt_curve[ks.index(k)])
    return None if needed is None else needed - k


_WORTH_CASES = [(args, _worth(*args)) for args in _WORTH_INPUTS]


def prompt_worth(function):
    """Check function(ks, prompt_curve, head_curve, k) -> labels the head needs to match
    the prompt at k, minus k."""
    for (ks, prompt_curve, head_curve, k), want in _WORTH_CASES:
        got, error = call_safely(
            function, list(ks), list(prompt_curve), list(head_curve), k
        )
        if error:
            return verdict(False, f"prompt_worth {error}")
        if want is None:
            if got is not None:
                return verdict(
                    False,
                    f"for k={k} the head never reaches the prompt's accuracy "
                    f"{prompt_curve[ks.index(k)]} (its best is {max(head_curve)}): return None, "
                    f"yours is {got!r}.",
                )
            continue
        if got is None:
            return verdict(
                False,
                f"not yet: your function returned None for k={k}, where the head does "
                "reach the prompt's accuracy. Read the prompt's accuracy at k, find "
                "where the head's curve reaches it (interpolate on a log scale of k; "
                "helpers.sweeps.labels_needed does that), and subtract k.",
            )
        if not _number(got) or not math.isclose(got, want, abs_tol=0.1):
            return verdict(
                False,
                f"for k={k} the prompt is worth {want:.1f} labels, yours is {got!r}."
                f"{_worth_hint(got, ks, prompt_curve, head_curve, k, want)}",
            )
    return verdict(
        True,
        "prompt_worth is right: the horizontal gap between the two curves, in labels",
    )


def _worth_hint(got, ks, prompt_curve, head_curve, k, want):
    if not _number(got):
        return " Return a number (or None)."
    if math.isclose(got, want + k, abs_tol=0.1):
        return (
            " That is the labels the head needs; the prompt is worth that minus the "
            f"{k} it used."
        )
    target = prompt_curve[ks.index(k)]
    for k0, s0, k1, s1 in zip(ks, head_curve, ks[1:], head_curve[1:]):
        if s0 < target <= s1:
            linear = k0 + (target - s0) / (s1 - s0) * (k1 - k0)
            if math.isclose(got, linear - k, abs_tol=0.1) or math.isclose(
                got, linear, abs_tol=0.1
            ):
                return (
                    " Interpolate on a log scale of k, as the curves are drawn: the ks "
                    "double at each step."
                )
    swapped = _needed(ks, prompt_curve, head_curve[ks.index(k)])
    if swapped is not None and (
        math.isclose(got, swapped - k, abs_tol=0.1)
        or math.isclose(got, swapped, abs_tol=0.1)
    ):
        return (
            " The curves are swapped: find where the HEAD's curve reaches the PROMPT's "
            "accuracy at k."
        )
    return ""


# (tuning FLOPs, FLOPs per query with the prompt, FLOPs per query tuned) -> queries
_BREAK_EVEN_INPUTS = [
    (2e11, 2.4e9, 2.2e8),  # an 8-shot prompt against a prompt-tuned model
    (6e11, 2e9, 1e9),  # 600 queries
    (1e12, 1e9, 2e9),  # the tuned model reads more per query: tuning never pays
    (1e12, 1e9, 1e9),  # each query costs the same: never either
]


def _break_even(tuning_flops, prompt_flops, tuned_flops):
    """The reference: tuning's cost over what each query saves; None when nothing is saved.

    Example: _break_even(6e11, 2e9, 1e9) -> 600.0
    """
    saved = prompt_flops - tuned_flops
    return tuning_flops / saved if saved > 0 else None


_BREAK_EVEN_CASES = [(args, _break_even(*args)) for args in _BREAK_EVEN_INPUTS]


def break_even(function):
    """Check function(tuning_flops, prompt_flops, tuned_flops) -> the queries after which
    tuning has cost less than prompting, or None."""
    for (tuning, prompt, tuned), want in _BREAK_EVEN_CASES:
        got, error = call_safely(function, tuning, prompt, tuned)
        if error:
            return verdict(False, f"break_even {error}")
        if want is None:
            if got is not None:
                return verdict(
                    False,
                    f"when a tuned query costs {tuned:.2g} FLOPs and a prompted one "
                    f"{prompt:.2g}, tuning saves nothing per query and never pays for "
                    f"itself: return None, yours is {got!r}.",
                )
            continue
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Each query saves prompt_flops - "
                "tuned_flops; tuning has paid for itself after tuning_flops / that many "
                "queries.",
            )
        if not _number(got) or not math.isclose(got, want, rel_tol=1e-6):
            return verdict(
                False,
                f"tuning for {tuning:.2g} FLOPs, queries of {prompt:.2g} FLOPs prompted "
                f"and {tuned:.2g} tuned: it pays after {want:,.1f} queries, yours is "
                f"{got!r}.{_break_even_hint(got, tuning, prompt, tuned)}",
            )
    return verdict(
        True,
        "break_even is right: tuning is paid once, the prompt's extra tokens every time",
    )


def _break_even_hint(got, tuning, prompt, tuned):
    if not _number(got):
        return " Return a number (or None)."
    if math.isclose(got, tuning / prompt, rel_tol=1e-6):
        return (
            " Divide by what each query SAVES (prompt_flops - tuned_flops), not by "
            "what a prompted query costs."
        )
    if math.isclose(got, tuning / (tuned - prompt), rel_tol=1e-6):
        return " The saving is prompt_flops - tuned_flops: the sign is swapped."
    if math.isclose(got, (prompt - tuned) / tuning, rel_tol=1e-6):
        return " That is upside down: tuning_flops / (prompt_flops - tuned_flops)."
    return ""
