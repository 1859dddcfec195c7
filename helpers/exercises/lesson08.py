"""Checks for lesson 08 (prompting): a few-shot prompt, calibration by division."""

import torch

from helpers.exercises import call_safely, verdict
from helpers.prompting import Template

_REVIEW = Template("Review: {review} Sentiment:", (" negative", " positive"))
_CLOZE = Template("{review} Overall, it was", (" terrible", " great"))
_QA = Template("Q: {review}\nA:", (" No", " Yes"), demo_separator="\n\n")
# (template, demos as (label, text), review) -> the prompt
_PROMPT_CASES = [
    ((_REVIEW, [], "Nice."), "Review: Nice. Sentiment:"),
    (
        (_REVIEW, [("positive", "Lovely soup.")], "Cold tea."),
        "Review: Lovely soup. Sentiment: positive\nReview: Cold tea. Sentiment:",
    ),
    (
        (_CLOZE, [("negative", "Dull."), ("positive", "Fun.")], "Odd."),
        "Dull. Overall, it was terrible\nFun. Overall, it was great\nOdd. Overall, it was",
    ),
    (
        (_QA, [("positive", "A"), ("negative", "B"), ("positive", "C")], "D"),
        "Q: A\nA: Yes\n\nQ: B\nA: No\n\nQ: C\nA: Yes\n\nQ: D\nA:",
    ),
]
# (answer probabilities (B, 2), content-free bias (2,)): the answer is computed by _divided below
_CALIBRATION_INPUTS = [
    ([[0.1, 0.9], [0.6, 0.4], [0.3, 0.7]], [0.6, 0.4]),
    (
        [[0.25, 0.75], [0.8, 0.2]],
        [0.25, 0.75],
    ),  # the first row looks just like the content-free input
    ([[0.5, 0.5]], [0.25, 0.75]),
]


def few_shot_prompt(function):
    """Check function(template, demos, review) -> solved examples, then the question,
    joined by the separator."""
    for (template, demos, review), want in _PROMPT_CASES:
        got, error = call_safely(function, template, list(demos), review)
        if error:
            return verdict(False, f"few_shot_prompt {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Each solved example is "
                "template.prompt(text) followed by its label's answer word; the question, "
                "template.prompt(review), comes last; join them with template.demo_separator.",
            )
        if got != want:
            return verdict(
                False,
                f"with {len(demos)} solved example(s) the prompt should be {want!r}, "
                f"yours is {got!r}.{_prompt_hint(got, template, demos, review)}",
            )
    return verdict(
        True,
        "few_shot_prompt is right: solved examples first, the question last, "
        "each example ending with its answer word",
    )


def _prompt_hint(got, template, demos, review):
    if not isinstance(got, str):
        return " Return one string."
    words = dict(zip(("negative", "positive"), template.words))
    swapped = dict(zip(("negative", "positive"), template.words[::-1]))
    parts = [template.prompt(text) + words[label] for label, text in demos]
    question = template.prompt(review)
    if got == template.demo_separator.join(
        [template.prompt(text) for _, text in demos] + [question]
    ):
        return (
            " The solved examples have lost their answers: add the label's answer word "
            "after each one."
        )
    swapped_parts = [template.prompt(text) + swapped[label] for label, text in demos]
    if got == template.demo_separator.join(swapped_parts + [question]):
        return (
            " The answer words are swapped: template.words is in (negative, positive) order, "
            "so the word for a label is template.words[LABELS.index(label)]."
        )
    if got == template.demo_separator.join([question] + parts):
        return (
            " The question must come last, after the solved examples: the model "
            "answers what it reads last."
        )
    if demos and got.replace(template.demo_separator, "") == "".join(
        parts + [question]
    ):
        return f" Join the pieces with template.demo_separator ({template.demo_separator!r} here)."
    return ""


def _divided(probs, bias):
    """The reference: divide by the bias, renormalise, keep P(positive).

    Example: _divided([[0.5, 0.5]], [0.25, 0.75]) -> [0.25]
    """
    rows = [[p / b for p, b in zip(row, bias)] for row in probs]
    return [row[1] / sum(row) for row in rows]


_CALIBRATION_CASES = [
    ((probs, bias), _divided(probs, bias)) for probs, bias in _CALIBRATION_INPUTS
]


def calibrate(function):
    """Check function(probs, bias) -> P(positive) after dividing by the content-free
    bias and renormalising."""
    for (probs, bias), want in _CALIBRATION_CASES:
        probs_t, bias_t = (
            torch.tensor(probs, dtype=torch.float64),
            torch.tensor(bias, dtype=torch.float64),
        )
        got, error = call_safely(function, probs_t.clone(), bias_t.clone())
        if error:
            return verdict(False, f"calibrate {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Divide each row of probs by the bias, "
                "make each row sum to 1 again, and return the positive column.",
            )
        try:
            got_t = torch.as_tensor(got, dtype=torch.float64).reshape(-1)
        except (TypeError, ValueError, RuntimeError):
            return verdict(
                False,
                f"return one P(positive) per row (a tensor of shape ({len(probs)},)); got {got!r}",
            )
        want_t = torch.tensor(want, dtype=torch.float64)
        if got_t.shape != want_t.shape or not torch.allclose(got_t, want_t, atol=1e-6):
            return verdict(
                False,
                f"for probs {probs} and bias {bias}, P(positive) should be "
                f"{[round(w, 4) for w in want]}, yours is {got_t.tolist()}."
                f"{_calibration_hint(got_t, probs_t, bias_t)}",
            )
    return verdict(
        True,
        "calibrate is right: an input that looks just like the content-free one now gets 50/50",
    )


def _calibration_hint(got, probs, bias):
    candidates = {
        "unchanged": probs[:, 1],
        "multiplied": (probs * bias / (probs * bias).sum(-1, keepdim=True))[:, 1],
        "not renormalised": (probs / bias)[:, 1],
        "negative column": (probs / bias / (probs / bias).sum(-1, keepdim=True))[:, 0],
    }
    hints = {
        "unchanged": " Nothing changed: the bias was not used.",
        "multiplied": (
            " Divide by the bias, do not multiply: the aim is to take the prompt's "
            "lean out."
        ),
        "not renormalised": " After dividing, renormalise: each row must sum to 1 again.",
        "negative column": (
            " That is P(negative): return the second column (LABELS order is negative, "
            "positive)."
        ),
    }
    for name, value in candidates.items():
        if got.shape == value.shape and torch.allclose(got, value, atol=1e-6):
            return hints[name]
    return ""
