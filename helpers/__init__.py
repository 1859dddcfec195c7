"""The shared package of the series: every notebook imports what it needs from here.

One module per idea, in the order the lessons introduce them (see README.md).
`from helpers import setup` is the first line of every lesson; importing the package
itself loads nothing heavy, so command lines such as `python -m helpers.ngram` start fast.
"""

__all__ = ["setup"]


def __getattr__(name):
    if name == "setup":
        from helpers.environment import setup

        return setup
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
