"""Solutions to lesson 08b's exercises."""

from helpers.sweeps import labels_needed


def prompt_worth(ks, prompt_curve, head_curve, k):
    needed = labels_needed(ks, head_curve, prompt_curve[ks.index(k)])
    return None if needed is None else needed - k


def break_even(tuning_flops, prompt_flops, tuned_flops):
    saved = prompt_flops - tuned_flops  # FLOPs each query saves once tuned
    return tuning_flops / saved if saved > 0 else None
