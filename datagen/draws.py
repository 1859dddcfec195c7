"""Random draws, the two ways every generator makes them: pick an item, or take a
chance.

Handles: `pick` (one item of a sequence) and `chance` (True with probability p), as
functions of a `random.Random`, and `Draws`, the base of the generator classes that hold
one. Each call makes exactly one draw from the rng, so the order of calls fixes every
byte of data/: change a call, its order or this code, and the build names the files that
would change.
Leaves out: any other source of randomness (no global `random`, no set or hash order).
"""


def pick(rng, items):
    """One item, drawn with one `rng.randrange`.

    Example: pick(random.Random(0), "abc") -> 'b'
    """
    return items[rng.randrange(len(items))]


def chance(rng, p):
    """True with probability p, one `rng.random()`.

    Example: chance(random.Random(0), 0.9) -> True
    """
    return rng.random() < p


class Draws:
    """A generator's random source: self.rng, self.pick(items) and self.chance(p)."""

    def __init__(self, rng):
        self.rng = rng

    def pick(self, items):
        return pick(self.rng, items)

    def chance(self, p):
        return chance(self.rng, p)
