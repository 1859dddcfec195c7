"""Solutions to lesson 06b's exercises."""

import math


def fit_exponent(x, y):
    lx = [math.log(v) for v in x]  # a power law is a line in log space
    ly = [math.log(v) for v in y]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum(
        (a - mx) ** 2 for a in lx
    )


def compute_multiplier(exponent, loss_ratio):
    return loss_ratio ** (1 / exponent)  # from L2 / L1 = (C2 / C1) ** exponent


def compute_frontier(points):
    frontier, best = [], math.inf
    for p in sorted(points, key=lambda p: (p["flops"], p["val_loss"])):
        if p["val_loss"] < best:  # beats every cheaper point
            frontier.append(p)
            best = p["val_loss"]
    return frontier
