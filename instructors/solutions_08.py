"""Solutions to lesson 08's exercises."""

from helpers.sweeps import labels_needed
from helpers.tuning import LABELS


def few_shot_prompt(template, demos, review):
    solved = [
        template.prompt(text) + template.words[LABELS.index(label)]
        for label, text in demos
    ]
    return template.demo_separator.join(solved + [template.prompt(review)])


def calibrate(probs, bias):
    divided = probs / bias  # (B, 2): the prompt's lean taken out
    return (divided / divided.sum(-1, keepdim=True))[:, 1]


def prompt_worth(ks, prompt_curve, head_curve, k):
    needed = labels_needed(ks, head_curve, prompt_curve[ks.index(k)])
    return None if needed is None else needed - k
