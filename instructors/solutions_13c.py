"""Solutions to lesson 13c's exercises."""

import math


def pass_at_k(n, c, k):
    if n - c < k:  # fewer than k fail: any k drawn hold a passing one
        return 1.0
    return 1 - math.comb(n - c, k) / math.comb(n, k)


def body_of(generated):
    body = []
    for line in generated.split("\0")[0].split("\n"):
        if line and not line[0].isspace():  # at the left margin: the body is over
            break
        body.append(line)
    return "\n".join(body).rstrip() + "\n"
